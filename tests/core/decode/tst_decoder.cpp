// Decoder: each link layer, IPv4/IPv6 (extension headers, fragments, tunnels), TCP and UDP, on
// hand-made frames; and every truncation of a frame decodes without reading past its end.
#include "packet_builder.h"

#include <QTest>

using namespace portlens;
using namespace portlens::test;

class TestDecoder : public QObject {
    Q_OBJECT

private slots:
    void ethernetIpv4Tcp()
    {
        const Frame f = ethTcp4("192.0.2.1", "198.51.100.2",
                                {.sport = 51000, .dport = 443, .seq = 7, .ack = 9, .flags = TcpFlag::Syn, .payload = "hi"});
        const PacketView v = decodeFrame(f);
        QCOMPARE(v.kind, PacketKind::Transport);
        QVERIFY(v.isTcp());
        QCOMPARE(v.source.toString(), std::string("192.0.2.1"));
        QCOMPARE(v.destination.toString(), std::string("198.51.100.2"));
        QCOMPARE(v.sourcePort, 51000);
        QCOMPARE(v.destinationPort, 443);
        QCOMPARE(v.tcpSeq, 7u);
        QCOMPARE(v.tcpAck, 9u);
        QCOMPARE(v.tcpFlags, TcpFlag::Syn);
        QCOMPARE(v.payloadLength, 2u);
        QCOMPARE(asText(v.payload), std::string_view("hi"));
        QCOMPARE(v.ipLength, 20u + 20u + 2u);
    }

    void vlanAndQinQ()
    {
        const Frame inner = ipv4("192.0.2.1", "192.0.2.2", 17, udpDatagram({.sport = 1, .dport = 53, .payload = "x"}));
        for (auto frame : {ethernet(inner, 0x0800, {100}), ethernet(inner, 0x0800, {10, 20}),
                           ethernet(inner, 0x0800, {1, 2, 3})}) {
            const PacketView v = decodeFrame(frame);
            QCOMPARE(v.kind, PacketKind::Transport);
            QVERIFY(v.isUdp());
            QCOMPARE(v.destinationPort, 53);
        }
    }

    void ethernetPaddingIsNotPayload()
    {
        Frame f = ethUdp4("192.0.2.1", "192.0.2.2", {.sport = 5353, .dport = 5353, .payload = "ab"});
        f.resize(60, std::byte{0}); // minimum Ethernet frame: the sender padded it
        const PacketView v = decodeFrame(f);
        QCOMPARE(v.payloadLength, 2u);
        QCOMPARE(v.payload.size(), 2u);
    }

    void ipv6ExtensionHeaders()
    {
        // hop-by-hop (8 bytes) -> destination options (8 bytes) -> UDP
        Frame ext;
        put8(ext, 60); put8(ext, 0); for (int i = 0; i < 6; ++i) put8(ext, 0);
        put8(ext, 17); put8(ext, 0); for (int i = 0; i < 6; ++i) put8(ext, 0);
        const Frame udp = udpDatagram({.sport = 546, .dport = 547, .payload = "dhcp6"});
        ext.insert(ext.end(), udp.begin(), udp.end());
        const PacketView v = decodeFrame(ethernet(ipv6("2001:db8::1", "ff02::1:2", 0, ext), 0x86dd));
        QCOMPARE(v.kind, PacketKind::Transport);
        QVERIFY(v.isUdp());
        QCOMPARE(v.sourcePort, 546);
        QCOMPARE(v.payloadLength, 5u);
        QCOMPARE(v.source.toString(), std::string("2001:db8::1"));
        QVERIFY(v.destination.isMulticast());
    }

    void fragments()
    {
        const Frame udp = udpDatagram({.sport = 1000, .dport = 53, .payload = "abcdefgh"});
        // IPv4: first fragment (more-fragments set, offset 0) is decoded; later ones are counted.
        QCOMPARE(decodeFrame(ethernet(ipv4("192.0.2.1", "192.0.2.2", 17, udp, 0x2000))).kind, PacketKind::Transport);
        QCOMPARE(decodeFrame(ethernet(ipv4("192.0.2.1", "192.0.2.2", 17, udp, 0x0003))).kind, PacketKind::Fragment);
        // IPv6 fragment header with a non-zero offset.
        Frame frag;
        put8(frag, 17); put8(frag, 0); put16(frag, 8 << 3); put32(frag, 42);
        frag.insert(frag.end(), udp.begin(), udp.end());
        QCOMPARE(decodeFrame(ethernet(ipv6("2001:db8::1", "2001:db8::2", 44, frag), 0x86dd)).kind, PacketKind::Fragment);
        Frame first;
        put8(first, 17); put8(first, 0); put16(first, 1); put32(first, 42); // offset 0, more fragments
        first.insert(first.end(), udp.begin(), udp.end());
        QCOMPARE(decodeFrame(ethernet(ipv6("2001:db8::1", "2001:db8::2", 44, first), 0x86dd)).kind, PacketKind::Transport);
    }

