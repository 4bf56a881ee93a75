// core/detect/sip_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::udp_samples;

class TestSipDetector : public QObject {
    Q_OBJECT

private slots:
    void sipRegisterOverUdp()
    {
        const auto sip = &detectorNamed("SIP");
        QVERIFY(sip->handlesUdp() && sip->handlesTcp());
        const auto d = run(*sip, udp(5060, {fromClient(kSipRegister), fromServer(kSip401)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("SIP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "sip.method"), std::string("REGISTER"));
        QCOMPARE(meta(d, "sip.status"), std::string("401"));
        QCOMPARE(meta(d, "sip.from"), std::string("<sip:voi18063@sip.cybercity.dk>;tag=903df0a"));
        QCOMPARE(meta(d, "sip.to"), std::string("<sip:voi18063@sip.cybercity.dk>"));
        QCOMPARE(meta(d, "sip.user_agent"), std::string("Nero SIPPS IP Phone Version 2.0.51.16"));
        QCOMPARE(meta(d, "sip.call_id"), std::string("578222729-4665d775@578222732-4665d772"));
        QCOMPARE(d->evidence.length, 37u); // "REGISTER sip:sip.cybercity.dk SIP/2.0"
        QVERIFY(survivesEveryTruncation(*sip, 17, 5060, {fromClient(kSipRegister), fromServer(kSip401)}));

        const auto response = run(*sip, udp(5060, {fromServer(kSip401)}));
        QVERIFY(response.has_value());
        QCOMPARE(response->confidence, Confidence::High);
        QCOMPARE(meta(response, "sip.method"), std::string("REGISTER")); // from CSeq
        QCOMPARE(meta(response, "sip.status"), std::string("401"));
    }

    void sipInviteOverTcpWithCompactHeaders()
    {
        const auto sip = &detectorNamed("SIP");
        const std::string invite = "\r\n\r\nINVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                                   "v: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\r\n"
                                   "f: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\nt: Bob <sip:bob@biloxi.example.com>\r\n"
                                   "i: 3848276298220188511@atlanta.example.com\r\nCSeq: 1 INVITE\r\nl: 0\r\n\r\n";
        const auto d = run(*sip, tcp(5060, {fromClient(invite)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "sip.method"), std::string("INVITE"));
        QCOMPARE(meta(d, "sip.to"), std::string("Bob <sip:bob@biloxi.example.com>"));
        QCOMPARE(d->evidence.offset, 4u); // after the keep-alive blank lines
        QVERIFY(survivesEveryTruncation(*sip, 6, 5060, {fromClient(invite)}));
        // The request line alone: plausible structure, not verified.
        QCOMPARE(confidenceOf(run(*sip, udp(5060, {fromClient("OPTIONS sip:100@10.0.0.1 SIP/2.0\r\n\r\n")}))), Confidence::Medium);
    }

    void sipNegatives()
    {
        const auto sip = &detectorNamed("SIP");
        QVERIFY(!run(*sip, udp(5060, {fromClient("INVITE http://example.com SIP/2.0\r\n\r\n")})));
        QVERIFY(!run(*sip, udp(5060, {fromClient("invite sip:bob@example.com SIP/2.0\r\n\r\n")})));
        QVERIFY(!run(*sip, udp(5060, {fromClient("FETCH sip:bob@example.com SIP/2.0\r\n\r\n")})));
        QVERIFY(!run(*sip, udp(5060, {fromServer("SIP/2.0 999 Odd\r\n\r\n")})));
        QVERIFY(!run(*sip, tcp(5060, {fromClient("GET / HTTP/1.1\r\nHost: x\r\n\r\n")})));
        QVERIFY(!run(*sip, udp(5060, {fromClient(kSsdpNotify)})));
        QVERIFY(!run(*sip, tcp(5060, {fromClient("\r\n\r\n")})));
    }
};

PORTLENS_REGISTER_TEST(TestSipDetector)
#include "tst_sip_detector.moc"
