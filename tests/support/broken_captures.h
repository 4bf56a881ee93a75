// The broken and hostile captures both front ends are tested on (tst_broken_captures_cli,
// tst_broken_captures_gui): each made here, byte by byte, with what a reader must make of it
// worked out from how it was made: the connections read before the fault, the exit code of
// portlens-cli, and the parts of the message that say what went wrong and where.
#pragma once

#include "capture_writer.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTest>

#include <vector>

namespace portlens::test::broken {

struct BrokenCapture {
    QString name;
    QByteArray bytes;
    int connections = 0;   // exactly the connections that must be listed
    int exitCode = 0;      // portlens-cli analyze: 0, 6 empty, 7 not a capture, 9 stopped early
    QStringList mentions;  // each in the message (CLI standard error; GUI problems and warnings)
};

// LINKTYPE_ values as pcapng stores them.
inline constexpr std::uint16_t kLinkEthernet = 1;
inline constexpr std::uint16_t kLinkRaw = 101;
inline constexpr std::uint16_t kLinkIeee80211 = 105;
inline constexpr std::uint16_t kLinkLinuxCooked = 113;

inline constexpr std::int64_t kT0 = 1'700'000'000'000'000'000;

// Connection i (i = 0, 1, ...): a DNS query from its own port and its answer.
inline Frame query(int i)
{
    return ethUdp4("192.0.2.1", "192.0.2.53", {.sport = static_cast<std::uint16_t>(40000 + i), .dport = 53, .payload = "query"});
}
inline Frame answer(int i)
{
    return ethUdp4("192.0.2.53", "192.0.2.1", {.sport = 53, .dport = static_cast<std::uint16_t>(40000 + i), .payload = "answer"});
}
inline Frame withoutEthernet(const Frame &frame) { return Frame(frame.begin() + 14, frame.end()); }
// The same IP packet behind a Linux cooked (v1) header.
inline Frame linuxCooked(const Frame &ethernetFrame)
{
    Frame f;
    put16(f, 0); put16(f, 1); put16(f, 6);
    for (int i = 0; i < 8; ++i) put8(f, i < 6 ? 0x02 : 0);
    put16(f, 0x0800);
    const Frame ip = withoutEthernet(ethernetFrame);
    f.insert(f.end(), ip.begin(), ip.end());
    return f;
}
inline Frame bigUdp(std::size_t payload)
{
    return ethUdp4("192.0.2.9", "192.0.2.53", {.sport = 50000, .dport = 53, .payload = std::string(payload, 'x')});
}

// Three two-packet connections, with `bad` (when given) as packet 3, between the first and the second.
inline ClassicPcap threeWith(const Frame *bad = nullptr, std::uint32_t snapLength = 262144)
{
    ClassicPcap pcap(DLT_EN10MB, snapLength);
    pcap.record(kT0, query(0)).record(kT0 + 1000, answer(0));
    if (bad) pcap.record(kT0 + 2000, *bad);
    for (int i = 1; i < 3; ++i) pcap.record(kT0 + i * 10'000, query(i)).record(kT0 + i * 10'000 + 1000, answer(i));
    return pcap;
}

inline Pcapng pcapngStart()
{
    Pcapng png;
    png.section().interface(kLinkEthernet);
    return png;
}

inline QString at(qsizetype offset) { return QStringLiteral("at byte %1 of").arg(offset); }
inline QString after(int packets) { return QStringLiteral("after packet %1 (").arg(packets); }

// A malformed packet (number 3 in threeWith) is counted, named with its number and reason, and
// everything else kept.
inline BrokenCapture malformedThird(const QString &name, const Frame &bad, const char *reason)
{
    return {name, threeWith(&bad).bytes(), 3, 0,
            {QStringLiteral("1 malformed packet"), QStringLiteral("packet 3: ") + QString::fromLatin1(reason)}};
}

// A capture cut at every byte: up to the last whole record everything is read; a cut inside a
// record names that record's offset and the packet before it.
inline void cutAtEveryOffset(std::vector<BrokenCapture> &cases, const QString &kind, const QByteArray &whole,
                             const std::vector<qsizetype> &packetStarts, qsizetype headerEnd,
                             const std::vector<std::pair<qsizetype, QString>> &headerParts)
{
    for (qsizetype cut = 0; cut < whole.size(); ++cut) {
        BrokenCapture c{kind + QStringLiteral(" cut at byte %1").arg(cut), whole.left(cut), 0, 0, {}};
        if (cut == 0) {
            c.exitCode = 6;
            c.mentions = {QStringLiteral("empty")};
        } else if (cut < headerEnd) {
            c.exitCode = 7;
            for (const auto &[end, mention] : headerParts)
                if (cut < end) { c.mentions = {mention}; break; }
        } else {
            int complete = 0; // packets whose record ends at or before the cut
            for (std::size_t i = 0; i < packetStarts.size(); ++i) {
                const qsizetype end = i + 1 < packetStarts.size() ? packetStarts[i + 1] : whole.size();
                if (end <= cut) complete = static_cast<int>(i) + 1;
            }
            c.connections = (complete + 1) / 2; // query and answer of each connection follow each other
            const bool onBoundary = cut == headerEnd || (complete < static_cast<int>(packetStarts.size()) &&
                                                         cut == packetStarts[static_cast<std::size_t>(complete)]);
            if (!onBoundary) {
                c.exitCode = 9;
                c.mentions = {at(packetStarts[static_cast<std::size_t>(complete)]), after(complete)};
            }
        }
        cases.push_back(std::move(c));
    }
}

inline std::vector<BrokenCapture> brokenCaptures()
{
    std::vector<BrokenCapture> cases;

    // --- The file as a whole ---
    cases.push_back({QStringLiteral("wrong magic"), QByteArray("this is not a capture file\n"), 0, 7,
                     {QStringLiteral("not a pcap or pcapng capture"), QStringLiteral("74 68 69 73")}});
    cases.push_back({QStringLiteral("truncated pcap file header"), threeWith().bytes().left(10), 0, 7,
                     {QStringLiteral("file header is incomplete")}});
    cases.push_back({QStringLiteral("truncated pcapng section header"), pcapngStart().bytes().left(20), 0, 7,
                     {QStringLiteral("section header block at byte 0")}});

    {
        const ClassicPcap whole = threeWith();
        std::vector<qsizetype> starts;
        for (std::size_t i = 0; i < whole.records(); ++i) starts.push_back(whole.start(i));
        cutAtEveryOffset(cases, QStringLiteral("pcap"), whole.bytes(), starts, 24,
                         {{4, QStringLiteral("file header is incomplete")}, {24, QStringLiteral("file header is incomplete")}});
    }
    {
        Pcapng whole = pcapngStart();
        for (int i = 0; i < 3; ++i) whole.packet(0, kT0 + i * 10'000, query(i)).packet(0, kT0 + i * 10'000 + 1000, answer(i));
        std::vector<qsizetype> starts;
        for (std::size_t i = 0; i < whole.packets(); ++i) starts.push_back(whole.packetStart(i));
        const qsizetype idb = whole.blockStarts().at(1);
        cutAtEveryOffset(cases, QStringLiteral("pcapng"), whole.bytes(), starts, starts.front(),
                         {{4, QStringLiteral("file header is incomplete")},
                          {idb, QStringLiteral("section header block at byte 0")},
                          {idb + 1, QStringLiteral("no interface description block")},
                          {starts.front(), QStringLiteral("block at byte %1").arg(idb)}});
    }

    // --- Record lengths that lie ---
    {
        // Snap length 64; packet 3 claims (and holds) 147 bytes. libpcap keeps the first 64 and
        // skips the rest; the offsets of later records must still be right: the last is cut.
        const Frame big = bigUdp(100);
        ClassicPcap pcap(DLT_EN10MB, 64);
        pcap.record(kT0, query(0)).record(kT0 + 1, answer(0)).record(kT0 + 2, big).record(kT0 + 3, query(1)).record(kT0 + 4, answer(1));
        const QByteArray bytes = pcap.bytes().left(pcap.bytes().size() - 10);
        cases.push_back({QStringLiteral("pcap caplen larger than snaplen, then cut"), bytes, 3, 9,
                         {at(pcap.start(4)), after(4)}});
        Pcapng png;
        png.section().interface(kLinkEthernet, 64);
        png.packet(0, kT0, query(0)).packet(0, kT0 + 1, answer(0)).packet(0, kT0 + 2, big).packet(0, kT0 + 3, query(1));
        cases.push_back({QStringLiteral("pcapng caplen larger than snaplen"), png.bytes(), 3, 0, {}});
    }
    {
        ClassicPcap claims(DLT_EN10MB);
        claims.record(kT0, query(0)).record(kT0 + 1, answer(0)).record(kT0 + 2, query(1), 256u << 20).record(kT0 + 3, answer(1));
        cases.push_back({QStringLiteral("pcap caplen 256 MiB claimed"), claims.bytes(), 1, 9,
                         {at(claims.start(2)), after(2), QStringLiteral("268435456")}});
        Pcapng png = pcapngStart();
        png.packet(0, kT0, query(0)).packet(0, kT0 + 1, answer(0)).packet(0, kT0 + 2, query(1), 256u << 20).packet(0, kT0 + 3, answer(1));
        cases.push_back({QStringLiteral("pcapng caplen 256 MiB claimed"), png.bytes(), 1, 9,
                         {at(png.packetStart(2)), after(2), QStringLiteral("268435456")}});
    }
    {
        const Frame empty;
        cases.push_back(malformedThird(QStringLiteral("zero-length packet"), empty, "the frame is shorter than its link-layer header"));
        ClassicPcap pcap(DLT_EN10MB);
        pcap.record(kT0, query(0)).record(kT0 + 1, answer(0)).record(kT0 + 2, Frame{}, 0u, 47u);
        for (int i = 1; i < 3; ++i) pcap.record(kT0 + i * 10, query(i)).record(kT0 + i * 10 + 1, answer(i));
        cases.push_back({QStringLiteral("caplen 0 of a 47-byte packet"), pcap.bytes(), 3, 0,
                         {QStringLiteral("packet 3: the frame is shorter than its link-layer header")}});
    }
    {
        const Frame big = bigUdp(65507); // IPv4 total length 65535: the largest there is
        cases.push_back({QStringLiteral("64 KiB packet"), threeWith(&big).bytes(), 4, 0, {}});
    }
    {
        ClassicPcap pcap(DLT_EN10MB);
        for (int i = 0; i < 3; ++i) { // each connection an hour before the previous one
            const std::int64_t t = kT0 - i * 3'600'000'000'000LL;
            pcap.record(t, query(i)).record(t - 1'000'000, answer(i)); // even the answer before its query
        }
        cases.push_back({QStringLiteral("timestamps going backwards"), pcap.bytes(), 3, 0, {}});
    }

    // --- Headers that lie ---
    const Frame udp = udpDatagram({.sport = 40100, .dport = 53, .payload = "query"});
    cases.push_back(malformedThird(QStringLiteral("IPv4 IHL below 5"), ethernet(ipv4WithIhl("192.0.2.1", "192.0.2.53", 17, udp, 3)),
                                   "the IPv4 header length (IHL) is below 5"));
    cases.push_back(malformedThird(QStringLiteral("IPv4 IHL past the packet"), ethernet(ipv4WithIhl("192.0.2.1", "192.0.2.53", 17, udp, 15)),
                                   "the IPv4 header length (IHL) reaches past the captured bytes"));
    cases.push_back(malformedThird(QStringLiteral("IPv6 extension headers that loop"),
                                   ethernet(ipv6("2001:db8::1", "2001:db8::53", 0, ipv6ExtensionChain(17, 17, udp)), 0x86dd),
                                   "more than 16 IPv6 extension headers"));
    cases.push_back(malformedThird(QStringLiteral("IPv6 extension header overrun"),
                                   ethernet(ipv6("2001:db8::1", "2001:db8::53", 0, ipv6ExtensionChain(1, 17, udp, 200)), 0x86dd),
                                   "an IPv6 extension header reaches past the packet"));
    cases.push_back(malformedThird(QStringLiteral("TCP data offset past the segment"),
                                   ethTcp4("192.0.2.1", "192.0.2.80", {.sport = 40200, .dport = 80, .flags = TcpFlag::Syn, .dataOffset = 15}),
                                   "the TCP data offset reaches past the segment"));
    cases.push_back(malformedThird(QStringLiteral("TCP data offset below 5"),
                                   ethTcp4("192.0.2.1", "192.0.2.80", {.sport = 40200, .dport = 80, .flags = TcpFlag::Syn, .dataOffset = 2}),
                                   "the TCP data offset is below 5"));
    {
        // One connection whatever its segments do: retransmitted, overlapping, far out of the window.
        ClassicPcap pcap(DLT_EN10MB);
        auto c = [](Tcp t) { return ethTcp4("192.0.2.1", "192.0.2.80", t); };
        auto s = [](Tcp t) { return ethTcp4("192.0.2.80", "192.0.2.1", t); };
        const std::uint16_t cp = 40300, sp = 80;
        pcap.record(kT0, c({.sport = cp, .dport = sp, .seq = 1000, .flags = TcpFlag::Syn}))
            .record(kT0 + 1, s({.sport = sp, .dport = cp, .seq = 5000, .ack = 1001, .flags = TcpFlag::Syn | TcpFlag::Ack}))
            .record(kT0 + 2, c({.sport = cp, .dport = sp, .seq = 1001, .ack = 5001}))
            .record(kT0 + 3, c({.sport = cp, .dport = sp, .seq = 1001, .ack = 5001, .payload = "GET / HTTP/1.1\r\n"}))
            .record(kT0 + 4, c({.sport = cp, .dport = sp, .seq = 1001, .ack = 5001, .payload = "GET / HTTP/1.1\r\n"}))
            .record(kT0 + 5, c({.sport = cp, .dport = sp, .seq = 1010, .ack = 5001, .payload = "HTTP/1.1\r\nHost: x\r\n\r\n"}))
            .record(kT0 + 6, c({.sport = cp, .dport = sp, .seq = 1001 + 0x80000000u, .ack = 5001, .payload = "far away"}))
            .record(kT0 + 7, s({.sport = sp, .dport = cp, .seq = 5001 - 4000, .ack = 1031, .payload = "before the window"}))
            .record(kT0 + 8, s({.sport = sp, .dport = cp, .seq = 5001, .ack = 1031, .flags = TcpFlag::Fin | TcpFlag::Ack}))
            .record(kT0 + 9, c({.sport = cp, .dport = sp, .seq = 1031, .ack = 5002, .flags = TcpFlag::Fin | TcpFlag::Ack}));
        cases.push_back({QStringLiteral("TCP retransmitted, overlapping and out-of-window segments"), pcap.bytes(), 1, 0, {}});
    }

    // --- pcapng structure ---
    {
        Pcapng png = pcapngStart();
        png.packet(0, kT0, query(0)).packet(0, kT0 + 1, answer(0));
        png.block(0x00000BAD, QByteArray(13, 'u'));              // unknown
        png.block(4, QByteArray(4, '\0'));                       // name resolution, empty
        png.block(0x40000BAD, QByteArray("\x00\x00\x7f\x00local", 9)); // custom, copyable
        png.packet(0, kT0 + 10, query(1)).packet(0, kT0 + 11, answer(1));
        png.block(5, QByteArray(20, '\0'));                      // interface statistics
        png.packet(0, kT0 + 20, query(2)).packet(0, kT0 + 21, answer(2));
        cases.push_back({QStringLiteral("pcapng unknown block types"), png.bytes(), 3, 0, {}});
    }
    auto corruptLength = [&](const QString &name, std::uint32_t length) {
        Pcapng png = pcapngStart();
        png.packet(0, kT0, query(0)).packet(0, kT0 + 1, answer(0));
        const qsizetype start = png.size();
        Frame frame = query(1);
        QByteArray body(20, '\0');
        body.append(reinterpret_cast<const char *>(frame.data()), static_cast<qsizetype>(frame.size()));
        png.block(6, body, length);
        png.packet(0, kT0 + 3, answer(1)).packet(0, kT0 + 4, query(2)).packet(0, kT0 + 5, answer(2));
        cases.push_back({name, png.bytes(), 1, 9, {at(start), after(2), QStringLiteral("the length is corrupt")}});
    };
    corruptLength(QStringLiteral("pcapng block length not a multiple of 4"), 81);
    corruptLength(QStringLiteral("pcapng block length below 12"), 8);
    corruptLength(QStringLiteral("pcapng block lengths disagree"), 88);
    corruptLength(QStringLiteral("pcapng block length of 256 MiB"), 256u << 20);
    {
        Pcapng png;
        png.section().packet(0, kT0, query(0)).interface(kLinkEthernet).packet(0, kT0 + 1, answer(0));
        cases.push_back({QStringLiteral("pcapng interface block missing"), png.bytes(), 0, 7,
                         {QStringLiteral("at byte 28 comes before any interface description block")}});
    }
    {
        Pcapng png = pcapngStart();
        png.packet(0, kT0, query(0)).packet(0, kT0 + 1, answer(0)).packet(1, kT0 + 2, query(1)).packet(0, kT0 + 3, answer(1));
        cases.push_back({QStringLiteral("pcapng packet on an undescribed interface"), png.bytes(), 1, 9,
                         {at(png.packetStart(2)), after(2), QStringLiteral("names interface 1")}});
    }
    {
        // Three sections: little-endian Ethernet, big-endian raw IP, little-endian Linux cooked.
        Pcapng png;
        png.section().interface(kLinkEthernet).packet(0, kT0, query(0)).packet(0, kT0 + 1, answer(0));
        png.section(true).interface(kLinkRaw).packet(0, kT0 + 2, withoutEthernet(query(1))).packet(0, kT0 + 3, withoutEthernet(answer(1)));
        png.section().interface(kLinkLinuxCooked).packet(0, kT0 + 4, linuxCooked(query(2))).packet(0, kT0 + 5, linuxCooked(answer(2)));
        cases.push_back({QStringLiteral("pcapng several section headers"), png.bytes(), 3, 0, {}});
    }
    {
        // One section, three interfaces of three link types, packets interleaved; the raw one
        // counts in microseconds (no if_tsresol).
        Pcapng png;
        png.section().interface(kLinkEthernet).interface(kLinkRaw, 0, -1).interface(kLinkLinuxCooked);
        const std::int64_t us = kT0 / 1000;
        png.packet(0, kT0, query(0)).packet(1, us + 1, withoutEthernet(query(1))).packet(2, kT0 + 2000, linuxCooked(query(2)));
        png.packet(0, kT0 + 3000, answer(0)).packet(1, us + 4, withoutEthernet(answer(1))).packet(2, kT0 + 5000, linuxCooked(answer(2)));
        cases.push_back({QStringLiteral("pcapng link types changing mid-file"), png.bytes(), 3, 0, {}});
    }
    {
        Pcapng png;
        png.section().interface(kLinkEthernet).interface(kLinkIeee80211);
        png.packet(0, kT0, query(0)).packet(0, kT0 + 1, answer(0)).packet(1, kT0 + 2, Frame(40, std::byte{0x08}));
        for (int i = 1; i < 3; ++i) png.packet(0, kT0 + i * 10, query(i)).packet(0, kT0 + i * 10 + 1, answer(i));
        cases.push_back({QStringLiteral("pcapng interface of a link type not decoded"), png.bytes(), 3, 0,
                         {QStringLiteral("IEEE802_11"), QStringLiteral("first seen at packet 3")}});
    }
    return cases;
}

// The rows of a data-driven test over every case: columns bytes, connections, exitCode, mentions
// (the CLI and the GUI check the same cases, each its own way).
inline void addBrokenCaptureRows()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("connections");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("mentions");
    for (const BrokenCapture &c : brokenCaptures())
        QTest::newRow(qPrintable(c.name)) << c.bytes << c.connections << c.exitCode << c.mentions;
}

} // namespace portlens::test::broken
