// core/detect/dns_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "followup_samples.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::followup_samples;
using namespace portlens::test::udp_samples;

namespace {

// dns_fragmented.pcap: DNSKEY query over TCP with an EDNS OPT record.
const std::string kDnsTcpQuery =
    hex("003480e4012000010000000000010877656265726c61620264650000300001000029100000008000000c000a00081b9af622ab2c9740");

const std::string kInverseNotImp = hex("77fc 8984 0000 0000 0000 0000");

} // namespace

class TestDnsDetector : public QObject {
    Q_OBJECT

private slots:
    void dnsQueryAndResponse()
    {
        const auto dns = &detectorNamed("DNS");
        QVERIFY(dns->handlesUdp() && dns->handlesTcp());
        const auto d = run(*dns, udp(53, {fromClient(kDnsQuery), fromServer(kDnsResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("DNS"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "dns.query"), std::string("p26-keyvalueservice.icloud.com"));
        QCOMPARE(meta(d, "dns.qtype"), std::string("A"));
        QCOMPARE(meta(d, "dns.qr"), std::string("query"));
        QCOMPARE(meta(d, "dns.rcode"), std::string("NOERROR"));
        QCOMPARE(meta(d, "dns.answers"), std::string("9"));
        QCOMPARE(meta(d, "dns.response_size"), std::string("222"));
        QCOMPARE(meta(d, "dns.zone_transfer"), std::string());
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.offset, 0u);
        QCOMPARE(d->evidence.length, 48u); // header and question: the whole query
        QCOMPARE(contains(d, "DNS query for 'p26-keyvalueservice.icloud.com' (type A) in the client's first datagram"),
                 std::string("yes"));
        QVERIFY(survivesEveryTruncation(*dns, 17, 53, {fromClient(kDnsQuery), fromServer(kDnsResponse)}));
    }

    void dnsOneSideIsMedium()
    {
        const auto dns = &detectorNamed("DNS");
        const auto query = run(*dns, udp(53, {fromClient(kDnsQuery)}));
        QVERIFY(query.has_value());
        QCOMPARE(query->confidence, Confidence::Medium);
        const auto response = run(*dns, udp(53, {fromServer(kDnsResponse)}));
        QVERIFY(response.has_value());
        QCOMPARE(response->confidence, Confidence::Medium);
        QCOMPARE(meta(response, "dns.qr"), std::string("response"));
        QCOMPARE(response->evidence.direction, Direction::ToClient);
        // A response whose ID does not match the query: both are DNS, but not a verified pair.
        std::string otherId = kDnsResponse;
        otherId[0] = '\x11';
        QCOMPARE(confidenceOf(run(*dns, udp(53, {fromClient(kDnsQuery), fromServer(otherId)}))), Confidence::Medium);
    }

    void dnsOverTcpZoneTransfer()
    {
        const auto dns = &detectorNamed("DNS");
        const Connection c = tcp(53, {fromClient(kAxfrQuery), fromServer(kAxfrResponse)});
        const auto d = run(*dns, c);
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "dns.query"), std::string("example.com"));
        QCOMPARE(meta(d, "dns.qtype"), std::string("AXFR"));
        QCOMPARE(meta(d, "dns.zone_transfer"), std::string("yes"));
        QCOMPARE(meta(d, "dns.response_size"), std::string("80"));
        QCOMPARE(d->evidence.offset, 2u); // after the length prefix
        QCOMPARE(d->evidence.length, 29u);
        QCOMPARE(contains(d, "after its 2-byte length prefix"), std::string("yes"));
        QVERIFY(survivesEveryTruncation(*dns, 6, 53, {fromClient(kAxfrQuery), fromServer(kAxfrResponse)}));

        // An SOA query first, then the transfer, in one TCP stream.
        const std::string soa = hex("001d 1111 0000 0001 0000 0000 0000 07 6578616d706c65 03 636f6d 00 0006 0001");
        const auto two = run(*dns, tcp(53, {fromClient(soa + kAxfrQuery)}));
        QVERIFY(two.has_value());
        QCOMPARE(meta(two, "dns.qtype"), std::string("SOA"));
        QCOMPARE(meta(two, "dns.zone_transfer"), std::string("yes"));

        // dns_fragmented.pcap: DNSKEY over TCP, EDNS.
        const auto dnskey = run(*dns, tcp(53, {fromClient(kDnsTcpQuery)}));
        QVERIFY(dnskey.has_value());
        QCOMPARE(meta(dnskey, "dns.query"), std::string("weberlab.de"));
        QCOMPARE(meta(dnskey, "dns.qtype"), std::string("DNSKEY"));
        QVERIFY(survivesEveryTruncation(*dns, 6, 53, {fromClient(kDnsTcpQuery)}));
    }

