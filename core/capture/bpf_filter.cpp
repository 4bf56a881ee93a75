#include "core/capture/bpf_filter.h"

#include <pcap/pcap.h>

namespace portlens {

FilterCheck checkCaptureFilter(const std::string &filter, int linkType, int snapLength)
{
    FilterCheck check;
    pcap_t *dead = pcap_open_dead(linkType, snapLength);
    if (!dead) {
        check.message = "libpcap could not prepare link type " + std::to_string(linkType);
        return check;
    }
    bpf_program program{};
    // Netmask unknown here: only "ip broadcast" needs it, and libpcap says so when it does.
    if (pcap_compile(dead, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) == 0) {
        check.valid = true;
        check.instructions = static_cast<int>(program.bf_len);
        pcap_freecode(&program);
    } else {
        check.message = pcap_geterr(dead);
    }
    pcap_close(dead);
    return check;
}

} // namespace portlens
