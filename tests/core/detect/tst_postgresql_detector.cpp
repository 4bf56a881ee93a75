// PostgreSQL detector: startup messages, SSLRequest/GSSENCRequest accepted and refused, the
// server's authentication requests (and the cleartext-password note), near misses one field
// off, other protocols' first bytes, every truncation, and Zeek's psql login capture through the
// command-line tool (plus HTTP on 5432 staying HTTP).
#include "detector_test_support.h"
#include "registered_tests.h"

#include <QFileInfo>

using namespace portlens;
using namespace portlens::test;

namespace {

std::string be32(std::uint32_t v)
{
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
    return out;
}

// StartupMessage: length, protocol 3.0, "name\0value\0" pairs, final NUL.
std::string startup(const std::vector<std::pair<std::string, std::string>> &pairs, std::uint32_t version = 0x00030000)
{
    std::string body;
    for (const auto &[name, value] : pairs) body += name + std::string(1, '\0') + value + std::string(1, '\0');
    body += std::string(1, '\0');
    return be32(static_cast<std::uint32_t>(8 + body.size())) + be32(version) + body;
}

const std::string kStartup = startup({{"user", "alice"}, {"database", "shop"}, {"application_name", "psql"}});
const std::string kSslRequest = hex("00 00 00 08 04 d2 16 2f");
const std::string kGssEncRequest = hex("00 00 00 08 04 d2 16 30");
const std::string kMd5Request = "R" + hex("00 00 00 0c 00 00 00 05 9a 1b 2c 3d");
const std::string kCleartextRequest = "R" + hex("00 00 00 08 00 00 00 03");
const std::string kSaslRequest = "R" + hex("00 00 00 17 00 00 00 0a") + std::string("SCRAM-SHA-256\0\0", 15);
const std::string kTlsClientHello = hex("16 03 01 00 2f 01 00 00 2b 03 03 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
                                        " 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 00 00 02 13 01 01 00");

std::vector<VerdictNote> notesOf(const Connection &c, const Detection &d)
{
    std::vector<VerdictNote> notes;
    Connection judged = c;
    judged.detection = d;
    detectorNamed("PostgreSQL").notes(NoteContext(judged, PortKnowledge::builtin(), notes));
    return notes;
}

} // namespace

