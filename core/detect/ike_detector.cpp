// IKE, the key exchange of IPsec: ISAKMP messages over UDP (IKEv1, RFC 2408/2409; IKEv2,
// RFC 7296 section 3.1). Every message starts with a 28-byte header: initiator SPI (8 bytes, never
// zero), responder SPI (8 bytes, zero in the very first message), next payload, version (major
// in the high nibble: 0x10 IKEv1, 0x20 IKEv2), exchange type, flags, message ID and the length of
// the whole message, which fills the datagram. A chain of payloads follows, each with a generic
// header (next payload, flags, 2-byte length). On 4500 (NAT traversal, RFC 3948) IKE messages are
// preceded by the 4-byte non-ESP marker 0x00000000; ESP packets there start with their SPI.
#include "core/detect/detector.h"
#include "core/util/translatable.h"

#include <string>

namespace portlens {

namespace {

constexpr const char *kVersionKey = "ike.version";
constexpr const char *kExchangeKey = "ike.exchange";
constexpr const char *kInitiatorSpiKey = "ike.initiator_spi";
constexpr const char *kNatTraversalKey = "ike.nat_traversal";

constexpr std::size_t kHeaderSize = 28;
constexpr std::size_t kMaxDatagrams = 8; // looked at per direction (NAT keepalives and ESP come first on 4500)
constexpr std::size_t kMaxPayloads = 32;

struct Message {
    unsigned version = 0;  // 1 or 2
    unsigned exchange = 0;
    std::uint64_t initiatorSpi = 0;
    std::uint64_t responderSpi = 0;
    bool natTraversal = false; // after the non-ESP marker
    bool payloadsChecked = false; // the payload chain was walked to the end of the message
    std::size_t offset = 0;       // of the IKE header in the direction's kept bytes
    std::size_t length = 0;
};

bool knownExchange(unsigned version, unsigned exchange)
{
    if (version == 1) return exchange <= 5 || exchange == 32 || exchange == 33; // RFC 2408 3.1, RFC 2409
    return exchange >= 34 && exchange <= 37;                                    // RFC 7296 3.1 (43: resumption)
}

bool knownPayload(unsigned version, unsigned type)
{
    if (type == 0) return true;
    if (version == 1) return type <= 13 || type == 20 || type == 21 || (type >= 130 && type <= 132);
    return type >= 33 && type <= 48;
}

std::string exchangeName(unsigned version, unsigned exchange)
{
    if (version == 1) {
        switch (exchange) {
        case 2: return "Identity Protection (Main Mode)";
        case 4: return "Aggressive Mode";
        case 5: return "Informational";
        case 32: return "Quick Mode";
        case 33: return "New Group Mode";
        default: return "exchange " + std::to_string(exchange);
        }
    }
    switch (exchange) {
    case 34: return "IKE_SA_INIT";
    case 35: return "IKE_AUTH";
    case 36: return "CREATE_CHILD_SA";
    case 37: return "INFORMATIONAL";
    default: return "exchange " + std::to_string(exchange);
    }
}

std::string hex64(std::uint64_t v)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (std::size_t i = 0; i < 16; ++i) out[15 - i] = kDigits[(v >> (4 * i)) & 0xFu];
    return out;
}

// Walks the payload chain after the header; true when it ends exactly at the end of the message.
// An IKEv1 message with the encryption flag set is encrypted after the header: not walked.
bool payloadsFit(ByteReader body, unsigned version, unsigned first)
{
    unsigned next = first;
    for (std::size_t n = 0; n < kMaxPayloads && next != 0; ++n) {
        const auto header = body.readFixed<4>();
        if (!header) return false;
        const std::size_t length = fieldU16BigEndian<2>(*header);
        if (length < 4 || !body.skip(length - 4)) return false;
        // IKEv2's Encrypted (46) and Encrypted Fragment (53) payloads end the readable chain.
        if (version == 2 && (next == 46 || next == 53)) return body.empty();
        next = fieldU8<0>(*header);
        if (!knownPayload(version, next)) return false;
    }
    return next == 0 && body.empty();
}

// One datagram as an IKE message: the header at 0, or after the non-ESP marker.
std::optional<Message> message(Bytes datagram, std::size_t offset)
{
    ByteReader r(datagram);
    Message m;
    if (r.peekU8(0) == 0 && r.peekU8(1) == 0 && r.peekU8(2) == 0 && r.peekU8(3) == 0) {
        r.skip(4);
        m.natTraversal = true;
    }
    const std::size_t size = r.remaining();
    const auto header = r.readFixed<kHeaderSize>();
    if (!header) return std::nullopt;
    m.initiatorSpi = (std::uint64_t{fieldU32BigEndian<0>(*header)} << 32) | fieldU32BigEndian<4>(*header);
    m.responderSpi = (std::uint64_t{fieldU32BigEndian<8>(*header)} << 32) | fieldU32BigEndian<12>(*header);
    const unsigned next = fieldU8<16>(*header);
    const unsigned versionByte = fieldU8<17>(*header);
    m.exchange = fieldU8<18>(*header);
    const unsigned flags = fieldU8<19>(*header);
    const std::size_t length = fieldU32BigEndian<24>(*header);
    if (m.initiatorSpi == 0) return std::nullopt;
    if (versionByte == 0x10) m.version = 1;
    else if (versionByte == 0x20) m.version = 2;
    else return std::nullopt;
    if (length != size || !knownExchange(m.version, m.exchange) || !knownPayload(m.version, next) || next == 0)
        return std::nullopt;
    // IKEv1 flags: encryption, commit, authentication only; IKEv2: initiator, version, response.
    if (m.version == 1 ? (flags & ~0x07u) != 0 : (flags & ~0x38u) != 0) return std::nullopt;
    const bool encrypted = m.version == 1 && (flags & 0x01u) != 0;
    if (!encrypted) {
        if (!payloadsFit(r, m.version, next)) return std::nullopt;
        m.payloadsChecked = true;
    }
    m.offset = offset + (m.natTraversal ? 4 : 0);
    m.length = length;
    return m;
}

// The first IKE message among the first datagrams of a direction.
std::optional<Message> firstMessage(const DetectionInput &input, Direction d)
{
    std::optional<Message> found;
    std::size_t seen = 0;
    input.forEachDatagram(d, [&](Bytes datagram, std::uint32_t offset) {
        if (++seen > kMaxDatagrams) return false;
        found = message(datagram, offset);
        return !found;
    });
    return found;
}

constexpr ProtocolIdentity kIkeIdentity{
    .name = "IKE", .displayName = "Internet Key Exchange (IPsec)", .tcp = false, .udp = true, .tieRank = 340};

class IkeDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kIkeIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (context.meta(kVersionKey) == "1" && context.meta(kExchangeKey) == "Aggressive Mode")
            context.note("ike-aggressive-mode", Severity::Warning,
                         QT_TRANSLATE_NOOP("Verdict", "IKEv1 Aggressive Mode sends a hash of the pre-shared key before "
                                                      "the peers are authenticated: anyone who sees it can try to crack "
                                                      "the key offline"));
    }

    bool ruledOut(const DetectionInput &input) const override
    {
        // Past the datagrams looked at, nothing new is read.
        const auto done = [&](Direction d) {
            std::size_t count = 0;
            for (const auto &chunk : input.connection.payload.chunks) count += chunk.direction == d ? 1 : 0;
            return count == 0 || count >= kMaxDatagrams;
        };
        return input.isUdp() && done(Direction::ToServer) && done(Direction::ToClient);
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        if (!input.isUdp()) return std::nullopt;
        const auto client = firstMessage(input, Direction::ToServer);
        const auto server = firstMessage(input, Direction::ToClient);
        if (!client && !server) return std::nullopt;
        const bool fromClient = client.has_value();
        const Message &m = fromClient ? *client : *server;
        // Both sides speaking the same security association (initiator SPI) confirm each other.
        const bool paired = client && server && client->initiatorSpi == server->initiatorSpi;

        Detection d;
        d.protocol = "IKE";
        d.confidence = paired || m.payloadsChecked ? Confidence::High : Confidence::Medium;
        std::string sentence = "IKEv" + std::to_string(m.version) + " " + exchangeName(m.version, m.exchange) +
                               " message (ISAKMP header with initiator SPI " + hex64(m.initiatorSpi) + ", length " +
                               std::to_string(m.length) + " filling the datagram";
        if (m.payloadsChecked) sentence += ", payloads chained to its end";
        sentence += std::string(")") + (m.natTraversal ? " after the 4-byte non-ESP marker of NAT traversal," : "") +
                    " in the " + (fromClient ? "client's" : "server's") + " datagrams";
        if (paired) sentence += ", answered by the other side for the same SPI";
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, static_cast<std::uint32_t>(m.offset),
                      static_cast<std::uint32_t>(m.length), sentence};
        d.add(kVersionKey, std::to_string(m.version));
        d.add(kExchangeKey, exchangeName(m.version, m.exchange));
        d.add(kInitiatorSpiKey, hex64(m.initiatorSpi));
        if (m.natTraversal) d.add(kNatTraversalKey, "yes");
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(IkeDetector)

} // namespace portlens
