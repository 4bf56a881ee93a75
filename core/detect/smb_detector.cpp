// SMB over TCP (MS-SMB2 2.1, MS-CIFS 2.1): every message travels in a NetBIOS session message
// (type 0x00, 3-byte length) and starts with "\xFFSMB" (SMB1) or "\xFESMB" (SMB2/3; "\xFDSMB"
// is an encrypted SMB3 message). On port 139 a NetBIOS session request (0x81) and its positive
// response (0x82) come first (RFC 1002 4.3).
//
// Two detectors live here: SMB, and NetBIOS for session-service connections that carry no SMB.
// The NetBIOS detector stays at Medium while only the session set-up is seen: the detection
// engine stops at the first High answer, and SMB usually follows the set-up.
#include "core/detect/detectors.h"
#include "core/detect/text_lines.h"

#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

namespace portlens {

namespace {

constexpr std::uint8_t kSessionMessage = 0x00;
constexpr std::uint8_t kSessionRequest = 0x81;
constexpr std::uint8_t kPositiveResponse = 0x82;
constexpr std::uint8_t kNegativeResponse = 0x83;
constexpr std::uint8_t kRetargetResponse = 0x84;
constexpr std::uint8_t kKeepAlive = 0x85;

// One NetBIOS session service packet: type, length, the body bytes present (may be cut).
struct SessionPacket {
    std::uint8_t type = 0;
    std::uint32_t length = 0;
    std::size_t offset = 0; // where the packet starts in the direction's data
    ByteReader body;
    bool complete = false;
};

std::optional<SessionPacket> sessionPacket(ByteReader &r)
{
    const std::size_t offset = r.consumed();
    ByteReader probe = r;
    const auto type = probe.readU8();
    const auto length = probe.readU24BigEndian();
    if (!type || !length) return std::nullopt;
    SessionPacket p{*type, *length, offset, {}, false};
    if (*type == kSessionMessage) {
        if (*length > 0xffffff) return std::nullopt;
    } else if (*type >= kSessionRequest && *type <= kKeepAlive) {
        if (*length > 0x1ffff) return std::nullopt; // RFC 1002: 17-bit length, flags otherwise 0
    } else {
        return std::nullopt;
    }
    if (auto body = probe.subReader(*length)) {
        p.body = *body;
        p.complete = true;
    } else {
        p.body = *probe.subReader(probe.remaining());
    }
    r = probe;
    return p;
}

std::string hex16(std::uint16_t v)
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%04x", unsigned{v});
    return buffer;
}

std::string dialectName(std::uint16_t dialect)
{
    switch (dialect) {
    case 0x0202: return "SMB 2.0.2";
    case 0x0210: return "SMB 2.1";
    case 0x02ff: return "SMB 2.x (multi-protocol negotiate)";
    case 0x0300: return "SMB 3.0";
    case 0x0302: return "SMB 3.0.2";
    case 0x0311: return "SMB 3.1.1";
    default: return hex16(dialect);
    }
}

// What the first SMB message of a direction says.
struct SmbMessage {
    std::string version;       // "SMB1" or "SMB2+"
    bool negotiate = false;    // a NEGOTIATE request or response
    bool response = false;
    bool encrypted = false;    // SMB3 transform header
    std::string dialect;       // from a NEGOTIATE response (SMB2) or the client's list (SMB1)
    std::uint16_t dialectIndex = 0xffff; // SMB1 NEGOTIATE response
    std::vector<std::string> dialects;   // SMB1 NEGOTIATE request
    std::size_t offset = 0;
    std::size_t length = 0;
    std::string command;
};

std::string smb2CommandName(std::uint16_t command)
{
    static const char *const names[] = {"NEGOTIATE", "SESSION_SETUP", "LOGOFF", "TREE_CONNECT", "TREE_DISCONNECT",
                                        "CREATE", "CLOSE", "FLUSH", "READ", "WRITE", "LOCK", "IOCTL", "CANCEL",
                                        "ECHO", "QUERY_DIRECTORY", "CHANGE_NOTIFY", "QUERY_INFO", "SET_INFO",
                                        "OPLOCK_BREAK"};
    return command < std::size(names) ? names[command] : hex16(command);
}

std::optional<SmbMessage> smbMessage(const SessionPacket &p)
{
    if (p.type != kSessionMessage || p.length < 32) return std::nullopt;
    ByteReader r = p.body;
    const auto magic = r.readFixed<4>();
    if (!magic || fieldU8<1>(*magic) != 'S' || fieldU8<2>(*magic) != 'M' || fieldU8<3>(*magic) != 'B') return std::nullopt;
    SmbMessage m;
    m.offset = p.offset;
    m.length = 4 + p.body.remaining();
    const std::uint8_t kind = fieldU8<0>(*magic);
    if (kind == 0xff) {
        // SMB1: command, status (4), flags (bit 0x80: reply), ... 32-byte header; then WordCount.
        const auto header = r.readFixed<28>();
        if (!header) return std::nullopt;
        m.version = "SMB1";
        const std::uint8_t command = fieldU8<0>(*header);
        m.response = (fieldU8<5>(*header) & 0x80) != 0;
        m.negotiate = command == 0x72;
        m.command = m.negotiate ? "NEGOTIATE" : hex16(command);
        if (m.negotiate) {
            const auto words = r.readU8();
            if (words && !m.response && *words == 0) {
                // ByteCount, then dialects: 0x02 "name" NUL.
                const auto count = r.readU16LittleEndian();
                auto list = count ? r.subReader(std::min<std::size_t>(*count, r.remaining())) : std::nullopt;
                while (list && list->peekU8() == 0x02 && m.dialects.size() < 32) {
                    list->skip(1);
                    const std::string_view rest = asText(list->rest());
                    const std::size_t end = rest.find('\0');
                    if (end == std::string_view::npos) break;
                    m.dialects.push_back(text::printable(rest.substr(0, end), 40));
                    list->skip(end + 1);
                }
            } else if (words && m.response && *words >= 1) {
                if (auto index = r.readU16LittleEndian()) m.dialectIndex = *index;
            }
        }
        return m;
    }
    if (kind == 0xfe) {
        // SMB2: StructureSize 64, CreditCharge, Status, Command, Credits, Flags (bit 1: response).
        if (p.length < 64) return std::nullopt;
        const auto header = r.readFixed<60>();
        if (!header) return std::nullopt;
        ByteReader fields{Bytes(*header)};
        const auto structureSize = fields.readU16LittleEndian();
        fields.skip(6);
        const auto command = fields.readU16LittleEndian();
        fields.skip(2);
        const auto flags = fields.readU32LittleEndian();
        if (!structureSize || !command || !flags || *structureSize != 64 || *command > 0x12) return std::nullopt;
        m.version = "SMB2+";
        m.response = (*flags & 1) != 0;
        m.negotiate = *command == 0;
        m.command = smb2CommandName(*command);
        if (m.negotiate && m.response) {
            // NEGOTIATE response body: StructureSize 65, SecurityMode, DialectRevision.
            const auto size = r.readU16LittleEndian();
            r.skip(2);
            const auto dialect = r.readU16LittleEndian();
            if (size && dialect && *size == 65) m.dialect = dialectName(*dialect);
        }
        return m;
    }
    if (kind == 0xfd) {
        // SMB3 transform header: 52 bytes, Flags/EncryptionAlgorithm = 1 at offset 42.
        if (p.length < 52) return std::nullopt;
        const auto header = r.readFixed<48>();
        if (!header || fieldU8<38>(*header) != 1 || fieldU8<39>(*header) != 0) return std::nullopt;
        m.version = "SMB2+";
        m.encrypted = true;
        m.command = "encrypted message";
        return m;
    }
    return std::nullopt;
}

// The NetBIOS packets at the start of a direction: optional session set-up, then the first
// session message (the SMB message, if any).
struct Start {
    std::optional<SessionPacket> setup;   // 0x81 from the client, 0x82-0x84 from the server
    std::optional<SessionPacket> message; // first session message (type 0x00)
    bool other = false;                   // bytes that are not NetBIOS session packets
};

Start start(Bytes data)
{
    Start s;
    ByteReader r(data);
    for (int i = 0; i < 4 && !r.empty(); ++i) {
        auto p = sessionPacket(r);
        if (!p) {
            s.other = true;
            break;
        }
        if (p->type == kKeepAlive) {
            if (p->length != 0) {
                s.other = true;
                break;
            }
            continue;
        }
        if (p->type == kSessionMessage) {
            s.message = p;
            break;
        }
        if (s.setup) {
            s.other = true; // a second set-up packet: not what a session looks like
            break;
        }
        s.setup = p;
        if (!p->complete) break;
    }
    return s;
}

class SmbDetector final : public Detector {
public:
    std::string_view name() const override { return "SMB"; }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Start clientStart = start(input.clientData());
        const Start serverStart = start(input.serverData());
        const auto client = clientStart.message ? smbMessage(*clientStart.message) : std::nullopt;
        const auto server = serverStart.message ? smbMessage(*serverStart.message) : std::nullopt;
        if (!client && !server) return std::nullopt;

