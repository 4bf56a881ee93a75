// core/detect/ntp_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::udp_samples;

namespace {

// NTPv3.pcap: a server reply (0x1c: version 3, mode 4, stratum 0).
const std::string kNtpV3Server = hex("1c0004fa00000000000000000000000000000000000000000000000000000000d94f4f1100000000d94f4f1100000000");

const std::string kNtpMonlistReply = hex("9700032a 00010048") + zeros(72);

} // namespace

class TestNtpDetector : public QObject {
    Q_OBJECT

private slots:
    void ntpClientAndServer()
    {
        const auto ntp = &detectorNamed("NTP");
        QVERIFY(ntp->handlesUdp() && !ntp->handlesTcp());
        const auto d = run(*ntp, udp(123, {fromClient(kNtpClient), fromServer(kNtpServer)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("NTP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "ntp.version"), std::string("4"));
        QCOMPARE(meta(d, "ntp.mode"), std::string("client"));
        QCOMPARE(meta(d, "ntp.stratum"), std::string("1"));
        QCOMPARE(meta(d, "ntp.reference"), std::string("GPS"));
        QCOMPARE(d->evidence.length, 48u);
        QVERIFY(survivesEveryTruncation(*ntp, 17, 123, {fromClient(kNtpClient), fromServer(kNtpServer)}));

        const auto alone = run(*ntp, udp(123, {fromServer(kNtpV3Server)}));
        QVERIFY(alone.has_value());
        QCOMPARE(alone->confidence, Confidence::Medium);
        QCOMPARE(meta(alone, "ntp.version"), std::string("3"));
        QCOMPARE(meta(alone, "ntp.mode"), std::string("server"));
        QCOMPARE(meta(alone, "ntp.stratum"), std::string("0"));

        // A kiss-o'-death: stratum 0 with the code "RATE" as reference ID.
        std::string kiss = kNtpServer;
        kiss[1] = '\0';
        kiss.replace(12, 4, "RATE");
        QCOMPARE(meta(run(*ntp, udp(123, {fromClient(kNtpClient), fromServer(kiss)})), "ntp.kiss_code"), std::string("RATE"));
    }

    void ntpControlAndPrivate()
    {
        const auto ntp = &detectorNamed("NTP");
        const auto monlist = run(*ntp, udp(123, {fromClient(kNtpMonlist)}));
        QVERIFY(monlist.has_value());
        QCOMPARE(monlist->confidence, Confidence::Medium);
        QCOMPARE(meta(monlist, "ntp.mode"), std::string("private"));
        QCOMPARE(meta(monlist, "ntp.request"), std::string("monlist"));
        QCOMPARE(meta(monlist, "ntp.version"), std::string("2"));
        QCOMPARE(confidenceOf(run(*ntp, udp(123, {fromClient(kNtpMonlist), fromServer(kNtpMonlistReply)}))), Confidence::High);
        QVERIFY(survivesEveryTruncation(*ntp, 17, 123, {fromClient(kNtpMonlist), fromServer(kNtpMonlistReply)}));

        const auto readvar = run(*ntp, udp(123, {fromClient(hex("16020001 00000000 00000000"))}));
        QVERIFY(readvar.has_value());
        QCOMPARE(meta(readvar, "ntp.mode"), std::string("control"));
    }

    void ntpNegatives()
    {
        const auto ntp = &detectorNamed("NTP");
        QVERIFY(!run(*ntp, udp(123, {fromClient(zeros(48))})));         // version 0
        QVERIFY(!run(*ntp, udp(123, {fromClient(kNtpClient.substr(0, 47))})));
        QVERIFY(!run(*ntp, udp(123, {fromClient(kNtpClient + "x")})));  // 49 bytes: no MAC has that size
        std::string stratum = kNtpClient;
        stratum[1] = '\x40';
        QVERIFY(!run(*ntp, udp(123, {fromClient(stratum)})));
        std::string lateReply = kNtpServer; // transmitted an hour after it received
        lateReply[41] = '\x4f';
        lateReply[42] = '\x61';
        QVERIFY(!run(*ntp, udp(123, {fromServer(lateReply)})));
        QVERIFY(!run(*ntp, udp(123, {fromClient(kDnsQuery)})));
        QVERIFY(!run(*ntp, udp(123, {fromClient(kTftpRrq)})));
        QVERIFY(!run(*ntp, udp(123, {fromClient(hex("1700092a 00000000"))}))); // implementation 9
        QVERIFY(!run(*ntp, udp(123, {fromClient(hex("1700002a 00000000"))}))); // implementation 0 (universal)
        QVERIFY(!run(*ntp, udp(123, {fromClient(hex("1700032a 00050000") + zeros(40))}))); // 5 items of size 0
        // gtp_false_positive.pcapng: GTP' on 3386/udp; 0x27 reads as version 4, mode 7.
        QVERIFY(!run(*ntp, udp(3386, {fromClient(hex("2700000002590000c800325ea56f010000001dad25500000000000000000000000000100000000"))})));
    }
};

PORTLENS_REGISTER_TEST(TestNtpDetector)
#include "tst_ntp_detector.moc"
