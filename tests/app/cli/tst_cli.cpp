// portlens-cli as a user runs it: the sample capture, every output format, and a clear one-line
// message with a distinct exit code for each kind of bad input.
#include "capture_writer.h"
#include "program_run.h"

#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace portlens::test;

namespace {
using Run = ProgramRun;

Run cli(const QStringList &arguments) { return runProgram(QStringLiteral(PORTLENS_CLI), arguments, 120'000); }

const QString kSample = QStringLiteral(PORTLENS_SOURCE_DIR "/resources/samples/portlens-sample.pcapng");
} // namespace

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void sampleCaptureTable()
    {
        const Run run = cli({QStringLiteral("analyze"), kSample});
        QCOMPARE(run.exitCode, 0);
        // tshark counts 13 TCP and 16 UDP conversations in the sample (resources/samples/README.md).
        QVERIFY2(run.err.contains(QStringLiteral("29 connections (13 TCP, 16 UDP)")), qPrintable(run.err));
        QVERIFY(run.out.contains(QStringLiteral("203.0.113.44:443"))); // SSH on 443
        QVERIFY(run.out.contains(QStringLiteral("198.51.100.80:22")));  // HTTP on 22
        QVERIFY(run.out.contains(QStringLiteral("[2001:db8:80::80]:443")));
        QCOMPARE(run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 30); // header + 29
    }

    void sampleCaptureTsvMatchesTshark()
    {
        const Run run = cli({QStringLiteral("analyze"), QStringLiteral("-q"), QStringLiteral("--format"),
                             QStringLiteral("tsv"), kSample});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.err.isEmpty());
        const QStringList rows = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 30);
        const QStringList header = rows[0].split(QLatin1Char('\t'));
        // The FTP data connection, as tshark reports it: 7 frames, 660 bytes.
        bool found = false;
        for (const QString &row : rows.mid(1)) {
            const QStringList f = row.split(QLatin1Char('\t'));
            if (f[header.indexOf(QStringLiteral("server_port"))] != QStringLiteral("50069")) continue;
            found = true;
            const int packets = f[header.indexOf(QStringLiteral("client_packets"))].toInt() +
                                f[header.indexOf(QStringLiteral("server_packets"))].toInt();
            const int bytes = f[header.indexOf(QStringLiteral("client_bytes"))].toInt() +
                              f[header.indexOf(QStringLiteral("server_bytes"))].toInt();
            QCOMPARE(packets, 7);
            QCOMPARE(bytes, 660);
            QCOMPARE(f[header.indexOf(QStringLiteral("conn_state"))], QStringLiteral("SF"));
        }
        QVERIFY(found);
    }

    void sampleCaptureVerdicts()
    {
        const Run run = cli({QStringLiteral("analyze"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("tsv"), kSample});
        QCOMPARE(run.exitCode, 0);
        const QStringList rows = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QStringList header = rows[0].split(QLatin1Char('\t'));
        QMap<QString, QStringList> byServerPort; // "port/transport" -> protocol, verdict (last one wins)
        for (const QString &row : rows.mid(1)) {
            const QStringList f = row.split(QLatin1Char('\t'));
            byServerPort[f[header.indexOf(QStringLiteral("server_port"))] + QLatin1Char('/') + f[header.indexOf(QStringLiteral("transport"))]] =
                {f[header.indexOf(QStringLiteral("protocol"))], f[header.indexOf(QStringLiteral("verdict"))]};
        }
        QCOMPARE(byServerPort[QStringLiteral("47913/tcp")], (QStringList{QStringLiteral("-"), QStringLiteral("unknown")}));
        QCOMPARE(byServerPort[QStringLiteral("50069/tcp")], (QStringList{QStringLiteral("FTP-DATA"), QStringLiteral("expected")}));
        QCOMPARE(byServerPort[QStringLiteral("22/tcp")], (QStringList{QStringLiteral("HTTP"), QStringLiteral("mismatch")}));
        QCOMPARE(byServerPort[QStringLiteral("80/tcp")], (QStringList{QStringLiteral("HTTP"), QStringLiteral("expected")}));
        QCOMPARE(byServerPort[QStringLiteral("23/tcp")], (QStringList{QStringLiteral("Telnet"), QStringLiteral("note")}));
        QCOMPARE(byServerPort[QStringLiteral("5300/udp")], (QStringList{QStringLiteral("DNS"), QStringLiteral("note")}));

        const Run flagged = cli({QStringLiteral("analyze"), QStringLiteral("-q"), QStringLiteral("--only-flagged"),
                                 QStringLiteral("-f"), QStringLiteral("jsonl"), kSample});
        QCOMPARE(flagged.exitCode, 0);
        const QStringList lines = flagged.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4); // SSH on 443, HTTP on 22, Telnet, SSDP M-SEARCH to a unicast address
        QVERIFY(flagged.out.contains(QStringLiteral("\"code\":\"ssh-off-22\"")));
        QVERIFY(flagged.out.contains(QStringLiteral("\"code\":\"ssdp-unicast\"")));
        QVERIFY(flagged.out.contains(QStringLiteral("\"code\":\"plaintext-telnet\"")));
    }

    void outputFileAndFormats()
    {
        for (const char *format : {"jsonl", "zeek", "tsv", "table"}) {
            const QString out = path("out.txt");
            const Run run = cli({QStringLiteral("analyze"), QStringLiteral("-q"), QStringLiteral("-f"),
                                 QString::fromLatin1(format), QStringLiteral("-o"), out, kSample});
            QCOMPARE(run.exitCode, 0);
            QVERIFY(run.out.isEmpty());
            QFile file(out);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY(file.size() > 1000);
        }
    }

    void helpAndVersion()
    {
        const Run help = cli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("analyze")));
        QVERIFY(help.out.contains(QStringLiteral("Exit codes")));
        const Run analyzeHelp = cli({QStringLiteral("analyze"), QStringLiteral("--help")});
        QCOMPARE(analyzeHelp.exitCode, 0);
        QVERIFY(analyzeHelp.out.contains(QStringLiteral("--format")));
        const Run version = cli({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("portlens-cli ")));
        QVERIFY(version.out.contains(QStringLiteral("libpcap")));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("no file") << QStringList{QStringLiteral("analyze")};
        QTest::newRow("bad format") << QStringList{QStringLiteral("analyze"), QStringLiteral("-f"), QStringLiteral("xml"), kSample};
        QTest::newRow("bad number") << QStringList{QStringLiteral("analyze"), QStringLiteral("--max-flows"), QStringLiteral("lots"), kSample};
        QTest::newRow("no flows at all") << QStringList{QStringLiteral("analyze"), QStringLiteral("--max-flows"), QStringLiteral("0"), kSample};
        for (const char *seconds : {"-5", "nan", "inf", "-0.5"}) {
            QTest::newRow(qPrintable(QStringLiteral("tcp-idle ") + QLatin1String(seconds)))
                << QStringList{QStringLiteral("analyze"), QStringLiteral("--tcp-idle"), QLatin1String(seconds), kSample};
            QTest::newRow(qPrintable(QStringLiteral("udp-idle ") + QLatin1String(seconds)))
                << QStringList{QStringLiteral("analyze"), QStringLiteral("--udp-idle"), QLatin1String(seconds), kSample};
        }
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        const Run run = cli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains(QStringLiteral("portlens-cli")));
    }

    void badInputs_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QVERIFY(writeBytes(path("empty.pcap"), {}));
        QVERIFY(writeBytes(path("notes.txt"), "shopping list: milk, eggs, a packet capture\n"));
        QVERIFY(writePcap(path("wifi.pcap"), DLT_IEEE802_11_RADIO, {}));
        QTest::newRow("missing") << path("missing.pcap") << 3 << "no such file";
        QTest::newRow("directory") << m_dir.path() << 5 << "is a directory";
        QTest::newRow("empty") << path("empty.pcap") << 6 << "empty";
        QTest::newRow("not a capture") << path("notes.txt") << 7 << "not a pcap or pcapng";
        QTest::newRow("unsupported link type") << path("wifi.pcap") << 8 << "unsupported link type";
    }

    void badInputs()
    {
        QFETCH(QString, file);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run run = cli({QStringLiteral("analyze"), file});
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QCOMPARE(run.err.count(QLatin1Char('\n')), 1); // one line
    }

    void outputThatIsAnInputIsRefused()
    {
        // "-o X X" once truncated the capture to 0 bytes before reading it. Spelled another way
        // (./X) it is the same file, found by device and inode.
        QVERIFY(QFile::copy(kSample, path("keep.pcapng")));
        const qint64 size = QFileInfo(path("keep.pcapng")).size();
        const QString sameFile = m_dir.path() + QStringLiteral("/./keep.pcapng");
        const Run run = cli({QStringLiteral("analyze"), QStringLiteral("-q"), QStringLiteral("-o"), sameFile, kSample,
                             path("keep.pcapng")});
        QCOMPARE(run.exitCode, 10);
        QVERIFY2(run.err.contains(QStringLiteral("is the input capture")), qPrintable(run.err));
        QCOMPARE(QFileInfo(path("keep.pcapng")).size(), size);
    }

    void outputFailuresNameThePathAndTheReason()
    {
        const Run missing = cli({QStringLiteral("analyze"), QStringLiteral("-q"), QStringLiteral("-o"),
                                 path("no/such/dir/out.tsv"), kSample});
        QCOMPARE(missing.exitCode, 10);
        QVERIFY2(missing.err.contains(path("no/such/dir/out.tsv")) && missing.err.contains(QStringLiteral("No such file")),
                 qPrintable(missing.err));
        if (!QFileInfo::exists(QStringLiteral("/dev/full"))) QSKIP("no /dev/full here");
        // A full disk is reported after the first file, not after all of them.
        const Run full = cli({QStringLiteral("analyze"), QStringLiteral("-q"), QStringLiteral("-o"), QStringLiteral("/dev/full"),
                              kSample, kSample});
        QCOMPARE(full.exitCode, 10);
        QVERIFY2(full.err.contains(QStringLiteral("/dev/full")) && full.err.contains(QStringLiteral("No space left")),
                 qPrintable(full.err));
        QCOMPARE(full.err.count(QLatin1Char('\n')), 1);
    }

    void unreadableFile()
    {
        if (geteuid() == 0) QSKIP("root can read any file; permission errors cannot be produced");
        QVERIFY(writePcap(path("secret.pcap"), DLT_EN10MB, threeUdpExchanges()));
        QFile::setPermissions(path("secret.pcap"), QFileDevice::WriteOwner);
        const Run run = cli({QStringLiteral("analyze"), path("secret.pcap")});
        QCOMPARE(run.exitCode, 4);
    }

    void truncatedCaptureKeepsResults()
    {
        QVERIFY(writePcap(path("cut.pcap"), DLT_EN10MB, threeUdpExchanges()));
        QVERIFY(truncateFile(path("cut.pcap"), fileSize(path("cut.pcap")) - 10));
        const Run run = cli({QStringLiteral("analyze"), QStringLiteral("-f"), QStringLiteral("tsv"), path("cut.pcap")});
        QCOMPARE(run.exitCode, 9);
        QVERIFY2(run.err.contains(QStringLiteral("reading stopped at byte")), qPrintable(run.err));
        QVERIFY(run.err.contains(QStringLiteral("the 5 packets before it were analysed")));
        QCOMPARE(run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 4); // header + 3 connections
    }

    void oneThreadWritesTheSameAsThree_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("only");
        for (const char *format : {"tsv", "jsonl", "zeek", "table"}) QTest::newRow(format) << QString::fromLatin1(format) << QString();
        QTest::newRow("tsv flagged") << QStringLiteral("tsv") << QStringLiteral("--only-flagged");
    }

    void oneThreadWritesTheSameAsThree()
    {
        // Reading ahead and writing rows on their own threads must not change a byte of output,
        // nor the summary (packets, connections, flagged).
        QFETCH(QString, format);
        QFETCH(QString, only);
        QStringList arguments = {QStringLiteral("analyze"), QStringLiteral("-f"), format, kSample, kSample};
        if (!only.isEmpty()) arguments.append(only);
        const Run threads = cli(arguments);
        const Run single = cli(arguments + QStringList{QStringLiteral("--single-thread")});
        QCOMPARE(threads.exitCode, 0);
        QCOMPARE(single.exitCode, 0);
        QVERIFY(threads.out.size() > 1000);
        // Zeek's #open and #close lines give the wall-clock second the log was written; two runs
        // fall in different seconds as soon as one is slow (a loaded machine, a sanitizer build).
        auto withoutClock = [](QString out) {
            return out.remove(QRegularExpression(QStringLiteral("^#(open|close)\t[^\n]*\n"),
                                                 QRegularExpression::MultilineOption));
        };
        QCOMPARE(withoutClock(threads.out), withoutClock(single.out));
        auto summary = [](QString err) { return err.remove(QRegularExpression(QStringLiteral("in [0-9.]+ s"))); };
        QCOMPARE(summary(threads.err), summary(single.err));
    }

    void severalFilesFirstFailureDecides()
    {
        const Run run = cli({QStringLiteral("analyze"), QStringLiteral("-q"), path("missing.pcap"), kSample});
        QCOMPARE(run.exitCode, 3);
        QVERIFY(run.out.contains(QStringLiteral("203.0.113.44:443"))); // the good file was still analysed
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
