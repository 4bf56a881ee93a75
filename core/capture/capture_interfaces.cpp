#include "core/capture/capture_interfaces.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <sys/socket.h>

#include <cstring>

namespace portlens {

namespace {

constexpr int kLinkTypeLinuxCooked = 113; // DLT_LINUX_SLL: what "any" delivers

std::string addressText(const sockaddr *address)
{
    char text[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET) {
        sockaddr_in v4{};
        std::memcpy(&v4, address, sizeof v4);
        inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    } else if (address->sa_family == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, address, sizeof v6);
        inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    }
    return text;
}

} // namespace

std::vector<CaptureInterface> listCaptureInterfaces(std::string &error)
{
    std::vector<CaptureInterface> list;
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_if_t *devices = nullptr;
    if (pcap_findalldevs(&devices, errbuf) != 0) {
        error = errbuf;
        return list;
    }
    for (pcap_if_t *d = devices; d; d = d->next) {
        CaptureInterface i;
        i.name = d->name;
        i.description = d->description ? d->description : "";
        i.up = (d->flags & PCAP_IF_UP) != 0;
        i.running = (d->flags & PCAP_IF_RUNNING) != 0;
        i.loopback = (d->flags & PCAP_IF_LOOPBACK) != 0;
        i.wireless = (d->flags & PCAP_IF_WIRELESS) != 0;
        i.linkType = i.name == "any" ? kLinkTypeLinuxCooked : 1;
        for (pcap_addr_t *a = d->addresses; a; a = a->next)
            if (a->addr) {
                std::string text = addressText(a->addr);
                if (!text.empty()) i.addresses.push_back(std::move(text));
            }
        list.push_back(std::move(i));
    }
    pcap_freealldevs(devices);
    return list;
}

} // namespace portlens
