// DNS (RFC 1035): a 12-byte header and a question section, one message per UDP datagram or,
// over TCP, each message after a 2-byte length (RFC 1035 section 4.2.2, RFC 7766).
// mDNS and LLMNR use the same wire format; their detectors (mdns_detector.cpp,
// llmnr_detector.cpp) reject what their own rules forbid and otherwise match at the same
// confidence, so that the port breaks the tie.
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/dns_wire.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace portlens {

namespace {

// Metadata keys (read by notes() below).
constexpr const char *kZoneTransferKey = "dns.zone_transfer";
constexpr const char *kQtypeKey = "dns.qtype";
constexpr const char *kQrKey = "dns.qr";

using dnswire::kHeaderSize;
constexpr std::size_t kMaxQuestions = 16;
constexpr std::size_t kMaxMessages = 8;     constexpr std::size_t kMinQuestionSize = 5; // root name + type + class
constexpr std::size_t kMinRecordSize = 11;  // root name + type + class + TTL + data length

struct Header {
    std::uint16_t id = 0;
    std::uint16_t flags = 0;
    std::uint16_t qdcount = 0;
    std::uint16_t ancount = 0;
    std::uint16_t nscount = 0;
    std::uint16_t arcount = 0;

    [[nodiscard]] bool response() const { return (flags & 0x8000u) != 0; }
    [[nodiscard]] unsigned opcode() const { return (unsigned{flags} >> 11) & 0xFu; }
    [[nodiscard]] unsigned rcode() const { return unsigned{flags} & 0xFu; }
};

struct Question {
    std::string name; // dotted, printable; "<root>" for the root
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
    bool unusual = false; // the name holds control bytes
};

struct Message {
    Header header;
    std::vector<Question> questions; // for an inverse query: its answer record (owner name, type, class)
    bool inverse = false;            // an inverse query or its answer, with no question section
    std::size_t questionsEnd = 0; // bytes from the message start to the end of the question section
};

struct Name {
    std::string text;     // dotted, printable; control bytes shown as '?'
    bool unusual = false; // a label holds control bytes
};

bool alphabetic(std::string_view label)
{
    return label.size() >= 2 && std::all_of(label.begin(), label.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
           });
}

// Reads a name at r, a reader over the whole message (so consumed() is the offset into it).
// Compression pointers may only go backwards, each before the previous one, at most
// dnswire::kMaxPointerJumps times, so a crafted loop ends (dnswire::walkName).
// Labels are bytes, not text (RFC 2181 11), and resolvers do see control bytes in names
// (dns-invalid-chars.pcap: "allyourba\x04\x05\x06arebelongto.cn"). So that random bytes stay
// out, a label may hold control bytes (0x01-0x1f, 0x7f) only as a minority (at most a quarter of
// it), and a name that has them must end in an alphabetic top-level label ("cn", "com"). NUL
// never appears in a label.
std::optional<Name> readName(Bytes message, ByteReader &r)
{
    // The name is shown in a local buffer first and copied into a string once: walkName keeps a
    // name within 255 wire bytes, so its dotted text fits in 255 characters.
    std::array<char, 256> shown;
    std::size_t length = 0;
    bool unusual = false;
    std::string_view last; // the last label read (the top-level one once the name ends)
    const bool ok = dnswire::walkName(message, r, [&](std::string_view text) {
        if (length + (length > 0 ? 1 : 0) + text.size() > shown.size()) return false;
        if (length > 0) shown[length++] = '.';
        // Control bytes shown as '?', other bytes outside printable ASCII as '.' (a label has at
        // most 63 bytes, so nothing is cut).
        std::size_t control = 0;
        for (char ch : text) {
            const auto c = static_cast<unsigned char>(ch);
            if (c == 0) return false;
            const bool isControl = c < 0x20 || c == 0x7f;
            control += isControl ? 1 : 0;
            shown[length++] = isControl ? '?' : c > 0x7e ? '.' : ch;
        }
        if (control * 4 > text.size()) return false; // mostly control bytes: not a name anyone typed
        if (control > 0) unusual = true;
        last = text;
        return true;
    });
    // A name with control bytes must end in an alphabetic top-level label; r is then already
    // past the name, as before: the caller rejects the whole message on a failed name.
    if (!ok || (unusual && !alphabetic(last))) return std::nullopt;
    Name name;
    name.text = length == 0 ? std::string("<root>") : std::string(shown.data(), length);
    name.unusual = unusual;
    return name;
}

bool validQtype(std::uint16_t type)
{
    return (type >= 1 && type <= 127) || (type >= 249 && type <= 260) || type == 32768 || type == 32769 ||
           (type >= 65280 && type <= 65534);
}


bool validQclass(std::uint16_t klass) { return klass == 1 || klass == 3 || klass == 4 || klass == 254 || klass == 255; }

// A DNS message: sane header, counts that fit the declared size, every question readable.
std::optional<Message> parseMessage(Bytes bytes, std::size_t declaredSize)
{
    ByteReader r(bytes);
    const auto fixed = r.readFixed<kHeaderSize>();
    if (!fixed) return std::nullopt;
    Message m;
    Header &h = m.header;
    h = {fieldU16BigEndian<0>(*fixed), fieldU16BigEndian<2>(*fixed), fieldU16BigEndian<4>(*fixed),
         fieldU16BigEndian<6>(*fixed), fieldU16BigEndian<8>(*fixed), fieldU16BigEndian<10>(*fixed)};
    if ((h.flags & 0x0040u) != 0) return std::nullopt; // Z must be zero
    if (h.opcode() == 3 || h.opcode() > 5) return std::nullopt;
    // An inverse query (opcode 1, RFC 1035 6.4, obsoleted by RFC 3425) asks no question: it gives
    // one answer record and asks for the names that own it (dns_invert_query.pcapng).
    m.inverse = h.opcode() == 1 && h.qdcount == 0 && h.ancount == 1 && h.nscount == 0 && h.arcount <= 1;
    if (!m.inverse && (h.qdcount == 0 || h.qdcount > kMaxQuestions)) return std::nullopt;
    if (h.response()) {
        if (h.rcode() > 10) return std::nullopt;
    } else {
        if (h.rcode() != 0) return std::nullopt;
        // A standard query asks; it carries no answers (IXFR puts one SOA in the authority section).
        if (h.opcode() == 0 && (h.ancount != 0 || h.nscount > 1 || h.arcount > 2)) return std::nullopt;
    }
    const std::size_t records = std::size_t{h.ancount} + h.nscount + h.arcount;
    if (kHeaderSize + kMinQuestionSize * h.qdcount + kMinRecordSize * records > declaredSize) return std::nullopt;
    for (std::size_t i = 0; i < h.qdcount; ++i) {
        Question q;
        auto name = readName(bytes, r);
        if (!name) return std::nullopt;
        const auto type = r.readU16BigEndian();
        const auto klass = r.readU16BigEndian();
        if (!type || !klass || !validQtype(*type) || !validQclass(*klass) || dnswire::netbiosName(name->text, *type))
            return std::nullopt;
        q.name = std::move(name->text);
        q.unusual = name->unusual;
        q.type = *type;
        q.klass = *klass;
        m.questions.push_back(std::move(q));
    }
    if (m.inverse) {
        // The answer record: owner name, type, class, TTL, and data that fits the message.
        auto name = readName(bytes, r);
        if (!name) return std::nullopt;
        const auto type = r.readU16BigEndian();
        const auto klass = r.readU16BigEndian();
        const auto ttl = r.readU32BigEndian();
        const auto dataLength = r.readU16BigEndian();
        if (!type || !klass || !ttl || !dataLength || !validQtype(*type) || (*type >= 251 && *type <= 255) || *klass != 1 ||
            dnswire::netbiosName(name->text, *type) || r.consumed() + *dataLength > declaredSize)
            return std::nullopt;
        m.questions.push_back({std::move(name->text), *type, *klass, name->unusual});
    }
    m.questionsEnd = r.consumed();
    return m;
}

// Calls visit(bytes, offset, declaredSize) for each message sent in direction d: each datagram
// over UDP, each length-prefixed message over TCP (bytes may be cut at the end of what was kept).
template <typename Visit>
void forEachMessage(const DetectionInput &input, Direction d, Visit visit)
{
    const Bytes all = input.stream(d);
    if (input.isUdp()) {
        std::size_t seen = 0;
        input.forEachDatagram(d, [&](Bytes datagram, std::uint32_t offset) {
            return ++seen <= kMaxMessages && visit(datagram, std::size_t{offset}, datagram.size());
        });
        return;
    }
    ByteReader r(all);
    for (std::size_t seen = 0; seen < kMaxMessages; ++seen) {
        const auto length = r.readU16BigEndian();
        if (!length || *length < kHeaderSize) return;
        const std::size_t offset = r.consumed();
        const auto kept = r.peek(std::min<std::size_t>(*length, r.remaining()));
        if (!kept || !visit(*kept, offset, std::size_t{*length})) return;
        if (!r.skip(*length)) return;
    }
}

struct Found {
    Message message;
    Direction direction = Direction::ToServer;
    std::size_t offset = 0;
    std::size_t size = 0; // declared size (UDP: the datagram as kept)
};

std::optional<Found> firstMessage(const DetectionInput &input, Direction d)
{
    std::optional<Found> found;
    forEachMessage(input, d, [&](Bytes bytes, std::size_t offset, std::size_t size) {
        if (auto m = parseMessage(bytes, size)) found = Found{std::move(*m), d, offset, size};
        return false; // only the first
    });
    return found;
}

// A bare error answer: a 12-byte header with QR set, no records, an error rcode (FORMERR to
// REFUSED), e.g. a server's NOTIMP to an inverse query. Alone it proves nothing; it only pairs
// with a query of the same ID and opcode from the other side.
std::optional<Found> bareErrorAnswer(const DetectionInput &input, Direction d, const Header &query)
{
    std::optional<Found> found;
    forEachMessage(input, d, [&](Bytes bytes, std::size_t offset, std::size_t size) {
        ByteReader r(bytes);
        const auto fixed = r.readFixed<kHeaderSize>();
        if (!fixed || size != kHeaderSize) return false;
        Message m;
        Header &h = m.header;
        h = {fieldU16BigEndian<0>(*fixed), fieldU16BigEndian<2>(*fixed), fieldU16BigEndian<4>(*fixed),
             fieldU16BigEndian<6>(*fixed), fieldU16BigEndian<8>(*fixed), fieldU16BigEndian<10>(*fixed)};
        if (h.response() && (h.flags & 0x0040u) == 0 && h.rcode() >= 1 && h.rcode() <= 5 && h.qdcount == 0 &&
            h.ancount == 0 && h.nscount == 0 && h.arcount == 0 && h.id == query.id && h.opcode() == query.opcode()) {
            m.questionsEnd = kHeaderSize;
            found = Found{std::move(m), d, offset, size};
        }
        return false; // only the first
    });
    return found;
}


const char *rcodeName(unsigned rcode)
{
    static constexpr std::array<const char *, 11> kNames{"NOERROR",  "FORMERR",  "SERVFAIL", "NXDOMAIN",
                                                         "NOTIMP",   "REFUSED",  "YXDOMAIN", "YXRRSET",
                                                         "NXRRSET", "NOTAUTH", "NOTZONE"};
    return rcode < kNames.size() ? kNames[rcode] : "RCODE?";
}

const char *opcodeName(unsigned opcode)
{
    switch (opcode) {
    case 1: return "IQUERY";
    case 2: return "STATUS";
    case 4: return "NOTIFY";
    case 5: return "UPDATE";
    default: return "QUERY";
    }
}

bool zoneTransfer(const Message &m)
{
    return std::any_of(m.questions.begin(), m.questions.end(),
                       [](const Question &q) { return q.type == 251 || q.type == 252; });
}

bool sameName(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && text::startsWithNoCase(a, b);
}

std::string side(Direction d) { return d == Direction::ToServer ? "client's" : "server's"; }

constexpr ProtocolIdentity kDnsIdentity{
    .name = "DNS", .displayName = "Domain Name System", .tcp = true, .udp = true, .tieRank = 150};

class DnsDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kDnsIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (!context.connection.isTcp()) return;
        if (context.meta(kZoneTransferKey) == "yes")
            context.note("dns-zone-transfer", Severity::Notice,
                         QT_TRANSLATE_NOOP("Verdict", "DNS zone transfer (%1): a copy of a whole zone, normally only between "
                                                      "DNS servers"),
                         {context.meta(kQtypeKey)});
        else
            context.note("dns-over-tcp", Severity::Info,
                         QT_TRANSLATE_NOOP("Verdict", "DNS over TCP carries large answers and zone transfers; most DNS uses "
                                                      "UDP, and some sites block 53/tcp"));
    }

    bool ruledOut(const DetectionInput &input) const override
    {
        // Only the first message of each side counts. Over UDP that is the first datagram, which
        // never changes; over TCP the first message is decided once its length prefix is too
        // small for a header or the whole message is kept.
        if (input.isUdp()) return true;
        const auto decided = [&](Direction d) {
            ByteReader r(input.stream(d));
            if (r.empty()) return true;
            const auto length = r.readU16BigEndian();
            return length && (*length < kHeaderSize || r.remaining() >= *length);
        };
        return decided(Direction::ToServer) && decided(Direction::ToClient);
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        auto client = firstMessage(input, Direction::ToServer);
        auto server = firstMessage(input, Direction::ToClient);
        if (!client && !server) return std::nullopt;

        // The query and the response, wherever they are (peers may swap the usual roles).
        const Found *query = nullptr;
        const Found *response = nullptr;
        for (const auto *f : {&client, &server}) {
            if (!*f) continue;
            if ((*f)->message.header.response()) {
                if (!response || f == &server) response = &**f;
            } else if (!query) {
                query = &**f;
            }
        }
        bool paired = query && response && query->direction != response->direction &&
                      query->message.header.id == response->message.header.id &&
                      sameName(query->message.questions.front().name, response->message.questions.front().name) &&
                      query->message.questions.front().type == response->message.questions.front().type;
        std::optional<Found> bare;
        if (query && !paired) {
            const Direction back = query->direction == Direction::ToServer ? Direction::ToClient : Direction::ToServer;
            bare = bareErrorAnswer(input, back, query->message.header);
            if (bare) {
                response = &*bare;
                paired = true;
            }
        }

        const Found &main = query ? *query : *response;
        const Question &question = main.message.questions.front();
        const std::string where = input.isUdp() ? " in the " + side(main.direction) + " first datagram"
                                                : " in the " + side(main.direction) +
                                                      " first message over TCP (after its 2-byte length prefix)";
        Detection d;
        d.protocol = "DNS";
        d.confidence = paired ? Confidence::High : Confidence::Medium;
        const char *kind = !main.message.inverse ? (query ? "query" : "response")
                           : query               ? "inverse query (one answer record, no question)"
                                                 : "inverse query response";
        std::string sentence = std::string("DNS ") + kind + " for '" + question.name +
                               "' (type " + dnswire::typeName(question.type) +
                               (query ? std::string() : std::string(", ") + rcodeName(response->message.header.rcode())) +
                               ")" + where;
        if (paired)
            sentence += ", answered by the " + side(response->direction) + " response with the same ID (" +
                        rcodeName(response->message.header.rcode()) + ")";
        d.evidence = {main.direction, static_cast<std::uint32_t>(main.offset),
                      static_cast<std::uint32_t>(main.message.questionsEnd), sentence};

        d.add("dns.query", question.name);
        d.add(kQtypeKey, dnswire::typeName(question.type));
        d.add(kQrKey, query ? "query" : "response");
        if (question.unusual) d.add("dns.name_control_bytes", "yes");
        if (main.message.header.opcode() != 0) d.add("dns.opcode", opcodeName(main.message.header.opcode()));
        if (response) {
            d.add("dns.rcode", rcodeName(response->message.header.rcode()));
            d.add("dns.answers", std::to_string(response->message.header.ancount));
            d.add("dns.response_size", std::to_string(response->size));
        }
        bool transfer = (query && zoneTransfer(query->message)) || (response && zoneTransfer(response->message));
        if (!transfer && query) {
            // Over TCP a client may ask for the SOA first and then for the transfer.
            forEachMessage(input, query->direction, [&](Bytes bytes, std::size_t, std::size_t size) {
                const auto m = parseMessage(bytes, size);
                if (m && !m->header.response() && zoneTransfer(*m)) transfer = true;
                return m.has_value() && !transfer;
            });
        }
        if (transfer) d.add(kZoneTransferKey, "yes");
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(DnsDetector)

} // namespace portlens
