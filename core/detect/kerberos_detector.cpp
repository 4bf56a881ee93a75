// Kerberos V5 (RFC 4120): KDC messages are DER-encoded ASN.1 with an application tag:
// AS-REQ [10] 0x6a, AS-REP [11] 0x6b, TGS-REQ [12] 0x6c, TGS-REP [13] 0x6d, KRB-ERROR [30] 0x7e,
// whose SEQUENCE starts with pvno 5 and a msg-type equal to the tag number. Over UDP one message
// is one datagram; over TCP each message has a 4-byte big-endian length prefix (RFC 4120 7.2.2).
#include "core/detect/ber_reader.h"
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <string>

namespace portlens {

namespace {

using ber::Ber;
using ber::readBer;

// A small non-negative INTEGER (up to 4 value bytes).
std::optional<std::uint32_t> berInteger(const Ber &e)
{
    if (e.tag != 0x02 || e.length == 0 || e.length > 4 || !e.complete) return std::nullopt;
    ByteReader v = e.value;
    std::uint32_t value = 0;
    const auto first = v.peekU8();
    if (!first || (*first & 0x80)) return std::nullopt;
    while (auto b = v.readU8()) value = (value << 8) | std::uint32_t{*b};
    return value;
}

// [n] EXPLICIT INTEGER
std::optional<std::uint32_t> taggedInteger(ByteReader &r, std::uint8_t contextTag)
{
    const auto outer = readBer(r);
    if (!outer || outer->tag != contextTag) return std::nullopt;
    ByteReader inner = outer->value;
    const auto integer = readBer(inner);
    if (!integer || !inner.empty()) return std::nullopt;
    return berInteger(*integer);
}
// ------------------------------------------------------------------------------------------

std::string messageName(std::uint8_t type)
{
    switch (type) {
    case 10: return "AS-REQ";
    case 11: return "AS-REP";
    case 12: return "TGS-REQ";
    case 13: return "TGS-REP";
    case 30: return "KRB-ERROR";
    default: return std::to_string(type);
    }
}

std::string messageMeaning(std::uint8_t type)
{
    switch (type) {
    case 10: return "a client asking the KDC for a ticket-granting ticket";
    case 11: return "the KDC handing out a ticket-granting ticket";
    case 12: return "a client asking the KDC for a service ticket";
    case 13: return "the KDC handing out a service ticket";
    default: return "the KDC reporting an error";
    }
}

std::string errorName(std::uint32_t code)
{
    const char *name = nullptr;
    switch (code) {
    case 6: name = "KDC_ERR_C_PRINCIPAL_UNKNOWN"; break;
    case 7: name = "KDC_ERR_S_PRINCIPAL_UNKNOWN"; break;
    case 12: name = "KDC_ERR_POLICY"; break;
    case 14: name = "KDC_ERR_ETYPE_NOSUPP"; break;
    case 18: name = "KDC_ERR_CLIENT_REVOKED"; break;
    case 23: name = "KDC_ERR_KEY_EXPIRED"; break;
    case 24: name = "KDC_ERR_PREAUTH_FAILED"; break;
    case 25: name = "KDC_ERR_PREAUTH_REQUIRED"; break;
    case 31: name = "KRB_AP_ERR_BAD_INTEGRITY"; break;
    case 32: name = "KRB_AP_ERR_TKT_EXPIRED"; break;
    case 37: name = "KRB_AP_ERR_SKEW"; break;
    case 41: name = "KRB_AP_ERR_MODIFIED"; break;
    case 52: name = "KRB_ERR_RESPONSE_TOO_BIG"; break;
    case 60: name = "KRB_ERR_GENERIC"; break;
    case 68: name = "KDC_ERR_WRONG_REALM"; break;
    default: break;
    }
    return name ? std::string(name) + " (" + std::to_string(code) + ")" : "error " + std::to_string(code);
}

// KerberosString (GeneralString 0x1b) as printable text.
std::optional<std::string> kerberosString(ByteReader r)
{
    const auto s = readBer(r);
    if (!s || s->tag != 0x1b) return std::nullopt;
    return text::printable(asText(s->value.rest()), 128);
}

// PrincipalName ::= SEQUENCE { name-type [0] Int32, name-string [1] SEQUENCE OF KerberosString }
std::optional<std::string> principalName(ByteReader r)
{
    const auto sequence = readBer(r);
    if (!sequence || sequence->tag != 0x30) return std::nullopt;
    ByteReader fields = sequence->value;
    while (auto field = readBer(fields)) {
        if (field->tag != 0xa1) continue;
        ByteReader list = field->value;
        const auto strings = readBer(list);
        if (!strings || strings->tag != 0x30) return std::nullopt;
        ByteReader items = strings->value;
        std::string out;
        for (int i = 0; i < 8 && !items.empty(); ++i) {
            const auto item = readBer(items);
            if (!item || item->tag != 0x1b) return std::nullopt;
            out += (out.empty() ? "" : "/") + text::printable(asText(item->value.rest()), 128);
        }
        return out;
    }
    return std::nullopt;
}

struct Message {
    std::uint8_t type = 0;
    bool complete = false;
    std::size_t offset = 0; // of the application tag in the direction's data
    std::size_t length = 0; // bytes of the message present
    std::string realm, cname, sname, error;
};

// Names in the fields of a SEQUENCE, by context tag (tags differ per message type).
void readNames(ByteReader fields, std::uint8_t realmTag, std::uint8_t cnameTag, std::uint8_t snameTag, Message &m)
{
    while (!fields.empty()) {
        const auto field = readBer(fields, true);
        if (!field) return;
        if (field->tag == realmTag && m.realm.empty()) {
            if (auto s = kerberosString(field->value)) m.realm = *s;
        } else if (field->tag == cnameTag && m.cname.empty()) {
            if (auto s = principalName(field->value)) m.cname = *s;
        } else if (field->tag == snameTag && m.sname.empty()) {
            if (auto s = principalName(field->value)) m.sname = *s;
        } else if (m.type == 30 && field->tag == 0xa6) {
            ByteReader inner = field->value;
            if (const auto code = readBer(inner))
                if (const auto number = berInteger(*code)) m.error = errorName(*number);
        }
        if (!field->complete) return;
    }
}

// One KDC message at the start of bytes; declaredSize: the TCP length prefix or the datagram size.
std::optional<Message> kdcMessage(Bytes bytes, std::size_t offset, std::size_t declaredSize)
{
    ByteReader r(bytes);
    const auto first = r.peekU8();
    if (!first || (*first != 0x6a && *first != 0x6b && *first != 0x6c && *first != 0x6d && *first != 0x7e))
        return std::nullopt;
    const auto app = readBer(r, true);
    if (!app || app->headerLength + app->length != declaredSize) return std::nullopt;
    ByteReader appValue = app->value;
    const auto sequence = readBer(appValue, true);
    if (!sequence || sequence->tag != 0x30 || sequence->headerLength + sequence->length != app->length) return std::nullopt;

    Message m;
    m.type = static_cast<std::uint8_t>(*first & 0x1f);
    m.offset = offset;
    m.length = app->headerLength + app->value.remaining();
    m.complete = app->complete;
    const bool request = m.type == 10 || m.type == 12;
    ByteReader fields = sequence->value;
    // Requests: pvno [1], msg-type [2]; replies and errors: pvno [0], msg-type [1].
    const auto pvno = taggedInteger(fields, request ? 0xa1 : 0xa0);
    const auto type = taggedInteger(fields, request ? 0xa2 : 0xa1);
    if (!pvno || *pvno != 5 || !type || *type != m.type) return std::nullopt;
    if (request) {
        // padata [3] (optional), req-body [4] SEQUENCE { kdc-options [0], cname [1], realm [2], sname [3], ... }
        while (!fields.empty()) {
            const auto field = readBer(fields, true);
            if (!field) break;
            if (field->tag == 0xa4) {
                ByteReader body = field->value;
                if (const auto seq = readBer(body, true); seq && seq->tag == 0x30) readNames(seq->value, 0xa2, 0xa1, 0xa3, m);
                break;
            }
            if (!field->complete) break;
        }
    } else if (m.type == 30) {
        readNames(fields, 0xa9, 0xa8, 0xaa, m);
    } else {
        readNames(fields, 0xa3, 0xa4, 0, m); // crealm [3], cname [4]
    }
    return m;
}

std::optional<Message> firstMessage(const DetectionInput &input, Direction d)
{
    if (input.isUdp()) {
        const Bytes datagram = input.firstDatagram(d);
        return kdcMessage(datagram, 0, datagram.size());
    }
    ByteReader r(input.stream(d));
    const auto length = r.readU32BigEndian();
    if (!length || *length < 16 || *length > 0x100000) return std::nullopt; // high bit reserved; 1 MiB is plenty
    return kdcMessage(r.rest(), 4, *length);
}

constexpr ProtocolIdentity kKerberosIdentity{
    .name = "Kerberos", .displayName = "Kerberos", .tcp = true, .udp = true, .tieRank = 90};

class KerberosDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kKerberosIdentity; }

