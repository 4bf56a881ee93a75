// MySQL detector: server greetings (MySQL 8 and MariaDB), the error packet of a refused host,
// the client's login and SSL request, near misses one field off, other protocols' first bytes,
// every truncation, and the Zeek captures through the command-line tool (MySQL on 3306, and on
// PostgreSQL's port 5432, where it is a mismatch).
#include "detector_test_support.h"
#include "registered_tests.h"

#include <QFileInfo>

using namespace portlens;
using namespace portlens::test;

namespace {

// A MySQL packet: 3-byte little-endian length, sequence number, payload.
std::string packet(unsigned sequence, const std::string &payload)
{
    std::string out;
    out += static_cast<char>(payload.size() & 0xff);
    out += static_cast<char>((payload.size() >> 8) & 0xff);
    out += static_cast<char>((payload.size() >> 16) & 0xff);
    out += static_cast<char>(sequence);
    return out + payload;
}

// HandshakeV10: version 10, server version, connection id, scramble 1, filler, capabilities
// (lower), charset, status, capabilities (upper, CLIENT_PLUGIN_AUTH set), scramble length 21,
// 10 reserved zeros, scramble 2 (13 bytes), plugin name.
std::string greetingPayload(const std::string &version)
{
    return hex("0a") + version + std::string(1, '\0') + hex("0d 00 00 00 3b 4f 1e 2a 61 5c 07 3d 00 ff ff ff 02 00 ff df 15") +
           std::string(10, '\0') + hex("12 34 56 78 9a bc de f0 11 22 33 44 00") + "caching_sha2_password" + std::string(1, '\0');
}
const std::string kGreeting = packet(0, greetingPayload("8.0.36"));
const std::string kMariaDbGreeting = packet(0, greetingPayload("5.5.5-10.11.6-MariaDB-0+deb12u1"));
// Host refused before the handshake: ERR 1130 without SQL state.
const std::string kHostRefused = packet(0, hex("ff 6a 04") + "Host '192.0.2.10' is not allowed to connect to this MySQL server");
// HandshakeResponse41: capabilities 0x000fa685 (CLIENT_PROTOCOL_41), max packet, charset, 23 zeros,
// user "root", a 20-byte auth response.
const std::string kLoginFields = hex("85 a6 0f 00 00 00 00 01 ff") + std::string(23, '\0');
const std::string kLogin = packet(1, kLoginFields + "root" + std::string(1, '\0') + hex("14") +
                                         hex("f1 e2 d3 c4 b5 a6 97 88 79 6a 5b 4c 3d 2e 1f 00 11 22 33 44"));
// SSLRequest: the same fields with CLIENT_SSL (0x800), nothing after them.
const std::string kSslRequest = packet(1, hex("85 ae 0f 00 00 00 00 01 ff") + std::string(23, '\0'));

const std::string kPgStartup = hex("00 00 00 23 00 03 00 00") + std::string("user\0alice\0database\0shop\0\0", 27);
const std::string kTlsClientHello = hex("16 03 01 00 2f 01 00 00 2b 03 03 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
                                        " 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 00 00 02 13 01 01 00");

} // namespace

class TestMySqlDetector : public QObject {
    Q_OBJECT

private slots:
    void greetingAndLogin()
    {
        const auto d = run(detectorNamed("MySQL"), tcp(3306, {fromServer(kGreeting), fromClient(kLogin)}));
        QVERIFY(d);
        QCOMPARE(d->protocol, std::string("MySQL"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "mysql.server_version"), std::string("8.0.36"));
        QCOMPARE(meta(d, "mysql.auth_plugin"), std::string("caching_sha2_password"));
        QCOMPARE(meta(d, "mysql.user"), std::string("root"));
        QCOMPARE(d->evidence.direction, Direction::ToClient);
        QCOMPARE(d->evidence.length, static_cast<std::uint32_t>(kGreeting.size()));
        QVERIFY(d->evidence.sentence.find("'8.0.36'") != std::string::npos);
        QCOMPARE(detectedProtocol(tcp(3306, {fromServer(kGreeting)})), std::string("MySQL"));
    }

    void mariaDbGreeting()
    {
        const auto d = run(detectorNamed("MySQL"), tcp(3306, {fromServer(kMariaDbGreeting)}));
        QCOMPARE(meta(d, "mysql.server_version"), std::string("5.5.5-10.11.6-MariaDB-0+deb12u1"));
        QCOMPARE(d->confidence, Confidence::High);
    }

    void loginAloneAndSslRequest()
    {
        const auto login = run(detectorNamed("MySQL"), tcp(3306, {fromClient(kLogin)}));
        QVERIFY(login);
        QCOMPARE(login->confidence, Confidence::High);
        QCOMPARE(meta(login, "mysql.user"), std::string("root"));
        QCOMPARE(login->evidence.direction, Direction::ToServer);
        const auto ssl = run(detectorNamed("MySQL"), tcp(3306, {fromServer(kGreeting), fromClient(kSslRequest)}));
        QCOMPARE(meta(ssl, "mysql.tls"), std::string("requested"));
        QCOMPARE(meta(ssl, "mysql.user"), std::string());
    }

