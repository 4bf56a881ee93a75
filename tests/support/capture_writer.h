// Writes small pcap files for tests with libpcap's own dumper (so the files are what real tools
// write), and helpers to damage them.
#pragma once

#include "packet_builder.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <pcap/pcap.h>

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

} // namespace portlens::test
