// SMB over TCP (MS-SMB2 2.1, MS-CIFS 2.1): every message travels in a NetBIOS session message
// (type 0x00, 3-byte length) and starts with "\xFFSMB" (SMB1) or "\xFESMB" (SMB2/3; "\xFDSMB"
// is an encrypted SMB3 message). On port 139 a NetBIOS session request (0x81) and its positive
// response (0x82) come first (RFC 1002 4.3).
//
// The NetBIOS session framing is shared with the NetBIOS detector (netbios_session.h), which
// names session-service connections that carry no SMB.
#include "core/detect/detector.h"
#include "core/detect/netbios_session.h"
#include "core/detect/text_lines.h"

#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

namespace portlens {

namespace {

using namespace netbios;

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

constexpr ProtocolIdentity kSmbIdentity{
    .name = "SMB", .displayName = "Server Message Block", .tcp = true, .udp = false, .tieRank = 70};

class SmbDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kSmbIdentity; }

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

} // namespace

bool carriesSmb(const netbios::SessionPacket &message) { return smbMessage(message).has_value(); }

PORTLENS_REGISTER_DETECTOR(SmbDetector)

} // namespace portlens
