// core/detect/tftp_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::udp_samples;

namespace {

const std::string kTftpData = hex("00030001") + "\n\n\n\n\n\nNetwork Working Group                K. Sollins\n";

const std::string kTftpAck = hex("00040001");

} // namespace

class TestTftpDetector : public QObject {
    Q_OBJECT

private slots:
    void tftpRequests()
    {
        const auto tftp = &detectorNamed("TFTP");
        QVERIFY(tftp->handlesUdp() && !tftp->handlesTcp());
        const auto d = run(*tftp, udp(69, {fromClient(kTftpRrq)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("TFTP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "tftp.opcode"), std::string("RRQ"));
        QCOMPARE(meta(d, "tftp.file"), std::string("rfc1350.txt"));
        QCOMPARE(meta(d, "tftp.mode"), std::string("octet"));
        QCOMPARE(d->evidence.length, static_cast<std::uint32_t>(kTftpRrq.size()));
        QVERIFY(survivesEveryTruncation(*tftp, 17, 69, {fromClient(kTftpRrq)}));

        const std::string pxe = hex("0001") + bytes("pxelinux.0\0octet\0tsize\0" "0\0blksize\0" "1408\0");
        const auto options = run(*tftp, udp(69, {fromClient(pxe)}));
        QVERIFY(options.has_value());
        QCOMPARE(options->confidence, Confidence::High);
        QCOMPARE(meta(options, "tftp.options"), std::string("tsize=0,blksize=1408"));

        const std::string wrq = hex("0002") + bytes("router-confg\0NetASCII\0");
        const auto write = run(*tftp, udp(69, {fromClient(wrq)}));
        QVERIFY(write.has_value());
        QCOMPARE(meta(write, "tftp.opcode"), std::string("WRQ"));
        QCOMPARE(meta(write, "tftp.mode"), std::string("netascii"));
        QVERIFY(survivesEveryTruncation(*tftp, 17, 69, {fromClient(pxe)}));
    }

    void tftpTransfers()
    {
        const auto tftp = &detectorNamed("TFTP");
        // The server's new port sends DATA 1, the client acknowledges.
        const auto read = run(*tftp, udp(50618, {fromClient(kTftpData), fromServer(kTftpAck)}));
        QVERIFY(read.has_value());
        QCOMPARE(read->confidence, Confidence::Medium);
        QCOMPARE(meta(read, "tftp.opcode"), std::string("DATA"));
        QCOMPARE(confidenceOf(run(*tftp, udp(50618, {fromClient(kTftpData)}))), Confidence::Low);
        QVERIFY(!run(*tftp, udp(50618, {fromClient(kTftpAck)})));
        const std::string error = hex("00050001") + bytes("File not found\0");
        const auto failed = run(*tftp, udp(50618, {fromClient(error)}));
        QVERIFY(failed.has_value());
        QCOMPARE(meta(failed, "tftp.error"), std::string("File not found"));
        QVERIFY(survivesEveryTruncation(*tftp, 17, 50618, {fromClient(kTftpData), fromServer(kTftpAck)}));
    }

    void tftpNegatives()
    {
        const auto tftp = &detectorNamed("TFTP");
        QVERIFY(!run(*tftp, udp(69, {fromClient(hex("0001006f6374657400"))}))); // tftp.pcap: no file name
        QVERIFY(!run(*tftp, udp(69, {fromClient(hex("0001") + bytes("a.bin\0binary\0"))})));
        QVERIFY(!run(*tftp, udp(69, {fromClient(hex("0001") + bytes("a\x01.bin\0octet\0"))})));
        QVERIFY(!run(*tftp, udp(69, {fromClient(hex("0003") + bytes("a.bin\0octet\0"))}))); // DATA block 0x612e
        QVERIFY(!run(*tftp, udp(69, {fromClient(hex("00050009") + bytes("x\0"))})));
        QVERIFY(!run(*tftp, udp(69, {fromClient(kDnsQuery)})));
        QVERIFY(!run(*tftp, udp(69, {fromClient(kSyslog3164)})));
    }
};

PORTLENS_REGISTER_TEST(TestTftpDetector)
#include "tst_tftp_detector.moc"
