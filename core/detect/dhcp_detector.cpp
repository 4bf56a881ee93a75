// DHCP (RFC 2131/2132) over UDP: a 236-byte BOOTP header (op, hardware type and length, hops,
// transaction ID, addresses, client hardware address, server and file names), the magic cookie
// 63 82 53 63, then options as code/length/value, with option 53 giving the message type.
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <array>
#include <string>

namespace portlens {

namespace {

constexpr std::size_t kBootpSize = 236;
constexpr std::uint32_t kMagicCookie = 0x63825363;

struct Message {
    unsigned op = 0;         // 1 BOOTREQUEST, 2 BOOTREPLY
    unsigned type = 0;       // option 53, 0 when absent (plain BOOTP)
    std::string clientMac;   // Ethernet only
    std::uint32_t yourAddress = 0;
    std::string hostname;    // option 12
    std::string vendorClass; // option 60
    std::uint32_t requestedAddress = 0; // option 50
};

const char *typeName(unsigned type)
{
    static constexpr std::array<const char *, 19> kNames{
        "",           "DISCOVER",         "OFFER",         "REQUEST",     "DECLINE",
        "ACK",        "NAK",              "RELEASE",       "INFORM",      "FORCERENEW",
        "LEASEQUERY", "LEASEUNASSIGNED",  "LEASEUNKNOWN",  "LEASEACTIVE", "BULKLEASEQUERY",
        "LEASEQUERYDONE", "ACTIVELEASEQUERY", "LEASEQUERYSTATUS", "TLS"};
    return type < kNames.size() ? kNames[type] : "";
}

// Sent by clients (and relays asking on their behalf) in BOOTREQUESTs; the rest by servers.
bool sentByClient(unsigned type)
{
    return type == 1 || type == 3 || type == 4 || type == 7 || type == 8 || type == 10 || type == 14 || type == 18;
}

std::string dotted(std::uint32_t a)
{
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xFFu) + "." + std::to_string((a >> 8) & 0xFFu) +
           "." + std::to_string(a & 0xFFu);
}

std::string hexBytes(Bytes bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    for (std::byte b : bytes) {
        if (!s.empty()) s += ':';
        const auto v = std::to_integer<unsigned>(b);
        s += kDigits[v >> 4];
        s += kDigits[v & 0xFu];
    }
    return s;
}

std::uint32_t u32(Bytes bytes)
{
    ByteReader r(bytes);
    return r.readU32BigEndian().value_or(0);
}

std::optional<Message> parse(Bytes data)
{
    ByteReader r(data);
    const auto h = r.readFixed<kBootpSize>();
    if (!h) return std::nullopt;
    Message m;
    m.op = fieldU8<0>(*h);
    const unsigned htype = fieldU8<1>(*h);
    const unsigned hlen = fieldU8<2>(*h);
    const unsigned hops = fieldU8<3>(*h);
    const unsigned flags = fieldU16BigEndian<10>(*h);
    if (m.op != 1 && m.op != 2) return std::nullopt;
    if (htype == 0 || htype > 40 || hlen > 16 || (htype == 1 && hlen != 6) || hops > 16) return std::nullopt;
    if ((flags & 0x7FFFu) != 0) return std::nullopt; // only the broadcast bit is defined
    if (r.readU32BigEndian() != kMagicCookie) return std::nullopt;
    m.yourAddress = fieldU32BigEndian<16>(*h);
    if (htype == 1) m.clientMac = hexBytes(fieldBytes<28, 6>(*h));

    // Options until END (255), or until the kept bytes run out.
    for (;;) {
        const auto code = r.readU8();
        if (!code) break;
        if (*code == 0) continue; // PAD
        if (*code == 255) break;  // END
        const auto length = r.readU8();
        if (!length) break;
        const auto value = r.read(*length);
        if (!value) break;
        switch (*code) {
        case 53:
            if (*length != 1 || m.type != 0) return std::nullopt;
            m.type = std::to_integer<unsigned>(value->front());
            if (m.type == 0 || m.type > 18) return std::nullopt;
            break;
        case 12: m.hostname = text::printable(asText(*value), 64); break;
        case 60: m.vendorClass = text::printable(asText(*value), 64); break;
        case 50:
            if (*length == 4) m.requestedAddress = u32(*value);
            break;
        default: break;
        }
    }
    return m;
}

constexpr ProtocolIdentity kDhcpIdentity{
    .name = "DHCP", .displayName = "Dynamic Host Configuration Protocol", .tcp = false, .udp = true, .tieRank = 200};

class DhcpDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kDhcpIdentity; }

    bool ruledOut(const DetectionInput & /*input*/) const override
    {
        // Only the first datagram of each side counts, and a side's first datagram never changes.
        return true;
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        auto message = parse(input.firstDatagram(Direction::ToServer));
        Direction direction = Direction::ToServer;
        if (!message) {
            message = parse(input.firstDatagram(Direction::ToClient));
            direction = Direction::ToClient;
        }
        if (!message) return std::nullopt;
        const Message &m = *message;
        const bool consistent = m.type != 0 && sentByClient(m.type) == (m.op == 1);

        Detection d;
        d.protocol = "DHCP";
        d.confidence = consistent ? Confidence::High : Confidence::Medium;
        const std::string what = m.type != 0 ? std::string("DHCP ") + typeName(m.type) : std::string("BOOTP");
        d.evidence = {direction, 0, static_cast<std::uint32_t>(kBootpSize + 4),
                      what + " message: a BOOTP " + (m.op == 1 ? "request" : "reply") +
                          " header followed by the DHCP magic cookie 63 82 53 63 at offset 236 in the " +
                          (direction == Direction::ToServer ? "client's" : "server's") + " first datagram"};
        d.add("dhcp.type", m.type != 0 ? typeName(m.type) : "BOOTP");
        if (!m.hostname.empty()) d.add("dhcp.hostname", m.hostname);
        if (!m.clientMac.empty()) d.add("dhcp.client_mac", m.clientMac);
        if (!m.vendorClass.empty()) d.add("dhcp.vendor_class", m.vendorClass);
        if (m.requestedAddress != 0) d.add("dhcp.requested_ip", dotted(m.requestedAddress));
        if (m.op == 2 && m.yourAddress != 0) d.add("dhcp.your_ip", dotted(m.yourAddress));
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(DhcpDetector)

} // namespace portlens
