// IKE detector: IKEv1 and IKEv2 headers written by hand (first messages, replies, NAT traversal
// after the non-ESP marker), near misses one field off, other UDP protocols' bytes, every
// truncation, and the nDPI IPsec capture through the command-line tool.
#include "detector_test_support.h"
#include "registered_tests.h"

#include <QFileInfo>

using namespace portlens;
using namespace portlens::test;

namespace {

// IKEv2 IKE_SA_INIT request: initiator SPI 1122334455667788, responder SPI 0, next payload SA
// (33), version 2.0, exchange 34, flags Initiator, message ID 0, length 52; SA (12 bytes) then
// Nonce (12 bytes) ending the chain.
const std::string kV2Init = hex("11 22 33 44 55 66 77 88 00 00 00 00 00 00 00 00 21 20 22 08 00 00 00 00 00 00 00 34"
                                " 28 00 00 0c 00 00 00 08 01 01 00 00"
                                " 00 00 00 0c a1 a2 a3 a4 a5 a6 a7 a8");
// Its response: same initiator SPI, a responder SPI, flags Response.
const std::string kV2Reply = hex("11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 01 21 20 22 20 00 00 00 00 00 00 00 34"
                                 " 28 00 00 0c 00 00 00 08 01 01 00 00"
                                 " 00 00 00 0c b1 b2 b3 b4 b5 b6 b7 b8");
// IKEv1 Main Mode message 1: SA (12 bytes) then a Vendor ID (20 bytes), length 60.
const std::string kV1Main = hex("c0 ff ee 00 12 34 56 78 00 00 00 00 00 00 00 00 01 10 02 00 00 00 00 00 00 00 00 3c"
                                " 0d 00 00 0c 00 00 00 01 00 00 00 01"
                                " 00 00 00 14 4a 13 1c 81 07 03 58 45 5c 57 28 f2 0e 95 45 2f");
// IKEv1 Aggressive Mode, same payloads.
const std::string kV1Aggressive = hex("c0 ff ee 00 12 34 56 78 00 00 00 00 00 00 00 00 01 10 04 00 00 00 00 00 00 00 00 3c"
                                      " 0d 00 00 0c 00 00 00 01 00 00 00 01"
                                      " 00 00 00 14 4a 13 1c 81 07 03 58 45 5c 57 28 f2 0e 95 45 2f");
// IKEv1 Quick Mode, encrypted after the header (flag E): only the header can be checked.
const std::string kV1Encrypted = hex("c0 ff ee 00 12 34 56 78 0a 0b 0c 0d 0e 0f 10 11 08 10 20 01 7a 3b 11 02 00 00 00 2c"
                                     " 5e 4f 01 9a 77 c2 d0 18 ee 91 03 44 ab cd ef 01");
// On 4500: the non-ESP marker, then IKEv2 IKE_AUTH whose only payload is Encrypted (46), length 48.
const std::string kNatAuth = hex("00 00 00 00"
                                 " 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 01 2e 20 23 08 00 00 00 01 00 00 00 30"
                                 " 23 00 00 14 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10");
// A NAT-T keepalive (one 0xff byte) and an ESP packet (SPI, sequence number, ciphertext) on 4500.
const std::string kKeepalive = hex("ff");
const std::string kEsp = hex("c3 5a 01 02 00 00 00 01 9f 3e 22 10 44 a0 bb 1c 0d 5e 61 70 82 93 a4 b5 c6 d7 e8 f9"
                             " 0a 1b 2c 3d 4e 5f 60 71");

const std::string kDnsQuery = hex("ab cd 01 00 00 01 00 00 00 00 00 00 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01");

} // namespace

