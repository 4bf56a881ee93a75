#include "core/capture/pcapng_reader.h"

#include "core/decode/packet_view.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <array>

namespace portlens {

namespace {

namespace Block {
constexpr std::uint32_t ObsoletePacket = 2;
constexpr std::uint32_t SimplePacket = 3;
constexpr std::uint32_t InterfaceDescription = 1;
constexpr std::uint32_t EnhancedPacket = 6;
} // namespace Block

constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint16_t kOptionEnd = 0;
constexpr std::uint16_t kOptionTsResolution = 9;
constexpr std::uint16_t kOptionTsOffset = 14;
constexpr std::uint64_t kNanosPerSecond = 1'000'000'000;

std::string blockName(std::uint32_t type)
{
    switch (type) {
    case PcapngReader::kSectionHeaderType: return "section header block";
    case Block::InterfaceDescription: return "interface description block";
    case Block::EnhancedPacket: return "enhanced packet block";
    case Block::SimplePacket: return "simple packet block";
    case Block::ObsoletePacket: return "packet block";
    default: return "block of type " + std::to_string(type);
    }
}

std::string at(std::uint64_t offset) { return " at byte " + std::to_string(offset); }

std::uint32_t fromBytes(const std::array<std::byte, 4> &b, bool bigEndian)
{
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const auto byte = std::to_integer<std::uint32_t>(b[bigEndian ? i : 3 - i]);
        v = (v << 8) | byte;
    }
    return v;
}

// pcapng stores LINKTYPE_ values; libpcap hands DLT_ values, which differ for a few types
// (libpcap's linktype_to_dlt). Only those PortLens decodes matter here.
int dltFromLinkType(std::uint16_t linkType)
{
    switch (linkType) {
    case 101: return DLT_RAW; // LINKTYPE_RAW
    case 108: return DLT_LOOP; // LINKTYPE_LOOP (DLT_LOOP is 12 on OpenBSD)
    default: return linkType;
    }
}

} // namespace

PcapngReader::PcapngReader(std::FILE *file) : m_file(file) {}

PcapngReader::~PcapngReader()
{
    if (m_file) std::fclose(m_file);
}

bool PcapngReader::fail(std::string message, std::uint64_t offset)
{
    m_error = std::move(message);
    m_errorOffset = offset;
    return false;
}

std::optional<std::uint16_t> PcapngReader::u16(ByteReader &reader) const
{
    const auto bytes = reader.readFixed<2>();
    if (!bytes) return std::nullopt;
    const auto a = std::to_integer<unsigned>((*bytes)[0]);
    const auto b = std::to_integer<unsigned>((*bytes)[1]);
    return static_cast<std::uint16_t>(m_bigEndian ? (a << 8) | b : (b << 8) | a);
}

std::optional<std::uint32_t> PcapngReader::u32(ByteReader &reader) const
{
    const auto bytes = reader.readFixed<4>();
    if (!bytes) return std::nullopt;
    std::array<std::byte, 4> b{};
    std::ranges::copy(*bytes, b.begin());
    return fromBytes(b, m_bigEndian);
}

