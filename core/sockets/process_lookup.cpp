#include "core/sockets/process_lookup.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>

namespace portlens {

namespace {

std::int64_t wallClockNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::vector<IpAddress> interfaceAddresses()
{
    std::vector<IpAddress> addresses;
    ifaddrs *list = nullptr;
    if (getifaddrs(&list) != 0) return addresses;
    for (ifaddrs *entry = list; entry; entry = entry->ifa_next) {
        if (!entry->ifa_addr) continue;
        if (entry->ifa_addr->sa_family == AF_INET) {
            sockaddr_in v4{};
            std::memcpy(&v4, entry->ifa_addr, sizeof v4);
            std::array<std::byte, 4> bytes{};
            std::memcpy(bytes.data(), &v4.sin_addr, 4);
            addresses.push_back(IpAddress::fromV4(bytes));
        } else if (entry->ifa_addr->sa_family == AF_INET6) {
            sockaddr_in6 v6{};
            std::memcpy(&v6, entry->ifa_addr, sizeof v6);
            std::array<std::byte, 16> bytes{};
            std::memcpy(bytes.data(), &v6.sin6_addr, 16);
            addresses.push_back(IpAddress::fromV6(bytes));
        }
    }
    freeifaddrs(list);
    return addresses;
}

bool isLoopback(const IpAddress &address)
{
    const auto &b = address.bytes();
    if (address.isV4()) return b[12] == 127;
    return std::all_of(b.begin(), b.begin() + 15, [](std::uint8_t x) { return x == 0; }) && b[15] == 1;
}

// A socket bound to address, or to the wildcard of a family that accepts it (a dual-stack ::
// listener also takes IPv4 connections).
bool boundTo(const LocalSocket &socket, const IpAddress &address)
{
    if (socket.localAddress == address) return true;
    if (!socket.isWildcard()) return false;
    return socket.ipv6 || address.isV4();
}

} // namespace

std::string ConnectionOwner::toString() const
{
    switch (status) {
    case Status::NotLocal: return {};
    case Status::Unknown: return "unknown (exited?)";
    case Status::Hidden: return "hidden (uid " + std::to_string(uid) + ")";
    case Status::Found: break;
    }
    std::string text;
    for (const ProcessInfo &p : processes) {
        if (!text.empty()) text += ", ";
        text += p.name + " (pid " + std::to_string(p.pid) + ", " + p.user + ")";
    }
    return text;
}

ProcessLookup::ProcessLookup(std::string procRoot, std::chrono::milliseconds minRefreshInterval)
    : m_procRoot(std::move(procRoot))
    , m_minRefreshInterval(minRefreshInterval)
{
}

void ProcessLookup::refresh()
{
    m_snapshotWallNs = wallClockNs();
    m_lastRefresh = std::chrono::steady_clock::now();
    m_snapshot = readLocalSockets(m_procRoot);
    m_localAddresses = interfaceAddresses();
    ++m_refreshes;
}

bool ProcessLookup::isLocalAddress(const IpAddress &address) const
{
    if (isLoopback(address)) return true;
    return std::find(m_localAddresses.begin(), m_localAddresses.end(), address) != m_localAddresses.end();
}

ConnectionOwner ProcessLookup::match(std::uint8_t transport, const Endpoint &client, const Endpoint &server) const
{
    auto owner = [](const LocalSocket &socket, ConnectionOwner::Side side) {
        ConnectionOwner result;
        result.side = side;
        result.uid = socket.uid;
        result.processes = socket.processes;
        result.status = socket.processes.empty() ? ConnectionOwner::Status::Hidden : ConnectionOwner::Status::Found;
        return result;
    };
    auto held = [](const LocalSocket &s) { return !s.processes.empty() || s.ownerHidden; };
    const LocalSocket *serverListener = nullptr;
    const LocalSocket *clientSocket = nullptr;
    for (const LocalSocket &s : m_snapshot.sockets) {
        if (s.transport != transport || !held(s)) continue;
        // The server's own socket for this conversation (an accepted TCP socket, a connected UDP one).
        if (s.localPort == server.port && s.localAddress == server.address && s.remotePort == client.port &&
            s.remoteAddress == client.address)
            return owner(s, ConnectionOwner::Side::Server);
        if (!serverListener && s.isListening() && s.localPort == server.port && boundTo(s, server.address))
            serverListener = &s;
        if (!clientSocket && s.localPort == client.port && boundTo(s, client.address) &&
            ((s.remotePort == server.port && s.remoteAddress == server.address) || s.isListening()))
            clientSocket = &s;
    }
    if (serverListener) return owner(*serverListener, ConnectionOwner::Side::Server);
    if (clientSocket) return owner(*clientSocket, ConnectionOwner::Side::Client);
    ConnectionOwner unknown;
    unknown.status = ConnectionOwner::Status::Unknown;
    return unknown;
}

ConnectionOwner ProcessLookup::lookup(std::uint8_t transport, const Endpoint &client, const Endpoint &server,
                                      std::int64_t firstNs)
{
    if (m_refreshes == 0) refresh();
    if (!isLocalAddress(client.address) && !isLocalAddress(server.address)) return {};
    ConnectionOwner found = match(transport, client, server);
    if (found.status != ConnectionOwner::Status::Unknown) return found;
    // The snapshot may predate the connection's sockets: read again, but not too often.
    const bool stale = m_snapshotWallNs < firstNs || firstNs == 0;
    if (stale && std::chrono::steady_clock::now() - m_lastRefresh >= m_minRefreshInterval) {
        refresh();
        found = match(transport, client, server);
    }
    return found;
}

} // namespace portlens
