// QUIC (RFC 8999 invariants, RFC 9000 17.2, RFC 9369): the client's first datagram is a
// long-header packet (first byte 0b11xxxxxx) naming a version and two connection IDs of at most
// 20 bytes; a client Initial is padded to at least 1200 bytes. The server answers with its own
// long-header packets (Destination Connection ID = the client's Source Connection ID) or with a
// Version Negotiation packet (version 0) echoing both IDs. Google's older QUIC (Q043 and
// earlier) has its own public header with the version as ASCII ("Q043") after an 8-byte ID.
//
// The server name and ALPN come from the client's Initial packets, decrypted with the keys
// every observer can derive (see quic_initial.h), or from the plaintext CHLO of Google QUIC.
#include "core/detect/detector.h"
#include "core/detect/quic_initial.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace portlens {

namespace {

constexpr std::uint32_t kVersion1 = 0x00000001;
constexpr std::uint32_t kVersion2 = 0x6b3343cf;
constexpr std::size_t kMinClientInitial = 1200;

enum class Family { Ietf, Google, Reserved, Negotiation };

struct Version {
    Family family;
    std::string name;
};

std::string hex32(std::uint32_t v)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%08x", v);
    return buffer;
}

bool isDigit(std::uint32_t c) { return c >= '0' && c <= '9'; }

std::optional<Version> classify(std::uint32_t v)
{
    if (v == 0) return Version{Family::Negotiation, "version negotiation"};
    if (v == kVersion1) return Version{Family::Ietf, "v1"};
    if (v == kVersion2) return Version{Family::Ietf, "v2"};
    if ((v >> 8) == 0xff0000 && (v & 0xff) >= 1 && (v & 0xff) <= 34) return Version{Family::Ietf, "draft-" + std::to_string(v & 0xff)};
    if ((v >> 4) == 0xfaceb00) return Version{Family::Ietf, "mvfst " + hex32(v)};
    if ((v & 0x0f0f0f0f) == 0x0a0a0a0a) return Version{Family::Reserved, "reserved " + hex32(v) + " (asks for version negotiation)"};
    const std::uint32_t letter = v >> 24;
    if ((letter == 'Q' || letter == 'T') && ((v >> 16) & 0xff) == '0' && isDigit((v >> 8) & 0xff) && isDigit(v & 0xff))
        return Version{Family::Google, std::string{static_cast<char>(letter), '0', static_cast<char>((v >> 8) & 0xff),
                                                   static_cast<char>(v & 0xff)}};
    return std::nullopt;
}

struct LongHeader {
    std::uint8_t first = 0;
    std::uint32_t version = 0;
    Bytes dcid;
    Bytes scid;
    ByteReader rest; // after the connection IDs
};

std::optional<LongHeader> longHeader(Bytes datagram)
{
    ByteReader r(datagram);
    const auto first = r.readU8();
    const auto version = r.readU32BigEndian();
    if (!first || !version || (*first & 0x80) == 0) return std::nullopt;
    LongHeader h;
    h.first = *first;
    h.version = *version;
    std::size_t dcidLength = 0, scidLength = 0;
    if (*version == 0x51303436) { // Google Q046: both lengths in one byte, each 0 or 3 + nibble
        const auto lengthsByte = r.readU8();
        if (!lengthsByte) return std::nullopt;
        const unsigned lengths = *lengthsByte;
        dcidLength = (lengths >> 4) != 0 ? (lengths >> 4) + 3u : 0u;
        scidLength = (lengths & 0x0fu) != 0 ? (lengths & 0x0fu) + 3u : 0u;
        const auto dcid = r.read(dcidLength);
        const auto scid = dcid ? r.read(scidLength) : std::nullopt;
        if (!scid) return std::nullopt;
        h.dcid = *dcid;
        h.scid = *scid;
    } else {
        const auto dl = r.readU8();
        const auto dcid = dl && *dl <= 20 ? r.read(*dl) : std::nullopt;
        const auto sl = dcid ? r.readU8() : std::nullopt;
        const auto scid = sl && *sl <= 20 ? r.read(*sl) : std::nullopt;
        if (!scid) return std::nullopt;
        h.dcid = *dcid;
        h.scid = *scid;
    }
    h.rest = r;
    return h;
}

