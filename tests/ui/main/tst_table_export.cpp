// What leaves PortLens for other tools: BPF and Wireshark filters for a connection (the BPF one
// must compile with libpcap), and table exports as CSV, JSON Lines and Zeek conn.log.
#include "ui/main/connection_filters.h"
#include "ui/main/connection_model.h"
#include "gui_test_support.h"
#include "ui/main/table_export.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <pcap/pcap.h>

using namespace portlens;
using namespace portlens::ui;
using namespace portlens::ui::test;

namespace {

bool bpfCompiles(const QString &filter)
{
    pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
    bpf_program program{};
    const bool ok = pcap_compile(dead, &program, filter.toLatin1().constData(), 1, PCAP_NETMASK_UNKNOWN) == 0;
    if (ok) pcap_freecode(&program);
    pcap_close(dead);
    return ok;
}

ConnectionModel *filledModel(QObject *parent)
{
    auto *model = new ConnectionModel(parent);
    SnapshotSpec ssh;
    ssh.id = 1;
    ssh.protocol = "SSH";
    ssh.serverPort = 443;
    ssh.verdict = VerdictKind::Mismatch;
    ssh.flagged = true;
    SnapshotSpec web;
    web.id = 2;
    ConnectionSnapshot odd = makeSnapshot(web);
    odd.connection.detection.add("http.host", "a \"quoted\", host");
    model->setCaptureName(0, QStringLiteral("/captures/x.pcap"));
    model->addBatch(batchOf({makeSnapshot(ssh), odd}));
    return model;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestTableExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filtersForIpv4Tcp()
    {
        const Connection c = makeSnapshot({}).connection;
        const QString bpf = bpfFilter(c);
        QCOMPARE(bpf, QStringLiteral("tcp and host 192.0.2.10 and host 198.51.100.7 and port 40001 and port 80"));
        QVERIFY(bpfCompiles(bpf));
        QCOMPARE(wiresharkFilter(c),
                 QStringLiteral("ip.addr == 192.0.2.10 && ip.addr == 198.51.100.7 && tcp.port == 40001 && tcp.port == 80"));
    }

    void filtersForIpv6UdpPeers()
    {
        Connection c = makeSnapshot({}).connection;
        c.transport = 17;
        c.client.address = *IpAddress::parse("2001:db8::1");
        c.server.address = *IpAddress::parse("ff02::fb");
        c.client.port = c.server.port = 5353;
        QVERIFY(bpfCompiles(bpfFilter(c)));
        QCOMPARE(wiresharkFilter(c), QStringLiteral("ipv6.addr == 2001:db8::1 && ipv6.addr == ff02::fb && udp.port == 5353"));
    }

    void csv()
    {
        QTemporaryDir dir;
        ConnectionModel *model = filledModel(this);
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        QCOMPARE(exportConnections(*model, {1, 0}, ExportFormat::Csv, path), QString());
        const QList<QByteArray> lines = readAll(path).split('\n');
        QCOMPARE(lines.size(), 4); // header, two rows, final empty
        QVERIFY(lines.at(0).startsWith("No.,Start (UTC),Duration,"));
        QVERIFY(lines.at(1).startsWith("2,")); // the requested order
        QVERIFY(lines.at(2).contains(",mismatch,"));
        QVERIFY(lines.at(2).contains("/captures/x.pcap"));
    }

    void jsonLinesAndZeek()
    {
        QTemporaryDir dir;
        ConnectionModel *model = filledModel(this);
        const QString jsonl = dir.filePath(QStringLiteral("out.jsonl"));
        QCOMPARE(exportConnections(*model, {0, 1}, ExportFormat::JsonLines, jsonl), QString());
        const QList<QByteArray> lines = readAll(jsonl).trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
        QCOMPARE(first.value(QStringLiteral("service")).toString(), QStringLiteral("SSH"));
        QCOMPARE(first.value(QStringLiteral("server_port")).toInt(), 443);
        QCOMPARE(first.value(QStringLiteral("capture")).toString(), QStringLiteral("/captures/x.pcap"));
        QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QStringLiteral("metadata")).toObject()
                     .value(QStringLiteral("http.host")).toString(),
                 QStringLiteral("a \"quoted\", host"));

        const QString zeek = dir.filePath(QStringLiteral("conn.log"));
        QCOMPARE(exportConnections(*model, {0, 1}, ExportFormat::ZeekConnLog, zeek), QString());
        const QByteArray log = readAll(zeek);
        QVERIFY(log.startsWith("#separator"));
        QVERIFY(log.contains("#fields\tts\tuid"));
        QCOMPARE(log.count("\n198.51.100.7") + log.count("\t198.51.100.7\t"), 2);
    }

    void unwritablePathIsReported()
    {
        ConnectionModel *model = filledModel(this);
        const QString error = exportConnections(*model, {0}, ExportFormat::Csv, QStringLiteral("/nonexistent-dir/x.csv"));
        QVERIFY(error.contains(QStringLiteral("cannot write")));
    }
};

QTEST_GUILESS_MAIN(TestTableExport)
#include "tst_table_export.moc"
