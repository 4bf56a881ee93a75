// core/detect/telnet_detector.cpp: positives, negatives, truncation at every length, metadata.
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

class TestTelnetDetector : public QObject {
    Q_OBJECT

private slots:
    void telnetSession()
    {
        const auto telnet = &detectorNamed("Telnet");
        const auto d = run(*telnet, tcp(23, kTelnetSession));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("Telnet"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.direction, Direction::ToClient);
        QCOMPARE(d->evidence.offset, 0u);
        QVERIFY(says(d, "IAC DO TERMINAL-TYPE"));
        QVERIFY(says(d, "and the client negotiates too"));
        QCOMPARE(meta(d, "telnet.options"),
                 std::string("TERMINAL-TYPE,TERMINAL-SPEED,X-DISPLAY-LOCATION,NEW-ENVIRON,SUPPRESS-GO-AHEAD,ECHO,NAWS,STATUS,"
                             "TOGGLE-FLOW-CONTROL"));
        QCOMPARE(meta(d, "telnet.login_prompt"), std::string("yes"));
    }

    void telnetOneSide()
    {
        const auto telnet = &detectorNamed("Telnet");
        // Two commands from one side: Medium. A banner before the negotiation is fine.
        auto d = run(*telnet, tcp(2323, {fromServer("\r\nWelcome\r\n" + hex("ff fb 01 ff fb 03") + "Login: ")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(d->evidence.offset, 11u);
        QCOMPARE(d->evidence.length, 6u);
        QCOMPARE(meta(d, "telnet.options"), std::string("ECHO,SUPPRESS-GO-AHEAD"));
        QCOMPARE(meta(d, "telnet.login_prompt"), std::string("yes"));
        // A single command at the very start: a weak hint.
        d = run(*telnet, tcp(23, {fromServer(hex("ff fd 18"))}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
    }

    void telnetNegatives()
    {
        const auto telnet = &detectorNamed("Telnet");
        QVERIFY(!run(*telnet, tcp(23, kSsh)));
        QVERIFY(!run(*telnet, tcp(23, kHttpPlain)));
        QVERIFY(!run(*telnet, tcp(23, kFtpSession)));
        QVERIFY(!run(*telnet, tcp(23, {fromClient(kTlsClientHello)})));
        QVERIFY(!run(*telnet, tcp(23, {fromServer(hex("ff ff ff ff ff ff ff ff 00 00 00 00"))}))); // 0xFF padding
        QVERIFY(!run(*telnet, tcp(23, {fromServer(hex("ff fb c8 ff fd 99 ff fe 77"))})));         // unknown options
        QVERIFY(!run(*telnet, tcp(23, {fromServer(hex("00 10 ff fb 01 ff fb 03"))}))); // binary before, then one hit
        QVERIFY(!run(*telnet, tcp(23, {fromServer(std::string(100, 'A') + hex("ff fb 01 ff fb 03"))}))); // too late
        for (std::uint32_t seed = 10; seed < 40; ++seed)
            QVERIFY(!run(*telnet, tcp(23, {fromClient(randomBytes(seed, 400)), fromServer(randomBytes(seed + 100, 400))})));
        QVERIFY(survivesEveryTruncation(*telnet, 6, 23, kTelnetSession));
    }
};

PORTLENS_REGISTER_TEST(TestTelnetDetector)
#include "tst_telnet_detector.moc"
