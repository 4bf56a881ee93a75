// FlowTable: roles, history and conn_state, payload reassembly, port reuse, and the bounds on
// memory (idle timeouts on the capture clock, the flow cap) that never drop a connection silently.
#include "packet_builder.h"

#include <QTest>

using namespace portlens;
using namespace portlens::test;

namespace {
constexpr const char *kClient = "192.0.2.10";
constexpr const char *kServer = "198.51.100.20";
constexpr std::int64_t kMs = 1'000'000;

// A complete TCP conversation: handshake, a request, a response, FIN from both sides.
void feedHttpExchange(FlowHarness &h, std::uint16_t clientPort = 40000, std::int64_t t0 = 0,
                      std::uint32_t clientIsn = 100)
{
    const std::uint32_t c = clientIsn, s = 5000;
    h.feed(ethTcp4(kClient, kServer, {.sport = clientPort, .dport = 80, .seq = c, .flags = TcpFlag::Syn}), t0);
    h.feed(ethTcp4(kServer, kClient, {.sport = 80, .dport = clientPort, .seq = s, .ack = c + 1, .flags = TcpFlag::Syn | TcpFlag::Ack}), t0 + 1 * kMs);
    h.feed(ethTcp4(kClient, kServer, {.sport = clientPort, .dport = 80, .seq = c + 1, .ack = s + 1}), t0 + 2 * kMs);
    h.feed(ethTcp4(kClient, kServer, {.sport = clientPort, .dport = 80, .seq = c + 1, .ack = s + 1, .flags = TcpFlag::Ack | TcpFlag::Psh, .payload = "GET / HTTP/1.1\r\n\r\n"}), t0 + 3 * kMs);
    h.feed(ethTcp4(kServer, kClient, {.sport = 80, .dport = clientPort, .seq = s + 1, .ack = c + 19, .flags = TcpFlag::Ack | TcpFlag::Psh, .payload = "HTTP/1.1 200 OK\r\n\r\n"}), t0 + 4 * kMs);
    h.feed(ethTcp4(kClient, kServer, {.sport = clientPort, .dport = 80, .seq = c + 19, .ack = s + 20, .flags = TcpFlag::Ack | TcpFlag::Fin}), t0 + 5 * kMs);
    h.feed(ethTcp4(kServer, kClient, {.sport = 80, .dport = clientPort, .seq = s + 20, .ack = c + 20, .flags = TcpFlag::Ack | TcpFlag::Fin}), t0 + 6 * kMs);
    h.feed(ethTcp4(kClient, kServer, {.sport = clientPort, .dport = 80, .seq = c + 20, .ack = s + 21}), t0 + 7 * kMs);
}

std::string keptText(const Connection &c, Direction d)
{
    const auto &bytes = c.payload.of(d);
    return std::string(reinterpret_cast<const char *>(bytes.data()), bytes.size());
}
} // namespace

class TestFlowTable : public QObject {
    Q_OBJECT

private slots:
    void completeTcpConversation()
    {
        FlowHarness h;
        feedHttpExchange(h);
        auto &ended = h.finish();
        QCOMPARE(ended.size(), 1u);
        const Connection &c = ended[0];
        QCOMPARE(c.client.address.toString(), std::string(kClient));
        QCOMPARE(c.server.port, 80);
        QCOMPARE(c.roles, Roles::ClientServer);
        QCOMPARE(c.history, std::string("ShADdFf")); // the server never sends a bare ACK here
        QCOMPARE(std::string(c.connState()), std::string("SF"));
        QCOMPARE(c.toServer.packets, 5u);
        QCOMPARE(c.toClient.packets, 3u);
        QCOMPARE(c.toServer.payloadBytes, 18u);
        QCOMPARE(c.toClient.payloadBytes, 19u);
        QCOMPARE(keptText(c, Direction::ToServer), std::string("GET / HTTP/1.1\r\n\r\n"));
        QCOMPARE(keptText(c, Direction::ToClient), std::string("HTTP/1.1 200 OK\r\n\r\n"));
        QCOMPARE(c.payload.chunks.size(), 2u);
        QCOMPARE(c.payload.chunks[0].direction, Direction::ToServer);
        QCOMPARE(c.lastNs - c.firstNs, 7 * kMs);
        QCOMPARE(c.endReason, EndReason::EndOfCapture);
    }

