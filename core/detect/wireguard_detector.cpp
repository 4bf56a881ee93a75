// WireGuard (whitepaper section 5.4): four UDP message types, each starting with the type byte
// and three reserved zero bytes: handshake initiation (1, exactly 148 bytes), handshake response
// (2, 92 bytes, whose receiver index echoes the initiator's sender index), cookie reply (3,
// 64 bytes) and transport data (4, 16-byte header + encrypted payload + 16-byte tag, a multiple
// of 16 bytes, at least 32).
#include "core/detect/detector.h"

#include <string>
#include <utility>
#include <vector>

namespace portlens {

namespace {

struct Message {
    std::uint8_t type = 0;
    std::uint32_t sender = 0;   // types 1, 2
    std::uint32_t receiver = 0; // types 2, 3, 4
    std::uint64_t counter = 0;  // type 4
    std::size_t offset = 0;
    std::size_t length = 0;
};

// exact: handshake messages must have their exact sizes (some providers pad them; those are
// accepted only when the handshake's indexes link up).
std::optional<Message> message(Bytes datagram, std::size_t offset, bool exact)
{
    ByteReader r(datagram);
    const auto header = r.readFixed<4>();
    if (!header || fieldU8<1>(*header) != 0 || fieldU8<2>(*header) != 0 || fieldU8<3>(*header) != 0) return std::nullopt;
    Message m;
    m.type = fieldU8<0>(*header);
    m.offset = offset;
    m.length = datagram.size();
    switch (m.type) {
    case 1:
        if (exact ? datagram.size() != 148 : datagram.size() < 148) return std::nullopt;
        m.sender = r.readU32LittleEndian().value_or(0);
        return m;
    case 2:
        if (exact ? datagram.size() != 92 : datagram.size() < 92) return std::nullopt;
        m.sender = r.readU32LittleEndian().value_or(0);
        m.receiver = r.readU32LittleEndian().value_or(0);
        return m;
    case 3:
        if (exact ? datagram.size() != 64 : datagram.size() < 64) return std::nullopt;
        m.receiver = r.readU32LittleEndian().value_or(0);
        return m;
    case 4: {
        if (datagram.size() < 32 || datagram.size() % 16 != 0) return std::nullopt;
        m.receiver = r.readU32LittleEndian().value_or(0);
        const auto low = r.readU32LittleEndian();
        const auto high = r.readU32LittleEndian();
        m.counter = (std::uint64_t{high.value_or(0)} << 32) | low.value_or(0);
        return m;
    }
    default: return std::nullopt;
    }
}

// The first datagrams of a direction, as long as they are WireGuard messages.
std::vector<Message> messages(const DetectionInput &input, Direction d, bool exact)
{
    std::vector<Message> out;
    input.forEachDatagram(d, [&](Bytes datagram, std::uint32_t offset) {
        const auto m = message(datagram, offset, exact);
        if (!m) return false;
        out.push_back(*m);
        return out.size() < 8;
    });
    return out;
}

// Transport data keeps its receiver index and counts up.
bool consistentData(const std::vector<Message> &list)
{
    std::size_t data = 0;
    const Message *previous = nullptr;
    for (const Message &m : list) {
        if (m.type != 4) continue;
        if (previous && (m.receiver != previous->receiver || m.counter <= previous->counter)) return false;
        previous = &m;
        ++data;
    }
    return data >= 2;
}

const char *typeName(std::uint8_t type)
{
    switch (type) {
    case 1: return "handshake initiation";
    case 2: return "handshake response";
    case 3: return "cookie reply";
    default: return "transport data";
    }
}

// The handshake: the response or cookie reply names the initiation's sender index.
bool handshakeLinked(const std::vector<Message> &client, const std::vector<Message> &server)
{
    if (client.empty() || client[0].type != 1) return false;
    for (const Message &m : server)
        if ((m.type == 2 || m.type == 3) && m.receiver == client[0].sender) return true;
    return false;
}

constexpr ProtocolIdentity kWireGuardIdentity{
    .name = "WireGuard", .displayName = "WireGuard", .tcp = false, .udp = true, .tieRank = 130};

class WireGuardDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kWireGuardIdentity; }

    bool ruledOut(const DetectionInput &input) const override
    {
        // messages() stops at a side's first datagram that is no WireGuard message, padded or
        // exact, and a side's first datagram never changes: then that side never gives one.
        const auto noMessage = [&](Direction d) {
            const Bytes first = input.firstDatagram(d);
            return !message(first, 0, false) && !message(first, 0, true);
        };
        return input.isUdp() && noMessage(Direction::ToServer) && noMessage(Direction::ToClient);
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        auto client = messages(input, Direction::ToServer, true);
        auto server = messages(input, Direction::ToClient, true);
        bool linked = handshakeLinked(client, server);
        if (!linked) {
            // Padded handshake messages: believable only when the indexes link up.
            auto paddedClient = messages(input, Direction::ToServer, false);
            auto paddedServer = messages(input, Direction::ToClient, false);
            if (handshakeLinked(paddedClient, paddedServer)) {
                client = std::move(paddedClient);
                server = std::move(paddedServer);
                linked = true;
            }
        }
        if (client.empty() && server.empty()) return std::nullopt;

        Confidence confidence = Confidence::Low;
        if (linked) confidence = Confidence::High;
        else if ((!client.empty() && client[0].type <= 2) || (!server.empty() && server[0].type <= 2) ||
                 consistentData(client) || consistentData(server))
            confidence = Confidence::Medium; // an exact-size handshake message, or a run of data

        const bool fromClient = !client.empty();
        const Message &shown = fromClient ? client[0] : server[0];
        Detection d;
        d.protocol = "WireGuard";
        d.confidence = confidence;
        std::string sentence = std::string("WireGuard ") + typeName(shown.type) + " (type " + std::to_string(shown.type) +
                               ", three zero bytes, " + std::to_string(shown.length) + " bytes) in the " +
                               (fromClient ? "client's" : "server's") + " first datagram";
        if (linked) sentence += ", answered by the server with the same index";
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, static_cast<std::uint32_t>(shown.offset),
                      static_cast<std::uint32_t>(shown.length), sentence};
        d.add("wireguard.message", typeName(shown.type));
        if (linked) d.add("wireguard.handshake", "complete");
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(WireGuardDetector)

} // namespace portlens
