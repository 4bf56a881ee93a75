// core/detect/smb_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "binary_samples.h"
#include "registered_tests.h"

#include "core/capture/packet_source.h"

#include <QFileInfo>
#include <functional>
#include <memory>
#include <random>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::binary_samples;

namespace {

// SMB2 CREATE request from the middle of a session, first 120 bytes: smb_deletefile.pcap frame 1 (120 bytes)
const std::string kSmb2MidStream = hex(
    "00000178fe534d4240000100000000000500000100000000980000009c0f000000000000fffe0000110000001d0000000028000000000000"
    "0000000000000000000000003900000002000000000000000000000000000000000000008100100010000000070000000100000001000000"
    "78001c0000000000");

} // namespace

class TestSmbDetector : public QObject {
    Q_OBJECT

private slots:
    void smbNegotiations()
    {
        const auto smb = &detectorNamed("SMB");
        auto d = run(*smb, tcp(445, {fromClient(kSmb1Negotiate), fromServer(kSmb1NegotiateResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("SMB"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "smb.version"), std::string("SMB1"));
        QCOMPARE(meta(d, "smb.dialect"), std::string("NT LM 0.12"));
        QCOMPARE(d->evidence.length, 137u);
        d = run(*smb, tcp(445, {fromClient(kSmb2Negotiate), fromServer(kSmb2NegotiateResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "smb.version"), std::string("SMB2+"));
        QCOMPARE(meta(d, "smb.dialect"), std::string("SMB 3.0.2"));
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("NEGOTIATE request"));
        // A NEGOTIATE request alone: no dialect yet (the engine reads the answer when the connection ends).
        d = run(*smb, tcp(445, {fromClient(kSmb2Negotiate)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "smb.dialect"), std::string());
        // From the middle of a session (capture started late), cut by the kept limit.
        d = run(*smb, tcp(445, {fromClient(kSmb2MidStream)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("CREATE request"));
        // On port 139 the session set-up comes first; SMB owns the connection, NetBIOS steps aside.
        const Connection overNetbios = tcp(139, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive),
                                                 fromClient(kSmb1Negotiate), fromServer(kSmb1NegotiateResponse)});
        d = run(*smb, overNetbios);
        QVERIFY(d.has_value());
        QCOMPARE(d->evidence.offset, 72u);
        QCOMPARE(meta(d, "smb.dialect"), std::string("NT LM 0.12"));
        QVERIFY(!run(detectorNamed("NetBIOS", 6), overNetbios));
        QCOMPARE(detectedProtocol(overNetbios), std::string("SMB"));
    }

    void smbNegatives()
    {
        const auto smb = &detectorNamed("SMB");
        QVERIFY(!run(*smb, tcp(445, {fromClient(hex("00 00 00 20 fe 53 4d 42") + std::string(28, '\0'))}))); // SMB2 needs 64 bytes
        QVERIFY(!run(*smb, tcp(445, {fromClient(hex("00 00 00 44 fe 53 4d 42 41 00") + std::string(58, '\0'))}))); // StructureSize 65
        QVERIFY(!run(*smb, tcp(445, {fromClient(hex("00 00 00 44 fe 53 4d 43") + std::string(64, '\0'))})));
        QVERIFY(!run(*smb, tcp(445, {fromClient(kKerberosTcpAsReq)})));
        QVERIFY(survivesEveryTruncation(*smb, 6, 445, {fromClient(kSmb1Negotiate), fromServer(kSmb1NegotiateResponse)}));
        QVERIFY(survivesEveryTruncation(*smb, 6, 445, {fromClient(kSmb2Negotiate), fromServer(kSmb2NegotiateResponse)}));
        QVERIFY(survivesEveryTruncation(*smb, 6, 139, {fromClient(kNetbiosSessionRequest + kSmb1Negotiate),
                                                       fromServer(kNetbiosPositive + kSmb1NegotiateResponse)}));
    }
};

PORTLENS_REGISTER_TEST(TestSmbDetector)
#include "tst_smb_detector.moc"
