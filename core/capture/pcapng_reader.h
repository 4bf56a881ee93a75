// PcapngReader: pcapng files block by block, with each interface's own link type.
//
// libpcap (1.10) reads pcapng only while every interface has the first one's link type and snap
// length, and calls anything else an error, although such files are valid (several capture
// interfaces merged, e.g. Ethernet and a Linux cooked "any" capture). This reader follows the
// pcapng specification (draft-ietf-opsawg-pcapng) instead: sections with either byte order, each
// with its own interface list; Enhanced, Simple and obsolete Packet Blocks; if_tsresol and
// if_tsoffset; every other block type skipped. Each block is read whole (at most kMaxBlockBytes,
// its length checked against both copies and what the file holds) and parsed through ByteReader.
//
// Errors end the stream; what was read stays valid. error() says what, errorOffset() where the
// damaged block starts.
#pragma once

#include "core/util/byte_reader.h"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace portlens {

class PcapngReader {
public:
    // A block longer than this is taken as a corrupt length (libpcap's limit too).
    static constexpr std::uint32_t kMaxBlockBytes = 16u << 20;
    // The first four bytes of every pcapng file: the Section Header Block type.
    static constexpr std::uint32_t kSectionHeaderType = 0x0A0D0D0A;

    struct Packet {
        int linkType = 0;           // the DLT_ value of the packet's interface
        std::int64_t timestampNs = 0;
        std::uint32_t wireLength = 0;
        Bytes data;                 // valid until the next call to next()
    };
    struct Interface {
        int linkType = 0;           // DLT_ value
        std::uint32_t snapLength = 0;
        std::uint64_t unitsPerSecond = 1'000'000;
        bool binaryUnits = false;   // unitsPerSecond is 2^exponent
        unsigned exponent = 6;
        std::int64_t offsetSeconds = 0;
    };

    // Reads from file (owned, closed by the destructor), whose first 4 bytes, the Section Header
    // Block's type, were already read by the caller.
    explicit PcapngReader(std::FILE *file);
    ~PcapngReader();
    PcapngReader(const PcapngReader &) = delete;
    PcapngReader &operator=(const PcapngReader &) = delete;

    // Reads the first section header and the blocks up to the first interface description, as
    // libpcap does when it opens a file: false with error() when that fails (not a capture to
    // read: a damaged header, a packet before any interface).
    bool open();
    // The next packet: true, or false at the end of the file or on an error (see error()).
    bool next(Packet &packet);

    [[nodiscard]] std::FILE *file() const { return m_file; }
    [[nodiscard]] int firstLinkType() const { return m_firstLinkType; }
    [[nodiscard]] std::uint64_t bytesRead() const { return m_offset; }
    [[nodiscard]] const std::string &error() const { return m_error; }
    [[nodiscard]] bool failed() const { return !m_error.empty(); }
    [[nodiscard]] std::uint64_t errorOffset() const { return m_errorOffset; }
    // The current section's interfaces, and how many sections were read so far.
    [[nodiscard]] const std::vector<Interface> &interfaces() const { return m_interfaces; }
    [[nodiscard]] unsigned sections() const { return m_sections; }

private:
    enum class Read { Block, End, Error };
    Read readBlock(); // the next block whole into m_block; m_blockType, m_blockStart set
    bool fail(std::string message, std::uint64_t offset);
    bool sectionHeader(ByteReader body);
    bool interfaceDescription(ByteReader body);
    bool packet(ByteReader body, Packet &packet);
    [[nodiscard]] std::optional<std::uint16_t> u16(ByteReader &reader) const;
    [[nodiscard]] std::optional<std::uint32_t> u32(ByteReader &reader) const;

    std::FILE *m_file;
    bool m_bigEndian = false;       // the current section's byte order
    bool m_firstBlockTypeRead = true; // the caller read the first block's type
    std::uint64_t m_offset = 4;     // bytes consumed so far
    std::uint64_t m_blockStart = 0;
    std::uint32_t m_blockType = 0;
    std::vector<std::byte> m_block; // the current block's body (between length and trailing length)
    std::vector<Interface> m_interfaces; // the current section's
    unsigned m_sections = 0;
    int m_firstLinkType = -1;
    std::string m_error;
    std::uint64_t m_errorOffset = 0;
};

} // namespace portlens
