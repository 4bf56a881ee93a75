// Udp samples: shared by the tests of several detectors (each protocol's bytes are also the
// other detectors' negatives).
// DNS, mDNS, LLMNR, NTP, DHCP, TFTP, Syslog, SSDP, SIP, BGP and MQTT messages (payload bytes
// taken with tshark from the nDPI test corpus, and hand-written ones).
#pragma once

#include "detector_test_support.h"

#include <random>
#include <string>
#include <vector>

namespace portlens::test::udp_samples {

// clang-format off
inline std::string zeros(std::size_t n) { return std::string(n, '\0'); }

// A string literal with embedded NULs, all of it but the terminating one.
template <std::size_t N>
inline std::string bytes(const char (&literal)[N])
{
    return std::string(literal, N - 1);
}

inline std::string contains(const std::optional<Detection> &d, const char *needle)
{
    return d && d->evidence.sentence.find(needle) != std::string::npos ? "yes" : d ? d->evidence.sentence : "no detection";
}

// --- DNS family ------------------------------------------------------------------------------
// iphone.pcap: a stub resolver's A query and the resolver's answer (CNAME + 8 A records).
inline const std::string kDnsQuery = hex("95d301000001000000000000137032362d6b657976616c7565736572766963650669636c6f756403636f6d0000010001");

inline const std::string kDnsResponse = hex(
    "95d381800001000900000000137032362d6b657976616c7565736572766963650669636c6f756403636f6d0000010001c00c0005000100"
    "00119600220f6b657976616c756573657276696365026665096170706c652d646e73036e657400c03c0001000100000035000411f8b957"
    "c03c0001000100000035000411f8b926c03c0001000100000035000411f8b927c03c0001000100000035000411f8b90ac03c0001000100"
    "000035000411f883abc03c0001000100000035000411f8b967c03c0001000100000035000411f8b984c03c0001000100000035000411f8"
    "b98d");

// Hand-written AXFR over TCP: "00 1d" length prefix, query for example.com type AXFR; the
// server's first message carries the zone's SOA.
inline const std::string kAxfrQuery = hex("001d abcd 0000 0001 0000 0000 0000 07 6578616d706c65 03 636f6d 00 00fc 0001");

inline const std::string kAxfrResponse = hex("0050 abcd 8400 0001 0001 0000 0000 07 6578616d706c65 03 636f6d 00 00fc 0001"
                                      "c00c 0006 0001 00000e10 0027 03 6e7331 c00c 0a 686f73746d6173746572 c00c"
                                      "7849a101 00000e10 00000708 00127500 00000e10");

// iphone.pcap: a DNS-SD browse from 5353 to 5353: ID 0, 17 questions under .local, one known answer, OPT.
inline const std::string kMdnsBrowse = hex(
    "000000000011000100000001085f616972706f7274045f746370056c6f63616c00000c00010f5f636f6d70616e696f6e2d6c696e6bc015"
    "000c00010d5f6170706c652d6d6f62646576c015000c0001083866623230376465045f7375620e5f6170706c652d6d6f6264657632c015"
    "000c00010f5f6170706c652d7061697261626c65c015000c00010b5f676f6f676c6563617374c015000c0001065f757363616ec015000c"
    "0001075f757363616e73c015000c0001075f697070757362c015000c0001085f7363616e6e6572c015000c0001045f697070c015000c00"
    "01055f69707073c015000c0001085f7072696e746572c015000c00010f5f70646c2d6461746173747265616dc015000c0001045f707470"
    "c015000c0001045f726662c015000c0001065f616469736bc015000c0001c025000c000100000e0a00100d4c756361e280997320694d61"
    "63c02500002905a00000119400120004000e0000c42c030649fec62c03606a64");

// telegram.pcap: a Sonos speaker announcing its Spotify Connect service (no question, cache-flush bits).
inline const std::string kMdnsAnnouncement = hex(
    "000084000000000100000003105f73706f746966792d636f6e6e656374045f746370056c6f63616c00000c000100000078002f11736f6e"
    "6f73373832384341303546414343105f73706f746966792d636f6e6e656374045f746370056c6f63616c0011736f6e6f73373832384341"
    "303546414343105f73706f746966792d636f6e6e656374045f746370056c6f63616c000010800100001194001d0b56455253494f4e3d31"
    "2e301043506174683d2f73706f746966797a6311736f6e6f73373832384341303546414343105f73706f746966792d636f6e6e65637404"
    "5f746370056c6f63616c000021800100000078001f00000000057811736f6e6f73373832384341303546414343056c6f63616c0011736f"
    "6e6f73373832384341303546414343056c6f63616c0000018001000000780004c0a80145");

// Hand-written: a one-shot mDNS query asking for a unicast answer (QU bit: class 0x8001).
inline const std::string kMdnsQu = hex("0000 0000 0001 0000 0000 0000 09 5f7365727669636573 07 5f646e732d7364 04 5f756470"
                                "05 6c6f63616c 00 000c 8001");

// A query for a .local name with a random ID and no RD bit: plain DNS and mDNS alike.
inline const std::string kPrinterLocal = hex("3c5a 0000 0001 0000 0000 0000 07 7072696e746572 05 6c6f63616c 00 0001 0001");

// 1kxun.pcap: Windows asking LLMNR for "jason-PC" (type ANY).
inline const std::string kLlmnrQueryJason = hex("e6a100000001000000000000086a61736f6e2d50430000ff0001");

// Hand-written: LLMNR query for "wpad" and the answer.
inline const std::string kLlmnrQuery = hex("a1b2 0000 0001 0000 0000 0000 04 77706164 00 0001 0001");

inline const std::string kLlmnrResponse =
    hex("a1b2 8000 0001 0001 0000 0000 04 77706164 00 0001 0001 c00c 0001 0001 0000001e 0004 c0a8010a");

// --- the others ------------------------------------------------------------------------------
// NTPv4.pcap: ntpd as a client (0x23: version 4, mode 3); hand-written: a stratum-1 answer
// whose origin timestamp is the client's transmit timestamp.
inline const std::string kNtpClient =
    hex("230207eb00000450000003ab83bc03dfd94f51c33165b860d944575530336fd0d944575531b4e978d94f51f42d26e2f4");

inline const std::string kNtpServer = hex("240107e9 00000000 00000010 47505300 d94f51f000000000 d94f51f42d26e2f4"
                                   "d94f51f430000000 d94f51f430001000");

// ntpdc's monlist request (mode 7, implementation 3, request 42), padded to 48 bytes, and a one-entry answer.
inline const std::string kNtpMonlist = hex("1700032a 00000000") + zeros(40);

// iphone.pcap: DHCPDISCOVER from "Lucas-iMac".
inline const std::string kDhcpDiscover = hex("01010600 78544709 001b0000 00000000 00000000 00000000 00000000 d8306256001c") +
                                  zeros(10 + 64 + 128) +
                                  hex("63825363 350101 370a017903060f77fc5f2c2e 390205dc 3d0701d8306256001c 33040076a700"
                                      "0c0a4c756361732d694d6163 ff") +
                                  zeros(13);

// tftp.pcap: read request for rfc1350.txt, then (another conversation) DATA block 1 and its ACK.
inline const std::string kTftpRrq = hex("0001726663313335302e747874006f6374657400");

// syslog.pcap: a router's RFC 3164 message and a storage switch's own layout.
inline const std::string kSyslog3164 = "<26>Jan 01 00:01:47 nb6 nbd: 01=7;03=95.136.242.54;04=NB6-FXC-r2;05=E0A1D718C270;06=107";

// RFC 5424 section 6.5, example 3.
inline const std::string kSyslog5424 = "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                                "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] An application event log entry...";

