#include "flow/connection.h"

#include <array>

namespace portlens {

std::string Connection::connState() const
{
    if (!isTcp())
        return toClient.packets > 0 ? "SF" : "S0";

    // Index 0 is the client (originator), 1 the server (responder), as in Zeek.
    const bool origSyn = tcp.synSeen[0];
    const bool respSynAck = tcp.synAckSeen[1];
    const bool origFin = tcp.finSeen[0], respFin = tcp.finSeen[1];
    const bool origRst = tcp.rstSeen[0], respRst = tcp.rstSeen[1];
    const bool established = origSyn && respSynAck;

    if (established) {
        if (origRst) return "RSTO";
        if (respRst) return "RSTR";
        if (origFin && respFin) return "SF";
        if (origFin) return "S2";
        if (respFin) return "S3";
        return "S1";
    }
    if (origSyn) {
        if (respRst) return "REJ";
        if (origRst) return "RSTOS0";
        if (origFin) return "SH";
        if (toClient.packets == 0) return "S0";
        return "OTH";
    }
    if (respSynAck) {
        if (respRst) return "RSTRH";
        if (respFin) return "SHR";
    }
    return "OTH";
}

std::string Connection::uid() const
{
    // FNV-1a over what identifies the connection, then spelled in base 62 like Zeek's UIDs.
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h ^= (v >> (i * 8)) & 0xff;
            h *= 1099511628211ull;
        }
    };
    for (auto b : client.address.bytes()) mix(b);
    for (auto b : server.address.bytes()) mix(b);
    mix(client.port);
    mix(server.port);
    mix(transport);
    mix(static_cast<std::uint64_t>(firstNs));
    mix(id);
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string text = "C";
    std::uint64_t second = h * 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 17; ++i) {
        std::uint64_t &word = i < 10 ? h : second;
        text += kAlphabet[word % 62];
        word /= 62;
    }
    return text;
}

const char *rolesName(Roles roles)
{
    switch (roles) {
    case Roles::ClientServer: return "client-server";
    case Roles::Guessed: return "guessed";
    case Roles::Peers: return "peers";
    }
    return "?";
}

const char *endReasonName(EndReason reason)
{
    switch (reason) {
    case EndReason::EndOfCapture: return "end-of-capture";
    case EndReason::Idle: return "idle";
    case EndReason::Evicted: return "evicted";
    case EndReason::Reused: return "reused";
    }
    return "?";
}

const char *transportName(std::uint8_t transport)
{
    switch (transport) {
    case 6: return "tcp";
    case 17: return "udp";
    default: return "other";
    }
}

} // namespace portlens
