// LDAP (RFC 4511 4.1.1): every message is a BER SEQUENCE { messageID INTEGER, protocolOp
// [APPLICATION n], controls [0] OPTIONAL }. Over TCP the messages follow each other in the stream;
// connectionless LDAP (CLDAP, UDP 389, used by Active Directory's domain controller locator)
// puts one message in each datagram. A simple bind carries the password in clear: flagged.
#include "core/detect/ber_reader.h"
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/text_lines.h"

#include <string>
#include <utility>
#include <vector>

namespace portlens {

namespace {

// Metadata keys (read by notes() below).
constexpr const char *kSimpleBindKey = "ldap.simple_bind";

using ber::Ber;
using ber::readBer;
// ------------------------------------------------------------------------------------------

struct Operation {
    std::uint8_t tag;
    const char *name;
    bool request;
};

constexpr Operation kOperations[] = {
    {0x60, "bindRequest", true},       {0x61, "bindResponse", false},     {0x42, "unbindRequest", true},
    {0x63, "searchRequest", true},     {0x64, "searchResEntry", false},   {0x65, "searchResDone", false},
    {0x73, "searchResRef", false},     {0x66, "modifyRequest", true},     {0x67, "modifyResponse", false},
    {0x68, "addRequest", true},        {0x69, "addResponse", false},      {0x4a, "delRequest", true},
    {0x6b, "delResponse", false},      {0x6c, "modDNRequest", true},      {0x6d, "modDNResponse", false},
    {0x6e, "compareRequest", true},    {0x6f, "compareResponse", false},  {0x50, "abandonRequest", true},
    {0x77, "extendedRequest", true},   {0x78, "extendedResponse", false}, {0x79, "intermediateResponse", false},
};

const Operation *operation(std::uint8_t tag)
{
    for (const Operation &op : kOperations)
        if (op.tag == tag) return &op;
    return nullptr;
}

std::string resultName(std::uint32_t code)
{
    switch (code) {
    case 0: return "success";
    case 1: return "operationsError";
    case 2: return "protocolError";
    case 7: return "authMethodNotSupported";
    case 8: return "strongerAuthRequired";
    case 14: return "saslBindInProgress";
    case 32: return "noSuchObject";
    case 34: return "invalidDNSyntax";
    case 48: return "inappropriateAuthentication";
    case 49: return "invalidCredentials";
    case 50: return "insufficientAccessRights";
    case 53: return "unwillingToPerform";
    default: return "result " + std::to_string(code);
    }
}

struct Message {
    const Operation *op = nullptr;
    std::uint32_t id = 0;
    bool complete = false;
    std::size_t length = 0; // bytes of the message present
    std::vector<std::pair<std::string, std::string>> facts;
};

std::optional<std::uint32_t> smallInteger(const Ber &e, std::uint8_t tag)
{
    if (e.tag != tag || e.length == 0 || e.length > 4 || !e.complete) return std::nullopt;
    ByteReader v = e.value;
    const auto first = v.peekU8();
    if (!first || (*first & 0x80)) return std::nullopt;
    std::uint32_t value = 0;
    while (auto b = v.readU8()) value = (value << 8) | std::uint32_t{*b};
    return value;
}

void readBind(ByteReader op, Message &m)
{
    const auto version = readBer(op);
    const auto name = version ? readBer(op) : std::nullopt;
    if (!name || name->tag != 0x04) return;
    m.facts.emplace_back("ldap.bind_dn", text::printable(asText(name->value.rest()), 200));
    const auto auth = readBer(op, true);
    if (!auth) return;
    if (auth->tag == 0x80) { // simple: the password itself (never shown)
        if (auth->length == 0) m.facts.emplace_back("ldap.auth", name->length == 0 ? "anonymous" : "unauthenticated");
        else {
            m.facts.emplace_back("ldap.auth", "simple");
            m.facts.emplace_back(kSimpleBindKey, "yes");
        }
    } else if (auth->tag == 0xa3) {
        m.facts.emplace_back("ldap.auth", "sasl");
        ByteReader sasl = auth->value;
        if (const auto mechanism = readBer(sasl); mechanism && mechanism->tag == 0x04)
            m.facts.emplace_back("ldap.sasl_mechanism", text::printable(asText(mechanism->value.rest()), 40));
    }
}

// The first LDAP message of bytes. Its SEQUENCE length must agree with the INTEGER, the
// operation and optional controls it holds (or run past the kept bytes).
std::optional<Message> ldapMessage(Bytes bytes)
{
    ByteReader r(bytes);
    if (r.peekU8() != 0x30) return std::nullopt;
    const auto sequence = readBer(r, true);
    if (!sequence || sequence->length < 5) return std::nullopt;
    ByteReader fields = sequence->value;
    const auto id = readBer(fields);
    const auto idValue = id ? smallInteger(*id, 0x02) : std::nullopt;
    if (!idValue) return std::nullopt;
    const auto opTag = fields.peekU8();
    if (!opTag) return std::nullopt;
    const Operation *op = operation(*opTag);
    if (!op) return std::nullopt;
    const auto body = readBer(fields, true);
    if (!body) return std::nullopt;
    if (body->complete) {
        if (!fields.empty()) { // controls [0], then nothing
            const auto controls = readBer(fields, true);
            if (!controls || controls->tag != 0xa0 || (controls->complete && !fields.empty())) return std::nullopt;
        }
        if (sequence->complete && !fields.empty()) return std::nullopt;
    } else if (sequence->complete || id->headerLength + id->length + body->headerLength + body->length > sequence->length) {
        return std::nullopt; // the operation runs past its own message
    }
    Message m;
    m.op = op;
    m.id = *idValue;
    m.complete = sequence->complete;
    m.length = sequence->headerLength + sequence->value.remaining();
    if (op->tag == 0x60) {
        readBind(body->value, m);
    } else if (op->tag == 0x63) {
        ByteReader search = body->value;
        if (const auto base = readBer(search); base && base->tag == 0x04)
            m.facts.emplace_back("ldap.search_base", text::printable(asText(base->value.rest()), 200));
    } else if (!op->request && op->tag != 0x64 && op->tag != 0x73 && op->tag != 0x79) {
        ByteReader result = body->value;
        if (const auto code = readBer(result); code && code->tag == 0x0a && code->length == 1)
            if (const auto value = code->value.peekU8()) m.facts.emplace_back("ldap.result", resultName(*value));
    }
    return m;
}

constexpr ProtocolIdentity kLdapIdentity{
    .name = "LDAP", .displayName = "Lightweight Directory Access Protocol", .tcp = true, .udp = true, .tieRank = 100};

class LdapDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kLdapIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (context.meta(kSimpleBindKey) == "yes")
            context.note("ldap-simple-bind", Severity::Warning,
                         QT_TRANSLATE_NOOP("Verdict", "LDAP simple bind: the password travels in clear text"));
    }
    // Over UDP (CLDAP) only the first datagram of each side is read, and it never changes.
    bool ruledOut(const DetectionInput &input) const override { return input.isUdp(); }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const bool udp = input.isUdp();
        auto client = ldapMessage(udp ? input.firstDatagram(Direction::ToServer) : input.clientData());
        auto server = ldapMessage(udp ? input.firstDatagram(Direction::ToClient) : input.serverData());
        if (client && !client->op->request) client.reset();
        if (server && server->op->request) server.reset();
        if (!client && !server) return std::nullopt;

        Detection d;
        d.protocol = "LDAP";
        const bool complete = (client && client->complete) || (server && server->complete);
        d.confidence = complete ? Confidence::High : Confidence::Medium;
        const Message &shown = client ? *client : *server;
        const bool fromClient = client.has_value();
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, 0, static_cast<std::uint32_t>(shown.length),
                      std::string("LDAP ") + shown.op->name + " (message " + std::to_string(shown.id) +
                          ") at the start of the " + (fromClient ? "client's" : "server's") +
                          (udp ? " first datagram" : " data")};
        d.add("ldap.op", shown.op->name);
        if (client)
            for (auto &[key, value] : client->facts) d.add(key, value);
        if (server)
            for (auto &[key, value] : server->facts) d.add(key, value);
        if (const std::string *simple = d.find(kSimpleBindKey); simple && d.evidence.direction == Direction::ToServer)
            d.evidence.sentence += "; a simple bind: the password travels in clear";
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(LdapDetector)

} // namespace portlens
