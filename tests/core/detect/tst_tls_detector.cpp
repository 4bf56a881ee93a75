// core/detect/tls_detector.cpp: positives, negatives, truncation at every length, metadata.
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

// A ClientHello split over two handshake records (allowed by RFC 8446 5.1).
std::string helloInTwoRecords()
{
    const std::string handshake = kTlsClientHello.substr(5);
    const std::string first = handshake.substr(0, 200), second = handshake.substr(200);
    const auto record = [](const std::string &fragment) {
        return hex("16 03 01") + static_cast<char>(fragment.size() >> 8) + static_cast<char>(fragment.size() & 0xff) + fragment;
    };
    return record(first) + record(second);
}

} // namespace

class TestTlsDetector : public QObject {
    Q_OBJECT

private slots:
    void tlsClientAndServerHello()
    {
        const auto tls = &detectorNamed("TLS");
        const auto d = run(*tls, tcp(443, {fromClient(kTlsClientHello), fromServer(kTlsServerHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("TLS"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "tls.version"), std::string("TLS 1.3")); // from the ServerHello's supported_versions
        QCOMPARE(meta(d, "tls.sni"), std::string("www.google.com"));
        QCOMPARE(meta(d, "tls.alpn"), std::string("http/1.1"));
        QCOMPARE(meta(d, "tls.client_versions"), std::string("TLS 1.3,TLS 1.2,TLS 1.1,TLS 1.0"));
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.offset, 0u);
        QCOMPARE(d->evidence.length, 564u);
        QCOMPARE(d->evidence.sentence,
                 std::string("TLS ClientHello for 'www.google.com' (record version 3.1) at the start of the client's data"));
    }

    void tlsOneSideAndCutHellos()
    {
        const auto tls = &detectorNamed("TLS");
        // A complete ClientHello alone.
        auto d = run(*tls, tcp(443, {fromClient(kTlsClientHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "tls.version"), std::string("TLS 1.2")); // the hello's legacy version field
        QCOMPARE(meta(d, "tls.sni"), std::string("www.google.com"));
        // A ServerHello alone is complete evidence.
        d = run(*tls, tcp(443, {fromServer(kTlsServerHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.direction, Direction::ToClient);
        QCOMPARE(d->evidence.length, 133u); // the ServerHello's record only
        QCOMPARE(meta(d, "tls.version"), std::string("TLS 1.3"));
        // Cut by the kept-bytes limit after the server name: Medium, the name still read.
        d = run(*tls, tcp(443, {fromClient(kTlsClientHello.substr(0, 300))}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(meta(d, "tls.sni"), std::string("www.google.com"));
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("cut short"));
        // Only the record header and the handshake type: still Medium.
        d = run(*tls, tcp(443, {fromClient(kTlsClientHello.substr(0, 9))}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // A hello spread over two records is joined.
        d = run(*tls, tcp(443, {fromClient(helloInTwoRecords())}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "tls.sni"), std::string("www.google.com"));
        QCOMPARE(d->evidence.length, static_cast<std::uint32_t>(helloInTwoRecords().size()));
    }

    void tlsMidStreamAndOddHellos()
    {
        const auto tls = &detectorNamed("TLS");
        // Application data records from both sides: the handshake happened before the capture.
        const std::string appData = hex("17 03 03 00 20") + std::string(32, '\x5a');
        auto d = run(*tls, tcp(443, {fromClient(appData + appData), fromServer(appData)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(meta(d, "tls.handshake"), std::string("not captured"));
        QCOMPARE(d->evidence.length, 74u);
        // One record exactly filling the only turn: Low.
        d = run(*tls, tcp(443, {fromClient(appData)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
        // A hello whose cipher-suite list has an odd length (tls_cipher_lens.pcap): record and
        // handshake lengths agree, so it is still TLS, Medium.
        std::string odd = kTlsClientHello;
        odd[5 + 4 + 2 + 32 + 1 + 32 + 1] = '\x21';
        d = run(*tls, tcp(443, {fromClient(odd)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("does not parse"));
    }

    void tlsStartTlsBelongsToTheTextProtocol()
    {
        const auto tls = &detectorNamed("TLS");
        const Connection c = tcp(25, {fromServer("220 mail.example.com ESMTP\r\n"), fromClient("EHLO client\r\n"),
                                      fromServer("250 STARTTLS\r\n"), fromClient("STARTTLS\r\n"),
                                      fromServer("220 Ready to start TLS\r\n"), fromClient(kTlsClientHello),
                                      fromServer(kTlsServerHello)});
        QVERIFY(!run(*tls, c));
        QVERIFY(detectedProtocol(c) != "TLS");
        // IMAP, POP3 and FTP upgrades likewise.
        QVERIFY(!run(*tls, tcp(143, {fromClient("a STARTTLS\r\n"), fromServer("a OK Begin TLS\r\n"), fromClient(kTlsClientHello)})));
        QVERIFY(!run(*tls, tcp(110, {fromClient("STLS\r\n"), fromServer("+OK Begin TLS\r\n"), fromClient(kTlsClientHello)})));
        QVERIFY(!run(*tls, tcp(21, {fromClient("AUTH TLS\r\n"), fromServer("234 AUTH TLS OK.\r\n"), fromClient(kTlsClientHello)})));
    }

    void tlsNegatives()
    {
        const auto tls = &detectorNamed("TLS");
        QVERIFY(!run(*tls, tcp(443, {fromClient(kHttpRequest)})));
        QVERIFY(!run(*tls, tcp(443, {fromClient(hex("16 03 09 00 40 01 00 00 3c"))})));  // no such version
        QVERIFY(!run(*tls, tcp(443, {fromClient(hex("16 03 01 00 40 0b 00 00 3c"))})));  // a Certificate first
        QVERIFY(!run(*tls, tcp(443, {fromClient(hex("16 03 01 00 40 01 01 00 3c"))})));  // hello longer than 64 KiB
        QVERIFY(!run(*tls, tcp(443, {fromClient(hex("17 03 03 00 20 00 00"))})));        // one record, cut: proves nothing
        QVERIFY(!run(*tls, tcp(443, {})));
        QVERIFY(survivesEveryTruncation(*tls, 6, 443, {fromClient(kTlsClientHello), fromServer(kTlsServerHello)}));
        QVERIFY(survivesEveryTruncation(*tls, 6, 443, {fromClient(helloInTwoRecords())}));
    }
};

PORTLENS_REGISTER_TEST(TestTlsDetector)
#include "tst_tls_detector.moc"
