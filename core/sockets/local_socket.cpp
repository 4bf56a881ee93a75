#include "core/sockets/local_socket.h"

#include "core/util/translatable.h"

namespace portlens {

bool LocalSocket::isListening() const
{
    if (isTcp()) return state == SocketState::Listen;
    // UDP has no states; the kernel reports an unconnected socket as TCP_CLOSE.
    return state == SocketState::Close && remotePort == 0;
}

bool LocalSocket::isLoopbackOnly() const
{
    const auto &b = localAddress.bytes();
    if (localAddress.isV4()) return b[12] == 127;
    for (std::size_t i = 0; i < 15; ++i)
        if (b[i] != 0) return false;
    return b[15] == 1;
}

bool LocalSocket::isWildcard() const
{
    const auto &b = localAddress.bytes();
    const std::size_t from = localAddress.isV4() ? 12 : 0;
    for (std::size_t i = from; i < 16; ++i)
        if (b[i] != 0) return false;
    return true;
}

const char *socketStateName(const LocalSocket &socket)
{
    if (socket.isUdp()) return socket.state == SocketState::Established ? "ESTAB" : "UNCONN";
    switch (socket.state) {
    case SocketState::Established: return "ESTAB";
    case SocketState::SynSent: return "SYN-SENT";
    case SocketState::SynRecv: return "SYN-RECV";
    case SocketState::FinWait1: return "FIN-WAIT-1";
    case SocketState::FinWait2: return "FIN-WAIT-2";
    case SocketState::TimeWait: return "TIME-WAIT";
    case SocketState::Close: return "UNCONN";
    case SocketState::CloseWait: return "CLOSE-WAIT";
    case SocketState::LastAck: return "LAST-ACK";
    case SocketState::Listen: return "LISTEN";
    case SocketState::Closing: return "CLOSING";
    case SocketState::NewSynRecv: return "SYN-RECV";
    case SocketState::Unknown: break;
    }
    return "UNKNOWN";
}

const char *loopbackOnlyExplanation()
{
    return QT_TRANSLATE_NOOP("LocalSockets",
                             "A server listening on 127.0.0.1 or ::1 can only be reached from this machine: other "
                             "computers, on the LAN or beyond, find that port closed.");
}

const char *udpRolesExplanation()
{
    return QT_TRANSLATE_NOOP("LocalSockets",
                             "UDP has no connections, so client and server blur: a program bound to a well-known "
                             "port (5353 for mDNS) answers there, and may also send its own queries from a high "
                             "port.");
}

const char *hiddenOwnerExplanation()
{
    return QT_TRANSLATE_NOOP("LocalSockets",
                             "The owning program of some sockets is hidden: they belong to another user's processes, "
                             "which only root (or CAP_SYS_PTRACE) may inspect.");
}

} // namespace portlens
