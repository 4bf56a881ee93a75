// MySQL and MariaDB client/server protocol (MySQL source documentation, "Connection Phase").
// Every packet starts with a 3-byte little-endian payload length and a 1-byte sequence number.
// The server speaks first, with sequence 0: the greeting (Protocol::HandshakeV10) starts with
// protocol version 10, a NUL-terminated server version ("8.0.36", "10.11.6-MariaDB"), a 4-byte
// connection ID, 8 bytes of scramble and a zero filler; or, when it refuses the client's host,
// an error packet (0xff, a 2-byte code, "#" and a 5-character SQL state or the message). The
// client answers with sequence 1: HandshakeResponse41 (4-byte capability flags with
// CLIENT_PROTOCOL_41, max packet size, character set, 23 zero bytes, NUL-terminated user name),
// or the 32-byte SSLRequest (the same fields without the user) before TLS.
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <string>

namespace portlens {

namespace {

constexpr const char *kServerVersionKey = "mysql.server_version";
constexpr const char *kUserKey = "mysql.user";
constexpr const char *kAuthPluginKey = "mysql.auth_plugin";
constexpr const char *kTlsKey = "mysql.tls";
constexpr const char *kErrorKey = "mysql.error";

constexpr std::uint32_t kClientProtocol41 = 0x00000200;
constexpr std::uint32_t kClientSsl = 0x00000800;
constexpr std::uint32_t kClientPluginAuth = 0x00080000;

struct PacketHeader {
    std::size_t length = 0;
    unsigned sequence = 0;
};

std::optional<PacketHeader> header(ByteReader &r)
{
    const auto fixed = r.readFixed<4>();
    if (!fixed) return std::nullopt;
    PacketHeader h;
    h.length = std::size_t{fieldU8<0>(*fixed)} | (std::size_t{fieldU8<1>(*fixed)} << 8) | (std::size_t{fieldU8<2>(*fixed)} << 16);
    h.sequence = fieldU8<3>(*fixed);
    return h;
}

// A NUL-terminated string within r, consumed with its NUL; nothing when no NUL is there.
std::optional<std::string_view> cString(ByteReader &r, std::size_t maxLength)
{
    const Bytes rest = r.rest();
    const auto nul = std::find(rest.begin(), rest.end(), std::byte{0});
    if (nul == rest.end()) return std::nullopt;
    const auto length = static_cast<std::size_t>(nul - rest.begin());
    if (length > maxLength) return std::nullopt;
    const std::string_view s = asText(r.read(length).value_or(Bytes{})); // the NUL lies beyond: length bytes remain
    r.skip(1);
    return s;
}

struct Greeting {
    std::string version;
    std::string authPlugin;
    std::string error;    // an error packet instead of a greeting
    std::size_t length = 0; // of the packet, header included, as kept
};

// The server's first packet: HandshakeV10 or an error packet, sequence 0.
std::optional<Greeting> greeting(Bytes data)
{
    ByteReader r(data);
    const auto h = header(r);
    if (!h || h->sequence != 0 || h->length < 9 || h->length > 1024) return std::nullopt;
    ByteReader body(r.rest().first(std::min(h->length, r.remaining())));
    Greeting g;
    g.length = 4 + body.remaining();
    const auto first = body.readU8();
    if (first == 0xff) {
        // ERR_Packet: error code, then "#" + SQL state (or not, before the handshake) and text.
        const auto code = body.readU16LittleEndian();
        if (!code || *code < 1000 || *code >= 5000 || body.remaining() + 3 != h->length) return std::nullopt;
        std::string_view message = asText(body.rest());
        if (!message.empty() && message.front() == '#') message.remove_prefix(std::min<std::size_t>(6, message.size()));
        if (message.size() < 4 || !text::isPrintable(message)) return std::nullopt;
        g.error = std::to_string(*code) + " " + text::printable(message, 120);
        return g;
    }
    if (first != 10) return std::nullopt;
    const auto version = cString(body, 64);
    if (!version || version->empty() || !text::isDigit(version->front()) ||
        !text::isPrintable(*version))
        return std::nullopt;
    // connection id (4), scramble part 1 (8), filler 0
    if (!body.skip(12) || body.readU8() != 0) return std::nullopt;
    g.version = std::string(*version);
    // capabilities (2), charset (1), status (2), capabilities upper (2), scramble length (1),
    // reserved (10), scramble part 2 (max(13, length - 8)), plugin name
    const auto lower = body.readU16LittleEndian();
    if (lower && body.skip(3)) {
        const auto upper = body.readU16LittleEndian();
        const auto scramble = body.readU8();
        const std::uint32_t caps = (std::uint32_t{upper.value_or(0)} << 16) | *lower;
        if (upper && scramble && (caps & kClientPluginAuth) && body.skip(10) &&
            body.skip(std::max<std::size_t>(13, *scramble > 8 ? *scramble - 8u : 0u))) {
            if (const auto plugin = cString(body, 64); plugin && text::isPrintable(*plugin)) g.authPlugin = std::string(*plugin);
        }
    }
    return g;
}

struct Login {
    std::string user; // empty for an SSLRequest
    bool sslRequest = false;
    std::size_t length = 0;
};

// The client's first packet: HandshakeResponse41 or SSLRequest, sequence 1.
std::optional<Login> login(Bytes data)
{
    ByteReader r(data);
    const auto h = header(r);
    if (!h || h->sequence != 1 || h->length < 32 || h->length > 0x10000) return std::nullopt;
    const auto fixed = r.readFixed<32>();
    if (!fixed) return std::nullopt;
    const std::uint32_t caps = std::uint32_t{fieldU8<0>(*fixed)} | (std::uint32_t{fieldU8<1>(*fixed)} << 8) |
                               (std::uint32_t{fieldU8<2>(*fixed)} << 16) | (std::uint32_t{fieldU8<3>(*fixed)} << 24);
    if (!(caps & kClientProtocol41)) return std::nullopt;
    const auto filler = fieldBytes<9, 23>(*fixed);
    if (!std::all_of(filler.begin(), filler.end(), [](std::byte b) { return b == std::byte{0}; })) return std::nullopt;
    Login l;
    if (h->length == 32) {
        if (!(caps & kClientSsl)) return std::nullopt;
        l.sslRequest = true;
        l.length = 36;
        return l;
    }
    ByteReader body(r.rest().first(std::min(h->length - 32, r.remaining())));
    const auto user = cString(body, 128);
    if (!user) return std::nullopt; // any bytes (UTF-8 names); shown through text::printable
    l.user = std::string(*user);
    l.length = 36 + body.consumed();
    return l;
}

constexpr ProtocolIdentity kMySqlIdentity{
    .name = "MySQL", .displayName = "MySQL / MariaDB", .tcp = true, .udp = false, .tieRank = 350};

class MySqlDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kMySqlIdentity; }

