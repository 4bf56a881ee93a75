#include "app/cli/analyze_command.h"

#include "app/cli/exit_codes.h"
#include "app/cli/huge_page_heap.h"
#include "app/cli/progress_bar.h"
#include "core/analysis/analysis_pipeline.h"
#include "core/capture/packet_source.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <optional>
#include <cstring>

namespace portlens::cli {

namespace {

// Is path one of the inputs (the same file by device and inode, whatever the spelling)? Opening
// the output truncates it, so "-o trace.pcap trace.pcap" would destroy the capture.
const std::string *inputNamed(const std::string &path, const std::vector<std::string> &inputs)
{
    struct stat output {};
    if (::stat(path.c_str(), &output) != 0) return nullptr; // a new file cannot be an input
    for (const std::string &input : inputs) {
        struct stat in {};
        if (::stat(input.c_str(), &in) == 0 && in.st_dev == output.st_dev && in.st_ino == output.st_ino) return &input;
    }
    return nullptr;
}

struct CaptureTally {
    std::uint64_t flagged = 0;
    std::uint64_t detectorFailures = 0; // connections a detector threw on
    std::string firstFailure;
};

void printSummary(const std::string &name, const AnalysisResult &r, double seconds, const CaptureTally &tally)
{
    const std::uint64_t flagged = tally.flagged;
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
    if (!r.malformed.empty()) {
        // Which packets, and why, so that they can be found in Wireshark (frame numbers match).
        std::string which;
        for (const MalformedPacket &m : r.malformed)
            which += (which.empty() ? "" : "; ") + std::string("packet ") + std::to_string(m.number) + ": " + m.reason;
        const std::uint64_t more = c.malformed - r.malformed.size();
        std::fprintf(stderr, "%s: %" PRIu64 " malformed packet(s), counted but not analysed: %s%s\n", name.c_str(),
                     c.malformed, which.c_str(), more > 0 ? ("; and " + std::to_string(more) + " more").c_str() : "");
    }
    if (tally.detectorFailures > 0)
        std::fprintf(stderr,
                     "%s: warning: a detector failed on %" PRIu64
                     " connection(s), which were still listed (first: %s); please report this capture\n",
                     name.c_str(), tally.detectorFailures, tally.firstFailure.c_str());
}

// --stats: the throughput of each part of a file, to see whether it holds up as the flow table
// fills (a flood) or collapses. A line per tenth of the file by bytes read (per million packets
// when the size is unknown: a pipe), then one for the rest: the connections still open are
// ended and written after the last packet.
class RunStats {
public:
    explicit RunStats(std::string name) : m_name(std::move(name)), m_start(std::chrono::steady_clock::now()), m_partStart(m_start) {}

    void update(const AnalysisProgress &p)
    {
        const bool sized = p.totalBytes > 0;
        const std::uint64_t reached = sized ? p.bytesRead * 10 / p.totalBytes : p.packets / 1'000'000;
        if (reached <= m_parts) return;
        m_parts = reached;
        std::string where = sized ? std::to_string(std::min<std::uint64_t>(reached, 10) * 10) + "% of the file"
                                  : std::to_string(p.packets) + " packets";
        print(where.c_str(), p.packets, p.activeConnections, p.evicted);
    }

    void finish(const AnalysisResult &r)
    {
        print("end (the connections still open ended and written)", r.counters.packets, 0, r.flows.evicted);
    }

private:
    void print(const char *where, std::uint64_t packets, std::size_t open, std::uint64_t evicted)
    {
        const auto now = std::chrono::steady_clock::now();
        const double total = std::chrono::duration<double>(now - m_start).count();
        const double part = std::chrono::duration<double>(now - m_partStart).count();
        const double rate = part > 0 ? static_cast<double>(packets - m_partPackets) / part : 0;
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        std::fprintf(stderr,
                     "stats: %s: %s: %" PRIu64 " packets in %.2f s; this part %" PRIu64 " packets in %.3f s, %.0f packets/s; "
                     "%zu open, %" PRIu64 " evicted; peak RSS %ld MiB\n",
                     m_name.c_str(), where, packets, total, packets - m_partPackets, part, rate, open, evicted,
                     usage.ru_maxrss / 1024);
        m_partStart = now;
        m_partPackets = packets;
    }

