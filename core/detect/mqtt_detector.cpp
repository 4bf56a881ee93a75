// MQTT (3.1, 3.1.1 and 5.0) over TCP. The client opens with CONNECT: byte 0x10, the remaining
// length as a 1-4 byte varint, the protocol name ("MQTT" with level 4 or 5, "MQIsdp" with level
// 3), connect flags, keep-alive, [MQTT 5 properties], then the client identifier. The broker
// answers CONNACK: 0x20, length 2 (more in MQTT 5), session-present flag and a return code.
#include "detect/detectors.h"
#include "detect/text_lines.h"

#include <algorithm>
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

class MqttDetector final : public Detector {
public:
    std::string_view name() const override { return "MQTT"; }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const auto connect = parseConnect(input.clientData());
        const auto connack = parseConnack(input.serverData(), connect ? connect->level : 4);
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

std::unique_ptr<Detector> makeMqttDetector() { return std::make_unique<MqttDetector>(); }

} // namespace portlens
