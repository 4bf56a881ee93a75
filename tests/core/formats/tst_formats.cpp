// Output formats: TSV columns, JSON Lines that parse, and a Zeek conn.log that zeek-cut reads
// (header lines, 21 fields, '-' for unset values).
#include "core/formats/connection_writer.h"
#include "core/ports/port_knowledge.h"
#include "packet_builder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>
#include <sstream>

using namespace portlens;
using namespace portlens::test;

namespace {
std::vector<Connection> sampleConnections()
{
    FlowHarness h;
    h.feed(ethTcp4("192.0.2.10", "198.51.100.20", {.sport = 40000, .dport = 22, .seq = 1, .flags = TcpFlag::Syn}), 1'700'000'000'123'456'789);
    h.feed(ethTcp4("198.51.100.20", "192.0.2.10", {.sport = 22, .dport = 40000, .seq = 9, .ack = 2, .flags = TcpFlag::Syn | TcpFlag::Ack}), 1'700'000'000'223'456'789);
    h.feed(ethernet(ipv6("2001:db8::1", "2001:db8::53", 17, udpDatagram({.sport = 5353, .dport = 5353, .payload = "x"})), 0x86dd), 1'700'000'001'000'000'000);
    return h.finish();
}

std::string render(OutputFormat format)
{
    std::ostringstream out;
    auto writer = makeConnectionWriter(format, out);
    writer->begin();
    writer->beginCapture("sample.pcap", 0, 1);
    for (const Connection &c : sampleConnections()) writer->write(c, judge(c, PortKnowledge::builtin()), "sample.pcap");
    writer->end();
    return out.str();
}

QStringList lines(const std::string &text)
{
    return QString::fromStdString(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}
} // namespace

class TestFormats : public QObject {
    Q_OBJECT

private slots:
    void tsv()
    {
        const QStringList rows = lines(render(OutputFormat::Tsv));
        QCOMPARE(rows.size(), 3);
        const QStringList header = rows[0].split(QLatin1Char('\t'));
        const QStringList first = rows[1].split(QLatin1Char('\t'));
        QCOMPARE(first.size(), header.size());
        QCOMPARE(first[header.indexOf(QStringLiteral("start"))], QStringLiteral("1700000000.123456"));
        QCOMPARE(first[header.indexOf(QStringLiteral("duration"))], QStringLiteral("0.100000"));
        QCOMPARE(first[header.indexOf(QStringLiteral("server_port"))], QStringLiteral("22"));
        QCOMPARE(first[header.indexOf(QStringLiteral("conn_state"))], QStringLiteral("S1"));
        QCOMPARE(first[header.indexOf(QStringLiteral("history"))], QStringLiteral("Sh"));
        QCOMPARE(first[header.indexOf(QStringLiteral("capture"))], QStringLiteral("sample.pcap"));
        const QStringList second = rows[2].split(QLatin1Char('\t'));
        QCOMPARE(second[header.indexOf(QStringLiteral("client"))], QStringLiteral("2001:db8::1"));
        QCOMPARE(second[header.indexOf(QStringLiteral("roles"))], QStringLiteral("peers"));
        QVERIFY(first[header.indexOf(QStringLiteral("uid"))].startsWith(QLatin1Char('C')));
        QCOMPARE(first[header.indexOf(QStringLiteral("uid"))].size(), 18);
    }

