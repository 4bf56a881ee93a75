// core/detect/mdns_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::udp_samples;

class TestMdnsDetector : public QObject {
    Q_OBJECT

private slots:
    void mdnsBrowseAndAnnouncement()
    {
        const auto mdns = &detectorNamed("MDNS");
        QVERIFY(mdns->handlesUdp() && !mdns->handlesTcp());
        const auto browse = run(*mdns, udp(5353, {fromClient(kMdnsBrowse)}));
        QVERIFY(browse.has_value());
        QCOMPARE(browse->protocol, std::string("MDNS"));
        QCOMPARE(browse->confidence, Confidence::High); // ID 0 and .local
        QCOMPARE(meta(browse, "mdns.qr"), std::string("query"));
        QCOMPARE(meta(browse, "mdns.query"), std::string("_airport._tcp.local"));
        QCOMPARE(meta(browse, "mdns.qtype"), std::string("PTR"));
        QCOMPARE(meta(browse, "mdns.questions"), std::string("17"));
        QVERIFY(survivesEveryTruncation(*mdns, 17, 5353, {fromClient(kMdnsBrowse)}));

        const auto announce = run(*mdns, udp(5353, {fromClient(kMdnsAnnouncement)}));
        QVERIFY(announce.has_value());
        QCOMPARE(announce->confidence, Confidence::High);
        QCOMPARE(meta(announce, "mdns.qr"), std::string("response"));
        QCOMPARE(meta(announce, "mdns.answer"), std::string("_spotify-connect._tcp.local"));
        QCOMPARE(meta(announce, "mdns.answers"), std::string("1"));
        QVERIFY(survivesEveryTruncation(*mdns, 17, 5353, {fromClient(kMdnsAnnouncement)}));

        const auto qu = run(*mdns, udp(5353, {fromClient(kMdnsQu)}));
        QVERIFY(qu.has_value());
        QCOMPARE(qu->confidence, Confidence::High);
        QCOMPARE(meta(qu, "mdns.unicast_response"), std::string("yes"));
        QCOMPARE(contains(qu, "QU (unicast response) bit"), std::string("yes"));
    }

    void mdnsAmbiguousAndForbidden()
    {
        const auto mdns = &detectorNamed("MDNS");
        // A .local query with a random ID could be either: same confidence as DNS.
        QCOMPARE(confidenceOf(run(*mdns, udp(5353, {fromClient(kPrinterLocal)}))), Confidence::Medium);
        QCOMPARE(confidenceOf(run(detectorNamed("DNS"), udp(5353, {fromClient(kPrinterLocal)}))), Confidence::Medium);
        // A recursive resolver's answer has RA set and AA clear: mDNS forbids both.
        QVERIFY(!run(*mdns, udp(5353, {fromClient(kDnsQuery), fromServer(kDnsResponse)})));
        // LLMNR's answer has AA (its C bit) clear.
        QVERIFY(!run(*mdns, udp(5355, {fromClient(kLlmnrQuery), fromServer(kLlmnrResponse)})));
        // Non-zero opcode or rcode.
        std::string opcode = kMdnsQu;
        opcode[2] = '\x20';
        QVERIFY(!run(*mdns, udp(5353, {fromClient(opcode)})));
        std::string rcode = kMdnsAnnouncement;
        rcode[3] = '\x03';
        QVERIFY(!run(*mdns, udp(5353, {fromClient(rcode)})));
        QVERIFY(!run(*mdns, udp(5353, {fromClient(kSsdpSearch)})));
    }

    void mdnsNamesKeepUtf8()
    {
        const auto mdns = &detectorNamed("MDNS");
        // "Luca\u2019s iMac.local" A 192.168.2.1, as iphone.pcap's Mac announces itself.
        const std::string announce = hex("0000 8400 0000 0001 0000 0000 0d 4c756361 e28099 7320694d6163 05 6c6f63616c 00"
                                         "0001 8001 00000078 0004 c0a80201");
        QCOMPARE(meta(run(*mdns, udp(5353, {fromClient(announce)})), "mdns.answer"), std::string("Luca\xe2\x80\x99s iMac.local"));
        std::string broken = announce;
        broken[18] = '\xff'; // not UTF-8
        QCOMPARE(meta(run(*mdns, udp(5353, {fromClient(broken)})), "mdns.answer"), std::string("Luca???s iMac.local"));
        std::string overlong = announce;
        overlong[17] = '\xe0'; // E0 80 99: an overlong form
        QCOMPARE(meta(run(*mdns, udp(5353, {fromClient(overlong)})), "mdns.answer"), std::string("Luca???s iMac.local"));
        // Types DNS does not know are not mDNS's either (fuzz-2006-06-26-2594.pcap).
        std::string oddType = kPrinterLocal;
        oddType[oddType.size() - 4] = '\x25';
        QVERIFY(!run(*mdns, udp(53, {fromClient(oddType)})));
        QVERIFY(!run(detectorNamed("DNS"), udp(53, {fromClient(oddType)})));
    }
};

PORTLENS_REGISTER_TEST(TestMdnsDetector)
#include "tst_mdns_detector.moc"
