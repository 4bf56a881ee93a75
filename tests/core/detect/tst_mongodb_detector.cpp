// MongoDB detector: OP_MSG hello and its reply, legacy OP_QUERY isMaster and OP_REPLY,
// OP_COMPRESSED, near misses (lengths one off, unknown opcodes and flags, broken BSON), other
// protocols' bytes, every truncation, and nDPI's "mongo false positive" capture (encrypted, which
// must not become MongoDB) through the command-line tool.
#include "detector_test_support.h"
#include "registered_tests.h"

#include <QFileInfo>

using namespace portlens;
using namespace portlens::test;

namespace {

std::string le32(std::uint32_t v)
{
    std::string out;
    for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((v >> shift) & 0xff);
    return out;
}
std::string cstr(const std::string &s) { return s + std::string(1, '\0'); }
std::string bsonInt(const std::string &name, std::uint32_t v) { return "\x10" + cstr(name) + le32(v); }
std::string bsonString(const std::string &name, const std::string &v)
{
    return "\x02" + cstr(name) + le32(static_cast<std::uint32_t>(v.size() + 1)) + cstr(v);
}
std::string bsonDouble1(const std::string &name) { return "\x01" + cstr(name) + hex("00 00 00 00 00 00 f0 3f"); }
std::string bsonTrue(const std::string &name) { return "\x08" + cstr(name) + hex("01"); }
std::string document(const std::string &elements) { return le32(static_cast<std::uint32_t>(4 + elements.size() + 1)) + elements + std::string(1, '\0'); }

std::string message(std::uint32_t requestId, std::uint32_t responseTo, std::uint32_t op, const std::string &body)
{
    return le32(static_cast<std::uint32_t>(16 + body.size())) + le32(requestId) + le32(responseTo) + le32(op) + body;
}

const std::string kHello = message(7, 0, 2013, le32(0) + std::string(1, '\0') + document(bsonInt("hello", 1) + bsonString("$db", "admin")));
const std::string kHelloReply = message(41, 7, 2013, le32(0) + std::string(1, '\0') + document(bsonTrue("isWritablePrimary") + bsonDouble1("ok")));
const std::string kQuery = message(3, 0, 2004, le32(0) + cstr("admin.$cmd") + le32(0) + le32(0xffffffff) + document(bsonInt("isMaster", 1)));
const std::string kReply = message(90, 3, 1, le32(8) + std::string(8, '\0') + le32(0) + le32(1) + document(bsonTrue("ismaster") + bsonDouble1("ok")));
const std::string kCompressed = message(8, 0, 2012, le32(2013) + le32(40) + hex("02") + hex("28 b5 2f fd 20 28 41 01 00"));

const std::string kTlsClientHello = hex("16 03 01 00 2f 01 00 00 2b 03 03 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
                                        " 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 00 00 02 13 01 01 00");

} // namespace

