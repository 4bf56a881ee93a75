// AnalysisStatus: the status bar's side of an analysis: the permanent counts (packets,
// connections, flagged, evicted, not TCP/UDP), the file being read and, while a request runs,
// the progress bar with the packet rate and a Cancel button. A request counts as finished once
// the runner is done and the model has inserted every queued row: then finished() follows.
#pragma once

#include "ui/main/connection_snapshot.h"

#include <QObject>

class QAction;
class QLabel;
class QProgressBar;
class QStatusBar;
class QWidget;

namespace portlens::ui {

class AnalysisRunner;
class ConnectionModel;

class AnalysisStatus : public QObject {
    Q_OBJECT
public:
    // Follows runner's progress and finished captures; counts the connections in model as they arrive.
    AnalysisStatus(QStatusBar *bar, QAction *cancel, const ConnectionModel *model, const AnalysisRunner *runner);

    // A new request: counts and progress from zero, the progress bar shown.
    void start();
    // The captures were closed: the packet totals from zero.
    void clearTotals();
    // Refreshes the counts.
    void update();
    [[nodiscard]] QString summaryText() const;

Q_SIGNALS:
    void finished(bool cancelled);

private:
    void finish(bool cancelled);
    void showProgress(const AnalysisProgressInfo &progress);
    void addCapture(const CaptureSummary &summary);

    const ConnectionModel *m_model;
    QLabel *m_summaryLabel;
    QWidget *m_progressBox;
    QProgressBar *m_progressBar;
    QLabel *m_rateLabel;
    QStatusBar *m_bar;
    CaptureSummary m_totals;
    bool m_finishPending = false; // the runner is done; the model's queue is not empty yet
    bool m_finishCancelled = false;
    quint64 m_livePackets = 0; // of the capture being read, until its summary arrives
    quint64 m_liveEvicted = 0; // the same for its evictions by the flow cap
};

} // namespace portlens::ui