bool sameBytes(Bytes a, Bytes b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

// An IETF long-header packet's type and, for Initial/0-RTT/Handshake, a length that fits.
struct PacketCheck {
    bool initial = false;
    bool consistent = false;
};

PacketCheck checkPacket(const LongHeader &h)
{
    PacketCheck c;
    const unsigned type = static_cast<unsigned>(h.first >> 4) & 3u;
    const bool v2 = h.version == kVersion2;
    c.initial = v2 ? type == 1 : type == 0;
    const bool retry = v2 ? type == 0 : type == 3;
    ByteReader r = h.rest;
    if (retry) {
        c.consistent = r.remaining() >= 16; // retry token + 16-byte integrity tag
        return c;
    }
    if (c.initial) {
        const auto token = quic::readVarint(r);
        if (!token || !r.skip(static_cast<std::size_t>(*token))) return c;
    }
    const auto length = quic::readVarint(r);
    c.consistent = length && *length >= 20 && *length <= r.remaining();
    return c;
}

struct Side {
    Confidence confidence = Confidence::Low;
    std::string version;
    std::string sentence;
    std::size_t length = 0;
};

// Google QUIC up to Q043: public flags (version bit 0x01, 8-byte connection ID bit 0x08), the
// connection ID, then "Q0nn". The client hello (CHLO) is not encrypted.
std::optional<Side> googlePublicHeader(Bytes datagram, std::string &sni)
{
    ByteReader r(datagram);
    const auto header = r.readFixed<13>();
    if (!header) return std::nullopt;
    const std::uint8_t flags = fieldU8<0>(*header);
    if ((flags & 0xc0) != 0 || (flags & 0x09) != 0x09 || fieldU8<9>(*header) != 'Q' || fieldU8<10>(*header) != '0' ||
        !isDigit(fieldU8<11>(*header)) || !isDigit(fieldU8<12>(*header)))
        return std::nullopt;
    Side s;
    s.version = std::string{'Q', '0', static_cast<char>(fieldU8<11>(*header)), static_cast<char>(fieldU8<12>(*header))};
    s.length = datagram.size();
    const std::string_view all = asText(datagram);
    const std::size_t chlo = all.substr(0, 128).find("CHLO");
    if (chlo == std::string_view::npos) {
        if (datagram.size() < 1000) return std::nullopt; // a version string alone is too little
        s.confidence = Confidence::Medium;
        s.sentence = "Google QUIC public header with version '" + s.version + "'";
        return s;
    }
    s.confidence = Confidence::High;
    s.sentence = "Google QUIC client hello (CHLO) with version '" + s.version + "'";
    // CHLO: tag count (u16 LE), padding, then (tag, end offset u32 LE) pairs, then the values.
    ByteReader tags(datagram);
    tags.skip(chlo + 4);
    const auto count = tags.readU16LittleEndian();
    if (!count || *count > 64 || !tags.skip(2)) return s;
    auto table = tags.subReader(std::size_t{*count} * 8);
    if (!table) return s;
    const ByteReader values = tags;
    std::uint32_t previousEnd = 0;
    while (!table->empty()) {
        const auto tag = table->readFixed<4>();
        const auto end = table->readU32LittleEndian();
        if (!tag || !end || *end < previousEnd) break;
        if (fieldU8<0>(*tag) == 'S' && fieldU8<1>(*tag) == 'N' && fieldU8<2>(*tag) == 'I' && fieldU8<3>(*tag) == 0) {
            ByteReader v = values;
            const auto name = v.skip(previousEnd) ? v.read(*end - previousEnd) : std::nullopt;
            if (name && !name->empty()) sni = text::printable(asText(*name), 255);
            break;
        }
        previousEnd = *end;
    }
    return s;
}

std::vector<Bytes> datagrams(const DetectionInput &input, Direction d, std::size_t max)
{
    std::vector<Bytes> out;
    input.forEachDatagram(d, [&](Bytes datagram, std::uint32_t) {
        out.push_back(datagram);
        return out.size() < max;
    });
    return out;
}

constexpr ProtocolIdentity kQuicIdentity{
    .name = "QUIC", .displayName = "QUIC", .tcp = false, .udp = true, .tieRank = 50};

class QuicDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kQuicIdentity; }
    // Decrypting Initials is the costly part: once the server name is known, later datagrams
    // (encrypted 1-RTT traffic) add nothing.
    bool refreshesAtEnd(const Detection &current) const override { return current.find("quic.sni") == nullptr; }

    bool ruledOut(const DetectionInput & /*input*/) const override
    {
        // Recognising QUIC takes the first datagram of each side (later ones only add names), and a
        // side's first datagram never changes.
        return true;
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Bytes clientFirst = input.firstDatagram(Direction::ToServer);
        const Bytes serverFirst = input.firstDatagram(Direction::ToClient);
        std::string sni;
        std::optional<Side> client = clientSide(clientFirst, sni);
        const auto clientHeader = longHeader(clientFirst);
        std::optional<Side> server = serverSide(serverFirst, client ? clientHeader : std::nullopt);
        if (!client && !server) return std::nullopt;

        Detection d;
        d.protocol = "QUIC";
        d.confidence = std::max(client ? client->confidence : Confidence::Low, server ? server->confidence : Confidence::Low);
        const bool fromClient = client.has_value();
        const Side &shown = fromClient ? *client : *server;
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, 0, static_cast<std::uint32_t>(shown.length),
                      shown.sentence + " in the " + (fromClient ? "client's" : "server's") + " first datagram"};
        d.add("quic.version", shown.version);

        std::vector<std::string> alpn;
        if (client && clientHeader) {
            // The Initial to decrypt: the first client datagram with a version we know the keys of
            // (after a reserved version, the client retries with a real one).
            auto list = datagrams(input, Direction::ToServer, 6);
            while (!list.empty()) {
                const auto h = longHeader(list.front());
                if (h && quic::canDecryptInitial(h->version)) break;
                list.erase(list.begin());
            }
            if (list.size() > 4) list.resize(4);
            if (!list.empty())
                if (const auto names = quic::clientHelloNames(list)) {
                    sni = names->sni;
                    alpn = names->alpn;
                }
        }
        if (!sni.empty()) {
            d.add("quic.sni", sni);
            if (fromClient) d.evidence.sentence += "; its encrypted ClientHello asks for '" + sni + "'";
        }
        if (!alpn.empty()) {
            std::string joined;
            for (const auto &a : alpn) joined += (joined.empty() ? "" : ",") + a;
            d.add("quic.alpn", joined);
        }
        if (server && !server->version.empty() && server->version != shown.version) d.add("quic.server_versions", server->version);
        return d;
    }

