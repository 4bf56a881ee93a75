// Followup samples: shared by the tests of several detectors (each protocol's bytes are also the
// other detectors' negatives).
// NetBIOS over UDP (name and datagram services), DNS inverse queries and control bytes in
// labels, MQTT seen mid-session: the cases found by the nDPI comparison (tools/compare-ndpi.py),
// payload bytes taken with tshark from the nDPI corpus.
#pragma once

#include "detector_test_support.h"

#include <random>
#include <string>
#include <vector>

namespace portlens::test::followup_samples {

// clang-format off
inline std::string sentenceOf(const std::optional<Detection> &d) { return d ? d->evidence.sentence : std::string(); }

inline bool says(const std::optional<Detection> &d, const char *needle)
{
    const bool found = sentenceOf(d).find(needle) != std::string::npos;
    if (!found) qWarning("evidence sentence lacks '%s': '%s'", needle, sentenceOf(d).c_str());
    return found;
}

// --- NetBIOS name service (137/udp) ------------------------------------------------------------
// netbios.pcap frame 1: broadcast name query NB for XSTREAM_HY<00> (flags 0x0110: RD, B).
inline const std::string kNbQuery =
    hex("a749 0110 0001 0000 0000 0000 20 464946444645464345464542454e46504549464a43414341434143414341414100 0020 0001");

// --- NetBIOS datagram service (138/udp) --------------------------------------------------------
// netbios.pcap frame 20: direct group datagram from NVR9<20> (10.0.5.9:138) to VIGILANT_GROUP<1d>,
// carrying an SMB \MAILSLOT\BROWSE host announcement.
inline const std::string kNbDatagram = hex(
    "110ec2f40a000509008a00bb000020454f46474643444a43414341434143414341434143414341434143414341434100204647454a4548454a"
    "454d4542454f46454650454846434550464646414341424e00ff534d42250000000000000000000000000000000000000000000000000000"
    "0011000021000000000000000000e803000000000000000021005600030001000000020032005c4d41494c534c4f545c42524f5753450001"
    "0080fc0a004e5652390000000000000000000000000601071001000f0155aa00");

// --- DNS -----------------------------------------------------------------------------------------
// dns_invert_query.pcapng: an inverse query (opcode 1) with no question and one answer record
// (owner 216.58.202.4, type A), and the server's bare NOTIMP answer.
inline const std::string kInverseQuery = hex("77fc 0900 0000 0001 0000 0000 03323136 023538 03323032 0134 00 0001 0001 00000000 0000");

// dns-invalid-chars.pcap: a query whose label holds 04 05 06, answered for a name with 01 02 03.
inline const std::string kControlQuery = hex(
    "9f6c010000010000000000000377777717616c6c796f7572626104050661726562656c6f6e67746f02636e0000010001");

inline const std::string kControlResponse = hex(
    "9f6c818000010001000000000377777717616c6c796f757262617365736172650102036f6e67746f02636e0000010001c00c000100010000"
    "003c000413b98df1");

// A plain DNS query (hand-written: www.example.com, A).
inline const std::string kWwwExampleQuery = hex("1234 0100 0001 0000 0000 0000 03777777 076578616d706c65 03636f6d 00 0001 0001");

// --- MQTT ----------------------------------------------------------------------------------------
// coap_mqtt.pcap, a session on 17501/tcp captured after its CONNECT: PINGREQ (frame 20), PUBACK
// (frame 52) and a QoS 1 PUBLISH to Bus17Info (frame 66) from the client; PINGRESP (frame 21), a
// QoS 1 PUBLISH to Bus17Cmd (frame 44) and a PUBACK (frame 68) from the server.
inline const std::string kPingreq = hex("c000");

// clang-format on

} // namespace portlens::test::followup_samples
