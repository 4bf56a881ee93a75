// CaptureAnalysis: one pass over a packet source, packets to connections.
//
// Owns the decoder and the flow table, counts what is not a connection (ICMP, fragments,
// non-IP frames) and reports progress. Usable from the CLI and from the GUI's worker thread.
#pragma once

#include "core/capture/packet_read_ahead.h"
#include "core/capture/packet_source.h"
#include "core/flow/flow_table.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace portlens {

struct PacketCounters {
    std::uint64_t packets = 0;
    std::uint64_t wireBytes = 0;
    std::uint64_t tcp = 0;
    std::uint64_t udp = 0;
    std::uint64_t icmp = 0;
    std::uint64_t otherIp = 0;
    std::uint64_t fragments = 0; // non-first IP fragments
    std::uint64_t nonIp = 0;
    std::uint64_t malformed = 0;
    std::int64_t firstNs = 0;
    std::int64_t lastNs = 0;
};

struct AnalysisProgress {
    std::uint64_t packets = 0;
    std::uint64_t bytesRead = 0;
    std::uint64_t totalBytes = 0; // 0 when unknown (a pipe)
    std::size_t activeConnections = 0;
};

struct AnalysisResult {
    PacketCounters counters;
    FlowTableStats flows;
    std::optional<std::string> readError; // reading stopped early; everything before was analysed
    std::uint64_t readErrorOffset = 0;
    bool cancelled = false;
};

class CaptureAnalysis {
public:
    // Called about every progressEvery packets; return false to stop (what was read is kept).
    using ProgressCallback = std::function<bool(const AnalysisProgress &)>;

    CaptureAnalysis(FlowTableConfig config, FlowTable::Sink sink, FlowObserver *observer = nullptr);

    // Reads source to its end (or error, or cancellation), then ends all open connections.
    // A capture file is read on a second thread while this one analyses (PacketReadAhead);
    // streams (a live capture's pipe) are read here, packet by packet.
    AnalysisResult run(PacketSource &source, const ProgressCallback &progress = {},
                       std::uint64_t progressEvery = 65536);

    // The same over a reader already started (PacketReadAhead on the source): a caller that has
    // other work to do first (loading the port data) lets the file be read meanwhile.
    AnalysisResult run(PacketReadAhead &reader, const ProgressCallback &progress = {},
                       std::uint64_t progressEvery = 65536);
    // Does run() read this source ahead (a file, and more than one core)?
    [[nodiscard]] static bool worthReadingAhead(const PacketSource &source);

    // Reads files on this thread too: for measuring the analysis's CPU cost alone. (Only where
    // worthReadingAhead() says so is anything read ahead at all.)
    void setReadAhead(bool enabled) { m_readAhead = enabled; }

    // The connections still open, for live views (call it from the progress callback).
    [[nodiscard]] const FlowTable &flows() const { return m_flows; }

private:
    template <typename Packets>
    AnalysisResult analyse(Packets &packets, const ProgressCallback &progress, std::uint64_t progressEvery);
    AnalysisResult finish(AnalysisResult result, const PacketSource &source);

    FlowTable m_flows;
    bool m_readAhead;
};

} // namespace portlens