    void dnsCompressionPointers()
    {
        const auto dns = &detectorNamed("DNS");
        // Two questions, the second compressed against the first ("c0 10" = "example.com" at offset 16).
        const std::string two = hex("0102 0100 0002 0000 0000 0000 03 777777 07 6578616d706c65 03 636f6d 00 0001 0001"
                                    "c010 001c 0001");
        const auto d = run(*dns, udp(53, {fromClient(two)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "dns.query"), std::string("www.example.com"));
        // Pointers to themselves, forwards, or around in a circle: rejected, and the parser ends.
        QVERIFY(!run(*dns, udp(53, {fromClient(hex("0102 0100 0001 0000 0000 0000 c00c 0001 0001"))})));
        QVERIFY(!run(*dns, udp(53, {fromClient(hex("0102 0100 0001 0000 0000 0000 0161 c00c 0001 0001"))})));
        QVERIFY(!run(*dns, udp(53, {fromClient(hex("0102 0100 0001 0000 0000 0000 c020 0001 0001" + std::string(40, '0')))})));
        QVERIFY(!run(*dns, udp(53, {fromClient(hex("0102 0100 0002 0000 0000 0000 0161 00 0001 0001 0162 c015 0001 0001"))})));
        // Label types 0x40 and 0x80, and a name longer than 255 bytes.
        QVERIFY(!run(*dns, udp(53, {fromClient(hex("0102 0100 0001 0000 0000 0000 41 00 0001 0001"))})));
        std::string longName = hex("0102 0100 0001 0000 0000 0000");
        for (int i = 0; i < 5; ++i) longName += static_cast<char>(60) + std::string(60, 'a');
        longName += hex("00 0001 0001");
        QVERIFY(!run(*dns, udp(53, {fromClient(longName)})));
    }

    void dnsNegatives()
    {
        const auto dns = &detectorNamed("DNS");
        QVERIFY(!run(*dns, udp(53, {})));
        QVERIFY(!run(*dns, udp(53, {fromClient("GET / HTTP/1.1\r\nHost: x\r\n\r\n")})));
        QVERIFY(!run(*dns, udp(53, {fromClient(kNtpClient)})));
        QVERIFY(!run(*dns, udp(53, {fromClient(kMdnsQu)})));           // class 0x8001 is not a DNS class
        QVERIFY(!run(*dns, udp(53, {fromClient(kMdnsAnnouncement)}))); // no question
        std::string opcode3 = kDnsQuery;
        opcode3[2] = '\x18';
        QVERIFY(!run(*dns, udp(53, {fromClient(opcode3)})));
        std::string answersInQuery = kDnsQuery;
        answersInQuery[7] = '\x01';
        QVERIFY(!run(*dns, udp(53, {fromClient(answersInQuery)})));
        std::string tooManyRecords = kDnsQuery; // 200 additional records cannot fit in 48 bytes
        tooManyRecords[11] = '\xc8';
        QVERIFY(!run(*dns, udp(53, {fromClient(tooManyRecords)})));
        QVERIFY(!run(*dns, tcp(53, {fromClient(kDnsQuery)}))); // over TCP the length prefix is required
        QVERIFY(!run(*dns, tcp(853, {fromClient(hex("160301020001000200030377"))})));
    }

    void netbiosNameServiceIsNotDns()
    {
        // netbios.pcap: NBNS name query and registration answer; an NBSTAT ("*") query. Same layout
        // as DNS, but 32-letter A-P encoded names and types NB (32) and NBSTAT (33).
        const std::string query = hex("8486011000010000000000002045484646454f454f4542464343414341434143414341434143414341434141"
                                      "410000200001");
        const std::string answer = hex("8486850000000001000000002045484646454f454f4542464343414341434143414341434143414341434141"
                                       "410000200001000493e0000600000a000418");
        const std::string nbstat = hex("20a80000000100000000000020434b4141414141414141414141414141414141414141414141414141414141"
                                       "410000210001");
        for (Factory make : {+[] { return &detectorNamed("DNS"); }, +[] { return &detectorNamed("MDNS"); }, +[] { return &detectorNamed("LLMNR"); }}) {
            const auto detector = make();
            QVERIFY(!run(*detector, udp(137, {fromClient(query), fromServer(answer)})));
            QVERIFY(!run(*detector, udp(137, {fromServer(answer)})));
            QVERIFY(!run(*detector, udp(137, {fromClient(nbstat)})));
        }
    }

    void registryPicksTheDnsFlavour()
    {
        // Bytes only mDNS allows win anywhere; identical bytes go to the port's protocol.
        QCOMPARE(detectedProtocol(udp(5353, {fromClient(kMdnsBrowse)})), std::string("MDNS"));
        QCOMPARE(detectedProtocol(udp(5353, {fromClient(kMdnsAnnouncement)})), std::string("MDNS"));
        QCOMPARE(detectedProtocol(udp(40000, {fromClient(kMdnsQu)})), std::string("MDNS"));
        QCOMPARE(detectedProtocol(udp(5353, {fromClient(kPrinterLocal)})), std::string("MDNS"));
        QCOMPARE(detectedProtocol(udp(53, {fromClient(kPrinterLocal)})), std::string("DNS"));

        QCOMPARE(detectedProtocol(udp(5355, {fromClient(kLlmnrQueryJason)})), std::string("LLMNR"));
        QCOMPARE(detectedProtocol(udp(5355, {fromClient(kLlmnrQuery), fromServer(kLlmnrResponse)})), std::string("LLMNR"));
        QCOMPARE(detectedProtocol(udp(53, {fromClient(kLlmnrQuery), fromServer(kLlmnrResponse)})), std::string("DNS"));

        QCOMPARE(detectedProtocol(udp(53, {fromClient(kDnsQuery), fromServer(kDnsResponse)})), std::string("DNS"));
        QCOMPARE(detectedProtocol(udp(8053, {fromClient(kDnsQuery), fromServer(kDnsResponse)})), std::string("DNS"));
        QCOMPARE(detectedProtocol(udp(8053, {fromClient(kDnsQuery)})), std::string("DNS"));
        QCOMPARE(detectedProtocol(udp(5355, {fromClient(kDnsQuery), fromServer(kDnsResponse)})), std::string("DNS"));
        QCOMPARE(detectedProtocol(tcp(53, {fromClient(kAxfrQuery), fromServer(kAxfrResponse)})), std::string("DNS"));
        QCOMPARE(detectedProtocol(tcp(5300, {fromClient(kAxfrQuery), fromServer(kAxfrResponse)})), std::string("DNS"));
    }

    void dnsInverseQuery()
    {
        const auto dns = &detectorNamed("DNS");
        const auto d = run(*dns, udp(53, {fromClient(kInverseQuery), fromServer(kInverseNotImp)}));
        QVERIFY(d.has_value());
        QCOMPARE(confidenceOf(d), Confidence::High);
        QCOMPARE(meta(d, "dns.opcode"), std::string("IQUERY"));
        QCOMPARE(meta(d, "dns.query"), std::string("216.58.202.4"));
        QCOMPARE(meta(d, "dns.qtype"), std::string("A"));
        QCOMPARE(meta(d, "dns.rcode"), std::string("NOTIMP"));
        QCOMPARE(meta(d, "dns.answers"), std::string("0"));
        QVERIFY(says(d, "DNS inverse query (one answer record, no question) for '216.58.202.4' (type A)"));
        QVERIFY(says(d, "answered by the server's response with the same ID (NOTIMP)"));
        QVERIFY(d && d->evidence.length == 36);
        QVERIFY(survivesEveryTruncation(*dns, 17, 53, {fromClient(kInverseQuery), fromServer(kInverseNotImp)}));

        QCOMPARE(confidenceOf(run(*dns, udp(53, {fromClient(kInverseQuery)}))), Confidence::Medium);
        // A bare error answer proves nothing alone, nor answers another ID.
        QVERIFY(!run(*dns, udp(53, {fromServer(kInverseNotImp)})));
        std::string otherId = kInverseNotImp;
        otherId[0] = '\x11';
        QCOMPARE(confidenceOf(run(*dns, udp(53, {fromClient(kInverseQuery), fromServer(otherId)}))), Confidence::Medium);
        std::string noError = kInverseNotImp; // NOERROR with nothing in it is no answer
        noError[3] = '\x80';
        QCOMPARE(confidenceOf(run(*dns, udp(53, {fromClient(kInverseQuery), fromServer(noError)}))), Confidence::Medium);
    }

    void dnsInverseQueryNegatives()
    {
        const auto dns = &detectorNamed("DNS");
        auto variant = [](std::size_t at, char value) {
            std::string s = kInverseQuery;
            s[at] = value;
            return s;
        };
        QVERIFY(!run(*dns, udp(53, {fromClient(variant(2, '\x01'))})));  // opcode 0 with no question
        QVERIFY(!run(*dns, udp(53, {fromClient(variant(7, '\x02'))})));  // two answers
        QVERIFY(!run(*dns, udp(53, {fromClient(variant(7, '\x00'))})));  // nothing at all
        QVERIFY(!run(*dns, udp(53, {fromClient(variant(9, '\x01'))})));  // an authority record
        QVERIFY(!run(*dns, udp(53, {fromClient(variant(27, '\xfc'))}))); // AXFR is no record type
        QVERIFY(!run(*dns, udp(53, {fromClient(variant(29, '\x03'))}))); // class CH
        QVERIFY(!run(*dns, udp(53, {fromClient(variant(35, '\x05'))}))); // data longer than the message
    }

    void dnsControlBytesInLabels()
    {
        const auto dns = &detectorNamed("DNS");
        const auto d = run(*dns, udp(53, {fromClient(kControlQuery), fromServer(kControlResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(confidenceOf(d), Confidence::Medium); // the answer is for another name
        QCOMPARE(meta(d, "dns.query"), std::string("www.allyourba???arebelongto.cn"));
        QCOMPARE(meta(d, "dns.name_control_bytes"), std::string("yes"));
        QCOMPARE(meta(d, "dns.rcode"), std::string("NOERROR"));
        QVERIFY(survivesEveryTruncation(*dns, 17, 53, {fromClient(kControlQuery), fromServer(kControlResponse)}));
        const auto answer = run(*dns, udp(53, {fromServer(kControlResponse)}));
        QCOMPARE(meta(answer, "dns.query"), std::string("www.allyourbasesare???ongto.cn"));
        QCOMPARE(meta(run(*dns, udp(53, {fromClient(kWwwExampleQuery)})), "dns.name_control_bytes"), std::string());

        // Control bytes stay the exception: a label mostly of them, a NUL, or a name that does not
        // end in an alphabetic top-level label is not a name.
        QVERIFY(!run(*dns, udp(53, {fromClient(hex("1234 0100 0001 0000 0000 0000 04 61010203 02636e 00 0001 0001"))})));
        QVERIFY(!run(*dns, udp(53, {fromClient(hex("1234 0100 0001 0000 0000 0000 04 61626300 02636e 00 0001 0001"))})));
        QVERIFY(!run(*dns, udp(53, {fromClient(hex("1234 0100 0001 0000 0000 0000 08 6162636465666701 02 3132 00 0001 0001"))})));
        QVERIFY(!run(*dns, udp(53, {fromClient(hex("1234 0100 0001 0000 0000 0000 08 6162636465666701 01 63 00 0001 0001"))})));
        QVERIFY(!run(*dns, udp(53, {fromClient(hex("1234 0100 0001 0000 0000 0000 08 6162636465666701 02 6301 00 0001 0001"))})));
        // Without control bytes nothing changes: digits as the last label are fine.
        QVERIFY(run(*dns, udp(53, {fromClient(hex("1234 0100 0001 0000 0000 0000 08 6162636465666768 02 3132 00 0001 0001"))})).has_value());
    }
};

PORTLENS_REGISTER_TEST(TestDnsDetector)
#include "tst_dns_detector.moc"
