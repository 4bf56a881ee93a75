// TDS detector: a PRELOGIN and the server's response (versions, encryption), a LOGIN7 sent
// without TLS (user, application, and the note on its scrambled password), near misses one field
// off, other protocols' bytes and every truncation. The shared corpus has no TDS payload (the
// 1433 connections in nDPI's synscan capture are bare SYNs), so no capture is checked.
#include "detector_test_support.h"
#include "registered_tests.h"

using namespace portlens;
using namespace portlens::test;

namespace {

// PRELOGIN: VERSION 15.0.2000, ENCRYPTION off, INSTOPT, THREADID, MARS; packet length 47.
const std::string kPrelogin = hex("12 01 00 2f 00 00 00 00"
                                  " 00 00 1a 00 06 01 00 20 00 01 02 00 21 00 01 03 00 22 00 04 04 00 26 00 01 ff"
                                  " 0f 00 07 d0 00 00 00 00 00 00 12 34 00");
// Response: VERSION 15.0.4346, ENCRYPTION required; packet length 26.
const std::string kPreloginReply = hex("04 01 00 1a 00 00 01 00"
                                       " 00 00 0b 00 06 01 00 11 00 01 ff"
                                       " 0f 00 10 fa 00 00 03");

std::string utf16(const std::string &s)
{
    std::string out;
    for (char ch : s) out += std::string(1, ch) + std::string(1, '\0');
    return out;
}
std::string le16(std::size_t v) { return std::string(1, static_cast<char>(v & 0xff)) + std::string(1, static_cast<char>((v >> 8) & 0xff)); }

// LOGIN7 (TDS 7.4) naming host WS01, user sa, a 4-character password and application sqlcmd.
std::string login7(std::uint32_t version = 0x74000004)
{
    std::string fixed = hex("00 10 00 00 00 00 00 07 00 01 00 00 00 00 00 00 e0 03 00 00 00 00 00 00 09 04 00 00");
    std::string v;
    for (int shift = 0; shift < 32; shift += 8) v += static_cast<char>((version >> shift) & 0xff);
    const std::string pairs = le16(52) + le16(4) + le16(60) + le16(2) + le16(64) + le16(4) + le16(72) + le16(6);
    const std::string data = utf16("WS01") + utf16("sa") + hex("a5 b3 92 92 b3 a5 a2 a5") + utf16("sqlcmd");
    const std::size_t length = 8 + fixed.size() + pairs.size() + data.size();
    std::string len;
    for (int shift = 0; shift < 32; shift += 8) len += static_cast<char>((length >> shift) & 0xff);
    const std::string payload = len + v + fixed + pairs + data;
    const std::size_t packet = 8 + payload.size();
    return hex("10 01") + std::string(1, static_cast<char>(packet >> 8)) + std::string(1, static_cast<char>(packet & 0xff)) +
           hex("00 00 01 00") + payload;
}
const std::string kLogin7 = login7();

const std::string kTlsClientHello = hex("16 03 01 00 2f 01 00 00 2b 03 03 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
                                        " 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 00 00 02 13 01 01 00");
const std::string kSmbNegotiate = hex("00 00 00 2f ff 53 4d 42 72 00 00 00 00 18 53 c8 00 00 00 00 00 00 00 00 00 00 00 00"
                                      " 00 00 ff fe 00 00 00 00 00 0c 00 02 4e 54 20 4c 4d 20 30 2e 31 32 00");

} // namespace

