// AnalysisPipeline: the same judged rows, in the same order, however many threads it uses (one;
// a reader thread; a reader and an output thread); every row's verdict is the judgement of the
// connection as handed out; open connections can be looked at during a run; live sources are
// read as they come.
#include "core/analysis/analysis_pipeline.h"
#include "core/ports/port_knowledge.h"

#include "capture_writer.h"
#include "corpus_captures.h"

#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <cstdio>

using namespace portlens;
using namespace portlens::test;

namespace {

// What a row says, flattened for comparing: the connection as the writers show it and its verdict.
std::string describe(const JudgedConnection &row)
{
    const Connection &c = row.connection;
    std::string out = std::to_string(c.id) + ' ' + c.client.address.toString() + ':' + std::to_string(c.client.port) +
                      ' ' + c.server.address.toString() + ':' + std::to_string(c.server.port) + ' ' + c.history + ' ' +
                      std::to_string(c.totalPackets()) + ' ' + std::to_string(c.totalWireBytes()) + ' ' +
                      c.detection.protocol + ' ' + c.detection.evidence.sentence + " | " +
                      verdictKindName(row.verdict.kind) + ' ' + severityName(row.verdict.severity) + ' ' +
                      row.verdict.reason.toString() + ' ' + row.verdict.portService;
    for (const VerdictNote &note : row.verdict.notes) out += " [" + note.code + ']';
    return out;
}

struct Rows {
    std::vector<std::string> rows;
    AnalysisResult result;
    bool readAhead = false;
};

Rows analyse(const QString &path, bool readAhead, bool outputThread)
{
    Rows out;
    auto opened = PacketSource::openFile(path.toStdString());
    if (!opened.source) return out;
    AnalysisConfig config;
    config.readAhead = readAhead;
    config.outputThread = outputThread;
    AnalysisPipeline pipeline(config, [&out](JudgedConnection &&row) { out.rows.push_back(describe(row)); });
    out.readAhead = pipeline.readsAhead(*opened.source);
    out.result = pipeline.run(*opened.source);
    return out;
}

} // namespace

class TestAnalysisPipeline : public QObject {
    Q_OBJECT

private slots:
    void sameRowsOnOneThreadOrThree_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &file : someCaptures()) QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
    }

    void sameRowsOnOneThreadOrThree()
    {
        QFETCH(QString, file);
        const Rows single = analyse(file, false, false);
        QVERIFY(!single.readAhead);
        QVERIFY(single.result.counters.packets > 0);
        for (const auto &[readAhead, outputThread] : {std::pair{true, false}, std::pair{true, true}, std::pair{false, true}}) {
            const Rows threaded = analyse(file, readAhead, outputThread);
            QCOMPARE(threaded.readAhead, readAhead && QThread::idealThreadCount() > 1);
            QCOMPARE(threaded.rows.size(), single.rows.size());
            for (std::size_t i = 0; i < single.rows.size(); ++i) QCOMPARE(threaded.rows[i], single.rows[i]);
            QCOMPARE(threaded.result.counters.packets, single.result.counters.packets);
            QCOMPARE(threaded.result.counters.tcp, single.result.counters.tcp);
            QCOMPARE(threaded.result.counters.nonIp, single.result.counters.nonIp);
            QCOMPARE(threaded.result.counters.firstNs, single.result.counters.firstNs);
            QCOMPARE(threaded.result.counters.lastNs, single.result.counters.lastNs);
            QCOMPARE(threaded.result.flows.connections, single.result.flows.connections);
            QCOMPARE(threaded.result.readError.has_value(), single.result.readError.has_value());
            QCOMPARE(threaded.result.readErrorOffset, single.result.readErrorOffset);
        }
    }

    // The verdict that comes with a row is the judgement of the connection it comes with, after
    // detection had its last look (on the output thread, where that look is left to it).
    void rowsComeOutJudged()
    {
        for (const bool outputThread : {false, true}) {
            auto opened = PacketSource::openFile(bundledSample().toStdString());
            QVERIFY(opened.source);
            AnalysisConfig config;
            config.outputThread = outputThread;
            std::vector<std::string> rows, rejudged;
            std::size_t detected = 0;
            AnalysisPipeline pipeline(config, [&](JudgedConnection &&row) {
                rows.push_back(describe(row));
                row.verdict = judge(row.connection, PortKnowledge::builtin());
                rejudged.push_back(describe(row));
                if (!row.connection.detection.protocol.empty()) ++detected;
            });
            const AnalysisResult result = pipeline.run(*opened.source);
            QCOMPARE(rows.size(), result.flows.connections);
            QVERIFY(detected > 0);
            QCOMPARE(rows, rejudged);
        }
    }

    void openConnectionsCanBeLookedAtDuringARun()
    {
        auto opened = PacketSource::openFile(bundledSample().toStdString());
        QVERIFY(opened.source);
        AnalysisPipeline pipeline({}, [](JudgedConnection &&) {});
        std::size_t looked = 0, wanted = 0, visited = 0, judged = 0, mostOpen = 0;
        bool countsAgree = true;
        pipeline.run(
            *opened.source,
            [&](const AnalysisProgress &p) {
                countsAgree = countsAgree && pipeline.openCount() == p.activeConnections;
                mostOpen = std::max(mostOpen, pipeline.openCount());
                std::size_t seen = 0;
                pipeline.forEachOpen(
                    [&](const Connection &) {
                        ++looked;
                        return ++seen % 2 == 0; // every other one
                    },
                    [&](JudgedConnection &&row) {
                        ++visited;
                        const std::string asHandedOut = describe(row);
                        row.verdict = judge(row.connection, PortKnowledge::builtin());
                        if (describe(row) == asHandedOut) ++judged;
                    });
                wanted += seen / 2;
                return true;
            },
            1);
        QVERIFY(countsAgree);
        QVERIFY(mostOpen > 0);
        QVERIFY(looked > 0);
        QCOMPARE(visited, wanted);
        QCOMPARE(judged, visited);
        QCOMPARE(pipeline.openCount(), 0u); // after the run there is nothing to look at
    }

    void aStreamIsLiveAndReadAsItComes()
    {
        auto file = PacketSource::openFile(bundledSample().toStdString());
        QVERIFY(file.source);
        QVERIFY(!file.source->isLive());
        std::FILE *stream = std::fopen(bundledSample().toLocal8Bit().constData(), "rb");
        QVERIFY(stream);
        auto live = PacketSource::openStream(stream, "live:test");
        QVERIFY(live.source);
        QVERIFY(live.source->isLive());

        AnalysisConfig config;
        config.outputThread = true;
        std::vector<std::string> liveRows;
        AnalysisPipeline pipeline(config, [&](JudgedConnection &&row) { liveRows.push_back(describe(row)); });
        QVERIFY(!pipeline.readsAhead(*live.source));
        QVERIFY(pipeline.readsAhead(*file.source) == (QThread::idealThreadCount() > 1));
        std::uint64_t progressCalls = 0;
        const AnalysisResult result = pipeline.run(*live.source, [&](const AnalysisProgress &p) {
            ++progressCalls;
            return p.totalBytes == 0; // nothing to measure a live source against
        }, 1);
        QCOMPARE(progressCalls, result.counters.packets);
        QCOMPARE(liveRows, analyse(bundledSample(), false, false).rows); // read packet by packet, same rows
    }
};

QTEST_GUILESS_MAIN(TestAnalysisPipeline)
#include "tst_analysis_pipeline.moc"
