// core/detect/wireguard_detector.cpp: positives, negatives, truncation at every length, metadata.
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

namespace {

// a provider's padded initiation (204 bytes): tunnelbear.pcap frame 1 (204 bytes)
const std::string kWireGuardPaddedInitiation = hex(
    "01000000316618ac09ad0e1ccda196d9f8af6627c303d6d9811fa0a060b52f55d3e536f87df38d4c48889e8ec00c25e0bfa8af86339accc8"
    "c2fedddf358f85eac52598bb092890c283218f527b7ffeb24f022bb400d7fc145f00ec9df5de39f214902d46ae83bd5537582f1b20ad93bf"
    "0167ddb25445d47b24e396f1ae2282a8a0785039724848e7e1755c73d2998f004b42beb0ab95c61d3ca718712cfb1db7088e4e4091d316eb"
    "35f620db502881a44c8db7d03ec48b0d839a318000000000000000000000000000000000");

// its padded response (100 bytes): tunnelbear.pcap frame 2 (100 bytes)
const std::string kWireGuardPaddedResponse = hex(
    "0200000002ca1a00316618ac0a000533ac110301131365569c1ed86608418d59e9350dca4c94ce103d928c558ef2cd5d202a107727d5f001"
    "34b81a06d0e4a2697f8fd0c4464d87c00132402fa4411b1e60a5dfe200000000000000000000000000000000");

} // namespace

class TestWireguardDetector : public QObject {
    Q_OBJECT

private slots:
    void wireGuardHandshakes()
    {
        const auto wg = &detectorNamed("WireGuard");
        QVERIFY(!wg->handlesTcp());
        auto d = run(*wg, udp(51820, {fromClient(kWireGuardInitiation), fromServer(kWireGuardResponse), fromClient(kWireGuardData)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("WireGuard"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "wireguard.message"), std::string("handshake initiation"));
        QCOMPARE(meta(d, "wireguard.handshake"), std::string("complete"));
        QCOMPARE(d->evidence.length, 148u);
        // The initiation alone: exact size and zero bytes, Medium.
        d = run(*wg, udp(51820, {fromClient(kWireGuardInitiation)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // Transport data only (capture started after the handshake): one message Low, a run Medium.
        d = run(*wg, udp(51820, {fromClient(kWireGuardData)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
        std::string next = kWireGuardData;
        next[8] = '\x01'; // counter 1
        d = run(*wg, udp(51820, {fromClient(kWireGuardData), fromClient(next)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // Padded handshake messages count only when their indexes link up.
        d = run(*wg, udp(51820, {fromClient(kWireGuardPaddedInitiation), fromServer(kWireGuardPaddedResponse)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QVERIFY(!run(*wg, udp(51820, {fromClient(kWireGuardPaddedInitiation)})));
    }

    void wireGuardNegatives()
    {
        const auto wg = &detectorNamed("WireGuard");
        std::string reserved = kWireGuardInitiation;
        reserved[2] = '\x01';
        QVERIFY(!run(*wg, udp(51820, {fromClient(reserved)})));
        QVERIFY(!run(*wg, udp(51820, {fromClient(kWireGuardInitiation.substr(0, 147))})));
        QVERIFY(!run(*wg, udp(51820, {fromClient(kWireGuardData.substr(0, 31))})));
        QVERIFY(!run(*wg, udp(51820, {fromClient(hex("05000000") + std::string(60, '\x11'))})));
        QVERIFY(!run(*wg, udp(1194, {fromClient(kOpenVpnClientReset)})));
        QVERIFY(survivesEveryTruncation(*wg, 17, 51820, {fromClient(kWireGuardInitiation), fromServer(kWireGuardResponse)}));
    }
};

PORTLENS_REGISTER_TEST(TestWireguardDetector)
#include "tst_wireguard_detector.moc"
