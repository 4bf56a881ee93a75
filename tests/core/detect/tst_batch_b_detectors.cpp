// Batch B detectors (DNS, mDNS, LLMNR, NTP, DHCP, TFTP, Syslog, SSDP, SIP, BGP, MQTT): positive
// cases from real captures (payload bytes taken with tshark from the nDPI test corpus) and
// hand-written messages, negatives, every truncation, metadata, and the registry's choice
// between the DNS-wire protocols by bytes first and port second.
#include "detector_test_support.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;

namespace {

std::string zeros(std::size_t n) { return std::string(n, '\0'); }

// A string literal with embedded NULs, all of it but the terminating one.
template <std::size_t N>
std::string bytes(const char (&literal)[N])
{
    return std::string(literal, N - 1);
}

Confidence confidenceOf(const std::optional<Detection> &d) { return d ? d->confidence : Confidence{}; }

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

std::string contains(const std::optional<Detection> &d, const char *needle)
{
    return d && d->evidence.sentence.find(needle) != std::string::npos ? "yes" : d ? d->evidence.sentence : "no detection";
}

// --- DNS family ------------------------------------------------------------------------------

// iphone.pcap: a stub resolver's A query and the resolver's answer (CNAME + 8 A records).
const std::string kDnsQuery = hex("95d301000001000000000000137032362d6b657976616c7565736572766963650669636c6f756403636f6d0000010001");
const std::string kDnsResponse = hex(
    "95d381800001000900000000137032362d6b657976616c7565736572766963650669636c6f756403636f6d0000010001c00c0005000100"
    "00119600220f6b657976616c756573657276696365026665096170706c652d646e73036e657400c03c0001000100000035000411f8b957"
    "c03c0001000100000035000411f8b926c03c0001000100000035000411f8b927c03c0001000100000035000411f8b90ac03c0001000100"
    "000035000411f883abc03c0001000100000035000411f8b967c03c0001000100000035000411f8b984c03c0001000100000035000411f8"
    "b98d");

// Hand-written AXFR over TCP: "00 1d" length prefix, query for example.com type AXFR; the
// server's first message carries the zone's SOA.
const std::string kAxfrQuery = hex("001d abcd 0000 0001 0000 0000 0000 07 6578616d706c65 03 636f6d 00 00fc 0001");
const std::string kAxfrResponse = hex("0050 abcd 8400 0001 0001 0000 0000 07 6578616d706c65 03 636f6d 00 00fc 0001"
                                      "c00c 0006 0001 00000e10 0027 03 6e7331 c00c 0a 686f73746d6173746572 c00c"
                                      "7849a101 00000e10 00000708 00127500 00000e10");

// dns_fragmented.pcap: DNSKEY query over TCP with an EDNS OPT record.
const std::string kDnsTcpQuery =
    hex("003480e4012000010000000000010877656265726c61620264650000300001000029100000008000000c000a00081b9af622ab2c9740");

// iphone.pcap: a DNS-SD browse from 5353 to 5353: ID 0, 17 questions under .local, one known answer, OPT.
const std::string kMdnsBrowse = hex(
    "000000000011000100000001085f616972706f7274045f746370056c6f63616c00000c00010f5f636f6d70616e696f6e2d6c696e6bc015"
    "000c00010d5f6170706c652d6d6f62646576c015000c0001083866623230376465045f7375620e5f6170706c652d6d6f6264657632c015"
    "000c00010f5f6170706c652d7061697261626c65c015000c00010b5f676f6f676c6563617374c015000c0001065f757363616ec015000c"
    "0001075f757363616e73c015000c0001075f697070757362c015000c0001085f7363616e6e6572c015000c0001045f697070c015000c00"
    "01055f69707073c015000c0001085f7072696e746572c015000c00010f5f70646c2d6461746173747265616dc015000c0001045f707470"
    "c015000c0001045f726662c015000c0001065f616469736bc015000c0001c025000c000100000e0a00100d4c756361e280997320694d61"
    "63c02500002905a00000119400120004000e0000c42c030649fec62c03606a64");

// telegram.pcap: a Sonos speaker announcing its Spotify Connect service (no question, cache-flush bits).
const std::string kMdnsAnnouncement = hex(
    "000084000000000100000003105f73706f746966792d636f6e6e656374045f746370056c6f63616c00000c000100000078002f11736f6e"
    "6f73373832384341303546414343105f73706f746966792d636f6e6e656374045f746370056c6f63616c0011736f6e6f73373832384341"
    "303546414343105f73706f746966792d636f6e6e656374045f746370056c6f63616c000010800100001194001d0b56455253494f4e3d31"
    "2e301043506174683d2f73706f746966797a6311736f6e6f73373832384341303546414343105f73706f746966792d636f6e6e65637404"
    "5f746370056c6f63616c000021800100000078001f00000000057811736f6e6f73373832384341303546414343056c6f63616c0011736f"
    "6e6f73373832384341303546414343056c6f63616c0000018001000000780004c0a80145");

// Hand-written: a one-shot mDNS query asking for a unicast answer (QU bit: class 0x8001).
const std::string kMdnsQu = hex("0000 0000 0001 0000 0000 0000 09 5f7365727669636573 07 5f646e732d7364 04 5f756470"
                                "05 6c6f63616c 00 000c 8001");

// A query for a .local name with a random ID and no RD bit: plain DNS and mDNS alike.
const std::string kPrinterLocal = hex("3c5a 0000 0001 0000 0000 0000 07 7072696e746572 05 6c6f63616c 00 0001 0001");

// 1kxun.pcap: Windows asking LLMNR for "jason-PC" (type ANY).
const std::string kLlmnrQueryJason = hex("e6a100000001000000000000086a61736f6e2d50430000ff0001");
// Hand-written: LLMNR query for "wpad" and the answer.
const std::string kLlmnrQuery = hex("a1b2 0000 0001 0000 0000 0000 04 77706164 00 0001 0001");
const std::string kLlmnrResponse =
    hex("a1b2 8000 0001 0001 0000 0000 04 77706164 00 0001 0001 c00c 0001 0001 0000001e 0004 c0a8010a");

// --- the others ------------------------------------------------------------------------------

// NTPv4.pcap: ntpd as a client (0x23: version 4, mode 3); hand-written: a stratum-1 answer
// whose origin timestamp is the client's transmit timestamp.
const std::string kNtpClient =
    hex("230207eb00000450000003ab83bc03dfd94f51c33165b860d944575530336fd0d944575531b4e978d94f51f42d26e2f4");
const std::string kNtpServer = hex("240107e9 00000000 00000010 47505300 d94f51f000000000 d94f51f42d26e2f4"
                                   "d94f51f430000000 d94f51f430001000");
// NTPv3.pcap: a server reply (0x1c: version 3, mode 4, stratum 0).
const std::string kNtpV3Server = hex("1c0004fa00000000000000000000000000000000000000000000000000000000d94f4f1100000000d94f4f1100000000");
// ntpdc's monlist request (mode 7, implementation 3, request 42), padded to 48 bytes, and a one-entry answer.
const std::string kNtpMonlist = hex("1700032a 00000000") + zeros(40);
const std::string kNtpMonlistReply = hex("9700032a 00010048") + zeros(72);

// iphone.pcap: DHCPDISCOVER from "Lucas-iMac".
const std::string kDhcpDiscover = hex("01010600 78544709 001b0000 00000000 00000000 00000000 00000000 d8306256001c") +
                                  zeros(10 + 64 + 128) +
                                  hex("63825363 350101 370a017903060f77fc5f2c2e 390205dc 3d0701d8306256001c 33040076a700"
                                      "0c0a4c756361732d694d6163 ff") +
                                  zeros(13);
// Hand-written DHCPOFFER of 192.168.1.23 to that client.
const std::string kDhcpOffer = hex("02010600 78544709 00000000 00000000 c0a80117 c0a80101 00000000 d8306256001c") +
                               zeros(10 + 64 + 128) + hex("63825363 350102 3604c0a80101 330400000e10 0104ffffff00 ff");

// tftp.pcap: read request for rfc1350.txt, then (another conversation) DATA block 1 and its ACK.
const std::string kTftpRrq = hex("0001726663313335302e747874006f6374657400");
const std::string kTftpData = hex("00030001") + "\n\n\n\n\n\nNetwork Working Group                K. Sollins\n";
const std::string kTftpAck = hex("00040001");

// syslog.pcap: a router's RFC 3164 message and a storage switch's own layout.
const std::string kSyslog3164 = "<26>Jan 01 00:01:47 nb6 nbd: 01=7;03=95.136.242.54;04=NB6-FXC-r2;05=E0A1D718C270;06=107";
const std::string kSyslogOther = "<134>854 08/20/2013-19:05:23 CONFIG QLA23XX PCIDEV03 DiscLoopId qla23xxStMachRunning\n";
// RFC 5424 section 6.5, example 3.
const std::string kSyslog5424 = "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                                "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] An application event log entry...";

