// NetBIOS (RFC 1001, RFC 1002): the Name Service (137/udp), the Datagram Service (138/udp) and
// the Session Service (139/tcp), all three "NetBIOS". The session framing is shared with SMB,
// which travels inside it (netbios_session.h); a session that carries SMB is the SMB detector's.
//
// Both services write NetBIOS names in first-level encoding (RFC 1001 14.1): a length byte 0x20,
// then 32 letters 'A'-'P', each the high or low nibble of one of the 16 name bytes plus 'A'
// (the 16th byte is the service suffix), then optional scope labels and a 0.
//
// Name Service (RFC 1002 4.2): a DNS-like 12-byte header (transaction ID; R, opcode, NM_FLAGS,
// RCODE; four counts), then a question (requests) or a resource record (responses) whose name is
// first-level encoded and whose type is NB (0x0020) or NBSTAT (0x0021), class IN. Requests ask
// one question; registrations, releases and refreshes add one record (the claimed address).
// Responses answer with one record and ask nothing. The DNS, mDNS and LLMNR detectors reject
// such names, so the bytes are NetBIOS's alone.
//
// Datagram Service (RFC 1002 4.4): message type 0x10-0x16, flags (four zero bits, node type,
// first/more fragment), datagram ID, source IP and port; types 0x10-0x12 (direct unique,
// direct group, broadcast) then give the data length, the packet offset, the encoded source and
// destination names and the user data (often an SMB mailslot message); the query types
// 0x14-0x16 give only the destination name. An error datagram (0x13) names no one: too little
// to go on, so it is not evidence here.
#include "core/detect/detector.h"
#include "core/detect/netbios_session.h"
#include "core/detect/text_lines.h"

#include <cstdio>
#include <string>

