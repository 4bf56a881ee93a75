// PacketView: what the decoder learned about one captured packet, from link layer to ports.
// It borrows the packet's bytes (payload) and is valid only until the next packet is read.
#pragma once

#include "core/decode/ip_address.h"
#include "core/util/byte_reader.h"
#include "core/util/transport.h"

#include <cstdint>

namespace portlens {

enum class IpProtocol : std::uint8_t {
    Icmp = 1,
    Tcp = transport::Tcp,
    Udp = transport::Udp,
    Icmp6 = 58,
};

// What kind of packet this was; the flow table only takes Transport packets.
enum class PacketKind : std::uint8_t {
    Transport,      // TCP or UDP with ports: goes into the flow table
    Icmp,           // ICMP or ICMPv6: counted
    OtherIp,        // IP with another protocol (ESP, SCTP, OSPF, ...): counted
    Fragment,       // a non-first IP fragment: counted, not reassembled
    NonIp,          // ARP, LLDP, STP, ...: counted
    Malformed,      // a header that does not fit or makes no sense: counted
};

namespace TcpFlag {
inline constexpr std::uint8_t Fin = 0x01;
inline constexpr std::uint8_t Syn = 0x02;
inline constexpr std::uint8_t Rst = 0x04;
inline constexpr std::uint8_t Psh = 0x08;
inline constexpr std::uint8_t Ack = 0x10;
inline constexpr std::uint8_t Urg = 0x20;
} // namespace TcpFlag

// Packet times stay within this many nanoseconds of 1970 (about 146 years either way):
// PacketSource clamps what a capture claims (a pcapng timestamp is any 64-bit count, at any
// resolution) to this range, so that a difference of two times, or a time plus a timeout,
// cannot overflow anywhere downstream.
inline constexpr std::int64_t kMaxTimestampNs = (std::int64_t{1} << 62) - 1;

struct PacketView {
    std::int64_t timestampNs = 0;   // nanoseconds since the Unix epoch, within +-kMaxTimestampNs
    std::uint32_t wireLength = 0;   // the frame's length on the wire (pcap "len")
    PacketKind kind = PacketKind::Malformed;

    IpAddress source;
    IpAddress destination;
    std::uint8_t ipProtocol = 0;
    std::uint32_t ipLength = 0;     // IP header + payload length, as the IP header says

    std::uint16_t sourcePort = 0;
    std::uint16_t destinationPort = 0;
    std::uint8_t tcpFlags = 0;
    std::uint32_t tcpSeq = 0;
    std::uint32_t tcpAck = 0;
    std::uint16_t tcpWindow = 0;

    Bytes payload;                  // the transport payload as captured (may be cut by the snap length)
    std::uint32_t payloadLength = 0; // the transport payload length as the headers say
    // Why the packet is Malformed: a sentence with static storage, marked for translation in the
    // "Decoder" context (QCoreApplication::translate), nullptr for other kinds.
    const char *malformed = nullptr;

    [[nodiscard]] bool isTcp() const { return ipProtocol == static_cast<std::uint8_t>(IpProtocol::Tcp); }
    [[nodiscard]] bool isUdp() const { return ipProtocol == static_cast<std::uint8_t>(IpProtocol::Udp); }
};

} // namespace portlens
