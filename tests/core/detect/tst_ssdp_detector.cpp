// core/detect/ssdp_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::udp_samples;

class TestSsdpDetector : public QObject {
    Q_OBJECT

private slots:
    void ssdpSearchAndResponse()
    {
        const auto ssdp = &detectorNamed("SSDP");
        QVERIFY(ssdp->handlesUdp() && !ssdp->handlesTcp());
        const auto d = run(*ssdp, udp(1900, {fromClient(kSsdpSearch), fromServer(kSsdpResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("SSDP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "ssdp.method"), std::string("M-SEARCH"));
        QCOMPARE(meta(d, "ssdp.st"), std::string("urn:dial-multiscreen-org:service:dial:1"));
        QCOMPARE(meta(d, "ssdp.location"), std::string("http://10.0.0.151:8060/dial/dd.xml"));
        QCOMPARE(meta(d, "ssdp.server"), std::string("Roku UPnP/1.0 Roku/9.1.0"));
        QCOMPARE(meta(d, "ssdp.user_agent"), std::string("Google Chrome/99.0.4844.74 Mac OS X"));
        QCOMPARE(d->evidence.length, 19u);
        QVERIFY(survivesEveryTruncation(*ssdp, 17, 1900, {fromClient(kSsdpSearch), fromServer(kSsdpResponse)}));

        const auto response = run(*ssdp, udp(61328, {fromServer(kSsdpResponse)}));
        QVERIFY(response.has_value());
        QCOMPARE(meta(response, "ssdp.method"), std::string("response"));
        QCOMPARE(meta(response, "ssdp.usn"),
                 std::string("uuid:295c0004-6807-106d-80cf-d831342077fb::urn:dial-multiscreen-org:service:dial:1"));

        const auto notify = run(*ssdp, udp(1900, {fromClient(kSsdpNotify)}));
        QVERIFY(notify.has_value());
        QCOMPARE(notify->confidence, Confidence::High);
        QCOMPARE(meta(notify, "ssdp.method"), std::string("NOTIFY"));
        QCOMPARE(meta(notify, "ssdp.nt"), std::string("upnp:rootdevice"));
        QCOMPARE(meta(notify, "ssdp.nts"), std::string("ssdp:alive"));
        QCOMPARE(meta(notify, "ssdp.location"), std::string("http://192.168.1.1:5000/rootDesc.xml"));

        // ssdp-m-search.pcap: a bare request line.
        QCOMPARE(confidenceOf(run(*ssdp, udp(32412, {fromClient("M-SEARCH * HTTP/1.1\r\n")}))), Confidence::Medium);
    }

    void ssdpNegatives()
    {
        const auto ssdp = &detectorNamed("SSDP");
        QVERIFY(!run(*ssdp, udp(1900, {fromClient("GET / HTTP/1.1\r\nHost: x\r\n\r\n")})));
        QVERIFY(!run(*ssdp, udp(1900, {fromClient("M-SEARCH /x HTTP/1.1\r\nST: ssdp:all\r\n\r\n")})));
        QVERIFY(!run(*ssdp, udp(1900, {fromServer("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n")})));
        QVERIFY(!run(*ssdp, udp(1900, {fromClient("NOTIFY sip:bob@example.com SIP/2.0\r\n\r\n")})));
        QVERIFY(!run(*ssdp, udp(1900, {fromClient(kDnsQuery)})));
    }
};

PORTLENS_REGISTER_TEST(TestSsdpDetector)
#include "tst_ssdp_detector.moc"