namespace portlens {

namespace {

using namespace netbios;

constexpr std::size_t kNameHeaderSize = 12;
constexpr std::size_t kDatagramHeaderSize = 14; // for types 0x10-0x12, with length and offset
constexpr std::size_t kEncodedNameSize = 32;
constexpr std::size_t kMinNameSize = 34;        // 0x20, 32 letters, 0
constexpr std::size_t kMaxDatagrams = 8;        // per direction: a corrupt first datagram may be followed by good ones
constexpr std::uint16_t kTypeNb = 0x0020;
constexpr std::uint16_t kTypeNbstat = 0x0021;
constexpr std::uint16_t kTypeNull = 0x000A;     // negative name query response
constexpr std::uint16_t kTypeA = 0x0001;        // redirect name query response
constexpr std::uint16_t kTypeNs = 0x0002;
constexpr std::uint16_t kClassIn = 0x0001;

// 16 name bytes from 32 letters 'A'-'P': "NAME<xx>", trailing spaces and NULs trimmed, other
// unprintable bytes shown as '.', xx the suffix byte in hex.
std::optional<std::string> decodeName(Bytes encoded)
{
    if (encoded.size() != kEncodedNameSize) return std::nullopt;
    std::string raw;
    unsigned suffix = 0;
    for (std::size_t i = 0; i < kEncodedNameSize; i += 2) {
        const auto high = std::to_integer<unsigned>(encoded[i]);
        const auto low = std::to_integer<unsigned>(encoded[i + 1]);
        if (high < 'A' || high > 'P' || low < 'A' || low > 'P') return std::nullopt;
        const unsigned c = ((high - 'A') << 4) | (low - 'A');
        if (i + 2 == kEncodedNameSize) suffix = c;
        else raw += static_cast<char>(c);
    }
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\0')) raw.pop_back();
    char tail[8];
    std::snprintf(tail, sizeof tail, "<%02x>", suffix);
    return text::printable(raw, 15) + tail;
}

// An encoded name at r: 0x20, 32 letters, scope labels ("NAME<xx>.scope"), 0. Where pointers are
// allowed (name service records), a compression pointer (0xC0 xx) to an earlier name in message,
// which is read without further pointers.
std::optional<std::string> readName(Bytes message, ByteReader &r, bool allowPointer)
{
    ByteReader at = r;
    const auto first = at.peekU8();
    if (!first) return std::nullopt;
    if (allowPointer && (*first & 0xC0u) == 0xC0u) {
        const auto pointer = at.readU16BigEndian();
        if (!pointer) return std::nullopt;
        const std::size_t target = *pointer & 0x3FFFu;
        if (target < kNameHeaderSize || target >= r.consumed()) return std::nullopt;
        ByteReader jump(message);
        if (!jump.skip(target)) return std::nullopt;
        auto name = readName(message, jump, false);
        if (!name) return std::nullopt;
        r = at;
        return name;
    }
    if (at.readU8() != 0x20) return std::nullopt;
    const auto encoded = at.read(kEncodedNameSize);
    if (!encoded) return std::nullopt;
    auto name = decodeName(*encoded);
    if (!name) return std::nullopt;
    std::size_t wireLength = kMinNameSize;
    for (;;) { // scope labels: a DNS domain name, printable
        const auto length = at.readU8();
        if (!length) return std::nullopt;
        if (*length == 0) break;
        if (*length > 63) return std::nullopt;
        wireLength += std::size_t{*length} + 1;
        const auto label = at.read(*length);
        if (!label || wireLength > 255) return std::nullopt;
        const std::string_view text = asText(*label);
        for (char ch : text) {
            const auto c = static_cast<unsigned char>(ch);
            if (c <= 0x20 || c >= 0x7f) return std::nullopt;
        }
        *name += '.';
        *name += text;
    }
    r = at;
    return name;
}

// --- Name Service ------------------------------------------------------------------------------

struct NameMessage {
    std::uint16_t id = 0;
    bool response = false;
    unsigned opcode = 0;
    unsigned rcode = 0;
    std::string name;
    std::uint16_t type = 0;
    std::size_t provenLength = 0; // header and the question (or the answer's name, type and class)
};

bool validOpcode(unsigned opcode, bool response)
{
    // query, registration, release, WACK (responses only), refresh (8 and 9), multi-homed registration
    return opcode == 0 || opcode == 5 || opcode == 6 || (opcode == 7 && response) || opcode == 8 || opcode == 9 ||
           opcode == 15;
}

std::string opcodeName(unsigned opcode)
{
    switch (opcode) {
    case 0: return "query";
    case 5: return "registration";
    case 6: return "release";
    case 7: return "WACK";
    case 8:
    case 9: return "refresh";
    case 15: return "multi-homed registration";
    default: return "opcode " + std::to_string(opcode);
    }
}

// A resource record: name, type, class IN, TTL, RDLENGTH and RDATA that fit.
bool readRecord(Bytes message, ByteReader &r, std::string *name, std::uint16_t *type, bool pointerAllowed)
{
    auto n = readName(message, r, pointerAllowed);
    const auto t = n ? r.readU16BigEndian() : std::nullopt;
    const auto klass = t ? r.readU16BigEndian() : std::nullopt;
    if (!klass || *klass != kClassIn) return false;
    if (*t != kTypeNb && *t != kTypeNbstat && *t != kTypeNull && *t != kTypeA && *t != kTypeNs) return false;
    const auto ttl = r.readU32BigEndian();
    const auto rdlength = ttl ? r.readU16BigEndian() : std::nullopt;
    if (!rdlength || !r.skip(*rdlength)) return false;
    if (name) *name = std::move(*n);
    if (type) *type = *t;
    return true;
}

std::optional<NameMessage> parseNameMessage(Bytes bytes)
{
    ByteReader r(bytes);
    const auto header = r.readFixed<kNameHeaderSize>();
    if (!header) return std::nullopt;
    NameMessage m;
    m.id = fieldU16BigEndian<0>(*header);
    const unsigned flags = fieldU16BigEndian<2>(*header);
    const unsigned qdcount = fieldU16BigEndian<4>(*header);
    const unsigned ancount = fieldU16BigEndian<6>(*header);
    const unsigned nscount = fieldU16BigEndian<8>(*header);
    const unsigned arcount = fieldU16BigEndian<10>(*header);
    m.response = (flags & 0x8000u) != 0;
    m.opcode = (flags >> 11) & 0xFu;
    m.rcode = flags & 0xFu;
    if ((flags & 0x0060u) != 0 || !validOpcode(m.opcode, m.response)) return std::nullopt; // two zero bits
    if (!m.response) {
        // A request asks one question; the name query carries no record, the others one (the
        // address claimed). AA and RA belong to responses, RCODE is 0.
        if ((flags & 0x0480u) != 0 || m.rcode != 0) return std::nullopt;
        if (qdcount != 1 || ancount != 0 || nscount != 0 || arcount != (m.opcode == 0 ? 0u : 1u)) return std::nullopt;
        auto name = readName(bytes, r, false);
        const auto type = name ? r.readU16BigEndian() : std::nullopt;
        const auto klass = type ? r.readU16BigEndian() : std::nullopt;
        if (!klass || *klass != kClassIn || (*type != kTypeNb && *type != kTypeNbstat)) return std::nullopt;
        if (m.opcode != 0 && *type != kTypeNb) return std::nullopt; // only names are registered
        m.name = std::move(*name);
        m.type = *type;
        m.provenLength = r.consumed();
        if (arcount == 1) {
            std::uint16_t recordType = 0;
            if (!readRecord(bytes, r, nullptr, &recordType, true) || recordType != kTypeNb) return std::nullopt;
        }
        return m;
    }
    // A response answers with one record (a redirect adds an NS and an A record) and asks nothing.
    if (m.rcode > 7 || qdcount != 0 || ancount != 1 || nscount > 1 || arcount != nscount) return std::nullopt;
    if (!readRecord(bytes, r, &m.name, &m.type, false)) return std::nullopt;
    if (m.type != kTypeNb && m.type != kTypeNbstat && m.type != kTypeNull) return std::nullopt;
    m.provenLength = r.consumed();
    for (unsigned i = 0; i < nscount + arcount; ++i)
        if (!readRecord(bytes, r, nullptr, nullptr, true)) return std::nullopt;
    return m;
}

// --- Datagram Service --------------------------------------------------------------------------

struct DatagramMessage {
    unsigned type = 0;
    std::string source;      // empty for the query types
    std::string destination;
    std::uint32_t sourceIp = 0;
    std::uint16_t sourcePort = 0;
    bool smb = false;        // the user data is an SMB message (a mailslot, e.g. \MAILSLOT\BROWSE)
    std::size_t provenLength = 0;
};

std::string datagramTypeName(unsigned type)
{
    switch (type) {
    case 0x10: return "direct unique";
    case 0x11: return "direct group";
    case 0x12: return "broadcast";
    case 0x14: return "query request";
    case 0x15: return "positive query response";
    case 0x16: return "negative query response";
    default: return "type " + std::to_string(type);
    }
}

std::optional<DatagramMessage> parseDatagram(Bytes bytes)
{
    ByteReader r(bytes);
    const auto header = r.readFixed<10>();
    if (!header) return std::nullopt;
    DatagramMessage m;
    m.type = fieldU8<0>(*header);
    const unsigned flags = fieldU8<1>(*header);
    m.sourceIp = fieldU32BigEndian<4>(*header);
    m.sourcePort = fieldU16BigEndian<8>(*header);
    if (m.type < 0x10 || m.type > 0x16 || m.type == 0x13 || (flags & 0xF0u) != 0) return std::nullopt;
    if (m.type >= 0x14) {
        auto destination = readName(bytes, r, false);
        if (!destination || !r.empty()) return std::nullopt; // the name is the whole message
        m.destination = std::move(*destination);
        m.provenLength = r.consumed();
        return m;
    }
    // DGM_LENGTH counts the bytes after the header: the two names and the user data. The
    // datagram may be cut short by the capture, never longer.
    const auto length = r.readU16BigEndian();
    const auto offset = r.readU16BigEndian();
    if (!length || !offset || *length < 2 * kMinNameSize || bytes.size() > kDatagramHeaderSize + *length) return std::nullopt;
    if ((flags & 0x02u) != 0 && *offset != 0) return std::nullopt; // the first fragment starts at 0
    auto source = readName(bytes, r, false);
    auto destination = source ? readName(bytes, r, false) : std::nullopt;
    if (!destination) return std::nullopt;
    m.source = std::move(*source);
    m.destination = std::move(*destination);
    m.provenLength = r.consumed();
    const auto magic = r.peek(4);
    m.smb = magic && std::to_integer<unsigned>((*magic)[0]) == 0xFF && asText(magic->subspan(1)) == "SMB";
    return m;
}

std::string ipv4(std::uint32_t address)
{
    return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xFFu) + "." +
           std::to_string((address >> 8) & 0xFFu) + "." + std::to_string(address & 0xFFu);
}

// --- The connection ----------------------------------------------------------------------------

template <typename Message>
struct Found {
    Message message;
    Direction direction = Direction::ToServer;
    std::size_t offset = 0; // into the direction's kept payload
    std::size_t index = 0;  // which datagram of the direction (0: the first)
};

// The first datagram of direction d (among the first kMaxDatagrams) that parse accepts.
template <typename Message>
std::optional<Found<Message>> firstValid(const DetectionInput &input, Direction d, std::optional<Message> (*parse)(Bytes))
{
    std::optional<Found<Message>> found;
    std::size_t index = 0;
    input.forEachDatagram(d, [&](Bytes datagram, std::uint32_t offset) {
        if (index >= kMaxDatagrams) return false;
        if (auto m = parse(datagram)) {
            found = Found<Message>{std::move(*m), d, std::size_t{offset}, index};
            return false;
        }
        ++index;
        return true;
    });
    return found;
}

std::string side(Direction d) { return d == Direction::ToServer ? "client's" : "server's"; }

std::string where(Direction d, std::size_t index)
{
    return index == 0 ? "the " + side(d) + " first datagram"
                      : "datagram " + std::to_string(index + 1) + " of the " + side(d) + " side";
}

// The name and datagram services (137/udp, 138/udp).
class DatagramServices {
public:
    static bool ruledOut(const DetectionInput &input)
    {
        // Each side is read up to its kMaxDatagrams-th datagram: once a side sent that many (or
        // nothing yet), more datagrams from it change nothing.
        std::size_t datagrams[2] = {0, 0};
        for (const auto &chunk : input.connection.payload.chunks) ++datagrams[static_cast<int>(chunk.direction)];
        const auto settled = [&](Direction d) {
            const std::size_t sent = datagrams[static_cast<int>(d)];
            return sent == 0 || sent >= kMaxDatagrams;
        };
        return input.isUdp() && settled(Direction::ToServer) && settled(Direction::ToClient);
    }

