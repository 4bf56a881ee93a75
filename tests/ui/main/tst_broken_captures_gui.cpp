// The desktop application's analysis (AnalysisRunner feeding a ConnectionModel, as MainWindow
// wires them) on every broken and hostile capture of tests/support/broken_captures.h: it
// finishes in bounded time, the model holds exactly the connections read before the fault, a
// file that cannot be read is reported as such and one read in part as partial, and the
// problems and warnings shown name what went wrong and where (byte offset, packet number). The
// same cases, except the cuts at every byte, through the main window: its table and the
// message strip above it.
#include "ui/main/analysis_runner.h"
#include "ui/main/connection_model.h"
#include "ui/main/main_window.h"

#include "broken_captures.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace portlens;
using namespace portlens::ui;
using namespace portlens::test;
using namespace portlens::test::broken;

namespace {
constexpr int kTimeoutMs = 20'000;
}

class TestBrokenCapturesGui : public QObject {
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

        AnalysisRunner runner;
        runner.setBatchInterval(10);
        ConnectionModel model;
        QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
        QObject::connect(&runner, &AnalysisRunner::connectionsAvailable, &model, &ConnectionModel::addBatch);
        QSignalSpy finished{&runner, &AnalysisRunner::analysisFinished};
        QSignalSpy problems{&runner, &AnalysisRunner::captureProblem};
        QSignalSpy warnings{&runner, &AnalysisRunner::captureWarning};
        QElapsedTimer clock;
        clock.start();
        runner.analyzeFiles({file});
        QVERIFY2(finished.count() > 0 || finished.wait(kTimeoutMs), "the analysis did not finish in 20 s");

        QCOMPARE(model.rowCount(), connections);
        QStringList shown; // what the message strip gets
        for (const QList<QVariant> &p : problems) shown << p.at(2).toString();
        for (const QList<QVariant> &w : warnings) shown << w.at(2).toString();
        const QString text = shown.join(QLatin1Char('\n'));
        switch (exitCode) {
        case 0: // read whole: no problem, at most warnings (malformed packets, a link type not decoded)
            QVERIFY2(problems.isEmpty(), qPrintable(text));
            if (mentions.isEmpty()) QVERIFY2(warnings.isEmpty(), qPrintable(text));
            break;
        case 9: // read in part: one problem, partial (the rows before it kept)
            QCOMPARE(problems.count(), 1);
            QVERIFY(problems.first().at(3).toBool());
            break;
        default: // not opened at all
            QCOMPARE(problems.count(), 1);
            QVERIFY(!problems.first().at(3).toBool());
            break;
        }
        for (const QString &mention : mentions)
            QVERIFY2(text.contains(mention), qPrintable(QStringLiteral("'%1' not in: %2").arg(mention, text)));
    }

    void mainWindowShowsIt_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("connections");
        QTest::addColumn<QStringList>("mentions");
        for (const BrokenCapture &c : brokenCaptures())
            if (!c.name.contains(QStringLiteral(" cut at byte ")))
                QTest::newRow(qPrintable(c.name)) << c.bytes << c.connections << c.mentions;
    }

    void mainWindowShowsIt()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, connections);
        QFETCH(QStringList, mentions);
        const QString file = m_dir.filePath(QStringLiteral("window.cap"));
        QVERIFY(writeBytes(file, bytes));
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        window.openFiles({file});
        QVERIFY2(finished.count() > 0 || finished.wait(kTimeoutMs), "the analysis did not finish in 20 s");
        QCOMPARE(window.connectionModel()->rowCount(), connections);
        const QString strip = window.problemText();
        if (mentions.isEmpty()) QVERIFY2(strip.isEmpty(), qPrintable(strip));
        for (const QString &mention : mentions)
            QVERIFY2(strip.contains(mention), qPrintable(QStringLiteral("'%1' not in: %2").arg(mention, strip)));
    }
};

QTEST_MAIN(TestBrokenCapturesGui)
#include "tst_broken_captures_gui.moc"