// ssdp-m-search-ua.pcap and anyconnect-vpn.pcap: Chrome looking for DIAL devices, a Roku answering.
const std::string kSsdpSearch = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\n"
                                "ST: urn:dial-multiscreen-org:service:dial:1\r\nUSER-AGENT: Google Chrome/99.0.4844.74 Mac OS X\r\n\r\n";
const std::string kSsdpResponse =
    "HTTP/1.1 200 OK\r\nCache-Control: max-age=3600\r\nST: urn:dial-multiscreen-org:service:dial:1\r\n"
    "USN: uuid:295c0004-6807-106d-80cf-d831342077fb::urn:dial-multiscreen-org:service:dial:1\r\nExt: \r\n"
    "Server: Roku UPnP/1.0 Roku/9.1.0\r\nLOCATION: http://10.0.0.151:8060/dial/dd.xml\r\n"
    "WAKEUP: MAC=d8:31:34:20:77:fb;Timeout=10\r\n\r\n";
const std::string kSsdpNotify = "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n"
                                "LOCATION: http://192.168.1.1:5000/rootDesc.xml\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n"
                                "SERVER: Linux/5.4 UPnP/1.1 MiniUPnPd/2.2\r\nUSN: uuid:a1b2c3d4::upnp:rootdevice\r\n\r\n";