// ssdp-m-search-ua.pcap and anyconnect-vpn.pcap: Chrome looking for DIAL devices, a Roku answering.
inline const std::string kSsdpSearch = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\n"
                                "ST: urn:dial-multiscreen-org:service:dial:1\r\nUSER-AGENT: Google Chrome/99.0.4844.74 Mac OS X\r\n\r\n";

inline const std::string kSsdpResponse =
    "HTTP/1.1 200 OK\r\nCache-Control: max-age=3600\r\nST: urn:dial-multiscreen-org:service:dial:1\r\n"
    "USN: uuid:295c0004-6807-106d-80cf-d831342077fb::urn:dial-multiscreen-org:service:dial:1\r\nExt: \r\n"
    "Server: Roku UPnP/1.0 Roku/9.1.0\r\nLOCATION: http://10.0.0.151:8060/dial/dd.xml\r\n"
    "WAKEUP: MAC=d8:31:34:20:77:fb;Timeout=10\r\n\r\n";

inline const std::string kSsdpNotify = "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n"
                                "LOCATION: http://192.168.1.1:5000/rootDesc.xml\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n"
                                "SERVER: Linux/5.4 UPnP/1.1 MiniUPnPd/2.2\r\nUSN: uuid:a1b2c3d4::upnp:rootdevice\r\n\r\n";

