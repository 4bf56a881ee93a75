// DCE/RPC detector: a connection-oriented bind to the endpoint mapper with its bind_ack and a
// request, big-endian data representation, a connectionless PROFINET request, near misses one
// field off, other protocols' bytes, every truncation, and the nDPI PROFINET capture through the
// command-line tool.
#include "detector_test_support.h"
#include "registered_tests.h"

#include <QFileInfo>

using namespace portlens;
using namespace portlens::test;

namespace {

// bind: version 5.0, type 11, flags first|last, little-endian NDR, frag_length 72, call 1;
// max_xmit/max_recv 4280, one context: EPM e1af8308-5d1f-11c9-91a4-08002b14a0fa v3, NDR transfer syntax.
const std::string kBind = hex("05 00 0b 03 10 00 00 00 48 00 00 00 01 00 00 00"
                              " b8 10 b8 10 00 00 00 00 01 00 00 00"
                              " 00 00 01 00 08 83 af e1 1f 5d c9 11 91 a4 08 00 2b 14 a0 fa 03 00 00 00"
                              " 04 5d 88 8a eb 1c c9 11 9f e8 08 00 2b 10 48 60 02 00 00 00");
// The same bind with a big-endian data representation (0x00): lengths and UUID fields in network order.
const std::string kBindBigEndian = hex("05 00 0b 03 00 00 00 00 00 48 00 00 00 00 00 01"
                                       " 10 b8 10 b8 00 00 00 00 01 00 00 00"
                                       " 00 00 01 00 e1 af 83 08 5d 1f 11 c9 91 a4 08 00 2b 14 a0 fa 00 00 00 03"
                                       " 8a 88 5d 04 1c eb 11 c9 9f e8 08 00 2b 10 48 60 00 00 00 02");
// bind_ack: secondary address "135", one accepted result, frag_length 60.
const std::string kBindAck = hex("05 00 0c 03 10 00 00 00 3c 00 00 00 01 00 00 00"
                                 " b8 10 b8 10 34 12 00 00 04 00 31 33 35 00 00 00"
                                 " 01 00 00 00 00 00 00 00"
                                 " 04 5d 88 8a eb 1c c9 11 9f e8 08 00 2b 10 48 60 02 00 00 00");
// request: frag_length 32, alloc hint 8, context 0, opnum 3, 8 bytes of stub data.
const std::string kRequest = hex("05 00 00 03 10 00 00 00 20 00 00 00 02 00 00 00 08 00 00 00 00 00 03 00"
                                 " 11 22 33 44 55 66 77 88");
// Connectionless request to the PROFINET IO device interface, 8-byte body.
const std::string kClRequest = hex("04 00 20 00 10 00 00 00"
                                   " 00 00 a0 de 97 6c d1 11 82 71 00 01 00 01 01 2a"           // object
                                   " 01 00 a0 de 97 6c d1 11 82 71 00 a0 24 42 df 7d"           // interface
                                   " 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19"           // activity
                                   " 00 00 00 00 01 00 00 00 00 00 00 00 00 00 ff ff ff ff"     // boot, version, seq, opnum, hints
                                   " 08 00 00 00 00 00"                                         // length 8, fragnum, auth, serial_lo
                                   " a1 a2 a3 a4 a5 a6 a7 a8");                                 // body

const std::string kSmbNegotiate = hex("00 00 00 2f ff 53 4d 42 72 00 00 00 00 18 53 c8 00 00 00 00 00 00 00 00 00 00 00 00"
                                      " 00 00 ff fe 00 00 00 00 00 0c 00 02 4e 54 20 4c 4d 20 30 2e 31 32 00");

} // namespace