    std::string m_name;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_partStart;
    std::uint64_t m_partPackets = 0;
    std::uint64_t m_parts = 0;
};

} // namespace

int runAnalyze(const AnalyzeOptions &options)
{
    preferHugePages();
    std::ofstream file;
    std::ostream *out = &std::cout;
    if (!options.outputPath.empty() && options.outputPath != "-") {
        if (const std::string *input = inputNamed(options.outputPath, options.files)) {
            std::fprintf(stderr, "portlens-cli: refusing to write the output to %s: it is the input capture %s\n",
                         options.outputPath.c_str(), input->c_str());
            return OutputFailed;
        }
        errno = 0;
        file.open(options.outputPath, std::ios::binary | std::ios::trunc);
        if (!file) {
            std::fprintf(stderr, "portlens-cli: cannot write %s: %s\n", options.outputPath.c_str(),
                         errno != 0 ? std::strerror(errno) : "cannot open the file");
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
        CaptureTally tally;
        AnalysisConfig config;
        config.flows = options.flows;
        config.detect = options.detect;
        // Unless told to use one thread: the file is read on a thread of its own, and rows are
        // judged and written on a third while the analysing thread goes on with the next packets.
        config.readAhead = options.readAhead;
        config.outputThread = options.readAhead;
        AnalysisPipeline pipeline(config, [&](JudgedConnection &&row) {
            if (row.verdict.flagged()) ++tally.flagged;
            if (!row.connection.detectorFailure.empty() && tally.detectorFailures++ == 0)
                tally.firstFailure = "connection " + row.connection.uid() + ", " + row.connection.detectorFailure;
            if (!options.onlyFlagged || row.verdict.flagged()) writer->write(row.connection, row.verdict, path);
        });
        const auto started = std::chrono::steady_clock::now();
        std::optional<ProgressBar> bar;
        if (options.progress && ProgressBar::wanted()) bar.emplace(path);
        std::optional<RunStats> stats;
        if (options.stats) stats.emplace(path);
        const AnalysisResult result = pipeline.run(
            *opened.source,
            [&bar, &stats](const AnalysisProgress &p) {
                keepHeapOnHugePages(); // the heap grows with the connections held
                if (stats) stats->update(p);
                return bar ? bar->update(p) : true;
            },
            stats ? 4096 : 65536); // every row written, flagged counted
        bar.reset(); // the bar clears its line before the summary
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        // The file's rows first, then its warnings and summary, so a terminal reads top to bottom.
        writer->endCapture();
        if (stats) stats->finish(result);
        errno = 0;
        out->flush();
        if (!*out) { // a full disk: say so now, not after every other file has been read
            std::fprintf(stderr, "portlens-cli: writing %s failed after %s: %s\n",
                         options.outputPath.empty() || options.outputPath == "-" ? "standard output" : options.outputPath.c_str(),
                         path.c_str(), errno != 0 ? std::strerror(errno) : "write error");
            return OutputFailed;
        }
        for (const std::string &note : opened.source->notes())
            std::fprintf(stderr, "portlens-cli: note: %s: %s\n", path.c_str(), note.c_str());
        if (result.readError) {
            const std::uint64_t total = opened.source->totalBytes(); // 0: a pipe, of unknown size
            std::fprintf(stderr,
                         "portlens-cli: warning: %s: reading stopped at byte %" PRIu64 "%s, after packet %" PRIu64
                         " (%s); the %" PRIu64 " packets before it were analysed\n",
                         path.c_str(), result.readErrorOffset, total > 0 ? (" of " + std::to_string(total)).c_str() : "",
                         result.counters.packets, result.readError->c_str(), result.counters.packets);
            if (exitCode == Ok) exitCode = TruncatedCapture;
        }
        if (const std::string note = writer->takeNote(); !note.empty() && !options.quiet)
            std::fprintf(stderr, "%s: note: %s\n", path.c_str(), note.c_str());
        if (!options.quiet) printSummary(path, result, seconds, tally);
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