    void jsonLines()
    {
        const QStringList rows = lines(render(OutputFormat::JsonLines));
        QCOMPARE(rows.size(), 2);
        for (const QString &row : rows) {
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(row.toUtf8(), &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
            QVERIFY(doc.isObject());
        }
        const QJsonObject first = QJsonDocument::fromJson(rows[0].toUtf8()).object();
        QCOMPARE(first.value(QStringLiteral("server_port")).toInt(), 22);
        QCOMPARE(first.value(QStringLiteral("transport")).toString(), QStringLiteral("tcp"));
        QCOMPARE(first.value(QStringLiteral("client_packets")).toInt(), 1);
    }

    void zeekConnLog()
    {
        const QStringList rows = lines(render(OutputFormat::ZeekConnLog));
        QVERIFY(rows[0].startsWith(QStringLiteral("#separator \\x09")));
        const int fieldsLine = static_cast<int>(rows.indexOf(QRegularExpression(QStringLiteral("^#fields\t.*"))));
        QVERIFY(fieldsLine > 0);
        const QStringList fields = rows[fieldsLine].split(QLatin1Char('\t')).mid(1);
        const QStringList types = rows[fieldsLine + 1].split(QLatin1Char('\t')).mid(1);
        QCOMPARE(fields.size(), 24); // Zeek's 21 and PortLens's verdict, severity and reason
        QCOMPARE(types.size(), fields.size());
        QCOMPARE(fields[2], QStringLiteral("id.orig_h"));
        QVERIFY(rows.last().startsWith(QStringLiteral("#close\t")));
        const QStringList data = rows.filter(QRegularExpression(QStringLiteral("^[^#]")));
        QCOMPARE(data.size(), 2);
        for (const QString &row : data) QCOMPARE(row.split(QLatin1Char('\t')).size(), fields.size());
        const QStringList single = data[1].split(QLatin1Char('\t'));
        QCOMPARE(single[fields.indexOf(QStringLiteral("duration"))], QStringLiteral("-")); // one packet: unset
        QCOMPARE(single[fields.indexOf(QStringLiteral("proto"))], QStringLiteral("udp"));
    }

    void tableIsReadable()
    {
        const QStringList rows = lines(render(OutputFormat::Table));
        QCOMPARE(rows.size(), 3);
        QVERIFY(rows[0].contains(QStringLiteral("Client")));
        QVERIFY(rows[1].contains(QStringLiteral("192.0.2.10:40000")));
        QVERIFY(rows[2].contains(QStringLiteral("[2001:db8::53]:5353")));
    }

    void formatNames()
    {
        QCOMPARE(parseOutputFormat("zeek"), OutputFormat::ZeekConnLog);
        QCOMPARE(parseOutputFormat("jsonl"), OutputFormat::JsonLines);
        QVERIFY(!parseOutputFormat("xml").has_value());
        QCOMPARE(formatByteCount(999), std::string("999 B"));
        QCOMPARE(formatByteCount(1234567), std::string("1.2 MB"));
    }

    // Seconds are truncated toward zero to microseconds, before 1970 as after: a time before the
    // epoch reads as the positive one with a minus sign, never as the second below it.
    void epochSecondsBeforeTheEpoch()
    {
        QCOMPARE(formatEpochSeconds(0), std::string("0.000000"));
        QCOMPARE(formatEpochSeconds(1), std::string("0.000000"));
        QCOMPARE(formatEpochSeconds(1'999'999'999), std::string("1.999999"));
        QCOMPARE(formatEpochSeconds(-1), std::string("-0.000000"));                  // -1 ns
        QCOMPARE(formatEpochSeconds(-999), std::string("-0.000000"));
        QCOMPARE(formatEpochSeconds(-1'000), std::string("-0.000001"));              // -1 us
        QCOMPARE(formatEpochSeconds(-999'999'999), std::string("-0.999999"));
        QCOMPARE(formatEpochSeconds(-1'000'000'000), std::string("-1.000000"));      // -1 s
        QCOMPARE(formatEpochSeconds(-1'000'000'001), std::string("-1.000000"));
        QCOMPARE(formatEpochSeconds(-1'500'000'000), std::string("-1.500000"));      // -1.5 s
        QCOMPARE(formatEpochSeconds(-1'736'935'200'123'456'789), std::string("-1736935200.123456"));
        QCOMPARE(formatEpochSeconds(std::numeric_limits<std::int64_t>::min()), std::string("-9223372036.854775"));
        QCOMPARE(formatEpochSeconds(std::numeric_limits<std::int64_t>::max()), std::string("9223372036.854775"));
        QCOMPARE(formatSeconds(-1'500'000'000), std::string("-1.500000"));
    }
};

QTEST_GUILESS_MAIN(TestFormats)
#include "tst_formats.moc"
