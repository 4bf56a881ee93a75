// core/detect/irc_detector.cpp: positives, negatives, truncation at every length, metadata.
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

class TestIrcDetector : public QObject {
    Q_OBJECT

private slots:
    void ircSession()
    {
        const auto irc = &detectorNamed("IRC");
        const auto d = run(*irc, tcp(6667, kIrcSession));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("IRC"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.offset, 12u); // after "CAP LS 302\r\n"
        QCOMPARE(d->evidence.length, 10u); // "NICK alice"
        QVERIFY(says(d, "IRC registration 'NICK alice' in the client's data"));
        QCOMPARE(meta(d, "irc.nick"), std::string("alice"));
        QCOMPARE(meta(d, "irc.server"), std::string("irc.example.net"));
    }

    void ircOneSide()
    {
        const auto irc = &detectorNamed("IRC");
        auto d = run(*irc, tcp(6697, {fromServer(":irc.example.net 001 bob :Welcome to the ExampleNet IRC Network bob\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(meta(d, "irc.nick"), std::string("bob"));
        d = run(*irc, tcp(6697, {fromServer("NOTICE AUTH :*** Looking up your hostname...\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        d = run(*irc, tcp(6697, {fromClient("NICK carol\r\nUSER carol 8 * :Carol\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        d = run(*irc, tcp(6697, {fromClient("NICK carol\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
    }

    void ircNegatives()
    {
        const auto irc = &detectorNamed("IRC");
        QVERIFY(!run(*irc, tcp(6667, kFtpSession)));
        QVERIFY(!run(*irc, tcp(6667, kPop3Session)));
        QVERIFY(!run(*irc, tcp(6667, kSmtpSession)));
        QVERIFY(!run(*irc, tcp(6667, kImapSession)));
        QVERIFY(!run(*irc, tcp(6667, kHttpPlain)));
        QVERIFY(!run(*irc, tcp(6667, {fromClient("USER bob\r\nPASS x\r\n")}))); // FTP/POP3 style USER
        QVERIFY(!run(*irc, tcp(6667, {fromClient("NICK 9lives\r\n")})));       // not a nickname
        QVERIFY(!run(*irc, tcp(6667, {fromClient(randomBytes(50, 600)), fromServer(randomBytes(51, 600))})));
        QVERIFY(survivesEveryTruncation(*irc, 6, 6667, kIrcSession));
    }
};

PORTLENS_REGISTER_TEST(TestIrcDetector)
#include "tst_irc_detector.moc"
