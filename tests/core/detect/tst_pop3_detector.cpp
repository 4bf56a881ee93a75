// core/detect/pop3_detector.cpp: positives, negatives, truncation at every length, metadata.
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

class TestPop3Detector : public QObject {
    Q_OBJECT

private slots:
    void pop3Session()
    {
        const auto pop3 = &detectorNamed("POP3");
        const auto d = run(*pop3, tcp(110, kPop3Session));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("POP3"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.direction, Direction::ToClient);
        QCOMPARE(d->evidence.length, 18u); // "+OK Dovecot ready."
        QVERIFY(says(d, "POP3 greeting '+OK Dovecot ready.' at the start of the server's data"));
        QCOMPARE(meta(d, "pop3.banner"), std::string("Dovecot ready."));
        QCOMPARE(meta(d, "pop3.user"), std::string("alice"));
        QCOMPARE(meta(d, "pop3.password_sent"), std::string("yes"));
        QCOMPARE(meta(d, "pop3.stls"), std::string());
        QVERIFY(neverShows(d, "s3cret"));
    }

    void pop3Stls()
    {
        const auto pop3 = &detectorNamed("POP3");
        const auto d = run(*pop3, tcp(110, {fromServer("+OK POP3 server ready <1896.697170952@dbc.mmdf.org>\r\n"),
                                            fromClient("STLS\r\n"), fromServer("+OK Begin TLS negotiation\r\n"),
                                            fromClient(kTlsClientHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "pop3.stls"), std::string("used"));
        // APOP: the user name, never the digest.
        const auto apop = run(*pop3, tcp(110, {fromServer("+OK POP3 server ready <1896.697170952@dbc.mmdf.org>\r\n"),
                                               fromClient("APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n")}));
        QCOMPARE(meta(apop, "pop3.user"), std::string("mrose"));
        QVERIFY(neverShows(apop, "c4c9334bac560ecc979e58001b3e22fb"));
    }

    void pop3OneSide()
    {
        const auto pop3 = &detectorNamed("POP3");
        auto d = run(*pop3, tcp(110, {fromServer("+OK Hello there.\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        d = run(*pop3, tcp(110, {fromClient("CAPA\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        d = run(*pop3, tcp(110, {fromClient("USER bob\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
    }

    void pop3Negatives()
    {
        const auto pop3 = &detectorNamed("POP3");
        QVERIFY(!run(*pop3, tcp(110, kFtpSession)));
        QVERIFY(!run(*pop3, tcp(110, kSmtpSession)));
        QVERIFY(!run(*pop3, tcp(110, kImapSession)));
        QVERIFY(!run(*pop3, tcp(110, kHttpPlain)));
        QVERIFY(!run(*pop3, tcp(110, kSsh)));
        QVERIFY(!run(*pop3, tcp(110, kIrcSession)));
        QVERIFY(!run(*pop3, tcp(110, {fromClient("*1\r\n$4\r\nPING\r\n"), fromServer("+PONG\r\n")}))); // Redis
        QVERIFY(!run(*pop3, tcp(110, {fromClient("SET key value\r\n"), fromServer("+OK\r\n")})));   // Redis inline
        QVERIFY(!run(*pop3, tcp(110, {fromClient(randomBytes(5, 600)), fromServer(randomBytes(6, 600))})));
        QVERIFY(survivesEveryTruncation(*pop3, 6, 110, kPop3Session));
    }
};

PORTLENS_REGISTER_TEST(TestPop3Detector)
#include "tst_pop3_detector.moc"
