// BGP-4 (RFC 4271) over TCP: every message starts with a 16-byte marker of all ones, a 2-byte
// length (19-4096) and a type (1 OPEN, 2 UPDATE, 3 NOTIFICATION, 4 KEEPALIVE, 5 ROUTE-REFRESH).
// Both peers open with an OPEN: version 4, AS number, hold time, router ID and optional
// parameters, among them capabilities such as 65 (the 4-byte AS number, RFC 6793).
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace portlens {

namespace {

constexpr std::size_t kHeaderSize = 19;
constexpr std::size_t kMaxLength = 4096;
constexpr std::size_t kMaxMessages = 32;

struct Open {
    unsigned version = 0;
    std::uint32_t as = 0;
    unsigned holdTime = 0;
    std::uint32_t routerId = 0;
};

struct Walk {
    std::vector<unsigned> types;   // of the messages seen, in order
    std::size_t verified = 0;      // messages whose body was kept and checked
    std::optional<Open> open;
    unsigned notificationCode = 0; // of the first NOTIFICATION
    std::size_t firstLength = 0;   // of the first message (declared)
};

const char *typeName(unsigned type)
{
    static constexpr std::array<const char *, 6> kNames{"", "OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE", "ROUTE-REFRESH"};
    return type < kNames.size() ? kNames[type] : "";
}

const char *errorName(unsigned code)
{
    static constexpr std::array<const char *, 8> kNames{"",
                                                        "Message Header Error",
                                                        "OPEN Message Error",
                                                        "UPDATE Message Error",
                                                        "Hold Timer Expired",
                                                        "Finite State Machine Error",
                                                        "Cease",
                                                        "ROUTE-REFRESH Message Error"};
    return code < kNames.size() ? kNames[code] : "unknown error";
}

// OPEN body: version, AS, hold time, router ID, optional parameters (capabilities among them).
std::optional<Open> parseOpen(ByteReader body)
{
    const auto fixed = body.readFixed<10>();
    if (!fixed) return std::nullopt;
    Open o;
    o.version = fieldU8<0>(*fixed);
    o.as = fieldU16BigEndian<1>(*fixed);
    o.holdTime = fieldU16BigEndian<3>(*fixed);
    o.routerId = fieldU32BigEndian<5>(*fixed);
    const std::size_t paramsLength = fieldU8<9>(*fixed);
    if (o.version != 4 || o.as == 0 || o.holdTime == 1 || o.holdTime == 2) return std::nullopt;
    if (paramsLength == 255 && body.peekU8() == 255) return o; // RFC 9072 extended parameters: not walked
    if (paramsLength != body.remaining()) return std::nullopt;
    while (!body.empty()) {
        const auto type = body.readU8();
        const auto length = body.readU8();
        if (!type || !length) return std::nullopt;
        auto param = body.subReader(*length);
        if (!param) return std::nullopt;
        if (*type != 2) continue; // only capabilities are looked into
        while (!param->empty()) {
            const auto code = param->readU8();
            const auto capLength = param->readU8();
            if (!code || !capLength) return std::nullopt;
            auto value = param->subReader(*capLength);
            if (!value) return std::nullopt;
            if (*code == 65 && *capLength == 4) o.as = value->readU32BigEndian().value_or(o.as);
        }
    }
    return o;
}

// Checks a message body whose length fits the type; false when the bytes contradict BGP.
bool checkBody(unsigned type, std::size_t length, ByteReader body, Walk &walk)
{
    switch (type) {
    case 1: {
        if (length < 29) return false;
        auto open = parseOpen(body);
        if (!open) return false;
        if (!walk.open) walk.open = open;
        return true;
    }
    case 2: { // withdrawn routes length, then path attributes length, within the message
        const auto withdrawn = body.readU16BigEndian();
        if (length < 23 || !withdrawn || !body.skip(*withdrawn)) return false;
        const auto attributes = body.readU16BigEndian();
        return attributes && body.remaining() >= *attributes;
    }
    case 3: {
        const auto code = body.readU8();
        if (length < 21 || !code || *code == 0 || *code > 7) return false;
        if (walk.notificationCode == 0) walk.notificationCode = *code;
        return true;
    }
    case 4: return length == kHeaderSize;
    case 5: return length == 23;
    default: return false;
    }
}

// Walks the messages at the start of one direction; nothing when the first is not BGP.
std::optional<Walk> walk(Bytes data)
{
    Walk w;
    ByteReader r(data);
    while (w.types.size() < kMaxMessages && !r.empty()) {
        const auto header = r.readFixed<kHeaderSize>();
        if (!header) break;
        const auto marker = fieldBytes<0, 16>(*header);
        if (!std::all_of(marker.begin(), marker.end(), [](std::byte b) { return b == std::byte{0xFF}; })) break;
        const std::size_t length = fieldU16BigEndian<16>(*header);
        const unsigned type = fieldU8<18>(*header);
        if (length < kHeaderSize || length > kMaxLength || type < 1 || type > 5) break;
        if (w.types.empty()) w.firstLength = length;
        const auto body = r.subReader(length - kHeaderSize);
        if (body) {
            if (!checkBody(type, length, *body, w)) break;
            ++w.verified;
        } else if (type == 4 || (type == 5 && length != 23)) {
            break;
        }
        w.types.push_back(type);
        if (!body) break; // cut at the end of the kept bytes
    }
    if (w.types.empty()) return std::nullopt;
    return w;
}

std::string dotted(std::uint32_t a)
{
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xFFu) + "." + std::to_string((a >> 8) & 0xFFu) +
           "." + std::to_string(a & 0xFFu);
}

constexpr ProtocolIdentity kBgpIdentity{
    .name = "BGP", .displayName = "Border Gateway Protocol", .tcp = true, .udp = false, .tieRank = 250};

class BgpDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kBgpIdentity; }

    void notes(const NoteContext &context) const override
    {
        context.note("bgp", Severity::Info,
                     QT_TRANSLATE_NOOP("Verdict", "BGP exchanges routes between routers: both ends should be routers, and "
                                                  "BGP is not encrypted"));
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const auto client = walk(input.clientData());
        const auto server = walk(input.serverData());
        if (!client && !server) return std::nullopt;
        const bool fromClient = client.has_value();
        const Walk &main = fromClient ? *client : *server;
        const Walk *other = fromClient && server ? &*server : nullptr;

        const bool opened = main.open || (other && other->open);
        const std::size_t verified = main.verified + (other ? other->verified : 0);
        Detection d;
        d.protocol = "BGP";
        d.confidence = opened || verified >= 2 ? Confidence::High : Confidence::Medium;
        std::string sentence = std::string("BGP ") + typeName(main.types.front()) + " message (16-byte all-ones marker, length " +
                               std::to_string(main.firstLength) + ")";
        if (main.types.front() == 1 && main.open)
            sentence += " with version 4 and AS " + std::to_string(main.open->as);
        sentence += std::string(" at the start of the ") + (fromClient ? "client's" : "server's") + " data";
        if (main.types.size() > 1) sentence += ", followed by " + std::to_string(main.types.size() - 1) + " more";
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, 0,
                      static_cast<std::uint32_t>(std::min(main.firstLength, input.stream(fromClient ? Direction::ToServer : Direction::ToClient).size())),
                      sentence};

        std::vector<unsigned> seen;
        std::string messages;
        for (const Walk *w : {&main, other}) {
            if (!w) continue;
            for (unsigned type : w->types) {
                if (std::find(seen.begin(), seen.end(), type) != seen.end()) continue;
                seen.push_back(type);
                if (!messages.empty()) messages += ',';
                messages += typeName(type);
            }
        }
        d.add("bgp.messages", messages);
        const auto addOpen = [&](const Open &o, const std::string &prefix) {
            d.add(prefix + "as", std::to_string(o.as));
            d.add(prefix + "hold_time", std::to_string(o.holdTime));
            d.add(prefix + "router_id", dotted(o.routerId));
        };
        if (main.open) addOpen(*main.open, "bgp.");
        if (other && other->open) addOpen(*other->open, main.open ? "bgp.peer_" : "bgp.");
        const unsigned code = main.notificationCode != 0 ? main.notificationCode : other ? other->notificationCode : 0;
        if (code != 0) d.add("bgp.notification", errorName(code));
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(BgpDetector)

} // namespace portlens
