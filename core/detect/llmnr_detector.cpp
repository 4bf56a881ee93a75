// LLMNR (RFC 4795): Windows' link-local name resolution in DNS wire format, over UDP (and TCP
// with the DNS 2-byte length prefix). Its header has the flags QR, opcode (always 0), C
// (conflict), TC, T (tentative), four zero bits and an rcode; a query asks exactly one question
// and carries no answers; the names are single labels ("wpad", "DESKTOP-1234") or reverse
// lookups. No bit is LLMNR's alone, so where the bytes could be plain DNS this detector matches
// at the DNS detector's confidence (Medium alone, High for a matching query and response) and
// the port decides.
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/dns_wire.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <string>

namespace portlens {

namespace {

// Metadata keys (read by notes() below).
constexpr const char *kQrKey = "llmnr.qr";

using dnswire::kHeaderSize;

struct Message {
    std::uint16_t id = 0;
    bool response = false;
    bool conflict = false;
    unsigned rcode = 0;
    std::uint16_t ancount = 0;
    std::string name;
    std::uint16_t type = 0;
    std::size_t provenLength = 0; // header and question
};

struct Name {
    std::string text;
    std::size_t labels = 0;
};

// Reads a name at r, a reader over the whole message (so consumed() is the offset into it).
// Compression pointers may only go backwards, each before the previous one, at most
// dnswire::kMaxPointerJumps times, so a crafted loop ends (dnswire::walkName).
std::optional<Name> readName(Bytes message, ByteReader &r)
{
    Name name;
    const bool ok = dnswire::walkName(message, r, [&](std::string_view text) {
        for (char ch : text) {
            const auto c = static_cast<unsigned char>(ch);
            if (c < 0x20 || c == 0x7f) return false;
        }
        if (!name.text.empty()) name.text += '.';
        name.text += text::printable(text, 63);
        ++name.labels;
        return true;
    });
    if (!ok) return std::nullopt;
    return name;
}

bool endsWithNoCase(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && text::startsWithNoCase(s.substr(s.size() - suffix.size()), suffix);
}

bool validQtype(std::uint16_t type) { return (type >= 1 && type <= 127) || (type >= 249 && type <= 260); }



std::optional<Message> parseMessage(Bytes bytes, std::size_t declaredSize)
{
    ByteReader r(bytes);
    const auto fixed = r.readFixed<kHeaderSize>();
    if (!fixed) return std::nullopt;
    Message m;
    m.id = fieldU16BigEndian<0>(*fixed);
    const unsigned flags = fieldU16BigEndian<2>(*fixed);
    const std::uint16_t qdcount = fieldU16BigEndian<4>(*fixed);
    m.ancount = fieldU16BigEndian<6>(*fixed);
    const std::uint16_t nscount = fieldU16BigEndian<8>(*fixed);
    const std::uint16_t arcount = fieldU16BigEndian<10>(*fixed);
    m.response = (flags & 0x8000u) != 0;
    m.conflict = (flags & 0x0400u) != 0;
    m.rcode = flags & 0xFu;
    if ((flags & 0x7800u) != 0 || (flags & 0x00F0u) != 0) return std::nullopt; // opcode 0, Z bits zero
    if (qdcount != 1) return std::nullopt;                                       // exactly one question
    if (m.response ? m.rcode > 5 : (m.rcode != 0 || m.ancount != 0 || nscount != 0 || arcount > 1))
        return std::nullopt;
    const std::size_t records = std::size_t{m.ancount} + nscount + arcount;
    if (kHeaderSize + 5 + 11 * records > declaredSize) return std::nullopt;

    auto name = readName(bytes, r);
    const auto type = r.readU16BigEndian();
    const auto klass = r.readU16BigEndian();
    if (!name || !type || !klass || !validQtype(*type) || (*klass != 1 && *klass != 255) || dnswire::netbiosName(name->text, *type))
        return std::nullopt;
    // One label, or a reverse lookup (RFC 4795 section 2.4).
    if (name->labels != 1 && !endsWithNoCase(name->text, ".in-addr.arpa") && !endsWithNoCase(name->text, ".ip6.arpa"))
        return std::nullopt;
    m.name = std::move(name->text);
    m.type = *type;
    m.provenLength = r.consumed();
    if (m.response && m.ancount > 0) {
        // The first answer, when kept, must not carry mDNS's cache-flush bit.
        ByteReader at = r;
        const auto answerName = readName(bytes, at);
        const auto answerType = at.readU16BigEndian();
        const auto answerClass = at.readU16BigEndian();
        if (answerName && answerType && answerClass && *answerClass != 1) return std::nullopt;
    }
    return m;
}

// The first message sent in direction d: the first datagram over UDP, the first length-prefixed
// message over TCP. offset is where it starts in the direction's kept bytes.
std::optional<Message> firstMessage(const DetectionInput &input, Direction d, bool &present, std::size_t &offset)
{
    if (input.isUdp()) {
        const Bytes datagram = input.firstDatagram(d);
        present = !datagram.empty();
        offset = 0;
        return parseMessage(datagram, datagram.size());
    }
    ByteReader r(input.stream(d));
    present = !r.empty();
    const auto length = r.readU16BigEndian();
    if (!length) return std::nullopt;
    offset = r.consumed();
    const auto kept = r.peek(std::min<std::size_t>(*length, r.remaining()));
    if (!kept) return std::nullopt;
    return parseMessage(*kept, *length);
}


constexpr ProtocolIdentity kLlmnrIdentity{
    .name = "LLMNR", .displayName = "Link-Local Multicast Name Resolution", .tcp = true, .udp = true, .tieRank = 170};

class LlmnrDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kLlmnrIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (context.meta(kQrKey) == "query" && !context.sentToUsualDestination())
            context.note("llmnr-unicast", Severity::Notice,
                         QT_TRANSLATE_NOOP("Verdict", "LLMNR query sent to %1 instead of the multicast group 224.0.0.252"),
                         {context.connection.server.address.toString()});
        context.note("llmnr", Severity::Info,
                     QT_TRANSLATE_NOOP("Verdict", "any host on the link can answer LLMNR, a classic way to steal credentials"));
    }

