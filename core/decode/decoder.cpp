#include "core/decode/decoder.h"

#include "core/util/translatable.h"

#include <pcap/pcap.h>

#include <algorithm>

namespace portlens {

namespace {

constexpr int kMaxEncapsulationDepth = 6;  // tunnels inside tunnels; beyond this it is hostile
constexpr int kMaxVlanTags = 4;
constexpr int kMaxMplsLabels = 8;

namespace EtherType {
constexpr std::uint16_t Ipv4 = 0x0800;
constexpr std::uint16_t Ipv6 = 0x86dd;
constexpr std::uint16_t Vlan = 0x8100;
constexpr std::uint16_t QinQ = 0x88a8;
constexpr std::uint16_t QinQOld = 0x9100;
constexpr std::uint16_t Mpls = 0x8847;
constexpr std::uint16_t MplsMulticast = 0x8848;
constexpr std::uint16_t PppoeSession = 0x8864;
constexpr std::uint16_t TransparentEthernet = 0x6558; // Ethernet inside GRE
} // namespace EtherType

namespace PppProtocol {
constexpr std::uint16_t Ipv4 = 0x0021;
constexpr std::uint16_t Ipv6 = 0x0057;
} // namespace PppProtocol

// Why a packet is malformed (PacketView::malformed): one sentence per way a header can fail.
namespace Why {
constexpr const char *LinkShort = QT_TRANSLATE_NOOP("Decoder", "the frame is shorter than its link-layer header");
constexpr const char *VlanTags = QT_TRANSLATE_NOOP("Decoder", "more than 4 VLAN tags, or a VLAN tag cut short");
constexpr const char *Mpls = QT_TRANSLATE_NOOP("Decoder", "the MPLS label stack is cut short or deeper than 8 labels");
constexpr const char *Pppoe = QT_TRANSLATE_NOOP("Decoder", "the PPPoE header is cut short");
constexpr const char *IpVersion = QT_TRANSLATE_NOOP("Decoder", "the link layer announces IP, but the IP version is neither 4 nor 6");
constexpr const char *Ipv4Short = QT_TRANSLATE_NOOP("Decoder", "the IPv4 header is cut short (fewer than 20 bytes)");
constexpr const char *Ipv4Version = QT_TRANSLATE_NOOP("Decoder", "the IPv4 header's version field is not 4");
constexpr const char *Ipv4IhlSmall = QT_TRANSLATE_NOOP("Decoder", "the IPv4 header length (IHL) is below 5, less than the 20-byte header");
constexpr const char *Ipv4IhlPast = QT_TRANSLATE_NOOP("Decoder", "the IPv4 header length (IHL) reaches past the captured bytes");
constexpr const char *Ipv4Total = QT_TRANSLATE_NOOP("Decoder", "the IPv4 total length is shorter than the IPv4 header");
constexpr const char *Ipv6Short = QT_TRANSLATE_NOOP("Decoder", "the IPv6 header is cut short (fewer than 40 bytes)");
constexpr const char *Ipv6Extension = QT_TRANSLATE_NOOP("Decoder", "an IPv6 extension header reaches past the packet");
constexpr const char *Ipv6Chain = QT_TRANSLATE_NOOP("Decoder", "more than 16 IPv6 extension headers in a chain (a loop?)");
constexpr const char *TooDeep = QT_TRANSLATE_NOOP("Decoder", "tunnels nested more than 6 deep");
constexpr const char *Gre = QT_TRANSLATE_NOOP("Decoder", "the GRE header is cut short");
constexpr const char *TcpShort = QT_TRANSLATE_NOOP("Decoder", "the TCP header is cut short (fewer than 20 bytes)");
constexpr const char *TcpOffsetSmall = QT_TRANSLATE_NOOP("Decoder", "the TCP data offset is below 5, less than the 20-byte header");
constexpr const char *TcpOffsetPast = QT_TRANSLATE_NOOP("Decoder", "the TCP data offset reaches past the segment the IP header announces");
constexpr const char *UdpShort = QT_TRANSLATE_NOOP("Decoder", "the UDP header is cut short (fewer than 8 bytes)");
} // namespace Why

// Notes why the packet is malformed; its kind stays Malformed (decode's starting value).
void fail(PacketView &view, const char *why) { view.malformed = why; }

bool isVlanTag(std::uint16_t etherType)
{
    return etherType == EtherType::Vlan || etherType == EtherType::QinQ || etherType == EtherType::QinQOld;
}

std::optional<std::uint16_t> etherTypeFromPpp(std::uint16_t protocol)
{
    switch (protocol) {
    case PppProtocol::Ipv4: return EtherType::Ipv4;
    case PppProtocol::Ipv6: return EtherType::Ipv6;
    default: return std::nullopt;
    }
}

// Fields shared by the general TCP/UDP decoders and the fast path in Decoder::decode.
void setIpv4Fields(std::span<const std::byte, 20> header, std::size_t ipLength, PacketView &view)
{
    view.source = IpAddress::fromV4(fieldBytes<12, 4>(header));
    view.destination = IpAddress::fromV4(fieldBytes<16, 4>(header));
    view.ipProtocol = fieldU8<9>(header);
    view.ipLength = static_cast<std::uint32_t>(ipLength);
}

void setTcpFields(std::span<const std::byte, 20> header, PacketView &view)
{
    view.sourcePort = fieldU16BigEndian<0>(header);
    view.destinationPort = fieldU16BigEndian<2>(header);
    view.tcpSeq = fieldU32BigEndian<4>(header);
    view.tcpAck = fieldU32BigEndian<8>(header);
    view.tcpFlags = fieldU8<13>(header);
    view.tcpWindow = fieldU16BigEndian<14>(header);
}

// UDP's own length can disagree with IP's (hostile or broken senders): trust the smaller.
std::size_t udpPayloadLength(std::span<const std::byte, 8> header, std::size_t declaredLength)
{
    const std::uint16_t length = fieldU16BigEndian<4>(header);
    const std::size_t udpPayload = length >= 8 ? length - 8u : 0;
    const std::size_t ipPayload = declaredLength >= 8 ? declaredLength - 8u : 0;
    return std::min(udpPayload, ipPayload);
}

// Untagged Ethernet, IPv4 without options or fragmentation, a whole TCP or UDP header: nearly
// every packet of a typical capture. Decodes it in one go, exactly as the general path would, or
// returns false without touching view so that the general path takes over (options, fragments,
// a TSO total length of 0, other protocols, anything cut short).
bool decodeCommonIpv4(ByteReader reader, PacketView &view)
{
    const auto ip = reader.readFixed<20>();
    if (!ip || fieldU8<0>(*ip) != 0x45 || (fieldU16BigEndian<6>(*ip) & 0x1fff) != 0) return false;
    const std::size_t ipLength = fieldU16BigEndian<2>(*ip);
    if (ipLength < 20) return false;
    const std::size_t declaredLength = ipLength - 20;
    ByteReader payload(reader.rest().first(std::min(reader.remaining(), declaredLength)));
    switch (fieldU8<9>(*ip)) {
    case static_cast<std::uint8_t>(IpProtocol::Tcp): {
        const auto tcp = payload.readFixed<20>();
        if (!tcp) return false;
        const std::size_t headerLength = std::size_t{static_cast<std::uint8_t>(fieldU8<12>(*tcp) >> 4)} * 4;
        if (headerLength < 20 || declaredLength < headerLength) return false;
        payload.skip(std::min(payload.remaining(), headerLength - 20));
        setIpv4Fields(*ip, ipLength, view);
        setTcpFields(*tcp, view);
        view.payload = payload.rest();
        view.payloadLength = static_cast<std::uint32_t>(declaredLength - headerLength);
        view.kind = PacketKind::Transport;
        return true;
    }
    case static_cast<std::uint8_t>(IpProtocol::Udp): {
        const auto udp = payload.readFixed<8>();
        if (!udp) return false;
        const std::size_t payloadLength = udpPayloadLength(*udp, declaredLength);
        setIpv4Fields(*ip, ipLength, view);
        view.sourcePort = fieldU16BigEndian<0>(*udp);
        view.destinationPort = fieldU16BigEndian<2>(*udp);
        view.payload = payload.rest().first(std::min(payload.remaining(), payloadLength));
        view.payloadLength = static_cast<std::uint32_t>(payloadLength);
        view.kind = PacketKind::Transport;
        return true;
    }
    default:
        return false;
    }
}

} // namespace

Decoder::Decoder(int linkType)
{
    switch (linkType) {
    case DLT_EN10MB: m_layer = Layer::Ethernet; break;
    case DLT_NULL: m_layer = Layer::Null; break;
    case DLT_LOOP: m_layer = Layer::Loop; break;
    case DLT_LINUX_SLL: m_layer = Layer::LinuxCooked; break;
    case DLT_LINUX_SLL2: m_layer = Layer::LinuxCooked2; break;
    case DLT_PPP: case DLT_PPP_SERIAL: m_layer = Layer::Ppp; break;
    case DLT_C_HDLC: m_layer = Layer::CiscoHdlc; break;
    default: m_layer = supportsLinkType(linkType) ? Layer::Ip : Layer::Unsupported; break; // DLT_RAW, DLT_IPV4, DLT_IPV6
    }
}

bool Decoder::supportsLinkType(int linkType)
{
    switch (linkType) {
    case DLT_EN10MB: case DLT_NULL: case DLT_LOOP: case DLT_LINUX_SLL: case DLT_LINUX_SLL2:
    case DLT_RAW: case DLT_IPV4: case DLT_IPV6: case DLT_PPP: case DLT_PPP_SERIAL: case DLT_C_HDLC:
#if defined(DLT_RAW) && DLT_RAW != 14
    case 14: // DLT_RAW on OpenBSD, seen in old captures
#endif
        return true;
    default:
        return false;
    }
}

std::string Decoder::linkTypeName(int linkType)
{
    const char *name = pcap_datalink_val_to_name(linkType);
    const char *description = pcap_datalink_val_to_description(linkType);
    std::string text = name ? name : "DLT " + std::to_string(linkType);
    if (description)
        text += std::string(" (") + description + ")";
    return text;
}

void Decoder::decode(Bytes frame, PacketView &view) const
{
    view.kind = PacketKind::Malformed;
    view.ipProtocol = 0;
    view.tcpFlags = 0;
    view.payload = {};
    view.payloadLength = 0;
    view.malformed = nullptr;
    decodeFrame(frame, view);
    if (view.kind != PacketKind::Malformed) view.malformed = nullptr; // a tunnel's inner failure, undone
    else if (!view.malformed) view.malformed = Why::LinkShort;
}

void Decoder::decodeFrame(Bytes frame, PacketView &view) const
{
    // The common case first: untagged Ethernet carrying IP skips the general link-layer walk.
    if (m_layer == Layer::Ethernet) {
        ByteReader reader(frame);
        if (const auto ethernet = reader.readFixed<14>()) {
            const std::uint16_t type = fieldU16BigEndian<12>(*ethernet);
            if (type == EtherType::Ipv4) {
                if (!decodeCommonIpv4(reader, view)) decodeIpv4(reader, view, 0);
                return;
            }
            if (type == EtherType::Ipv6) { decodeIpv6(reader, view, 0); return; }
        }
    }
    decodeLink(m_layer, ByteReader(frame), view, 0);
}

void Decoder::decodeLink(Layer layer, ByteReader reader, PacketView &view, int depth) const
{
    switch (layer) {
    case Layer::Unsupported: // a pcapng interface of a link type PortLens does not decode
        view.kind = PacketKind::NonIp;
        return;
    case Layer::Ethernet: {
        const auto header = reader.readFixed<14>();
        if (!header) { fail(view, Why::LinkShort); return; }
        const std::uint16_t type = fieldU16BigEndian<12>(*header);
        if (type < 0x0600) { view.kind = PacketKind::NonIp; return; } // 802.3 length + LLC
        decodeEtherType(type, reader, view, depth);
        return;
    }
    case Layer::Ip:
        decodeIp(reader, view, depth);
        return;
    case Layer::Null:
    case Layer::Loop: {
        auto raw = reader.peek(4);
        if (!raw) return;
        // DLT_NULL stores the address family in the capturing host's byte order; accept both.
        ByteReader familyReader(*raw);
        const std::uint32_t family = layer == Layer::Loop ? familyReader.readU32BigEndian().value_or(0)
                                                          : familyReader.readU32LittleEndian().value_or(0);
        ByteReader swapped(*raw);
        const std::uint32_t familySwapped = layer == Layer::Loop ? family : swapped.readU32BigEndian().value_or(0);
        reader.skip(4);
        auto isFamily = [&](auto... values) { return ((family == values || familySwapped == values) || ...); };
        if (isFamily(2u, 24u, 28u, 30u, 10u)) // AF_INET; AF_INET6 on BSDs, macOS and Linux
            decodeIp(reader, view, depth);
        else
            view.kind = PacketKind::NonIp;
        return;
    }
    case Layer::LinuxCooked: {
        if (!reader.skip(14)) return;
        auto type = reader.readU16BigEndian();
        if (!type) return;
        decodeEtherType(*type, reader, view, depth);
        return;
    }
    case Layer::LinuxCooked2: {
        auto type = reader.readU16BigEndian();
        if (!type || !reader.skip(18)) return;
        decodeEtherType(*type, reader, view, depth);
        return;
    }
    case Layer::Ppp:
    case Layer::CiscoHdlc: {
        auto first = reader.peekU8();
        if (!first) return;
        // Some routers write Cisco HDLC frames (address 0x0f unicast, 0x8f multicast) under the PPP
        // link type. No PPP protocol number starts with an odd byte, so the first byte tells them
        // apart, as in Wireshark's PPP dissector.
        const bool ciscoHdlc = layer == Layer::CiscoHdlc || *first == 0x0f || *first == 0x8f;
        if (!ciscoHdlc) {
            if (*first == 0xff && !reader.skip(2)) return; // HDLC-like framing: address 0xff, control 0x03
        } else if (!reader.skip(2)) {
            return; // Cisco HDLC: address, control, then an EtherType
        }
        auto protocol = reader.readU16BigEndian();
        if (!protocol) return;
        if (ciscoHdlc) {
            decodeEtherType(*protocol, reader, view, depth);
            return;
        }
        if (auto type = etherTypeFromPpp(*protocol))
            decodeEtherType(*type, reader, view, depth);
        else
            view.kind = PacketKind::NonIp;
        return;
    }
    }
}

void Decoder::decodeEtherType(std::uint16_t etherType, ByteReader reader, PacketView &view, int depth) const
{
    for (int tags = 0; isVlanTag(etherType); ++tags) {
        if (tags == kMaxVlanTags || !reader.skip(2)) { fail(view, Why::VlanTags); return; }
        auto inner = reader.readU16BigEndian();
        if (!inner) { fail(view, Why::VlanTags); return; }
        etherType = *inner;
    }
    switch (etherType) {
    case EtherType::Ipv4:
    case EtherType::Ipv6:
        decodeIp(reader, view, depth);
        return;
    case EtherType::Mpls:
    case EtherType::MplsMulticast:
        for (int labels = 0; labels < kMaxMplsLabels; ++labels) {
            auto entry = reader.readU32BigEndian();
            if (!entry) { fail(view, Why::Mpls); return; }
            if (*entry & 0x100) { // bottom of stack: guess the payload from its first nibble
                decodeIp(reader, view, depth);
                return;
            }
        }
        fail(view, Why::Mpls);
        return;
    case EtherType::PppoeSession: {
        if (!reader.skip(6)) { fail(view, Why::Pppoe); return; }
        auto protocol = reader.readU16BigEndian();
        if (!protocol) { fail(view, Why::Pppoe); return; }
        if (auto type = etherTypeFromPpp(*protocol))
            decodeEtherType(*type, reader, view, depth);
        else
            view.kind = PacketKind::NonIp;
        return;
    }
    default:
        view.kind = PacketKind::NonIp;
        return;
    }
}

void Decoder::decodeIp(ByteReader reader, PacketView &view, int depth) const
{
    if (depth > kMaxEncapsulationDepth) { fail(view, Why::TooDeep); return; }
    auto first = reader.peekU8();
    if (!first) { fail(view, Why::Ipv4Short); return; }
    switch (*first >> 4) {
    case 4: decodeIpv4(reader, view, depth); return;
    case 6: decodeIpv6(reader, view, depth); return;
    default:
        view.kind = depth == 0 && m_layer != Layer::Ip ? PacketKind::Malformed : PacketKind::NonIp;
        fail(view, Why::IpVersion);
        return;
    }
}

void Decoder::decodeIpv4(ByteReader reader, PacketView &view, int depth) const
{
    const auto header = reader.readFixed<20>();
    if (!header) { fail(view, Why::Ipv4Short); return; }
    // The version is checked here too: the Ethernet fast path in decode() comes straight here.
    if ((fieldU8<0>(*header) >> 4) != 4) { fail(view, Why::Ipv4Version); return; }
    const std::size_t headerLength = std::size_t{fieldU8<0>(*header) & 0x0fu} * 4;
    const std::uint16_t totalLength = fieldU16BigEndian<2>(*header);
    const std::uint16_t fragment = fieldU16BigEndian<6>(*header);
    const std::uint8_t protocol = fieldU8<9>(*header);
    if (headerLength < 20) { fail(view, Why::Ipv4IhlSmall); return; }
    if (!reader.skip(headerLength - 20)) { fail(view, Why::Ipv4IhlPast); return; }
    // A total length of 0 comes from captures taken with TCP segmentation offload: the frame decides.
    const std::size_t ipLength = totalLength == 0 ? headerLength + reader.remaining() : totalLength;
    if (ipLength < headerLength) { fail(view, Why::Ipv4Total); return; }

    setIpv4Fields(*header, ipLength, view);

    const std::size_t payloadLength = ipLength - headerLength;
    // Ethernet pads short frames: the IP length, not the frame, says where the payload ends.
    ByteReader payload(reader.rest().first(std::min(reader.remaining(), payloadLength)));
    if ((fragment & 0x1fff) != 0) {
        view.kind = PacketKind::Fragment;
        return;
    }
    switch (protocol) { // TCP and UDP directly: by far the most packets
    case static_cast<std::uint8_t>(IpProtocol::Tcp): decodeTcp(payload, payloadLength, view); return;
    case static_cast<std::uint8_t>(IpProtocol::Udp): decodeUdp(payload, payloadLength, view); return;
    default: decodeTransport(protocol, payload, payloadLength, view, depth); return;
    }
}

void Decoder::decodeIpv6(ByteReader reader, PacketView &view, int depth) const
{
    const auto first = reader.peekU8();
    if (!first || (*first >> 4) != 6 || !reader.skip(4)) { fail(view, Why::Ipv6Short); return; } // version checked as in decodeIpv4
    const auto payloadLength = reader.readU16BigEndian();
    const auto nextHeader = reader.readU8();
    if (!payloadLength || !nextHeader || !reader.skip(1)) { fail(view, Why::Ipv6Short); return; }
    const auto source = reader.read(16);
    const auto destination = reader.read(16);
    if (!source || !destination) { fail(view, Why::Ipv6Short); return; }

    view.source = IpAddress::fromV6(source->first<16>());
    view.destination = IpAddress::fromV6(destination->first<16>());
    view.ipLength = 40u + *payloadLength;

    ByteReader payload(reader.rest().first(std::min<std::size_t>(reader.remaining(), *payloadLength)));
    std::uint8_t next = *nextHeader;
    // Walk the extension headers; each says its own length, checked against what remains.
    for (int headers = 0; headers < 16; ++headers) {
        switch (next) {
        case 0: case 43: case 60: case 135: case 139: case 140: { // hop-by-hop, routing, options, ...
            const auto following = payload.readU8();
            const auto length = payload.readU8();
            if (!following || !length || !payload.skip(6u + std::size_t{*length} * 8)) { fail(view, Why::Ipv6Extension); return; }
            next = *following;
            continue;
        }
        case 51: { // authentication header: length in 4-byte units, minus 2
            const auto following = payload.readU8();
            const auto length = payload.readU8();
            if (!following || !length || !payload.skip(std::size_t{*length} * 4 + 6u)) { fail(view, Why::Ipv6Extension); return; }
            next = *following;
            continue;
        }
        case 44: { // fragment header
            const auto following = payload.readU8();
            if (!following || !payload.skip(1)) { fail(view, Why::Ipv6Extension); return; }
            const auto offset = payload.readU16BigEndian();
            if (!offset || !payload.skip(4)) { fail(view, Why::Ipv6Extension); return; }
            view.ipProtocol = *following;
            if ((*offset & 0xfff8) != 0) {
                view.kind = PacketKind::Fragment;
                return;
            }
            next = *following;
            continue;
        }
        default:
            view.ipProtocol = next;
            decodeTransport(next, payload, *payloadLength - std::min<std::size_t>(*payloadLength, payload.consumed()), view, depth);
            return;
        }
    }
    fail(view, Why::Ipv6Chain);
}

void Decoder::decodeGre(ByteReader reader, PacketView &view, int depth) const
{
    const auto flags = reader.readU16BigEndian();
    const auto protocol = reader.readU16BigEndian();
    if (!flags || !protocol) { fail(view, Why::Gre); return; }
    if ((*flags & 0x0007) != 0) { view.kind = PacketKind::OtherIp; return; } // only GRE version 0
    std::size_t optional = 0;
    if (*flags & 0x8000) optional += 4; // checksum + reserved
    if (*flags & 0x2000) optional += 4; // key
    if (*flags & 0x1000) optional += 4; // sequence number
    if (!reader.skip(optional)) { fail(view, Why::Gre); return; }
    if (*protocol == EtherType::TransparentEthernet)
        decodeLink(Layer::Ethernet, reader, view, depth + 1);
    else if (*protocol == EtherType::Ipv4 || *protocol == EtherType::Ipv6)
        decodeIp(reader, view, depth + 1);
    else
        view.kind = PacketKind::OtherIp;
}

void Decoder::decodeTransport(std::uint8_t protocol, ByteReader reader, std::size_t declaredLength,
                              PacketView &view, int depth) const
{
    switch (protocol) {
    case static_cast<std::uint8_t>(IpProtocol::Tcp): decodeTcp(reader, declaredLength, view); return;
    case static_cast<std::uint8_t>(IpProtocol::Udp): decodeUdp(reader, declaredLength, view); return;
    case static_cast<std::uint8_t>(IpProtocol::Icmp):
    case static_cast<std::uint8_t>(IpProtocol::Icmp6): view.kind = PacketKind::Icmp; return;
    case 4: case 41: { // IPv4 or IPv6 inside IP: the inner packet is the conversation
        PacketView outer = view;
        decodeIp(reader, view, depth + 1);
        if (view.kind == PacketKind::Malformed) { // keep the outer packet counted as what it was
            view = outer;
            view.kind = PacketKind::OtherIp;
        }
        return;
    }
    case 47: {
        PacketView outer = view;
        decodeGre(reader, view, depth);
        if (view.kind == PacketKind::Malformed) {
            view = outer;
            view.kind = PacketKind::OtherIp;
        }
        return;
    }
    default: view.kind = PacketKind::OtherIp; return;
    }
}

void Decoder::decodeTcp(ByteReader reader, std::size_t declaredLength, PacketView &view)
{
    const auto header = reader.readFixed<20>();
    if (!header) { fail(view, Why::TcpShort); return; }
    const std::size_t headerLength = std::size_t{static_cast<std::uint8_t>(fieldU8<12>(*header) >> 4)} * 4;
    // The segment the IP header announces must hold the whole TCP header (a longer one is
    // malformed, Zeek's "truncated_header"), but options cut by the snap length are fine: a
    // 68-byte snap length cuts every SYN that carries the usual 20 bytes of options.
    if (headerLength < 20) { fail(view, Why::TcpOffsetSmall); return; }
    if (declaredLength < headerLength) { fail(view, Why::TcpOffsetPast); return; }
    reader.skip(std::min(reader.remaining(), headerLength - 20));

    setTcpFields(*header, view);
    view.payload = reader.rest();
    // The length the IP header announces survives a short snap length; the captured part may be less.
    view.payloadLength = static_cast<std::uint32_t>(declaredLength > headerLength ? declaredLength - headerLength : 0);
    view.kind = PacketKind::Transport;
}

void Decoder::decodeUdp(ByteReader reader, std::size_t declaredLength, PacketView &view)
{
    const auto header = reader.readFixed<8>();
    if (!header) { fail(view, Why::UdpShort); return; }
    view.sourcePort = fieldU16BigEndian<0>(*header);
    view.destinationPort = fieldU16BigEndian<2>(*header);
    const std::size_t payloadLength = udpPayloadLength(*header, declaredLength);
    view.payload = reader.rest().first(std::min(reader.remaining(), payloadLength));
    view.payloadLength = static_cast<std::uint32_t>(payloadLength);
    view.kind = PacketKind::Transport;
}

} // namespace portlens
