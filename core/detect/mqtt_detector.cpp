// MQTT (3.1, 3.1.1 and 5.0) over TCP. The client opens with CONNECT: byte 0x10, the remaining
// length as a 1-4 byte varint, the protocol name ("MQTT" with level 4 or 5, "MQIsdp" with level
// 3), connect flags, keep-alive, [MQTT 5 properties], then the client identifier. The broker
// answers CONNACK: 0x20, length 2 (more in MQTT 5), session-present flag and a return code.
//
// A capture may start after CONNECT (coap_mqtt.pcap). Then a direction that begins with at
// least two well-formed control packets (PUBLISH, PUBACK..., PINGREQ, PINGRESP...) which fill its
// kept bytes exactly, with nothing left over, is MQTT at Medium confidence: each packet's fixed
// header, remaining length and the fields that have rules (flags, packet identifiers, topic names)
// must hold, and the lengths must chain to the last byte.
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <array>
#include <string>

namespace portlens {

namespace {

struct Connect {
    unsigned level = 0;
    std::string version;
    bool username = false;
    unsigned keepAlive = 0;
    std::optional<std::string> clientId; // when kept
    std::size_t provenLength = 0;
};

// MQTT's variable byte integer: 7 bits per byte, high bit = more, at most 4 bytes.
std::optional<std::size_t> readVarint(ByteReader &r)
{
    std::size_t value = 0;
    for (unsigned i = 0; i < 4; ++i) {
        const auto b = r.readU8();
        if (!b) return std::nullopt;
        value |= std::size_t{*b & 0x7Fu} << (7 * i);
        if ((*b & 0x80u) == 0) return value;
    }
    return std::nullopt;
}

std::optional<Connect> parseConnect(Bytes data)
{
    ByteReader r(data);
    if (r.readU8() != 0x10) return std::nullopt; // CONNECT, flags 0
    const auto remaining = readVarint(r);
    if (!remaining || *remaining < 12) return std::nullopt;
    const std::size_t headerLength = r.consumed();
    ByteReader body(r.rest().first(std::min(*remaining, r.remaining())));

    const auto nameLength = body.readU16BigEndian();
    if (nameLength != 4 && nameLength != 6) return std::nullopt;
    const auto name = body.read(*nameLength);
    const auto level = body.readU8();
    const auto flags = body.readU8();
    const auto keepAlive = body.readU16BigEndian();
    if (!name || !level || !flags || !keepAlive) return std::nullopt;
    Connect c;
    c.level = *level;
    const std::string_view protocol = asText(*name);
    if (protocol == "MQTT" && (c.level == 4 || c.level == 5)) c.version = c.level == 4 ? "3.1.1" : "5.0";
    else if (protocol == "MQIsdp" && c.level == 3) c.version = "3.1";
    else return std::nullopt;
    if (*remaining < *nameLength + 8u) return std::nullopt; // name, level, flags, keep-alive, client ID length

    const unsigned f = *flags;
    const bool will = (f & 0x04u) != 0;
    const unsigned willQos = (f >> 3) & 3u;
    const bool willRetain = (f & 0x20u) != 0;
    const bool password = (f & 0x40u) != 0;
    c.username = (f & 0x80u) != 0;
    if ((f & 0x01u) != 0 || willQos == 3 || (!will && (willQos != 0 || willRetain))) return std::nullopt;
    if (c.level < 5 && password && !c.username) return std::nullopt;
    c.keepAlive = *keepAlive;
    c.provenLength = headerLength + body.consumed();

    if (c.level == 5) { // properties
        const auto propertiesLength = readVarint(body);
        if (!propertiesLength || !body.skip(*propertiesLength)) return c;
    }
    const auto idLength = body.readU16BigEndian();
    if (!idLength) return c;
    const auto id = body.read(*idLength);
    if (id) c.clientId = text::printable(asText(*id), 64);
    return c;
}

// CONNACK: the return code's meaning, or nothing when the bytes are no CONNACK.
std::optional<std::string> parseConnack(Bytes data, unsigned level)
{
    ByteReader r(data);
    if (r.readU8() != 0x20) return std::nullopt;
    const auto remaining = readVarint(r);
    const auto ackFlags = r.readU8();
    const auto code = r.readU8();
    if (!remaining || !ackFlags || !code || *ackFlags > 1) return std::nullopt;
    if (level == 5) {
        if (*remaining < 3) return std::nullopt;
        if (*code == 0) return "accepted";
        if (*code == 0x86) return "refused: bad user name or password";
        if (*code == 0x87) return "refused: not authorized";
        if (*code < 0x80) return std::nullopt;
        return "refused: reason " + std::to_string(*code);
    }
    if (*remaining != 2) return std::nullopt;
    switch (*code) {
    case 0: return "accepted";
    case 1: return "refused: unacceptable protocol version";
    case 2: return "refused: identifier rejected";
    case 3: return "refused: server unavailable";
    case 4: return "refused: bad user name or password";
    case 5: return "refused: not authorized";
    default: return std::nullopt;
    }
}

// --- Mid-session -------------------------------------------------------------------------------

// A topic name or filter: length-prefixed UTF-8 with no control bytes (wildcards only in filters).
bool readTopic(ByteReader &r, bool filter, std::string *topic)
{
    const auto length = r.readU16BigEndian();
    if (!length || *length == 0) return false;
    const auto bytes = r.read(*length);
    if (!bytes) return false;
    const std::string_view text = asText(*bytes);
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f) return false;
        if (!filter && (c == '+' || c == '#')) return false;
    }
    if (topic) *topic = text::printable(text, 64);
    return true;
}

