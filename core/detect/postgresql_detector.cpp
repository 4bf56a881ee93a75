// PostgreSQL frontend/backend protocol (PostgreSQL documentation, "Message Formats"). The client
// speaks first with a message that has no type byte: a 4-byte big-endian length (itself
// included) and a 4-byte code. The StartupMessage's code is the protocol version 3.0
// (0x00030000; 3.2 since PostgreSQL 18), followed by NUL-terminated name/value pairs (user,
// database, application_name, ...) and a final NUL. SSLRequest (80877103) and GSSENCRequest
// (80877104) are exactly 8 bytes; the server answers one byte, 'S' (go ahead: TLS or GSSAPI
// follows) or 'N' (refused: the startup message follows in clear). Every later server message
// is a type byte and a 4-byte length: authentication requests are 'R' with a 4-byte method
// (0 ok, 3 cleartext password, 5 MD5, 10 SASL), errors 'E'.
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"
#include "core/util/translatable.h"

#include <algorithm>
#include <string>

namespace portlens {

namespace {

constexpr const char *kUserKey = "pgsql.user";
constexpr const char *kDatabaseKey = "pgsql.database";
constexpr const char *kApplicationKey = "pgsql.application_name";
constexpr const char *kTlsKey = "pgsql.tls";
constexpr const char *kGssEncKey = "pgsql.gssenc";
constexpr const char *kAuthKey = "pgsql.auth";

constexpr std::uint32_t kSslRequest = 80877103;
constexpr std::uint32_t kGssEncRequest = 80877104;
constexpr std::uint32_t kCancelRequest = 80877102;
constexpr std::size_t kMaxStartup = 10000; // the server refuses longer startup packets

struct Startup {
    std::size_t offset = 0; // in the client's data
    std::size_t length = 0;
    std::string user, database, application;
};

struct ClientOpening {
    std::uint32_t request = 0; // kSslRequest, kGssEncRequest or kCancelRequest, 0 for none
    std::optional<Startup> startup;
};

// A StartupMessage at the start of r, protocol 3.x, its pairs ending exactly at its length.
std::optional<Startup> startupMessage(ByteReader r, std::size_t offset)
{
    const auto length = r.readU32BigEndian();
    const auto version = r.readU32BigEndian();
    if (!length || !version || (*version & 0xffff0000u) != 0x00030000u || (*version & 0xffffu) > 2) return std::nullopt;
    if (*length < 8 + 1 || *length > kMaxStartup) return std::nullopt;
    auto pairs = r.subReader(*length - 8);
    if (!pairs) return std::nullopt; // not all kept: wait for the rest
    Startup s;
    s.offset = offset;
    s.length = *length;
    const auto string = [&]() -> std::optional<std::string_view> {
        const Bytes rest = pairs->rest();
        const auto nul = std::find(rest.begin(), rest.end(), std::byte{0});
        if (nul == rest.end()) return std::nullopt;
        const std::string_view text = asText(*pairs->read(static_cast<std::size_t>(nul - rest.begin())));
        pairs->skip(1);
        return text;
    };
    bool user = false;
    for (;;) {
        const auto name = string();
        if (!name) return std::nullopt;
        if (name->empty()) break; // the final NUL
        const auto value = string();
        if (!value || !text::isPrintable(*name)) return std::nullopt;
        if (*name == "user") {
            user = true;
            s.user = text::printable(*value, 64);
        } else if (*name == "database") {
            s.database = text::printable(*value, 64);
        } else if (*name == "application_name") {
            s.application = text::printable(*value, 64);
        }
    }
    if (!pairs->empty() || !user) return std::nullopt;
    return s;
}

std::optional<ClientOpening> clientOpening(Bytes data, bool serverRefused)
{
    ByteReader r(data);
    const auto fixed = r.readFixed<8>();
    if (!fixed) return std::nullopt;
    const std::uint32_t length = fieldU32BigEndian<0>(*fixed);
    const std::uint32_t code = fieldU32BigEndian<4>(*fixed);
    ClientOpening opening;
    if ((code == kSslRequest || code == kGssEncRequest) && length == 8) {
        opening.request = code;
        // After an 'N' the client starts over in clear.
        if (serverRefused) opening.startup = startupMessage(r, 8);
        return opening;
    }
    if (code == kCancelRequest && length == 16) {
        if (r.remaining() < 8) return std::nullopt;
        opening.request = code;
        return opening;
    }
    opening.startup = startupMessage(ByteReader(data), 0);
    if (!opening.startup) return std::nullopt;
    return opening;
}

struct ServerOpening {
    char answer = 0;          // 'S' or 'N' to an SSLRequest/GSSENCRequest, 0 for none
    std::string auth;         // the first authentication request's method
    bool cleartext = false;
};

std::string authName(std::uint32_t method, ByteReader rest)
{
    switch (method) {
    case 0: return "ok (no password asked)";
    case 2: return "Kerberos V5";
    case 3: return "cleartext password";
    case 5: return "MD5 password";
    case 7: return "GSSAPI";
    case 9: return "SSPI";
    case 10: {
        std::string mechanisms;
        for (;;) {
            const Bytes bytes = rest.rest();
            const auto nul = std::find(bytes.begin(), bytes.end(), std::byte{0});
            if (nul == bytes.end() || nul == bytes.begin()) break;
            const std::string_view name = asText(rest.read(static_cast<std::size_t>(nul - bytes.begin())).value_or(Bytes{}));
            rest.skip(1);
            if (!mechanisms.empty()) mechanisms += ", ";
            mechanisms += text::printable(name, 32);
        }
        return "SASL" + (mechanisms.empty() ? std::string() : " (" + mechanisms + ")");
    }
    default: return "method " + std::to_string(method);
    }
}

// The server's first bytes: an optional 'S'/'N', then an 'R' authentication request.
std::optional<ServerOpening> serverOpening(Bytes data, bool afterRequest)
{
    ByteReader r(data);
    ServerOpening s;
    const auto first = r.peekU8();
    if (!first) return std::nullopt;
    if (afterRequest && (*first == 'S' || *first == 'N')) {
        s.answer = static_cast<char>(*first);
        r.skip(1);
        if (s.answer == 'S') return s; // TLS or GSSAPI from here on
    }
    const auto type = r.readU8();
    const auto length = r.readU32BigEndian();
    const auto method = r.readU32BigEndian();
    const auto answerOnly = [&]() -> std::optional<ServerOpening> {
        if (s.answer == 0) return std::nullopt;
        return s;
    };
    if (type != 'R' || !length || !method || *length < 8 || *length > 2048) return answerOnly();
    // MD5 carries a 4-byte salt, SASL its mechanism names, the continuations their data; the
    // others nothing.
    bool lengthFits = *length == 8;
    if (*method == 5) lengthFits = *length == 12;
    else if (*method == 10) lengthFits = *length > 8;
    else if (*method == 8 || *method == 11 || *method == 12) lengthFits = true;
    if (!lengthFits || *method > 12) return answerOnly();
    const auto body = r.subReader(std::min<std::size_t>(*length - 8, r.remaining()));
    s.auth = authName(*method, body.value_or(ByteReader()));
    s.cleartext = *method == 3;
    return s;
}

constexpr ProtocolIdentity kPostgreSqlIdentity{
    .name = "PostgreSQL", .displayName = "PostgreSQL", .tcp = true, .udp = false, .tieRank = 360};

class PostgreSqlDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kPostgreSqlIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (context.meta(kAuthKey) == "cleartext password")
            context.note("pgsql-cleartext-password", Severity::Warning,
                         QT_TRANSLATE_NOOP("Verdict", "The PostgreSQL server asks for the password in clear text, and this "
                                                      "connection is not encrypted: the password crosses the network readable"));
    }

