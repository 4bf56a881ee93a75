// Writes small pcap files for tests with libpcap's own dumper (so the files are what real tools
// write), and helpers to damage them. ClassicPcap and Pcapng write the bytes by hand instead, so
// that every field can lie (caplen past the snap length, a block length that is not one, a
// packet on an interface never described), and note where each record starts.
#pragma once

#include "packet_builder.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <pcap/pcap.h>

#include <optional>
#include <utility>
#include <vector>

namespace portlens::test {

struct TimedFrame {
    std::int64_t ns;
    Frame frame;
};

inline bool writePcap(const QString &path, int linkType, const std::vector<TimedFrame> &frames)
{
    pcap_t *dead = pcap_open_dead_with_tstamp_precision(linkType, 65535, PCAP_TSTAMP_PRECISION_NANO);
    pcap_dumper_t *dumper = pcap_dump_open(dead, path.toLocal8Bit().constData());
    if (!dumper) {
        pcap_close(dead);
        return false;
    }
    for (const auto &[ns, frame] : frames) {
        pcap_pkthdr header{};
        header.ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
        header.ts.tv_usec = static_cast<suseconds_t>(ns % 1'000'000'000); // nanoseconds in this precision
        header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
        pcap_dump(reinterpret_cast<u_char *>(dumper), &header, reinterpret_cast<const u_char *>(frame.data()));
    }
    pcap_dump_close(dumper);
    pcap_close(dead);
    return true;
}

inline std::vector<TimedFrame> threeUdpExchanges()
{
    std::vector<TimedFrame> frames;
    for (int i = 0; i < 3; ++i) {
        const auto port = static_cast<std::uint16_t>(40000 + i);
        frames.push_back({1'700'000'000'000'000'000 + i * 1'000'123, ethUdp4("192.0.2.1", "192.0.2.53", {.sport = port, .dport = 53, .payload = "query"})});
        frames.push_back({1'700'000'000'000'000'000 + i * 1'000'123 + 500, ethUdp4("192.0.2.53", "192.0.2.1", {.sport = 53, .dport = port, .payload = "answer"})});
    }
    return frames;
}

inline qint64 fileSize(const QString &path) { return QFile(path).size(); }

inline bool truncateFile(const QString &path, qint64 size) { return QFile::resize(path, size); }

inline bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// A classic pcap file (little-endian, nanosecond magic) built record by record.
class ClassicPcap {
public:
    explicit ClassicPcap(std::uint32_t linkType = DLT_EN10MB, std::uint32_t snapLength = 262144)
    {
        u32(0xa1b23c4d); u16(2); u16(4); u32(0); u32(0); u32(snapLength); u32(linkType);
    }
    // caplen and len default to the frame's size; data is written as given either way.
    ClassicPcap &record(std::int64_t ns, const Frame &frame, std::optional<std::uint32_t> caplen = {},
                        std::optional<std::uint32_t> len = {})
    {
        m_starts.push_back(m_bytes.size());
        u32(static_cast<std::uint32_t>(ns / 1'000'000'000)); u32(static_cast<std::uint32_t>(ns % 1'000'000'000));
        u32(caplen.value_or(static_cast<std::uint32_t>(frame.size())));
        u32(len.value_or(static_cast<std::uint32_t>(frame.size())));
        m_bytes.append(reinterpret_cast<const char *>(frame.data()), static_cast<qsizetype>(frame.size()));
        return *this;
    }
    [[nodiscard]] const QByteArray &bytes() const { return m_bytes; }
    // Where record i (0 for the first) starts.
    [[nodiscard]] qsizetype start(std::size_t i) const { return m_starts.at(i); }
    [[nodiscard]] std::size_t records() const { return m_starts.size(); }

private:
    void u16(unsigned v) { m_bytes.append(static_cast<char>(v & 0xff)).append(static_cast<char>((v >> 8) & 0xff)); }
    void u32(std::uint32_t v) { u16(v & 0xffff); u16(v >> 16); }
    QByteArray m_bytes;
    std::vector<qsizetype> m_starts;
};

// A pcapng file built block by block; each section in the byte order asked for. Interfaces get
// nanosecond time stamps (if_tsresol 9) unless told otherwise.
class Pcapng {
public:
    Pcapng &section(bool bigEndian = false)
    {
        m_big = bigEndian;
        QByteArray body;
        put32(body, 0x1A2B3C4D); put16(body, 1); put16(body, 0); put32(body, 0xffffffff); put32(body, 0xffffffff);
        return block(0x0A0D0D0A, body);
    }
    Pcapng &interface(std::uint16_t linkType, std::uint32_t snapLength = 0, int tsResolution = 9)
    {
        QByteArray body;
        put16(body, linkType); put16(body, 0); put32(body, snapLength);
        if (tsResolution >= 0) { put16(body, 9); put16(body, 1); body.append(static_cast<char>(tsResolution)); body.append(3, '\0'); }
        put16(body, 0); put16(body, 0);
        return block(1, body);
    }
    // An Enhanced Packet Block; time in the interface's units (nanoseconds by default).
    Pcapng &packet(std::uint32_t interfaceId, std::int64_t time, const Frame &frame,
                   std::optional<std::uint32_t> caplen = {})
    {
        QByteArray body;
        const auto units = static_cast<std::uint64_t>(time);
        put32(body, interfaceId); put32(body, static_cast<std::uint32_t>(units >> 32)); put32(body, static_cast<std::uint32_t>(units));
        put32(body, caplen.value_or(static_cast<std::uint32_t>(frame.size()))); put32(body, static_cast<std::uint32_t>(frame.size()));
        body.append(reinterpret_cast<const char *>(frame.data()), static_cast<qsizetype>(frame.size()));
        m_packetStarts.push_back(m_bytes.size());
        return block(6, body);
    }
    // Any block: body padded to 4 bytes, lengths around it (totalLength: a lie in the leading one).
    Pcapng &block(std::uint32_t type, QByteArray body, std::optional<std::uint32_t> totalLength = {})
    {
        body.append((4 - body.size() % 4) % 4, '\0');
        m_blockStarts.push_back(m_bytes.size());
        const auto total = static_cast<std::uint32_t>(body.size() + 12);
        put32(m_bytes, type); put32(m_bytes, totalLength.value_or(total));
        m_bytes.append(body);
        put32(m_bytes, total);
        return *this;
    }
    [[nodiscard]] const QByteArray &bytes() const { return m_bytes; }
    [[nodiscard]] qsizetype size() const { return m_bytes.size(); }
    // Where packet block i starts, and block i (of any kind).
    [[nodiscard]] qsizetype packetStart(std::size_t i) const { return m_packetStarts.at(i); }
    [[nodiscard]] const std::vector<qsizetype> &blockStarts() const { return m_blockStarts; }
    [[nodiscard]] std::size_t packets() const { return m_packetStarts.size(); }

private:
    void put16(QByteArray &b, unsigned v) const
    {
        const char lo = static_cast<char>(v & 0xff), hi = static_cast<char>((v >> 8) & 0xff);
        if (m_big) b.append(hi).append(lo); else b.append(lo).append(hi);
    }
    void put32(QByteArray &b, std::uint32_t v) const
    {
        if (m_big) { put16(b, v >> 16); put16(b, v & 0xffff); } else { put16(b, v & 0xffff); put16(b, v >> 16); }
    }
    bool m_big = false;
    QByteArray m_bytes;
    std::vector<qsizetype> m_blockStarts;
    std::vector<qsizetype> m_packetStarts;
};

} // namespace portlens::test
