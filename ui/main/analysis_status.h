// AnalysisStatus: the status bar's side of an analysis: the permanent counts (packets,
// connections, flagged, evicted, not TCP/UDP) and, while a request runs, the progress bar with
// the packet rate and a Cancel button.
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
    // Follows runner's progress and finished captures; counts connections in model.
    AnalysisStatus(QStatusBar *bar, QAction *cancel, const ConnectionModel *model, const AnalysisRunner *runner);

    // A new request: counts and progress from zero, the progress bar shown.
    void start();
    // The captures were closed: the packet totals from zero.
    void clearTotals();
    // The request is done: the progress bar hidden.
    void finish();
    // Refreshes the counts.
    void update();
    [[nodiscard]] QString summaryText() const;

private:
    void showProgress(const AnalysisProgressInfo &progress);
    void addCapture(const CaptureSummary &summary);

    const ConnectionModel *m_model;
    QLabel *m_summaryLabel;
    QWidget *m_progressBox;
    QProgressBar *m_progressBar;
    QLabel *m_rateLabel;
    CaptureSummary m_totals;
    quint64 m_livePackets = 0; // of the capture being read, until its summary arrives
};

} // namespace portlens::ui
