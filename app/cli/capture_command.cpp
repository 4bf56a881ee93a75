#include "app/cli/capture_command.h"

#include "app/cli/exit_codes.h"
#include "core/analysis/analysis_pipeline.h"
#include "core/capture/helper_process.h"

#include <CLI/CLI.hpp>
#include <signal.h>

#include <algorithm>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace portlens::cli {

namespace {

volatile sig_atomic_t g_helperPid = 0;

// Ctrl+C reaches the helper too (same process group); a SIGTERM sent to us is passed on. Either
// way the helper completes its pcapng and the analysis reads to its end.
void forwardStop(int)
{
    if (g_helperPid > 0) ::kill(g_helperPid, SIGTERM);
}

std::string jsonString(const std::string &text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
            continue;
        }
        out += c;
    }
    return out + "\"";
}

// Adds a local_process column to the table, TSV and JSON Lines output of a core writer: the
// writer prints into a buffer, each finished line gets the owner of the connection it names.
// (Zeek conn.log keeps its standard fields.)
class ProcessColumn final : public ConnectionWriter {
public:
    ProcessColumn(OutputFormat format, std::ostream &out) : m_format(format), m_out(out)
    {
        m_inner = makeConnectionWriter(format, m_buffer);
    }
    void remember(std::uint64_t id, std::string owner) { m_owners[id] = std::move(owner); }

    void begin() override { m_inner->begin(); pass(); }
    void beginCapture(std::string_view name, int index, int count) override
    {
        m_inner->beginCapture(name, index, count);
        pass();
    }
    void write(const Connection &c, const Verdict &v, std::string_view capture) override
    {
        m_inner->write(c, v, capture);
        pass();
    }
    void endCapture() override { m_inner->endCapture(); pass(); }
    void end() override { m_inner->end(); pass(); }

private:
    std::string ownerText(std::uint64_t id) const
    {
        const auto it = m_owners.find(id);
        return it == m_owners.end() || it->second.empty() ? "-" : it->second;
    }

    void pass()
    {
        std::string text = m_buffer.str();
        m_buffer.str({});
        std::size_t start = 0, newline;
        std::vector<std::string> lines;
        while ((newline = text.find('\n', start)) != std::string::npos) {
            lines.push_back(text.substr(start, newline - start));
            start = newline + 1;
        }
        // The table's last column is not padded: line the new column up behind the longest row.
        std::size_t width = 0;
        if (m_format == OutputFormat::Table)
            for (const std::string &line : lines) width = std::max(width, line.size());
        for (std::string &line : lines) {
            if (line.size() < width && !line.empty() && line.rfind("==", 0) != 0) line.resize(width, ' ');
            m_out << decorate(line) << '\n';
        }
        m_buffer << text.substr(start);
        m_out.flush();
    }

    std::string decorate(const std::string &line) const
    {
        auto idAt = [&line](std::size_t from) {
            std::uint64_t id = 0;
            bool any = false;
            for (std::size_t i = from; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i, any = true)
                id = id * 10 + static_cast<std::uint64_t>(line[i] - '0');
            return any ? id : 0;
        };
        switch (m_format) {
        case OutputFormat::Tsv:
            if (line.rfind("id\t", 0) == 0) return line + "\tlocal_process";
            return line + "\t" + ownerText(idAt(0));
        case OutputFormat::JsonLines: {
            const std::string key = "{\"id\":";
            if (line.rfind(key, 0) != 0 || line.back() != '}') return line;
            return line.substr(0, line.size() - 1) + ",\"local_process\":" + jsonString(ownerText(idAt(key.size()))) +
                   "}";
        }
        case OutputFormat::Table: {
            const auto first = line.find_first_not_of(" !~");
            if (first == std::string::npos || line.rfind("==", 0) == 0) return line;
            if (line[first] == '#') return line + "  Local program";
            return line + "  " + ownerText(idAt(first));
        }
        case OutputFormat::ZeekConnLog: break;
        }
        return line;
    }

    OutputFormat m_format;
    std::ostream &m_out;
    std::ostringstream m_buffer;
    std::unique_ptr<ConnectionWriter> m_inner;
    std::unordered_map<std::uint64_t, std::string> m_owners;
};

int exitCodeFor(HelperErrorKind kind)
{
    switch (kind) {
    case HelperErrorKind::Permission: return CaptureNoPermission;
    case HelperErrorKind::NoSuchInterface:
    case HelperErrorKind::InterfaceDown: return CaptureNoInterface;
    case HelperErrorKind::InvalidFilter: return CaptureInvalidFilter;
    case HelperErrorKind::Output: return OutputFailed;
    case HelperErrorKind::Other: break;
    }
    return CaptureHelperFailed;
}

} // namespace

void CaptureCommand::add(CLI::App &app)
{
    command = app.add_subcommand("capture", "Analyse live traffic like 'analyze', through the capture helper");
    command->footer("Exit codes as for analyze, and: 11 no capture permission, 12 no such interface or it is "
                    "down, 13 invalid filter, 14 the capture helper is missing or failed.");
    command->add_option("-i,--interface", options.interface, "Interface to capture on (lo, eth0, ...)")->required();
    command->add_option("-f,--filter", options.filter, "BPF capture filter, e.g. \"tcp port 443\"");
    command->add_option("-w,--write", options.savePath, "Also save the capture (pcapng) to this file");
    auto *count = command->add_option("-c,--count", options.count, "Stop after this many packets");
    command->add_option("-a,--duration", options.durationSeconds, "Stop after this many seconds")->excludes(count);
    command->add_option("-s,--snaplen", options.snapLength, "Bytes kept of each packet")->capture_default_str();
    command->add_flag("!--promiscuous", options.promiscuous, "Only traffic to and from this machine (--no-promiscuous)");
    command->add_option("--format", format, "Output format: table, tsv, jsonl or zeek")
        ->check(CLI::IsMember({"table", "tsv", "jsonl", "json", "zeek"}))
        ->capture_default_str();
    command->add_flag("--only-flagged", options.onlyFlagged, "List only mismatches, unexpected content and warnings");
    command->add_flag("-q,--quiet", options.quiet, "No summary on standard error");
    command->add_flag("!--no-processes", options.processes, "No local_process column");
}

