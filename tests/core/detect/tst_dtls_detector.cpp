// core/detect/dtls_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "binary_samples.h"
#include "registered_tests.h"

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::binary_samples;

class TestDtlsDetector : public QObject {
    Q_OBJECT

private slots:
    void dtlsHellos()
    {
        const auto dtls = &detectorNamed("DTLS");
        QVERIFY(dtls->handlesUdp());
        QVERIFY(!dtls->handlesTcp());
        auto d = run(*dtls, udp(4433, {fromClient(kDtlsClientHello), fromServer(kDtlsHelloVerify)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("DTLS"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "dtls.version"), std::string("DTLS 1.2"));
        QCOMPARE(d->evidence.length, 99u);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).startsWith("DTLS ClientHello without a server name"));
        // In WebRTC the hello follows STUN connectivity checks.
        d = run(*dtls, udp(19305, {fromClient(kStunBindingRequest), fromClient(kDtlsClientHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.offset, static_cast<std::uint32_t>(kStunBindingRequest.size()));
        QVERIFY(!run(*dtls, udp(4433, {fromClient(kTlsClientHello)})));                  // TLS framing, not DTLS
        QVERIFY(!run(*dtls, udp(4433, {fromClient(kDtlsClientHello.substr(0, 60))})));   // record longer than the datagram
        QVERIFY(survivesEveryTruncation(*dtls, 17, 4433, {fromClient(kDtlsClientHello), fromServer(kDtlsHelloVerify)}));
    }
};

PORTLENS_REGISTER_TEST(TestDtlsDetector)
#include "tst_dtls_detector.moc"
