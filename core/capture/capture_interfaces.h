// The interfaces libpcap offers for capture (pcap_findalldevs), for the GUI's interface chooser.
// Listing needs no capture rights; opening one does (that is the helper's job).
#pragma once

#include <string>
#include <vector>

namespace portlens {

struct CaptureInterface {
    std::string name;          // "lo", "eth0", "any"
    std::string description;   // libpcap's, often empty on Linux
    std::vector<std::string> addresses;
    bool up = false;
    bool running = false;
    bool loopback = false;
    bool wireless = false;
    // Link type a filter is compiled for: Linux cooked capture for "any", Ethernet otherwise.
    int linkType = 1;
};

// Interfaces in libpcap's order (the "best" first); empty with error set when listing fails.
std::vector<CaptureInterface> listCaptureInterfaces(std::string &error);

} // namespace portlens