    bool ruledOut(const DetectionInput &input) const override
    {
        // Over UDP only the first datagram of each side counts, and it never changes.
        return input.isUdp();
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        bool clientPresent = false;
        bool serverPresent = false;
        std::size_t clientOffset = 0;
        std::size_t serverOffset = 0;
        const auto client = firstMessage(input, Direction::ToServer, clientPresent, clientOffset);
        const auto server = firstMessage(input, Direction::ToClient, serverPresent, serverOffset);
        // Bytes in a direction that LLMNR forbids mean it is not LLMNR.
        if ((!client && clientPresent) || (!server && serverPresent)) return std::nullopt;
        if (!client && !server) return std::nullopt;

        const bool fromClient = client.has_value();
        const Message &main = fromClient ? *client : *server;
        const Message *other = fromClient && server ? &*server : nullptr;
        const bool paired = other && other->response != main.response && other->id == main.id &&
                            other->type == main.type && other->name.size() == main.name.size() &&
                            text::startsWithNoCase(other->name, main.name);

        Detection d;
        d.protocol = "LLMNR";
        d.confidence = paired ? Confidence::High : Confidence::Medium;
        std::string sentence = std::string("LLMNR ") + (main.response ? "response" : "query") + " for the name '" +
                               main.name + "' (type " + dnswire::typeName(main.type) + ") in the " +
                               (fromClient ? "client's" : "server's") + " first " +
                               (input.isUdp() ? "datagram" : "message over TCP");
        if (paired) sentence += ", answered with the same ID";
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient,
                      static_cast<std::uint32_t>(fromClient ? clientOffset : serverOffset),
                      static_cast<std::uint32_t>(main.provenLength), sentence};
        d.add("llmnr.query", main.name);
        d.add("llmnr.qtype", dnswire::typeName(main.type));
        d.add(kQrKey, main.response ? "response" : "query");
        const Message *response = main.response ? &main : (paired ? other : nullptr);
        if (response) d.add("llmnr.answers", std::to_string(response->ancount));
        if (!main.response && main.conflict) d.add("llmnr.conflict", "yes");
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(LlmnrDetector)

} // namespace portlens