    void countedKinds()
    {
        Frame icmp;
        put8(icmp, 8); put8(icmp, 0); put16(icmp, 0); put32(icmp, 1);
        QCOMPARE(decodeFrame(ethernet(ipv4("192.0.2.1", "192.0.2.2", 1, icmp))).kind, PacketKind::Icmp);
        QCOMPARE(decodeFrame(ethernet(ipv6("2001:db8::1", "2001:db8::2", 58, icmp), 0x86dd)).kind, PacketKind::Icmp);
        QCOMPARE(decodeFrame(ethernet(ipv4("192.0.2.1", "192.0.2.2", 50, icmp))).kind, PacketKind::OtherIp);
        Frame arp(28, std::byte{0});
        QCOMPARE(decodeFrame(ethernet(arp, 0x0806)).kind, PacketKind::NonIp);
    }

    void tunnelsYieldTheInnerConversation()
    {
        const Frame inner = ipv4("10.0.0.1", "10.0.0.2", 6, tcpSegment({.sport = 40000, .dport = 80}));
        const PacketView v = decodeFrame(ethernet(ipv6("2001:db8::1", "2001:db8::2", 4, inner), 0x86dd));
        QCOMPARE(v.kind, PacketKind::Transport);
        QCOMPARE(v.source.toString(), std::string("10.0.0.1"));
        QCOMPARE(v.destinationPort, 80);
        // GRE (version 0, no options) carrying IPv4
        Frame gre;
        put16(gre, 0); put16(gre, 0x0800);
        gre.insert(gre.end(), inner.begin(), inner.end());
        const PacketView g = decodeFrame(ethernet(ipv4("192.0.2.1", "192.0.2.2", 47, gre)));
        QCOMPARE(g.kind, PacketKind::Transport);
        QCOMPARE(g.destination.toString(), std::string("10.0.0.2"));
    }

    void linkTypes_data()
    {
        QTest::addColumn<int>("linkType");
        QTest::addColumn<QByteArray>("prefix");
        QTest::newRow("raw") << DLT_RAW << QByteArray();
        QTest::newRow("ipv4") << DLT_IPV4 << QByteArray();
        QTest::newRow("null little-endian AF_INET") << DLT_NULL << QByteArray("\x02\x00\x00\x00", 4);
        QTest::newRow("null big-endian AF_INET") << DLT_NULL << QByteArray("\x00\x00\x00\x02", 4);
        QTest::newRow("loop") << DLT_LOOP << QByteArray("\x00\x00\x00\x02", 4);
        QTest::newRow("linux cooked v1") << DLT_LINUX_SLL
                                         << QByteArray("\x00\x00\x00\x01\x00\x06\x02\x04\x04\x04\x04\x04\x00\x00\x08\x00", 16);
        QTest::newRow("linux cooked v2") << DLT_LINUX_SLL2
                                         << QByteArray("\x08\x00\x00\x00\x00\x00\x00\x02\x00\x01\x00\x06\x02\x04\x04\x04\x04\x04\x00\x00", 20);
        QTest::newRow("ppp") << DLT_PPP << QByteArray("\xff\x03\x00\x21", 4);
        QTest::newRow("cisco hdlc") << DLT_C_HDLC << QByteArray("\x0f\x00\x08\x00", 4);
    }

    void linkTypes()
    {
        QFETCH(int, linkType);
        QFETCH(QByteArray, prefix);
        QVERIFY(Decoder::supportsLinkType(linkType));
        Frame f;
        for (char c : prefix) put8(f, static_cast<unsigned char>(c));
        const Frame ip = ipv4("192.0.2.7", "192.0.2.8", 17, udpDatagram({.sport = 123, .dport = 123, .payload = "ntp"}));
        f.insert(f.end(), ip.begin(), ip.end());
        const PacketView v = decodeFrame(f, linkType);
        QCOMPARE(v.kind, PacketKind::Transport);
        QCOMPARE(v.source.toString(), std::string("192.0.2.7"));
        QCOMPARE(v.payloadLength, 3u);
    }

