#include "app/cli/analyze_command.h"

#include "core/analysis/async_sink.h"
#include "core/analysis/capture_analysis.h"
#include "core/capture/packet_source.h"
#include "app/cli/exit_codes.h"
#include "app/cli/huge_page_heap.h"
#include "app/cli/progress_bar.h"
#include "core/detect/detection_engine.h"
#include "core/ports/port_knowledge.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>

namespace portlens::cli {

namespace {

void printSummary(const std::string &name, const AnalysisResult &r, double seconds, std::uint64_t flagged)
{
    const PacketCounters &c = r.counters;
    std::string notIp;
    auto mention = [&notIp](std::uint64_t n, const char *what) {
        if (n == 0) return;
        notIp += (notIp.empty() ? " (" : ", ") + std::to_string(n) + " " + what;
    };
    mention(c.icmp, "ICMP");
    mention(c.fragments, "non-first fragments");
    mention(c.otherIp, "other IP");
    mention(c.nonIp, "non-IP");
    mention(c.malformed, "malformed");
    if (!notIp.empty()) notIp += ")";
    std::fprintf(stderr,
                 "%s: %" PRIu64 " packets%s, %s, %" PRIu64 " connections (%" PRIu64 " TCP, %" PRIu64
                 " UDP), %" PRIu64 " flagged, in %.2f s; %" PRIu64 " evicted by the flow cap, %" PRIu64 " ended idle\n",
                 name.c_str(), c.packets, notIp.c_str(), formatByteCount(c.wireBytes).c_str(), r.flows.connections,
                 r.flows.tcpConnections, r.flows.udpConnections, flagged, seconds, r.flows.evicted, r.flows.endedIdle);
}

} // namespace

int runAnalyze(const AnalyzeOptions &options)
{
    preferHugePages();
    std::ofstream file;
    std::ostream *out = &std::cout;
    if (!options.outputPath.empty() && options.outputPath != "-") {
        file.open(options.outputPath, std::ios::binary | std::ios::trunc);
        if (!file) {
            std::fprintf(stderr, "portlens-cli: cannot write %s\n", options.outputPath.c_str());
            return OutputFailed;
        }
        out = &file;
    }
    // Connections stream out as they finish; a large buffer keeps writing cheap.
    static char buffer[1 << 16];
    out->rdbuf()->pubsetbuf(buffer, sizeof buffer);

    auto writer = makeConnectionWriter(options.format, *out);
    writer->begin();
    int exitCode = Ok;
    const int count = static_cast<int>(options.files.size());
    for (int i = 0; i < count; ++i) {
        const std::string &path = options.files[static_cast<std::size_t>(i)];
        auto opened = PacketSource::openFile(path);
        if (!opened.source) {
            std::fprintf(stderr, "portlens-cli: %s\n", opened.message.c_str());
            if (exitCode == Ok) exitCode = exitCodeFor(opened.error);
            continue;
        }
        writer->beginCapture(path, i, count);
        // The file starts being read now, while the port data and the detectors load (the first
        // time, about 7 ms: as long as reading a few MB of capture).
        std::optional<PacketReadAhead> readAhead;
        if (options.readAhead && CaptureAnalysis::worthReadingAhead(*opened.source)) readAhead.emplace(*opened.source);
        const PortKnowledge &ports = PortKnowledge::builtin();
        DetectionEngine detection(DetectorRegistry::builtin(), &ports);
        std::uint64_t flagged = 0;
        auto output = [&](Connection &&c) {
            if (options.detect) detection.conclude(c); // unless the analysing thread already did
            const Verdict verdict = judge(c, ports);
            if (verdict.flagged()) ++flagged;
            if (!options.onlyFlagged || verdict.flagged()) writer->write(c, verdict, path);
        };
        // Judging and writing rows run on a thread of their own (unless told to use one thread):
        // the analysing thread goes on with the next packets meanwhile.
        std::optional<AsyncSink> outputThread;
        if (options.readAhead) {
            outputThread.emplace(output);
            detection.setConcludeLater(true); // the output thread has time to spare for it
        }
        CaptureAnalysis analysis(
            options.flows,
            [&](Connection &&c) {
                if (outputThread) outputThread->push(std::move(c));
                else output(std::move(c));
            },
            options.detect ? &detection : nullptr);
        if (!options.readAhead) analysis.setReadAhead(false);
        const auto started = std::chrono::steady_clock::now();
        std::optional<ProgressBar> bar;
        if (options.progress && ProgressBar::wanted()) bar.emplace(path);
        const CaptureAnalysis::ProgressCallback progress = [&bar](const AnalysisProgress &p) {
            keepHeapOnHugePages(); // the heap grows with the connections held
            return bar ? bar->update(p) : true;
        };
        const AnalysisResult result =
            readAhead ? analysis.run(*readAhead, progress) : analysis.run(*opened.source, progress);
        bar.reset(); // the bar clears its line before the summary
        if (outputThread) outputThread->finish(); // every row written, flagged counted
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        // The file's rows first, then its warnings and summary, so a terminal reads top to bottom.
        writer->endCapture();
        out->flush();
        if (result.readError) {
            std::fprintf(stderr,
                         "portlens-cli: warning: %s: reading stopped at byte %" PRIu64 " of %" PRIu64
                         " (%s); the %" PRIu64 " packets before it were analysed\n",
                         path.c_str(), result.readErrorOffset, opened.source->totalBytes(), result.readError->c_str(),
                         result.counters.packets);
            if (exitCode == Ok) exitCode = TruncatedCapture;
        }
        if (!options.quiet) printSummary(path, result, seconds, flagged);
    }
    writer->end();
    out->flush();
    if (!*out) {
        std::fprintf(stderr, "portlens-cli: writing the output failed\n");
        return OutputFailed;
    }
    return exitCode;
}

} // namespace portlens::cli
