// AnalysisWorker through AnalysisRunner: the sample capture gives what the core gives; a damaged
// capture keeps what came before the damage; a non-capture is reported; cancelling mid-file
// keeps the rows published so far; a pipe (how live capture feeds it) works like a file.
#include "ui/main/analysis_runner.h"
#include "ui/main/connection_model.h"
#include "gui_test_support.h"

#include "core/analysis/analysis_pipeline.h"
#include "core/detect/detection_engine.h"
#include "core/ports/port_knowledge.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <thread>
#include <unistd.h>

using namespace portlens;
using namespace portlens::ui;
using namespace portlens::ui::test;

namespace {

// Connects a runner to a model the way MainWindow does.
struct Harness {
    AnalysisRunner runner;
    ConnectionModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
    QSignalSpy finished{&runner, &AnalysisRunner::analysisFinished};
    QSignalSpy problems{&runner, &AnalysisRunner::captureProblem};
    QSignalSpy progress{&runner, &AnalysisRunner::progressChanged};
    int batches = 0;
    Harness()
    {
        QObject::connect(&runner, &AnalysisRunner::connectionsAvailable, &model, [this](const ConnectionBatch &b) {
            ++batches;
            model.addBatch(b);
        });
    }
    bool waitFinished(int ms = 30000) { return finished.count() > 0 || finished.wait(ms); }
};

} // namespace

class TestAnalysisWorker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sampleCaptureMatchesTheCore()
    {
        const CoreCounts expected = countWithCore(sampleCapture());
        QVERIFY(expected.connections > 20);
        Harness h;
        h.runner.analyzeFiles({sampleCapture()});
        QVERIFY(h.waitFinished());
        QCOMPARE(h.finished.first().at(0).toBool(), false);
        QCOMPARE(h.model.rowCount(), expected.connections);
        QCOMPARE(h.model.flaggedCount(), quint64(expected.flagged));
        QVERIFY(h.model.flaggedCount() > 0);
        QCOMPARE(h.problems.count(), 0);
        QVERIFY(h.progress.count() >= 1);
        QCOMPARE(h.progress.last().at(0).value<AnalysisProgressInfo>().percent, 100);
    }

    void truncatedCaptureKeepsWhatCameBefore()
    {
        QTemporaryDir dir;
        QFile sample(sampleCapture());
        QVERIFY(sample.open(QIODevice::ReadOnly));
        const QByteArray bytes = sample.readAll();
        const QString cut = dir.filePath(QStringLiteral("cut.pcapng"));
        QFile out(cut);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes.left(bytes.size() * 6 / 10 + 3)); // ends inside a block
        out.close();

        Harness h;
        h.runner.analyzeFiles({cut});
        QVERIFY(h.waitFinished());
        QCOMPARE(h.problems.count(), 1);
        QVERIFY(h.problems.first().at(3).toBool()); // partial: rows kept
        QVERIFY(h.problems.first().at(2).toString().contains(QStringLiteral("reading stopped")));
        QVERIFY(h.model.rowCount() > 0);
        QVERIFY(h.model.rowCount() <= countWithCore(sampleCapture()).connections);
    }

    void notACaptureIsReported()
    {
        QTemporaryDir dir;
        const QString text = dir.filePath(QStringLiteral("notes.pcap"));
        QFile out(text);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("this is not a capture\n");
        out.close();
        Harness h;
        h.runner.analyzeFiles({text, dir.filePath(QStringLiteral("missing.pcap")), sampleCapture()});
        QVERIFY(h.waitFinished());
        QCOMPARE(h.problems.count(), 2);
        QVERIFY(!h.problems.at(0).at(3).toBool());
        QVERIFY(!h.problems.at(1).at(3).toBool());
        // The good file after the bad ones is still analysed, under its own capture number.
        QCOMPARE(h.model.rowCount(), countWithCore(sampleCapture()).connections);
        QCOMPARE(h.model.snapshot(0).capture, quint16{2});
    }

    void cancelMidFileKeepsRows()
    {
        // 400,000 one-packet UDP flows with a flow cap of 500: evictions stream rows out early.
        QTemporaryDir dir;
        const QString big = dir.filePath(QStringLiteral("many-flows.pcap"));
        constexpr int kFlows = 400'000;
        QVERIFY(writeManyFlows(big, kFlows));

        Harness h;
        FlowTableConfig config;
        config.maxFlows = 500;
        h.runner.setFlowConfig(config);
        h.runner.setBatchInterval(5);
        QObject::connect(&h.runner, &AnalysisRunner::connectionsAvailable, &h.runner, [&h] { h.runner.cancel(); });
        h.runner.analyzeFiles({big});
        QVERIFY(h.waitFinished());
        QCOMPARE(h.finished.first().at(0).toBool(), true); // cancelled
        QVERIFY(h.model.rowCount() > 0);
        QVERIFY(h.model.rowCount() < kFlows);
        QVERIFY(!h.runner.isRunning());
    }

    void pipeWorksLikeAFile()
    {
        int fds[2];
        QCOMPARE(::pipe(fds), 0);
        QFile sample(sampleCapture());
        QVERIFY(sample.open(QIODevice::ReadOnly));
        const QByteArray bytes = sample.readAll();
        std::thread writer([fd = fds[1], &bytes] {
            qsizetype done = 0;
            while (done < bytes.size()) {
                const ssize_t n = ::write(fd, bytes.constData() + done, static_cast<std::size_t>(bytes.size() - done));
                if (n <= 0) break;
                done += n;
            }
            ::close(fd);
        });
        Harness h;
        h.runner.analyzeStream(fds[0], QStringLiteral("pipe"));
        const bool done = h.waitFinished();
        writer.join();
        QVERIFY(done);
        QCOMPARE(h.model.rowCount(), countWithCore(sampleCapture()).connections);
        QCOMPARE(h.progress.last().at(0).value<AnalysisProgressInfo>().percent, -1); // size unknown
    }
};

QTEST_GUILESS_MAIN(TestAnalysisWorker)
#include "tst_analysis_worker.moc"
