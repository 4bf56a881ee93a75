// Multicast DNS (RFC 6762): DNS wire format on the local link. The rules of section 18 say what
// the bytes may hold (opcode 0, rcode 0, no RA/Z/AD/CD bits, AA set in responses) and some bits
// exist only in mDNS: the QU bit in a question's class ("unicast response, please") and the
// cache-flush bit in a record's class. Multicast responses carry no questions and use ID 0.
// Where the bytes could be plain DNS as well, this detector matches at the DNS detector's
// confidence (Medium alone, High for a matching query and response) and the port decides.
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/dns_wire.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <string>

namespace portlens {

namespace {

using dnswire::kHeaderSize;
constexpr std::size_t kMaxQuestions = 64; // DNS-SD browsers ask for many service types at once
constexpr std::size_t kMaxRecords = 16;   constexpr std::uint16_t kTypeOpt = 41;

struct Message {
    std::uint16_t id = 0;
    bool response = false;
    std::uint16_t qdcount = 0;
    std::uint16_t ancount = 0;
    std::string firstName;          // of the first question, or of the first record when there is none
    std::uint16_t firstType = 0;
    bool unicastQuestion = false;   // QU bit in some question
    bool cacheFlush = false;        // cache-flush bit in some record
    std::size_t provenLength = 0;   // header, questions and the records read
};

// Bytes in the UTF-8 sequence that starts with c (1 for printable ASCII), 0 when c starts none.
std::size_t sequenceLength(unsigned char c)
{
    if (c >= 0x20 && c < 0x7f) return 1;
    if (c >= 0xC2 && c <= 0xDF) return 2;
    if (c >= 0xE0 && c <= 0xEF) return 3;
    if (c >= 0xF0 && c <= 0xF4) return 4;
    return 0;
}

// A label for display: printable ASCII and well-formed UTF-8 kept (device names such as
// "Luca's iMac" often use a typographic apostrophe), any other byte shown as '?'.
std::string displayLabel(std::string_view label)
{
    std::string out;
    for (std::size_t i = 0; i < label.size();) {
        const auto lead = static_cast<unsigned char>(label[i]);
        std::size_t length = sequenceLength(lead);
        for (std::size_t k = 1; k < length; ++k) {
            if (i + k >= label.size()) {
                length = 0;
                break;
            }
            const auto c = static_cast<unsigned char>(label[i + k]);
            // Continuation bytes; after E0/F0 no overlong forms, after ED no surrogates, after F4 nothing past U+10FFFF.
            const unsigned low = k == 1 && lead == 0xE0 ? 0xA0 : k == 1 && lead == 0xF0 ? 0x90 : 0x80;
            const unsigned high = k == 1 && lead == 0xED ? 0x9F : k == 1 && lead == 0xF4 ? 0x8F : 0xBF;
            if (c < low || c > high) {
                length = 0;
                break;
            }
        }
        if (length == 0) {
            out += '?';
            ++i;
        } else {
            out += label.substr(i, length);
            i += length;
        }
    }
    return out;
}

// Reads a name at r, a reader over the whole message (so consumed() is the offset into it).
// Compression pointers may only go backwards, each before the previous one, at most
// dnswire::kMaxPointerJumps times, so a crafted loop ends (dnswire::walkName). Labels may be UTF-8 ("Luca's iMac").
std::optional<std::string> readName(Bytes message, ByteReader &r)
{
    std::string name;
    const bool ok = dnswire::walkName(message, r, [&](std::string_view text) {
        for (char ch : text) {
            const auto c = static_cast<unsigned char>(ch);
            if (c < 0x20 || c == 0x7f) return false;
        }
        if (!name.empty()) name += '.';
        name += displayLabel(text);
        return true;
    });
    if (!ok) return std::nullopt;
    if (name.empty()) name = "<root>";
    return name;
}

bool validType(std::uint16_t type)
{
    return (type >= 1 && type <= 127) || (type >= 249 && type <= 260) || type == 32768 || type == 32769 ||
           (type >= 65280 && type <= 65534);
}


bool endsWithLocal(std::string_view name)
{
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    return name.size() >= 6 && text::startsWithNoCase(name.substr(name.size() - 6), ".local");
}

std::optional<Message> parseMessage(Bytes bytes)
{
    ByteReader r(bytes);
    const auto fixed = r.readFixed<kHeaderSize>();
    if (!fixed) return std::nullopt;
    Message m;
    m.id = fieldU16BigEndian<0>(*fixed);
    const unsigned flags = fieldU16BigEndian<2>(*fixed);
    m.qdcount = fieldU16BigEndian<4>(*fixed);
    m.ancount = fieldU16BigEndian<6>(*fixed);
    const std::size_t records = std::size_t{m.ancount} + fieldU16BigEndian<8>(*fixed) + fieldU16BigEndian<10>(*fixed);
    m.response = (flags & 0x8000u) != 0;
    // Opcode and rcode zero; RA, Z, AD, CD zero; AA set in responses and clear in queries.
    if ((flags & 0x78FFu) != 0) return std::nullopt;
    const bool authoritative = (flags & 0x0400u) != 0;
    if (authoritative != m.response) return std::nullopt;
    if (m.qdcount > kMaxQuestions) return std::nullopt;
    if (m.response ? m.ancount == 0 : m.qdcount == 0) return std::nullopt;
    if (kHeaderSize + 5 * std::size_t{m.qdcount} + 11 * records > bytes.size()) return std::nullopt;

    for (std::size_t i = 0; i < m.qdcount; ++i) {
        auto name = readName(bytes, r);
        const auto type = r.readU16BigEndian();
        const auto klass = r.readU16BigEndian();
        if (!name || !type || !klass || !validType(*type) || dnswire::netbiosName(*name, *type)) return std::nullopt;
        if ((*klass & 0x7FFFu) != 1 && (*klass & 0x7FFFu) != 255) return std::nullopt; // IN or ANY
        if ((*klass & 0x8000u) != 0) m.unicastQuestion = true;
        if (i == 0) {
            m.firstName = std::move(*name);
            m.firstType = *type;
        }
    }
    bool anyRecord = false;
    for (std::size_t i = 0; i < std::min(records, kMaxRecords); ++i) {
        ByteReader at = r;
        auto name = readName(bytes, at);
        const auto type = at.readU16BigEndian();
        const auto klass = at.readU16BigEndian();
        const auto ttl = at.readU32BigEndian();
        const auto length = at.readU16BigEndian();
        if (!name || !type || !klass || !ttl || !length || !at.skip(*length)) break; // cut at the end of what was kept
        if (!validType(*type) || dnswire::netbiosName(*name, *type)) return std::nullopt;
        if (*type != kTypeOpt) { // OPT's class is a UDP size, not a class
            if ((*klass & 0x7FFFu) != 1) return std::nullopt;
            if ((*klass & 0x8000u) != 0) m.cacheFlush = true;
        }
        if (m.qdcount == 0 && !anyRecord) {
            m.firstName = std::move(*name);
            m.firstType = *type;
        }
        anyRecord = true;
        r = at;
    }
    if (m.qdcount == 0 && !anyRecord) return std::nullopt;
    m.provenLength = r.consumed();
    return m;
}

// Bits and habits only mDNS has.
const char *mdnsOnlySign(const Message &m)
{
    if (m.unicastQuestion) return "the QU (unicast response) bit in a question's class";
    if (m.cacheFlush) return "the cache-flush bit in a record's class";
    if (m.response && m.qdcount == 0) return "an authoritative answer with no question (an announcement)";
    if (!m.response && m.id == 0 && endsWithLocal(m.firstName)) return "a query with ID 0 for a '.local' name";
    return nullptr;
}


constexpr ProtocolIdentity kMdnsIdentity{
    .name = "MDNS", .displayName = "Multicast DNS", .tcp = false, .udp = true, .tieRank = 160};

class MdnsDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kMdnsIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (context.connection.server.port == 5353 && !context.sentToUsualDestination())
            context.note("mdns-unicast", Severity::Notice,
                         QT_TRANSLATE_NOOP("Verdict", "mDNS sent to %1 instead of the multicast group 224.0.0.251"),
                         {context.connection.server.address.toString()});
    }

