// core/detect/dhcp_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::udp_samples;

namespace {

// Hand-written DHCPOFFER of 192.168.1.23 to that client.
const std::string kDhcpOffer = hex("02010600 78544709 00000000 00000000 c0a80117 c0a80101 00000000 d8306256001c") +
                               zeros(10 + 64 + 128) + hex("63825363 350102 3604c0a80101 330400000e10 0104ffffff00 ff");

} // namespace

class TestDhcpDetector : public QObject {
    Q_OBJECT

private slots:
    void dhcpDiscoverAndOffer()
    {
        const auto dhcp = &detectorNamed("DHCP");
        QVERIFY(dhcp->handlesUdp() && !dhcp->handlesTcp());
        const auto d = run(*dhcp, udp(67, {fromClient(kDhcpDiscover)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("DHCP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "dhcp.type"), std::string("DISCOVER"));
        QCOMPARE(meta(d, "dhcp.hostname"), std::string("Lucas-iMac"));
        QCOMPARE(meta(d, "dhcp.client_mac"), std::string("d8:30:62:56:00:1c"));
        QCOMPARE(d->evidence.length, 240u);
        QCOMPARE(contains(d, "magic cookie 63 82 53 63 at offset 236"), std::string("yes"));
        QVERIFY(survivesEveryTruncation(*dhcp, 17, 67, {fromClient(kDhcpDiscover)}));

        const auto offer = run(*dhcp, udp(68, {fromClient(kDhcpOffer)}));
        QVERIFY(offer.has_value());
        QCOMPARE(offer->confidence, Confidence::High);
        QCOMPARE(meta(offer, "dhcp.type"), std::string("OFFER"));
        QCOMPARE(meta(offer, "dhcp.your_ip"), std::string("192.168.1.23"));
        QCOMPARE(meta(offer, "dhcp.hostname"), std::string());
    }

    void dhcpPartialAndNegatives()
    {
        const auto dhcp = &detectorNamed("DHCP");
        // BOOTP without DHCP options, and an OFFER sent as a request: structure, not a consistent message.
        std::string bootp = kDhcpDiscover.substr(0, 240) + hex("ff");
        QCOMPARE(confidenceOf(run(*dhcp, udp(67, {fromClient(bootp)}))), Confidence::Medium);
        QCOMPARE(meta(run(*dhcp, udp(67, {fromClient(bootp)})), "dhcp.type"), std::string("BOOTP"));
        std::string confused = kDhcpOffer;
        confused[0] = '\x01';
        QCOMPARE(confidenceOf(run(*dhcp, udp(67, {fromClient(confused)}))), Confidence::Medium);

        std::string cookie = kDhcpDiscover;
        cookie[236] = '\x64';
        QVERIFY(!run(*dhcp, udp(67, {fromClient(cookie)})));
        std::string op = kDhcpDiscover;
        op[0] = '\x03';
        QVERIFY(!run(*dhcp, udp(67, {fromClient(op)})));
        std::string hlen = kDhcpDiscover;
        hlen[2] = '\x20';
        QVERIFY(!run(*dhcp, udp(67, {fromClient(hlen)})));
        std::string type = kDhcpDiscover;
        type[242] = '\x30';
        QVERIFY(!run(*dhcp, udp(67, {fromClient(type)})));
        QVERIFY(!run(*dhcp, udp(67, {fromClient(kDnsResponse)})));
        QVERIFY(!run(*dhcp, udp(67, {fromClient(kDhcpDiscover.substr(0, 239))})));
    }
};

PORTLENS_REGISTER_TEST(TestDhcpDetector)
#include "tst_dhcp_detector.moc"