    static std::optional<Detection> detect(const DetectionInput &input)
    {
        if (!input.isUdp()) return std::nullopt;
        const auto client = firstValid(input, Direction::ToServer, parseNameMessage);
        const auto server = firstValid(input, Direction::ToClient, parseNameMessage);
        if (client || server) {
            // The request first (the peers may swap the usual roles), the other side's message as its answer.
            const bool clientLeads = client && (!client->message.response || !server);
            const auto &main = clientLeads ? *client : *server;
            const auto &other = clientLeads ? server : client;
            return nameService(main, other ? &*other : nullptr);
        }
        const auto datagram = firstValid(input, Direction::ToServer, parseDatagram);
        if (datagram) return datagramService(*datagram);
        if (const auto back = firstValid(input, Direction::ToClient, parseDatagram)) return datagramService(*back);
        return std::nullopt;
    }

private:
    static Detection nameService(const Found<NameMessage> &main, const Found<NameMessage> *other)
    {
        const NameMessage &m = main.message;
        // A request answered from the other side with the same transaction ID and name.
        const bool paired = other && !m.response && other->message.response && other->message.id == m.id &&
                            other->message.name == m.name;
        const std::string type = m.type == kTypeNbstat ? "NBSTAT" : m.type == kTypeNull ? "NULL" : "NB";
        Detection d;
        d.protocol = "NetBIOS";
        d.confidence = paired ? Confidence::High : Confidence::Medium;
        std::string sentence = "NetBIOS name " + opcodeName(m.opcode) + (m.response ? " response" : " request") +
                               " (" + type + ") for '" + m.name + "' in " + where(main.direction, main.index) +
                               ": DNS-like header and a first-level-encoded name (0x20 and 32 letters A-P)";
        if (paired) sentence += ", answered by the " + side(other->direction) + " response with the same transaction ID";
        d.evidence = {main.direction, static_cast<std::uint32_t>(main.offset), static_cast<std::uint32_t>(m.provenLength),
                      std::move(sentence)};
        d.add("netbios.service", "name");
        d.add("netbios.name", m.name);
        d.add("netbios.opcode", opcodeName(m.opcode));
        d.add("netbios.qr", m.response ? "response" : "query");
        d.add("netbios.type", type);
        return d;
    }

