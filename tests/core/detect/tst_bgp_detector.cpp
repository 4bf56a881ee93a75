// core/detect/bgp_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::udp_samples;

namespace {

const std::string kBgpKeepalive = hex(kBgpMarker + "0013 04");

// BGP_redist.pcap: an UPDATE with MP_REACH_NLRI.
const std::string kBgpUpdate = hex(
    kBgpMarker + "0073020000005c400101024002008004040000005640050400000064c010200002006400000457000500000001020080000000000003"
                 "008001ac1002010000800e210001800c00000000000000000202020200780001910000006400000064aa000000");

} // namespace

class TestBgpDetector : public QObject {
    Q_OBJECT

private slots:
    void bgpOpenExchange()
    {
        const auto bgp = &detectorNamed("BGP");
        QVERIFY(bgp->handlesTcp() && !bgp->handlesUdp());
        const Connection c = tcp(179, {fromClient(kBgpOpenClient), fromServer(kBgpOpenServer + kBgpKeepalive),
                                       fromClient(kBgpKeepalive)});
        const auto d = run(*bgp, c);
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("BGP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "bgp.as"), std::string("1"));
        QCOMPARE(meta(d, "bgp.hold_time"), std::string("180"));
        QCOMPARE(meta(d, "bgp.router_id"), std::string("11.11.11.11"));
        QCOMPARE(meta(d, "bgp.peer_as"), std::string("64512"));
        QCOMPARE(meta(d, "bgp.peer_router_id"), std::string("110.110.110.110"));
        QCOMPARE(meta(d, "bgp.messages"), std::string("OPEN,KEEPALIVE"));
        QCOMPARE(d->evidence.length, 57u);
        QVERIFY(survivesEveryTruncation(*bgp, 6, 179, {fromClient(kBgpOpenClient + kBgpKeepalive), fromServer(kBgpOpenServer)}));

        // A 4-byte AS: AS_TRANS (23456) in the header, the real number in capability 65.
        const std::string open4 = hex(kBgpMarker + "0025 01 04 5ba0 005a c0000201 08 0206 4104 fa56ea01");
        QCOMPARE(meta(run(*bgp, tcp(179, {fromClient(open4)})), "bgp.as"), std::string("4200000001"));
    }

    void bgpMidSession()
    {
        const auto bgp = &detectorNamed("BGP");
        const auto keepalive = run(*bgp, tcp(179, {fromClient(kBgpKeepalive)}));
        QVERIFY(keepalive.has_value());
        QCOMPARE(keepalive->confidence, Confidence::Medium);
        QCOMPARE(meta(keepalive, "bgp.messages"), std::string("KEEPALIVE"));
        const auto update = run(*bgp, tcp(179, {fromServer(kBgpUpdate + kBgpKeepalive)}));
        QVERIFY(update.has_value());
        QCOMPARE(update->confidence, Confidence::High);
        QCOMPARE(meta(update, "bgp.messages"), std::string("UPDATE,KEEPALIVE"));
        const auto cease = run(*bgp, tcp(179, {fromClient(hex(kBgpMarker + "0015 03 06 02"))}));
        QCOMPARE(meta(cease, "bgp.notification"), std::string("Cease"));
        QVERIFY(survivesEveryTruncation(*bgp, 6, 179, {fromServer(kBgpUpdate + kBgpKeepalive)}));
    }

    void bgpNegatives()
    {
        const auto bgp = &detectorNamed("BGP");
        QVERIFY(!run(*bgp, tcp(179, {fromClient(hex("ffffffffffffffffffffffffffffff00" "0013 04"))})));
        QVERIFY(!run(*bgp, tcp(179, {fromClient(hex(kBgpMarker + "1388 02") + zeros(40))}))); // length 5000
        QVERIFY(!run(*bgp, tcp(179, {fromClient(hex(kBgpMarker + "0013 06"))})));
        QVERIFY(!run(*bgp, tcp(179, {fromClient(hex(kBgpMarker + "0014 04 00"))})));
        std::string version3 = kBgpOpenClient;
        version3[19] = '\x03';
        QVERIFY(!run(*bgp, tcp(179, {fromClient(version3)})));
        std::string badParams = kBgpOpenClient;
        badParams[28] = '\x1d';
        QVERIFY(!run(*bgp, tcp(179, {fromClient(badParams)})));
        QVERIFY(!run(*bgp, tcp(179, {fromClient(std::string(64, '\xff'))})));
    }
};

PORTLENS_REGISTER_TEST(TestBgpDetector)
#include "tst_bgp_detector.moc"