        Detection d;
        d.protocol = "SMB";
        d.confidence = Confidence::High; // magic, header size and command checked inside a consistent NetBIOS frame
        const SmbMessage &shown = client ? *client : *server;
        const bool fromClient = client.has_value();
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, static_cast<std::uint32_t>(shown.offset),
                      static_cast<std::uint32_t>(shown.length),
                      (shown.version == "SMB1" ? std::string("SMB1 message (\\xFFSMB) ")
                                               : std::string("SMB2/3 message (\\xFESMB) ")) +
                          shown.command + (shown.response ? " response" : shown.encrypted ? "" : " request") +
                          " in a NetBIOS session message at " + (shown.offset == 0 ? "the start" : "offset " + std::to_string(shown.offset)) +
                          " of the " + (fromClient ? "client's" : "server's") + " data"};
        if (shown.encrypted) d.evidence.sentence = "Encrypted SMB3 message (\\xFDSMB transform header) at the start of the " +
                                                   std::string(fromClient ? "client's" : "server's") + " data";
        d.add("smb.version", shown.version);
        if (server && !server->dialect.empty()) d.add("smb.dialect", server->dialect);
        else if (server && client && server->dialectIndex < client->dialects.size())
            d.add("smb.dialect", client->dialects[server->dialectIndex]);
        if (shown.encrypted || (server && server->encrypted)) d.add("smb.encrypted", "yes");
        return d;
    }
};

