#include "core/capture/packet_source.h"

#include "core/capture/pcapng_reader.h"
#include "core/decode/decoder.h"
#include "core/decode/packet_view.h"
#include "core/util/error_text.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#if defined(__GLIBC__)
#include <stdio_ext.h>
#endif
#include <system_error>

#include <unistd.h>

namespace portlens {

namespace {

constexpr std::uint64_t kClassicPcapFileHeader = 24;
// stdio buffer for capture files. Measured on a 208 MB capture (2-core VM): any size from 16 KiB
// to 1 MiB takes libpcap's bare read loop from about 120 to 85 ms; in portlens-cli, 32-64 KiB cut
// system time from 135 to 98 ms, while 128 KiB and more made it worse again (the buffer no
// longer stays in the core's cache while the other threads work).
constexpr std::size_t kFileBufferBytes = std::size_t{64} << 10;
constexpr std::uint64_t kClassicPcapRecordHeader = 16;

PacketSource::OpenResult failure(OpenError error, std::string message)
{
    PacketSource::OpenResult result;
    result.error = error;
    result.message = std::move(message);
    return result;
}

using Magic = std::array<std::byte, 4>;

// libpcap says "unknown file format" for anything it does not recognise; tell the user what
// the file looks like instead, from its first bytes, and show those bytes.
std::string describeUnknownFormat(const Magic &magic)
{
    std::string head(4, '\0');
    std::ranges::transform(magic, head.begin(), [](std::byte b) { return static_cast<char>(b); });
    if (head.rfind("\x1f\x8b", 0) == 0)
        return "a gzip-compressed file: decompress it first (gunzip)";
    if (head == "\xfd" "7zX")
        return "an xz-compressed file: decompress it first (unxz)";
    if (head == "#sep" || head == "#fie")
        return "a Zeek log, not a packet capture";
    std::string hex;
    for (std::byte b : magic) {
        static constexpr char kDigits[] = "0123456789abcdef";
        if (!hex.empty()) hex += ' ';
        hex += kDigits[std::to_integer<unsigned>(b) >> 4];
        hex += kDigits[std::to_integer<unsigned>(b) & 0xf];
    }
    return "not a pcap or pcapng capture (its first 4 bytes, " + hex + ", are neither format's magic number)";
}

// A record's time in nanoseconds (the handle reads with nanosecond precision), clamped to
// +-kMaxTimestampNs: libpcap hands over whatever seconds and fraction the file claims, which
// times 10^9 can overflow 64 bits (found by tests/fuzz/fuzz_capture_reader.cpp).
std::int64_t timestampOf(const timeval &ts)
{
    constexpr std::int64_t kNsPerSecond = 1'000'000'000;
    constexpr std::int64_t kMaxSeconds = kMaxTimestampNs / kNsPerSecond;
    const std::int64_t seconds = ts.tv_sec;
    if (seconds > kMaxSeconds) return kMaxTimestampNs;
    if (seconds < -kMaxSeconds) return -kMaxTimestampNs;
    // A classic pcap fraction is any 32-bit value, not always below 10^9.
    const std::int64_t fraction = std::clamp<std::int64_t>(ts.tv_usec, -kNsPerSecond * 1000, kNsPerSecond * 1000);
    return std::clamp(seconds * kNsPerSecond + fraction, -kMaxTimestampNs, kMaxTimestampNs);
}

#if defined(__GLIBC__)
// A stream that yields the 4 bytes already read, then the rest of another stream: how libpcap
// gets a pipe's magic back (a pipe cannot be rewound).
struct Prefixed {
    Magic head;
    std::size_t handed = 0;
    std::FILE *inner;
};

ssize_t readPrefixed(void *cookie, char *buffer, std::size_t size)
{
    auto *p = static_cast<Prefixed *>(cookie);
    std::size_t n = 0;
    while (p->handed < p->head.size() && n < size) buffer[n++] = static_cast<char>(p->head[p->handed++]);
    if (n < size) n += std::fread(buffer + n, 1, size - n, p->inner);
    return static_cast<ssize_t>(n);
}

int closePrefixed(void *cookie)
{
    auto *p = static_cast<Prefixed *>(cookie);
    const int status = std::fclose(p->inner);
    delete p;
    return status;
}

std::FILE *withPrefix(std::FILE *stream, const Magic &magic)
{
    auto *cookie = new Prefixed{magic, 0, stream};
    std::FILE *prefixed = fopencookie(cookie, "rb", cookie_io_functions_t{readPrefixed, nullptr, nullptr, closePrefixed});
    if (!prefixed) delete cookie;
    return prefixed;
}
#else
std::FILE *withPrefix(std::FILE *, const Magic &) { return nullptr; }
#endif

} // namespace

PacketSource::PacketSource(pcap *handle, std::string name, std::uint64_t totalBytes)
    : m_handle(handle)
    , m_name(std::move(name))
    , m_totalBytes(totalBytes)
    , m_linkType(handle ? pcap_datalink(handle) : 0)
    , m_snapLength(handle ? static_cast<std::uint32_t>(pcap_snapshot(handle)) : 0)
    , m_lastLinkType(m_linkType)
{
}

PacketSource::~PacketSource()
{
    m_pcapng.reset(); // closes its stream while the stdio buffer is still there
    if (m_handle) pcap_close(m_handle);
}

PacketSource::OpenResult PacketSource::openFile(const std::string &path)
{
    namespace fs = std::filesystem;
    // "-" is standard input: a pipe, read as it comes (the magic is never rewound, see below).
    if (path == "-") {
        std::FILE *in = fdopen(dup(fileno(stdin)), "rb");
        if (!in) return failure(OpenError::NotReadable, "standard input: cannot open: " + errorText(errno));
        auto result = openStream(in, "standard input");
        if (result.source) result.source->m_countOffsets = result.source->m_handle && pcap_major_version(result.source->m_handle) == 2;
        if (result.source && result.source->m_countOffsets) result.source->m_lastGoodOffset = kClassicPcapFileHeader;
        return result;
    }
    std::error_code ec;
    const auto status = fs::status(path, ec);
    // A directory without search permission makes status fail with EACCES: that is not
    // "no such file", and the user needs to hear which.
    if (ec == std::errc::permission_denied)
        return failure(OpenError::PermissionDenied, path + ": permission denied");
    if (!fs::exists(status))
        return failure(OpenError::NotFound, path + ": no such file");
    if (fs::is_directory(status))
        return failure(OpenError::IsDirectory, path + ": is a directory, not a capture file");
    const auto size = fs::is_regular_file(status) ? fs::file_size(path, ec) : 0;
    if (fs::is_regular_file(status) && size == 0)
        return failure(OpenError::Empty, path + ": the file is empty (0 bytes)");

    std::FILE *file = std::fopen(path.c_str(), "rb");
    if (!file && errno == EACCES)
        return failure(OpenError::PermissionDenied, path + ": permission denied");
    if (!file)
        return failure(OpenError::NotReadable, path + ": cannot open: " + errorText(errno));
    // libpcap reads each record with two small freads; with stdio's default buffer (one block,
    // 4 KiB) that is a read() system call every dozen packets, and those calls were about a
    // third of the time spent reading a file. See kFileBufferBytes. Set before the first read,
    // as setvbuf requires.
    auto buffer = std::make_unique<char[]>(kFileBufferBytes);
    std::setvbuf(file, buffer.get(), _IOFBF, kFileBufferBytes);
#if defined(__GLIBC__)
    // Each of those freads also takes the stream's lock once the program has a second thread
    // (glibc skips it only while there is one). A source is read by one thread at a time, so the
    // locking is left to us, as stdio_ext.h allows.
    __fsetlocking(file, FSETLOCKING_BYCALLER);
#endif
    // Classic pcap records are a 16-byte header plus the captured bytes, so the offset of each
    // record can be counted instead of asked of stdio (a call into ftell) for every packet.
    // libpcap sniffs the magic itself; asking it the version afterwards (2.x: classic pcap,
    // 1.x: pcapng) avoids reading the magic first and rewinding, which loses it on a pipe or FIFO.
    auto result = openStream(file, path);
    if (result.source) {
        const bool classicPcap = result.source->m_handle && pcap_major_version(result.source->m_handle) == 2;
        result.source->m_stdioBuffer = std::move(buffer);
        result.source->m_totalBytes = ec ? 0 : size;
        result.source->m_live = ec || !fs::is_regular_file(status); // a FIFO, a device: read as it comes
        result.source->m_countOffsets = classicPcap;
        if (classicPcap) result.source->m_lastGoodOffset = kClassicPcapFileHeader;
    }
    return result;
}

PacketSource::OpenResult PacketSource::openStream(std::FILE *stream, const std::string &name)
{
    // The magic decides the reader: pcapng is read here (PcapngReader), classic pcap by libpcap.
    Magic magic{};
    const std::size_t got = std::fread(magic.data(), 1, magic.size(), stream);
    if (got < magic.size()) {
        std::fclose(stream);
        if (got == 0) return failure(OpenError::NotACapture, name + ": no data: the capture is empty");
        return failure(OpenError::NotACapture, name + ": the capture's file header is incomplete (the file ends after " +
                                                   std::to_string(got) + " bytes)");
    }
    if (std::ranges::equal(magic, Magic{std::byte{0x0A}, std::byte{0x0D}, std::byte{0x0D}, std::byte{0x0A}})) {
        auto reader = std::make_unique<PcapngReader>(stream);
        if (!reader->open()) return failure(OpenError::NotACapture, name + ": " + reader->error());
        const int linkType = reader->firstLinkType();
        if (!Decoder::supportsLinkType(linkType))
            return failure(OpenError::UnsupportedLinkType, name + ": unsupported link type " + Decoder::linkTypeName(linkType));
        OpenResult result;
        result.source.reset(new PacketSource(nullptr, name, 0));
        result.source->m_linkType = result.source->m_lastLinkType = linkType;
        result.source->m_pcapng = std::move(reader);
        return result;
    }
    // libpcap reads the magic itself: a file is rewound, a pipe gets its bytes back through a
    // stream that hands them out first.
    if (std::fseek(stream, 0, SEEK_SET) != 0) {
        std::clearerr(stream);
        std::FILE *prefixed = withPrefix(stream, magic);
        if (!prefixed) {
            std::fclose(stream);
            return failure(OpenError::NotReadable, name + ": cannot read the stream: " + errorText(errno));
        }
        stream = prefixed;
    }
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap *handle = pcap_fopen_offline_with_tstamp_precision(stream, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (!handle) {
        std::fclose(stream);
        std::string why = errbuf;
        if (why.find("truncated") != std::string::npos)
            return failure(OpenError::NotACapture, name + ": the capture's file header is incomplete (" + why + ")");
        if (why.find("unknown file format") != std::string::npos)
            return failure(OpenError::NotACapture, name + ": " + describeUnknownFormat(magic));
        return failure(OpenError::NotACapture, name + ": " + why);
    }
    const int linkType = pcap_datalink(handle);
    if (!Decoder::supportsLinkType(linkType)) {
        pcap_close(handle);
        return failure(OpenError::UnsupportedLinkType,
                       name + ": unsupported link type " + Decoder::linkTypeName(linkType));
    }
    OpenResult result;
    result.source.reset(new PacketSource(handle, name, 0));
    result.source->m_lastGoodOffset = result.source->bytesRead();
    return result;
}

std::uint64_t PacketSource::bytesRead() const
{
    if (m_pcapng) return m_pcapng->bytesRead();
    std::FILE *file = pcap_file(m_handle);
    if (!file)
        return 0;
    const long offset = std::ftell(file);
    return offset < 0 ? 0 : static_cast<std::uint64_t>(offset);
}

void PacketSource::accept(const pcap_pkthdr &header, const unsigned char *data, RawPacket &packet)
{
    ++m_packets;
    // A record longer than the file's snap length comes cut to it: libpcap skips the rest, so
    // its captured length no longer says where the record ends. stdio's position does (not on
    // a pipe, which keeps counting).
    const bool maybeCut = header.caplen == m_snapLength;
    const std::uint64_t position = m_countOffsets && !maybeCut ? 0 : bytesRead();
    m_lastGoodOffset = m_countOffsets && (!maybeCut || position == 0)
                           ? m_lastGoodOffset + kClassicPcapRecordHeader + header.caplen
                           : position;
    packet.timestampNs = timestampOf(header.ts);
    packet.wireLength = header.len;
    packet.linkType = m_linkType;
    packet.data = Bytes(reinterpret_cast<const std::byte *>(data), header.caplen);
}

void PacketSource::noteLinkType(int linkType)
{
    m_lastLinkType = linkType;
    if (Decoder::supportsLinkType(linkType) || std::ranges::find(m_notedLinkTypes, linkType) != m_notedLinkTypes.end())
        return;
    m_notedLinkTypes.push_back(linkType);
    m_notes.push_back("an interface of link type " + Decoder::linkTypeName(linkType) + " (first seen at packet " +
                      std::to_string(m_packets) + ") is not one PortLens decodes: its packets are counted as non-IP");
}

bool PacketSource::nextPcapng(RawPacket &packet)
{
    PcapngReader::Packet read;
    if (!m_pcapng->next(read)) {
        if (m_pcapng->failed()) {
            m_error = m_pcapng->error();
            m_errorOffset = m_pcapng->errorOffset();
        }
        return false;
    }
    ++m_packets;
    if (read.linkType != m_lastLinkType) noteLinkType(read.linkType);
    packet.timestampNs = read.timestampNs;
    packet.wireLength = read.wireLength;
    packet.linkType = read.linkType;
    packet.data = read.data;
    return true;
}

bool PacketSource::next(RawPacket &packet)
{
    if (m_error)
        return false;
    if (m_pcapng) return nextPcapng(packet);
    pcap_pkthdr *header = nullptr;
    const u_char *data = nullptr;
    const int status = pcap_next_ex(m_handle, &header, &data);
    if (status == 1) {
        accept(*header, data, packet);
        return true;
    }
    if (status == PCAP_ERROR) {
        readFailed();
        return false;
    }
    return false; // PCAP_ERROR_BREAK: the end of the capture
}

void PacketSource::readFailed()
{
    // Reading stopped inside a record: where it began is where the damage starts.
    m_errorOffset = m_lastGoodOffset;
    m_error = pcap_geterr(m_handle);
}

namespace {
// What readWhile hands pcap_dispatch's callback.
struct Dispatch {
    PacketSource *source;
    PacketSource::Take take;
    void *context;
};
} // namespace

void PacketSource::dispatched(unsigned char *user, const pcap_pkthdr *header, const unsigned char *data)
{
    const auto &[source, take, context] = *reinterpret_cast<const Dispatch *>(user);
    RawPacket packet;
    source->accept(*header, data, packet);
    if (take(context, packet)) return;
    // Refused: kept for the next call (libpcap reuses its buffer only when it reads again).
    source->m_refused = packet;
    source->m_hasRefused = true;
    pcap_breakloop(source->m_handle);
}

bool PacketSource::readWhile(Take take, void *context)
{
    if (m_hasRefused) {
        if (!take(context, m_refused)) return true;
        m_hasRefused = false;
    }
    if (m_error)
        return false;
    if (m_pcapng) {
        RawPacket packet;
        while (nextPcapng(packet)) {
            if (take(context, packet)) continue;
            m_refused = packet; // its bytes stay in the reader's buffer until the next read
            m_hasRefused = true;
            return true;
        }
        return false;
    }
    Dispatch dispatch{this, take, context};
    for (;;) {
        const int status = pcap_dispatch(m_handle, -1, &PacketSource::dispatched, reinterpret_cast<unsigned char *>(&dispatch));
        if (m_hasRefused) return true;
        // libpcap ends the call after a break with the packets it handed over, and the next call
        // at once, before reading, with PCAP_ERROR_BREAK: that one is simply made again.
        if (status == PCAP_ERROR_BREAK) continue;
        if (status == PCAP_ERROR) readFailed();
        return false; // 0: the end of the capture (or the error above)
    }
}

} // namespace portlens
