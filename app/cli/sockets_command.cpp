#include "app/cli/sockets_command.h"

#include "app/cli/exit_codes.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace portlens::cli {

namespace {

std::string hostText(const IpAddress &address, bool wildcard)
{
    if (wildcard) return "*";
    const std::string text = address.toString();
    return address.isV4() ? text : "[" + text + "]";
}

std::string reach(const LocalSocket &s)
{
    if (!s.isListening()) return "";
    if (s.isLoopbackOnly()) return "this machine only";
    if (s.isWildcard()) return "all addresses";
    return "this address";
}

void printTsv(const std::vector<LocalSocket> &sockets)
{
    std::printf("transport\tstate\tlocal_address\tlocal_port\tremote_address\tremote_port\tuid\tinode\tpid\tprocess\tuser\n");
    for (const LocalSocket &s : sockets) {
        std::string pids, names, users;
        for (const ProcessInfo &p : s.processes) {
            const char *separator = pids.empty() ? "" : ",";
            pids += separator + std::to_string(p.pid);
            names += separator + p.name;
            users += separator + p.user;
        }
        if (s.processes.empty()) pids = names = users = s.ownerHidden ? "hidden" : "-";
        std::printf("%s\t%s\t%s\t%u\t%s\t%u\t%u\t%llu\t%s\t%s\t%s\n", s.isTcp() ? "tcp" : "udp", socketStateName(s),
                    s.localAddress.toString().c_str(), s.localPort, s.remoteAddress.toString().c_str(), s.remotePort,
                    s.uid, static_cast<unsigned long long>(s.inode), pids.c_str(), names.c_str(), users.c_str());
    }
}

void printTable(const std::vector<LocalSocket> &sockets)
{
    using Row = std::array<std::string, 6>;
    std::vector<Row> rows;
    rows.push_back({"Proto", "State", "Local address:port", "Peer address:port", "Reach", "Process"});
    for (const LocalSocket &s : sockets) {
        const bool noPeer = s.remotePort == 0;
        rows.push_back({s.isTcp() ? "tcp" : "udp", socketStateName(s),
                        hostText(s.localAddress, s.isWildcard()) + ":" + std::to_string(s.localPort),
                        noPeer ? "*:*" : hostText(s.remoteAddress, false) + ":" + std::to_string(s.remotePort),
                        reach(s), describeOwners(s)});
    }
    std::array<std::size_t, 6> widths{};
    for (const Row &row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    for (const Row &row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
        }
        std::printf("%s\n", line.c_str());
    }
}

} // namespace

void SocketsCommand::add(CLI::App &app)
{
    command = app.add_subcommand("sockets", "This machine's TCP and UDP sockets and the programs holding them "
                                            "(like ss -tulpn): which program is on that port?");
    command->add_option("--port", options.filter.port, "Only sockets whose local or remote port is this");
    command->add_option("--prefix", options.filter.portPrefix,
                        "Only local ports whose digits start with this (53: 53, 5353, 5355...)");
    command->add_option("--process", options.filter.process, "Only sockets of processes whose name contains this");
    command->add_flag("-l,--listening", options.filter.listeningOnly,
                      "Only servers: TCP listeners and bound, unconnected UDP sockets");
    command->add_flag("--tsv", options.tsv, "Tab-separated output with a header line, for scripts");
    command->add_flag("-t,--tcp", tcpOnly, "Only TCP");
    command->add_flag("-u,--udp", udpOnly, "Only UDP");
}

bool SocketsCommand::parsed() const
{
    return command && command->parsed();
}

int SocketsCommand::run()
{
    if (tcpOnly != udpOnly) {
        options.filter.tcp = tcpOnly;
        options.filter.udp = udpOnly;
    }
    return runSockets(options);
}

int runSockets(const SocketsOptions &options)
{
    SocketSnapshot snapshot = readLocalSockets();
    std::vector<LocalSocket> shown;
    std::copy_if(snapshot.sockets.begin(), snapshot.sockets.end(), std::back_inserter(shown),
                 [&](const LocalSocket &s) { return options.filter.matches(s); });
    sortForDisplay(shown);
    for (const std::string &path : snapshot.unreadable)
        std::fprintf(stderr, "portlens-cli: warning: cannot read %s\n", path.c_str());
    if (options.tsv) {
        printTsv(shown);
        return Ok;
    }
    printTable(shown);
    // The explanations that apply to what is on screen.
    const bool loopbackListener = std::any_of(shown.begin(), shown.end(),
                                              [](const LocalSocket &s) { return s.isListening() && s.isLoopbackOnly(); });
    const bool udp = std::any_of(shown.begin(), shown.end(), [](const LocalSocket &s) { return s.isUdp(); });
    const bool hidden = std::any_of(shown.begin(), shown.end(), [](const LocalSocket &s) { return s.ownerHidden; });
    if (loopbackListener || udp || hidden) std::printf("\n");
    if (loopbackListener) std::printf("Note: %s\n", loopbackOnlyExplanation());
    if (udp) std::printf("Note: %s\n", udpRolesExplanation());
    if (hidden) std::printf("Note: %s\n", hiddenOwnerExplanation());
    return Ok;
}

} // namespace portlens::cli