// sip.pcap: a soft phone registering and the registrar's challenge.
const std::string kSipRegister =
    "REGISTER sip:sip.cybercity.dk SIP/2.0\r\nVia: SIP/2.0/UDP 192.168.1.2;branch=z9hG4bKnp151248737-46ea715e192.168.1.2;rport\r\n"
    "From: <sip:voi18063@sip.cybercity.dk>;tag=903df0a\r\nTo: <sip:voi18063@sip.cybercity.dk>\r\n"
    "Call-ID: 578222729-4665d775@578222732-4665d772\r\nContact:  <sip:voi18063@192.168.1.2:5060;line=9c7d2dbd8822013c>;expires=1200;q=0.500\r\n"
    "Expires: 1200\r\nCSeq: 68 REGISTER\r\nContent-Length: 0\r\nMax-Forwards: 70\r\nUser-Agent: Nero SIPPS IP Phone Version 2.0.51.16\r\n\r\n";
const std::string kSip401 =
    "SIP/2.0 401 Unauthorized\r\nCall-ID: 578222729-4665d775@578222732-4665d772\r\nCSeq: 68 REGISTER\r\n"
    "From: <sip:voi18063@sip.cybercity.dk>;tag=903df0a\r\nTo: <sip:voi18063@sip.cybercity.dk>;tag=00-04092-1701af62-120c67172\r\n"
    "Via: SIP/2.0/UDP 192.168.1.2;received=80.230.219.70;rport=5060;branch=z9hG4bKnp151248737-46ea715e192.168.1.2\r\n"
    "WWW-Authenticate: Digest realm=\"sip.cybercity.dk\",nonce=\"1701af566be182070084c6f740706bb\",algorithm=MD5\r\n"
    "Content-Length: 0\r\n\r\n";

// BGP_Cisco_hdlc_slarp.pcap: both OPENs (AS 1 and AS 64512, with 4-byte AS capabilities), then KEEPALIVEs.
const std::string kBgpMarker = "ffffffffffffffffffffffffffffffff";
const std::string kBgpKeepalive = hex(kBgpMarker + "0013 04");
const std::string kBgpOpenClient =
    hex(kBgpMarker + "00390104000100b40b0b0b0b1c02060104000100010202800002020200020246000206410400000001");
const std::string kBgpOpenServer =
    hex(kBgpMarker + "00390104fc0000b46e6e6e6e1c0206010400010001020280000202020002024600020641040000fc00");
// BGP_redist.pcap: an UPDATE with MP_REACH_NLRI.
const std::string kBgpUpdate = hex(
    kBgpMarker + "0073020000005c400101024002008004040000005640050400000064c010200002006400000457000500000001020080000000000003"
                 "008001ac1002010000800e210001800c00000000000000000202020200780001910000006400000064aa000000");

// mqtt.pcap: an MQTT 3.1 ("MQIsdp") CONNECT with user name and password, and the CONNACK.
const std::string kMqttConnect = hex("104000064d514973647003c20014001663626161626362616261636262626262616161616162000c3032443530"
                                     "35303232334433000c303244353035303232334433");
const std::string kMqttConnack = hex("20020000");

using Factory = std::unique_ptr<Detector> (*)();
const std::vector<Factory> kBatch{makeDnsDetector,  makeMdnsDetector,   makeLlmnrDetector, makeNtpDetector,
                                  makeDhcpDetector, makeTftpDetector,   makeSyslogDetector, makeSsdpDetector,
                                  makeSipDetector,  makeBgpDetector,    makeMqttDetector};

} // namespace

class TestBatchBDetectors : public QObject {
    Q_OBJECT

private slots:
    // --- DNS -------------------------------------------------------------------------------------

