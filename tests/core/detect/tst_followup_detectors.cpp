// Follow-up detectors and fixes found by the nDPI comparison (tools/compare-ndpi.py):
// - NetBIOS over UDP: name service (137/udp) and datagram service (138/udp), netbios_udp_detector.cpp;
// - DNS inverse queries (opcode 1) and names with control bytes in a label;
// - MQTT seen mid-session (the capture starts after CONNECT);
// - BitTorrent uTP seen after its SYN.
// Positive cases use payload bytes taken with tshark (-T fields -e udp.payload / tcp.payload) from
// the nDPI test corpus; negatives are noise, near misses and the other DNS-wire protocols.
#include "detector_test_support.h"

#include <memory>

using namespace portlens;
using namespace portlens::test;

namespace {

Confidence confidenceOf(const std::optional<Detection> &d) { return d ? d->confidence : Confidence{}; }

std::string sentenceOf(const std::optional<Detection> &d) { return d ? d->evidence.sentence : std::string(); }

bool says(const std::optional<Detection> &d, const char *needle)
{
    const bool found = sentenceOf(d).find(needle) != std::string::npos;
    if (!found) qWarning("evidence sentence lacks '%s': '%s'", needle, sentenceOf(d).c_str());
    return found;
}

// Deterministic noise (xorshift32), standing in for encrypted or compressed payloads.
std::string noise(std::uint32_t &state, std::size_t n)
{
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        out += static_cast<char>(state & 0xFFu);
    }
    return out;
}

// --- NetBIOS name service (137/udp) ------------------------------------------------------------

// netbios.pcap frame 1: broadcast name query NB for XSTREAM_HY<00> (flags 0x0110: RD, B).
const std::string kNbQuery =
    hex("a749 0110 0001 0000 0000 0000 20 464946444645464345464542454e46504549464a43414341434143414341414100 0020 0001");
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

// --- NetBIOS datagram service (138/udp) --------------------------------------------------------

// netbios.pcap frame 20: direct group datagram from NVR9<20> (10.0.5.9:138) to VIGILANT_GROUP<1d>,
// carrying an SMB \MAILSLOT\BROWSE host announcement.
const std::string kNbDatagram = hex(
    "110ec2f40a000509008a00bb000020454f46474643444a43414341434143414341434143414341434143414341434100204647454a4548454a"
    "454d4542454f46454650454846434550464646414341424e00ff534d42250000000000000000000000000000000000000000000000000000"
    "0011000021000000000000000000e803000000000000000021005600030001000000020032005c4d41494c534c4f545c42524f5753450001"
    "0080fc0a004e5652390000000000000000000000000601071001000f0155aa00");
// 1kxun.pcap frame 659: Get Backup List request from MACBOOKAIR-E1D0<00> (source port 0) to WORKGROUP<1d>.
const std::string kNbDatagramPortZero = hex(
    "110245eec0a8052d000000a0000020454e45424544454345504550454c4542454a4643434e454644424545444141410020464845504643454c"
    "45484643455046464641434143414341434143414341424e00ff534d4225000000000000000000000000000000000000000000d5340000ed45"
    "110000060000000000000002000000000000000000000006005600030001000100020017005c4d41494c534c4f545c42524f575345000904"
    "ec450000");

// --- DNS -----------------------------------------------------------------------------------------

// dns_invert_query.pcapng: an inverse query (opcode 1) with no question and one answer record
// (owner 216.58.202.4, type A), and the server's bare NOTIMP answer.
const std::string kInverseQuery = hex("77fc 0900 0000 0001 0000 0000 03323136 023538 03323032 0134 00 0001 0001 00000000 0000");
const std::string kInverseNotImp = hex("77fc 8984 0000 0000 0000 0000");
// dns-invalid-chars.pcap: a query whose label holds 04 05 06, answered for a name with 01 02 03.
const std::string kControlQuery = hex(
    "9f6c010000010000000000000377777717616c6c796f7572626104050661726562656c6f6e67746f02636e0000010001");
