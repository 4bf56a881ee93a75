// core/detect/rdp_detector.cpp: positives, negatives, truncation at every length, metadata.
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

class TestRdpDetector : public QObject {
    Q_OBJECT

private slots:
    void rdpConnectionRequests()
    {
        const auto rdp = &detectorNamed("RDP");
        auto d = run(*rdp, tcp(3389, {fromClient(kRdpCookieRequest), fromServer(kRdpBareConfirm)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("RDP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "rdp.cookie"), std::string("Administr"));
        QCOMPARE(d->evidence.length, 39u);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("cookie 'mstshash=Administr'"));
        d = run(*rdp, tcp(3389, {fromClient(kRdpNegRequest), fromServer(kRdpNegResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "rdp.requested_protocols"), std::string("TLS,CredSSP,CredSSP-EX"));
        QCOMPARE(meta(d, "rdp.selected_protocol"), std::string("CredSSP-EX"));
        QCOMPARE(meta(d, "rdp.cookie"), std::string());
        // A bare request and confirm (no cookie, no negotiation): plausible only.
        d = run(*rdp, tcp(3389, {fromServer(kRdpBareConfirm)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // RDP over UDP: SYN answered by SYN+ACK.
        d = run(*rdp, udp(3389, {fromClient(kRdpUdpSyn), fromServer(kRdpUdpSynAck)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "rdp.transport"), std::string("UDP"));
        QVERIFY(!run(*rdp, udp(3389, {fromClient(kRdpUdpSyn.substr(0, 200))}))); // SYNs are padded to the MTU
    }

    void rdpNegatives()
    {
        const auto rdp = &detectorNamed("RDP");
        QVERIFY(!run(*rdp, tcp(102, {fromClient(kS7CotpConnect)}))); // TSAP parameters: ISO-TSAP, S7comm
        QVERIFY(!run(*rdp, tcp(3389, {fromClient(hex("03 00 00 13 0d e0 00 00 00 00 00 01 00 08 00 0b 00 00 00"))}))); // LI wrong
        QVERIFY(!run(*rdp, tcp(3389, {fromClient(kTlsClientHello)})));
        QVERIFY(!run(*rdp, tcp(3389, {fromClient(hex("03 00 00 27 22 e0 00 00 00 00 00") + "Cookie: mstshash=x\r\nzzzzzzzzzzzzzz")})));
        QVERIFY(survivesEveryTruncation(*rdp, 6, 3389, {fromClient(kRdpCookieRequest), fromServer(kRdpBareConfirm)}));
        QVERIFY(survivesEveryTruncation(*rdp, 6, 3389, {fromClient(kRdpNegRequest), fromServer(kRdpNegResponse)}));
        QVERIFY(survivesEveryTruncation(*rdp, 17, 3389, {fromClient(kRdpUdpSyn), fromServer(kRdpUdpSynAck)}));
    }
};

PORTLENS_REGISTER_TEST(TestRdpDetector)
#include "tst_rdp_detector.moc"