    void unsupportedLinkTypeIsNamed()
    {
        QVERIFY(!Decoder::supportsLinkType(DLT_IEEE802_11_RADIO));
        QVERIFY(QByteArray::fromStdString(Decoder::linkTypeName(DLT_IEEE802_11_RADIO)).contains("IEEE802_11_RADIO"));
    }

    // Cut every test frame at every length: headers that do not fit are never Transport; once
    // the headers fit, the payload is exactly what was captured and the length what IP says.
    void truncatedAtEveryOffset_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<int>("headerEnd");
        auto row = [](const char *name, const Frame &f, int headerEnd) {
            QTest::newRow(name) << QByteArray(reinterpret_cast<const char *>(f.data()), static_cast<qsizetype>(f.size()))
                                << headerEnd;
        };
        row("eth/ipv4/tcp", ethTcp4("192.0.2.1", "192.0.2.2", {.sport = 1, .dport = 2, .payload = "payload!"}), 14 + 20 + 20);
        row("eth/ipv4/udp", ethUdp4("192.0.2.1", "192.0.2.2", {.sport = 1, .dport = 2, .payload = "payload!"}), 14 + 20 + 8);
        row("eth/qinq/ipv6/udp",
            ethernet(ipv6("2001:db8::1", "2001:db8::2", 17, udpDatagram({.sport = 1, .dport = 2, .payload = "payload!"})),
                     0x86dd, {5, 6}),
            14 + 8 + 40 + 8);
        row("eth/ipv6/ipv4/tcp",
            ethernet(ipv6("2001:db8::1", "2001:db8::2", 4,
                          ipv4("10.0.0.1", "10.0.0.2", 6, tcpSegment({.sport = 1, .dport = 2, .payload = "payload!"}))),
                     0x86dd),
            14 + 40 + 20 + 20);
    }

    void truncatedAtEveryOffset()
    {
        QFETCH(QByteArray, frame);
        QFETCH(int, headerEnd);
        Frame full(reinterpret_cast<const std::byte *>(frame.constData()),
                   reinterpret_cast<const std::byte *>(frame.constData()) + frame.size());
        for (int n = 0; n <= static_cast<int>(full.size()); ++n) {
            // A copy of exactly n bytes, so that AddressSanitizer catches any read beyond it.
            const Frame cut(full.begin(), full.begin() + n);
            const PacketView v = decodeFrame(cut);
            if (n < headerEnd) {
                QVERIFY2(v.kind != PacketKind::Transport, qPrintable(QStringLiteral("cut at %1").arg(n)));
            } else {
                QVERIFY2(v.kind == PacketKind::Transport, qPrintable(QStringLiteral("cut at %1").arg(n)));
                QCOMPARE(static_cast<int>(v.payload.size()), n - headerEnd);
                QCOMPARE(v.payloadLength, 8u);
            }
        }
    }

    void hostileLengthsAreContained()
    {
        // IHL larger than the packet, TCP data offset beyond the segment, UDP length of 0xffff.
        Frame badIhl = ethTcp4("192.0.2.1", "192.0.2.2", {.sport = 1, .dport = 2});
        badIhl[14] = std::byte{0x4f};
        QCOMPARE(decodeFrame(badIhl).kind, PacketKind::Malformed);
        Frame badOffset = ethTcp4("192.0.2.1", "192.0.2.2", {.sport = 1, .dport = 2});
        badOffset[14 + 20 + 12] = std::byte{0xf0};
        QCOMPARE(decodeFrame(badOffset).kind, PacketKind::Malformed);
        Frame badUdp = ethUdp4("192.0.2.1", "192.0.2.2", {.sport = 1, .dport = 2, .payload = "abc"});
        badUdp[14 + 20 + 4] = std::byte{0xff};
        badUdp[14 + 20 + 5] = std::byte{0xff};
        const PacketView v = decodeFrame(badUdp);
        QCOMPARE(v.payloadLength, 3u); // IP's length wins over UDP's claim
        QCOMPARE(v.payload.size(), 3u);
    }
};

QTEST_GUILESS_MAIN(TestDecoder)
#include "tst_decoder.moc"
