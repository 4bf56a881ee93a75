// RDP (MS-RDPBCGR 2.2.1.1-2.2.1.2): the client opens with a TPKT header (03 00 length) and an
// X.224 Connection Request (code 0xE0) carrying "Cookie: mstshash=user" and/or an RDP
// Negotiation Request; the server answers with an X.224 Connection Confirm (0xD0) carrying an
// RDP Negotiation Response or Failure. Other ISO transports over TPKT (S7comm, ISO-TSAP) use the
// same framing but put TSAP parameters (0xC0-0xC2) in the variable part: those are not RDP.
//
// RDP over UDP (MS-RDPEUDP 3.1.5.1): the client's SYN datagram (snSourceAck -1, RDPUDP_FLAG_SYN,
// two MTUs between 1132 and 1232, padded to at least 1132 bytes), answered by a SYN+ACK whose
// snSourceAck is the client's initial sequence number.
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <string>

namespace portlens {

namespace {

constexpr std::uint8_t kConnectionRequest = 0xe0;
constexpr std::uint8_t kConnectionConfirm = 0xd0;

std::string protocolNames(std::uint32_t flags)
{
    if (flags == 0) return "standard RDP security";
    std::string out;
    const auto add = [&](std::uint32_t bit, const char *name) {
        if (flags & bit) out += (out.empty() ? "" : ",") + std::string(name);
    };
    add(0x01, "TLS");
    add(0x02, "CredSSP");
    add(0x04, "RDSTLS");
    add(0x08, "CredSSP-EX");
    add(0x10, "RDSAAD");
    if (flags & ~0x1fu) out += (out.empty() ? "" : ",") + std::string("other");
    return out;
}

std::string failureName(std::uint32_t code)
{
    switch (code) {
    case 1: return "SSL required by server";
    case 2: return "SSL not allowed by server";
    case 3: return "SSL certificate not on server";
    case 4: return "inconsistent flags";
    case 5: return "CredSSP required by server";
    case 6: return "SSL with user authentication required by server";
    default: return "failure code " + std::to_string(code);
    }
}

struct X224 {
    std::uint16_t tpktLength = 0;
    ByteReader variable; // the bytes after the fixed X.224 header, inside the TPKT
};

// TPKT (version 3, reserved 0, length) + X.224 CR/CC fixed part (LI, code, dst-ref, src-ref,
// class 0); the whole TPKT must be present (these packets are a few dozen bytes).
std::optional<X224> x224(Bytes data, std::uint8_t code)
{
    ByteReader r(data);
    const auto header = r.readFixed<11>();
    if (!header || fieldU8<0>(*header) != 3 || fieldU8<1>(*header) != 0) return std::nullopt;
    const std::uint16_t length = fieldU16BigEndian<2>(*header);
    if (length < 11 || length > 512 || fieldU8<4>(*header) != length - 5 || fieldU8<5>(*header) != code) return std::nullopt;
    if ((fieldU8<10>(*header) & 0xf0) != 0) return std::nullopt; // class 0
    if (code == kConnectionRequest && fieldU16BigEndian<6>(*header) != 0) return std::nullopt; // dst-ref 0
    auto variable = r.subReader(std::size_t{length} - 11);
    if (!variable) return std::nullopt;
    return X224{length, *variable};
}

struct UdpSyn {
    std::uint32_t sourceAck = 0;
    std::uint32_t initialSequence = 0;
};

std::optional<UdpSyn> udpSyn(Bytes datagram, bool fromServer)
{
    constexpr std::uint16_t kSyn = 0x0001, kAck = 0x0004;
    ByteReader r(datagram);
    const auto h = r.readFixed<16>();
    if (!h || datagram.size() < 1132) return std::nullopt;
    const std::uint16_t flags = fieldU16BigEndian<6>(*h);
    const std::uint16_t up = fieldU16BigEndian<12>(*h);
    const std::uint16_t down = fieldU16BigEndian<14>(*h);
    if ((flags & kSyn) == 0 || ((flags & kAck) != 0) != fromServer || up < 1132 || up > 1232 || down < 1132 || down > 1232)
        return std::nullopt;
    const UdpSyn syn{fieldU32BigEndian<0>(*h), fieldU32BigEndian<8>(*h)};
    if (!fromServer && syn.sourceAck != 0xffffffff) return std::nullopt;
    return syn;
}

std::optional<Detection> detectUdp(const DetectionInput &input)
{
    const auto client = udpSyn(input.firstDatagram(Direction::ToServer), false);
    if (!client) return std::nullopt;
    const auto server = udpSyn(input.firstDatagram(Direction::ToClient), true);
    const bool answered = server && server->sourceAck == client->initialSequence;
    Detection d;
    d.protocol = "RDP";
    d.confidence = answered ? Confidence::High : Confidence::Medium;
    d.evidence = {Direction::ToServer, 0, 16,
                  std::string("RDP-UDP SYN (MS-RDPEUDP: sequence start, MTUs 1132-1232) in the client's first datagram") +
                      (answered ? ", answered by the server's SYN+ACK acknowledging it" : "")};
    d.add("rdp.transport", "UDP");
    return d;
}

constexpr ProtocolIdentity kRdpIdentity{
    .name = "RDP", .displayName = "Remote Desktop Protocol", .tcp = true, .udp = true, .tieRank = 60};

class RdpDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kRdpIdentity; }
    // Over UDP only the first datagram of each side is read (detectUdp), and it never changes.
    bool ruledOut(const DetectionInput &input) const override { return input.isUdp(); }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        if (input.isUdp()) return detectUdp(input);
        Detection d;
        d.protocol = "RDP";
        const auto request = connectionRequest(input.clientData(), d);
        const auto confirm = connectionConfirm(input.serverData(), d);
        if (!request && !confirm) return std::nullopt;
        d.confidence = (request == Confidence::High || confirm == Confidence::High) ? Confidence::High : Confidence::Medium;
        return d;
    }

