// Reading this machine's sockets: /proc/net/{tcp,tcp6,udp,udp6} joined through /proc/<pid>/fd
// with the processes holding them, and the filters the CLI and the pane offer.
#pragma once

#include "core/sockets/local_socket.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace portlens {

struct SocketSnapshot {
    std::vector<LocalSocket> sockets;
    // Processes whose descriptors we were not allowed to read (another user's, without root).
    std::size_t hiddenProcesses = 0;
    // /proc/net files that could not be read (no IPv6 in the kernel, a restricted /proc).
    std::vector<std::string> unreadable;
};

// Reads everything now. procRoot lets tests point at a fixed tree.
SocketSnapshot readLocalSockets(const std::string &procRoot = "/proc");

// Which sockets to show, as `portlens-cli sockets` and LocalSocketsPane ask.
struct SocketFilter {
    std::optional<std::uint16_t> port; // the local or remote port is exactly this
    std::string portPrefix;            // the local port's decimal digits start with this ("53")
    std::string process;               // the process name contains this (case-insensitive)
    bool listeningOnly = false;        // TCP LISTEN and unconnected UDP only
    bool tcp = true;
    bool udp = true;

    [[nodiscard]] bool matches(const LocalSocket &socket) const;
};

// Sorted as ss sorts for the eye: transport, local port, local address, remote.
void sortForDisplay(std::vector<LocalSocket> &sockets);

// "pid 851 exim4 (Debian-exim)", "hidden (uid 0)", "-" when no process holds the socket.
std::string describeOwners(const LocalSocket &socket);

} // namespace portlens