bool nonZeroPacketId(ByteReader &r)
{
    const auto id = r.readU16BigEndian();
    return id && *id != 0;
}

// MQTT 5 properties: a varint length and that many bytes.
bool skipProperties(ByteReader &r)
{
    const auto length = readVarint(r);
    return length && r.skip(*length);
}

// The body (after the fixed header) of a packet of the given first byte, checked as far as the
// protocol has rules; topic gets the topic of a PUBLISH.
bool wellFormedBody(std::uint8_t first, ByteReader body, std::string *topic)
{
    const unsigned type = first >> 4;
    const unsigned flags = first & 0x0Fu;
    const std::size_t length = body.remaining();
    switch (type) {
    case 3: { // PUBLISH: topic, packet identifier when QoS > 0, (MQTT 5 properties,) payload
        const unsigned qos = (flags >> 1) & 3u;
        if (qos == 3 || (qos == 0 && (flags & 0x08u) != 0)) return false; // DUP only with QoS > 0
        return readTopic(body, false, topic) && (qos == 0 || nonZeroPacketId(body));
    }
    case 4: case 5: case 7: // PUBACK, PUBREC, PUBCOMP (flags 0); PUBREL (flags 2)
    case 6:
        if (flags != (type == 6 ? 2u : 0u) || !nonZeroPacketId(body)) return false;
        if (length == 2) return true;
        { // MQTT 5: reason code, then properties
            const auto reason = body.readU8();
            if (!reason || (*reason != 0 && *reason != 0x10 && *reason < 0x80)) return false;
            return body.empty() || (skipProperties(body) && body.empty());
        }
    case 8: case 10: { // SUBSCRIBE, UNSUBSCRIBE (flags 2): packet identifier, then topic filters
        if (flags != 2 || !nonZeroPacketId(body)) return false;
        // MQTT 3.1.1 first; MQTT 5 puts properties before the filters.
        for (int attempt = 0; attempt < 2; ++attempt) {
            ByteReader filters = body;
            if (attempt == 1 && !skipProperties(filters)) return false;
            bool ok = !filters.empty();
            while (ok && !filters.empty()) {
                ok = readTopic(filters, true, nullptr);
                if (ok && type == 8) {
                    const auto options = filters.readU8();
                    ok = options && (*options & 0xC0u) == 0 && (*options & 3u) != 3;
                }
            }
            if (ok) return true;
        }
        return false;
    }
    case 9: { // SUBACK: packet identifier, a return code per filter
        if (flags != 0 || !nonZeroPacketId(body)) return false;
        for (int attempt = 0; attempt < 2; ++attempt) {
            ByteReader codes = body;
            if (attempt == 1 && !skipProperties(codes)) return false;
            bool ok = !codes.empty();
            while (ok && !codes.empty()) {
                const auto code = codes.readU8();
                ok = code && (*code <= 2 || *code >= 0x80);
            }
            if (ok) return true;
        }
        return false;
    }
    case 11: // UNSUBACK: packet identifier (MQTT 5: properties and reason codes)
        return flags == 0 && nonZeroPacketId(body) && (length == 2 || (skipProperties(body) && !body.empty()));
    case 12: case 13: // PINGREQ, PINGRESP: nothing
        return flags == 0 && length == 0;
    case 14: { // DISCONNECT: nothing (MQTT 5: a reason code, then properties)
        if (flags != 0) return false;
        if (length == 0) return true;
        const auto reason = body.readU8();
        if (!reason || (*reason != 0 && *reason != 4 && *reason < 0x80)) return false;
        return body.empty() || (skipProperties(body) && body.empty());
    }
    default: // CONNECT and CONNACK open a session; 0 and 15 (AUTH) are not expected here
        return false;
    }
}

