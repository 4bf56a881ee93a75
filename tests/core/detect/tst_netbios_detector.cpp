// core/detect/netbios_detector.cpp: names and datagrams over UDP, sessions over TCP; positives,
// negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "binary_samples.h"
#include "followup_samples.h"
#include "registered_tests.h"

#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::binary_samples;
using namespace portlens::test::followup_samples;

namespace {

// netbios.pcap frames 54 and 55: node status (NBSTAT) query for '*' from 57836/udp, and the answer.
const std::string kNbstatQuery =
    hex("20a8 0000 0001 0000 0000 0000 20 434b414141414141414141414141414141414141414141414141414141414141 00 0021 0001");

const std::string kNbstatResponse = hex(
    "20a88400000000010000000020434b41414141414141414141414141414141414141414141414141414141414100002100010000000000770447"
    "554e4e4152202020202020202020000400564947494c414e545f47524f55502000840047554e4e4152202020202020202020200400564947494c"
    "414e545f47524f5550201e8400001cc410790f000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00");

// netbios.pcap frame 69: positive name query response for GUNNAR<00> (10.0.4.24).
const std::string kNbPositiveResponse = hex(
    "8486 8500 0000 0001 0000 0000 20 45484646454f454f45424643434143414341434143414341434143414341414100 0020 0001"
    "000493e0 0006 0000 0a000418");

// gnutella.pcap frame 33: name registration of MSEDGEWIN10<00>, with the claimed address as an
// additional record whose name is a pointer (c00c) to the question.
const std::string kNbRegistration = hex(
    "9c29 2910 0001 0000 0000 0001 20 454e464445464545454845464648454a454f444244414341434143414341414100 0020 0001"
    "c00c 0020 0001 000493e0 0006 0000 0a00020f");

// netbios_wildcard_dns_query.pcap: the same NBSTAT '*' query, sent to 53/udp (flags 0x0010: B).
const std::string kNbstatToPort53 =
    hex("80f00010000100000000000020434b4141414141414141414141414141414141414141414141414141414141410000210001");

// 1kxun.pcap frame 659: Get Backup List request from MACBOOKAIR-E1D0<00> (source port 0) to WORKGROUP<1d>.
const std::string kNbDatagramPortZero = hex(
    "110245eec0a8052d000000a0000020454e45424544454345504550454c4542454a4643434e454644424545444141410020464845504643454c"
    "45484643455046464641434143414341434143414341424e00ff534d4225000000000000000000000000000000000000000000d5340000ed45"
    "110000060000000000000002000000000000000000000006005600030001000100020017005c4d41494c534c4f545c42524f575345000904"
    "ec450000");

} // namespace

class TestNetbiosDetector : public QObject {
    Q_OBJECT

private slots:
    void netbiosNameQuery()
    {
        const auto nb = &detectorNamed("NetBIOS", 17);
        QCOMPARE(std::string(nb->name()), std::string("NetBIOS"));
        QVERIFY(nb->handlesUdp() && nb->handlesTcp()); // one NetBIOS detector: names, datagrams and sessions
        const auto d = run(*nb, udp(137, {fromClient(kNbQuery)}));
        QVERIFY(d.has_value());
        QCOMPARE(confidenceOf(d), Confidence::Medium);
        QCOMPARE(meta(d, "netbios.service"), std::string("name"));
        QCOMPARE(meta(d, "netbios.name"), std::string("XSTREAM_HY<00>"));
        QCOMPARE(meta(d, "netbios.opcode"), std::string("query"));
        QCOMPARE(meta(d, "netbios.qr"), std::string("query"));
        QCOMPARE(meta(d, "netbios.type"), std::string("NB"));
        QVERIFY(says(d, "NetBIOS name query request (NB) for 'XSTREAM_HY<00>' in the client's first datagram"));
        QVERIFY(d && d->evidence.offset == 0 && d->evidence.length == 50); // header and question: all of it
        QVERIFY(survivesEveryTruncation(*nb, 17, 137, {fromClient(kNbQuery)}));
    }