    // A reader thread may hash packets ahead (FlowTable::hashAhead) and the table prefetch their
    // state; what add() makes of them must not change: both directions of a flow hash alike, a
    // hashed packet finds the connection an unhashed one opened, and the results are identical.
    void packetsHashedAheadLandInTheSameConnections()
    {
        const PacketView there = decodeFrame(ethTcp4(kClient, kServer, {.sport = 40000, .dport = 80, .flags = TcpFlag::Syn}));
        const PacketView back = decodeFrame(ethTcp4(kServer, kClient, {.sport = 80, .dport = 40000, .flags = TcpFlag::Syn | TcpFlag::Ack}));
        const FlowHash thereHash = FlowTable::hashAhead(there);
        const FlowHash backHash = FlowTable::hashAhead(back);
        QVERIFY(thereHash.known && backHash.known);
        QCOMPARE(thereHash.value, backHash.value);
        QVERIFY(thereHash.sourceIsLow != backHash.sourceIsLow);
        const PacketView other = decodeFrame(ethTcp4(kClient, kServer, {.sport = 40001, .dport = 80, .flags = TcpFlag::Syn}));
        QVERIFY(FlowTable::hashAhead(other).value != thereHash.value);
        const PacketView nonIp = decodeFrame(Frame(60, std::byte{0}));
        QVERIFY(!FlowTable::hashAhead(nonIp).known); // the flow table does not take it

        // The same conversation, every other packet hashed ahead (and prefetched), against none.
        struct Hashing : FlowHarness {
            int count = 0;
            void feedHashed(const Frame &frame, std::int64_t ns)
            {
                frames.push_back(frame);
                const PacketView view = decodeFrame(frames.back(), DLT_EN10MB, ns);
                FlowHash hash;
                if (++count % 2) {
                    hash = FlowTable::hashAhead(view);
                    table.prefetch(hash);
                }
                table.add(view, hash);
            }
        };
        FlowHarness plain;
        Hashing hashed;
        for (int i = 0; i < 3; ++i) {
            const auto port = static_cast<std::uint16_t>(41000 + i);
            const std::int64_t t = i * 10 * kMs;
            for (FlowHarness *h : {static_cast<FlowHarness *>(&plain), static_cast<FlowHarness *>(&hashed)}) {
                const auto feed = [&](const Frame &f, std::int64_t ns) {
                    if (h == &hashed) hashed.feedHashed(f, ns);
                    else h->feed(f, ns);
                };
                feed(ethTcp4(kClient, kServer, {.sport = port, .dport = 80, .seq = 1, .flags = TcpFlag::Syn}), t);
                feed(ethTcp4(kServer, kClient, {.sport = 80, .dport = port, .seq = 9, .ack = 2, .flags = TcpFlag::Syn | TcpFlag::Ack}), t + kMs);
                feed(ethTcp4(kClient, kServer, {.sport = port, .dport = 80, .seq = 2, .ack = 10, .flags = TcpFlag::Ack | TcpFlag::Psh, .payload = "GET / HTTP/1.1\r\n\r\n"}), t + 2 * kMs);
                feed(ethTcp4(kServer, kClient, {.sport = 80, .dport = port, .seq = 10, .ack = 20, .flags = TcpFlag::Ack | TcpFlag::Psh, .payload = "HTTP/1.1 200 OK\r\n\r\n"}), t + 3 * kMs);
            }
        }
        const auto &a = plain.finish();
        const auto &b = hashed.finish();
        QCOMPARE(a.size(), 3u);
        QCOMPARE(b.size(), a.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(b[i].client.port, a[i].client.port);
            QCOMPARE(b[i].history, a[i].history);
            QCOMPARE(b[i].toServer.packets, a[i].toServer.packets);
            QCOMPARE(b[i].toClient.packets, a[i].toClient.packets);
            QCOMPARE(keptText(b[i], Direction::ToClient), keptText(a[i], Direction::ToClient));
        }
        QCOMPARE(a[0].history, std::string("ShDd")); // data without a bare ACK first
    }