// sip.pcap: a soft phone registering and the registrar's challenge.
inline const std::string kSipRegister =
    "REGISTER sip:sip.cybercity.dk SIP/2.0\r\nVia: SIP/2.0/UDP 192.168.1.2;branch=z9hG4bKnp151248737-46ea715e192.168.1.2;rport\r\n"
    "From: <sip:voi18063@sip.cybercity.dk>;tag=903df0a\r\nTo: <sip:voi18063@sip.cybercity.dk>\r\n"
    "Call-ID: 578222729-4665d775@578222732-4665d772\r\nContact:  <sip:voi18063@192.168.1.2:5060;line=9c7d2dbd8822013c>;expires=1200;q=0.500\r\n"
    "Expires: 1200\r\nCSeq: 68 REGISTER\r\nContent-Length: 0\r\nMax-Forwards: 70\r\nUser-Agent: Nero SIPPS IP Phone Version 2.0.51.16\r\n\r\n";

inline const std::string kSip401 =
    "SIP/2.0 401 Unauthorized\r\nCall-ID: 578222729-4665d775@578222732-4665d772\r\nCSeq: 68 REGISTER\r\n"
    "From: <sip:voi18063@sip.cybercity.dk>;tag=903df0a\r\nTo: <sip:voi18063@sip.cybercity.dk>;tag=00-04092-1701af62-120c67172\r\n"
    "Via: SIP/2.0/UDP 192.168.1.2;received=80.230.219.70;rport=5060;branch=z9hG4bKnp151248737-46ea715e192.168.1.2\r\n"
    "WWW-Authenticate: Digest realm=\"sip.cybercity.dk\",nonce=\"1701af566be182070084c6f740706bb\",algorithm=MD5\r\n"
    "Content-Length: 0\r\n\r\n";

// BGP_Cisco_hdlc_slarp.pcap: both OPENs (AS 1 and AS 64512, with 4-byte AS capabilities), then KEEPALIVEs.
inline const std::string kBgpMarker = "ffffffffffffffffffffffffffffffff";

inline const std::string kBgpOpenClient =
    hex(kBgpMarker + "00390104000100b40b0b0b0b1c02060104000100010202800002020200020246000206410400000001");

inline const std::string kBgpOpenServer =
    hex(kBgpMarker + "00390104fc0000b46e6e6e6e1c0206010400010001020280000202020002024600020641040000fc00");

// mqtt.pcap: an MQTT 3.1 ("MQIsdp") CONNECT with user name and password, and the CONNACK.
inline const std::string kMqttConnect = hex("104000064d514973647003c20014001663626161626362616261636262626262616161616162000c3032443530"
                                     "35303232334433000c303244353035303232334433");

inline const std::string kMqttConnack = hex("20020000");

using Factory = const Detector *(*)();

// clang-format on

} // namespace portlens::test::udp_samples
