// OpenVPN (openvpn/src/openvpn/ssl_pkt.h, "Protocol" in the OpenVPN manual): each packet starts
// with opcode << 3 | key_id. A session opens with P_CONTROL_HARD_RESET_CLIENT_V2 (7) or _V3
// (10, tls-crypt-v2) carrying the client's 8-byte session ID, answered by
// P_CONTROL_HARD_RESET_SERVER_V2 (8) that acknowledges it. Over UDP one packet is one datagram;
// over TCP each packet has a 2-byte length prefix.
//
// One opcode byte is weak evidence, so a match needs structure: the server's reset echoing the
// client's session ID (no tls-auth, or tls-auth with an HMAC), session IDs kept across the
// following packets of each side (tls-crypt encrypts the echo), or, for a client alone, the
// exact fields of a reset without HMAC (empty ACK list, packet-id 0).
#include "core/detect/detector.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace portlens {

namespace {

constexpr std::uint8_t kHardResetClientV2 = 7;
constexpr std::uint8_t kHardResetServerV2 = 8;
constexpr std::uint8_t kHardResetClientV3 = 10;
constexpr std::size_t kMinReset = 14; // opcode, session ID (8), ACK count (1), packet-id (4)

struct Packet {
    Bytes bytes;
    std::size_t offset = 0; // in the direction's data (after a TCP length prefix)
};

// The first packets of a direction.
std::vector<Packet> packets(const DetectionInput &input, Direction d, std::size_t max)
{
    std::vector<Packet> out;
    const Bytes all = input.stream(d);
    if (input.isUdp()) {
        input.forEachDatagram(d, [&](Bytes datagram, std::uint32_t offset) {
            out.push_back({datagram, offset});
            return out.size() < max;
        });
        return out;
    }
    ByteReader r(all);
    while (out.size() < max) {
        const auto length = r.readU16BigEndian();
        if (!length || *length == 0) break;
        const std::size_t offset = r.consumed();
        const auto packet = r.read(*length);
        if (!packet) break;
        out.push_back({*packet, offset});
    }
    return out;
}

std::uint8_t opcode(const Packet &p)
{
    ByteReader r(p.bytes);
    return static_cast<std::uint8_t>(r.readU8().value_or(0) >> 3);
}

std::uint8_t keyId(const Packet &p)
{
    ByteReader r(p.bytes);
    return static_cast<std::uint8_t>(r.readU8().value_or(0xff) & 7);
}

std::optional<std::array<std::byte, 8>> sessionId(const Packet &p)
{
    ByteReader r(p.bytes);
    if (!r.skip(1)) return std::nullopt;
    const auto id = r.readFixed<8>();
    if (!id) return std::nullopt;
    std::array<std::byte, 8> out{};
    std::copy(id->begin(), id->end(), out.begin());
    return out;
}

bool isReset(const Packet &p, std::uint8_t wanted)
{
    return p.bytes.size() >= kMinReset && p.bytes.size() <= 1600 && opcode(p) == wanted && keyId(p) == 0;
}

// Control packets on key 0 that may follow a reset with the same session ID.
bool isControl(const Packet &p)
{
    const std::uint8_t op = opcode(p);
    return keyId(p) == 0 && (op == 3 || op == 4 || op == 5 || op == 11);
}

// A client reset without tls-auth: ACK count 0 and packet-id 0 right after the session ID, and
// nothing else (14 bytes), or only OpenVPN 2.6's early-negotiation TLV (marker 0x0f00, 22 bytes).
// The exact size matters: an ONC RPC reply whose XID starts with 0x38 has the same zeros.
bool plainReset(const Packet &p)
{
    ByteReader r(p.bytes);
    if (!r.skip(9)) return false;
    const auto acks = r.readU8();
    const auto packetId = r.readU32BigEndian();
    if (acks != 0 || packetId != 0u) return false;
    if (r.empty()) return true;
    const auto marker = r.readU16BigEndian();
    return marker == 0x0f00 && r.remaining() == 6;
}

// Where the server's reset acknowledges the client's session ID: after its own session ID, an
// optional HMAC + packet-id + time (tls-auth), the ACK count 1 and the acknowledged packet-id.
std::optional<std::size_t> echoOffset(const Packet &server, const std::array<std::byte, 8> &clientSession)
{
    for (std::size_t hmac : {std::size_t{0}, std::size_t{16}, std::size_t{20}, std::size_t{32}, std::size_t{64}}) {
        const std::size_t at = hmac == 0 ? 14 : 22 + hmac;
        ByteReader r(server.bytes);
        if (!r.skip(at - 5)) continue;
        const auto acks = r.readU8();
        r.skip(4);
        const auto echoed = r.readFixed<8>();
        if (acks == 1 && echoed && std::equal(echoed->begin(), echoed->end(), clientSession.begin())) return at;
    }
    return std::nullopt;
}

// The next control packets of a direction keep the reset's session ID.
bool keepsSession(const std::vector<Packet> &list)
{
    if (list.size() < 2) return false;
    const auto first = sessionId(list[0]);
    std::size_t kept = 0;
    for (std::size_t i = 1; i < list.size(); ++i) {
        if (opcode(list[i]) == 6 || opcode(list[i]) == 9) continue; // data packets carry no session ID
        if (!isControl(list[i]) || sessionId(list[i]) != first) return false;
        ++kept;
    }
    return kept > 0;
}

std::string opcodeName(std::uint8_t op)
{
    switch (op) {
    case kHardResetClientV2: return "P_CONTROL_HARD_RESET_CLIENT_V2";
    case kHardResetClientV3: return "P_CONTROL_HARD_RESET_CLIENT_V3";
    default: return "P_CONTROL_HARD_RESET_SERVER_V2";
    }
}

constexpr ProtocolIdentity kOpenVpnIdentity{
    .name = "OpenVPN", .displayName = "OpenVPN", .tcp = true, .udp = true, .tieRank = 120};

class OpenVpnDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kOpenVpnIdentity; }

    bool ruledOut(const DetectionInput &input) const override
    {
        // Over UDP every answer starts from a hard reset in the first datagram of a side, and a
        // side's first datagram never changes. (Over TCP the first packet may still be cut.)
        if (!input.isUdp()) return false;
        const Packet client{input.firstDatagram(Direction::ToServer)};
        const Packet server{input.firstDatagram(Direction::ToClient)};
        return !isReset(client, kHardResetClientV2) && !isReset(client, kHardResetClientV3) &&
               !isReset(server, kHardResetServerV2);
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        // Reject fast on the first byte of each side.
        const auto clientFirst = ByteReader(input.clientData()).peekU8(input.isTcp() ? 2 : 0);
        const auto serverFirst = ByteReader(input.serverData()).peekU8(input.isTcp() ? 2 : 0);
        const bool clientMaybe = clientFirst && (*clientFirst == kHardResetClientV2 << 3 || *clientFirst == kHardResetClientV3 << 3);
        const bool serverMaybe = serverFirst && *serverFirst == kHardResetServerV2 << 3;
        if (!clientMaybe && !serverMaybe) return std::nullopt;

        const auto client = packets(input, Direction::ToServer, 4);
        const auto server = packets(input, Direction::ToClient, 4);
        const bool clientReset = !client.empty() && (isReset(client[0], kHardResetClientV2) || isReset(client[0], kHardResetClientV3));
        const bool serverReset = !server.empty() && isReset(server[0], kHardResetServerV2);
        if (!clientReset && !serverReset) return std::nullopt;

        std::optional<std::size_t> echo;
        if (clientReset && serverReset)
            if (const auto id = sessionId(client[0])) echo = echoOffset(server[0], *id); // a reset has one
        const bool clientKeeps = clientReset && keepsSession(client);
        const bool serverKeeps = serverReset && keepsSession(server);
        const bool plain = clientReset && plainReset(client[0]);

        Confidence confidence;
        if (clientReset && serverReset && (echo || (clientKeeps && serverKeeps))) confidence = Confidence::High;
        else if ((clientReset && (plain || clientKeeps)) || (serverReset && serverKeeps))
            confidence = Confidence::Medium; // two opcode bytes alone (client and server reset) are not enough
        else return std::nullopt;

        Detection d;
        d.protocol = "OpenVPN";
        d.confidence = confidence;
        const Packet &shown = clientReset ? client[0] : server[0];
        const std::uint8_t op = opcode(shown);
        std::string sentence = "OpenVPN " + opcodeName(op) + " (key 0) at the start of the " +
                               (clientReset ? "client's" : "server's") + (input.isUdp() ? " first datagram" : " data");
        if (echo) sentence += ", acknowledged by the server's reset echoing the client's session ID";
        else if (clientReset && serverReset) sentence += ", answered by the server's P_CONTROL_HARD_RESET_SERVER_V2";
        else if (clientKeeps) sentence += ", followed by control packets with the same session ID";
        d.evidence = {clientReset ? Direction::ToServer : Direction::ToClient, static_cast<std::uint32_t>(shown.offset),
                      static_cast<std::uint32_t>(shown.bytes.size()), sentence};
        d.add("openvpn.reset", opcodeName(op));
        // NOLINTNEXTLINE(bugprone-branch-clone): the echo and a plain reset are two ways of learning "none"
        if (echo && *echo == 14) d.add("openvpn.control_protection", "none (no tls-auth or tls-crypt)");
        else if (echo) d.add("openvpn.control_protection", "tls-auth (" + std::to_string(*echo - 22) + "-byte HMAC)");
        else if (clientReset && op == kHardResetClientV3) d.add("openvpn.control_protection", "tls-crypt-v2");
        else if (plain) d.add("openvpn.control_protection", "none (no tls-auth or tls-crypt)");
        else if (clientReset && serverReset) d.add("openvpn.control_protection", "tls-crypt or tls-auth");
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(OpenVpnDetector)

} // namespace portlens