PcapngReader::Read PcapngReader::readBlock()
{
    m_blockStart = m_offset - (m_firstBlockTypeRead ? 4 : 0);
    std::array<std::byte, 4> type{};
    std::array<std::byte, 4> length{};
    std::size_t got = 0;
    if (m_firstBlockTypeRead) {
        m_firstBlockTypeRead = false;
        type = {std::byte{0x0A}, std::byte{0x0D}, std::byte{0x0D}, std::byte{0x0A}};
        got = 4 + std::fread(length.data(), 1, 4, m_file);
    } else {
        got = std::fread(type.data(), 1, 4, m_file);
        if (got == 4) got += std::fread(length.data(), 1, 4, m_file);
        if (got == 0) return Read::End;
    }
    m_offset = m_blockStart + got;
    if (got < 8) {
        fail(std::string("the file ends inside the header of the ") + (m_blockStart == 0 ? "section header block" : "block") +
                 at(m_blockStart) + " (" + std::to_string(got) +
                 " of its 8 bytes are there)",
             m_blockStart);
        return Read::Error;
    }
    std::array<std::byte, 4> byteOrder{};
    m_blockType = fromBytes(type, m_bigEndian);
    const bool sectionHeader = fromBytes(type, false) == kSectionHeaderType;
    if (sectionHeader) {
        // A section says its byte order after its length: read that first.
        const std::size_t magic = std::fread(byteOrder.data(), 1, 4, m_file);
        m_offset += magic;
        if (magic < 4) {
            fail("the file ends inside the section header block" + at(m_blockStart), m_blockStart);
            return Read::Error;
        }
        if (fromBytes(byteOrder, true) == kByteOrderMagic) m_bigEndian = true;
        else if (fromBytes(byteOrder, false) == kByteOrderMagic) m_bigEndian = false;
        else {
            fail("the section header block" + at(m_blockStart) + " has no valid byte-order magic", m_blockStart);
            return Read::Error;
        }
        m_blockType = kSectionHeaderType;
    }
    const std::uint32_t total = fromBytes(length, m_bigEndian);
    const std::uint32_t minimum = sectionHeader ? 28 : 12;
    if (total < minimum || total % 4 != 0 || total > kMaxBlockBytes) {
        fail("the " + blockName(m_blockType) + at(m_blockStart) + " gives its length as " + std::to_string(total) +
                 " bytes (a block is a multiple of 4 bytes, at least " + std::to_string(minimum) +
                 ", at most 16 MiB): the length is corrupt",
             m_blockStart);
        return Read::Error;
    }
    // The body (for a section header starting with the byte-order magic) and the trailing length.
    const std::size_t rest = total - 8 - (sectionHeader ? 4 : 0);
    const std::size_t kept = sectionHeader ? 4 : 0;
    m_block.resize(kept + rest);
    if (sectionHeader) std::ranges::copy(byteOrder, m_block.begin());
    const std::size_t body = std::fread(m_block.data() + kept, 1, rest, m_file);
    m_offset += body;
    if (body < rest) {
        fail("the file ends inside the " + blockName(m_blockType) + at(m_blockStart) + " (" +
                 std::to_string(m_offset - m_blockStart) + " of its " + std::to_string(total) + " bytes are there)",
             m_blockStart);
        return Read::Error;
    }
    std::array<std::byte, 4> trailer{};
    std::copy(m_block.end() - 4, m_block.end(), trailer.begin());
    m_block.resize(m_block.size() - 4);
    if (fromBytes(trailer, m_bigEndian) != total) {
        fail("the " + blockName(m_blockType) + at(m_blockStart) + " gives its length as " + std::to_string(total) +
                 " bytes at its start and " + std::to_string(fromBytes(trailer, m_bigEndian)) +
                 " at its end: the length is corrupt",
             m_blockStart);
        return Read::Error;
    }
    return Read::Block;
}

bool PcapngReader::sectionHeader(ByteReader body)
{
    body.skip(4); // the byte-order magic, checked by readBlock
    const auto major = u16(body);
    const auto minor = u16(body);
    if (!major || !minor) return fail("the section header block" + at(m_blockStart) + " is cut short", m_blockStart);
    if (*major != 1)
        return fail("the section header block" + at(m_blockStart) + " is of pcapng version " + std::to_string(*major) +
                        "." + std::to_string(*minor) + "; PortLens reads version 1",
                    m_blockStart);
    m_interfaces.clear(); // each section describes its own interfaces
    ++m_sections;
    return true;
}

