#include "core/capture/packet_source.h"

#include "core/decode/decoder.h"
#include "core/util/error_text.h"

#include <pcap/pcap.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
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

// libpcap says "unknown file format" for anything it does not recognise; tell the user what
// the file looks like instead, when we can.
std::string describeUnknownFormat(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::string head(8, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (head.rfind("\x1f\x8b", 0) == 0)
        return "a gzip-compressed file: decompress it first (gunzip)";
    if (head.rfind("\xfd" "7zXZ", 0) == 0)
        return "an xz-compressed file: decompress it first (unxz)";
    if (head.rfind("#separator", 0) == 0 || head.rfind("#fields", 0) == 0)
        return "a Zeek log, not a packet capture";
    return "not a pcap or pcapng capture";
}

} // namespace

PacketSource::PacketSource(pcap *handle, std::string name, std::uint64_t totalBytes)
    : m_handle(handle)
    , m_name(std::move(name))
    , m_totalBytes(totalBytes)
    , m_linkType(pcap_datalink(handle))
{
}

PacketSource::~PacketSource()
{
    pcap_close(m_handle);
}

PacketSource::OpenResult PacketSource::openFile(const std::string &path)
{
    namespace fs = std::filesystem;
    // "-" is standard input: a pipe, read as it comes (the magic is never rewound, see below).
    if (path == "-") {
        std::FILE *in = fdopen(dup(fileno(stdin)), "rb");
        if (!in) return failure(OpenError::NotReadable, "standard input: cannot open: " + errorText(errno));
        auto result = openStream(in, "standard input");
        if (result.source) result.source->m_countOffsets = pcap_major_version(result.source->m_handle) == 2;
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
        const bool classicPcap = pcap_major_version(result.source->m_handle) == 2;
        result.source->m_stdioBuffer = std::move(buffer);
        result.source->m_totalBytes = ec ? 0 : size;
        result.source->m_live = ec || !fs::is_regular_file(status); // a FIFO, a device: read as it comes
        result.source->m_countOffsets = classicPcap;
        if (classicPcap) result.source->m_lastGoodOffset = kClassicPcapFileHeader;
    }
    else if (fs::is_regular_file(status) && result.error == OpenError::NotACapture && result.message.find("unknown file format") != std::string::npos)
        result.message = path + ": " + describeUnknownFormat(path);
    return result;
}

PacketSource::OpenResult PacketSource::openStream(std::FILE *stream, const std::string &name)
{
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap *handle = pcap_fopen_offline_with_tstamp_precision(stream, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (!handle) {
        std::fclose(stream);
        std::string why = errbuf;
        if (why.find("truncated") != std::string::npos)
            return failure(OpenError::NotACapture, name + ": the capture's file header is incomplete (" + why + ")");
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
    std::FILE *file = pcap_file(m_handle);
    if (!file)
        return 0;
    const long offset = std::ftell(file);
    return offset < 0 ? 0 : static_cast<std::uint64_t>(offset);
}

void PacketSource::accept(const pcap_pkthdr &header, const unsigned char *data, RawPacket &packet)
{
    ++m_packets;
    m_lastGoodOffset = m_countOffsets ? m_lastGoodOffset + kClassicPcapRecordHeader + header.caplen : bytesRead();
    packet.timestampNs = std::int64_t{header.ts.tv_sec} * 1'000'000'000 + header.ts.tv_usec;
    packet.wireLength = header.len;
    packet.data = Bytes(reinterpret_cast<const std::byte *>(data), header.caplen);
}

bool PacketSource::next(RawPacket &packet)
{
    if (m_error)
        return false;
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
