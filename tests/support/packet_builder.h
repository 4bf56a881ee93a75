// PacketBuilder: hand-made frames for unit tests (Ethernet, VLAN, IPv4/IPv6, TCP/UDP), so each
// decoder layer and each flow-table rule can be exercised byte by byte.
#pragma once

#include "core/capture/packet_source.h"
#include "core/decode/decoder.h"
#include "core/flow/flow_table.h"

#include <pcap/pcap.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace portlens::test {

using Frame = std::vector<std::byte>;

inline void put8(Frame &f, unsigned v) { f.push_back(static_cast<std::byte>(v & 0xff)); }
inline void put16(Frame &f, unsigned v) { put8(f, v >> 8); put8(f, v); }
inline void put32(Frame &f, std::uint32_t v) { put16(f, v >> 16); put16(f, v & 0xffff); }
inline void putBytes(Frame &f, std::string_view s)
{
    for (char c : s) put8(f, static_cast<unsigned char>(c));
}
inline void putAddress(Frame &f, const IpAddress &a, bool v6)
{
    const auto &b = a.bytes();
    for (std::size_t i = v6 ? 0 : 12; i < 16; ++i) put8(f, b[i]);
}

struct Tcp {
    std::uint16_t sport = 0, dport = 0;
    std::uint32_t seq = 1000, ack = 0;
    std::uint8_t flags = TcpFlag::Ack;
    std::string payload = {};
    std::uint16_t window = 64240;
    std::uint8_t dataOffset = 5; // header length in 32-bit words, as sent (a lie when not 5: no options are added)
};

struct Udp {
    std::uint16_t sport = 0, dport = 0;
    std::string payload = {};
};

// Transport header + payload (checksums left zero: PortLens does not verify them).
inline Frame tcpSegment(const Tcp &t)
{
    Frame f;
    put16(f, t.sport); put16(f, t.dport); put32(f, t.seq); put32(f, t.ack);
    put8(f, static_cast<unsigned>(t.dataOffset & 0x0f) << 4); put8(f, t.flags); put16(f, t.window); put16(f, 0); put16(f, 0);
    putBytes(f, t.payload);
    return f;
}

inline Frame udpDatagram(const Udp &u)
{
    Frame f;
    put16(f, u.sport); put16(f, u.dport); put16(f, static_cast<unsigned>(8 + u.payload.size())); put16(f, 0);
    putBytes(f, u.payload);
    return f;
}

inline Frame ipv4(const char *src, const char *dst, std::uint8_t protocol, const Frame &payload,
                  std::uint16_t fragmentField = 0)
{
    Frame f;
    put8(f, 0x45); put8(f, 0); put16(f, static_cast<unsigned>(20 + payload.size())); put16(f, 0x1234);
    put16(f, fragmentField); put8(f, 64); put8(f, protocol); put16(f, 0);
    putAddress(f, *IpAddress::parse(src), false);
    putAddress(f, *IpAddress::parse(dst), false);
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

inline Frame ipv6(const char *src, const char *dst, std::uint8_t nextHeader, const Frame &payload)
{
    Frame f;
    put32(f, 0x60000000); put16(f, static_cast<unsigned>(payload.size())); put8(f, nextHeader); put8(f, 64);
    putAddress(f, *IpAddress::parse(src), true);
    putAddress(f, *IpAddress::parse(dst), true);
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

// An IPv4 header whose header length field (IHL, in 32-bit words) says ihl, with no options
// added: below 5 or longer than the packet is malformed.
inline Frame ipv4WithIhl(const char *src, const char *dst, std::uint8_t protocol, const Frame &payload, unsigned ihl)
{
    Frame f = ipv4(src, dst, protocol, payload);
    f[0] = static_cast<std::byte>(0x40 | (ihl & 0x0f));
    return f;
}

// IPv6 extension headers (hop-by-hop, type 0) chained in front of payload: count headers of
// 8 * (1 + lengthUnits) bytes each, the last naming last as the next header. lengthUnits may
// claim more than is there (an overrun).
inline Frame ipv6ExtensionChain(int count, std::uint8_t last, const Frame &payload, unsigned lengthUnits = 0)
{
    Frame f;
    for (int i = 0; i < count; ++i) {
        put8(f, i + 1 == count ? last : 0);
        put8(f, lengthUnits);
        for (int pad = 0; pad < 6; ++pad) put8(f, 0);
    }
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

// vlans lists tags outermost first; two or more tags make a QinQ frame (outer TPID 0x88a8).
inline Frame ethernet(const Frame &payload, std::uint16_t etherType = 0x0800, std::initializer_list<unsigned> vlans = {})
{
    Frame f;
    for (int i = 0; i < 6; ++i) put8(f, 0x02);
    for (int i = 0; i < 6; ++i) put8(f, 0x04);
    bool outer = true;
    for (unsigned vlan : vlans) {
        put16(f, outer && vlans.size() > 1 ? 0x88a8 : 0x8100);
        put16(f, vlan);
        outer = false;
    }
    put16(f, etherType);
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

inline Frame ethTcp4(const char *src, const char *dst, const Tcp &t) { return ethernet(ipv4(src, dst, 6, tcpSegment(t))); }
inline Frame ethUdp4(const char *src, const char *dst, const Udp &u) { return ethernet(ipv4(src, dst, 17, udpDatagram(u))); }

inline PacketView decodeFrame(const Frame &frame, int linkType = DLT_EN10MB, std::int64_t ns = 0)
{
    PacketView view;
    view.timestampNs = ns;
    view.wireLength = static_cast<std::uint32_t>(frame.size());
    Decoder(linkType).decode(frame, view);
    return view;
}

// Feeds frames into a flow table and collects what leaves it.
struct FlowHarness {
    std::vector<Connection> ended;
    FlowTable table;
    std::vector<Frame> frames; // keeps bytes alive while the table holds views into them

    explicit FlowHarness(FlowTableConfig config = FlowTableConfig::withoutTimeouts())
        : table(config, [this](Connection &&c) { ended.push_back(std::move(c)); })
    {
    }

    void feed(const Frame &frame, std::int64_t ns)
    {
        frames.push_back(frame);
        table.add(decodeFrame(frames.back(), DLT_EN10MB, ns));
    }

    std::vector<Connection> &finish()
    {
        table.finish();
        return ended;
    }
};

} // namespace portlens::test
