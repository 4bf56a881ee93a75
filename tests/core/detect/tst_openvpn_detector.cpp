// core/detect/openvpn_detector.cpp: positives, negatives, truncation at every length, metadata.
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

class TestOpenvpnDetector : public QObject {
    Q_OBJECT

private slots:
    void openVpnResets()
    {
        const auto vpn = &detectorNamed("OpenVPN");
        auto d = run(*vpn, udp(1194, {fromClient(kOpenVpnClientReset), fromServer(kOpenVpnServerReset), fromClient(kOpenVpnClientAck)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("OpenVPN"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "openvpn.reset"), std::string("P_CONTROL_HARD_RESET_CLIENT_V2"));
        QCOMPARE(meta(d, "openvpn.control_protection"), std::string("none (no tls-auth or tls-crypt)"));
        QCOMPARE(d->evidence.length, 14u);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("echoing the client's session ID"));
        // tls-crypt-v2: the echo is encrypted; both sides keep their session IDs.
        d = run(*vpn, udp(1194, {fromClient(kOpenVpnTlsCryptClientReset), fromServer(kOpenVpnTlsCryptServerReset),
                                 fromClient(kOpenVpnTlsCryptClientControl), fromServer(kOpenVpnTlsCryptServerControl)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "openvpn.reset"), std::string("P_CONTROL_HARD_RESET_CLIENT_V3"));
        QCOMPARE(meta(d, "openvpn.control_protection"), std::string("tls-crypt-v2"));
        // Over TCP, with the 2-byte length prefix.
        d = run(*vpn, tcp(1194, {fromClient(kOpenVpnTcpClientReset), fromServer(kOpenVpnTcpServerReset)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.offset, 2u);
        // A client reset alone, with the exact fields of a reset without HMAC: Medium.
        d = run(*vpn, udp(1194, {fromClient(kOpenVpnClientReset)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
    }

    void openVpnNegatives()
    {
        const auto vpn = &detectorNamed("OpenVPN");
        // The right opcode byte with nothing else to back it.
        QVERIFY(!run(*vpn, udp(1194, {fromClient(hex("38 0102030405060708 05 0000000a 11223344"))})));
        QVERIFY(!run(*vpn, udp(1194, {fromClient(kOpenVpnTlsCryptClientReset)}))); // a tls-crypt reset alone proves little
        QVERIFY(!run(*vpn, tcp(1194, {fromClient(kOpenVpnClientReset)})));          // TCP needs the length prefix
        QVERIFY(!run(*vpn, udp(1194, {fromClient(kWireGuardInitiation)})));
        // An ONC RPC (NFS) reply whose XID starts with 0x38: the zeros of a plain reset, but longer
        // (nfsv2.pcap).
        QVERIFY(!run(*vpn, udp(2049, {fromClient(hex("3841169f 00000001 00000000 00000000 00000000 00000000 00000002"))})));
        // OpenVPN 2.6's early-negotiation TLV after a plain reset is fine.
        QVERIFY(run(*vpn, udp(1194, {fromClient(kOpenVpnClientReset + hex("0f00 0001 0002 0001"))})).has_value());
        QVERIFY(survivesEveryTruncation(*vpn, 17, 1194, {fromClient(kOpenVpnClientReset), fromServer(kOpenVpnServerReset)}));
        QVERIFY(survivesEveryTruncation(*vpn, 6, 1194, {fromClient(kOpenVpnTcpClientReset), fromServer(kOpenVpnTcpServerReset)}));
    }
};

PORTLENS_REGISTER_TEST(TestOpenvpnDetector)
#include "tst_openvpn_detector.moc"
