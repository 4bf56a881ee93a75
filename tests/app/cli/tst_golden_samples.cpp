// Golden samples, nDPI style: every folder of tests/golden/ holds a dialogue (dialogue.txt: the
// connection and its turns, as text or hex) and what portlens-cli makes of it (expected.jsonl).
// This test writes each dialogue into a pcap (TCP with its handshake and closing, UDP as
// datagrams), runs `portlens-cli analyze --format jsonl` on it and compares the output with the
// expected file byte for byte, printing the fields that differ. PORTLENS_UPDATE_GOLDEN=1 rewrites
// the expected files instead (tests/golden/README.md). A new folder is a new sample: no list.
#include "capture_writer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace portlens;
using namespace portlens::test;

namespace {

const QString kGoldenDir = QStringLiteral(PORTLENS_SOURCE_DIR "/tests/golden");

struct Endpoint {
    QByteArray address;
    std::uint16_t port = 0;
};

struct Dialogue {
    bool tcp = true;
    Endpoint client, server;
    std::vector<std::pair<bool, std::string>> turns; // (from the client, bytes)
};

std::optional<Endpoint> parseEndpoint(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (colon <= 0 || !ok || port > 65535) return std::nullopt;
    return Endpoint{text.left(colon).toLatin1(), static_cast<std::uint16_t>(port)};
}

// "text" with \r \n \t \\ \xHH escapes, as in C.
std::string unescape(const QString &text)
{
    const QByteArray in = text.toUtf8();
    std::string out;
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != '\\' || i + 1 == in.size()) { out += in[i]; continue; }
        const char e = in[++i];
        if (e == 'r') out += '\r';
        else if (e == 'n') out += '\n';
        else if (e == 't') out += '\t';
        else if (e == '0') out += '\0';
        else if (e == 'x' && i + 2 < in.size()) { out += static_cast<char>(in.mid(i + 1, 2).toUInt(nullptr, 16)); i += 2; }
        else out += e;
    }
    return out;
}

std::string unhex(const QString &text)
{
    const QByteArray bytes = QByteArray::fromHex(text.toLatin1());
    return bytes.toStdString();
}

// dialogue.txt: '#' comments, then "tcp|udp CLIENT:PORT -> SERVER:PORT" and one turn a line,
// "client text: ...", "server hex: ..." (a turn is one TCP segment or one datagram).
std::optional<Dialogue> parseDialogue(const QString &path, QString &error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) { error = QStringLiteral("cannot read ") + path; return std::nullopt; }
    Dialogue d;
    bool haveConnection = false;
    int number = 0;
    static const QRegularExpression connection(QStringLiteral("^(tcp|udp)\\s+(\\S+)\\s*->\\s*(\\S+)$"));
    static const QRegularExpression turn(QStringLiteral("^(client|server) (text|hex): ?(.*)$"));
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).chopped(1);
        ++number;
        if (line.trimmed().isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        if (const auto m = connection.match(line); m.hasMatch() && !haveConnection) {
            const auto client = parseEndpoint(m.captured(2)), server = parseEndpoint(m.captured(3));
            if (!client || !server) { error = QStringLiteral("line %1: bad address").arg(number); return std::nullopt; }
            d.tcp = m.captured(1) == QStringLiteral("tcp");
            d.client = *client;
            d.server = *server;
            haveConnection = true;
        } else if (const auto t = turn.match(line); t.hasMatch() && haveConnection) {
            const bool fromClient = t.captured(1) == QStringLiteral("client");
            d.turns.emplace_back(fromClient, t.captured(2) == QStringLiteral("hex") ? unhex(t.captured(3)) : unescape(t.captured(3)));
        } else {
            error = QStringLiteral("line %1: expected %2").arg(number).arg(haveConnection ? QStringLiteral("'client|server text|hex: ...'")
                                                                                          : QStringLiteral("'tcp|udp CLIENT:PORT -> SERVER:PORT'"));
            return std::nullopt;
        }
    }
    if (!haveConnection || d.turns.empty()) { error = QStringLiteral("no connection line or no turns"); return std::nullopt; }
    return d;
}

// The frames of the dialogue, 1 ms apart from 2026-01-15 10:00:00 UTC.
std::vector<TimedFrame> framesOf(const Dialogue &d)
{
    std::vector<TimedFrame> frames;
    std::int64_t ns = 1'768'471'200'000'000'000;
    const char *client = d.client.address.constData(), *server = d.server.address.constData();
    const auto add = [&](Frame frame) {
        frames.push_back({ns, std::move(frame)});
        ns += 1'000'000;
    };
    if (!d.tcp) {
        for (const auto &[fromClient, bytes] : d.turns) {
            add(fromClient ? ethUdp4(client, server, {.sport = d.client.port, .dport = d.server.port, .payload = bytes})
                                       : ethUdp4(server, client, {.sport = d.server.port, .dport = d.client.port, .payload = bytes}));
        }
        return frames;
    }
    std::uint32_t clientSeq = 1000, serverSeq = 5000;
    const auto segment = [&](bool fromClient, std::uint8_t flags, const std::string &payload) {
        Tcp t{.sport = fromClient ? d.client.port : d.server.port, .dport = fromClient ? d.server.port : d.client.port,
              .seq = fromClient ? clientSeq : serverSeq, .ack = fromClient ? serverSeq : clientSeq, .flags = flags,
              .payload = payload};
        if (!(flags & TcpFlag::Ack)) t.ack = 0;
        add(fromClient ? ethTcp4(client, server, t) : ethTcp4(server, client, t));
        const auto length = static_cast<std::uint32_t>(payload.size()) + ((flags & (TcpFlag::Syn | TcpFlag::Fin)) ? 1u : 0u);
        (fromClient ? clientSeq : serverSeq) += length;
    };
    segment(true, TcpFlag::Syn, {});
    segment(false, TcpFlag::Syn | TcpFlag::Ack, {});
    segment(true, TcpFlag::Ack, {});
    for (const auto &[fromClient, bytes] : d.turns) segment(fromClient, TcpFlag::Psh | TcpFlag::Ack, bytes);
    segment(true, TcpFlag::Fin | TcpFlag::Ack, {});
    segment(false, TcpFlag::Fin | TcpFlag::Ack, {});
    segment(true, TcpFlag::Ack, {});
    return frames;
}

