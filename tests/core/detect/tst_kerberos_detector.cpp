// core/detect/kerberos_detector.cpp: positives, negatives, truncation at every length, metadata.
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

class TestKerberosDetector : public QObject {
    Q_OBJECT

private slots:
    void kerberosOverTcpAndUdp()
    {
        const auto krb = &detectorNamed("Kerberos");
        QVERIFY(krb->handlesTcp());
        QVERIFY(krb->handlesUdp());
        auto d = run(*krb, tcp(88, {fromClient(kKerberosTcpAsReq), fromServer(kKerberosTcpError)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("Kerberos"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "kerberos.msg"), std::string("AS-REQ"));
        QCOMPARE(meta(d, "kerberos.reply"), std::string("KRB-ERROR"));
        QCOMPARE(meta(d, "kerberos.realm"), std::string("happycraft.org"));
        QCOMPARE(meta(d, "kerberos.cname"), std::string("johnson-pc$"));
        QCOMPARE(meta(d, "kerberos.sname"), std::string("krbtgt/happycraft.org"));
        QCOMPARE(meta(d, "kerberos.error"), std::string("KDC_ERR_PREAUTH_REQUIRED (25)"));
        QCOMPARE(d->evidence.offset, 4u); // after the TCP length prefix
        QCOMPARE(d->evidence.length, 235u);
        d = run(*krb, udp(88, {fromClient(kKerberosUdpAsReq), fromServer(kKerberosUdpError)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "kerberos.realm"), std::string("LINUX.SHELL.COM"));
        QCOMPARE(meta(d, "kerberos.cname"), std::string("host/mus-n-cj0709"));
        QCOMPARE(meta(d, "kerberos.error"), std::string("KRB_ERR_RESPONSE_TOO_BIG (52)"));
        // The reply alone.
        d = run(*krb, udp(88, {fromServer(kKerberosUdpError)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "kerberos.msg"), std::string("KRB-ERROR"));
    }

    void kerberosNegatives()
    {
        const auto krb = &detectorNamed("Kerberos");
        std::string wrongPvno = kKerberosUdpAsReq;
        wrongPvno[12] = '\x04'; // pvno 4
        QVERIFY(!run(*krb, udp(88, {fromClient(wrongPvno)})));
        std::string wrongType = kKerberosUdpAsReq;
        wrongType[17] = '\x0c'; // msg-type 12 inside an AS-REQ tag
        QVERIFY(!run(*krb, udp(88, {fromClient(wrongType)})));
        QVERIFY(!run(*krb, udp(88, {fromClient(kKerberosUdpAsReq + "x")})));     // trailing byte: lengths disagree
        QVERIFY(!run(*krb, tcp(88, {fromClient(kKerberosUdpAsReq)})));           // TCP needs the length prefix
        QVERIFY(!run(*krb, udp(88, {fromClient(kSnmpGetRequest)})));
        QVERIFY(survivesEveryTruncation(*krb, 6, 88, {fromClient(kKerberosTcpAsReq), fromServer(kKerberosTcpError)}));
        QVERIFY(survivesEveryTruncation(*krb, 17, 88, {fromClient(kKerberosUdpAsReq), fromServer(kKerberosUdpError)}));
    }
};

PORTLENS_REGISTER_TEST(TestKerberosDetector)
#include "tst_kerberos_detector.moc"
