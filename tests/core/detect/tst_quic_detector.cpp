// core/detect/quic_detector.cpp: positives, negatives, truncation at every length, metadata.
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

class TestQuicDetector : public QObject {
    Q_OBJECT

private slots:
    void quicInitialsDecrypted()
    {
        const auto quic = &detectorNamed("QUIC");
        QVERIFY(quic->handlesUdp());
        QVERIFY(!quic->handlesTcp());
        auto d = run(*quic, udp(443, {fromClient(kQuicV1Initial)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("QUIC"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "quic.version"), std::string("v1"));
        QCOMPARE(meta(d, "quic.sni"), std::string("app-analytics-v2.snapchat.com"));
        QCOMPARE(meta(d, "quic.alpn"), std::string("h3"));
        QCOMPARE(d->evidence.length, 1350u);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("app-analytics-v2.snapchat.com"));
        d = run(*quic, udp(443, {fromClient(kQuicV2Initial)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "quic.version"), std::string("v2"));
        QCOMPARE(meta(d, "quic.sni"), std::string("test"));
        QCOMPARE(meta(d, "quic.alpn"), std::string("h3"));
        // One flipped ciphertext bit: the header is still QUIC, the ClientHello is not read.
        std::string tampered = kQuicV1Initial;
        tampered[600] = static_cast<char>(tampered[600] ^ 1);
        d = run(*quic, udp(443, {fromClient(tampered)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "quic.sni"), std::string());
    }

    void quicVersionNegotiationAndNegatives()
    {
        const auto quic = &detectorNamed("QUIC");
        auto d = run(*quic, udp(443, {fromClient(kQuicReservedVersion), fromServer(kQuicVersionNegotiation)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High); // the server echoes both connection IDs
        QVERIFY(QByteArray::fromStdString(meta(d, "quic.server_versions")).startsWith("v1,draft-29"));
        // A reserved version alone is only Medium.
        d = run(*quic, udp(443, {fromClient(kQuicReservedVersion)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // Too short for a client Initial, or lengths that do not fit.
        QVERIFY(!run(*quic, udp(443, {fromClient(kQuicV1Initial.substr(0, 400))})));
        QVERIFY(!run(*quic, udp(443, {fromClient(kQuicReservedVersion.substr(0, 300))})));
        QVERIFY(!run(*quic, udp(443, {fromClient(kDnsQuery)})));
        QVERIFY(!run(*quic, udp(443, {fromClient(kRtp)})));
        QVERIFY(!run(*quic, udp(443, {fromClient(hex("c0 12345678 08 0102030405060708 00") + std::string(1200, '\0'))}))); // unknown version
        QVERIFY(survivesEveryTruncation(*quic, 17, 443, {fromClient(kQuicV2Initial)}));
        QVERIFY(survivesEveryTruncation(*quic, 17, 443, {fromClient(kQuicReservedVersion), fromServer(kQuicVersionNegotiation)}));
    }
};

PORTLENS_REGISTER_TEST(TestQuicDetector)
#include "tst_quic_detector.moc"
