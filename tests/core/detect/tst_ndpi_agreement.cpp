// nDPI as a second opinion on detection: tools/compare-ndpi.py runs portlens-cli on every nDPI
// capture of the shared corpus and compares the protocol PortLens names ("service") with the one
// nDPI's expected output gives, for the flows nDPI recognised by DPI whose protocol PortLens
// detects. This test fails when the overall agreement drops below kMinAgreement, listing the
// script's report (per-protocol table, confusions, matching failures). It skips without the
// corpus or python3.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {
// Overall agreement reached when this threshold was set: 97.1% (2419 of 2491 flows, 2026-11-25,
// with the detectors of batches A, B and C registered, plus the follow-ups: NetBIOS over UDP,
// DNS inverse queries and names with control bytes, MQTT seen mid-session, uTP seen after its
// SYN); the threshold is that figure minus one point. The target is 95%. Raise it as
// detectors improve; never lower it to let a regression pass.
constexpr double kMinAgreement = 96.1;
} // namespace

class TestNdpiAgreement : public QObject {
    Q_OBJECT

private slots:
    void agreementWithNdpi()
    {
        const QString corpus = QStringLiteral(PORTLENS_CORPUS_DIR);
        if (corpus.isEmpty() || !QFileInfo(corpus + QStringLiteral("/ndpi")).isDir() ||
            !QFileInfo(corpus + QStringLiteral("/ndpi-expected")).isDir())
            QSKIP(qPrintable(QStringLiteral("no nDPI corpus in '%1' (needs ndpi/ and ndpi-expected/; set the CMake "
                                            "cache variable PORTLENS_CORPUS_DIR)")
                                 .arg(corpus)));
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty()) QSKIP("python3 not found in PATH: tools/compare-ndpi.py cannot run");
        const QString script = QStringLiteral(PORTLENS_SOURCE_DIR "/tools/compare-ndpi.py");
        QVERIFY2(QFileInfo::exists(script), qPrintable(script + QStringLiteral(" is missing")));
        QVERIFY2(QFileInfo(QStringLiteral(PORTLENS_CLI)).isExecutable(),
                 qPrintable(QStringLiteral(PORTLENS_CLI " is not built")));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString json = dir.filePath(QStringLiteral("ndpi-agreement.json"));

        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.setWorkingDirectory(QStringLiteral(PORTLENS_SOURCE_DIR));
        QElapsedTimer timer;
        timer.start();
        process.start(python, {script, QStringLiteral("--cli"), QStringLiteral(PORTLENS_CLI),
                               QStringLiteral("--corpus"), corpus, QStringLiteral("--min-agreement"),
                               QString::number(kMinAgreement, 'f', 1), QStringLiteral("--json"), json});
        QVERIFY2(process.waitForStarted(), qPrintable(QStringLiteral("cannot start ") + python));
        const bool finished = process.waitForFinished(840'000);
        const QString output = QString::fromUtf8(process.readAll());
        if (!finished) {
            process.kill();
            process.waitForFinished();
            QFAIL(qPrintable(QStringLiteral("compare-ndpi.py did not finish within 14 minutes; output so far:\n") +
                             output));
        }
        const int code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        qInfo().noquote() << QStringLiteral("compare-ndpi.py took %1 s").arg(static_cast<double>(timer.elapsed()) / 1000.0, 0, 'f', 1);

        if (code == 1)
            QFAIL(qPrintable(QStringLiteral("agreement with nDPI fell below %1%:\n").arg(kMinAgreement, 0, 'f', 1) +
                             output));
        QVERIFY2(code == 0, qPrintable(QStringLiteral("compare-ndpi.py failed (exit %1):\n").arg(code) + output));

        QFile file(json);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(json + QStringLiteral(" was not written:\n") + output));
        const QJsonObject overall = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("overall")).toObject();
        const double agreement = overall.value(QStringLiteral("agreement_pct")).toDouble(-1);
        qInfo().noquote() << QStringLiteral("overall agreement with nDPI: %1% (%2 of %3 flows; %4 unmatched)")
                                 .arg(agreement, 0, 'f', 1)
                                 .arg(overall.value(QStringLiteral("agree")).toInt())
                                 .arg(overall.value(QStringLiteral("paired")).toInt())
                                 .arg(overall.value(QStringLiteral("unmatched")).toInt());
        QVERIFY2(agreement >= kMinAgreement, qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestNdpiAgreement)
#include "tst_ndpi_agreement.moc"
