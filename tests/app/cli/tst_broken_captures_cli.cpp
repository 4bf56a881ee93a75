// portlens-cli on every broken and hostile capture of tests/support/broken_captures.h: it ends in
// bounded time with the exit code the damage calls for, lists exactly the connections read
// before the fault, and its message names what went wrong and where (byte offset, packet number).
#include "broken_captures.h"
#include "program_run.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace portlens::test;
using namespace portlens::test::broken;

namespace {
constexpr int kTimeoutMs = 20'000; // a hang fails the row (runProgram gives exit code -1)
}

class TestBrokenCapturesCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void brokenCapture_data()
    {
        addBrokenCaptureRows();
    }

    void brokenCapture()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, connections);
        QFETCH(int, exitCode);
        QFETCH(QStringList, mentions);
        const QString file = m_dir.filePath(QStringLiteral("broken.cap"));
        QVERIFY(writeBytes(file, bytes));
        QElapsedTimer clock;
        clock.start();
        const ProgramRun run = runProgram(QStringLiteral(PORTLENS_CLI),
                                          {QStringLiteral("analyze"), QStringLiteral("-f"), QStringLiteral("tsv"), file}, kTimeoutMs);
        QVERIFY2(run.exitCode != -1, "portlens-cli did not finish in 20 s");
        QVERIFY2(run.exitCode != -2, "portlens-cli crashed");
        QVERIFY2(run.exitCode == exitCode, qPrintable(QStringLiteral("exit code %1, expected %2: %3").arg(run.exitCode).arg(exitCode).arg(run.err)));
        // TSV: a header line, then one line per connection; nothing at all when the file could not be opened.
        const QStringList lines = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const int rows = lines.isEmpty() ? 0 : static_cast<int>(lines.size()) - 1;
        QVERIFY2(rows == connections, qPrintable(QStringLiteral("%1 connections listed, expected %2; %3").arg(rows).arg(connections).arg(run.err)));
        for (const QString &mention : mentions)
            QVERIFY2(run.err.contains(mention), qPrintable(QStringLiteral("'%1' not in: %2").arg(mention, run.err)));
        // A capture read without fault says nothing about faults.
        if (exitCode == 0 && mentions.isEmpty()) {
            QVERIFY2(!run.err.contains(QStringLiteral("warning")) && !run.err.contains(QStringLiteral("malformed")), qPrintable(run.err));
        }
    }

    void standardInputReadsWhatTheFileReads()
    {
        // The same captures through a pipe (`portlens-cli analyze -`): classic pcap must get its
        // magic back after the sniff, pcapng is read as it comes. Every tenth case is enough.
        const std::vector<BrokenCapture> cases = brokenCaptures();
        for (std::size_t i = 0; i < cases.size(); i += 10) {
            const BrokenCapture &c = cases[i];
            if (c.exitCode == 6) continue; // an empty pipe is not an empty file: its own message
            QProcess process;
            process.start(QStringLiteral(PORTLENS_CLI), {QStringLiteral("analyze"), QStringLiteral("-f"), QStringLiteral("tsv"), QStringLiteral("-")});
            QVERIFY(process.waitForStarted());
            process.write(c.bytes);
            process.closeWriteChannel();
            QVERIFY2(process.waitForFinished(kTimeoutMs), qPrintable(c.name));
            const QStringList lines = QString::fromUtf8(process.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            const int rows = lines.isEmpty() ? 0 : static_cast<int>(lines.size()) - 1;
            QVERIFY2(process.exitStatus() == QProcess::NormalExit, qPrintable(c.name));
            QVERIFY2(process.exitCode() == c.exitCode, qPrintable(c.name + QStringLiteral(": exit %1").arg(process.exitCode())));
            QVERIFY2(rows == c.connections, qPrintable(c.name + QStringLiteral(": %1 rows").arg(rows)));
        }
    }
};

QTEST_GUILESS_MAIN(TestBrokenCapturesCli)
#include "tst_broken_captures_cli.moc"
