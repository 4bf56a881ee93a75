// TDS, the protocol of Microsoft SQL Server and Sybase ([MS-TDS] 2.2.3). Every packet starts with
// an 8-byte header: type (0x12 PRELOGIN, 0x10 LOGIN7, 0x04 tabular response, 0x01 SQL batch,
// 0x03 RPC ...), status (bit 0: end of message), the packet's length (big-endian, header
// included), SPID, packet ID and a zero window byte. A client opens with PRELOGIN, whose payload
// is an option table (token, 2-byte offset, 2-byte length; VERSION first; 0xFF ends it) pointing
// into the payload; the server answers with a response packet carrying the same table (its
// VERSION is the server's, ENCRYPTION the outcome). Old clients open with LOGIN7 directly: its
// payload starts with its own little-endian length and a TDS version, and names host, user,
// application and server in UTF-16 (the password only XOR-scrambled).
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"
#include "core/util/translatable.h"

#include <algorithm>
#include <string>
#include <vector>

namespace portlens {

namespace {

constexpr const char *kVersionKey = "tds.version";
constexpr const char *kServerVersionKey = "tds.server_version";
constexpr const char *kEncryptionKey = "tds.encryption";
constexpr const char *kUserKey = "tds.user";
constexpr const char *kAppKey = "tds.app";
constexpr const char *kLoginKey = "tds.login";

constexpr std::size_t kHeaderSize = 8;
constexpr unsigned kPrelogin = 0x12;
constexpr unsigned kLogin7 = 0x10;
constexpr unsigned kResponse = 0x04;

struct Packet {
    unsigned type = 0;
    std::size_t length = 0;
    Bytes payload; // the whole payload, kept
};

// The first packet of a direction, whole, with a consistent header.
std::optional<Packet> firstPacket(Bytes data)
{
    ByteReader r(data);
    const auto header = r.readFixed<kHeaderSize>();
    if (!header) return std::nullopt;
    Packet p;
    p.type = fieldU8<0>(*header);
    const unsigned status = fieldU8<1>(*header);
    p.length = fieldU16BigEndian<2>(*header);
    if ((status & ~0x1bu) != 0 || fieldU8<7>(*header) != 0 || p.length <= kHeaderSize) return std::nullopt;
    const auto payload = r.read(p.length - kHeaderSize);
    if (!payload) return std::nullopt;
    p.payload = *payload;
    return p;
}

struct Prelogin {
    std::string version; // "15.0.2000"
    std::string encryption;
};

const char *encryptionName(unsigned value)
{
    switch (value) {
    case 0: return "off (login only)";
    case 1: return "on";
    case 2: return "not supported";
    case 3: return "required";
    default: return nullptr;
    }
}

// The PRELOGIN option table: VERSION first, every option inside the payload past the table.
std::optional<Prelogin> prelogin(Bytes payload)
{
    ByteReader table(payload);
    Prelogin p;
    std::size_t options = 0;
    struct Option {
        unsigned token;
        std::size_t offset, length;
    };
    std::vector<Option> list;
    for (;;) {
        const auto token = table.readU8();
        if (!token) return std::nullopt;
        if (*token == 0xff) break;
        const auto offset = table.readU16BigEndian();
        const auto length = table.readU16BigEndian();
        if (!offset || !length || *token > 0x08 || ++options > 16) return std::nullopt;
        if (options == 1 && (*token != 0x00 || *length != 6)) return std::nullopt;
        list.push_back({*token, *offset, *length});
    }
    const std::size_t tableEnd = table.consumed();
    for (const Option &o : list) {
        if (o.offset < tableEnd || o.offset + o.length > payload.size()) return std::nullopt;
        ByteReader value(payload.subspan(o.offset, o.length));
        if (o.token == 0x00 && o.length >= 4) {
            // At least 4 bytes: checked above.
            const unsigned major = value.readU8().value_or(0);
            const unsigned minor = value.readU8().value_or(0);
            const unsigned build = value.readU16BigEndian().value_or(0);
            p.version = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(build);
        } else if (o.token == 0x01 && o.length == 1) {
            const char *name = encryptionName(value.readU8().value_or(0xff)); // one byte: checked above
            if (!name) return std::nullopt;
            p.encryption = name;
        }
    }
    return p;
}

struct Login {
    std::string version;
    std::string user, app, host;
    bool password = false;
};

const char *tdsVersionName(std::uint32_t v)
{
    switch (v) {
    case 0x70000000: return "7.0";
    case 0x71000000: return "7.1";
    case 0x71000001: return "7.1 rev 1";
    case 0x72090002: return "7.2";
    case 0x730A0003: return "7.3A";
    case 0x730B0003: return "7.3B";
    case 0x74000004: return "7.4";
    case 0x08000000: return "8.0";
    default: return nullptr;
    }
}

// A UTF-16LE field of LOGIN7 (offset and length in characters from the payload's start), as ASCII.
std::optional<std::string> loginString(Bytes payload, std::size_t offset, std::size_t characters)
{
    if (characters == 0) return std::string();
    if (characters > 128 || offset + 2 * characters > payload.size()) return std::nullopt;
    ByteReader r(payload.subspan(offset, 2 * characters));
    std::string out;
    while (const auto unit = r.readU16LittleEndian()) out += *unit < 0x80 ? static_cast<char>(*unit) : '?';
    return text::printable(out, 64);
}

std::optional<Login> login7(Bytes payload)
{
    ByteReader r(payload);
    const auto length = r.readU32LittleEndian();
    const auto version = r.readU32LittleEndian();
    if (!length || *length != payload.size() || !version || !tdsVersionName(*version) || !r.skip(28)) return std::nullopt;
    std::size_t fields[4][2] = {};
    for (auto &field : fields) {
        const auto offset = r.readU16LittleEndian();
        const auto characters = r.readU16LittleEndian();
        if (!offset || !characters) return std::nullopt;
        field[0] = *offset;
        field[1] = *characters;
    }
    const auto host = loginString(payload, fields[0][0], fields[0][1]);
    const auto user = loginString(payload, fields[1][0], fields[1][1]);
    const auto app = loginString(payload, fields[3][0], fields[3][1]);
    if (!host || !user || !app || fields[2][0] + 2 * fields[2][1] > payload.size()) return std::nullopt;
    Login l;
    l.version = tdsVersionName(*version);
    l.host = *host;
    l.user = *user;
    l.app = *app;
    l.password = fields[2][1] > 0;
    return l;
}

constexpr ProtocolIdentity kTdsIdentity{
    .name = "TDS", .displayName = "Microsoft SQL Server (TDS)", .tcp = true, .udp = false, .tieRank = 400};

class TdsDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kTdsIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (context.meta(kLoginKey) == "password in clear")
            context.note("tds-cleartext-login", Severity::Warning,
                         QT_TRANSLATE_NOOP("Verdict", "The SQL Server login travels outside TLS: its password is only "
                                                      "scrambled by a fixed XOR and anyone on the path can read it"));
    }