bool CaptureCommand::parsed() const
{
    return command && command->parsed();
}

int CaptureCommand::run()
{
    options.format = parseOutputFormat(format).value_or(OutputFormat::Table);
    return runCapture(options);
}

int runCapture(const CaptureOptions &options)
{
    const std::string helper = findCaptureHelper();
    if (helper.empty()) {
        std::fprintf(stderr, "portlens-cli: the capture helper portlens-capture was not found next to portlens-cli "
                             "(set PORTLENS_CAPTURE_HELPER to its path)\n");
        return CaptureHelperFailed;
    }
    std::vector<std::string> arguments{"-i", options.interface, "-s", std::to_string(options.snapLength)};
    if (!options.filter.empty()) arguments.insert(arguments.end(), {"-f", options.filter});
    if (!options.promiscuous) arguments.emplace_back("-p");
    if (options.count) arguments.insert(arguments.end(), {"-c", std::to_string(options.count)});
    if (options.durationSeconds > 0) arguments.insert(arguments.end(), {"-a", std::to_string(options.durationSeconds)});
    if (!options.savePath.empty()) arguments.insert(arguments.end(), {"-w", options.savePath});
    arguments.insert(arguments.end(), {"-w", "-"});

    std::mutex mutex; // guards the fields below, written by the status thread
    std::optional<HelperMessage> fault;
    CaptureStatistics stats;
    auto onStatus = [&](const HelperMessage &m) {
        const std::lock_guard lock(mutex);
        switch (m.type) {
        case HelperMessage::Type::Error:
            if (!fault) fault = m;
            break;
        case HelperMessage::Type::Stats: stats = m.stats; break;
        case HelperMessage::Type::Warning:
            std::fprintf(stderr, "portlens-cli: warning: %s\n", m.text.c_str());
            break;
        case HelperMessage::Type::Unknown:
            if (!m.text.empty()) std::fprintf(stderr, "portlens-capture: %s\n", m.text.c_str());
            break;
        default: break;
        }
    };
    std::string error;
    auto process = HelperProcess::start(helper, arguments, onStatus, error);
    if (!process) {
        std::fprintf(stderr, "portlens-cli: %s\n", error.c_str());
        return CaptureHelperFailed;
    }
    g_helperPid = process->pid();
    struct sigaction action{};
    action.sa_handler = forwardStop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    const std::string name = "live:" + options.interface;
    auto opened = PacketSource::openStream(process->takeStream(), name);
    std::uint64_t flagged = 0;
    AnalysisResult result;
    if (opened.source) {
        static char buffer[1 << 16];
        std::cout.rdbuf()->pubsetbuf(buffer, sizeof buffer);
        ProcessColumn writer(options.format, std::cout);
        writer.begin();
        writer.beginCapture(name, 0, 1);
        AnalysisConfig config;
        config.flows = options.flows;
        config.attributeProcesses = options.processes;
        AnalysisPipeline pipeline(config, [&](JudgedConnection &&row) {
            if (row.owner) writer.remember(row.connection.id, row.owner->toString());
            if (row.verdict.flagged()) ++flagged;
            if (!options.onlyFlagged || row.verdict.flagged()) writer.write(row.connection, row.verdict, name);
        });
        result = pipeline.run(*opened.source, {}, 1);
        writer.endCapture();
        writer.end();
    }
    const int helperExit = process->wait();
    g_helperPid = 0;
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);

    const std::lock_guard lock(mutex);
    if (fault) {
        std::fprintf(stderr, "portlens-cli: %s\n", fault->text.c_str());
        if (fault->errorKind == HelperErrorKind::Permission) {
            std::string howTo = helperPermissionHowTo();
            for (std::size_t at; (at = howTo.find("%1")) != std::string::npos;) howTo.replace(at, 2, helper);
            std::fprintf(stderr, "%s\n", howTo.c_str());
        }
        if (fault->errorKind != HelperErrorKind::InterfaceDown || !opened.source) return exitCodeFor(fault->errorKind);
    } else if (helperExit != HelperOk) {
        std::fprintf(stderr, "portlens-cli: the capture helper %s (exit status %d)\n",
                     helperExit > 128 ? "crashed" : "failed", helperExit);
        return CaptureHelperFailed;
    } else if (!opened.source) {
        std::fprintf(stderr, "portlens-cli: %s\n", opened.message.c_str());
        return CaptureHelperFailed;
    }
    if (!options.quiet) {
        std::fprintf(stderr,
                     "%s: %" PRIu64 " packets, %" PRIu64 " connections (%" PRIu64 " TCP, %" PRIu64 " UDP), %" PRIu64
                     " flagged; the kernel received %" PRIu64 " and dropped %" PRIu64 " (interface: %" PRIu64 ")\n",
                     name.c_str(), result.counters.packets, result.flows.connections, result.flows.tcpConnections,
                     result.flows.udpConnections, flagged, stats.received, stats.droppedKernel, stats.droppedInterface);
        if (!options.savePath.empty())
            std::fprintf(stderr, "%s: the capture was saved to %s\n", name.c_str(), options.savePath.c_str());
    }
    return fault ? exitCodeFor(fault->errorKind) : Ok;
}

} // namespace portlens::cli
