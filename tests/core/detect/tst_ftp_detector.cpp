// core/detect/ftp_detector.cpp: positives, negatives, truncation at every length, metadata.
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

namespace {

// Every value of a metadata key (ftp.data may appear several times).
std::vector<std::string> all(const std::optional<Detection> &d, std::string_view key)
{
    std::vector<std::string> values;
    if (!d) return values;
    for (const auto &[k, v] : d->metadata)
        if (k == key) values.push_back(v);
    return values;
}

void append(Connection &c, const Turn &turn)
{
    auto &kept = c.payload.bytes[static_cast<int>(turn.direction)];
    c.payload.chunks.push_back({turn.direction, static_cast<std::uint32_t>(kept.size()), static_cast<std::uint32_t>(turn.bytes.size())});
    for (char ch : turn.bytes) kept.push_back(static_cast<std::byte>(static_cast<unsigned char>(ch)));
}

} // namespace

class TestFtpDetector : public QObject {
    Q_OBJECT

private slots:
    void ftpSession()
    {
        const auto ftp = &detectorNamed("FTP");
        const auto d = run(*ftp, tcp(21, kFtpSession));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("FTP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.direction, Direction::ToClient);
        QCOMPARE(d->evidence.offset, 0u);
        QCOMPARE(d->evidence.length, 18u); // "220 (vsFTPd 3.0.5)"
        QVERIFY(says(d, "FTP greeting '220 (vsFTPd 3.0.5)' at the start of the server's data"));
        QVERIFY(says(d, "USER anonymous"));
        QCOMPARE(meta(d, "ftp.banner"), std::string("(vsFTPd 3.0.5)"));
        QCOMPARE(meta(d, "ftp.user"), std::string("anonymous"));
        QCOMPARE(meta(d, "ftp.password_sent"), std::string("yes"));
        QVERIFY(neverShows(d, "guest@example.com")); // the password
        QCOMPARE(meta(d, "ftp.commands"), std::string("USER,PASS,SYST,PASV,LIST,EPSV,PORT,EPRT,QUIT"));
        QCOMPARE(meta(d, "ftp.auth_tls"), std::string());
        const std::vector<std::string> expected{
            "198.51.100.20 50069 227 Entering Passive Mode (198,51,100,20,195,149).",
            "198.51.100.20 50070 229 Entering Extended Passive Mode (|||50070|)", // EPSV: the control server's address
            "192.0.2.10 51210 PORT 192,0,2,10,200,10",
            "192.0.2.10 51211 EPRT |1|192.0.2.10|51211|",
            "2001:db8::10 51212 EPRT |2|2001:db8::10|51212|",
        };
        QCOMPARE(all(d, "ftp.data"), expected);
    }

    void ftpAuthTlsIsStillFtp()
    {
        const auto ftp = &detectorNamed("FTP");
        const auto d = run(*ftp, tcp(21, {fromServer("220 ProFTPD Server (Debian) [::ffff:198.51.100.20]\r\n"),
                                          fromClient("AUTH TLS\r\n"), fromServer("234 AUTH TLS successful\r\n"),
                                          fromClient(kTlsClientHello)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "ftp.auth_tls"), std::string("yes"));
        QCOMPARE(meta(d, "ftp.commands"), std::string("AUTH"));
    }

    void ftpOneSide()
    {
        const auto ftp = &detectorNamed("FTP");
        // A greeting that names FTP: Medium; SMTP keeps out of it.
        auto d = run(*ftp, tcp(21, {fromServer("220 Microsoft FTP Service\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QVERIFY(!run(detectorNamed("SMTP"), tcp(21, {fromServer("220 Microsoft FTP Service\r\n")})));
        // Multi-line greeting (Pure-FTPd) with the product in it.
        d = run(*ftp, tcp(21, {fromServer("220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n"
                                          "220-You are user number 1 of 50 allowed.\r\n220 This is a private system.\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        // Only the client, with a command POP3 does not have: Medium.
        d = run(*ftp, tcp(2121, {fromClient("SYST\r\nFEAT\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.length, 4u);
        // Only "USER bob": POP3 clients say it too, so Low.
        d = run(*ftp, tcp(2121, {fromClient("USER bob\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
        // A bare "220" greeting: Low, for the port to decide.
        d = run(*ftp, tcp(2121, {fromServer("220 ready\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Low);
        QVERIFY(says(d, "FTP and SMTP servers both greet with 220"));
        // A password alone is never shown, even as evidence.
        d = run(*ftp, tcp(2121, {fromServer("331 Password required\r\n"), fromClient("PASS hunter2\r\n")}));
        QVERIFY(d.has_value());
        QVERIFY(neverShows(d, "hunter2"));
    }

    void ftpActiveModeAndOddReplies()
    {
        const auto ftp = &detectorNamed("FTP");
        // 227 without parentheses, 0.0.0.0 (the server's own address then), a malformed 229.
        const auto d = run(*ftp, tcp(21, {fromServer("220 FTP server ready\r\n"), fromClient("PASV\r\n"),
                                          fromServer("227 Entering Passive Mode 0,0,0,0,39,16\r\n"), fromClient("EPSV\r\n"),
                                          fromServer("229 Entering Extended Passive Mode (|||0|)\r\n"),
                                          fromClient("PORT 300,1,1,1,1,1\r\nEPRT |1|2001:db8::1|5000|\r\n")}));
        QVERIFY(d.has_value());
        const std::vector<std::string> expected{"198.51.100.20 10000 227 Entering Passive Mode 0,0,0,0,39,16"};
        QCOMPARE(all(d, "ftp.data"), expected);
        // A reply cut before its end announces nothing (the port would be wrong).
        const auto cut = run(*ftp, tcp(21, {fromServer("220 FTP\r\n227 Entering Passive Mode (198,51,100,20,195,1"),
                                            fromClient("PASV\r\n")}));
        QVERIFY(cut.has_value());
        QVERIFY(all(cut, "ftp.data").empty());
    }

    void ftpNegatives()
    {
        const auto ftp = &detectorNamed("FTP");
        QVERIFY(!run(*ftp, tcp(21, kSmtpSession)));
        QVERIFY(!run(*ftp, tcp(21, {fromServer("220 mail.example.com ESMTP Postfix\r\n")})));
        QVERIFY(!run(*ftp, tcp(21, {fromServer("220 ftp.example.com ESMTP Exim 4.97\r\n")}))); // a host name says nothing
        QVERIFY(!run(*ftp, tcp(21, {fromServer("220 ready\r\n"), fromClient("EHLO client.example.org\r\n")})));
        QVERIFY(!run(*ftp, tcp(21, kPop3Session)));
        QVERIFY(!run(*ftp, tcp(21, kImapSession)));
        QVERIFY(!run(*ftp, tcp(21, kHttpPlain)));
        QVERIFY(!run(*ftp, tcp(21, kSsh)));
        QVERIFY(!run(*ftp, tcp(21, kIrcSession)));
        QVERIFY(!run(*ftp, tcp(21, kNntpSession))); // MODE and LIST are FTP words too
        QVERIFY(!run(*ftp, tcp(21, {fromClient(randomBytes(1, 600)), fromServer(randomBytes(2, 600))})));
        QVERIFY(!run(*ftp, tcp(21, {fromServer("331 Password required\r\n")}))); // a lone mid-dialogue reply
        QVERIFY(!run(*ftp, tcp(21, {})));
        QVERIFY(survivesEveryTruncation(*ftp, 6, 21, kFtpSession));
        QVERIFY(survivesEveryTruncation(*ftp, 6, 21, kSmtpSession));
    }

    void ftpDataLinkedEndToEnd()
    {
        DetectionEngine engine(DetectorRegistry::builtin(), &PortKnowledge::builtin());
        Connection control = tcp(21, {fromServer("220 (vsFTPd 3.0.5)\r\n"), fromClient("USER anonymous\r\n"),
                                      fromServer("331 Please specify the password.\r\n"), fromClient("PASS x\r\n"),
                                      fromServer("230 Login successful.\r\n"), fromClient("PASV\r\n"),
                                      fromServer("227 Entering Passive Mode (198,51,100,20,195,149).\r\n")});
        control.id = 7;
        engine.payloadKept(control, Direction::ToClient);
        QCOMPARE(control.detection.protocol, std::string("FTP"));
        QCOMPARE(control.detection.confidence, Confidence::High);

        Connection data = makeConnection(6, 51001, 50069, {});
        data.id = 8;
        engine.connectionStarted(data);
        QCOMPARE(data.detection.protocol, std::string("FTP-DATA"));
        QCOMPARE(data.relatedId, std::uint64_t{7});
        QVERIFY(QByteArray::fromStdString(data.detection.evidence.sentence).contains("227 Entering Passive Mode"));

        // A connection to a port nobody announced stays undecided.
        Connection other = makeConnection(6, 51002, 50071, {});
        other.id = 9;
        engine.connectionStarted(other);
        QCOMPARE(other.detection.protocol, std::string());
        QCOMPARE(other.relatedId, std::uint64_t{0});

        // Announcements after the control connection was recognised count too: EPSV (the control
        // server's address) and active mode (the server connects back to the client's PORT).
        append(control, fromClient("EPSV\r\n"));
        append(control, fromServer("229 Entering Extended Passive Mode (|||50072|)\r\n"));
        engine.payloadKept(control, Direction::ToClient);
        append(control, fromClient("PORT 192,0,2,10,200,10\r\n"));
        engine.payloadKept(control, Direction::ToServer);

        Connection extended = makeConnection(6, 51003, 50072, {});
        extended.id = 10;
        engine.connectionStarted(extended);
        QCOMPARE(extended.detection.protocol, std::string("FTP-DATA"));
        QCOMPARE(extended.relatedId, std::uint64_t{7});

        Connection active;
        active.id = 11;
        active.transport = 6;
        active.client = {*IpAddress::parse("198.51.100.20"), 20};
        active.server = {*IpAddress::parse("192.0.2.10"), 51210};
        engine.connectionStarted(active);
        QCOMPARE(active.detection.protocol, std::string("FTP-DATA"));
        QCOMPARE(active.relatedId, std::uint64_t{7});
    }
};

PORTLENS_REGISTER_TEST(TestFtpDetector)
#include "tst_ftp_detector.moc"
