// PcapngWriter: the few pcapng blocks a live capture needs (section header, one interface with
// nanosecond timestamps and its filter, enhanced packets, interface statistics at the end).
// libpcap writes only classic pcap; pcapng keeps the interface name, filter and drop counts.
// Writes to several stdio streams at once (the pipe to the analysis and the capture file).
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

namespace portlens {

struct PcapngInterface {
    int linkType = 1;
    std::uint32_t snapLength = 262144;
    std::string name;
    std::string filter;
    int timestampDigits = 9; // 9: nanoseconds, 6: microseconds
};

struct PcapngStatistics {
    std::int64_t timestampNs = 0;
    std::uint64_t received = 0;          // isb_ifrecv
    std::uint64_t droppedInterface = 0;  // isb_ifdrop
    std::uint64_t droppedKernel = 0;     // isb_osdrop
};

class PcapngWriter {
public:
    // Builds the header blocks; write them with writeHeader().
    PcapngWriter(const std::string &application, const PcapngInterface &interface);

    // Each function returns false when a write failed (a closed pipe, a full disk).
    bool writeHeader(std::FILE *out) const;
    bool writePacket(std::FILE *out, std::int64_t timestamp, std::uint32_t wireLength,
                     std::span<const std::uint8_t> data);
    bool writeStatistics(std::FILE *out, const PcapngStatistics &statistics);

private:
    std::vector<std::uint8_t> m_header;
    std::vector<std::uint8_t> m_block; // reused for each packet
    int m_timestampDigits;
};

} // namespace portlens
