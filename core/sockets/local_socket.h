// LocalSocket: one TCP or UDP socket of this machine, as /proc/net/{tcp,tcp6,udp,udp6} list it,
// joined with the processes that hold it open (like `ss -tulpn`).
#pragma once

#include "core/decode/ip_address.h"
#include "core/util/transport.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portlens {

// A process holding a socket open. A socket may be shared (a forked server, SO_REUSEPORT workers).
struct ProcessInfo {
    int pid = 0;
    std::string name;  // /proc/<pid>/comm: the program, as ps and ss show it
    std::uint32_t uid = 0;
    std::string user;  // the uid's login name, or the number when the name is unknown
    bool operator==(const ProcessInfo &) const = default;
};

// Kernel TCP states, numbered as in include/net/tcp_states.h (the "st" column of /proc/net/tcp).
enum class SocketState : std::uint8_t {
    Unknown = 0,
    Established = 1,
    SynSent,
    SynRecv,
    FinWait1,
    FinWait2,
    TimeWait,
    Close,
    CloseWait,
    LastAck,
    Listen,
    Closing,
    NewSynRecv,
};

struct LocalSocket {
    std::uint8_t transport = 6; // IP protocol number: 6 TCP, 17 UDP
    bool ipv6 = false;          // listed in tcp6/udp6 (an IPv4-mapped address may still appear)
    IpAddress localAddress;
    std::uint16_t localPort = 0;
    IpAddress remoteAddress;
    std::uint16_t remotePort = 0;
    SocketState state = SocketState::Unknown;
    std::uint32_t uid = 0;      // the socket's owner as the kernel records it (readable by anyone)
    std::uint64_t inode = 0;    // 0: no process holds it any more (TIME_WAIT and friends)
    std::vector<ProcessInfo> processes;
    // True when some process could hold this socket but we were not allowed to look
    // (another user's process without root): the owner is hidden, not absent.
    bool ownerHidden = false;

    [[nodiscard]] bool isTcp() const { return transport == transport::Tcp; }
    [[nodiscard]] bool isUdp() const { return transport == transport::Udp; }
    // A TCP listener, or a UDP socket bound but not connected: a server waiting on localPort.
    [[nodiscard]] bool isListening() const;
    // Bound to 127.0.0.0/8 or ::1: only programs on this machine can reach it.
    [[nodiscard]] bool isLoopbackOnly() const;
    // Bound to 0.0.0.0 or :: (every address of the machine).
    [[nodiscard]] bool isWildcard() const;
};

// "LISTEN", "ESTAB", ... as ss prints them; for UDP "UNCONN" (bound) or "ESTAB" (connected).
const char *socketStateName(const LocalSocket &socket);

// Explanations the pane and the CLI show next to the table (marked for translation).
const char *loopbackOnlyExplanation();
const char *udpRolesExplanation();
const char *hiddenOwnerExplanation();

} // namespace portlens