    bool ruledOut(const DetectionInput &input) const override
    {
        // Only the first message of each side counts. Over UDP that is the first datagram, which
        // never changes; over TCP a length prefix out of bounds already rejects it.
        if (input.isUdp()) return true;
        const auto decided = [&](Direction d) {
            ByteReader r(input.stream(d));
            if (r.empty()) return true;
            const auto length = r.readU32BigEndian();
            return length && (*length < 16 || *length > 0x100000);
        };
        return decided(Direction::ToServer) && decided(Direction::ToClient);
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        auto client = firstMessage(input, Direction::ToServer);
        auto server = firstMessage(input, Direction::ToClient);
        if (client && client->type != 10 && client->type != 12) client.reset(); // clients send requests
        if (server && (server->type == 10 || server->type == 12)) server.reset();
        if (!client && !server) return std::nullopt;

        Detection d;
        d.protocol = "Kerberos";
        // Application tag, pvno 5 and a matching msg-type inside consistent lengths: verified.
        d.confidence = Confidence::High;
        const Message &shown = client ? *client : *server;
        const bool fromClient = client.has_value();
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, static_cast<std::uint32_t>(shown.offset),
                      static_cast<std::uint32_t>(shown.length),
                      "Kerberos " + messageName(shown.type) + " (" + messageMeaning(shown.type) + ")" +
                          (shown.realm.empty() ? std::string() : " for realm '" + shown.realm + "'") + " at the start of the " +
                          (fromClient ? "client's" : "server's") + (input.isUdp() ? " first datagram" : " data")};
        d.add("kerberos.msg", messageName(shown.type));
        if (client && server) d.add("kerberos.reply", messageName(server->type));
        const auto pick = [&](std::string Message::*field) {
            if (client && !((*client).*field).empty()) return (*client).*field;
            if (server) return (*server).*field;
            return std::string();
        };
        if (auto realm = pick(&Message::realm); !realm.empty()) d.add("kerberos.realm", realm);
        if (auto cname = pick(&Message::cname); !cname.empty()) d.add("kerberos.cname", cname);
        if (auto sname = pick(&Message::sname); !sname.empty()) d.add("kerberos.sname", sname);
        if (server && !server->error.empty()) d.add("kerberos.error", server->error);
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(KerberosDetector)

} // namespace portlens
