#include "interface_list.h"

#include "capture/helper_protocol.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <sys/socket.h>

#include <cstdio>
#include <string>

namespace portlens::capture {

namespace {

std::string addressText(const sockaddr *address)
{
    char text[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in *>(address)->sin_addr, text, sizeof text);
    else if (address->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6 *>(address)->sin6_addr, text, sizeof text);
    return text;
}

std::string flagsText(bpf_u_int32 flags)
{
    std::string text;
    auto add = [&text](const char *word) { text += text.empty() ? word : std::string(",") + word; };
    if (flags & PCAP_IF_UP) add("up");
    if (flags & PCAP_IF_RUNNING) add("running");
    if (flags & PCAP_IF_LOOPBACK) add("loopback");
    if (flags & PCAP_IF_WIRELESS) add("wireless");
    switch (flags & PCAP_IF_CONNECTION_STATUS) {
    case PCAP_IF_CONNECTION_STATUS_CONNECTED: add("connected"); break;
    case PCAP_IF_CONNECTION_STATUS_DISCONNECTED: add("disconnected"); break;
    default: break;
    }
    return text.empty() ? "-" : text;
}

} // namespace

int listInterfaces()
{
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_if_t *devices = nullptr;
    if (pcap_findalldevs(&devices, errbuf) != 0) {
        std::fputs(helperLine("error", {"other", errbuf}).c_str(), stderr);
        return HelperFailed;
    }
    for (pcap_if_t *d = devices; d; d = d->next) {
        std::string addresses;
        for (pcap_addr_t *a = d->addresses; a; a = a->next) {
            if (!a->addr) continue;
            const std::string text = addressText(a->addr);
            if (text.empty()) continue;
            addresses += (addresses.empty() ? "" : ",") + text;
        }
        std::fputs(helperLine("interface", {d->name, d->description ? d->description : "", flagsText(d->flags),
                                            addresses.empty() ? "-" : addresses})
                       .c_str(),
                   stdout);
    }
    pcap_freealldevs(devices);
    return HelperOk;
}

} // namespace portlens::capture
