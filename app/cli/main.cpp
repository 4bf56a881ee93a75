// portlens-cli: PortLens on the command line, for scripts, benchmarks and headless machines.
#include "app/cli/analyze_command.h"
#include "app/cli/capture_command.h"
#include "app/cli/sockets_command.h"
#include "app/cli/exit_codes.h"
#include "app/cli/port_command.h"

#include <CLI/CLI.hpp>
#include <pcap/pcap.h>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace {

// A duration in seconds: CLI11's NonNegativeNumber lets "nan" through (nan < 0 is false).
const CLI::Validator kSeconds(
    [](std::string &text) {
        double value = 0;
        if (!CLI::detail::lexical_cast(text, value) || !std::isfinite(value) || value < 0)
            return std::string("must be a number of seconds, 0 or more (0: never)");
        return std::string();
    },
    "SECONDS>=0");

constexpr const char *kExitCodes = R"(Exit codes:
  0  success                      6  the file is empty
  1  internal error               7  not a pcap or pcapng capture
  2  wrong command-line usage     8  unsupported link type
  3  file not found               9  capture truncated or corrupt (what came before was written)
  4  file not readable           10  the output could not be written
  5  a directory, not a file
With several files, the first failure decides the code; the other files are still analysed.)";

} // namespace

int main(int argc, char **argv)
{
    using namespace portlens;
    CLI::App app{"PortLens: what is really talking on each port of a capture."};
    app.name("portlens-cli");
    app.footer(kExitCodes);
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("portlens-cli ") + PORTLENS_VERSION + " (" + pcap_lib_version() + ")");

    cli::AnalyzeOptions analyze;
    std::string format = "table";
    double tcpIdle = static_cast<double>(analyze.flows.tcpIdleNs) / 1e9;
    double udpIdle = static_cast<double>(analyze.flows.udpIdleNs) / 1e9;
    bool noTimeouts = false;
    auto *analyzeCommand = app.add_subcommand("analyze", "List every connection in pcap or pcapng files");
    analyzeCommand->add_option("files", analyze.files, "Capture files (pcap, pcapng; - for standard input)")->required();
    analyzeCommand->add_option("-f,--format", format,
                               "Output format: table, tsv, jsonl or zeek (a Zeek conn.log). The table holds at most 50,000 rows "
                               "(memory stays bounded): columns are sized from the first 50,000 and rows sorted by start within "
                               "50,000; the others write each row as its connection ends")
        ->check(CLI::IsMember({"table", "tsv", "jsonl", "json", "zeek"}))
        ->capture_default_str();
    analyzeCommand->add_option("-o,--output", analyze.outputPath, "Write to this file instead of standard output");
    analyzeCommand->add_option("--payload-bytes", analyze.flows.payloadBytesPerDirection,
                               "Payload bytes kept per direction of each connection")
        ->check(CLI::Range(std::size_t{0}, std::size_t{16} << 20))
        ->capture_default_str();
    analyzeCommand->add_option("--max-flows", analyze.flows.maxFlows,
                               "Open connections held at once; beyond it the least recently active is evicted "
                               "(and still reported). Bounds memory: about 600 bytes per open connection without payload, "
                               "plus the payload kept (see README, Limits)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}))
        ->capture_default_str();
    analyzeCommand->add_option("--tcp-idle", tcpIdle, "Seconds without packets before a TCP connection ends")
        ->check(kSeconds)
        ->capture_default_str();
    analyzeCommand->add_option("--udp-idle", udpIdle, "Seconds without packets before a UDP conversation ends")
        ->check(kSeconds)
        ->capture_default_str();
    analyzeCommand->add_flag("--no-timeouts", noTimeouts,
                             "Never end connections for being idle (as Wireshark's conversation statistics)");
    analyzeCommand->add_flag("-q,--quiet", analyze.quiet, "No summary on standard error");
    bool noDetect = false;
    analyzeCommand->add_flag("--no-detect", noDetect,
                             "Skip protocol detection: connections only (verdicts then say what the port carries)");
    analyzeCommand->add_flag("--only-flagged", analyze.onlyFlagged,
                             "List only mismatches, unexpected content and warnings");
    bool noProgress = false;
    analyzeCommand->add_flag("--no-progress", noProgress, "No progress bar, even on a terminal");
    analyzeCommand->add_flag("--stats", analyze.stats,
                             "After every tenth of each file (every million packets from a pipe), a line on standard error: "
                             "packets/s in that part, open connections, evictions and peak memory");
    bool singleThread = false;
    analyzeCommand->add_flag("--single-thread", singleThread,
                             "Read, analyse and write on one thread (by default the file is read ahead and rows are written on threads of their own)");

    cli::PortOptions port;
    std::string portFormat = "table";
    auto *portCommand = app.add_subcommand("port", "What is this TCP or UDP port? Search the port reference");
    portCommand->add_option("query", port.query,
                            "A port (22), port and transport (5353/udp), range (5350-5360), service name (ssh) "
                            "or keywords (multicast, mail, encrypted)")
        ->required();
    portCommand->add_option("-f,--format", portFormat, "Output format: table or json")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    portCommand->add_option("--limit", port.limit, "Most matches to list (0: all)")->capture_default_str();
    cli::SocketsCommand sockets;
    sockets.add(app);
    cli::CaptureCommand capture;
    capture.add(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        std::fprintf(stderr, "portlens-cli: %s\nRun 'portlens-cli --help' for usage.\n", e.what());
        return cli::Usage;
    }

    if (sockets.parsed()) return sockets.run();
    if (capture.parsed()) return capture.run();
    if (analyzeCommand->parsed()) {
        analyze.format = parseOutputFormat(format).value_or(OutputFormat::Table);
        analyze.progress = !noProgress;
        analyze.detect = !noDetect;
        analyze.readAhead = !singleThread;
        if (noTimeouts) {
            analyze.flows.tcpIdleNs = analyze.flows.tcpClosedIdleNs = analyze.flows.udpIdleNs = 0;
        } else {
            analyze.flows.tcpIdleNs = static_cast<std::int64_t>(tcpIdle * 1e9);
            analyze.flows.udpIdleNs = static_cast<std::int64_t>(udpIdle * 1e9);
        }
        try {
            return cli::runAnalyze(analyze);
        } catch (const std::exception &e) {
            std::fprintf(stderr, "portlens-cli: internal error: %s\n", e.what());
            return cli::InternalError;
        }
    }
    if (portCommand->parsed()) {
        port.json = portFormat == "json";
        return cli::runPort(port);
    }
    return cli::Usage;
}