class TestDceRpcDetector : public QObject {
    Q_OBJECT

private slots:
    void bindToTheEndpointMapper()
    {
        const auto d = run(detectorNamed("DCERPC"), tcp(135, {fromClient(kBind), fromServer(kBindAck), fromClient(kRequest)}));
        QVERIFY(d);
        QCOMPARE(d->protocol, std::string("DCERPC"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "dcerpc.variant"), std::string("connection-oriented"));
        QCOMPARE(meta(d, "dcerpc.packet"), std::string("bind"));
        QCOMPARE(meta(d, "dcerpc.interface"), std::string("e1af8308-5d1f-11c9-91a4-08002b14a0fa"));
        QCOMPARE(meta(d, "dcerpc.interface_name"), std::string("endpoint mapper (EPM)"));
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.length, std::uint32_t{72});
        QVERIFY(d->evidence.sentence.find("followed by 1 more") != std::string::npos);
        QCOMPARE(detectedProtocol(tcp(135, {fromClient(kBind)})), std::string("DCERPC"));
    }

    void bigEndianBind()
    {
        const auto d = run(detectorNamed("DCERPC"), tcp(135, {fromClient(kBindBigEndian)}));
        QVERIFY(d);
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "dcerpc.interface"), std::string("e1af8308-5d1f-11c9-91a4-08002b14a0fa"));
    }

    // A lone request shows only its header: Medium; answered, High.
    void loneRequestIsMedium()
    {
        const auto alone = run(detectorNamed("DCERPC"), tcp(49152, {fromClient(kRequest)}));
        QVERIFY(alone);
        QCOMPARE(alone->confidence, Confidence::Medium);
        QCOMPARE(meta(alone, "dcerpc.packet"), std::string("request"));
        const auto answered = run(detectorNamed("DCERPC"), tcp(49152, {fromClient(kRequest), fromServer(kBindAck)}));
        QCOMPARE(answered->confidence, Confidence::High);
        // A bind whose frag_length runs past the kept bytes cannot have its contexts checked.
        const auto cut = run(detectorNamed("DCERPC"), tcp(135, {fromClient(with(kBind, 8, 0x49))}));
        QVERIFY(cut);
        QCOMPARE(cut->confidence, Confidence::Medium);
    }

    void connectionless()
    {
        const auto d = run(detectorNamed("DCERPC"), udp(34964, {fromClient(kClRequest)}));
        QVERIFY(d);
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "dcerpc.variant"), std::string("connectionless"));
        QCOMPARE(meta(d, "dcerpc.interface_name"), std::string("PROFINET IO device"));
        QCOMPARE(d->evidence.length, static_cast<std::uint32_t>(kClRequest.size()));
        QVERIFY(!run(detectorNamed("DCERPC"), udp(135, {fromClient(kBind)}))); // version 5 is not sent over UDP
        QVERIFY(!run(detectorNamed("DCERPC"), tcp(135, {fromClient(kClRequest)})));
    }

    void nearMisses_data()
    {
        QTest::addColumn<bool>("overUdp");
        QTest::addColumn<QByteArray>("bytes");
        const auto add = [](const char *name, bool overUdp, const std::string &bytes) {
            QTest::newRow(name) << overUdp << QByteArray::fromStdString(bytes);
        };
        add("version 6", false, with(kBind, 0, 6));
        add("minor version 2", false, with(kBind, 1, 2));
        add("packet type 20", false, with(kBind, 2, 20));
        add("integer representation 2", false, with(kBind, 4, 0x20));
        add("data representation padding not zero", false, with(kBind, 6, 1));
        add("frag_length shorter than the contexts", false, with(kBind, 8, 0x47));
        add("frag_length below the header", false, with(kRequest, 8, 0x0f));
        add("bind without contexts", false, with(kBind, 24, 0));
        add("context without transfer syntax", false, with(kBind, 30, 0));
        add("auth_length beyond the PDU", false, with(kRequest, 10, 0x20));
        add("connectionless length one short", true, with(kClRequest, 74, 7));
        add("connectionless length one long", true, with(kClRequest, 74, 9));
        add("connectionless packet type 11", true, with(kClRequest, 1, 11));
        add("SMB negotiate", false, kSmbNegotiate);
        add("HTTP", false, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        add("garbage", false, std::string(80, '\x05'));
        add("garbage over UDP", true, std::string(96, '\x04'));
    }
    void nearMisses()
    {
        QFETCH(bool, overUdp);
        QFETCH(QByteArray, bytes);
        const std::string b = bytes.toStdString();
        const Connection c = overUdp ? udp(135, {fromClient(b)}) : tcp(135, {fromClient(b)});
        QVERIFY(!run(detectorNamed("DCERPC"), c));
    }

    void ruledOutByTheVersion()
    {
        const Detector &rpc = detectorNamed("DCERPC");
        QVERIFY(rpc.ruledOut(DetectionInput{tcp(135, {fromClient(kSmbNegotiate)})}));
        QVERIFY(rpc.ruledOut(DetectionInput{udp(135, {fromClient(kBind)})}));
        QVERIFY(!rpc.ruledOut(DetectionInput{tcp(135, {fromClient(kBind.substr(0, 3))})}));
    }

    void survivesTruncation()
    {
        const Detector &rpc = detectorNamed("DCERPC");
        QVERIFY(survivesEveryTruncation(rpc, 6, 135, {fromClient(kBind), fromServer(kBindAck), fromClient(kRequest)}));
        QVERIFY(survivesEveryTruncation(rpc, 6, 135, {fromClient(kBindBigEndian)}));
        QVERIFY(survivesEveryTruncation(rpc, 17, 34964, {fromClient(kClRequest), fromServer(kClRequest)}));
    }

    // nDPI's PROFINET capture: connectionless DCE/RPC to the PROFINET IO interfaces on 34964/udp
    // (registered for PROFINET's context manager, which the port data does not list as DCE/RPC).
    void ndpiProfinetCapture()
    {
        const QString capture = QStringLiteral(PORTLENS_CORPUS_DIR "/ndpi/dcerpc.pcap");
        if (!QFileInfo::exists(capture)) QSKIP("no shared corpus");
        int rpc = 0;
        for (const QJsonObject &row : cliRows(capture)) {
            if (row.value(QStringLiteral("verdict")).toString() == QStringLiteral("no-payload")) continue;
            QCOMPARE(row.value(QStringLiteral("service")).toString(), QStringLiteral("DCERPC"));
            QVERIFY(row.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("dcerpc.interface_name")).toString().startsWith(
                QStringLiteral("PROFINET IO")));
            QVERIFY(row.value(QStringLiteral("verdict")).toString() != QStringLiteral("unexpected-content"));
            ++rpc;
        }
        QCOMPARE(rpc, 4);
    }
};

PORTLENS_REGISTER_TEST(TestDceRpcDetector)
#include "tst_dcerpc_detector.moc"