private:
    static std::optional<Confidence> connectionRequest(Bytes data, Detection &d)
    {
        auto cr = x224(data, kConnectionRequest);
        if (!cr) return std::nullopt;
        ByteReader &v = cr->variable;
        std::string what = "X.224 Connection Request";
        bool rdpSpecific = false;
        // Optional cookie or routing token: "Cookie: ...\r\n".
        const std::string_view rest = asText(v.rest());
        if (rest.substr(0, 8) == "Cookie: ") {
            const std::size_t end = rest.find("\r\n");
            if (end == std::string_view::npos) return std::nullopt;
            const std::string_view cookie = rest.substr(8, end - 8);
            if (!text::isPrintable(cookie)) return std::nullopt;
            const std::string_view value = cookie.substr(0, 9) == "mstshash=" ? cookie.substr(9) : cookie;
            d.add("rdp.cookie", text::printable(value, 64));
            what += " with cookie '" + text::printable(cookie, 64) + "'";
            v.skip(end + 2);
            rdpSpecific = true;
        }
        // Optional RDP_NEG_REQ: type 1, flags, length 8 (little-endian), requested protocols.
        if (!v.empty()) {
            const auto type = v.readU8();
            const auto flags = v.readU8();
            const auto length = v.readU16LittleEndian();
            const auto protocols = v.readU32LittleEndian();
            if (!type || !flags || !length || !protocols || *type != 1 || *length != 8) return std::nullopt;
            d.add("rdp.requested_protocols", protocolNames(*protocols));
            what += (rdpSpecific ? " and" : " with") + std::string(" an RDP Negotiation Request");
            rdpSpecific = true;
            // An optional RDP_NEG_CORRELATION_INFO (type 6, 36 bytes) may follow.
            if (!v.empty()) {
                const auto info = v.readFixed<4>();
                if (!info || fieldU8<0>(*info) != 6 || fieldU8<2>(*info) != 36 || fieldU8<3>(*info) != 0 || !v.skip(32) ||
                    !v.empty())
                    return std::nullopt;
            }
        }
        d.evidence = {Direction::ToServer, 0, cr->tpktLength,
                      what + " (TPKT) at the start of the client's data, the first message of a Remote Desktop connection"};
        // A bare request (no cookie, no negotiation) is what very old RDP clients send: plausible only.
        return rdpSpecific ? Confidence::High : Confidence::Medium;
    }

    static std::optional<Confidence> connectionConfirm(Bytes data, Detection &d)
    {
        auto cc = x224(data, kConnectionConfirm);
        if (!cc) return std::nullopt;
        ByteReader &v = cc->variable;
        std::string what = "X.224 Connection Confirm";
        Confidence confidence = Confidence::Medium;
        if (!v.empty()) {
            const auto type = v.readU8();
            const auto flags = v.readU8();
            const auto length = v.readU16LittleEndian();
            const auto value = v.readU32LittleEndian();
            if (!type || !flags || !length || !value || *length != 8 || (*type != 2 && *type != 3) || !v.empty())
                return std::nullopt;
            if (*type == 2) {
                d.add("rdp.selected_protocol", protocolNames(*value));
                what += " with an RDP Negotiation Response choosing " + protocolNames(*value);
            } else {
                d.add("rdp.failure", failureName(*value));
                what += " with an RDP Negotiation Failure (" + failureName(*value) + ")";
            }
            confidence = Confidence::High;
        }
        if (d.evidence.sentence.empty())
            d.evidence = {Direction::ToClient, 0, cc->tpktLength, what + " (TPKT) at the start of the server's data"};
        return confidence;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(RdpDetector)

} // namespace portlens