const std::string kControlResponse = hex(
    "9f6c818000010001000000000377777717616c6c796f757262617365736172650102036f6e67746f02636e0000010001c00c000100010000"
    "003c000413b98df1");
// A plain DNS query (hand-written: www.example.com, A).
const std::string kDnsQuery = hex("1234 0100 0001 0000 0000 0000 03777777 076578616d706c65 03636f6d 00 0001 0001");

// --- MQTT ----------------------------------------------------------------------------------------

// coap_mqtt.pcap, a session on 17501/tcp captured after its CONNECT: PINGREQ (frame 20), PUBACK
// (frame 52) and a QoS 1 PUBLISH to Bus17Info (frame 66) from the client; PINGRESP (frame 21), a
// QoS 1 PUBLISH to Bus17Cmd (frame 44) and a PUBACK (frame 68) from the server.
const std::string kPingreq = hex("c000");
const std::string kPingresp = hex("d000");
const std::string kClientPuback = hex("40020002");
const std::string kClientPublish = hex(
    "333a00094275733137496e666f00045570646174652074726967676572656420467269204665622031392032303a34313a313120454554"
    "2032303136");
const std::string kServerPublish = hex(
    "325400084275733137436d6400027b226d65737361676554797065223a22555044415445222c226d657373616765436f6e74656e74223a"
    "22467269204665622031392032303a34313a3131204545542032303136227d");
const std::string kServerPuback = hex("40020004");

// --- uTP -----------------------------------------------------------------------------------------

// lru_ipv6_caches.pcapng, 6881 -> 60506/udp, captured after the SYN: ST_STATE packets (frames 16,
// 17, 20, 26) of connection 0xacd2, then ST_DATA (frames 43 and 45).
const std::string kUtpState1 = hex("2100acd2f82a43d2baf0f0fc00100000d4496c42");
const std::string kUtpState2 = hex("2100acd2f82a483dbaf0ee4200100000d4496c43");
const std::string kUtpState3 = hex("2100acd2f830a098baf0ede600100000d4496c45");
const std::string kUtpState4 = hex("2100acd2f836f2d2baf0eb2f00100000d4496c46");
const std::string kUtpData1 = hex("0100acd2f860e5adbaf0eb2f00100000d4496c460000015f1401");
const std::string kUtpData2 = hex(
    "0100acd2f8708cb4baf0eedf00100000d44b6c460000001b140264383a6d73675f74797065693065353a706965636569306565");

std::vector<Turn> utpRun() { return {fromClient(kUtpState1), fromClient(kUtpState2), fromClient(kUtpState3)}; }

} // namespace

class TestFollowupDetectors : public QObject {
    Q_OBJECT

private slots:
    // --- NetBIOS name service --------------------------------------------------------------------

    void netbiosNameQuery()
    {
        const auto nb = makeNetbiosUdpDetector();
        QCOMPARE(std::string(nb->name()), std::string("NetBIOS"));
        QVERIFY(nb->handlesUdp() && !nb->handlesTcp());
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
        const auto nb = makeNetbiosUdpDetector();
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
        const auto nb = makeNetbiosUdpDetector();
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
        const auto nb = makeNetbiosUdpDetector();
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
        const auto nb = makeNetbiosUdpDetector();
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
        // Over TCP the session service (smb_detector.cpp) is in charge.
        QVERIFY(!run(*nb, tcp(137, {fromClient(kNbQuery)})));
    }

    // --- NetBIOS datagram service ----------------------------------------------------------------

