// ProcessLookup: which program on this machine owns a connection seen in a live capture?
//
// Asked when a connection first appears. It keeps one snapshot of the local sockets and reads
// a new one only when the snapshot is older than the connection (the socket may not have existed
// yet) and not more often than a few times a second, so a burst of new connections costs one
// walk of /proc. A connection whose addresses are not this machine's costs nothing. A program
// that exited before the lookup is reported as unknown, never guessed.
#pragma once

#include "core/flow/connection.h"
#include "core/sockets/local_sockets.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace portlens {

struct ConnectionOwner {
    enum class Status : std::uint8_t {
        NotLocal, // neither endpoint is an address of this machine
        Found,    // processes holds the owner(s)
        Hidden,   // a socket matched, but its process belongs to another user (needs root)
        Unknown,  // an endpoint is local but no process holds a matching socket (it exited)
    };
    enum class Side : std::uint8_t { None, Server, Client };

    Status status = Status::NotLocal;
    Side side = Side::None;              // which endpoint the owner sits on
    std::vector<ProcessInfo> processes;  // Found: one or more (a shared socket)
    std::uint32_t uid = 0;               // Found and Hidden: the socket's owner

    // "sshd (pid 851, root)", "hidden (user postgres)", "unknown (exited?)", "" when not local.
    [[nodiscard]] std::string toString() const;
};

class ProcessLookup {
public:
    explicit ProcessLookup(std::string procRoot = "/proc",
                           std::chrono::milliseconds minRefreshInterval = std::chrono::milliseconds(50));

    // The server side is tried first: "which program is on that port?" A loopback connection
    // has both ends here; its server is the more useful answer. firstNs is the connection's
    // first packet time (wall clock, as live captures stamp packets).
    ConnectionOwner lookup(std::uint8_t transport, const Endpoint &client, const Endpoint &server,
                           std::int64_t firstNs);
    ConnectionOwner lookup(const Connection &connection)
    {
        return lookup(connection.transport, connection.client, connection.server, connection.firstNs);
    }

    // How often /proc was walked (for tests and the benchmark).
    [[nodiscard]] std::uint64_t refreshes() const { return m_refreshes; }

private:
    void refresh();
    [[nodiscard]] bool isLocalAddress(const IpAddress &address) const;
    [[nodiscard]] ConnectionOwner match(std::uint8_t transport, const Endpoint &client, const Endpoint &server) const;

    std::string m_procRoot;
    std::chrono::milliseconds m_minRefreshInterval;
    SocketSnapshot m_snapshot;
    std::vector<IpAddress> m_localAddresses;
    std::int64_t m_snapshotWallNs = 0;
    std::chrono::steady_clock::time_point m_lastRefresh{};
    std::uint64_t m_refreshes = 0;
};

} // namespace portlens