class TestIkeDetector : public QObject {
    Q_OBJECT

private slots:
    void ikev2ExchangeIsHigh()
    {
        const auto d = run(detectorNamed("IKE"), udp(500, {fromClient(kV2Init), fromServer(kV2Reply)}));
        QVERIFY(d);
        QCOMPARE(d->protocol, std::string("IKE"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "ike.version"), std::string("2"));
        QCOMPARE(meta(d, "ike.exchange"), std::string("IKE_SA_INIT"));
        QCOMPARE(meta(d, "ike.initiator_spi"), std::string("1122334455667788"));
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.length, std::uint32_t{52});
        QVERIFY(d->evidence.sentence.find("answered by the other side") != std::string::npos);
        QCOMPARE(detectedProtocol(udp(500, {fromClient(kV2Init)})), std::string("IKE"));
        QCOMPARE(detectedProtocol(udp(500, {fromServer(kV2Reply)})), std::string("IKE"));
    }

    void ikev1MainAndAggressiveMode()
    {
        const auto main = run(detectorNamed("IKE"), udp(500, {fromClient(kV1Main)}));
        QVERIFY(main);
        QCOMPARE(main->confidence, Confidence::High);
        QCOMPARE(meta(main, "ike.version"), std::string("1"));
        QCOMPARE(meta(main, "ike.exchange"), std::string("Identity Protection (Main Mode)"));

        const Connection aggressive = udp(500, {fromClient(kV1Aggressive)});
        const auto d = run(detectorNamed("IKE"), aggressive);
        QCOMPARE(meta(d, "ike.exchange"), std::string("Aggressive Mode"));
        // Its note warns about the offline-crackable hash; Main Mode gets none.
        std::vector<VerdictNote> notes;
        Connection judged = aggressive;
        judged.detection = *d;
        detectorNamed("IKE").notes(NoteContext(judged, PortKnowledge::builtin(), notes));
        QCOMPARE(notes.size(), std::size_t{1});
        QCOMPARE(notes[0].code, std::string("ike-aggressive-mode"));
        notes.clear();
        judged.detection = *main;
        detectorNamed("IKE").notes(NoteContext(judged, PortKnowledge::builtin(), notes));
        QVERIFY(notes.empty());
    }

    // An encrypted IKEv1 message alone shows only its header: Medium; answered for the same SPI, High.
    void encryptedIkev1IsMediumUntilAnswered()
    {
        const auto alone = run(detectorNamed("IKE"), udp(500, {fromClient(kV1Encrypted)}));
        QVERIFY(alone);
        QCOMPARE(alone->confidence, Confidence::Medium);
        QCOMPARE(meta(alone, "ike.exchange"), std::string("Quick Mode"));
        const auto answered = run(detectorNamed("IKE"), udp(500, {fromClient(kV1Encrypted), fromServer(kV1Encrypted)}));
        QCOMPARE(answered->confidence, Confidence::High);
        QCOMPARE(detectedProtocol(udp(500, {fromClient(kV1Encrypted)})), std::string("IKE"));
    }

    void natTraversalAfterTheMarker()
    {
        const auto d = run(detectorNamed("IKE"), udp(4500, {fromClient(kKeepalive), fromClient(kEsp), fromClient(kNatAuth)}));
        QVERIFY(d);
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "ike.exchange"), std::string("IKE_AUTH"));
        QCOMPARE(meta(d, "ike.nat_traversal"), std::string("yes"));
        QCOMPARE(d->evidence.offset, std::uint32_t{1 + 36 + 4}); // past the keepalive, the ESP packet and the marker
        QCOMPARE(d->evidence.length, std::uint32_t{48});
        // ESP alone on 4500 is not IKE.
        QVERIFY(!run(detectorNamed("IKE"), udp(4500, {fromClient(kKeepalive), fromClient(kEsp)})));
    }

    void nearMisses_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const auto add = [](const char *name, const std::string &bytes) {
            QTest::newRow(name) << QByteArray::fromStdString(bytes);
        };
        add("initiator SPI zero", std::string(8, '\0') + kV2Init.substr(8));
        add("version 3.0", with(kV2Init, 17, 0x30));
        add("version 2.1", with(kV2Init, 17, 0x21));
        add("length one short", with(kV2Init, 27, 0x33));
        add("length one long", with(kV2Init, 27, 0x35));
        add("one byte more than the length", kV2Init + std::string(1, '\0'));
        add("IKEv2 with an IKEv1 exchange", with(kV2Init, 18, 0x02));
        add("IKEv1 with an IKEv2 exchange", with(kV1Main, 18, 0x22));
        add("next payload none", with(kV2Init, 16, 0x00));
        add("unknown flag", with(kV2Init, 19, 0x48));
        add("payload chain overruns", with(kV2Init, 31, 0x0d));
        add("payload chain stops early", with(kV2Init, 40, 0x28));
        add("DNS query", kDnsQuery);
        add("ESP", kEsp);
        add("garbage", std::string(64, '\x5a'));
        add("empty header", std::string(28, '\0'));
    }
    void nearMisses()
    {
        QFETCH(QByteArray, bytes);
        const std::string datagram = bytes.toStdString();
        QVERIFY(!run(detectorNamed("IKE"), udp(500, {fromClient(datagram)})));
        QVERIFY(!run(detectorNamed("IKE"), udp(500, {fromServer(datagram)})));
        QVERIFY(detectorNamed("IKE").ruledOut(DetectionInput{udp(500, {fromClient(datagram)})}) == false);
    }

    void tcpIsNotRead() { QVERIFY(!run(detectorNamed("IKE"), tcp(500, {fromClient(kV2Init)}))); }

    void survivesTruncation()
    {
        const Detector &ike = detectorNamed("IKE");
        for (const auto &turns : std::vector<std::vector<Turn>>{{fromClient(kV2Init), fromServer(kV2Reply)},
                                                                {fromClient(kV1Main)},
                                                                {fromClient(kV1Aggressive)},
                                                                {fromClient(kV1Encrypted)},
                                                                {fromClient(kKeepalive), fromClient(kEsp), fromClient(kNatAuth)}})
            QVERIFY(survivesEveryTruncation(ike, 17, 500, turns));
    }

    // The nDPI IPsec capture: every connection with payload on 500/udp is IKE, and expected there.
    void ndpiIpsecCapture()
    {
        const QString capture = QStringLiteral(PORTLENS_CORPUS_DIR "/ndpi/ipsec_isakmp_esp.pcap");
        if (!QFileInfo::exists(capture)) QSKIP("no shared corpus");
        int ike = 0;
        for (const QJsonObject &row : cliRows(capture)) {
            if (row.value(QStringLiteral("server_port")).toInt() != 500 ||
                row.value(QStringLiteral("transport")).toString() != QStringLiteral("udp") ||
                row.value(QStringLiteral("verdict")).toString() == QStringLiteral("no-payload"))
                continue;
            QCOMPARE(row.value(QStringLiteral("service")).toString(), QStringLiteral("IKE"));
            QCOMPARE(row.value(QStringLiteral("verdict")).toString(), QStringLiteral("expected"));
            ++ike;
        }
        QVERIFY2(ike >= 20, qPrintable(QString::number(ike)));
    }
};

PORTLENS_REGISTER_TEST(TestIkeDetector)
#include "tst_ike_detector.moc"