bool PcapngReader::interfaceDescription(ByteReader body)
{
    const auto linkType = u16(body);
    const auto reserved = u16(body);
    const auto snapLength = u32(body);
    if (!linkType || !reserved || !snapLength)
        return fail("the interface description block" + at(m_blockStart) + " is cut short", m_blockStart);
    Interface interface;
    interface.linkType = dltFromLinkType(*linkType);
    interface.snapLength = *snapLength;
    // Options: a code, a length, the value padded to 4 bytes. One that overruns the block ends
    // the options: the interface is still described, only its later options are lost.
    while (body.remaining() >= 4) {
        const auto code = u16(body);
        const auto length = u16(body);
        if (!code || !length || *code == kOptionEnd) break;
        auto value = body.subReader(*length);
        if (!value || !body.skip((4u - *length % 4u) % 4u)) break;
        if (*code == kOptionTsResolution && *length >= 1) {
            // length >= 1, so the option's first byte is there.
            const auto resolution = value->readU8().value_or(6);
            const unsigned exponent = resolution & 0x7fu;
            const bool binary = (resolution & 0x80u) != 0;
            if ((binary && exponent > 63) || (!binary && exponent > 19))
                return fail("the interface description block" + at(m_blockStart) + " gives a time-stamp resolution (" +
                                (binary ? "2^-" : "10^-") + std::to_string(exponent) +
                                " s) finer than 64 bits can count",
                            m_blockStart);
            interface.binaryUnits = binary;
            interface.exponent = exponent;
            interface.unitsPerSecond = 1;
            for (unsigned i = 0; i < exponent; ++i) interface.unitsPerSecond *= binary ? 2 : 10;
        } else if (*code == kOptionTsOffset && *length == 8) {
            // length == 8, so both halves are there.
            const std::uint64_t first = u32(*value).value_or(0);
            const std::uint64_t second = u32(*value).value_or(0);
            const std::uint64_t raw = m_bigEndian ? (first << 32) | second : (second << 32) | first;
            interface.offsetSeconds = static_cast<std::int64_t>(raw);
        }
    }
    if (m_firstLinkType < 0) m_firstLinkType = interface.linkType;
    m_interfaces.push_back(interface);
    return true;
}

namespace {

// A packet's time in nanoseconds, clamped to +-kMaxTimestampNs as PacketSource clamps libpcap's:
// a hostile block claims any 64-bit count of units and any 64-bit if_tsoffset, and nothing
// downstream (durations, idle times) may overflow on them.
std::int64_t clampedTime(std::uint64_t wholeSeconds, std::int64_t offsetSeconds, std::uint64_t fractionNs)
{
    constexpr std::int64_t kMaxSeconds = kMaxTimestampNs / static_cast<std::int64_t>(kNanosPerSecond);
    const std::int64_t whole = wholeSeconds > static_cast<std::uint64_t>(kMaxSeconds) ? kMaxSeconds + 1
                                                                                      : static_cast<std::int64_t>(wholeSeconds);
    const std::int64_t offset = std::clamp<std::int64_t>(offsetSeconds, -2 * kMaxSeconds - 2, 2 * kMaxSeconds + 2);
    const std::int64_t seconds = whole + offset;
    if (seconds > kMaxSeconds) return kMaxTimestampNs;
    if (seconds < -kMaxSeconds) return -kMaxTimestampNs;
    const std::int64_t ns = seconds * static_cast<std::int64_t>(kNanosPerSecond) + static_cast<std::int64_t>(fractionNs);
    return std::clamp(ns, -kMaxTimestampNs, kMaxTimestampNs);
}

} // namespace

