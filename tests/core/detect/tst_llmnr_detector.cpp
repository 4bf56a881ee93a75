// core/detect/llmnr_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::udp_samples;

class TestLlmnrDetector : public QObject {
    Q_OBJECT

private slots:
    void llmnrQueryAndResponse()
    {
        const auto llmnr = &detectorNamed("LLMNR");
        QVERIFY(llmnr->handlesUdp() && llmnr->handlesTcp());
        const auto jason = run(*llmnr, udp(5355, {fromClient(kLlmnrQueryJason)}));
        QVERIFY(jason.has_value());
        QCOMPARE(jason->protocol, std::string("LLMNR"));
        QCOMPARE(jason->confidence, Confidence::Medium);
        QCOMPARE(meta(jason, "llmnr.query"), std::string("jason-PC"));
        QCOMPARE(meta(jason, "llmnr.qtype"), std::string("ANY"));
        QCOMPARE(meta(jason, "llmnr.qr"), std::string("query"));

        const auto pair = run(*llmnr, udp(5355, {fromClient(kLlmnrQuery), fromServer(kLlmnrResponse)}));
        QVERIFY(pair.has_value());
        QCOMPARE(pair->confidence, Confidence::High);
        QCOMPARE(meta(pair, "llmnr.query"), std::string("wpad"));
        QCOMPARE(meta(pair, "llmnr.answers"), std::string("1"));
        QCOMPARE(pair->evidence.length, 22u);
        QVERIFY(survivesEveryTruncation(*llmnr, 17, 5355, {fromClient(kLlmnrQuery), fromServer(kLlmnrResponse)}));

        // Over TCP with the DNS length prefix.
        const auto overTcp = run(*llmnr, tcp(5355, {fromClient(hex("0016") + kLlmnrQuery)}));
        QVERIFY(overTcp.has_value());
        QCOMPARE(overTcp->evidence.offset, 2u);
    }

    void llmnrNegatives()
    {
        const auto llmnr = &detectorNamed("LLMNR");
        QVERIFY(!run(*llmnr, udp(5355, {fromClient(kDnsQuery)})));     // three labels
        QVERIFY(!run(*llmnr, udp(5355, {fromClient(kMdnsBrowse)})));   // 17 questions
        QVERIFY(!run(*llmnr, udp(5355, {fromClient(kMdnsQu)})));       // class 0x8001
        std::string zBits = kLlmnrQuery;
        zBits[3] = '\x10';
        QVERIFY(!run(*llmnr, udp(5355, {fromClient(zBits)})));
        std::string opcode = kLlmnrQuery;
        opcode[2] = '\x08';
        QVERIFY(!run(*llmnr, udp(5355, {fromClient(opcode)})));
        QVERIFY(!run(*llmnr, udp(5355, {fromClient(kLlmnrQuery), fromServer(kDnsResponse)})));
    }
};

PORTLENS_REGISTER_TEST(TestLlmnrDetector)
#include "tst_llmnr_detector.moc"
