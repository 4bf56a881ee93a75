// The NetBIOS session service's framing (RFC 1002 4.3): SMB over TCP travels in it, and the
// NetBIOS detector names session connections that carry something else. Shared by
// smb_detector.cpp and netbios_detector.cpp.
#pragma once

#include "core/util/byte_reader.h"

#include <cstdint>
#include <optional>

namespace portlens::netbios {

constexpr std::uint8_t kSessionMessage = 0x00;
constexpr std::uint8_t kSessionRequest = 0x81;
constexpr std::uint8_t kPositiveResponse = 0x82;
constexpr std::uint8_t kNegativeResponse = 0x83;
constexpr std::uint8_t kRetargetResponse = 0x84;
constexpr std::uint8_t kKeepAlive = 0x85;

// One NetBIOS session service packet: type, length, the body bytes present (may be cut).
struct SessionPacket {
    std::uint8_t type = 0;
    std::uint32_t length = 0;
    std::size_t offset = 0; // where the packet starts in the direction's data
    ByteReader body;
    bool complete = false;
};

inline std::optional<SessionPacket> sessionPacket(ByteReader &r)
{
    const std::size_t offset = r.consumed();
    ByteReader probe = r;
    const auto type = probe.readU8();
    const auto length = probe.readU24BigEndian();
    if (!type || !length) return std::nullopt;
    SessionPacket p{*type, *length, offset, {}, false};
    if (*type == kSessionMessage) {
        if (*length > 0xffffff) return std::nullopt;
    } else if (*type >= kSessionRequest && *type <= kKeepAlive) {
        if (*length > 0x1ffff) return std::nullopt; // RFC 1002: 17-bit length, flags otherwise 0
    } else {
        return std::nullopt;
    }
    if (auto body = probe.subReader(*length)) {
        p.body = *body;
        p.complete = true;
    } else {
        p.body = probe.subReader(probe.remaining()).value_or(ByteReader{}); // always engaged: all that remains
    }
    r = probe;
    return p;
}

// The NetBIOS packets at the start of a direction: optional session set-up, then the first
// session message (the SMB message, if any).
struct Start {
    std::optional<SessionPacket> setup;   // 0x81 from the client, 0x82-0x84 from the server
    std::optional<SessionPacket> message; // first session message (type 0x00)
    bool other = false;                   // bytes that are not NetBIOS session packets
};

inline Start start(Bytes data)
{
    Start s;
    ByteReader r(data);
    for (int i = 0; i < 4 && !r.empty(); ++i) {
        auto p = sessionPacket(r);
        if (!p) {
            s.other = true;
            break;
        }
        if (p->type == kKeepAlive) {
            if (p->length != 0) {
                s.other = true;
                break;
            }
            continue;
        }
        if (p->type == kSessionMessage) {
            s.message = p;
            break;
        }
        if (s.setup) {
            s.other = true; // a second set-up packet: not what a session looks like
            break;
        }
        s.setup = p;
        if (!p->complete) break;
    }
    return s;
}

} // namespace portlens::netbios

namespace portlens {
// Does this session message hold an SMB message (smb_detector.cpp)? The SMB detector then owns
// the connection.
bool carriesSmb(const netbios::SessionPacket &message);
} // namespace portlens
