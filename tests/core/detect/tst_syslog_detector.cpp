// core/detect/syslog_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::udp_samples;

namespace {

const std::string kSyslogOther = "<134>854 08/20/2013-19:05:23 CONFIG QLA23XX PCIDEV03 DiscLoopId qla23xxStMachRunning\n";

} // namespace

class TestSyslogDetector : public QObject {
    Q_OBJECT

private slots:
    void syslogFormats()
    {
        const auto syslog = &detectorNamed("Syslog");
        QVERIFY(syslog->handlesUdp() && syslog->handlesTcp());
        const auto bsd = run(*syslog, udp(514, {fromClient(kSyslog3164)}));
        QVERIFY(bsd.has_value());
        QCOMPARE(bsd->protocol, std::string("Syslog"));
        QCOMPARE(bsd->confidence, Confidence::High);
        QCOMPARE(meta(bsd, "syslog.facility"), std::string("daemon"));
        QCOMPARE(meta(bsd, "syslog.severity"), std::string("crit"));
        QCOMPARE(meta(bsd, "syslog.format"), std::string("RFC 3164"));
        QCOMPARE(meta(bsd, "syslog.hostname"), std::string("nb6"));
        QCOMPARE(meta(bsd, "syslog.app"), std::string("nbd"));
        QCOMPARE(bsd->evidence.length, 19u); // "<26>Jan 01 00:01:47"
        QVERIFY(survivesEveryTruncation(*syslog, 17, 514, {fromClient(kSyslog3164)}));

        const auto ietf = run(*syslog, udp(514, {fromClient(kSyslog5424)}));
        QVERIFY(ietf.has_value());
        QCOMPARE(ietf->confidence, Confidence::High);
        QCOMPARE(meta(ietf, "syslog.facility"), std::string("local4"));
        QCOMPARE(meta(ietf, "syslog.severity"), std::string("notice"));
        QCOMPARE(meta(ietf, "syslog.format"), std::string("RFC 5424"));
        QCOMPARE(meta(ietf, "syslog.hostname"), std::string("mymachine.example.com"));
        QCOMPARE(meta(ietf, "syslog.app"), std::string("evntslog"));
        QVERIFY(survivesEveryTruncation(*syslog, 17, 514, {fromClient(kSyslog5424)}));

        const std::string message = "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed";
        const auto framed = run(*syslog, tcp(601, {fromClient(std::to_string(message.size()) + " " + message)}));
        QVERIFY(framed.has_value());
        QCOMPARE(meta(framed, "syslog.framing"), std::string("octet-counting"));
        QCOMPARE(meta(framed, "syslog.facility"), std::string("auth"));
        QCOMPARE(framed->evidence.offset, 3u);

        const auto cisco = run(*syslog, udp(514, {fromClient("<189>35: *Mar  1 00:01:23.456: %SYS-5-CONFIG_I: Configured from console")}));
        QVERIFY(cisco.has_value());
        QCOMPARE(cisco->confidence, Confidence::High);
        QCOMPARE(meta(cisco, "syslog.facility"), std::string("local7"));

        const auto other = run(*syslog, udp(514, {fromClient(kSyslogOther)}));
        QVERIFY(other.has_value());
        QCOMPARE(other->confidence, Confidence::Low);
        QCOMPARE(meta(other, "syslog.format"), std::string("unknown"));
        QCOMPARE(meta(other, "syslog.severity"), std::string("info"));
    }

    void syslogNegatives()
    {
        const auto syslog = &detectorNamed("Syslog");
        QVERIFY(!run(*syslog, udp(514, {fromClient("<192>Jan 01 00:01:47 host app: x")})));
        QVERIFY(!run(*syslog, udp(514, {fromClient("<ab>Jan 01 00:01:47 host app: x")})));
        QVERIFY(!run(*syslog, udp(514, {fromClient("<13>")})));
        QVERIFY(!run(*syslog, udp(514, {fromClient("<13>hi\x01\x02\x03\x04\x05\x06\x07")})));
        QVERIFY(!run(*syslog, tcp(514, {fromClient("<html><body>hello</body></html>")})));
        QVERIFY(!run(*syslog, tcp(514, {fromClient("GET / HTTP/1.1\r\n\r\n")})));
        QVERIFY(!run(*syslog, udp(514, {fromClient(kDnsQuery)})));
    }
};

PORTLENS_REGISTER_TEST(TestSyslogDetector)
#include "tst_syslog_detector.moc"
