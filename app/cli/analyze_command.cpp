#include "app/cli/analyze_command.h"

#include "app/cli/exit_codes.h"
#include "app/cli/huge_page_heap.h"
#include "app/cli/progress_bar.h"
#include "core/analysis/analysis_pipeline.h"
#include "core/capture/packet_source.h"

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
        std::uint64_t flagged = 0;
        AnalysisConfig config;
        config.flows = options.flows;
        config.detect = options.detect;
        // Unless told to use one thread: the file is read on a thread of its own, and rows are
        // judged and written on a third while the analysing thread goes on with the next packets.
        config.readAhead = options.readAhead;
        config.outputThread = options.readAhead;
        AnalysisPipeline pipeline(config, [&](JudgedConnection &&row) {
            if (row.verdict.flagged()) ++flagged;
            if (!options.onlyFlagged || row.verdict.flagged()) writer->write(row.connection, row.verdict, path);
        });
        const auto started = std::chrono::steady_clock::now();
        std::optional<ProgressBar> bar;
        if (options.progress && ProgressBar::wanted()) bar.emplace(path);
        const AnalysisResult result = pipeline.run(*opened.source, [&bar](const AnalysisProgress &p) {
            keepHeapOnHugePages(); // the heap grows with the connections held
            return bar ? bar->update(p) : true;
        }); // every row written, flagged counted
        bar.reset(); // the bar clears its line before the summary
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
