// AnalysisRunner: the GUI-thread side of AnalysisWorker. Each request gets a fresh worker on a
// fresh QThread, so a new request can start while an old one is still winding down: the old
// worker is cancelled and disconnected, and its late batches can never reach the new view.
#pragma once

#include "ui/main/connection_snapshot.h"

#include "core/flow/flow_table.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

class QThread;

namespace portlens::ui {

class AnalysisWorker;

class AnalysisRunner : public QObject {
    Q_OBJECT
public:
    explicit AnalysisRunner(QObject *parent = nullptr);
    ~AnalysisRunner() override;

    void setFlowConfig(const FlowTableConfig &config) { m_config = config; }
    void setBatchInterval(int milliseconds) { m_batchIntervalMs = milliseconds; }

    void analyzeFiles(const QStringList &paths);
    // For live capture: reads pcap/pcapng from fd (a pipe from the capture helper); takes fd.
    void analyzeStream(int fd, const QString &name);
    // Stops the current request; rows already published stay, analysisFinished(true) follows.
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }

Q_SIGNALS:
    void captureStarted(int capture, const QString &name);
    void connectionsAvailable(const portlens::ui::ConnectionBatch &batch);
    void progressChanged(const portlens::ui::AnalysisProgressInfo &progress);
    void captureProblem(int capture, const QString &name, const QString &message, bool partial);
    void captureWarning(int capture, const QString &name, const QString &message);
    void captureFinished(int capture, const portlens::ui::CaptureSummary &summary);
    void analysisFinished(bool cancelled);

private:
    AnalysisWorker *startWorker();
    void retire();

    FlowTableConfig m_config;
    int m_batchIntervalMs = 100;
    QThread *m_thread = nullptr;
    AnalysisWorker *m_worker = nullptr;
    bool m_running = false;
    int m_captureBase = 0; // capture numbers keep growing across requests
    int m_capturesInRequest = 0;
};

} // namespace portlens::ui