    void connStates_data()
    {
        // Upper case: from the client, lower case: from the server (as in Zeek's history).
        // S/s = SYN, H/h = SYN-ACK, R/r = RST, F/f = FIN.
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no answer") << "S" << "S0";
        QTest::newRow("rejected") << "Sr" << "REJ";
        QTest::newRow("established") << "Sh" << "S1";
        QTest::newRow("client reset") << "ShR" << "RSTO";
        QTest::newRow("server reset") << "Shr" << "RSTR";
        QTest::newRow("client closed only") << "ShF" << "S2";
        QTest::newRow("server closed only") << "Shf" << "S3";
        QTest::newRow("both closed") << "ShFf" << "SF";
        QTest::newRow("syn then reset") << "SR" << "RSTOS0";
        QTest::newRow("syn then fin") << "SF" << "SH";
        QTest::newRow("server syn-ack then reset") << "hr" << "RSTRH";
        QTest::newRow("server syn-ack then fin") << "hf" << "SHR";
    }

    void connStates()
    {
        QFETCH(QString, script);
        QFETCH(QString, expected);
        FlowHarness h;
        std::int64_t t = 0;
        for (QChar step : script) {
            const bool fromClient = step.isUpper();
            std::uint8_t flags = 0;
            switch (step.toUpper().toLatin1()) {
            case 'S': flags = TcpFlag::Syn; break;
            case 'H': flags = TcpFlag::Syn | TcpFlag::Ack; break;
            case 'R': flags = TcpFlag::Rst | TcpFlag::Ack; break;
            case 'F': flags = TcpFlag::Fin | TcpFlag::Ack; break;
            }
            if (fromClient)
                h.feed(ethTcp4(kClient, kServer, {.sport = 40001, .dport = 22, .seq = 1, .flags = flags}), t);
            else
                h.feed(ethTcp4(kServer, kClient, {.sport = 22, .dport = 40001, .seq = 9, .flags = flags}), t);
            t += kMs;
        }
        QCOMPARE(QString::fromLatin1(h.finish().at(0).connState()), expected);
    }

    void midStreamRolesAreGuessedFromPorts()
    {
        FlowHarness h;
        // First packet seen goes from the server (port 443) to the client (port 52000).
        h.feed(ethTcp4(kServer, kClient, {.sport = 443, .dport = 52000, .seq = 1, .payload = "xx"}), 0);
        h.feed(ethTcp4(kClient, kServer, {.sport = 52000, .dport = 443, .seq = 7, .payload = "yy"}), kMs);
        const Connection &c = h.finish().at(0);
        QCOMPARE(c.roles, Roles::Guessed);
        QCOMPARE(c.server.port, 443);
        QCOMPARE(c.history.front(), '^');
        QCOMPARE(std::string(c.connState()), std::string("OTH"));
    }

    void synAckFirstMakesItsSenderTheServer()
    {
        FlowHarness h;
        h.feed(ethTcp4(kServer, kClient, {.sport = 8080, .dport = 3000, .flags = TcpFlag::Syn | TcpFlag::Ack}), 0);
        const Connection &c = h.finish().at(0);
        QCOMPARE(c.server.port, 8080);
        QCOMPARE(c.roles, Roles::ClientServer);
    }

    void udpRoles()
    {
        FlowHarness h;
        h.feed(ethUdp4("192.0.2.10", "224.0.0.251", {.sport = 5353, .dport = 5353, .payload = "q"}), 0);
        h.feed(ethUdp4("192.0.2.10", "198.51.100.53", {.sport = 41000, .dport = 53, .payload = "query"}), kMs);
        h.feed(ethUdp4("198.51.100.53", "192.0.2.10", {.sport = 53, .dport = 41000, .payload = "answer"}), 2 * kMs);
        auto &ended = h.finish();
        QCOMPARE(ended.size(), 2u);
        QCOMPARE(ended[0].roles, Roles::Peers);
        QCOMPARE(std::string(ended[0].connState()), std::string("S0"));
        QCOMPARE(ended[1].roles, Roles::ClientServer);
        QCOMPARE(ended[1].client.port, 41000);
        QCOMPARE(std::string(ended[1].connState()), std::string("SF"));
        QCOMPARE(ended[1].history, std::string("Dd"));
        QCOMPARE(keptText(ended[1], Direction::ToClient), std::string("answer"));
    }