    void netbiosNodeStatusPairIsHigh()
    {
        const auto nb = &detectorNamed("NetBIOS", 17);
        const auto d = run(*nb, udp(137, {fromClient(kNbstatQuery), fromServer(kNbstatResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(confidenceOf(d), Confidence::High);
        QCOMPARE(meta(d, "netbios.name"), std::string("*<00>")); // the wildcard, NUL padding trimmed
        QCOMPARE(meta(d, "netbios.type"), std::string("NBSTAT"));
        QVERIFY(says(d, "answered by the server's response with the same transaction ID"));
        QVERIFY(survivesEveryTruncation(*nb, 17, 137, {fromClient(kNbstatQuery), fromServer(kNbstatResponse)}));

        // The answer alone is NetBIOS too, but unpaired; so is a pair whose IDs differ.
        const auto answer = run(*nb, udp(137, {fromServer(kNbstatResponse)}));
        QCOMPARE(confidenceOf(answer), Confidence::Medium);
        QCOMPARE(meta(answer, "netbios.qr"), std::string("response"));
        std::string otherId = kNbstatResponse;
        otherId[1] = '\x00';
        QCOMPARE(confidenceOf(run(*nb, udp(137, {fromClient(kNbstatQuery), fromServer(otherId)}))), Confidence::Medium);
    }

    void netbiosRegistrationAndResponse()
    {
        const auto nb = &detectorNamed("NetBIOS", 17);
        const auto reg = run(*nb, udp(137, {fromClient(kNbRegistration)}));
        QVERIFY(reg.has_value());
        QCOMPARE(meta(reg, "netbios.opcode"), std::string("registration"));
        QCOMPARE(meta(reg, "netbios.name"), std::string("MSEDGEWIN10<00>"));
        QVERIFY(survivesEveryTruncation(*nb, 17, 137, {fromClient(kNbRegistration)}));

        const auto positive = run(*nb, udp(137, {fromClient(kNbPositiveResponse)}));
        QVERIFY(positive.has_value());
        QCOMPARE(meta(positive, "netbios.qr"), std::string("response"));
        QCOMPARE(meta(positive, "netbios.name"), std::string("GUNNAR<00>"));
        QVERIFY(survivesEveryTruncation(*nb, 17, 137, {fromClient(kNbPositiveResponse)}));
    }

    void netbiosLaterDatagram()
    {
        // A first datagram with a letter outside A-P (as in fuzz-2006-06-26-2594.pcap), then a good one.
        const auto nb = &detectorNamed("NetBIOS", 17);
        std::string bad = kNbQuery;
        bad[20] = 'S';
        QVERIFY(!run(*nb, udp(137, {fromClient(bad)})));
        const auto d = run(*nb, udp(137, {fromClient(bad), fromClient(kNbQuery)}));
        QVERIFY(d.has_value());
        QVERIFY(d && d->evidence.offset == 50);
        QVERIFY(says(d, "in datagram 2 of the client's side"));
    }

    void netbiosNameServiceNegatives()
    {
        const auto nb = &detectorNamed("NetBIOS", 17);
        QVERIFY(!run(*nb, udp(137, {})));
        auto variant = [](std::size_t at, char value) {
            std::string s = kNbQuery;
            s[at] = value;
            return s;
        };
        QVERIFY(!run(*nb, udp(137, {fromClient(variant(12, '\x21'))})));  // name length 0x21
        QVERIFY(!run(*nb, udp(137, {fromClient(variant(13, 'a'))})));     // lower-case letter
        QVERIFY(!run(*nb, udp(137, {fromClient(variant(2, '\x09'))})));    // opcode 1
        QVERIFY(!run(*nb, udp(137, {fromClient(variant(3, '\x50'))})));    // a zero bit set
        QVERIFY(!run(*nb, udp(137, {fromClient(variant(3, '\x11'))})));    // RCODE in a request
        QVERIFY(!run(*nb, udp(137, {fromClient(variant(7, '\x01'))})));    // an answer in a query
        QVERIFY(!run(*nb, udp(137, {fromClient(variant(47, '\x28'))})));   // type 0x0028
        QVERIFY(!run(*nb, udp(137, {fromClient(variant(49, '\x03'))})));   // class CH
        QVERIFY(!run(*nb, udp(137, {fromClient(kNbRegistration.substr(0, 50))}))); // the announced record is missing
        // Over TCP only the session service is read, and a name query is not a session message.
        QVERIFY(!run(*nb, tcp(137, {fromClient(kNbQuery)})));
    }

    void netbiosDatagram()
    {
        const auto nb = &detectorNamed("NetBIOS", 17);
        const auto d = run(*nb, udp(138, {fromClient(kNbDatagram)}));
        QVERIFY(d.has_value());
        QCOMPARE(confidenceOf(d), Confidence::Medium);
        QCOMPARE(meta(d, "netbios.service"), std::string("datagram"));
        QCOMPARE(meta(d, "netbios.opcode"), std::string("direct group"));
        QCOMPARE(meta(d, "netbios.name"), std::string("NVR9<20>"));
        QCOMPARE(meta(d, "netbios.destination"), std::string("VIGILANT_GROUP<1d>"));
        QCOMPARE(meta(d, "netbios.source"), std::string("10.0.5.9:138"));
        QCOMPARE(meta(d, "netbios.payload"), std::string("SMB"));
        QVERIFY(d && d->evidence.length == 82); // 14-byte header and two 34-byte names
        QVERIFY(says(d, "NetBIOS direct group datagram from 'NVR9<20>' (10.0.5.9:138) to 'VIGILANT_GROUP<1d>'"));
        QVERIFY(survivesEveryTruncation(*nb, 17, 138, {fromClient(kNbDatagram)}));

        const auto zero = run(*nb, udp(138, {fromClient(kNbDatagramPortZero)}));
        QVERIFY(zero.has_value());
        QCOMPARE(meta(zero, "netbios.name"), std::string("MACBOOKAIR-E1D0<00>"));
        QCOMPARE(meta(zero, "netbios.destination"), std::string("WORKGROUP<1d>"));
        QCOMPARE(meta(zero, "netbios.source"), std::string("192.168.5.45:0"));

        // Query request (0x14): the destination name is the whole message.
        const std::string query = hex("1402 0001 c0a80001 008a 20 464845504643454c45484643455046464641434143414341434143414341424e 00");
        const auto q = run(*nb, udp(138, {fromClient(query)}));
        QCOMPARE(meta(q, "netbios.opcode"), std::string("query request"));
        QCOMPARE(meta(q, "netbios.name"), std::string("WORKGROUP<1d>"));
    }

    void netbiosDatagramNegatives()
    {
        const auto nb = &detectorNamed("NetBIOS", 17);
        auto variant = [](std::size_t at, char value) {
            std::string s = kNbDatagram;
            s[at] = value;
            return s;
        };
        QVERIFY(!run(*nb, udp(138, {fromClient(variant(0, '\x17'))})));  // message type 0x17
        QVERIFY(!run(*nb, udp(138, {fromClient(variant(1, '\x1e'))})));  // reserved flag bits
        QVERIFY(!run(*nb, udp(138, {fromClient(variant(11, '\xa0'))}))); // DGM_LENGTH shorter than the datagram
        QVERIFY(!run(*nb, udp(138, {fromClient(variant(13, '\x01'))}))); // first fragment at an offset
        QVERIFY(!run(*nb, udp(138, {fromClient(variant(20, '\xb6'))}))); // a corrupt source name
        QVERIFY(!run(*nb, udp(138, {fromClient(kNbDatagram + "x")})));
        QVERIFY(!run(*nb, udp(138, {fromClient(hex("13 02 0001 c0a80001 008a 82"))}))); // an error names no one
        const std::string query = hex("1402 0001 c0a80001 008a 20 464845504643454c45484643455046464641434143414341434143414341424e 00");
        QVERIFY(!run(*nb, udp(138, {fromClient(query + "x")})));
    }

    void netbiosAndDnsStayApart()
    {
        const auto nb = &detectorNamed("NetBIOS", 17);
        for (const auto &bytes : {kWwwExampleQuery, kControlQuery, kInverseQuery})
            QVERIFY(!run(*nb, udp(137, {fromClient(bytes)})));
        QVERIFY(!run(*nb, udp(137, {fromClient(kControlQuery), fromServer(kControlResponse)})));
        const auto dns = &detectorNamed("DNS");
        const auto mdns = &detectorNamed("MDNS");
        const auto llmnr = &detectorNamed("LLMNR");
        for (const auto &bytes : {kNbQuery, kNbstatQuery, kNbstatResponse, kNbPositiveResponse, kNbRegistration, kNbstatToPort53}) {
            for (const Detector *detector : {dns, mdns, llmnr}) {
                const auto d = run(*detector, udp(53, {fromClient(bytes)}));
                if (d) qWarning("%s claimed NetBIOS bytes: %s", d->protocol.c_str(), d->evidence.sentence.c_str());
                QVERIFY(!d);
            }
        }
        // The registry: each on its own port, and NetBIOS bytes stay NetBIOS wherever they go
        // (netbios_wildcard_dns_query.pcap sends an NBSTAT query to 53/udp).
        QCOMPARE(detectedProtocol(udp(137, {fromClient(kNbQuery)})), std::string("NetBIOS"));
        QCOMPARE(detectedProtocol(udp(137, {fromClient(kNbstatQuery), fromServer(kNbstatResponse)})), std::string("NetBIOS"));
        QCOMPARE(detectedProtocol(udp(138, {fromClient(kNbDatagram)})), std::string("NetBIOS"));
        QCOMPARE(detectedProtocol(udp(53, {fromClient(kNbstatToPort53)})), std::string("NetBIOS"));
        QCOMPARE(detectedProtocol(udp(137, {fromClient(kWwwExampleQuery)})), std::string("DNS"));
    }

    void netbiosSessions()
    {
        const auto netbios = &detectorNamed("NetBIOS", 6);
        auto d = run(*netbios, tcp(139, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("NetBIOS"));
        QCOMPARE(d->confidence, Confidence::Medium); // SMB may still follow
        QCOMPARE(meta(d, "netbios.called"), std::string("IBIFHQ11WS023<20>"));
        QCOMPARE(meta(d, "netbios.calling"), std::string("ROSFHQ07WS004<00>"));
        QCOMPARE(meta(d, "netbios.response"), std::string("positive"));
        QCOMPARE(d->evidence.length, 72u);
        // The session carries something other than SMB: High.
        d = run(*netbios, tcp(139, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive),
                                    fromClient(hex("00 00 00 04 01 02 03 04"))}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        // A lone 4-byte response is a magic number: Low. A negative response is reported.
        d = run(*netbios, tcp(139, {fromServer(kNetbiosPositive)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
        d = run(*netbios, tcp(139, {fromClient(kNetbiosSessionRequest), fromServer(hex("83 00 00 01 82"))}));
        QCOMPARE(meta(d, "netbios.response"), std::string("negative: called name not present"));
        // Names must be in first-level encoding ('A'-'P').
        std::string badName = kNetbiosSessionRequest;
        badName[6] = 'Z';
        QVERIFY(!run(*netbios, tcp(139, {fromClient(badName)})));
        QVERIFY(!run(*netbios, tcp(139, {fromClient(kHttpRequest)})));
        QVERIFY(survivesEveryTruncation(*netbios, 6, 139, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive)}));
    }
};

PORTLENS_REGISTER_TEST(TestNetbiosDetector)
#include "tst_netbios_detector.moc"
