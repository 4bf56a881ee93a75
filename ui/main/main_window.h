// MainWindow: wires the panes together and owns nothing else: the connection table in the
// centre with its filter bar, details and payload below, the analysis runner behind the
// progress bar, menus that follow Wireshark's habits, and settings that persist.
//
// Hooks for the other areas (the lead wires them when merging):
//   addPane(dock)                    the port reference, local sockets, ... as dock widgets
//   captureToolBar()                 the live-capture bar (interfaces, BPF filter, start/stop)
//   explainPortRequested(port, t)    "Explain port" on the selected connection
//   showConnectionsOnPort(port, t)   "Show connections on this port" from the port reference
//   analysisRunner()->analyzeStream  feeds a live capture's pipe through the same worker
//   connectionModel()->setProcess    fills the local-process column
#pragma once

#include "ui/main/connection_snapshot.h"

#include <QMainWindow>
#include <QStringList>

#include <deque>
#include <vector>

class QAction;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSplitter;
class QTableView;
class QTimer;
class QToolBar;
class QToolButton;

namespace portlens::ui {

class AnalysisRunner;
class PortReferencePane;
class CaptureBar;
class CaptureSession;
class ConnectionDetails;
class ConnectionFilterProxy;
class ConnectionModel;
class PayloadView;
class ProblemBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Replaces what is shown with the connections of these captures (analysed in order).
    void openFiles(const QStringList &paths);
    // Same, for a live capture: reads pcap/pcapng from fd (the capture helper's pipe; taken over)
    // until it ends; name is shown as the capture's name.
    void openStream(int fd, const QString &name);

    void addPane(QDockWidget *pane, Qt::DockWidgetArea area = Qt::RightDockWidgetArea);
    QToolBar *captureToolBar();

    [[nodiscard]] ConnectionModel *connectionModel() const { return m_model; }
    [[nodiscard]] ConnectionFilterProxy *connectionFilter() const { return m_proxy; }
    [[nodiscard]] AnalysisRunner *analysisRunner() const { return m_runner; }
    [[nodiscard]] QTableView *connectionTable() const { return m_table; }
    [[nodiscard]] ConnectionDetails *details() const { return m_details; }
    [[nodiscard]] PayloadView *payloadView() const { return m_payload; }
    [[nodiscard]] PortReferencePane *portReference() const { return m_portReference; }
    [[nodiscard]] CaptureBar *captureBar() const { return m_captureBar; }
    [[nodiscard]] CaptureSession *captureSession() const { return m_captureSession; }
    [[nodiscard]] QString problemText() const; // the message bar's text ("" when hidden)
    [[nodiscard]] QString summaryText() const;
    // Writes the packets of the selected connections to path (pcapng) on a worker thread;
    // packetsExported follows. The menu action asks for the path and calls this.
    void exportSelectedPackets(const QString &path);
    // Source rows of the selected connections, in the order shown.
    [[nodiscard]] std::vector<int> selectedRows() const;

public Q_SLOTS:
    void showConnectionsOnPort(quint16 port, quint8 transport);
    // Training mode: a presenter window over the default deck, showing the open capture's
    // connections on each card's port (the bundled sample capture when nothing is open).
    void startTraining();
    // Selects the connection and scrolls to it (clearing filters that hide it).
    void selectConnection(int capture, quint64 id);
    // Selects the next flagged connection after the current one (wraps around).
    void selectNextFlagged();

Q_SIGNALS:
    void explainPortRequested(quint16 port, quint8 transport);
    // The analysis of the last request finished (tests and the screenshot tool wait for it).
    void analysisFinished(bool cancelled);
    // The packet export finished: error is empty on success.
    void packetsExported(const QString &path, quint64 packets, const QString &error);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createCentre();
    void createStatusBar();
    void createPanes(); // main_window_panes.cpp: the other areas' panes, wired
    void createLiveCapture();
    void restoreSettings();
    void saveSettings() const;
    void applyDefaultColumns();

    void openDialog();
    void closeCaptures();
    void resetForNewCaptures();
    void addRecentFiles(const QStringList &paths);
    void updateRecentMenu();
    void updateSummary();
    void updateActions();
    void showCurrent();
    void copySelection();
    void copyFilter(bool wireshark);
    void exportRows(bool onlyShown);
    void openInWireshark();
    void exportPacketsOfSelection();
    void requestExplainPort();
    void showPortFilterFromText();
    void showAbout();
    void askPayloadLimit();
    void showProblem(const QString &message);
    void onCaptureStarted(int capture, const QString &name);
    void onBatch(const ConnectionBatch &batch);
    void onProgress(const AnalysisProgressInfo &progress);
    void onProblem(int capture, const QString &name, const QString &message, bool partial);
    void onCaptureFinished(int capture, const CaptureSummary &summary);
    void onFinished(bool cancelled);
    void drainPendingRows();

    ConnectionModel *m_model;
    ConnectionFilterProxy *m_proxy;
    AnalysisRunner *m_runner;

    QTableView *m_table = nullptr;
    ConnectionDetails *m_details = nullptr;
    PayloadView *m_payload = nullptr;
    QSplitter *m_verticalSplitter = nullptr;
    QSplitter *m_bottomSplitter = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QComboBox *m_protocolCombo = nullptr;
    QLineEdit *m_portEdit = nullptr;
    QCheckBox *m_flaggedCheck = nullptr;
    QLabel *m_shownLabel = nullptr;
    QTimer *m_filterTimer = nullptr;
    ProblemBar *m_problemBar = nullptr;
    QToolBar *m_mainToolBar = nullptr;
    QToolBar *m_captureToolBar = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_recentMenu = nullptr;

    QLabel *m_summaryLabel = nullptr;
    QWidget *m_progressBox = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QLabel *m_rateLabel = nullptr;

    QAction *m_openAction = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_exportAllAction = nullptr;
    QAction *m_exportShownAction = nullptr;
    QAction *m_exportPacketsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_copyBpfAction = nullptr;
    QAction *m_copyWiresharkAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_flaggedOnlyAction = nullptr;
    QAction *m_nextFlaggedAction = nullptr;
    QAction *m_explainPortAction = nullptr;
    QAction *m_showPortAction = nullptr;
    QAction *m_wiresharkAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_resetLayoutAction = nullptr;
    QAction *m_payloadLimitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_trainingAction = nullptr;
    PortReferencePane *m_portReference = nullptr;
    CaptureBar *m_captureBar = nullptr;
    CaptureSession *m_captureSession = nullptr;
    QAction *m_saveCaptureAction = nullptr;
    QMenu *m_fileMenu = nullptr;
    bool m_showingLiveCapture = false; // the table holds a live capture (the bar shows its counts)

    // Rows waiting to enter the model, in slices, so a 40,000-row batch (everything still open
    // when a file ends arrives at once) never holds the event loop for more than a few ms.
    std::deque<ConnectionBatch> m_pendingRows;
    QTimer *m_drainTimer = nullptr;
    bool m_finishPending = false;
    bool m_finishCancelled = false;
    QStringList m_openPaths;
    std::vector<QString> m_problems;
    CaptureSummary m_totals;
    quint64 m_livePackets = 0;
    QStringList m_knownProtocols;
    QByteArray m_defaultState;
};

} // namespace portlens::ui