    void udpAnswerWithoutItsQuestionIsGuessed()
    {
        // An SSDP reply from 1900 to the ephemeral port the M-SEARCH came from: 1900 is the
        // server, because the table is told a service is known there (AnalysisPipeline asks its
        // PortKnowledge).
        const Frame reply = ethUdp4("192.0.2.30", "192.0.2.10", {.sport = 1900, .dport = 50201, .payload = "HTTP/1.1 200 OK\r\n"});
        FlowTableConfig config = FlowTableConfig::withoutTimeouts();
        config.servicePort = [](std::uint16_t port, std::uint8_t transport) {
            return port == 1900 && transport == static_cast<std::uint8_t>(IpProtocol::Udp);
        };
        FlowHarness h(config);
        h.feed(reply, 0);
        const Connection &c = h.finish().at(0);
        QCOMPARE(c.roles, Roles::Guessed);
        QCOMPARE(c.server.port, 1900);
        QCOMPARE(std::string(c.connState()), std::string("SHR"));
        QCOMPARE(c.history, std::string("^d"));

        // Told of no service above 1023, the table takes the first sender for the client.
        FlowHarness unknown;
        unknown.feed(reply, 0);
        const Connection &first = unknown.finish().at(0);
        QCOMPARE(first.roles, Roles::ClientServer);
        QCOMPARE(first.client.port, 1900);
    }

    void retransmissionsAndReorderingAreReassembled()
    {
        FlowHarness h;
        const std::uint32_t isn = 0xfffffff0; // wraps around 2^32 on purpose
        h.feed(ethTcp4(kClient, kServer, {.sport = 40002, .dport = 25, .seq = isn, .flags = TcpFlag::Syn}), 0);
        h.feed(ethTcp4(kClient, kServer, {.sport = 40002, .dport = 25, .seq = isn + 1, .payload = "EHLO "}), 1);
        h.feed(ethTcp4(kClient, kServer, {.sport = 40002, .dport = 25, .seq = isn + 11, .payload = "le\r\n"}), 2); // early
        h.feed(ethTcp4(kClient, kServer, {.sport = 40002, .dport = 25, .seq = isn + 1, .payload = "EHLO "}), 3);   // again
        h.feed(ethTcp4(kClient, kServer, {.sport = 40002, .dport = 25, .seq = isn + 6, .payload = "exam"}), 4);
        h.feed(ethTcp4(kClient, kServer, {.sport = 40002, .dport = 25, .seq = isn + 8, .payload = "amp"}), 5); // overlap
        const Connection &c = h.finish().at(0);
        QCOMPARE(keptText(c, Direction::ToServer), std::string("EHLO example\r\n"));
        QCOMPARE(c.toServer.payloadBytes, 14u);
        QVERIFY(c.history.find('T') != std::string::npos);
        QCOMPARE(c.missedBytes, 0u);
    }

    void gapsAreCountedNotInvented()
    {
        FlowHarness h;
        h.feed(ethTcp4(kClient, kServer, {.sport = 40003, .dport = 80, .seq = 1, .flags = TcpFlag::Syn}), 0);
        h.feed(ethTcp4(kClient, kServer, {.sport = 40003, .dport = 80, .seq = 2, .payload = "abc"}), 1);
        h.feed(ethTcp4(kClient, kServer, {.sport = 40003, .dport = 80, .seq = 105, .payload = "xyz"}), 2); // 100 lost
        const Connection &c = h.finish().at(0);
        QCOMPARE(c.missedBytes, 100u);
        QCOMPARE(keptText(c, Direction::ToServer), std::string("abcxyz"));
    }

    void keptPayloadIsBounded()
    {
        FlowTableConfig config = FlowTableConfig::withoutTimeouts();
        config.payloadBytesPerDirection = 10;
        FlowHarness h(config);
        h.feed(ethTcp4(kClient, kServer, {.sport = 40004, .dport = 80, .seq = 1, .flags = TcpFlag::Syn}), 0);
        h.feed(ethTcp4(kClient, kServer, {.sport = 40004, .dport = 80, .seq = 2, .payload = "0123456789abcdef"}), 1);
        h.feed(ethTcp4(kClient, kServer, {.sport = 40004, .dport = 80, .seq = 18, .payload = "more"}), 2);
        const Connection &c = h.finish().at(0);
        QCOMPARE(keptText(c, Direction::ToServer), std::string("0123456789"));
        QCOMPARE(c.toServer.payloadBytes, 20u); // counted in full, kept in part
    }

