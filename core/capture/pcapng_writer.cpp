#include "core/capture/pcapng_writer.h"

#include <cstring>

namespace portlens {

namespace {

// pcapng is written in the writer's byte order (readers look at the byte-order magic).
template <typename T>
void put(std::vector<std::uint8_t> &out, T value)
{
    std::uint8_t bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.insert(out.end(), bytes, bytes + sizeof(T));
}

void pad(std::vector<std::uint8_t> &out)
{
    while (out.size() % 4 != 0) out.push_back(0);
}

void putOption(std::vector<std::uint8_t> &out, std::uint16_t code, const void *data, std::size_t length)
{
    put<std::uint16_t>(out, code);
    put<std::uint16_t>(out, static_cast<std::uint16_t>(length));
    const auto *bytes = static_cast<const std::uint8_t *>(data);
    out.insert(out.end(), bytes, bytes + length);
    pad(out);
}

void putEndOfOptions(std::vector<std::uint8_t> &out)
{
    put<std::uint16_t>(out, 0);
    put<std::uint16_t>(out, 0);
}

// Starts a block: type and a length placeholder; finishBlock fills in the length at both ends.
std::size_t beginBlock(std::vector<std::uint8_t> &out, std::uint32_t type)
{
    const std::size_t start = out.size();
    put<std::uint32_t>(out, type);
    put<std::uint32_t>(out, 0);
    return start;
}

void finishBlock(std::vector<std::uint8_t> &out, std::size_t start)
{
    pad(out);
    const auto length = static_cast<std::uint32_t>(out.size() - start + 4);
    put<std::uint32_t>(out, length);
    std::memcpy(out.data() + start + 4, &length, 4);
}

bool writeAll(std::FILE *out, const std::vector<std::uint8_t> &bytes)
{
    return std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
}

void putTimestamp(std::vector<std::uint8_t> &out, std::uint64_t units)
{
    put<std::uint32_t>(out, static_cast<std::uint32_t>(units >> 32));
    put<std::uint32_t>(out, static_cast<std::uint32_t>(units & 0xffffffffU));
}

} // namespace

PcapngWriter::PcapngWriter(const std::string &application, const PcapngInterface &interface)
    : m_timestampDigits(interface.timestampDigits)
{
    // Section header block.
    std::size_t start = beginBlock(m_header, 0x0A0D0D0A);
    put<std::uint32_t>(m_header, 0x1A2B3C4D);
    put<std::uint16_t>(m_header, 1);
    put<std::uint16_t>(m_header, 0);
    put<std::int64_t>(m_header, -1); // section length unknown: we stream
    putOption(m_header, 4, application.data(), application.size()); // shb_userappl
    putEndOfOptions(m_header);
    finishBlock(m_header, start);

    // Interface description block.
    start = beginBlock(m_header, 1);
    put<std::uint16_t>(m_header, static_cast<std::uint16_t>(interface.linkType));
    put<std::uint16_t>(m_header, 0);
    put<std::uint32_t>(m_header, interface.snapLength);
    if (!interface.name.empty()) putOption(m_header, 2, interface.name.data(), interface.name.size()); // if_name
    const auto resolution = static_cast<std::uint8_t>(interface.timestampDigits);
    putOption(m_header, 9, &resolution, 1); // if_tsresol: 10^-digits seconds
    if (!interface.filter.empty()) {
        std::vector<std::uint8_t> filter{0}; // 0: a libpcap filter string
        filter.insert(filter.end(), interface.filter.begin(), interface.filter.end());
        putOption(m_header, 11, filter.data(), filter.size()); // if_filter
    }
    putEndOfOptions(m_header);
    finishBlock(m_header, start);
}

bool PcapngWriter::writeHeader(std::FILE *out) const
{
    return writeAll(out, m_header);
}

bool PcapngWriter::writePacket(std::FILE *out, std::int64_t timestamp, std::uint32_t wireLength,
                               std::span<const std::uint8_t> data)
{
    m_block.clear();
    const std::size_t start = beginBlock(m_block, 6);
    put<std::uint32_t>(m_block, 0); // interface 0
    putTimestamp(m_block, static_cast<std::uint64_t>(timestamp));
    put<std::uint32_t>(m_block, static_cast<std::uint32_t>(data.size()));
    put<std::uint32_t>(m_block, wireLength);
    m_block.insert(m_block.end(), data.begin(), data.end());
    finishBlock(m_block, start);
    return writeAll(out, m_block);
}

bool PcapngWriter::writeStatistics(std::FILE *out, const PcapngStatistics &statistics)
{
    m_block.clear();
    const std::size_t start = beginBlock(m_block, 5);
    put<std::uint32_t>(m_block, 0);
    const std::int64_t perUnit = m_timestampDigits == 9 ? 1 : 1000;
    putTimestamp(m_block, static_cast<std::uint64_t>(statistics.timestampNs / perUnit));
    putOption(m_block, 4, &statistics.received, 8);         // isb_ifrecv
    putOption(m_block, 5, &statistics.droppedInterface, 8); // isb_ifdrop
    putOption(m_block, 7, &statistics.droppedKernel, 8);    // isb_osdrop
    putEndOfOptions(m_block);
    finishBlock(m_block, start);
    return writeAll(out, m_block);
}

} // namespace portlens