// The lines that differ, and for JSON lines the fields that differ.
QString describeDifference(const QByteArray &expected, const QByteArray &actual)
{
    const QList<QByteArray> e = expected.split('\n'), a = actual.split('\n');
    QString out;
    for (qsizetype i = 0; i < std::max(e.size(), a.size()); ++i) {
        const QByteArray el = i < e.size() ? e[i] : QByteArray(), al = i < a.size() ? a[i] : QByteArray();
        if (el == al) continue;
        out += QStringLiteral("line %1:\n").arg(i + 1);
        const QJsonObject eo = QJsonDocument::fromJson(el).object(), ao = QJsonDocument::fromJson(al).object();
        QStringList keys = eo.keys() + ao.keys();
        keys.removeDuplicates();
        for (const QString &key : keys) {
            const QByteArray ev = QJsonDocument(QJsonObject{{key, eo.value(key)}}).toJson(QJsonDocument::Compact);
            const QByteArray av = QJsonDocument(QJsonObject{{key, ao.value(key)}}).toJson(QJsonDocument::Compact);
            if (ev == av) continue;
            out += QStringLiteral("  - %1\n  + %2\n").arg(QString::fromUtf8(eo.contains(key) ? ev : QByteArray("(absent)")),
                                                       QString::fromUtf8(ao.contains(key) ? av : QByteArray("(absent)")));
        }
        if (eo.isEmpty() && ao.isEmpty()) out += QStringLiteral("  - %1\n  + %2\n").arg(QString::fromUtf8(el), QString::fromUtf8(al));
    }
    return out;
}

} // namespace

class TestGoldenSamples : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void goldenSamples_data()
    {
        QTest::addColumn<QString>("folder");
        const QStringList folders = QDir(kGoldenDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY2(!folders.isEmpty(), qPrintable(QStringLiteral("no samples in ") + kGoldenDir));
        for (const QString &folder : folders) QTest::newRow(qPrintable(folder)) << folder;
    }

    void goldenSamples()
    {
        QFETCH(QString, folder);
        const QDir sample(kGoldenDir + QLatin1Char('/') + folder);
        QString error;
        const auto dialogue = parseDialogue(sample.filePath(QStringLiteral("dialogue.txt")), error);
        QVERIFY2(dialogue, qPrintable(folder + QStringLiteral("/dialogue.txt: ") + error));

        // Named after the folder and given relative, so that the "capture" field reads the same anywhere.
        const QString capture = folder + QStringLiteral(".pcap");
        QVERIFY(writePcap(m_dir.filePath(capture), DLT_EN10MB, framesOf(*dialogue)));
        QProcess cli;
        cli.setWorkingDirectory(m_dir.path());
        cli.start(QStringLiteral(PORTLENS_CLI), {QStringLiteral("analyze"), QStringLiteral("-q"), QStringLiteral("--format"),
                                                 QStringLiteral("jsonl"), capture});
        QVERIFY(cli.waitForFinished(60'000));
        QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 0, cli.readAllStandardError().constData());
        const QByteArray actual = cli.readAllStandardOutput();

        QFile expectedFile(sample.filePath(QStringLiteral("expected.jsonl")));
        if (qEnvironmentVariableIntValue("PORTLENS_UPDATE_GOLDEN") == 1) {
            QVERIFY(expectedFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(expectedFile.write(actual), actual.size());
            qInfo("rewrote %s", qPrintable(expectedFile.fileName()));
            return;
        }
        QVERIFY2(expectedFile.open(QIODevice::ReadOnly),
                 qPrintable(folder + QStringLiteral("/expected.jsonl is missing (PORTLENS_UPDATE_GOLDEN=1 writes it)")));
        const QByteArray expected = expectedFile.readAll();
        QVERIFY2(actual == expected, qPrintable(QStringLiteral("%1: portlens-cli's output differs from expected.jsonl "
                                                               "(- expected, + actual; PORTLENS_UPDATE_GOLDEN=1 rewrites it):\n%2")
                                                    .arg(folder, describeDifference(expected, actual))));
    }
};

QTEST_GUILESS_MAIN(TestGoldenSamples)
#include "tst_golden_samples.moc"