class TestMongoDbDetector : public QObject {
    Q_OBJECT

private slots:
    void opMsgHello()
    {
        const auto d = run(detectorNamed("MongoDB"), tcp(27017, {fromClient(kHello), fromServer(kHelloReply)}));
        QVERIFY(d);
        QCOMPARE(d->protocol, std::string("MongoDB"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "mongodb.opcode"), std::string("OP_MSG"));
        QCOMPARE(meta(d, "mongodb.command"), std::string("hello"));
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.length, static_cast<std::uint32_t>(kHello.size()));
        QVERIFY(d->evidence.sentence.find("answered by the server") != std::string::npos);
        QCOMPARE(detectedProtocol(tcp(27017, {fromClient(kHello)})), std::string("MongoDB"));
        const auto reply = run(detectorNamed("MongoDB"), tcp(27017, {fromServer(kHelloReply)}));
        QCOMPARE(meta(reply, "mongodb.command"), std::string("isWritablePrimary"));
    }

    void legacyQueryAndReply()
    {
        const auto d = run(detectorNamed("MongoDB"), tcp(27017, {fromClient(kQuery), fromServer(kReply)}));
        QVERIFY(d);
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "mongodb.opcode"), std::string("OP_QUERY"));
        QCOMPARE(meta(d, "mongodb.command"), std::string("isMaster"));
        QCOMPARE(meta(d, "mongodb.collection"), std::string("admin.$cmd"));
        const auto reply = run(detectorNamed("MongoDB"), tcp(27017, {fromServer(kReply)}));
        QCOMPARE(meta(reply, "mongodb.opcode"), std::string("OP_REPLY"));
        QCOMPARE(reply->confidence, Confidence::High);
        // A client does not send OP_REPLY.
        QVERIFY(!run(detectorNamed("MongoDB"), tcp(27017, {fromClient(kReply)})));
    }

    void compressedIsMedium()
    {
        const auto d = run(detectorNamed("MongoDB"), tcp(27017, {fromClient(kCompressed)}));
        QVERIFY(d);
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(meta(d, "mongodb.opcode"), std::string("OP_COMPRESSED"));
    }

    void nearMisses_data()
    {
        QTest::addColumn<QByteArray>("client");
        const auto add = [](const char *name, const std::string &bytes) { QTest::newRow(name) << QByteArray::fromStdString(bytes); };
        add("opcode 2014", with(kHello, 12, 0xde));
        add("length one long", with(kHello, 0, static_cast<unsigned char>(kHello.size() + 1)));
        add("length one short", with(kHello, 0, static_cast<unsigned char>(kHello.size() - 1)));
        add("required flag bit", with(kHello, 16, 0x04));
        add("section kind 2", with(kHello, 20, 2));
        add("BSON length one long", with(kHello, 21, static_cast<unsigned char>(kHello[21] + 1)));
        add("BSON not terminated", kHello.substr(0, kHello.size() - 1) + "x");
        add("unknown BSON type", with(kHello, 25, 0x20));
        add("collection without a dot", message(3, 0, 2004, le32(0) + cstr("admin") + le32(0) + le32(0) + document(bsonInt("isMaster", 1))));
        add("compressed with compressor 9", with(kCompressed, 24, 9));
        add("TLS ClientHello", kTlsClientHello);
        add("HTTP", "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        add("garbage", std::string(64, '\0'));
    }
    void nearMisses()
    {
        QFETCH(QByteArray, client);
        QVERIFY(!run(detectorNamed("MongoDB"), tcp(27017, {fromClient(client.toStdString())})));
    }

    void ruledOutByTheOpcode()
    {
        const Detector &mongo = detectorNamed("MongoDB");
        QVERIFY(mongo.ruledOut(DetectionInput{tcp(27017, {fromClient(kTlsClientHello)})}));
        QVERIFY(!mongo.ruledOut(DetectionInput{tcp(27017, {fromClient(kHello.substr(0, 14))})}));
        QVERIFY(!mongo.ruledOut(DetectionInput{tcp(27017, {fromClient(kHello.substr(0, 20))})}));
    }

    void survivesTruncation()
    {
        const Detector &mongo = detectorNamed("MongoDB");
        for (const auto &turns : std::vector<std::vector<Turn>>{{fromClient(kHello), fromServer(kHelloReply)},
                                                                {fromClient(kQuery), fromServer(kReply)},
                                                                {fromClient(kCompressed)}})
            QVERIFY(survivesEveryTruncation(mongo, 6, 27017, turns));
    }

    // nDPI keeps this capture because an older nDPI took it for MongoDB: a fully encrypted flow
    // on 443 that nDPI now names TLS by its port alone. Its bytes are not MongoDB.
    void ndpiFalsePositiveStaysUnnamed()
    {
        const QString capture = QStringLiteral(PORTLENS_CORPUS_DIR "/ndpi/mongo_false_positive.pcapng");
        if (!QFileInfo::exists(capture)) QSKIP("no shared corpus");
        int rows = 0;
        for (const QJsonObject &row : cliRows(capture)) {
            QCOMPARE(row.value(QStringLiteral("server_port")).toInt(), 443);
            QVERIFY(row.value(QStringLiteral("service")).toString() != QStringLiteral("MongoDB"));
            ++rows;
        }
        QCOMPARE(rows, 1);
    }
};

PORTLENS_REGISTER_TEST(TestMongoDbDetector)
#include "tst_mongodb_detector.moc"
