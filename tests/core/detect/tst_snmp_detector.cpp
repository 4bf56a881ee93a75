// core/detect/snmp_detector.cpp: positives, negatives, truncation at every length, metadata.
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

class TestSnmpDetector : public QObject {
    Q_OBJECT

private slots:
    void snmpCommunitiesAndUsers()
    {
        const auto snmp = &detectorNamed("SNMP");
        QVERIFY(!snmp->handlesTcp());
        auto d = run(*snmp, udp(161, {fromClient(kSnmpGetRequest), fromServer(kSnmpResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("SNMP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "snmp.version"), std::string("1"));
        QCOMPARE(meta(d, "snmp.community"), std::string("public"));
        QCOMPARE(meta(d, "snmp.pdu"), std::string("get-next-request"));
        QCOMPARE(d->evidence.length, 43u);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("community 'public' (sent in clear)"));
        d = run(*snmp, udp(161, {fromServer(kSnmpResponse)}));
        QCOMPARE(meta(d, "snmp.pdu"), std::string("response"));
        d = run(*snmp, udp(161, {fromClient(kSnmpV3GetRequest)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "snmp.version"), std::string("3"));
        QCOMPARE(meta(d, "snmp.user"), std::string("alice"));
        QCOMPARE(meta(d, "snmp.community"), std::string());
        // A long community with control bytes: printable, capped at 64 characters.
        const std::string community = std::string(70, 'c') + '\x01';
        const std::string pdu = hex("a0 0c 02 01 01 02 01 00 02 01 00 30 01") + std::string(1, '\0');
        const std::string body = hex("02 01 01 04") + static_cast<char>(community.size()) + community + pdu;
        const std::string message = hex("30") + static_cast<char>(body.size()) + body;
        d = run(*snmp, udp(161, {fromClient(message)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "snmp.version"), std::string("2c"));
        QCOMPARE(meta(d, "snmp.community"), std::string(64, 'c') + "...");
    }

    void snmpNegatives()
    {
        const auto snmp = &detectorNamed("SNMP");
        QVERIFY(!run(*snmp, udp(161, {fromClient(kSnmpGetRequest + "x")})));                   // datagram longer than the message
        QVERIFY(!run(*snmp, udp(161, {fromClient(kSnmpGetRequest.substr(0, 42))})));
        std::string v2 = kSnmpGetRequest;
        v2[4] = '\x02'; // version 2 does not exist (2c is 1, v3 is 3)
        QVERIFY(!run(*snmp, udp(161, {fromClient(v2)})));
        QVERIFY(!run(*snmp, udp(389, {fromClient(kLdapSearch)})));
        QVERIFY(survivesEveryTruncation(*snmp, 17, 161, {fromClient(kSnmpGetRequest), fromServer(kSnmpResponse)}));
        QVERIFY(survivesEveryTruncation(*snmp, 17, 161, {fromClient(kSnmpV3GetRequest)}));
    }
};

PORTLENS_REGISTER_TEST(TestSnmpDetector)
#include "tst_snmp_detector.moc"