const char *packetName(std::uint8_t first)
{
    static constexpr std::array<const char *, 16> kNames{"reserved", "CONNECT",  "CONNACK", "PUBLISH",
                                                         "PUBACK",   "PUBREC",   "PUBREL",  "PUBCOMP",
                                                         "SUBSCRIBE", "SUBACK",  "UNSUBSCRIBE", "UNSUBACK",
                                                         "PINGREQ",  "PINGRESP", "DISCONNECT", "AUTH"};
    return kNames[first >> 4];
}

struct MidSession {
    std::size_t packets = 0;
    std::size_t length = 0;
    std::string names; // "PINGREQ, PUBACK, PUBLISH"
    std::string topic; // of the first PUBLISH
};

// The direction's kept bytes as whole, well-formed MQTT control packets (at least two). Every
// packet takes at least two bytes, so the loop is bounded by the kept bytes.
std::optional<MidSession> parseMidSession(Bytes data)
{
    ByteReader r(data);
    MidSession s;
    while (!r.empty()) {
        const auto first = r.readU8();
        const auto remaining = first ? readVarint(r) : std::nullopt;
        if (!remaining) return std::nullopt;
        const auto body = r.subReader(*remaining);
        std::string topic;
        if (!body || !wellFormedBody(*first, *body, &topic)) return std::nullopt;
        if (s.topic.empty()) s.topic = topic;
        const std::string name = packetName(*first);
        if (s.packets < 4) s.names += (s.packets ? ", " : "") + name;
        else if (s.packets == 4) s.names += ", ...";
        ++s.packets;
    }
    if (s.packets < 2) return std::nullopt;
    s.length = r.consumed();
    return s;
}

constexpr ProtocolIdentity kMqttIdentity{
    .name = "MQTT", .displayName = "Message Queuing Telemetry Transport", .tcp = true, .udp = false, .tieRank = 260};

class MqttDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kMqttIdentity; }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const auto connect = parseConnect(input.clientData());
        const auto connack = parseConnack(input.serverData(), connect ? connect->level : 4);
        if (!connect) {
            for (const Direction side : {Direction::ToServer, Direction::ToClient}) {
                const auto mid = parseMidSession(input.stream(side));
                if (!mid) continue;
                const char *who = side == Direction::ToServer ? "client's" : "server's";
                Detection d;
                d.protocol = "MQTT";
                d.confidence = Confidence::Medium;
                d.evidence = {side, 0, static_cast<std::uint32_t>(mid->length),
                              "The " + std::string(who) + " first " + std::to_string(mid->length) + " bytes are exactly " +
                                  std::to_string(mid->packets) + " well-formed MQTT control packets (" + mid->names +
                                  "): a session seen after its CONNECT"};
                d.add("mqtt.mid_session", "yes");
                if (!mid->topic.empty()) d.add("mqtt.topic", mid->topic);
                if (connack) d.add("mqtt.connack", *connack);
                return d;
            }
        }
        if (!connect && !connack) return std::nullopt;

        Detection d;
        d.protocol = "MQTT";
        if (!connect) {
            // Four bytes 20 02 00 0x alone: plausible, not proven.
            d.confidence = Confidence::Low;
            d.evidence = {Direction::ToClient, 0, 4,
                          "MQTT CONNACK (20 02 ...) at the start of the server's data, with no CONNECT seen"};
            d.add("mqtt.connack", *connack);
            return d;
        }
        d.confidence = Confidence::High;
        d.evidence = {Direction::ToServer, 0, static_cast<std::uint32_t>(connect->provenLength),
                      "MQTT CONNECT packet (protocol level " + std::to_string(connect->level) + ", MQTT " +
                          connect->version + ") at the start of the client's data" +
                          (connack ? ", answered by a CONNACK" : "")};
        d.add("mqtt.version", connect->version);
        if (connect->clientId && !connect->clientId->empty()) d.add("mqtt.client_id", *connect->clientId);
        if (connect->username) d.add("mqtt.username_present", "yes");
        d.add("mqtt.keep_alive", std::to_string(connect->keepAlive));
        if (connack) d.add("mqtt.connack", *connack);
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(MqttDetector)

} // namespace portlens