    void portReuseAfterCloseStartsANewConnection()
    {
        FlowHarness h;
        feedHttpExchange(h, 40005, 0, 100);
        feedHttpExchange(h, 40005, 1000 * kMs, 90000);
        auto &ended = h.finish();
        QCOMPARE(ended.size(), 2u);
        QCOMPARE(ended[0].endReason, EndReason::Reused);
        QCOMPARE(ended[0].totalPackets(), 8u);
        QCOMPARE(ended[1].totalPackets(), 8u);
        QCOMPARE(h.table.stats().reused, 1u);
    }

    void retryAfterResetWithTheSameIsnIsANewConnection()
    {
        // A client whose SYN was refused retries with the same ISN: Wireshark and Zeek count two.
        FlowHarness h;
        h.feed(ethTcp4(kClient, kServer, {.sport = 40006, .dport = 8080, .seq = 77, .flags = TcpFlag::Syn}), 0);
        h.feed(ethTcp4(kServer, kClient, {.sport = 8080, .dport = 40006, .ack = 78, .flags = TcpFlag::Rst | TcpFlag::Ack}), kMs);
        h.feed(ethTcp4(kClient, kServer, {.sport = 40006, .dport = 8080, .seq = 77, .flags = TcpFlag::Syn}), 1000 * kMs);
        auto &ended = h.finish();
        QCOMPARE(ended.size(), 2u);
        QCOMPARE(std::string(ended[0].connState()), std::string("REJ"));
        QCOMPARE(std::string(ended[1].connState()), std::string("S0"));
    }

    void retransmittedSynIsTheSameConnection()
    {
        FlowHarness h;
        h.feed(ethTcp4(kClient, kServer, {.sport = 40007, .dport = 443, .seq = 5, .flags = TcpFlag::Syn}), 0);
        h.feed(ethTcp4(kClient, kServer, {.sport = 40007, .dport = 443, .seq = 5, .flags = TcpFlag::Syn}), 1000 * kMs);
        QCOMPARE(h.finish().size(), 1u);
    }

    void idleConnectionsEndOnTheCaptureClock()
    {
        FlowTableConfig config; // default timeouts
        FlowHarness h(config);
        h.feed(ethUdp4(kClient, kServer, {.sport = 41001, .dport = 53, .payload = "q"}), 0);
        QCOMPARE(h.ended.size(), 0u);
        // Two minutes later on the capture's clock, another flow's packet sweeps the idle one out.
        h.feed(ethUdp4(kClient, kServer, {.sport = 41002, .dport = 53, .payload = "q"}), 120'000 * kMs);
        QCOMPARE(h.ended.size(), 1u);
        QCOMPARE(h.ended[0].endReason, EndReason::Idle);
        QCOMPARE(h.ended[0].client.port, 41001);
        QCOMPARE(h.finish().size(), 2u);
        QCOMPARE(h.table.stats().endedIdle, 1u);
    }

    void flowCapEvictsTheLeastRecentlyActiveAndReportsIt()
    {
        FlowTableConfig config = FlowTableConfig::withoutTimeouts();
        config.maxFlows = 3;
        FlowHarness h(config);
        for (std::uint16_t port = 1; port <= 10; ++port)
            h.feed(ethUdp4(kClient, kServer, {.sport = static_cast<std::uint16_t>(30000 + port), .dport = 53, .payload = "q"}), port * kMs);
        QCOMPARE(h.ended.size(), 7u);
        QCOMPARE(h.ended[0].endReason, EndReason::Evicted);
        QCOMPARE(h.ended[0].client.port, 30001);
        QCOMPARE(h.table.stats().peakActive, 3u);
        QCOMPARE(h.finish().size(), 10u); // every connection came out exactly once
        QCOMPARE(h.table.stats().evicted, 7u);
    }
};

QTEST_GUILESS_MAIN(TestFlowTable)
#include "tst_flow_table.moc"
