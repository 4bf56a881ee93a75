// Output formats: TSV columns, JSON Lines that parse, and a Zeek conn.log that zeek-cut reads
// (header lines, 21 fields, '-' for unset values).
#include "core/formats/connection_writer.h"
#include "core/ports/port_knowledge.h"
#include "packet_builder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
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

// What a JSON Lines row is: the object nlohmann::ordered_json dumps for the connection (the
// writer's definition before it wrote the bytes itself, kept here as the reference to match).
std::string referenceJsonLine(const Connection &c, const Verdict &v, std::string_view capture)
{
    nlohmann::ordered_json row = {
        {"id", c.id},
        {"uid", c.uid()},
        {"ts", static_cast<double>(c.firstNs) / 1e9},
        {"start", formatUtcTime(c.firstNs)},
        {"duration", static_cast<double>(c.lastNs - c.firstNs) / 1e9},
        {"transport", transportName(c.transport)},
        {"client", c.client.address.toString()},
        {"client_port", c.client.port},
        {"server", c.server.address.toString()},
        {"server_port", c.server.port},
        {"roles", rolesName(c.roles)},
        {"conn_state", c.connState()},
        {"history", c.history},
        {"service", c.detection.protocol.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(c.detection.protocol)},
        {"port_service", v.portService},
        {"verdict", verdictKindName(v.kind)},
        {"severity", severityName(v.severity)},
        {"reason", v.reason.toString()},
        {"client_packets", c.toServer.packets},
        {"client_bytes", c.toServer.wireBytes},
        {"client_ip_bytes", c.toServer.ipBytes},
        {"client_payload", c.toServer.payloadBytes},
        {"server_packets", c.toClient.packets},
        {"server_bytes", c.toClient.wireBytes},
        {"server_ip_bytes", c.toClient.ipBytes},
        {"server_payload", c.toClient.payloadBytes},
        {"missed_bytes", c.missedBytes},
        {"end_reason", endReasonName(c.endReason)},
        {"capture", std::string(capture)},
    };
    nlohmann::ordered_json notes = nlohmann::ordered_json::array();
    for (const VerdictNote &n : v.notes)
        notes.push_back({{"code", n.code}, {"severity", severityName(n.severity)}, {"text", n.message.toString()}});
    row["notes"] = std::move(notes);
    if (!c.detection.protocol.empty()) {
        const Evidence &e = c.detection.evidence;
        row["evidence"] = {{"direction", e.direction == Direction::ToServer ? "client" : "server"},
                           {"offset", e.offset}, {"length", e.length}, {"sentence", e.sentence}};
        nlohmann::ordered_json metadata = nlohmann::ordered_json::object();
        for (const auto &[key, value] : c.detection.metadata) {
            auto &slot = metadata[key];
            if (slot.is_null()) slot = value;
            else if (slot.is_array()) slot.push_back(value);
            else slot = nlohmann::ordered_json::array({slot, value});
        }
        row["metadata"] = std::move(metadata);
    }
    if (c.relatedId) row["related_id"] = c.relatedId;
    return row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Connections whose every text field is hostile in its own way, for the JSON escaping.
std::vector<std::pair<Connection, Verdict>> awkwardConnections()
{
    const std::vector<std::string> texts = {
        "",
        "plain ascii",
        "quote \" backslash \\ slash /",
        std::string("controls \b\f\n\r\t \x01\x1f\x7f end\0nul", 26), // with a NUL inside
        std::string("nul \0 inside", 12),
        "caf\xc3\xa9 \xe2\x96\xb8 \xf0\x9f\x94\x92 utf-8",
        "bad \xff byte",
        "cut \xe2\x96",
        "\xc3",
        "lone \x80 continuation then \" and \n",
        "overlong \xc0\xaf and surrogate \xed\xa0\x80",
    };
    std::vector<std::pair<Connection, Verdict>> out;
    std::uint64_t id = 1;
    for (const std::string &t : texts) {
        Connection c;
        c.id = id++;
        c.transport = id % 2 ? 6 : 17;
        c.client.address = *IpAddress::parse(id % 3 ? "192.0.2.10" : "2001:db8::1");
        c.client.port = static_cast<std::uint16_t>(40000 + id);
        c.server.address = *IpAddress::parse(id % 3 ? "198.51.100.20" : "2001:db8::53");
        c.server.port = 443;
        // Times that make the shortest-round-trip doubles work: fractions, whole seconds, zero,
        // negative durations (timestamps going backwards), before 1970, tiny and huge.
        static const std::int64_t firsts[] = {1'700'000'000'123'456'789, 0, -1'500'000'000, 1'000'000'000, 1,
                                              1'736'935'200'000'000'000, 123'456, 9'000'000'000'000'000'000};
        static const std::int64_t spans[] = {100'000'000, 0, -5'000, 1, 86'400'000'000'000, 7, 999'999'999, 10'000};
        c.firstNs = firsts[id % std::size(firsts)];
        c.lastNs = c.firstNs + spans[(id * 3) % std::size(spans)];
        c.toServer = {id, id * 60, id * 46, id * 6};
        c.toClient = {id * 2, id * 120, id * 92, 0};
        c.missedBytes = id % 4 ? 0 : std::numeric_limits<std::uint64_t>::max();
        c.history = id % 2 ? "ShAD" : t;
        c.endReason = static_cast<EndReason>(id % 4);
        c.roles = static_cast<Roles>(id % 3);
        if (id % 2 == 0) {
            c.detection.protocol = id % 4 ? "TLS" : t;
            c.detection.evidence = {id % 3 ? Direction::ToServer : Direction::ToClient, static_cast<std::uint32_t>(id),
                                    4'000'000'000u, t};
            c.detection.metadata = {{"sni", t}, {"alpn", "h2"}, {t, "key itself odd"}, {"sni", "second"}, {"alpn", t}, {"sni", "third"}};
        }
        c.relatedId = id % 5 == 0 ? id - 1 : 0;
        Verdict v;
        v.kind = static_cast<VerdictKind>(id % 6);
        v.severity = static_cast<Severity>(id % 3);
        v.reason = Message{"reason %1", {t}};
        v.portService = id % 2 ? t : "HTTPS";
        if (id % 3 != 1) v.notes.push_back({t, Severity::Warning, Message{"note: %1", {t}}});
        if (id % 3 == 2) v.notes.push_back({"second", Severity::Info, Message{"plain", {}}});
        out.emplace_back(std::move(c), std::move(v));
    }
    return out;
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

    // The writer's bytes are the ones nlohmann::json dumps for the same object, row for row,
    // on the sample and on values that need every kind of escaping.
    void jsonLinesAreNlohmannBytes()
    {
        std::ostringstream out;
        std::string expected;
        auto writer = makeConnectionWriter(OutputFormat::JsonLines, out);
        writer->begin();
        writer->beginCapture("sample.pcap", 0, 1);
        for (const Connection &c : sampleConnections()) {
            const Verdict v = judge(c, PortKnowledge::builtin());
            writer->write(c, v, "sample.pcap");
            expected += referenceJsonLine(c, v, "sample.pcap");
        }
        for (const auto &[c, v] : awkwardConnections()) {
            const std::string capture = c.id % 2 ? "odd\xff name \"x\".pcap" : "dir/caf\xc3\xa9.pcap";
            writer->write(c, v, capture);
            expected += referenceJsonLine(c, v, capture);
        }
        writer->end();
        const QStringList got = QString::fromStdString(out.str()).split(QLatin1Char('\n'));
        const QStringList want = QString::fromStdString(expected).split(QLatin1Char('\n'));
        QCOMPARE(got.size(), want.size());
        for (qsizetype i = 0; i < got.size(); ++i) QCOMPARE(got[i], want[i]);
        QCOMPARE(out.str(), expected); // and byte for byte (QString comparison hides invalid UTF-8)
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

    // Up to kTableWindow rows the table is sorted by start whatever the order rows end in; past
    // it the writer holds no more than the window (rows are printed as the window fills), keeps
    // start order wherever a row ends no more than a window late, and counts the rows it could
    // not place in a note.
    void tableWindowBoundsWhatItHolds()
    {
        Connection base = sampleConnections().front();
        const Verdict v = judge(base, PortKnowledge::builtin());
        auto idsOf = [](const std::string &text) {
            std::vector<std::uint64_t> ids;
            for (const QString &line : lines(text).mid(1)) ids.push_back(line.trimmed().section(QLatin1Char(' '), 0, 0).toULongLong());
            return ids;
        };
        // Fewer rows than the window, ending in reverse: listed in start order.
        {
            std::ostringstream out;
            auto writer = makeConnectionWriter(OutputFormat::Table, out);
            writer->beginCapture("x", 0, 1);
            for (std::uint64_t id = 1000; id >= 1; --id) {
                base.id = id;
                writer->write(base, v, "x");
            }
            QCOMPARE(out.str().size(), std::size_t{0}); // all held until the capture ends
            writer->endCapture();
            const std::vector<std::uint64_t> ids = idsOf(out.str());
            QCOMPARE(ids.size(), std::size_t{1000});
            QVERIFY(std::is_sorted(ids.begin(), ids.end()));
            QCOMPARE(writer->takeNote(), std::string());
        }
        // Three windows' worth, ending in blocks of 1000 in reverse (each block late by at most
        // 999 rows: within the window), plus one connection (id 1) that ends last of all.
        {
            std::ostringstream out;
            auto writer = makeConnectionWriter(OutputFormat::Table, out);
            writer->beginCapture("x", 0, 1);
            const std::uint64_t total = 3 * kTableWindow;
            std::size_t linesBefore = 0;
            for (std::uint64_t block = 0; block < total / 1000; ++block) {
                for (std::uint64_t k = 1000; k >= 1; --k) {
                    base.id = block * 1000 + k + 1;
                    writer->write(base, v, "x");
                }
                // Never more than the window held: what arrived minus what was printed.
                const std::string sofar = out.str();
                const auto printed = static_cast<std::size_t>(std::count(sofar.begin(), sofar.end(), '\n'));
                const std::size_t arrived = (block + 1) * 1000;
                QVERIFY2(arrived - std::min(arrived, printed > 0 ? printed - 1 : 0) <= kTableWindow, qPrintable(QString::number(block)));
                linesBefore = printed;
            }
            QVERIFY(linesBefore > 0); // rows went out before the capture ended
            base.id = 1;
            writer->write(base, v, "x");
            writer->endCapture();
            std::vector<std::uint64_t> ids = idsOf(out.str());
            QCOMPARE(ids.size(), std::size_t{total + 1});
            // The late row is printed as it arrives, ahead of the window still held.
            const auto late = std::find(ids.begin(), ids.end(), std::uint64_t{1});
            QCOMPARE(std::size_t(late - ids.begin()), std::size_t{total - kTableWindow});
            ids.erase(late);
            QVERIFY(std::is_sorted(ids.begin(), ids.end()));
            QCOMPARE(ids.front(), std::uint64_t{2});
            QCOMPARE(ids.back(), std::uint64_t{total + 1});
            QCOMPARE(writer->takeNote().rfind("1 row(s) of the table appear after", 0), std::size_t{0});
            QCOMPARE(writer->takeNote(), std::string()); // taken once
        }
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