    void netbiosDatagram()
    {
        const auto nb = makeNetbiosUdpDetector();
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
        const auto nb = makeNetbiosUdpDetector();
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

    // --- NetBIOS and the DNS-wire protocols ------------------------------------------------------

    void netbiosAndDnsStayApart()
    {
        const auto nb = makeNetbiosUdpDetector();
        for (const auto &bytes : {kDnsQuery, kControlQuery, kInverseQuery})
            QVERIFY(!run(*nb, udp(137, {fromClient(bytes)})));
        QVERIFY(!run(*nb, udp(137, {fromClient(kControlQuery), fromServer(kControlResponse)})));
        const auto dns = makeDnsDetector();
        const auto mdns = makeMdnsDetector();
        const auto llmnr = makeLlmnrDetector();
        for (const auto &bytes : {kNbQuery, kNbstatQuery, kNbstatResponse, kNbPositiveResponse, kNbRegistration, kNbstatToPort53}) {
            for (const Detector *detector : {dns.get(), mdns.get(), llmnr.get()}) {
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
        QCOMPARE(detectedProtocol(udp(137, {fromClient(kDnsQuery)})), std::string("DNS"));
    }

    // --- DNS -------------------------------------------------------------------------------------

    void dnsInverseQuery()
    {
        const auto dns = makeDnsDetector();
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
        const auto dns = makeDnsDetector();
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
        const auto dns = makeDnsDetector();
        const auto d = run(*dns, udp(53, {fromClient(kControlQuery), fromServer(kControlResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(confidenceOf(d), Confidence::Medium); // the answer is for another name
        QCOMPARE(meta(d, "dns.query"), std::string("www.allyourba???arebelongto.cn"));
        QCOMPARE(meta(d, "dns.name_control_bytes"), std::string("yes"));
        QCOMPARE(meta(d, "dns.rcode"), std::string("NOERROR"));
        QVERIFY(survivesEveryTruncation(*dns, 17, 53, {fromClient(kControlQuery), fromServer(kControlResponse)}));
        const auto answer = run(*dns, udp(53, {fromServer(kControlResponse)}));
        QCOMPARE(meta(answer, "dns.query"), std::string("www.allyourbasesare???ongto.cn"));
        QCOMPARE(meta(run(*dns, udp(53, {fromClient(kDnsQuery)})), "dns.name_control_bytes"), std::string());

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

    // --- MQTT mid-session ------------------------------------------------------------------------

    void mqttMidSession()
    {
        const auto mqtt = makeMqttDetector();
        const std::vector<Turn> turns{fromClient(kPingreq), fromServer(kPingresp), fromServer(kServerPublish),
                                      fromClient(kClientPuback), fromClient(kClientPublish), fromServer(kServerPuback)};
        const auto d = run(*mqtt, tcp(17501, turns));
        QVERIFY(d.has_value());
        QCOMPARE(confidenceOf(d), Confidence::Medium);
        QCOMPARE(meta(d, "mqtt.mid_session"), std::string("yes"));
        QCOMPARE(meta(d, "mqtt.topic"), std::string("Bus17Info"));
        QVERIFY(says(d, "The client's first 66 bytes are exactly 3 well-formed MQTT control packets (PINGREQ, PUBACK, PUBLISH)"));
        QVERIFY(d && d->evidence.direction == Direction::ToServer && d->evidence.length == 66);
        QVERIFY(survivesEveryTruncation(*mqtt, 6, 17501, turns));

        // One packet per side is not enough; the server's two are.
        QVERIFY(!run(*mqtt, tcp(17501, {fromClient(kPingreq), fromServer(kPingresp)})));
        const auto server = run(*mqtt, tcp(17501, {fromClient(kPingreq), fromServer(kPingresp + kServerPublish)}));
        QCOMPARE(confidenceOf(server), Confidence::Medium);
        QCOMPARE(meta(server, "mqtt.topic"), std::string("Bus17Cmd"));
        QVERIFY(says(server, "The server's first"));
        QVERIFY(run(*mqtt, tcp(17501, {fromClient(kPingreq + kPingreq)})).has_value());
        QVERIFY(run(*mqtt, tcp(17501, {fromClient(kClientPuback + hex("e000"))})).has_value()); // then DISCONNECT
        QCOMPARE(detectedProtocol(tcp(17501, turns)), std::string("MQTT"));
    }

    void mqttMidSessionNegatives()
    {
        const auto mqtt = makeMqttDetector();
        auto client = [&](const std::string &bytes) { return run(*mqtt, tcp(17501, {fromClient(bytes)})); };
        QVERIFY(!client(kPingreq + kClientPuback + "\x01"));          // a byte left over
        QVERIFY(!client(kPingreq + kClientPublish.substr(0, 20)));    // the PUBLISH cut short
        QVERIFY(!client(kPingreq + hex("c001 00")));                  // PINGREQ with a body
        QVERIFY(!client(kPingreq + hex("40020000")));                 // packet identifier 0
        QVERIFY(!client(kPingreq + hex("42020001")));                 // PUBACK with flags
        QVERIFY(!client(kPingreq + hex("3607 0003 612f62 0001")));    // PUBLISH QoS 3
        QVERIFY(!client(kPingreq + hex("3805 0003 612f62")));         // DUP on QoS 0
        QVERIFY(!client(kPingreq + hex("3005 0003 612f2b")));         // a wildcard in a topic name
        QVERIFY(!client(kPingreq + hex("3004 0000 6869")));           // an empty topic
        QVERIFY(!client(kPingreq + hex("3005 0003 610a62")));         // a control byte in the topic
        QVERIFY(!client(kPingreq + hex("f000")));                     // AUTH is not expected here
        QVERIFY(!client(kPingreq + hex("10 00")));                    // nor CONNECT
        QVERIFY(!client("0 PUBLISH text\r\n0 PUBLISH text\r\n"));
        QVERIFY(!client(kPingreq + hex("e001 05")));                  // DISCONNECT with reason 5
    }

    // --- uTP mid-connection ----------------------------------------------------------------------

    void utpMidConnection()
    {
        const auto bt = makeBitTorrentDetector();
        const auto d = run(*bt, udp(60506, utpRun()));
        QVERIFY(d.has_value());
        QCOMPARE(confidenceOf(d), Confidence::Medium);
        QCOMPARE(meta(d, "bittorrent.transport"), std::string("uTP"));
        QVERIFY(says(d, "the client's first 3 datagrams are uTP packets (ST_STATE, ST_STATE, ST_STATE) of connection 0xacd2"));
        QVERIFY(survivesEveryTruncation(*bt, 17, 60506, utpRun()));

        const std::vector<Turn> longer{fromClient(kUtpState1), fromClient(kUtpState2), fromClient(kUtpState3),
                                       fromClient(kUtpState4), fromClient(kUtpData1),  fromClient(kUtpData2)};
        QVERIFY(run(*bt, udp(60506, longer)).has_value());
        QVERIFY(survivesEveryTruncation(*bt, 17, 60506, longer));
        QCOMPARE(detectedProtocol(udp(60506, longer)), std::string("BitTorrent"));

        // Both sides, their connection IDs one apart (hand-written answer: ST_STATE on 0xacd3).
        std::vector<Turn> both = utpRun();
        for (const char *state : {"2100acd3 00000010 00000000 00100000 6c43d449", "2100acd3 00000020 00000000 00100000 6c44d449",
                                  "2100acd3 00000030 00000000 00100000 6c45d449"})
            both.push_back(fromServer(hex(state)));
        QCOMPARE(confidenceOf(run(*bt, udp(60506, both))), Confidence::High);
    }

    void utpMidConnectionNegatives()
    {
        const auto bt = makeBitTorrentDetector();
        QVERIFY(!run(*bt, udp(60506, {fromClient(kUtpState1), fromClient(kUtpState2)}))); // two are not enough
        auto withThird = [&](const std::string &third) {
            return run(*bt, udp(60506, {fromClient(kUtpState1), fromClient(kUtpState2), fromClient(third)}));
        };
        auto variant = [](std::size_t at, char value) {
            std::string s = kUtpState3;
            s[at] = value;
            return s;
        };
        QVERIFY(!withThird(variant(3, '\xd3')));           // another connection
        QVERIFY(!withThird(variant(5, '\x00')));           // the clock went back
        QVERIFY(!withThird(variant(16, '\xd5')));          // seq_nr jumped
        QVERIFY(!withThird(variant(0, '\x22')));           // version 2
        QVERIFY(!withThird(variant(0, '\x51')));           // type 5
        QVERIFY(!withThird(variant(0, '\x41')));           // an ST_SYN after the start
        QVERIFY(!withThird(variant(1, '\x01')));           // an extension that is not there
        QVERIFY(!withThird(kUtpState3 + "data"));          // ST_STATE carries no payload
        QVERIFY(!withThird(kUtpData1.substr(0, 20)));      // ST_DATA without payload
        // The same header three times: a clock that never moves is no uTP sender.
        QVERIFY(!run(*bt, udp(60506, {fromClient(kUtpState1), fromClient(kUtpState1), fromClient(kUtpState1)})));
    }

    // --- noise -----------------------------------------------------------------------------------

    void noiseNeverMatches()
    {
        std::uint32_t state = 0x9E3779B9u;
        const std::vector<std::unique_ptr<Detector>> detectors = [] {
            std::vector<std::unique_ptr<Detector>> v;
            v.push_back(makeNetbiosUdpDetector());
            v.push_back(makeDnsDetector());
            v.push_back(makeMqttDetector());
            v.push_back(makeBitTorrentDetector());
            return v;
        }();
        for (int round = 0; round < 300; ++round) {
            for (std::size_t length : {2u, 4u, 12u, 20u, 34u, 50u, 68u, 120u, 300u}) {
                // One datagram (or TCP turn) per side, and runs of several datagrams per side.
                const std::vector<std::vector<Turn>> shapes{
                    {fromClient(noise(state, length)), fromServer(noise(state, length))},
                    {fromClient(noise(state, length)), fromClient(noise(state, length)), fromClient(noise(state, length)),
                     fromServer(noise(state, length)), fromServer(noise(state, length)), fromServer(noise(state, length))}};
                for (const auto &turns : shapes) {
                    for (std::uint8_t transport : {std::uint8_t{6}, std::uint8_t{17}}) {
                        const Connection c = makeConnection(transport, 51000, 40000, turns);
                        for (const auto &detector : detectors) {
                            if (transport == 6 ? !detector->handlesTcp() : !detector->handlesUdp()) continue;
                            const auto d = run(*detector, c);
                            if (d) qWarning("%s matched noise: %s", d->protocol.c_str(), d->evidence.sentence.c_str());
                            QVERIFY(!d);
                        }
                    }
                }
            }
        }
    }

    // Noise that starts like the real thing: a NetBIOS header and name length, an MQTT PINGREQ,
    // a uTP type byte, followed by random bytes.
    void noiseBehindPlausibleStarts()
    {
        std::uint32_t state = 0x1234567u;
        const auto nb = makeNetbiosUdpDetector();
        const auto mqtt = makeMqttDetector();
        const auto bt = makeBitTorrentDetector();
        for (int round = 0; round < 2000; ++round) {
            const std::string name = kNbQuery.substr(0, 13) + noise(state, 37);
            QVERIFY(!run(*nb, udp(137, {fromClient(name)})));
            const std::string datagram = kNbDatagram.substr(0, 15) + noise(state, 186);
            QVERIFY(!run(*nb, udp(138, {fromClient(datagram)})));
            const std::string session = kPingreq + noise(state, 2 + static_cast<std::size_t>(round % 40));
            QVERIFY(!run(*mqtt, tcp(1883, {fromClient(session)})));
            std::vector<Turn> utp;
            for (int i = 0; i < 3; ++i) utp.push_back(fromClient(hex("2100") + noise(state, 18)));
            QVERIFY(!run(*bt, udp(6881, utp)));
        }
    }
};

QTEST_GUILESS_MAIN(TestFollowupDetectors)
#include "tst_followup_detectors.moc"
