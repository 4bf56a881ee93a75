// Helpers shared by the UI tests: synthetic snapshots and the bundled sample capture.
#pragma once

#include "ui/main/connection_snapshot.h"

#include "capture_writer.h"
#include "core/analysis/analysis_pipeline.h"
#include "core/decode/ip_address.h"
#include "core/verdict/verdict.h"

#include <QString>

#include <string>

namespace portlens::ui::test {

inline QString sampleCapture()
{
    return QStringLiteral(PORTLENS_SOURCE_DIR "/resources/samples/portlens-sample.pcapng");
}

// What the core itself finds in a capture, as the CLI does: what the GUI must show.
struct CoreCounts {
    int connections = 0;
    int flagged = 0;
    int highlightedStrongly = 0; // mismatch or unexpected content
};

inline CoreCounts countWithCore(const QString &path)
{
    CoreCounts counts;
    auto opened = PacketSource::openFile(path.toStdString());
    if (!opened.source) return counts;
    AnalysisPipeline analysis({}, [&](JudgedConnection &&row) {
        const Verdict &v = row.verdict;
        ++counts.connections;
        if (v.flagged()) ++counts.flagged;
        if (v.kind == VerdictKind::Mismatch || v.kind == VerdictKind::UnexpectedContent) ++counts.highlightedStrongly;
    });
    analysis.run(*opened.source);
    return counts;
}

struct SnapshotSpec {
    std::uint64_t id = 1;
    std::uint16_t serverPort = 80;
    std::uint8_t transport = 6;
    const char *protocol = "HTTP";
    VerdictKind verdict = VerdictKind::Expected;
    bool flagged = false;
    std::uint64_t packets = 10;
    bool open = false;
    quint16 capture = 0;
};

inline ConnectionSnapshot makeSnapshot(const SnapshotSpec &spec)
{
    ConnectionSnapshot s;
    Connection &c = s.connection;
    c.id = spec.id;
    c.transport = spec.transport;
    c.client.address = *IpAddress::parse("192.0.2.10");
    c.client.port = static_cast<std::uint16_t>(40000 + spec.id % 20000);
    c.server.address = *IpAddress::parse("198.51.100.7");
    c.server.port = spec.serverPort;
    c.firstNs = static_cast<std::int64_t>(spec.id) * 1'000'000;
    c.lastNs = c.firstNs + 500'000'000;
    c.toServer.packets = spec.packets;
    c.toServer.wireBytes = spec.packets * 100;
    c.detection.protocol = spec.protocol;
    s.verdict.kind = spec.verdict;
    if (spec.flagged) s.verdict.severity = Severity::Warning;
    s.open = spec.open;
    s.capture = spec.capture;
    return s;
}

inline ConnectionBatch batchOf(std::vector<ConnectionSnapshot> rows)
{
    return std::make_shared<std::vector<ConnectionSnapshot>>(std::move(rows));
}

// A capture of n one-packet UDP flows, 1 ms apart: long enough to cancel in the middle, and
// flows end (idle after 60 s of capture time) while reading goes on, so rows stream out early.
inline bool writeManyFlows(const QString &path, int n)
{
    std::vector<portlens::test::TimedFrame> frames;
    frames.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        portlens::test::Udp udp{static_cast<std::uint16_t>(1024 + i % 60000), 9999, "x"};
        const std::string src = "10.1." + std::to_string(i / 60000) + ".1";
        frames.push_back({std::int64_t{1'700'000'000'000'000'000} + i * 1'000'000LL,
                          portlens::test::ethUdp4(src.c_str(), "10.2.0.1", udp)});
    }
    return portlens::test::writePcap(path, DLT_EN10MB, frames);
}

} // namespace portlens::ui::test