class TestTdsDetector : public QObject {
    Q_OBJECT

private slots:
    void preloginAndResponse()
    {
        const auto d = run(detectorNamed("TDS"), tcp(1433, {fromClient(kPrelogin), fromServer(kPreloginReply)}));
        QVERIFY(d);
        QCOMPARE(d->protocol, std::string("TDS"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "tds.version"), std::string("15.0.2000"));
        QCOMPARE(meta(d, "tds.server_version"), std::string("15.0.4346"));
        QCOMPARE(meta(d, "tds.encryption"), std::string("required"));
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.length, std::uint32_t{47});
        QCOMPARE(detectedProtocol(tcp(1433, {fromClient(kPrelogin)})), std::string("TDS"));
        const auto reply = run(detectorNamed("TDS"), tcp(1433, {fromServer(kPreloginReply)}));
        QVERIFY(reply);
        QCOMPARE(reply->evidence.direction, Direction::ToClient);
        QCOMPARE(meta(run(detectorNamed("TDS"), tcp(1433, {fromClient(kPrelogin)})), "tds.encryption"), std::string("off (login only)"));
    }

    void login7InClearIsNoted()
    {
        const Connection c = tcp(1433, {fromClient(kLogin7)});
        const auto d = run(detectorNamed("TDS"), c);
        QVERIFY(d);
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "tds.version"), std::string("7.4"));
        QCOMPARE(meta(d, "tds.user"), std::string("sa"));
        QCOMPARE(meta(d, "tds.app"), std::string("sqlcmd"));
        QCOMPARE(meta(d, "tds.login"), std::string("password in clear"));
        std::vector<VerdictNote> notes;
        Connection judged = c;
        judged.detection = *d;
        detectorNamed("TDS").notes(NoteContext(judged, PortKnowledge::builtin(), notes));
        QCOMPARE(notes.size(), std::size_t{1});
        QCOMPARE(notes[0].code, std::string("tds-cleartext-login"));
        notes.clear();
        judged.detection = *run(detectorNamed("TDS"), tcp(1433, {fromClient(kPrelogin)}));
        detectorNamed("TDS").notes(NoteContext(judged, PortKnowledge::builtin(), notes));
        QVERIFY(notes.empty());
    }

    void nearMisses_data()
    {
        QTest::addColumn<QByteArray>("client");
        const auto add = [](const char *name, const std::string &bytes) { QTest::newRow(name) << QByteArray::fromStdString(bytes); };
        add("packet length one long", with(kPrelogin, 3, 0x30));
        add("packet length one short", with(kPrelogin, 3, 0x2e));
        add("window not zero", with(kPrelogin, 7, 1));
        add("unknown status bit", with(kPrelogin, 1, 0x81));
        add("first option not VERSION", with(kPrelogin, 8, 0x01));
        add("option inside the table", with(kPrelogin, 15, 0x10));
        add("option past the payload", with(kPrelogin, 30, 0x30));
        add("table not terminated", with(kPrelogin, 33, 0x05));
        add("encryption value 7", with(kPrelogin, 40, 7));
        add("LOGIN7 length one off", with(kLogin7, 8, static_cast<unsigned char>(kLogin7[8] + 1)));
        add("LOGIN7 unknown TDS version", login7(0x75000000));
        add("SQL batch first", with(kPrelogin, 0, 0x01));
        add("TLS ClientHello", kTlsClientHello);
        add("SMB negotiate", kSmbNegotiate);
        add("HTTP", "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        add("garbage", std::string(64, '\x12'));
    }
    void nearMisses()
    {
        QFETCH(QByteArray, client);
        QVERIFY(!run(detectorNamed("TDS"), tcp(1433, {fromClient(client.toStdString())})));
    }

    void ruledOutByTheFirstByte()
    {
        const Detector &tds = detectorNamed("TDS");
        QVERIFY(tds.ruledOut(DetectionInput{tcp(1433, {fromClient(kTlsClientHello)})}));
        QVERIFY(!tds.ruledOut(DetectionInput{tcp(1433, {fromClient(kPrelogin.substr(0, 4))})}));
        QVERIFY(!tds.ruledOut(DetectionInput{tcp(1433, {fromServer(kPreloginReply)})}));
    }

    void survivesTruncation()
    {
        const Detector &tds = detectorNamed("TDS");
        QVERIFY(survivesEveryTruncation(tds, 6, 1433, {fromClient(kPrelogin), fromServer(kPreloginReply)}));
        QVERIFY(survivesEveryTruncation(tds, 6, 1433, {fromClient(kLogin7)}));
    }
};

PORTLENS_REGISTER_TEST(TestTdsDetector)
#include "tst_tds_detector.moc"
