#include "core/flow/connection.h"

#include <array>
#include <cstring>

namespace portlens {

const char *Connection::connState() const
{
    if (!isTcp()) {
        // As Zeek reports UDP: both sides spoke, only the originator, or only the responder.
        if (toServer.packets > 0 && toClient.packets > 0) return "SF";
        return toServer.packets > 0 ? "S0" : "SHR";
    }

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
    // A 128-bit mix of what identifies the connection, spelled in base 62 like Zeek's UIDs.
    auto mix = [](std::uint64_t h, std::uint64_t v) {
        h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        h *= 0xff51afd7ed558ccdull;
        return h ^ (h >> 33);
    };
    std::uint64_t words[4];
    std::memcpy(words, client.address.bytes().data(), 16);
    std::memcpy(words + 2, server.address.bytes().data(), 16);
    std::uint64_t h = 0x243f6a8885a308d3ull;
    for (std::uint64_t w : words) h = mix(h, w);
    h = mix(h, (std::uint64_t{client.port} << 32) | (std::uint64_t{server.port} << 16) | transport);
    h = mix(h, static_cast<std::uint64_t>(firstNs));
    std::uint64_t second = mix(h, id);
    h = mix(h, ~id);

    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string text(18, 'C');
    for (std::size_t i = 1; i < 18; ++i) {
        std::uint64_t &word = i <= 9 ? h : second;
        text[i] = kAlphabet[word % 62];
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