// A NetBIOS name in first-level encoding (RFC 1001 14.1): 0x20, 32 letters 'A'-'P', scope
// labels, 0. Decoded as "NAME<xx>" (xx: the 16th byte, the service suffix).
std::optional<std::string> netbiosName(ByteReader &r)
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

class NetbiosSessionDetector final : public Detector {
public:
    std::string_view name() const override { return "NetBIOS"; }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Start clientStart = start(input.clientData());
        const Start serverStart = start(input.serverData());
        if (clientStart.other || serverStart.other) return std::nullopt;
        // SMB inside the session: the SMB detector owns the connection.
        if ((clientStart.message && smbMessage(*clientStart.message)) || (serverStart.message && smbMessage(*serverStart.message)))
            return std::nullopt;

        Detection d;
        d.protocol = "NetBIOS";
        bool request = false;
        if (clientStart.setup && clientStart.setup->type == kSessionRequest && clientStart.setup->complete) {
            ByteReader body = clientStart.setup->body;
            const auto called = netbiosName(body);
            const auto calling = called ? netbiosName(body) : std::nullopt;
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
                what = "negative: " + negativeReason(*body.readU8());
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

} // namespace

std::unique_ptr<Detector> makeSmbDetector() { return std::make_unique<SmbDetector>(); }
std::unique_ptr<Detector> makeNetbiosSessionDetector() { return std::make_unique<NetbiosSessionDetector>(); }

} // namespace portlens