class TestPostgreSqlDetector : public QObject {
    Q_OBJECT

private slots:
    void startupAndMd5()
    {
        const Connection c = tcp(5432, {fromClient(kStartup), fromServer(kMd5Request)});
        const auto d = run(detectorNamed("PostgreSQL"), c);
        QVERIFY(d);
        QCOMPARE(d->protocol, std::string("PostgreSQL"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "pgsql.user"), std::string("alice"));
        QCOMPARE(meta(d, "pgsql.database"), std::string("shop"));
        QCOMPARE(meta(d, "pgsql.application_name"), std::string("psql"));
        QCOMPARE(meta(d, "pgsql.auth"), std::string("MD5 password"));
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.length, static_cast<std::uint32_t>(kStartup.size()));
        QVERIFY(d->evidence.sentence.find("user 'alice' and database 'shop'") != std::string::npos);
        QVERIFY(notesOf(c, *d).empty());
        QCOMPARE(detectedProtocol(tcp(5432, {fromClient(kStartup)})), std::string("PostgreSQL"));
    }

    void cleartextPasswordIsNoted()
    {
        const Connection c = tcp(5432, {fromClient(kStartup), fromServer(kCleartextRequest)});
        const auto d = run(detectorNamed("PostgreSQL"), c);
        QCOMPARE(meta(d, "pgsql.auth"), std::string("cleartext password"));
        const auto notes = notesOf(c, *d);
        QCOMPARE(notes.size(), std::size_t{1});
        QCOMPARE(notes[0].code, std::string("pgsql-cleartext-password"));
        QCOMPARE(notes[0].severity, Severity::Warning);
        const auto sasl = run(detectorNamed("PostgreSQL"), tcp(5432, {fromClient(kStartup), fromServer(kSaslRequest)}));
        QCOMPARE(meta(sasl, "pgsql.auth"), std::string("SASL (SCRAM-SHA-256)"));
    }

    void sslRequestAcceptedAndRefused()
    {
        const auto accepted = run(detectorNamed("PostgreSQL"), tcp(5432, {fromClient(kSslRequest), fromServer("S"), fromClient(kTlsClientHello)}));
        QVERIFY(accepted);
        QCOMPARE(accepted->confidence, Confidence::High);
        QCOMPARE(meta(accepted, "pgsql.tls"), std::string("accepted"));
        QCOMPARE(meta(accepted, "pgsql.user"), std::string());
        QCOMPARE(accepted->evidence.length, std::uint32_t{8});

        const auto alone = run(detectorNamed("PostgreSQL"), tcp(5432, {fromClient(kSslRequest)}));
        QCOMPARE(meta(alone, "pgsql.tls"), std::string("requested"));

        const auto refused = run(detectorNamed("PostgreSQL"), tcp(5432, {fromClient(kSslRequest), fromServer("N"),
                                                                         fromClient(kStartup), fromServer(kMd5Request)}));
        QCOMPARE(meta(refused, "pgsql.tls"), std::string("refused"));
        QCOMPARE(meta(refused, "pgsql.user"), std::string("alice"));
        QCOMPARE(meta(refused, "pgsql.auth"), std::string("MD5 password"));
        QCOMPARE(refused->evidence.offset, std::uint32_t{8});

        const auto gss = run(detectorNamed("PostgreSQL"), tcp(5432, {fromClient(kGssEncRequest), fromServer("N")}));
        QCOMPARE(meta(gss, "pgsql.gssenc"), std::string("refused"));
    }

    void serverAloneIsMedium()
    {
        const auto d = run(detectorNamed("PostgreSQL"), tcp(5432, {fromServer(kMd5Request)}));
        QVERIFY(d);
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(d->evidence.direction, Direction::ToClient);
    }

    void nearMisses_data()
    {
        QTest::addColumn<QByteArray>("client");
        QTest::addColumn<QByteArray>("server");
        const auto add = [](const char *name, const std::string &client, const std::string &server) {
            QTest::newRow(name) << QByteArray::fromStdString(client) << QByteArray::fromStdString(server);
        };
        add("protocol 2.0", startup({{"user", "alice"}}, 0x00020000), "");
        add("protocol 3.9", startup({{"user", "alice"}}, 0x00030009), "");
        add("no user", startup({{"database", "shop"}}), "");
        std::string longer = kStartup;
        longer[3] = static_cast<char>(longer[3] + 1);
        add("length one more than the pairs", longer + std::string(1, 'x'), "");
        std::string shorter = kStartup;
        shorter[3] = static_cast<char>(shorter[3] - 1);
        add("length one less than the pairs", shorter, "");
        add("pairs not terminated", kStartup.substr(0, kStartup.size() - 1) + "x", "");
        add("SSLRequest of length 12", hex("00 00 00 0c 04 d2 16 2f 00 00 00 00"), "");
        add("SSLRequest code off by one", hex("00 00 00 08 04 d2 16 2d"), "");
        add("server R with MD5 and no salt", "", "R" + hex("00 00 00 08 00 00 00 05"));
        add("server R with method 99", "", "R" + hex("00 00 00 08 00 00 00 63"));
        add("server 'S' without a request", "", "S");
        add("POP3 greeting", "", "+OK POP3 ready\r\n");
        add("TLS ClientHello", kTlsClientHello, "");
        add("HTTP", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 200 OK\r\n\r\n");
        add("garbage", std::string(64, '\0'), std::string(64, '\x52'));
    }
    void nearMisses()
    {
        QFETCH(QByteArray, client);
        QFETCH(QByteArray, server);
        std::vector<Turn> turns;
        if (!client.isEmpty()) turns.push_back(fromClient(client.toStdString()));
        if (!server.isEmpty()) turns.push_back(fromServer(server.toStdString()));
        QVERIFY(!run(detectorNamed("PostgreSQL"), tcp(5432, turns)));
    }

    void ruledOutByTheFirstBytes()
    {
        const Detector &pg = detectorNamed("PostgreSQL");
        QVERIFY(pg.ruledOut(DetectionInput{tcp(5432, {fromClient("GET / HTTP/1.1\r\n")})}));
        QVERIFY(pg.ruledOut(DetectionInput{tcp(5432, {fromServer("220 mail.example.com ESMTP\r\n")})}));
        QVERIFY(!pg.ruledOut(DetectionInput{tcp(5432, {fromServer("S")})})); // the answer to an SSLRequest
        QVERIFY(!pg.ruledOut(DetectionInput{tcp(5432, {fromClient(kStartup.substr(0, 10))})}));
        QVERIFY(!pg.ruledOut(DetectionInput{tcp(5432, {fromClient(kStartup.substr(0, 5))})}));
    }

    void survivesTruncation()
    {
        const Detector &pg = detectorNamed("PostgreSQL");
        for (const auto &turns : std::vector<std::vector<Turn>>{
                 {fromClient(kStartup), fromServer(kSaslRequest)},
                 {fromClient(kSslRequest), fromServer("N"), fromClient(kStartup), fromServer(kMd5Request)},
                 {fromClient(kGssEncRequest), fromServer("S"), fromClient(kTlsClientHello)},
                 {fromServer(kCleartextRequest)}})
            QVERIFY(survivesEveryTruncation(pg, 6, 5432, turns));
    }

    // Zeek's psql login: PostgreSQL with its user, expected on 5432. Zeek's HTTP on 5432 stays HTTP.
    void zeekCaptures()
    {
        const QString login = QStringLiteral(PORTLENS_CORPUS_DIR "/zeek/postgresql/psql-login.pcap");
        const QString http = QStringLiteral(PORTLENS_CORPUS_DIR "/zeek/postgresql/http-on-port-5432.pcap");
        if (!QFileInfo::exists(login) || !QFileInfo::exists(http)) QSKIP("no shared corpus");
        int expected = 0;
        for (const QJsonObject &row : cliRows(login)) {
            if (row.value(QStringLiteral("server_port")).toInt() != 5432) continue;
            QCOMPARE(row.value(QStringLiteral("service")).toString(), QStringLiteral("PostgreSQL"));
            QCOMPARE(row.value(QStringLiteral("verdict")).toString(), QStringLiteral("expected"));
            QVERIFY(!row.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("pgsql.user")).toString().isEmpty());
            ++expected;
        }
        QVERIFY(expected >= 1);
        int httpRows = 0;
        for (const QJsonObject &row : cliRows(http)) {
            if (row.value(QStringLiteral("server_port")).toInt() != 5432) continue;
            QCOMPARE(row.value(QStringLiteral("service")).toString(), QStringLiteral("HTTP"));
            ++httpRows;
        }
        QVERIFY(httpRows >= 1);
    }
};

PORTLENS_REGISTER_TEST(TestPostgreSqlDetector)
#include "tst_postgresql_detector.moc"