    bool ruledOut(const DetectionInput &input) const override
    {
        // The client's first 8 bytes and the server's first byte decide.
        const Bytes client = input.clientData();
        const Bytes server = input.serverData();
        bool clientWrong = client.empty();
        if (client.size() >= 8) {
            ByteReader r(client);
            const std::uint32_t length = r.readU32BigEndian().value_or(0); // 8 bytes: checked above
            const std::uint32_t code = r.readU32BigEndian().value_or(0);
            const bool request = (code == kSslRequest || code == kGssEncRequest) && length == 8;
            const bool cancel = code == kCancelRequest && length == 16;
            const bool startup = (code & 0xffff0000u) == 0x00030000u && length > 8 && length <= kMaxStartup;
            clientWrong = !request && !cancel && !startup;
        }
        const auto first = ByteReader(server).peekU8();
        const bool serverWrong = !first || (*first != 'R' && *first != 'S' && *first != 'N' && *first != 'E');
        return clientWrong && serverWrong && (!client.empty() || !server.empty());
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Bytes serverData = input.serverData();
        const bool refused = !serverData.empty() && std::to_integer<char>(serverData.front()) == 'N';
        const auto client = clientOpening(input.clientData(), refused);
        const auto server = serverOpening(serverData, client && client->request != 0);
        if (!client && !(server && !server->auth.empty())) return std::nullopt;

        Detection d;
        d.protocol = "PostgreSQL";
        const bool tls = client && client->request == kSslRequest;
        const bool gss = client && client->request == kGssEncRequest;
        if (client) {
            // Protocol 3.x with pairs ending at the length and a user, or an 8-byte request with
            // its 32-bit code: unmistakable.
            d.confidence = Confidence::High;
            if (client->startup) {
                const Startup &s = *client->startup;
                std::string sentence = "PostgreSQL startup message (protocol 3.0) for user '" + s.user + "'";
                if (!s.database.empty()) sentence += " and database '" + s.database + "'";
                sentence += client->request ? " after the server refused encryption" : " at the start of the client's data";
                d.evidence = {Direction::ToServer, static_cast<std::uint32_t>(s.offset), static_cast<std::uint32_t>(s.length), sentence};
            } else {
                const char *what = tls ? "SSLRequest (the client asks to switch to TLS)"
                                   : gss ? "GSSENCRequest (the client asks for GSSAPI encryption)"
                                         : "CancelRequest (the client cancels a running query)";
                d.evidence = {Direction::ToServer, 0, static_cast<std::uint32_t>(client->request == kCancelRequest ? 16 : 8),
                              std::string("PostgreSQL ") + what + " at the start of the client's data"};
            }
        } else {
            // An 'R' message with a method and a length that fit: few bytes, Medium.
            d.confidence = Confidence::Medium;
            d.evidence = {Direction::ToClient, 0, static_cast<std::uint32_t>(std::min<std::size_t>(serverData.size(), 9)),
                          "PostgreSQL authentication request (" + server->auth + ") at the start of the server's data"};
        }
        if (client && client->startup) {
            d.add(kUserKey, client->startup->user);
            if (!client->startup->database.empty()) d.add(kDatabaseKey, client->startup->database);
            if (!client->startup->application.empty()) d.add(kApplicationKey, client->startup->application);
        }
        const std::string answer = server && server->answer == 'S' ? "accepted" : server && server->answer == 'N' ? "refused" : "requested";
        if (tls) d.add(kTlsKey, answer);
        if (gss) d.add(kGssEncKey, answer);
        if (server && !server->auth.empty()) d.add(kAuthKey, server->auth);
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(PostgreSqlDetector)

} // namespace portlens