private:
    static std::optional<Side> clientSide(Bytes datagram, std::string &sni)
    {
        const auto h = longHeader(datagram);
        if (!h) return googlePublicHeader(datagram, sni);
        const auto version = classify(h->version);
        if (!version || version->family == Family::Negotiation) return std::nullopt;
        if ((h->first & 0x40) == 0 && version->family != Family::Reserved) return std::nullopt; // fixed bit
        Side s;
        s.version = version->name;
        s.length = datagram.size();
        const bool padded = datagram.size() >= kMinClientInitial;
        switch (version->family) {
        case Family::Ietf: {
            const PacketCheck c = checkPacket(*h);
            if (!c.consistent) return std::nullopt;
            s.confidence = c.initial && padded ? Confidence::High : Confidence::Medium;
            s.sentence = std::string("QUIC ") + (c.initial ? "Initial packet" : "long-header packet") + " (version " +
                         version->name + ", " + std::to_string(datagram.size()) + " bytes)";
            return s;
        }
        case Family::Google:
            if (!padded) return std::nullopt;
            s.confidence = Confidence::High;
            s.sentence = "Google QUIC long-header packet (version " + version->name + ", " + std::to_string(datagram.size()) +
                         " bytes)";
            return s;
        default: // reserved version: only a full-size datagram is believable
            if (!padded) return std::nullopt;
            s.confidence = Confidence::Medium;
            s.sentence = "QUIC long-header packet with a " + version->name;
            return s;
        }
    }

    static std::optional<Side> serverSide(Bytes datagram, const std::optional<LongHeader> &client)
    {
        const auto h = longHeader(datagram);
        if (!h) return std::nullopt;
        const auto version = classify(h->version);
        if (!version) return std::nullopt;
        Side s;
        s.length = datagram.size();
        const bool echoes = client && sameBytes(h->dcid, client->scid);
        if (version->family == Family::Negotiation) {
            ByteReader list = h->rest;
            if (list.empty() || list.remaining() % 4 != 0 || list.remaining() > 256) return std::nullopt;
            std::string offered;
            while (auto v = list.readU32BigEndian()) {
                const auto known = classify(*v);
                offered += (offered.empty() ? "" : ",") + (known ? known->name : hex32(*v));
            }
            s.version = offered;
            const bool both = echoes && sameBytes(h->scid, client->dcid);
            s.confidence = both ? Confidence::High : Confidence::Medium;
            s.sentence = "QUIC Version Negotiation packet offering " + offered +
                         (both ? " and echoing the client's connection IDs" : "");
            return s;
        }
        if ((h->first & 0x40) == 0 || version->family == Family::Reserved) return std::nullopt;
        if (version->family == Family::Ietf && !checkPacket(*h).consistent) return std::nullopt;
        if (client && client->version != h->version) return std::nullopt;
        s.version = version->name;
        s.confidence = echoes ? Confidence::High : Confidence::Medium;
        s.sentence = "QUIC long-header packet (version " + version->name + ")" +
                     (echoes ? " addressed to the client's connection ID" : "");
        return s;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(QuicDetector)

} // namespace portlens
