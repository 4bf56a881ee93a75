// DCE/RPC (The Open Group, C706 "DCE 1.1: Remote Procedure Call", chapter 12; Microsoft MS-RPCE),
// the RPC of Windows (endpoint mapper on 135, and the services behind it) and of PROFINET.
// Connection-oriented (TCP): every PDU starts with a 16-byte header: version 5, minor version 0
// or 1, packet type (0 request, 2 response, 3 fault, 11 bind, 12 bind_ack, 13 bind_nak, 14/15
// alter context, 16 auth3, ...), flags, a 4-byte data representation (integer byte order in the
// high nibble of the first byte, then character and float formats, two zero bytes), frag_length
// (the whole PDU, in that byte order), auth_length and call ID. A bind names the interface asked
// for by UUID. Connectionless (UDP): an 80-byte header with version 4, packet type 0-10, the
// data representation at byte 4, the interface UUID at 24 and the body length at 74 (the rest of
// the datagram).
#include "core/detect/detector.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace portlens {

namespace {

constexpr const char *kPacketKey = "dcerpc.packet";
constexpr const char *kInterfaceKey = "dcerpc.interface";
constexpr const char *kInterfaceNameKey = "dcerpc.interface_name";
constexpr const char *kVariantKey = "dcerpc.variant";

constexpr std::size_t kCoHeader = 16;
constexpr std::size_t kClHeader = 80;
constexpr std::size_t kMaxFragment = 65535;
constexpr std::size_t kMaxPdus = 8;

const char *coTypeName(unsigned type)
{
    switch (type) {
    case 0: return "request";
    case 2: return "response";
    case 3: return "fault";
    case 11: return "bind";
    case 12: return "bind_ack";
    case 13: return "bind_nak";
    case 14: return "alter_context";
    case 15: return "alter_context_resp";
    case 16: return "auth3";
    case 17: return "shutdown";
    case 18: return "co_cancel";
    case 19: return "orphaned";
    default: return nullptr;
    }
}

const char *clTypeName(unsigned type)
{
    static constexpr std::array<const char *, 11> kNames{"request", "ping", "response", "fault", "working", "nocall",
                                                         "reject", "ack", "cl_cancel", "fack", "cancel_ack"};
    return type < kNames.size() ? kNames[type] : nullptr;
}

// Integer byte order from the data representation; nothing when the label is not a valid one.
std::optional<bool> littleEndian(std::uint8_t integerAndChar, std::uint8_t floating)
{
    const unsigned integer = integerAndChar >> 4;
    const unsigned character = integerAndChar & 0x0fu;
    if (integer > 1 || character > 1 || floating > 3) return std::nullopt;
    return integer == 1;
}

std::uint16_t u16(ByteReader &r, bool little) { return (little ? r.readU16LittleEndian() : r.readU16BigEndian()).value_or(0); }
std::uint32_t u32(ByteReader &r, bool little) { return (little ? r.readU32LittleEndian() : r.readU32BigEndian()).value_or(0); }

// A UUID as written (8-4-4-4-12); its first three fields follow the data representation.
std::optional<std::string> uuid(ByteReader &r, bool little)
{
    if (r.remaining() < 16) return std::nullopt;
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    const auto put = [&](std::uint64_t v, int digits) {
        for (int i = digits - 1; i >= 0; --i) out += kDigits[(v >> (4 * i)) & 0xfu];
    };
    put(u32(r, little), 8);
    out += '-';
    put(u16(r, little), 4);
    out += '-';
    put(u16(r, little), 4);
    out += '-';
    for (int i = 0; i < 8; ++i) {
        if (i == 2) out += '-';
        put(r.readU8().value_or(0), 2); // 16 bytes remain: checked above
    }
    return out;
}

const char *interfaceName(std::string_view id)
{
    struct Known {
        std::string_view uuid, name;
    };
    static constexpr std::array<Known, 16> kKnown{{
        {"e1af8308-5d1f-11c9-91a4-08002b14a0fa", "endpoint mapper (EPM)"},
        {"12345778-1234-abcd-ef00-0123456789ab", "LSA (lsarpc)"},
        {"12345778-1234-abcd-ef00-0123456789ac", "SAM (samr)"},
        {"12345678-1234-abcd-ef00-01234567cffb", "Netlogon"},
        {"4b324fc8-1670-01d3-1278-5a47bf6ee188", "Server service (srvsvc)"},
        {"6bffd098-a112-3610-9833-46c3f87e345a", "Workstation service (wkssvc)"},
        {"367abb81-9844-35f1-ad32-98f038001003", "Service control manager (svcctl)"},
        {"338cd001-2244-31f1-aaaa-900038001003", "Remote registry (winreg)"},
        {"86d35949-83c9-4044-b424-db363231fd0c", "Task scheduler (ITaskSchedulerService)"},
        {"e3514235-4b06-11d1-ab04-00c04fc2dcd2", "Directory replication (drsuapi)"},
        {"000001a0-0000-0000-c000-000000000046", "DCOM remote activation (ISystemActivator)"},
        {"99fcfec4-5260-101b-bbcb-00aa0021347a", "DCOM object exporter (IObjectExporter)"},
        {"12345678-1234-abcd-ef00-0123456789ab", "Print spooler (spoolss)"},
        {"dea00001-6c97-11d1-8271-00a02442df7d", "PROFINET IO device"},
        {"dea00002-6c97-11d1-8271-00a02442df7d", "PROFINET IO controller"},
        {"dea00003-6c97-11d1-8271-00a02442df7d", "PROFINET IO supervisor"},
    }};
    for (const Known &k : kKnown)
        if (k.uuid == id) return k.name.data();
    return nullptr;
}

struct Pdu {
    unsigned type = 0;
    std::size_t offset = 0;
    std::size_t length = 0; // as declared (frag_length, or header + body length)
    std::string interfaceId; // bind/alter_context and connectionless
    bool bodyChecked = false; // a bind's context list, or a connectionless body, fits the length
};

// The connection-oriented PDUs at the start of a TCP direction.
std::vector<Pdu> coPdus(Bytes data)
{
    std::vector<Pdu> pdus;
    ByteReader r(data);
    while (pdus.size() < kMaxPdus && !r.empty()) {
        const std::size_t offset = r.consumed();
        const auto header = r.readFixed<kCoHeader>();
        if (!header) break;
        const unsigned type = fieldU8<2>(*header);
        const auto little = littleEndian(fieldU8<4>(*header), fieldU8<5>(*header));
        if (fieldU8<0>(*header) != 5 || fieldU8<1>(*header) > 1 || !coTypeName(type) || !little ||
            fieldU8<6>(*header) != 0 || fieldU8<7>(*header) != 0)
            break;
        ByteReader lengths(fieldBytes<8, 4>(*header));
        const std::size_t fragLength = u16(lengths, *little);
        const std::size_t authLength = u16(lengths, *little);
        if (fragLength < kCoHeader || fragLength > kMaxFragment || (authLength != 0 && authLength + 8 > fragLength - kCoHeader))
            break;
        Pdu pdu;
        pdu.type = type;
        pdu.offset = offset;
        pdu.length = fragLength;
        const auto body = r.subReader(fragLength - kCoHeader);
        if (body && (type == 11 || type == 14)) {
            // max_xmit_frag, max_recv_frag, assoc_group_id, n_context_elem (>= 1), 3 reserved,
            // then each context: id, n_transfer_syn (>= 1), reserved, abstract syntax (UUID +
            // version), transfer syntaxes (20 bytes each).
            ByteReader b = *body;
            if (!b.skip(8)) break;
            const auto contexts = b.readU8();
            if (!contexts || *contexts == 0 || !b.skip(3)) break;
            bool fits = true;
            for (unsigned i = 0; i < *contexts && fits; ++i) {
                const auto transfer = b.peekU8(2);
                if (!b.skip(4) || !transfer || *transfer == 0) { fits = false; break; }
                auto id = uuid(b, *little);
                if (!id || !b.skip(4) || !b.skip(std::size_t{*transfer} * 20)) { fits = false; break; }
                if (i == 0) pdu.interfaceId = *id;
            }
            if (!fits || b.remaining() < authLength) break;
            pdu.bodyChecked = true;
        }
        pdus.push_back(pdu);
        if (!body) break; // cut at the end of the kept bytes
    }
    return pdus;
}

// A connectionless PDU: one datagram.
std::optional<Pdu> clPdu(Bytes datagram, std::size_t offset)
{
    ByteReader r(datagram);
    const auto header = r.readFixed<24>();
    if (!header) return std::nullopt;
    const unsigned type = fieldU8<1>(*header);
    const auto little = littleEndian(fieldU8<4>(*header), fieldU8<5>(*header));
    if (fieldU8<0>(*header) != 4 || !clTypeName(type) || !little || fieldU8<6>(*header) != 0) return std::nullopt;
    Pdu pdu;
    pdu.type = type;
    pdu.offset = offset;
    const auto interfaceId = uuid(r, *little); // bytes 24-39
    if (!interfaceId || !r.skip(16 + 4 + 4 + 4 + 2 + 2 + 2)) return std::nullopt; // activity, boot, version, seq, opnum, hints
    const std::size_t bodyLength = u16(r, *little);
    if (!r.skip(4) || bodyLength != r.remaining()) return std::nullopt;
    pdu.interfaceId = *interfaceId;
    pdu.length = kClHeader + bodyLength;
    pdu.bodyChecked = true;
    return pdu;
}

std::vector<Pdu> clPdus(const DetectionInput &input, Direction d)
{
    std::vector<Pdu> pdus;
    input.forEachDatagram(d, [&](Bytes datagram, std::uint32_t offset) {
        const auto pdu = clPdu(datagram, offset);
        if (!pdu) return false;
        pdus.push_back(*pdu);
        return pdus.size() < kMaxPdus;
    });
    return pdus;
}

constexpr ProtocolIdentity kDceRpcIdentity{
    .name = "DCERPC", .displayName = "DCE/RPC (Microsoft RPC)", .tcp = true, .udp = true, .tieRank = 380};

class DceRpcDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kDceRpcIdentity; }

    bool ruledOut(const DetectionInput &input) const override
    {
        // The first byte is the version: 5 over TCP, 4 over UDP, from both sides.
        const std::uint8_t version = input.isUdp() ? 4 : 5;
        const auto wrong = [&](Bytes data) {
            const auto first = ByteReader(data).peekU8();
            return !first || *first != version;
        };
        return wrong(input.clientData()) && wrong(input.serverData());
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const bool udp = input.isUdp();
        const auto client = udp ? clPdus(input, Direction::ToServer) : coPdus(input.clientData());
        const auto server = udp ? clPdus(input, Direction::ToClient) : coPdus(input.serverData());
        if (client.empty() && server.empty()) return std::nullopt;
        const bool fromClient = !client.empty();
        const std::vector<Pdu> &main = fromClient ? client : server;
        const Pdu &first = main.front();

        // Connectionless: version 4 and a body length that is exactly the rest of the datagram
        // behind an 80-byte header. Connection-oriented: a bind whose contexts fit, or PDUs that
        // follow one another by their lengths, or both sides.
        const bool high = udp || first.bodyChecked || main.size() >= 2 || (!client.empty() && !server.empty());
        Detection d;
        d.protocol = "DCERPC";
        d.confidence = high ? Confidence::High : Confidence::Medium;
        const char *type = udp ? clTypeName(first.type) : coTypeName(first.type);
        const char *name = first.interfaceId.empty() ? nullptr : interfaceName(first.interfaceId);
        std::string sentence = std::string("DCE/RPC ") + (udp ? "connectionless (version 4) " : "version 5 ") + type + " PDU";
        if (!first.interfaceId.empty())
            sentence += std::string(" for interface ") + (name ? std::string(name) + " " : std::string()) + first.interfaceId;
        sentence += ", length " + std::to_string(first.length) + ", at the start of the " + (fromClient ? "client's" : "server's") +
                    (udp ? " datagrams" : " data");
        if (main.size() > 1) sentence += ", followed by " + std::to_string(main.size() - 1) + " more";
        const std::size_t kept = input.stream(fromClient ? Direction::ToServer : Direction::ToClient).size() - first.offset;
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, static_cast<std::uint32_t>(first.offset),
                      static_cast<std::uint32_t>(std::min(first.length, kept)), sentence};
        d.add(kVariantKey, udp ? "connectionless" : "connection-oriented");
        d.add(kPacketKey, type);
        if (!first.interfaceId.empty()) {
            d.add(kInterfaceKey, first.interfaceId);
            if (name) d.add(kInterfaceNameKey, name);
        }
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(DceRpcDetector)

} // namespace portlens