    static Detection datagramService(const Found<DatagramMessage> &found)
    {
        const DatagramMessage &m = found.message;
        Detection d;
        d.protocol = "NetBIOS";
        d.confidence = Confidence::Medium;
        const std::string from = ipv4(m.sourceIp) + ":" + std::to_string(m.sourcePort);
        std::string sentence = "NetBIOS " + datagramTypeName(m.type) + " datagram";
        if (!m.source.empty()) sentence += " from '" + m.source + "' (" + from + ")";
        sentence += " to '" + m.destination + "' in " + where(found.direction, found.index) +
                    ": message type, source address and first-level-encoded name" + (m.source.empty() ? "" : "s");
        if (m.smb) sentence += "; it carries an SMB message";
        d.evidence = {found.direction, static_cast<std::uint32_t>(found.offset), static_cast<std::uint32_t>(m.provenLength),
                      std::move(sentence)};
        d.add("netbios.service", "datagram");
        d.add("netbios.name", m.source.empty() ? m.destination : m.source);
        d.add("netbios.opcode", datagramTypeName(m.type));
        if (!m.source.empty()) d.add("netbios.destination", m.destination);
        d.add("netbios.source", from);
        if (m.smb) d.add("netbios.payload", "SMB");
        return d;
    }
};

// A NetBIOS name in first-level encoding (RFC 1001 14.1): 0x20, 32 letters 'A'-'P', scope
// labels, 0. Decoded as "NAME<xx>" (xx: the 16th byte, the service suffix).
std::optional<std::string> sessionName(ByteReader &r)
{
    const auto length = r.readU8();
    if (!length || *length != 0x20) return std::nullopt;
    const auto encoded = r.read(32);
    if (!encoded) return std::nullopt;
    std::string name;
    unsigned suffix = 0;
    for (std::size_t i = 0; i < 32; i += 2) {
        const auto high = std::to_integer<unsigned>((*encoded)[i]);
        const auto low = std::to_integer<unsigned>((*encoded)[i + 1]);
        if (high < 'A' || high > 'P' || low < 'A' || low > 'P') return std::nullopt;
        const unsigned c = ((high - 'A') << 4) | (low - 'A');
        if (i == 30) suffix = c;
        else name += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '.';
    }
    while (true) { // scope labels
        const auto label = r.readU8();
        if (!label || *label > 63) return std::nullopt;
        if (*label == 0) break;
        if (!r.skip(*label)) return std::nullopt;
    }
    while (!name.empty() && name.back() == ' ') name.pop_back();
    char tail[8];
    std::snprintf(tail, sizeof tail, "<%02x>", suffix);
    return name + tail;
}

std::string negativeReason(std::uint8_t code)
{
    switch (code) {
    case 0x80: return "not listening on called name";
    case 0x81: return "not listening for calling name";
    case 0x82: return "called name not present";
    case 0x83: return "insufficient resources";
    default: return "unspecified error";
    }
}

// The session service (139/tcp) when it carries no SMB. It stays at Medium while only the
// session set-up is seen: the detection engine stops at the first High answer, and SMB usually
// follows the set-up.
class SessionService {
public:
    static std::optional<Detection> detect(const DetectionInput &input)
    {
        const Start clientStart = start(input.clientData());
        const Start serverStart = start(input.serverData());
        if (clientStart.other || serverStart.other) return std::nullopt;
        // SMB inside the session: the SMB detector owns the connection.
        if ((clientStart.message && carriesSmb(*clientStart.message)) || (serverStart.message && carriesSmb(*serverStart.message)))
            return std::nullopt;

        Detection d;
        d.protocol = "NetBIOS";
        bool request = false;
        if (clientStart.setup && clientStart.setup->type == kSessionRequest && clientStart.setup->complete) {
            ByteReader body = clientStart.setup->body;
            const auto called = sessionName(body);
            const auto calling = called ? sessionName(body) : std::nullopt;
            if (!calling || !body.empty()) return std::nullopt;
            request = true;
            d.add("netbios.called", *called);
            d.add("netbios.calling", *calling);
            d.evidence = {Direction::ToServer, 0, 4 + clientStart.setup->length,
                          "NetBIOS session request from '" + *calling + "' to '" + *called +
                              "' at the start of the client's data"};
        }
        bool response = false;
        if (serverStart.setup && serverStart.setup->complete) {
            const SessionPacket &p = *serverStart.setup;
            ByteReader body = p.body;
            std::string what;
            if (p.type == kPositiveResponse && p.length == 0) {
                what = "positive";
            } else if (p.type == kNegativeResponse && p.length == 1) {
                // The error code may be past the bytes kept (a cut packet): then it is not known.
                const auto code = body.readU8();
                what = code ? "negative: " + negativeReason(*code) : std::string("negative (error code not captured)");
            } else if (p.type == kRetargetResponse && p.length == 6) {
                what = "retarget";
            } else {
                return std::nullopt;
            }
            response = true;
            d.add("netbios.response", what);
            if (!request)
                d.evidence = {Direction::ToClient, 0, 4 + p.length,
                              "NetBIOS session " + what + " response at the start of the server's data"};
        }
        if (!request && !response) return std::nullopt;
        // Session set-up followed by non-SMB session messages: the session carries something else.
        const bool carriesData = clientStart.message.has_value() || serverStart.message.has_value();
        // A lone 4-byte response is only a magic number; a request has two validated names.
        d.confidence = !request ? Confidence::Low : response && carriesData ? Confidence::High : Confidence::Medium;
        return d;
    }
};

constexpr ProtocolIdentity kNetbiosIdentity{.name = "NetBIOS",
                                            .displayName = "NetBIOS name, datagram and session services",
                                            .tcp = true,
                                            .udp = true,
                                            .tieRank = 180};

// One protocol, three services: the session service over TCP, names and datagrams over UDP.
class NetbiosDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kNetbiosIdentity; }
    bool ruledOut(const DetectionInput &input) const override { return input.isUdp() && DatagramServices::ruledOut(input); }
    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        return input.isTcp() ? SessionService::detect(input) : DatagramServices::detect(input);
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(NetbiosDetector)

} // namespace portlens
