// Redis detector: RESP arrays of bulk strings (one command, several, AUTH and its note), inline
// PING answered +PONG, a refusal only Redis gives, near misses (wrong lengths, counts, names),
// other text protocols that also start with a word or '+', every truncation, and Zeek's
// 50-pings capture through the command-line tool.
#include "detector_test_support.h"
#include "registered_tests.h"

#include <QFileInfo>
#include <QJsonArray>

using namespace portlens;
using namespace portlens::test;

namespace {

// A command as redis-cli sends it.
std::string resp(const std::vector<std::string> &words)
{
    std::string out = "*" + std::to_string(words.size()) + "\r\n";
    for (const std::string &w : words) out += "$" + std::to_string(w.size()) + "\r\n" + w + "\r\n";
    return out;
}

const std::string kSet = resp({"SET", "greeting", "hello world"});
const std::string kGet = resp({"GET", "greeting"});
const std::string kAuth = resp({"AUTH", "default", "s3cret-pa55"});

bool shows(const std::optional<Detection> &d, std::string_view secret)
{
    if (!d) return false;
    if (d->evidence.sentence.find(secret) != std::string::npos) return true;
    for (const auto &[k, v] : d->metadata)
        if (v.find(secret) != std::string::npos) return true;
    return false;
}

} // namespace