    void refusedHostIsMedium()
    {
        const auto d = run(detectorNamed("MySQL"), tcp(3306, {fromServer(kHostRefused)}));
        QVERIFY(d);
        QCOMPARE(d->confidence, Confidence::Medium);
        QVERIFY(meta(d, "mysql.error").starts_with("1130 Host '192.0.2.10' is not allowed"));
        QCOMPARE(detectedProtocol(tcp(3306, {fromServer(kHostRefused)})), std::string("MySQL"));
    }

    void nearMisses_data()
    {
        QTest::addColumn<QByteArray>("server");
        QTest::addColumn<QByteArray>("client");
        const auto add = [](const char *name, const std::string &server, const std::string &client) {
            QTest::newRow(name) << QByteArray::fromStdString(server) << QByteArray::fromStdString(client);
        };
        std::string v9 = kGreeting;
        v9[4] = 9;
        add("protocol version 9", v9, "");
        add("greeting with sequence 1", packet(1, greetingPayload("8.0.36")), "");
        add("version not starting with a digit", packet(0, greetingPayload("x8.0")), "");
        std::string filler = kGreeting;
        filler[4 + 1 + 7 + 12] = 1;
        add("filler not zero", filler, "");
        add("version never ends", packet(0, hex("0a") + std::string(80, '8')), "");
        add("error code out of range", packet(0, hex("ff 01 00") + "Host not allowed"), "");
        std::string noProtocol41 = kLogin;
        noProtocol41[5] = 0;
        add("login without CLIENT_PROTOCOL_41", "", noProtocol41);
        std::string filled = kLogin;
        filled[4 + 20] = 1;
        add("login filler not zero", "", filled);
        add("login with sequence 0", "", packet(0, kLoginFields + "root" + std::string(1, '\0')));
        add("PostgreSQL startup", "", kPgStartup);
        add("TLS ClientHello", "", kTlsClientHello);
        add("SSH banner", "SSH-2.0-OpenSSH_9.6\r\n", "SSH-2.0-OpenSSH_9.6\r\n");
        add("HTTP", "HTTP/1.1 200 OK\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        add("garbage", std::string(64, '\x0a'), std::string(64, '\0'));
    }
    void nearMisses()
    {
        QFETCH(QByteArray, server);
        QFETCH(QByteArray, client);
        std::vector<Turn> turns;
        if (!server.isEmpty()) turns.push_back(fromServer(server.toStdString()));
        if (!client.isEmpty()) turns.push_back(fromClient(client.toStdString()));
        QVERIFY(!run(detectorNamed("MySQL"), tcp(3306, turns)));
    }

    void ruledOutByTheFirstBytes()
    {
        const Detector &mysql = detectorNamed("MySQL");
        QVERIFY(mysql.ruledOut(DetectionInput{tcp(3306, {fromClient("GET / HTTP/1.1\r\n")})}));
        QVERIFY(mysql.ruledOut(DetectionInput{tcp(3306, {fromServer("SSH-2.0-OpenSSH_9.6\r\n")})}));
        QVERIFY(!mysql.ruledOut(DetectionInput{tcp(3306, {fromServer(kGreeting.substr(0, 20))})}));
        QVERIFY(!mysql.ruledOut(DetectionInput{tcp(3306, {fromClient(kLogin.substr(0, 3))})}));
    }

    void survivesTruncation()
    {
        const Detector &mysql = detectorNamed("MySQL");
        for (const auto &turns : std::vector<std::vector<Turn>>{{fromServer(kGreeting), fromClient(kLogin)},
                                                                {fromServer(kMariaDbGreeting), fromClient(kSslRequest)},
                                                                {fromServer(kHostRefused)}})
            QVERIFY(survivesEveryTruncation(mysql, 6, 3306, turns));
    }

    // Zeek's MySQL trace: MySQL, expected on 3306. Its MySQL-on-5432 trace: MySQL, a mismatch.
    void zeekCaptures()
    {
        const QString onPort = QStringLiteral(PORTLENS_CORPUS_DIR "/zeek/mysql/mysql.pcap");
        const QString offPort = QStringLiteral(PORTLENS_CORPUS_DIR "/zeek/postgresql/mysql-on-port-5432.pcap");
        if (!QFileInfo::exists(onPort) || !QFileInfo::exists(offPort)) QSKIP("no shared corpus");
        int expected = 0;
        for (const QJsonObject &row : cliRows(onPort)) {
            if (row.value(QStringLiteral("server_port")).toInt() != 3306) continue;
            QCOMPARE(row.value(QStringLiteral("service")).toString(), QStringLiteral("MySQL"));
            QCOMPARE(row.value(QStringLiteral("verdict")).toString(), QStringLiteral("expected"));
            QVERIFY(!row.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("mysql.server_version")).toString().isEmpty());
            ++expected;
        }
        QVERIFY(expected >= 1);
        int mismatch = 0;
        for (const QJsonObject &row : cliRows(offPort)) {
            if (row.value(QStringLiteral("server_port")).toInt() != 5432) continue;
            QCOMPARE(row.value(QStringLiteral("service")).toString(), QStringLiteral("MySQL"));
            QCOMPARE(row.value(QStringLiteral("verdict")).toString(), QStringLiteral("mismatch"));
            ++mismatch;
        }
        QVERIFY(mismatch >= 1);
    }
};

PORTLENS_REGISTER_TEST(TestMySqlDetector)
#include "tst_mysql_detector.moc"