    void dnsQueryAndResponse()
    {
        const auto dns = makeDnsDetector();
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
        const auto dns = makeDnsDetector();
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
        const auto dns = makeDnsDetector();
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
        const auto dns = makeDnsDetector();
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
        const auto dns = makeDnsDetector();
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

    // --- mDNS and LLMNR ------------------------------------------------------------------------

    void mdnsBrowseAndAnnouncement()
    {
        const auto mdns = makeMdnsDetector();
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
        const auto mdns = makeMdnsDetector();
        // A .local query with a random ID could be either: same confidence as DNS.
        QCOMPARE(confidenceOf(run(*mdns, udp(5353, {fromClient(kPrinterLocal)}))), Confidence::Medium);
        QCOMPARE(confidenceOf(run(*makeDnsDetector(), udp(5353, {fromClient(kPrinterLocal)}))), Confidence::Medium);
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

    void llmnrQueryAndResponse()
    {
        const auto llmnr = makeLlmnrDetector();
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
        const auto llmnr = makeLlmnrDetector();
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
        for (Factory make : {makeDnsDetector, makeMdnsDetector, makeLlmnrDetector}) {
            const auto detector = make();
            QVERIFY(!run(*detector, udp(137, {fromClient(query), fromServer(answer)})));
            QVERIFY(!run(*detector, udp(137, {fromServer(answer)})));
            QVERIFY(!run(*detector, udp(137, {fromClient(nbstat)})));
        }
    }

    void mdnsNamesKeepUtf8()
    {
        const auto mdns = makeMdnsDetector();
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
        QVERIFY(!run(*makeDnsDetector(), udp(53, {fromClient(oddType)})));
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

    // --- NTP -------------------------------------------------------------------------------------

    void ntpClientAndServer()
    {
        const auto ntp = makeNtpDetector();
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
        const auto ntp = makeNtpDetector();
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
        const auto ntp = makeNtpDetector();
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

    // --- DHCP ------------------------------------------------------------------------------------

    void dhcpDiscoverAndOffer()
    {
        const auto dhcp = makeDhcpDetector();
        QVERIFY(dhcp->handlesUdp() && !dhcp->handlesTcp());
        const auto d = run(*dhcp, udp(67, {fromClient(kDhcpDiscover)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("DHCP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "dhcp.type"), std::string("DISCOVER"));
        QCOMPARE(meta(d, "dhcp.hostname"), std::string("Lucas-iMac"));
        QCOMPARE(meta(d, "dhcp.client_mac"), std::string("d8:30:62:56:00:1c"));
        QCOMPARE(d->evidence.length, 240u);
        QCOMPARE(contains(d, "magic cookie 63 82 53 63 at offset 236"), std::string("yes"));
        QVERIFY(survivesEveryTruncation(*dhcp, 17, 67, {fromClient(kDhcpDiscover)}));

        const auto offer = run(*dhcp, udp(68, {fromClient(kDhcpOffer)}));
        QVERIFY(offer.has_value());
        QCOMPARE(offer->confidence, Confidence::High);
        QCOMPARE(meta(offer, "dhcp.type"), std::string("OFFER"));
        QCOMPARE(meta(offer, "dhcp.your_ip"), std::string("192.168.1.23"));
        QCOMPARE(meta(offer, "dhcp.hostname"), std::string());
    }

    void dhcpPartialAndNegatives()
    {
        const auto dhcp = makeDhcpDetector();
        // BOOTP without DHCP options, and an OFFER sent as a request: structure, not a consistent message.
        std::string bootp = kDhcpDiscover.substr(0, 240) + hex("ff");
        QCOMPARE(confidenceOf(run(*dhcp, udp(67, {fromClient(bootp)}))), Confidence::Medium);
        QCOMPARE(meta(run(*dhcp, udp(67, {fromClient(bootp)})), "dhcp.type"), std::string("BOOTP"));
        std::string confused = kDhcpOffer;
        confused[0] = '\x01';
        QCOMPARE(confidenceOf(run(*dhcp, udp(67, {fromClient(confused)}))), Confidence::Medium);

        std::string cookie = kDhcpDiscover;
        cookie[236] = '\x64';
        QVERIFY(!run(*dhcp, udp(67, {fromClient(cookie)})));
        std::string op = kDhcpDiscover;
        op[0] = '\x03';
        QVERIFY(!run(*dhcp, udp(67, {fromClient(op)})));
        std::string hlen = kDhcpDiscover;
        hlen[2] = '\x20';
        QVERIFY(!run(*dhcp, udp(67, {fromClient(hlen)})));
        std::string type = kDhcpDiscover;
        type[242] = '\x30';
        QVERIFY(!run(*dhcp, udp(67, {fromClient(type)})));
        QVERIFY(!run(*dhcp, udp(67, {fromClient(kDnsResponse)})));
        QVERIFY(!run(*dhcp, udp(67, {fromClient(kDhcpDiscover.substr(0, 239))})));
    }

    // --- TFTP ------------------------------------------------------------------------------------

    void tftpRequests()
    {
        const auto tftp = makeTftpDetector();
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
        const auto tftp = makeTftpDetector();
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
        const auto tftp = makeTftpDetector();
        QVERIFY(!run(*tftp, udp(69, {fromClient(hex("0001006f6374657400"))}))); // tftp.pcap: no file name
        QVERIFY(!run(*tftp, udp(69, {fromClient(hex("0001") + bytes("a.bin\0binary\0"))})));
        QVERIFY(!run(*tftp, udp(69, {fromClient(hex("0001") + bytes("a\x01.bin\0octet\0"))})));
        QVERIFY(!run(*tftp, udp(69, {fromClient(hex("0003") + bytes("a.bin\0octet\0"))}))); // DATA block 0x612e
        QVERIFY(!run(*tftp, udp(69, {fromClient(hex("00050009") + bytes("x\0"))})));
        QVERIFY(!run(*tftp, udp(69, {fromClient(kDnsQuery)})));
        QVERIFY(!run(*tftp, udp(69, {fromClient(kSyslog3164)})));
    }

    // --- Syslog ----------------------------------------------------------------------------------

    void syslogFormats()
    {
        const auto syslog = makeSyslogDetector();
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
        const auto syslog = makeSyslogDetector();
        QVERIFY(!run(*syslog, udp(514, {fromClient("<192>Jan 01 00:01:47 host app: x")})));
        QVERIFY(!run(*syslog, udp(514, {fromClient("<ab>Jan 01 00:01:47 host app: x")})));
        QVERIFY(!run(*syslog, udp(514, {fromClient("<13>")})));
        QVERIFY(!run(*syslog, udp(514, {fromClient("<13>hi\x01\x02\x03\x04\x05\x06\x07")})));
        QVERIFY(!run(*syslog, tcp(514, {fromClient("<html><body>hello</body></html>")})));
        QVERIFY(!run(*syslog, tcp(514, {fromClient("GET / HTTP/1.1\r\n\r\n")})));
        QVERIFY(!run(*syslog, udp(514, {fromClient(kDnsQuery)})));
    }

    // --- SSDP ------------------------------------------------------------------------------------

    void ssdpSearchAndResponse()
    {
        const auto ssdp = makeSsdpDetector();
        QVERIFY(ssdp->handlesUdp() && !ssdp->handlesTcp());
        const auto d = run(*ssdp, udp(1900, {fromClient(kSsdpSearch), fromServer(kSsdpResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("SSDP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "ssdp.method"), std::string("M-SEARCH"));
        QCOMPARE(meta(d, "ssdp.st"), std::string("urn:dial-multiscreen-org:service:dial:1"));
        QCOMPARE(meta(d, "ssdp.location"), std::string("http://10.0.0.151:8060/dial/dd.xml"));
        QCOMPARE(meta(d, "ssdp.server"), std::string("Roku UPnP/1.0 Roku/9.1.0"));
        QCOMPARE(meta(d, "ssdp.user_agent"), std::string("Google Chrome/99.0.4844.74 Mac OS X"));
        QCOMPARE(d->evidence.length, 19u);
        QVERIFY(survivesEveryTruncation(*ssdp, 17, 1900, {fromClient(kSsdpSearch), fromServer(kSsdpResponse)}));

        const auto response = run(*ssdp, udp(61328, {fromServer(kSsdpResponse)}));
        QVERIFY(response.has_value());
        QCOMPARE(meta(response, "ssdp.method"), std::string("response"));
        QCOMPARE(meta(response, "ssdp.usn"),
                 std::string("uuid:295c0004-6807-106d-80cf-d831342077fb::urn:dial-multiscreen-org:service:dial:1"));

        const auto notify = run(*ssdp, udp(1900, {fromClient(kSsdpNotify)}));
        QVERIFY(notify.has_value());
        QCOMPARE(notify->confidence, Confidence::High);
        QCOMPARE(meta(notify, "ssdp.method"), std::string("NOTIFY"));
        QCOMPARE(meta(notify, "ssdp.nt"), std::string("upnp:rootdevice"));
        QCOMPARE(meta(notify, "ssdp.nts"), std::string("ssdp:alive"));
        QCOMPARE(meta(notify, "ssdp.location"), std::string("http://192.168.1.1:5000/rootDesc.xml"));

        // ssdp-m-search.pcap: a bare request line.
        QCOMPARE(confidenceOf(run(*ssdp, udp(32412, {fromClient("M-SEARCH * HTTP/1.1\r\n")}))), Confidence::Medium);
    }

    void ssdpNegatives()
    {
        const auto ssdp = makeSsdpDetector();
        QVERIFY(!run(*ssdp, udp(1900, {fromClient("GET / HTTP/1.1\r\nHost: x\r\n\r\n")})));
        QVERIFY(!run(*ssdp, udp(1900, {fromClient("M-SEARCH /x HTTP/1.1\r\nST: ssdp:all\r\n\r\n")})));
        QVERIFY(!run(*ssdp, udp(1900, {fromServer("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n")})));
        QVERIFY(!run(*ssdp, udp(1900, {fromClient("NOTIFY sip:bob@example.com SIP/2.0\r\n\r\n")})));
        QVERIFY(!run(*ssdp, udp(1900, {fromClient(kDnsQuery)})));
    }

    // --- SIP -------------------------------------------------------------------------------------

    void sipRegisterOverUdp()
    {
        const auto sip = makeSipDetector();
        QVERIFY(sip->handlesUdp() && sip->handlesTcp());
        const auto d = run(*sip, udp(5060, {fromClient(kSipRegister), fromServer(kSip401)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("SIP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "sip.method"), std::string("REGISTER"));
        QCOMPARE(meta(d, "sip.status"), std::string("401"));
        QCOMPARE(meta(d, "sip.from"), std::string("<sip:voi18063@sip.cybercity.dk>;tag=903df0a"));
        QCOMPARE(meta(d, "sip.to"), std::string("<sip:voi18063@sip.cybercity.dk>"));
        QCOMPARE(meta(d, "sip.user_agent"), std::string("Nero SIPPS IP Phone Version 2.0.51.16"));
        QCOMPARE(meta(d, "sip.call_id"), std::string("578222729-4665d775@578222732-4665d772"));
        QCOMPARE(d->evidence.length, 37u); // "REGISTER sip:sip.cybercity.dk SIP/2.0"
        QVERIFY(survivesEveryTruncation(*sip, 17, 5060, {fromClient(kSipRegister), fromServer(kSip401)}));

        const auto response = run(*sip, udp(5060, {fromServer(kSip401)}));
        QVERIFY(response.has_value());
        QCOMPARE(response->confidence, Confidence::High);
        QCOMPARE(meta(response, "sip.method"), std::string("REGISTER")); // from CSeq
        QCOMPARE(meta(response, "sip.status"), std::string("401"));
    }

    void sipInviteOverTcpWithCompactHeaders()
    {
        const auto sip = makeSipDetector();
        const std::string invite = "\r\n\r\nINVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                                   "v: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\r\n"
                                   "f: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\nt: Bob <sip:bob@biloxi.example.com>\r\n"
                                   "i: 3848276298220188511@atlanta.example.com\r\nCSeq: 1 INVITE\r\nl: 0\r\n\r\n";
        const auto d = run(*sip, tcp(5060, {fromClient(invite)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "sip.method"), std::string("INVITE"));
        QCOMPARE(meta(d, "sip.to"), std::string("Bob <sip:bob@biloxi.example.com>"));
        QCOMPARE(d->evidence.offset, 4u); // after the keep-alive blank lines
        QVERIFY(survivesEveryTruncation(*sip, 6, 5060, {fromClient(invite)}));
        // The request line alone: plausible structure, not verified.
        QCOMPARE(confidenceOf(run(*sip, udp(5060, {fromClient("OPTIONS sip:100@10.0.0.1 SIP/2.0\r\n\r\n")}))), Confidence::Medium);
    }

    void sipNegatives()
    {
        const auto sip = makeSipDetector();
        QVERIFY(!run(*sip, udp(5060, {fromClient("INVITE http://example.com SIP/2.0\r\n\r\n")})));
        QVERIFY(!run(*sip, udp(5060, {fromClient("invite sip:bob@example.com SIP/2.0\r\n\r\n")})));
        QVERIFY(!run(*sip, udp(5060, {fromClient("FETCH sip:bob@example.com SIP/2.0\r\n\r\n")})));
        QVERIFY(!run(*sip, udp(5060, {fromServer("SIP/2.0 999 Odd\r\n\r\n")})));
        QVERIFY(!run(*sip, tcp(5060, {fromClient("GET / HTTP/1.1\r\nHost: x\r\n\r\n")})));
        QVERIFY(!run(*sip, udp(5060, {fromClient(kSsdpNotify)})));
        QVERIFY(!run(*sip, tcp(5060, {fromClient("\r\n\r\n")})));
    }

    // --- BGP -------------------------------------------------------------------------------------

    void bgpOpenExchange()
    {
        const auto bgp = makeBgpDetector();
        QVERIFY(bgp->handlesTcp() && !bgp->handlesUdp());
        const Connection c = tcp(179, {fromClient(kBgpOpenClient), fromServer(kBgpOpenServer + kBgpKeepalive),
                                       fromClient(kBgpKeepalive)});
        const auto d = run(*bgp, c);
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("BGP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "bgp.as"), std::string("1"));
        QCOMPARE(meta(d, "bgp.hold_time"), std::string("180"));
        QCOMPARE(meta(d, "bgp.router_id"), std::string("11.11.11.11"));
        QCOMPARE(meta(d, "bgp.peer_as"), std::string("64512"));
        QCOMPARE(meta(d, "bgp.peer_router_id"), std::string("110.110.110.110"));
        QCOMPARE(meta(d, "bgp.messages"), std::string("OPEN,KEEPALIVE"));
        QCOMPARE(d->evidence.length, 57u);
        QVERIFY(survivesEveryTruncation(*bgp, 6, 179, {fromClient(kBgpOpenClient + kBgpKeepalive), fromServer(kBgpOpenServer)}));

        // A 4-byte AS: AS_TRANS (23456) in the header, the real number in capability 65.
        const std::string open4 = hex(kBgpMarker + "0025 01 04 5ba0 005a c0000201 08 0206 4104 fa56ea01");
        QCOMPARE(meta(run(*bgp, tcp(179, {fromClient(open4)})), "bgp.as"), std::string("4200000001"));
    }

    void bgpMidSession()
    {
        const auto bgp = makeBgpDetector();
        const auto keepalive = run(*bgp, tcp(179, {fromClient(kBgpKeepalive)}));
        QVERIFY(keepalive.has_value());
        QCOMPARE(keepalive->confidence, Confidence::Medium);
        QCOMPARE(meta(keepalive, "bgp.messages"), std::string("KEEPALIVE"));
        const auto update = run(*bgp, tcp(179, {fromServer(kBgpUpdate + kBgpKeepalive)}));
        QVERIFY(update.has_value());
        QCOMPARE(update->confidence, Confidence::High);
        QCOMPARE(meta(update, "bgp.messages"), std::string("UPDATE,KEEPALIVE"));
        const auto cease = run(*bgp, tcp(179, {fromClient(hex(kBgpMarker + "0015 03 06 02"))}));
        QCOMPARE(meta(cease, "bgp.notification"), std::string("Cease"));
        QVERIFY(survivesEveryTruncation(*bgp, 6, 179, {fromServer(kBgpUpdate + kBgpKeepalive)}));
    }

    void bgpNegatives()
    {
        const auto bgp = makeBgpDetector();
        QVERIFY(!run(*bgp, tcp(179, {fromClient(hex("ffffffffffffffffffffffffffffff00" "0013 04"))})));
        QVERIFY(!run(*bgp, tcp(179, {fromClient(hex(kBgpMarker + "1388 02") + zeros(40))}))); // length 5000
        QVERIFY(!run(*bgp, tcp(179, {fromClient(hex(kBgpMarker + "0013 06"))})));
        QVERIFY(!run(*bgp, tcp(179, {fromClient(hex(kBgpMarker + "0014 04 00"))})));
        std::string version3 = kBgpOpenClient;
        version3[19] = '\x03';
        QVERIFY(!run(*bgp, tcp(179, {fromClient(version3)})));
        std::string badParams = kBgpOpenClient;
        badParams[28] = '\x1d';
        QVERIFY(!run(*bgp, tcp(179, {fromClient(badParams)})));
        QVERIFY(!run(*bgp, tcp(179, {fromClient(std::string(64, '\xff'))})));
    }

    // --- MQTT ------------------------------------------------------------------------------------

    void mqttConnect()
    {
        const auto mqtt = makeMqttDetector();
        QVERIFY(mqtt->handlesTcp() && !mqtt->handlesUdp());
        const auto d = run(*mqtt, tcp(1883, {fromClient(kMqttConnect), fromServer(kMqttConnack)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("MQTT"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "mqtt.version"), std::string("3.1"));
        QCOMPARE(meta(d, "mqtt.client_id"), std::string("cbaabcbabacbbbbbaaaaab"));
        QCOMPARE(meta(d, "mqtt.username_present"), std::string("yes"));
        QCOMPARE(meta(d, "mqtt.keep_alive"), std::string("20"));
        QCOMPARE(meta(d, "mqtt.connack"), std::string("accepted"));
        QCOMPARE(d->evidence.length, 14u);
        QVERIFY(survivesEveryTruncation(*mqtt, 6, 1883, {fromClient(kMqttConnect), fromServer(kMqttConnack)}));

        const std::string v311 = hex("1013 0004 4d515454 04 02 003c 0007 73656e736f7231");
        const auto plain = run(*mqtt, tcp(1883, {fromClient(v311)}));
        QCOMPARE(meta(plain, "mqtt.version"), std::string("3.1.1"));
        QCOMPARE(meta(plain, "mqtt.client_id"), std::string("sensor1"));
        QCOMPARE(meta(plain, "mqtt.username_present"), std::string());

        const std::string v5 = hex("101e 0004 4d515454 05 c2 003c 00 0005 6465762d35 0004 75736572 0004 70617373");
        const auto five = run(*mqtt, tcp(1883, {fromClient(v5), fromServer(hex("2003 00 86 00"))}));
        QCOMPARE(meta(five, "mqtt.version"), std::string("5.0"));
        QCOMPARE(meta(five, "mqtt.client_id"), std::string("dev-5"));
        QCOMPARE(meta(five, "mqtt.connack"), std::string("refused: bad user name or password"));

        // A two-byte remaining length (142 = 8e 01).
        const std::string longId = hex("108e01 0004 4d515454 04 02 003c 0082") + std::string(130, 'x');
        QCOMPARE(meta(run(*mqtt, tcp(1883, {fromClient(longId)})), "mqtt.client_id").size(), std::size_t{67}); // 64 + "..."

        const auto ackOnly = run(*mqtt, tcp(1883, {fromServer(kMqttConnack)}));
        QVERIFY(ackOnly.has_value());
        QCOMPARE(ackOnly->confidence, Confidence::Low);
    }

    void mqttNegatives()
    {
        const auto mqtt = makeMqttDetector();
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("1013 0004 4d515454 07 02 003c 0007 73656e736f7231"))}))); // level 7
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("1013 0004 4d515454 04 03 003c 0007 73656e736f7231"))}))); // reserved bit
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("1013 0004 4d515454 04 42 003c 0007 73656e736f7231"))}))); // password, no user
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("1013 0004 4d515454 04 1a 003c 0007 73656e736f7231"))}))); // will QoS 3
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("1013 0004 4d515553 04 02 003c 0007 73656e736f7231"))}))); // "MQUS"
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient(hex("10ffffffff7f 0004 4d515454 04 02 003c 0000"))})));         // 5-byte varint
        QVERIFY(!run(*mqtt, tcp(1883, {fromServer(hex("20020007"))})));
        QVERIFY(!run(*mqtt, tcp(1883, {fromClient("GET / HTTP/1.1\r\n\r\n")})));
    }

    // --- all of batch B --------------------------------------------------------------------------

    void noiseNeverMatches()
    {
        std::uint32_t state = 0x2545F491u;
        for (Factory make : kBatch) {
            const auto detector = make();
            for (int round = 0; round < 300; ++round) {
                for (std::size_t length : {2u, 12u, 20u, 48u, 64u, 120u, 300u, 600u}) {
                    const std::string a = noise(state, length);
                    const std::string b = noise(state, length);
                    for (std::uint8_t transport : {std::uint8_t{6}, std::uint8_t{17}}) {
                        const Connection c = makeConnection(transport, 51000, 40000, {fromClient(a), fromServer(b)});
                        const auto d = run(*detector, c);
                        if (d) qWarning("%s matched noise: %s", d->protocol.c_str(), d->evidence.sentence.c_str());
                        QVERIFY(!d);
                    }
                }
            }
        }
    }

    // Each protocol's bytes are claimed by its own detector only (DNS wire format aside, where the
    // flavours overlap on purpose).
    void crossProtocolNegatives()
    {
        struct Sample {
            const char *name;
            Connection connection;
            std::vector<std::string> allowed;
        };
        const std::vector<Sample> samples{
            {"dns", udp(53, {fromClient(kDnsQuery), fromServer(kDnsResponse)}), {"DNS"}},
            {"dns query", udp(53, {fromClient(kDnsQuery)}), {"DNS", "MDNS"}},
            {"dns tcp", tcp(53, {fromClient(kAxfrQuery), fromServer(kAxfrResponse)}), {"DNS"}},
            {"mdns", udp(5353, {fromClient(kMdnsBrowse)}), {"MDNS"}},
            {"mdns announce", udp(5353, {fromClient(kMdnsAnnouncement)}), {"MDNS"}},
            {"llmnr", udp(5355, {fromClient(kLlmnrQuery), fromServer(kLlmnrResponse)}), {"DNS", "LLMNR"}},
            {"ntp", udp(123, {fromClient(kNtpClient), fromServer(kNtpServer)}), {"NTP"}},
            {"ntp monlist", udp(123, {fromClient(kNtpMonlist)}), {"NTP"}},
            {"dhcp", udp(67, {fromClient(kDhcpDiscover)}), {"DHCP"}},
            {"tftp", udp(69, {fromClient(kTftpRrq)}), {"TFTP"}},
            {"syslog", udp(514, {fromClient(kSyslog3164)}), {"Syslog"}},
            {"syslog tcp", tcp(514, {fromClient(kSyslog5424)}), {"Syslog"}},
            {"ssdp", udp(1900, {fromClient(kSsdpSearch), fromServer(kSsdpResponse)}), {"SSDP"}},
            {"ssdp notify", udp(1900, {fromClient(kSsdpNotify)}), {"SSDP"}},
            {"sip", udp(5060, {fromClient(kSipRegister), fromServer(kSip401)}), {"SIP"}},
            {"bgp", tcp(179, {fromClient(kBgpOpenClient), fromServer(kBgpOpenServer)}), {"BGP"}},
            {"mqtt", tcp(1883, {fromClient(kMqttConnect), fromServer(kMqttConnack)}), {"MQTT"}},
            {"http", tcp(80, {fromClient("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), fromServer("HTTP/1.1 200 OK\r\n\r\n")}), {}},
            {"ssh", tcp(22, {fromServer("SSH-2.0-OpenSSH_9.6\r\n")}), {}},
            {"tls", tcp(443, {fromClient(hex("16030100c4010000c00303") + zeros(64))}), {}},
        };
        for (const Sample &s : samples) {
            for (Factory make : kBatch) {
                const auto detector = make();
                if (s.connection.isTcp() ? !detector->handlesTcp() : !detector->handlesUdp()) continue;
                const auto d = run(*detector, s.connection);
                const bool allowed = std::find(s.allowed.begin(), s.allowed.end(), std::string(detector->name())) != s.allowed.end();
                if (!allowed && d) qWarning("%s claimed the %s sample: %s", d->protocol.c_str(), s.name, d->evidence.sentence.c_str());
                QVERIFY(allowed || !d);
                if (allowed && s.allowed.size() == 1) QVERIFY(d.has_value());
            }
        }
    }

    void registryDetectsEachProtocol()
    {
        QCOMPARE(detectedProtocol(udp(40123, {fromClient(kNtpClient), fromServer(kNtpServer)})), std::string("NTP"));
        QCOMPARE(detectedProtocol(udp(67, {fromClient(kDhcpDiscover)})), std::string("DHCP"));
        QCOMPARE(detectedProtocol(udp(69, {fromClient(kTftpRrq)})), std::string("TFTP"));
        QCOMPARE(detectedProtocol(udp(514, {fromClient(kSyslog3164)})), std::string("Syslog"));
        QCOMPARE(detectedProtocol(udp(1900, {fromClient(kSsdpSearch)})), std::string("SSDP"));
        QCOMPARE(detectedProtocol(udp(5060, {fromClient(kSipRegister)})), std::string("SIP"));
        QCOMPARE(detectedProtocol(tcp(443, {fromClient(kBgpOpenClient)})), std::string("BGP"));
        QCOMPARE(detectedProtocol(tcp(8080, {fromClient(kMqttConnect)})), std::string("MQTT"));
    }
};

QTEST_GUILESS_MAIN(TestBatchBDetectors)
#include "tst_batch_b_detectors.moc"