bool PcapngReader::packet(ByteReader body, Packet &packet)
{
    std::uint32_t interfaceId = 0;
    std::uint64_t units = 0;
    std::uint32_t captured = 0;
    std::uint32_t length = 0;
    const std::string where = blockName(m_blockType) + at(m_blockStart);
    if (m_blockType == Block::SimplePacket) {
        const auto wire = u32(body);
        if (!wire) return fail("the " + where + " is cut short", m_blockStart);
        length = *wire;
        captured = length;
        if (!m_interfaces.empty() && m_interfaces.front().snapLength != 0)
            captured = std::min(captured, m_interfaces.front().snapLength);
        captured = static_cast<std::uint32_t>(std::min<std::size_t>(captured, body.remaining()));
    } else {
        std::optional<std::uint32_t> id;
        if (m_blockType == Block::ObsoletePacket) {
            const auto id16 = u16(body);
            const auto drops = u16(body);
            if (id16 && drops) id = *id16;
        } else {
            id = u32(body);
        }
        const auto high = u32(body);
        const auto low = u32(body);
        const auto cap = u32(body);
        const auto wire = u32(body);
        if (!id || !high || !low || !cap || !wire) return fail("the " + where + " is cut short", m_blockStart);
        interfaceId = *id;
        units = (std::uint64_t{*high} << 32) | *low;
        captured = *cap;
        length = *wire;
    }
    if (interfaceId >= m_interfaces.size())
        return fail("the " + where + " names interface " + std::to_string(interfaceId) + ", but its section describes " +
                        (m_interfaces.empty() ? std::string("none") : "only " + std::to_string(m_interfaces.size())) +
                        " (an interface description block is missing)",
                    m_blockStart);
    const auto data = body.read(captured);
    if (!data)
        return fail("the " + where + " says it captured " + std::to_string(captured) + " bytes but holds only " +
                        std::to_string(body.remaining()),
                    m_blockStart);
    const Interface &interface = m_interfaces[interfaceId];
    std::uint64_t fraction = units % interface.unitsPerSecond;
    if (interface.binaryUnits) {
        // fraction < 2^exponent: scaled to nanoseconds without overflowing 64 bits.
        if (interface.exponent <= 34) fraction = (fraction * kNanosPerSecond) >> interface.exponent;
        else fraction = ((fraction >> (interface.exponent - 30)) * kNanosPerSecond) >> 30;
    } else if (interface.unitsPerSecond <= kNanosPerSecond) {
        fraction *= kNanosPerSecond / interface.unitsPerSecond;
    } else {
        fraction /= interface.unitsPerSecond / kNanosPerSecond;
    }
    packet.timestampNs = clampedTime(units / interface.unitsPerSecond, interface.offsetSeconds, fraction);
    packet.linkType = interface.linkType;
    packet.wireLength = length;
    packet.data = *data;
    return true;
}

bool PcapngReader::open()
{
    if (readBlock() != Read::Block) return false;
    if (!sectionHeader(ByteReader(m_block))) return false;
    for (;;) {
        switch (readBlock()) {
        case Read::End: return fail("the capture has no interface description block", m_offset);
        case Read::Error: return false;
        case Read::Block: break;
        }
        switch (m_blockType) {
        case kSectionHeaderType:
            if (!sectionHeader(ByteReader(m_block))) return false;
            break;
        case Block::InterfaceDescription: return interfaceDescription(ByteReader(m_block));
        case Block::EnhancedPacket:
        case Block::SimplePacket:
        case Block::ObsoletePacket:
            return fail("the " + blockName(m_blockType) + at(m_blockStart) +
                            " comes before any interface description block, so its link type is unknown",
                        m_blockStart);
        default: break; // name resolution, statistics, custom blocks...: not needed here
        }
    }
}

bool PcapngReader::next(Packet &packet)
{
    if (failed()) return false;
    for (;;) {
        switch (readBlock()) {
        case Read::End:
        case Read::Error: return false; // failed() tells the two apart
        case Read::Block: break;
        }
        switch (m_blockType) {
        case kSectionHeaderType:
            if (!sectionHeader(ByteReader(m_block))) return false;
            break;
        case Block::InterfaceDescription:
            if (!interfaceDescription(ByteReader(m_block))) return false;
            break;
        case Block::EnhancedPacket:
        case Block::SimplePacket:
        case Block::ObsoletePacket: return this->packet(ByteReader(m_block), packet);
        default: break;
        }
    }
}

} // namespace portlens
