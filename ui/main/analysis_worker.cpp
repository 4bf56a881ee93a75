#include "ui/main/analysis_worker.h"

#include "core/analysis/analysis_pipeline.h"
#include "core/capture/packet_source.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <cstdio>
#include <utility>
#include <unistd.h>

namespace portlens::ui {

namespace {

// Open connections are re-published while they change only when there are few of them: with
// tens of thousands open (a large file), copying them every 100 ms would cost more than the
// analysis. They still appear, once, when they end.
constexpr std::size_t kLiveRowLimit = 2000;

ConnectionSnapshot snapshotOf(JudgedConnection &&row, int capture, bool open)
{
    ConnectionSnapshot s;
    s.connection = std::move(row.connection);
    s.verdict = std::move(row.verdict);
    s.open = open;
    s.capture = static_cast<quint16>(capture);
    if (row.owner) s.process = QString::fromStdString(row.owner->toString());
    return s;
}

} // namespace

// State of one capture being read: the rows waiting for the next batch and the clock.
struct AnalysisWorker::Run {
    int capture = 0;
    QString name;
    int fileIndex = 0;
    int fileCount = 1;
    ConnectionBatch pending = std::make_shared<std::vector<ConnectionSnapshot>>();
    std::unordered_map<std::uint64_t, std::int64_t> publishedOpen; // id -> lastNs last published
    QElapsedTimer sinceBatch;
    quint64 packetsAtBatch = 0;
    quint64 flagged = 0;
    quint64 bytesRead = 0;
    quint64 totalBytes = 0; // 0 for a pipe
    quint64 evicted = 0;    // by the flow cap, so far
};

AnalysisWorker::AnalysisWorker(FlowTableConfig config, QObject *parent) : QObject(parent), m_config(std::move(config))
{
    qRegisterMetaType<ConnectionBatch>();
    qRegisterMetaType<AnalysisProgressInfo>();
    qRegisterMetaType<CaptureSummary>();
}

// Deleted on its own thread once that thread ends, after AnalysisRunner let go of it on the GUI
// thread (see handOverToThread).
AnalysisWorker::~AnalysisWorker() { takeOverFromThread(this); }

// One worker serves one request (AnalysisRunner makes a new one each time), so a cancel() that
// arrives before the request starts is kept, not reset.
void AnalysisWorker::analyzeFiles(const QStringList &paths)
{
    m_requestPackets = 0;
    const int count = static_cast<int>(paths.size());
    for (int i = 0; i < count && !m_cancel.load(std::memory_order_relaxed); ++i) {
        const QString &path = paths.at(i);
        const int capture = m_nextCapture++;
        Q_EMIT captureStarted(capture, path);
        auto opened = PacketSource::openFile(QFile::encodeName(path).toStdString());
        if (!opened.source) {
            Q_EMIT captureProblem(capture, path, QString::fromStdString(opened.message), false);
            continue;
        }
        analyzeSource(*opened.source, capture, path, i, count);
    }
    Q_EMIT analysisFinished(m_cancel.load(std::memory_order_relaxed));
}

void AnalysisWorker::analyzeStream(int fd, const QString &name)
{
    m_requestPackets = 0;
    const int capture = m_nextCapture++;
    Q_EMIT captureStarted(capture, name);
    std::FILE *stream = ::fdopen(fd, "rb");
    if (!stream) {
        ::close(fd);
        Q_EMIT captureProblem(capture, name, tr("cannot read from the capture stream"), false);
        Q_EMIT analysisFinished(false);
        return;
    }
    auto opened = PacketSource::openStream(stream, name.toStdString());
    if (!opened.source) {
        Q_EMIT captureProblem(capture, name, QString::fromStdString(opened.message), false);
        Q_EMIT analysisFinished(false);
        return;
    }
    analyzeSource(*opened.source, capture, name, 0, 1);
    Q_EMIT analysisFinished(m_cancel.load(std::memory_order_relaxed));
}

bool AnalysisWorker::analyzeSource(PacketSource &source, int capture, const QString &name, int fileIndex, int fileCount)
{
    Run run;
    run.capture = capture;
    run.name = name;
    run.fileIndex = fileIndex;
    run.fileCount = fileCount;
    run.sinceBatch.start();

    AnalysisConfig config;
    config.flows = m_config;
    // A live capture happens on this machine now: each connection's local program is looked up
    // when it starts (a program that exits before that shows as unknown). Files get no owners.
    config.attributeProcesses = true;
    AnalysisPipeline pipeline(config, [&](JudgedConnection &&row) {
        run.publishedOpen.erase(row.connection.id);
        ConnectionSnapshot s = snapshotOf(std::move(row), capture, false);
        if (s.verdict.flagged()) ++run.flagged;
        run.pending->push_back(std::move(s));
    });

    // A pipe delivers packets as they happen: look at the clock after every one. A file is read
    // as fast as the disk allows: every 64 packets is often enough and costs nothing.
    const quint64 packetsBefore = m_requestPackets;
    run.packetsAtBatch = packetsBefore;
    run.totalBytes = source.totalBytes();
    const AnalysisResult result = pipeline.run(
        source,
        [&](const AnalysisProgress &p) {
            m_requestPackets = packetsBefore + p.packets;
            run.bytesRead = p.bytesRead;
            run.totalBytes = p.totalBytes;
            run.evicted = p.evicted;
            if (run.sinceBatch.elapsed() >= m_batchIntervalMs) publish(run, &pipeline);
            return !m_cancel.load(std::memory_order_relaxed);
        },
        source.isLive() ? 1 : 64);
    m_requestPackets = packetsBefore + result.counters.packets;
    run.bytesRead = run.totalBytes;
    run.evicted = result.flows.evicted;
    publish(run, nullptr);

    for (const std::string &note : source.notes()) Q_EMIT captureWarning(capture, name, QString::fromStdString(note));
    if (!result.malformed.empty()) {
        QStringList which;
        for (const MalformedPacket &m : result.malformed)
            which << tr("packet %1: %2").arg(m.number).arg(QCoreApplication::translate("Decoder", m.reason));
        const auto more = static_cast<int>(result.counters.malformed - result.malformed.size());
        QString message = tr("%n malformed packet(s), counted but not analysed: %1", "", static_cast<int>(result.counters.malformed))
                              .arg(which.join(QStringLiteral("; ")));
        if (more > 0) message += tr("; and %n more", "", more);
        Q_EMIT captureWarning(capture, name, message);
    }
    if (result.readError) {
        const int packets = static_cast<int>(result.counters.packets);
        // A pipe has no size to give.
        const QString where = source.totalBytes() > 0
                                  ? tr("reading stopped at byte %1 of %2").arg(result.readErrorOffset).arg(source.totalBytes())
                                  : tr("reading stopped at byte %1").arg(result.readErrorOffset);
        Q_EMIT captureProblem(capture, name,
                              tr("%1, after packet %2 (%3); the %n packets before it were analysed", "", packets)
                                  .arg(where)
                                  .arg(result.counters.packets)
                                  .arg(QString::fromStdString(*result.readError)),
                              true);
    }
    CaptureSummary summary;
    const PacketCounters &c = result.counters;
    summary.packets = c.packets;
    summary.wireBytes = c.wireBytes;
    summary.connections = result.flows.connections;
    summary.flagged = run.flagged;
    summary.evicted = result.flows.evicted;
    summary.notIp = c.icmp + c.fragments + c.otherIp + c.nonIp + c.malformed;
    Q_EMIT captureFinished(capture, summary);
    return !result.readError;
}

void AnalysisWorker::publish(Run &run, const AnalysisPipeline *pipeline)
{
    // Open connections that changed since they were last shown (only while there are few).
    if (pipeline && pipeline->openCount() <= kLiveRowLimit) {
        pipeline->forEachOpen(
            [&](const Connection &c) {
                auto [it, inserted] = run.publishedOpen.try_emplace(c.id, c.lastNs);
                if (!inserted && it->second == c.lastNs) return false;
                it->second = c.lastNs;
                return true;
            },
            [&](JudgedConnection &&row) { run.pending->push_back(snapshotOf(std::move(row), run.capture, true)); });
    }
    if (!run.pending->empty()) {
        handOverBatch(run.pending);
        Q_EMIT connectionsAvailable(run.pending);
        run.pending = std::make_shared<std::vector<ConnectionSnapshot>>();
    }

    const qint64 elapsed = std::max<qint64>(run.sinceBatch.restart(), 1);
    AnalysisProgressInfo info;
    info.packets = m_requestPackets;
    info.packetsPerSecond = static_cast<double>(m_requestPackets - run.packetsAtBatch) * 1000.0 / static_cast<double>(elapsed);
    run.packetsAtBatch = m_requestPackets;
    info.currentName = run.name;
    info.bytesRead = run.bytesRead;
    info.evicted = run.evicted;
    if (run.totalBytes > 0) {
        // Percent over the whole request: finished files count whole, the current one by bytes.
        const double inFile = std::min(1.0, static_cast<double>(run.bytesRead) / static_cast<double>(run.totalBytes));
        info.percent = static_cast<int>(100.0 * (run.fileIndex + inFile) / run.fileCount);
    }
    Q_EMIT progressChanged(info);
}

} // namespace portlens::ui