    bool ruledOut(const DetectionInput &input) const override
    {
        // The client's first byte is its packet type: PRELOGIN or LOGIN7 (or nothing yet).
        const auto first = ByteReader(input.clientData()).peekU8();
        const auto server = ByteReader(input.serverData()).peekU8();
        return first && *first != kPrelogin && *first != kLogin7 && (!server || *server != kResponse);
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const auto clientPacket = firstPacket(input.clientData());
        const auto serverPacket = firstPacket(input.serverData());
        std::optional<Prelogin> clientHello, serverHello;
        std::optional<Login> login;
        if (clientPacket && clientPacket->type == kPrelogin) clientHello = prelogin(clientPacket->payload);
        if (clientPacket && clientPacket->type == kLogin7) login = login7(clientPacket->payload);
        if (serverPacket && serverPacket->type == kResponse) serverHello = prelogin(serverPacket->payload);
        if (!clientHello && !login && !serverHello) return std::nullopt;

        Detection d;
        d.protocol = "TDS";
        // The packet length, the option table's offsets inside the payload with VERSION first, or
        // LOGIN7's own length and a known TDS version: unmistakable.
        d.confidence = Confidence::High;
        // A client hello or login came from clientPacket, a server hello from serverPacket.
        const bool fromClient = clientPacket && (clientHello || login);
        if (!fromClient && !serverPacket) return std::nullopt;
        const Packet &shown = fromClient ? *clientPacket : *serverPacket;
        std::string sentence;
        if (clientHello) sentence = "TDS PRELOGIN packet (SQL Server's opening, option table with client version " + clientHello->version + ")";
        else if (login) sentence = "TDS LOGIN7 packet (TDS " + login->version + ") for user '" + login->user + "'";
        else sentence = "TDS PRELOGIN response (server version " + serverHello->version + ")";
        sentence += std::string(" at the start of the ") + (fromClient ? "client's" : "server's") + " data";
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, 0, static_cast<std::uint32_t>(shown.length), sentence};
        if (clientHello) d.add(kVersionKey, clientHello->version);
        if (serverHello) d.add(kServerVersionKey, serverHello->version);
        const std::string encryption = serverHello && !serverHello->encryption.empty() ? serverHello->encryption
                                       : clientHello ? clientHello->encryption
                                                     : std::string();
        if (!encryption.empty()) d.add(kEncryptionKey, encryption);
        if (login) {
            d.add(kVersionKey, login->version);
            if (!login->user.empty()) d.add(kUserKey, login->user);
            if (!login->app.empty()) d.add(kAppKey, login->app);
            if (login->password) d.add(kLoginKey, "password in clear");
        }
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(TdsDetector)

} // namespace portlens
