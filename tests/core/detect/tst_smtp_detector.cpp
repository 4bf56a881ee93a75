// core/detect/smtp_detector.cpp: positives, negatives, truncation at every length, metadata.
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

class TestSmtpDetector : public QObject {
    Q_OBJECT

private slots:
    void smtpSession()
    {
        const auto smtp = &detectorNamed("SMTP");
        const auto d = run(*smtp, tcp(25, kSmtpSession));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("SMTP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.direction, Direction::ToClient);
        QCOMPARE(d->evidence.length, 47u); // "220 mail.example.com ESMTP Postfix (Debian/GNU)"
        QVERIFY(says(d, "SMTP greeting '220 mail.example.com ESMTP Postfix (Debian/GNU)' at the start of the server's data"));
        QVERIFY(says(d, "EHLO client.example.org"));
        QCOMPARE(meta(d, "smtp.banner"), std::string("mail.example.com ESMTP Postfix (Debian/GNU)"));
        QCOMPARE(meta(d, "smtp.ehlo"), std::string("client.example.org"));
        QCOMPARE(meta(d, "smtp.starttls"), std::string("offered"));
        QCOMPARE(meta(d, "smtp.auth"), std::string("PLAIN"));
        QCOMPARE(meta(d, "smtp.mail_from"), std::string("alice@example.org"));
        QVERIFY(neverShows(d, "AGFsaWNlAHMzY3JldA==")); // the credentials
    }

    void smtpStarttlsUsed()
    {
        const auto smtp = &detectorNamed("SMTP");
        const auto d = run(*smtp, tcp(587, {fromServer("220 smtp.example.net ESMTP ready\r\n"), fromClient("EHLO laptop\r\n"),
                                            fromServer("250-smtp.example.net\r\n250 STARTTLS\r\n"), fromClient("STARTTLS\r\n"),
                                            fromServer("220 2.0.0 Ready to start TLS\r\n"), fromClient(kTlsClientHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "smtp.starttls"), std::string("used"));
        // Refused STARTTLS: only offered.
        const auto refused = run(*smtp, tcp(25, {fromServer("220 smtp.example.net ESMTP\r\n"), fromClient("EHLO laptop\r\n"),
                                                 fromServer("250-smtp.example.net\r\n250 STARTTLS\r\n"),
                                                 fromClient("STARTTLS\r\n"), fromServer("454 4.7.0 TLS not available\r\n")}));
        QCOMPARE(meta(refused, "smtp.starttls"), std::string("offered"));
    }

    void smtpOneSide()
    {
        const auto smtp = &detectorNamed("SMTP");
        auto d = run(*smtp, tcp(25, {fromServer("220 mx.example.com ESMTP Exim 4.97 Mon, 12 Jan 2026 10:00:00 +0000\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // "smtp.example.org" is a host name: it does not make a bare greeting SMTP.
        d = run(*smtp, tcp(25, {fromServer("220 smtp.example.org ready\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
        d = run(*smtp, tcp(2525, {fromClient("HELO client.example.org\r\nMAIL FROM:<>\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(meta(d, "smtp.mail_from"), std::string("<>"));
    }

    void smtpNegatives()
    {
        const auto smtp = &detectorNamed("SMTP");
        QVERIFY(!run(*smtp, tcp(25, kFtpSession)));
        QVERIFY(!run(*smtp, tcp(25, {fromServer("220 (vsFTPd 3.0.5)\r\n")})));
        QVERIFY(!run(*smtp, tcp(25, {fromServer("220 ready\r\n"), fromClient("USER anonymous\r\n")})));
        QVERIFY(!run(*smtp, tcp(25, {fromServer("220 ready\r\n"), fromClient("AUTH TLS\r\n")})));
        QVERIFY(!run(*smtp, tcp(25, kPop3Session)));
        QVERIFY(!run(*smtp, tcp(25, kImapSession)));
        QVERIFY(!run(*smtp, tcp(25, kHttpPlain)));
        QVERIFY(!run(*smtp, tcp(25, kSsh)));
        QVERIFY(!run(*smtp, tcp(25, kIrcSession)));
        QVERIFY(!run(*smtp, tcp(25, kNntpSession)));
        QVERIFY(!run(*smtp, tcp(25, {fromClient(randomBytes(3, 600)), fromServer(randomBytes(4, 600))})));
        QVERIFY(survivesEveryTruncation(*smtp, 6, 25, kSmtpSession));
        QVERIFY(survivesEveryTruncation(*smtp, 6, 25, kFtpSession));
    }
};

PORTLENS_REGISTER_TEST(TestSmtpDetector)
#include "tst_smtp_detector.moc"
