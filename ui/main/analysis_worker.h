// AnalysisWorker: runs the core's AnalysisPipeline on the thread it lives on and publishes what
// it finds in batches, about every 100 ms, through queued signals.
//
// It owns every core object it creates and hands out only ConnectionSnapshot values. Move it to
// a QThread and call its slots through queued connections (AnalysisRunner does this). cancel()
// is the one member safe to call from another thread; what was analysed before it is kept.
//
// Files and streams share one path: analyzeStream() takes a pipe (e.g. from the live-capture
// helper), so live capture reuses batching, detection and verdicts unchanged.
#pragma once

#include "ui/main/connection_snapshot.h"

#include "core/flow/flow_table.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <unordered_map>

namespace portlens {
class AnalysisPipeline;
class PacketSource;
} // namespace portlens

namespace portlens::ui {

class AnalysisWorker : public QObject {
    Q_OBJECT
public:
    explicit AnalysisWorker(FlowTableConfig config = {}, QObject *parent = nullptr);
    ~AnalysisWorker() override;

    // Thread-safe: stops the current request at the next check (a few dozen packets later).
    void cancel() { m_cancel.store(true, std::memory_order_relaxed); }

    // How often batches go out; tests use a shorter interval.
    void setBatchInterval(int milliseconds) { m_batchIntervalMs = milliseconds; }

public Q_SLOTS:
    // Analyses the files one after the other; each gets the next capture number.
    void analyzeFiles(const QStringList &paths);
    // Reads a pcap/pcapng stream from fd (takes ownership and closes it) until it ends.
    void analyzeStream(int fd, const QString &name);

Q_SIGNALS:
    void captureStarted(int capture, const QString &name);
    void connectionsAvailable(const portlens::ui::ConnectionBatch &batch);
    void progressChanged(const portlens::ui::AnalysisProgressInfo &progress);
    // The capture could not be opened, or reading stopped early (partial = true: rows kept).
    void captureProblem(int capture, const QString &name, const QString &message, bool partial);
    // Read whole, with something to know: malformed packets (which, and why), packets of a link
    // type that is not decoded.
    void captureWarning(int capture, const QString &name, const QString &message);
    void captureFinished(int capture, const portlens::ui::CaptureSummary &summary);
    // The whole request is done (cancelled = stopped by cancel()).
    void analysisFinished(bool cancelled);

private:
    struct Run;
    bool analyzeSource(PacketSource &source, int capture, const QString &name, int fileIndex, int fileCount);
    void publish(Run &run, const AnalysisPipeline *pipeline);

    FlowTableConfig m_config;
    std::atomic<bool> m_cancel{false};
    int m_batchIntervalMs = 100;
    int m_nextCapture = 0;
    quint64 m_requestPackets = 0;
};

} // namespace portlens::ui
