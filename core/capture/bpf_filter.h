// BPF capture filters: compiled against a link type without opening any interface
// (pcap_open_dead), so the GUI can validate a filter as it is typed, without capture rights.
#pragma once

#include <optional>
#include <string>

namespace portlens {

// Link type of Ethernet, what most interfaces (and Linux's loopback) deliver.
constexpr int kLinkTypeEthernet = 1;

struct FilterCheck {
    bool valid = false;
    std::string message;      // libpcap's own words when invalid ("syntax error", "unknown host 'x'")
    int instructions = 0;     // the compiled program's length when valid
};

// An empty filter is valid (it captures everything).
FilterCheck checkCaptureFilter(const std::string &filter, int linkType = kLinkTypeEthernet, int snapLength = 262144);

} // namespace portlens
