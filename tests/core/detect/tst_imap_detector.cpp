// core/detect/imap_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "text_dialogue_samples.h"
#include "registered_tests.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <random>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::text_dialogue_samples;

class TestImapDetector : public QObject {
    Q_OBJECT

private slots:
    void imapSession()
    {
        const auto imap = &detectorNamed("IMAP");
        const auto d = run(*imap, tcp(143, kImapSession));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("IMAP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.direction, Direction::ToClient);
        QCOMPARE(d->evidence.offset, 0u);
        QVERIFY(says(d, "IMAP greeting '* OK [CAPABILITY IMAP4rev1"));
        QVERIFY(says(d, "a001 CAPABILITY"));
        QCOMPARE(meta(d, "imap.login"), std::string("plaintext"));
        QCOMPARE(meta(d, "imap.user"), std::string("alice"));
        QCOMPARE(meta(d, "imap.starttls"), std::string());
        QVERIFY(QByteArray::fromStdString(meta(d, "imap.banner")).startsWith("[CAPABILITY IMAP4rev1"));
        QVERIFY(neverShows(d, "p4ss"));
    }

    void imapStarttls()
    {
        const auto imap = &detectorNamed("IMAP");
        const auto d = run(*imap, tcp(143, {fromServer("* OK IMAP4rev1 Service Ready\r\n"), fromClient("a001 STARTTLS\r\n"),
                                            fromServer("a001 OK Begin TLS negotiation now\r\n"), fromClient(kTlsClientHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "imap.starttls"), std::string("used"));
        QCOMPARE(meta(d, "imap.login"), std::string());
        // Client only: a tagged command answered by the same tag, without the greeting (seen mid-stream).
        const auto mid = run(*imap, tcp(143, {fromClient("A7 UID FETCH 1:* (FLAGS)\r\n"),
                                              fromServer("* 1 FETCH (UID 1 FLAGS (\\Seen))\r\nA7 OK Fetch completed.\r\n")}));
        QVERIFY(mid.has_value());
        QCOMPARE(mid->confidence, Confidence::High);
        // One side only.
        auto one = run(*imap, tcp(143, {fromServer("* OK [CAPABILITY IMAP4rev1] ready\r\n")}));
        QVERIFY(one.has_value());
        QCOMPARE(one->confidence, Confidence::Medium);
        one = run(*imap, tcp(143, {fromClient("a1 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n")}));
        QVERIFY(one.has_value());
        QCOMPARE(one->confidence, Confidence::Medium);
        QCOMPARE(meta(one, "imap.auth"), std::string("PLAIN"));
        QVERIFY(neverShows(one, "dGVzdAB0ZXN0AHRlc3Q="));
        one = run(*imap, tcp(143, {fromServer("* OK ready\r\n")}));
        QVERIFY(one.has_value());
        QCOMPARE(one->confidence, Confidence::Low);
    }

    void imapNegatives()
    {
        const auto imap = &detectorNamed("IMAP");
        QVERIFY(!run(*imap, tcp(143, kFtpSession)));
        QVERIFY(!run(*imap, tcp(143, kSmtpSession)));
        QVERIFY(!run(*imap, tcp(143, kPop3Session)));
        QVERIFY(!run(*imap, tcp(143, kHttpPlain)));
        QVERIFY(!run(*imap, tcp(143, kSsh)));
        QVERIFY(!run(*imap, tcp(143, kIrcSession)));
        QVERIFY(!run(*imap, tcp(143, kRtspSession)));
        QVERIFY(!run(*imap, tcp(143, {fromClient(randomBytes(7, 600)), fromServer(randomBytes(8, 600))})));
        QVERIFY(survivesEveryTruncation(*imap, 6, 143, kImapSession));
    }
};

PORTLENS_REGISTER_TEST(TestImapDetector)
#include "tst_imap_detector.moc"
