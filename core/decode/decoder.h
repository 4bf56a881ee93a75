// Decoder: turns one captured frame into a PacketView, for one libpcap link type.
//
// Link layers: Ethernet (with 802.1Q/QinQ VLAN tags, MPLS and PPPoE), Linux cooked v1 and v2,
// raw IPv4/IPv6, BSD loopback/NULL, PPP and Cisco HDLC. Network: IPv4, IPv6 with extension
// headers, IP-in-IP and GRE tunnels (the innermost packet wins, as in Wireshark's conversation
// statistics). Transport: TCP, UDP; ICMP and ICMPv6 are counted.
#pragma once

#include "core/decode/packet_view.h"
#include "core/util/byte_reader.h"

#include <string>

namespace portlens {

class Decoder {
public:
    // linkType is the libpcap DLT_ value reported by the capture. A link type supportsLinkType
    // refuses (a pcapng interface of another kind beside supported ones) decodes as non-IP.
    explicit Decoder(int linkType);

    static bool supportsLinkType(int linkType);
    static std::string linkTypeName(int linkType);

    // Decodes frame (the captured bytes) into view; view.kind says what was found, and for a
    // malformed packet view.malformed says why.
    void decode(Bytes frame, PacketView &view) const;

private:
    enum class Layer { Ethernet, Ip, Null, Loop, LinuxCooked, LinuxCooked2, Ppp, CiscoHdlc, Unsupported };

    void decodeFrame(Bytes frame, PacketView &view) const;

    void decodeLink(Layer layer, ByteReader reader, PacketView &view, int depth) const;
    void decodeEtherType(std::uint16_t etherType, ByteReader reader, PacketView &view, int depth) const;
    void decodeIp(ByteReader reader, PacketView &view, int depth) const;
    void decodeIpv4(ByteReader reader, PacketView &view, int depth) const;
    void decodeIpv6(ByteReader reader, PacketView &view, int depth) const;
    void decodeGre(ByteReader reader, PacketView &view, int depth) const;
    void decodeTransport(std::uint8_t protocol, ByteReader reader, std::size_t declaredLength, PacketView &view,
                         int depth) const;
    static void decodeTcp(ByteReader reader, std::size_t declaredLength, PacketView &view);
    static void decodeUdp(ByteReader reader, std::size_t declaredLength, PacketView &view);

    Layer m_layer;
};

} // namespace portlens