    bool ruledOut(const DetectionInput &input) const override
    {
        // Sequence numbers and the first body byte are fixed: wrong ones stay wrong.
        const auto wrong = [](Bytes data, unsigned sequence, bool server) {
            ByteReader r(data);
            const auto h = header(r);
            const auto first = r.peekU8();
            if (!h || !first) return false;
            if (h->sequence != sequence) return true;
            return server ? (*first != 10 && *first != 0xff) : h->length < 32;
        };
        const Bytes client = input.clientData();
        const Bytes server = input.serverData();
        return (client.empty() || wrong(client, 1, false)) && (server.empty() || wrong(server, 0, true));
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const auto server = greeting(input.serverData());
        const auto client = login(input.clientData());
        if (!server && !client) return std::nullopt;

        Detection d;
        d.protocol = "MySQL";
        if (server) {
            // Version 10, a version string starting with a digit and the zero filler where the
            // length puts them: unmistakable. An error packet alone is short: Medium.
            d.confidence = server->error.empty() || client ? Confidence::High : Confidence::Medium;
            const std::string what = server->error.empty()
                                         ? "MySQL server greeting (protocol version 10, server version '" +
                                               text::printable(server->version) + "')"
                                         : "MySQL error packet refusing the connection (" + server->error + ")";
            d.evidence = {Direction::ToClient, 0, static_cast<std::uint32_t>(server->length),
                          what + " at the start of the server's data"};
        } else {
            // The 23 zero bytes and CLIENT_PROTOCOL_41 fix the layout.
            d.confidence = Confidence::High;
            d.evidence = {Direction::ToServer, 0, static_cast<std::uint32_t>(client->length),
                          client->sslRequest ? std::string("MySQL SSL request (the client asks to switch to TLS before logging in)")
                                                   + " at the start of the client's data"
                                             : "MySQL login (HandshakeResponse41) for user '" + text::printable(client->user) +
                                                   "' at the start of the client's data"};
        }
        if (server && !server->version.empty()) d.add(kServerVersionKey, text::printable(server->version));
        if (server && !server->authPlugin.empty()) d.add(kAuthPluginKey, server->authPlugin);
        if (server && !server->error.empty()) d.add(kErrorKey, server->error);
        if (client && !client->user.empty()) d.add(kUserKey, text::printable(client->user));
        if (client && client->sslRequest) d.add(kTlsKey, "requested");
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(MySqlDetector)

} // namespace portlens