class TestRedisDetector : public QObject {
    Q_OBJECT

private slots:
    void arrayCommands()
    {
        const auto d = run(detectorNamed("Redis"), tcp(6379, {fromClient(kSet), fromServer("+OK\r\n"), fromClient(kGet),
                                                              fromServer("$11\r\nhello world\r\n")}));
        QVERIFY(d);
        QCOMPARE(d->protocol, std::string("Redis"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "redis.command"), std::string("SET"));
        QCOMPARE(meta(d, "redis.commands"), std::string("SET,GET"));
        QCOMPARE(meta(d, "redis.reply"), std::string("+OK"));
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.length, static_cast<std::uint32_t>(kSet.size()));
        QVERIFY(d->evidence.sentence.find("Redis command SET") != std::string::npos);
        QCOMPARE(detectedProtocol(tcp(6379, {fromClient(kGet)})), std::string("Redis"));
        // Lower-case names are accepted and reported upper-case.
        QCOMPARE(meta(run(detectorNamed("Redis"), tcp(6379, {fromClient(resp({"ping"}))})), "redis.command"), std::string("PING"));
    }

    void authIsNotedWithoutThePassword()
    {
        const Connection c = tcp(6379, {fromClient(kAuth), fromServer("+OK\r\n")});
        const auto d = run(detectorNamed("Redis"), c);
        QCOMPARE(meta(d, "redis.auth"), std::string("sent"));
        QVERIFY(!shows(d, "s3cret-pa55"));
        std::vector<VerdictNote> notes;
        Connection judged = c;
        judged.detection = *d;
        detectorNamed("Redis").notes(NoteContext(judged, PortKnowledge::builtin(), notes));
        QCOMPARE(notes.size(), std::size_t{1});
        QCOMPARE(notes[0].code, std::string("redis-auth-cleartext"));
        notes.clear();
        judged.detection = *run(detectorNamed("Redis"), tcp(6379, {fromClient(kGet)}));
        detectorNamed("Redis").notes(NoteContext(judged, PortKnowledge::builtin(), notes));
        QVERIFY(notes.empty());
    }

    void inlineNeedsARedisReply()
    {
        const auto pong = run(detectorNamed("Redis"), tcp(6379, {fromClient("PING\r\n"), fromServer("+PONG\r\n")}));
        QVERIFY(pong);
        QCOMPARE(pong->confidence, Confidence::High);
        const auto noauth = run(detectorNamed("Redis"), tcp(6379, {fromClient("INFO\r\n"), fromServer("-NOAUTH Authentication required.\r\n")}));
        QVERIFY(noauth);
        QCOMPARE(noauth->confidence, Confidence::Medium);
        QCOMPARE(meta(noauth, "redis.command"), std::string("INFO"));
        // Unanswered, or answered as POP3 answers QUIT: not Redis.
        QVERIFY(!run(detectorNamed("Redis"), tcp(6379, {fromClient("PING\r\n")})));
        QVERIFY(!run(detectorNamed("Redis"), tcp(110, {fromServer("+OK POP3 ready\r\n"), fromClient("QUIT\r\n"), fromServer("+OK bye\r\n")})));
    }

    void cutArrayIsMedium()
    {
        const auto d = run(detectorNamed("Redis"), tcp(6379, {fromClient(kSet.substr(0, kSet.size() - 6))}));
        QVERIFY(d);
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(meta(d, "redis.command"), std::string("SET"));
    }

    void nearMisses_data()
    {
        QTest::addColumn<QByteArray>("client");
        const auto add = [](const char *name, const std::string &bytes) { QTest::newRow(name) << QByteArray::fromStdString(bytes); };
        add("bulk length one short", "*1\r\n$3\r\nPING\r\n");
        add("bulk length one long", "*1\r\n$5\r\nPING\r\n");
        add("count zero", "*0\r\n");
        add("count not a number", "*x\r\n$4\r\nPING\r\n");
        add("no CRLF after the count", "*1\n$4\r\nPING\r\n");
        add("command name with digits", resp({"GET1", "key"}));
        add("command name empty", resp({"", "key"}));
        add("element not a bulk string", "*2\r\n$3\r\nGET\r\n:5\r\n");
        add("HTTP request", "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        add("SMTP EHLO", "EHLO mail.example.com\r\n");
        add("IMAP tag", "a1 LOGIN alice secret\r\n");
        add("garbage", std::string(64, '*'));
        add("binary", hex("16 03 01 00 2f 01 00 00 2b 03 03"));
    }
    void nearMisses()
    {
        QFETCH(QByteArray, client);
        QVERIFY(!run(detectorNamed("Redis"), tcp(6379, {fromClient(client.toStdString()), fromServer("+OK\r\n")})));
    }

    void ruledOutByTheFirstByte()
    {
        const Detector &redis = detectorNamed("Redis");
        QVERIFY(redis.ruledOut(DetectionInput{tcp(6379, {fromClient(hex("16 03 01 00"))})}));
        QVERIFY(!redis.ruledOut(DetectionInput{tcp(6379, {fromClient("*1")})}));
        QVERIFY(!redis.ruledOut(DetectionInput{tcp(6379, {fromClient("PI")})}));
    }

    void survivesTruncation()
    {
        const Detector &redis = detectorNamed("Redis");
        for (const auto &turns : std::vector<std::vector<Turn>>{{fromClient(kSet), fromServer("+OK\r\n"), fromClient(kGet)},
                                                                {fromClient(kAuth), fromServer("+OK\r\n")},
                                                                {fromClient("PING\r\n"), fromServer("+PONG\r\n")}})
            QVERIFY(survivesEveryTruncation(redis, 6, 6379, turns));
    }

    // Zeek's 50 pings (redis-cli on 6379, logging in first): Redis, the port's protocol, with
    // the cleartext AUTH noted (verdict "note": expected, with something worth knowing).
    void zeekPings()
    {
        const QString capture = QStringLiteral(PORTLENS_CORPUS_DIR "/zeek/pop3/redis-50-pings.pcap");
        if (!QFileInfo::exists(capture)) QSKIP("no shared corpus");
        int redis = 0;
        for (const QJsonObject &row : cliRows(capture)) {
            if (row.value(QStringLiteral("verdict")).toString() == QStringLiteral("no-payload")) continue;
            QCOMPARE(row.value(QStringLiteral("server_port")).toInt(), 6379);
            QCOMPARE(row.value(QStringLiteral("service")).toString(), QStringLiteral("Redis"));
            const QJsonObject metadata = row.value(QStringLiteral("metadata")).toObject();
            QCOMPARE(metadata.value(QStringLiteral("redis.command")).toString(), QStringLiteral("AUTH"));
            QVERIFY(metadata.value(QStringLiteral("redis.commands")).toString().contains(QStringLiteral("PING")));
            QCOMPARE(row.value(QStringLiteral("verdict")).toString(), QStringLiteral("note"));
            const QJsonArray notes = row.value(QStringLiteral("notes")).toArray();
            QVERIFY(!notes.isEmpty());
            QCOMPARE(notes.first().toObject().value(QStringLiteral("code")).toString(), QStringLiteral("redis-auth-cleartext"));
            ++redis;
        }
        QVERIFY(redis >= 1);
    }
};

PORTLENS_REGISTER_TEST(TestRedisDetector)
#include "tst_redis_detector.moc"
