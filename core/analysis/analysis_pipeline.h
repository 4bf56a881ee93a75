// AnalysisPipeline: a capture in, judged connections out.
//
// The one way PortLens analyses packets; portlens-cli (analyze, capture), the GUI's worker and
// training mode all use it. A capture file is read and decoded on a thread of its own
// (PacketReadAhead) while this thread tracks connections (FlowTable) and detects their
// protocols as payload arrives (DetectionEngine, a FlowObserver). Every connection that ends is
// judged against the port knowledge and handed to the sink with its Verdict, in the order the
// connections ended. With an output thread (AsyncSink) the last detection look (conclude),
// judging and the sink run on a third thread, so that writing rows does not hold up the packets.
// Everything below is created for a run and gone after it: one pipeline may read several
// captures, one after the other, each with its own connection numbering.
#pragma once

#include "core/capture/packet_source.h"
#include "core/flow/flow_table.h"
#include "core/sockets/process_lookup.h"
#include "core/verdict/verdict.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace portlens {

class PortKnowledge;

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
    std::uint64_t totalBytes = 0; // 0 when unknown (a live source)
    std::size_t activeConnections = 0;
    std::uint64_t evicted = 0;    // so far, by the flow cap
};

// A packet the decoder could not read: its number in the capture (1 for the first) and why.
struct MalformedPacket {
    std::uint64_t number = 0;
    const char *reason = nullptr; // Decoder's sentence (translation context "Decoder")
};

struct AnalysisResult {
    PacketCounters counters;
    std::vector<MalformedPacket> malformed; // the first few (counters.malformed counts them all)
    FlowTableStats flows;
    std::optional<std::string> readError; // reading stopped early; everything before was analysed
    std::uint64_t readErrorOffset = 0;
    bool cancelled = false;
};

// One connection as the pipeline hands it out, judged: ended, with its detection concluded (or,
// from forEachOpen, still open and judged as it stands).
struct JudgedConnection {
    Connection connection;
    Verdict verdict;
    std::optional<ConnectionOwner> owner; // the local program, when processes are attributed
};

struct AnalysisConfig {
    FlowTableConfig flows;          // its servicePort is filled from ports when left empty
    const PortKnowledge *ports = nullptr; // nullptr: PortKnowledge::builtin(), loaded when a run
                                          // starts, while the first packets are being read
    bool detect = true;             // run the detectors (without: every row is judged undetected)
    // Read a capture file on a second thread (where there is a second core). Live sources are
    // always read on the analysing thread: their packets are shown as they come.
    bool readAhead = true;
    // Conclude, judge and hand rows to the sink on a thread of their own (not while processes
    // are attributed: owners are taken on the analysing thread, as connections end).
    bool outputThread = false;
    // Live sources: look up each connection's local program when it starts (ProcessAttribution).
    // A file's connections happened elsewhere or earlier, so they get no owner.
    bool attributeProcesses = false;
};

class AnalysisPipeline {
public:
    // Takes each ended connection, judged; on the output thread when there is one.
    using Sink = std::function<void(JudgedConnection &&)>;
    // Called about every progressEvery packets on the analysing thread, and once more after the
    // last packet; return false to stop (what was read is kept and handed out).
    using ProgressCallback = std::function<bool(const AnalysisProgress &)>;

    AnalysisPipeline(AnalysisConfig config, Sink sink);
    ~AnalysisPipeline();
    AnalysisPipeline(const AnalysisPipeline &) = delete;
    AnalysisPipeline &operator=(const AnalysisPipeline &) = delete;

    // Reads source to its end (or error, or cancellation), then ends every open connection;
    // when it returns, the sink has had every row.
    AnalysisResult run(PacketSource &source, const ProgressCallback &progress = {},
                       std::uint64_t progressEvery = 65536);

    // During run() (from the progress callback): the connections still open, judged as they
    // stand. Only those wanted accepts are copied and judged (judging costs more than looking).
    void forEachOpen(const std::function<bool(const Connection &)> &wanted,
                     const std::function<void(JudgedConnection &&)> &visit) const;
    // During run(): how many connections are open.
    [[nodiscard]] std::size_t openCount() const;

    // Would run() read this source on a second thread?
    [[nodiscard]] bool readsAhead(const PacketSource &source) const;

private:
    class Run;
    AnalysisConfig m_config;
    Sink m_sink;
    Run *m_run = nullptr; // the run in progress, for forEachOpen
};

} // namespace portlens
