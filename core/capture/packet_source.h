// PacketSource: packets from a pcap or pcapng file (or any stdio stream: a pipe, standard input).
//
// Classic pcap is read by libpcap; pcapng by PcapngReader, which gives each packet its own
// interface's link type (libpcap 1.10 refuses a pcapng whose interfaces differ). Timestamps are read with nanosecond precision. A read error (a truncated last record, a
// corrupt block) ends the stream but keeps everything read before it: the caller asks error()
// afterwards and gets the message and the byte offset where reading stopped.
//
// One thread at a time: a file's stdio stream is read without stdio's own locking (see
// openFile), so a source handed to another thread (PacketReadAhead) must be handed over, not
// shared.
#pragma once

#include "core/util/byte_reader.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct pcap;
struct pcap_pkthdr;

namespace portlens {

// Why a capture could not be opened; each maps to its own CLI exit code.
enum class OpenError {
    None,
    NotFound,         // no such file
    NotReadable,      // an I/O error
    PermissionDenied, // the file or a directory on its path may not be read (EACCES)
    IsDirectory,
    Empty,            // zero-length file
    NotACapture,      // neither pcap nor pcapng (or a header libpcap rejects)
    UnsupportedLinkType,
};

struct RawPacket {
    std::int64_t timestampNs = 0;
    std::uint32_t wireLength = 0;
    int linkType = 0;              // DLT_ value of the packet's interface (pcapng: per interface)
    Bytes data;                    // the captured bytes; valid until the source is read again
};

class PcapngReader;

class PacketSource {
public:
    struct OpenResult;

    // Opens path ("-": standard input); on failure the result holds the error kind and a one-line message.
    static OpenResult openFile(const std::string &path);
    // Wraps an already-open stdio stream (a pipe from the capture helper); takes ownership.
    static OpenResult openStream(std::FILE *stream, const std::string &name);

    ~PacketSource();
    PacketSource(const PacketSource &) = delete;
    PacketSource &operator=(const PacketSource &) = delete;

    // Reads the next packet; false at the end of the capture or on a read error (see error()).
    bool next(RawPacket &packet);
    // Reads packets and hands each to take until take refuses one (returns false) or the
    // capture ends; the refused packet is offered again, first, at the next call. The same
    // packets as next() (the two are not to be mixed), for less work per packet: libpcap's own
    // loop hands them over (pcap_dispatch) instead of a call to pcap_next_ex for each, which
    // saves about an eighth of libpcap's instructions per packet. Returns true when take refused
    // a packet, false at the end of the capture or on a read error (see error()).
    using Take = bool (*)(void *context, const RawPacket &packet);
    bool readWhile(Take take, void *context);

    // The link type of the capture (pcapng: of its first interface); each packet has its own.
    [[nodiscard]] int linkType() const { return m_linkType; }
    [[nodiscard]] const std::string &name() const { return m_name; }
    // Packets arrive as they happen (a pipe, e.g. from the live-capture helper; anything that is
    // not a regular file): there is no size to measure progress against, and each packet is
    // wanted at once rather than read ahead in batches.
    [[nodiscard]] bool isLive() const { return m_live; }
    // Bytes consumed from the file so far and its total size (0 when unknown, e.g. a pipe).
    [[nodiscard]] std::uint64_t bytesRead() const;
    [[nodiscard]] std::uint64_t totalBytes() const { return m_totalBytes; }
    [[nodiscard]] std::uint64_t packetsRead() const { return m_packets; }
    // Set when reading stopped early: what went wrong and where.
    [[nodiscard]] const std::optional<std::string> &error() const { return m_error; }
    [[nodiscard]] std::uint64_t errorOffset() const { return m_errorOffset; }
    // What was read but not decoded, one sentence each (a pcapng interface of a link type PortLens
    // does not decode: its packets count as non-IP).
    [[nodiscard]] const std::vector<std::string> &notes() const { return m_notes; }

private:
    PacketSource(pcap *handle, std::string name, std::uint64_t totalBytes);
    // A record read: counted, and where it ends noted (for the offset of a later read error).
    void accept(const pcap_pkthdr &header, const unsigned char *data, RawPacket &packet);
    static void dispatched(unsigned char *user, const pcap_pkthdr *header, const unsigned char *data);
    void readFailed(); // notes pcap's error and where the damaged record began
    bool nextPcapng(RawPacket &packet);
    void noteLinkType(int linkType);

    pcap *m_handle;                         // classic pcap, or nullptr for pcapng
    std::unique_ptr<PcapngReader> m_pcapng; // pcapng
    // The stdio buffer libpcap reads a file through (see openFile); freed after pcap_close.
    std::unique_ptr<char[]> m_stdioBuffer;
    std::string m_name;
    std::uint64_t m_totalBytes;
    bool m_live = true; // openFile clears it for a regular file of known size
    std::uint64_t m_packets = 0;
    std::uint64_t m_lastGoodOffset = 0; // where the last packet read ends in the file
    bool m_countOffsets = false;        // classic pcap: offsets are counted, not asked of stdio
    int m_linkType;
    std::uint32_t m_snapLength;         // classic pcap: the file header's (as libpcap adjusted it)
    int m_lastLinkType;                 // of the last packet: notes are checked when it changes
    std::vector<std::string> m_notes;
    std::vector<int> m_notedLinkTypes;
    std::optional<std::string> m_error;
    std::uint64_t m_errorOffset = 0;
    // A packet readWhile's taker refused, offered again at the next call.
    RawPacket m_refused;
    bool m_hasRefused = false;
};

struct PacketSource::OpenResult {
    std::unique_ptr<PacketSource> source;
    OpenError error = OpenError::None;
    std::string message;
};

} // namespace portlens