    bool ruledOut(const DetectionInput &input) const override
    {
        // Over UDP only the first datagram of each side counts, and it never changes.
        return input.isUdp();
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Bytes clientBytes = input.firstDatagram(Direction::ToServer);
        const Bytes serverBytes = input.firstDatagram(Direction::ToClient);
        const auto client = parseMessage(clientBytes);
        const auto server = parseMessage(serverBytes);
        // Bytes in a direction that mDNS forbids mean it is not mDNS.
        if ((!client && !clientBytes.empty()) || (!server && !serverBytes.empty())) return std::nullopt;
        if (!client && !server) return std::nullopt;

        const bool fromClient = client.has_value();
        const Message &main = fromClient ? *client : *server;
        const Direction direction = fromClient ? Direction::ToServer : Direction::ToClient;
        const Message *other = fromClient && server ? &*server : nullptr;
        const bool paired = other && other->response != main.response && other->id == main.id &&
                            other->firstName.size() == main.firstName.size() &&
                            text::startsWithNoCase(other->firstName, main.firstName);
        const char *sign = mdnsOnlySign(main);
        if (!sign && other) sign = mdnsOnlySign(*other);

        Detection d;
        d.protocol = "MDNS";
        d.confidence = paired || sign ? Confidence::High : Confidence::Medium;
        std::string sentence = std::string("mDNS ") + (main.response ? "response about '" : "query for '") +
                               main.firstName + "' (type " + dnswire::typeName(main.firstType) + ") in the " +
                               (fromClient ? "client's" : "server's") + " first datagram";
        if (sign) sentence += ", with " + std::string(sign);
        else if (paired) sentence += ", answered with the same ID";
        d.evidence = {direction, 0, static_cast<std::uint32_t>(main.provenLength), sentence};
        d.add("mdns.qr", main.response ? "response" : "query");
        d.add(main.response ? "mdns.answer" : "mdns.query", main.firstName);
        d.add("mdns.qtype", dnswire::typeName(main.firstType));
        if (main.unicastQuestion) d.add("mdns.unicast_response", "yes");
        if (main.response) d.add("mdns.answers", std::to_string(main.ancount));
        else d.add("mdns.questions", std::to_string(main.qdcount));
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(MdnsDetector)

} // namespace portlens
