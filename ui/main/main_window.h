// MainWindow: assembles the parts: the filter bar, connection table, details and payload in
// the centre, the connection actions and recent files in the menus and toolbar, the analysis
// runner behind the progress bar and the status bar's counts, and the panes of the other areas
// (main_window_panes.cpp). It keeps the window's layout in QSettings and opens captures (menu,
// recent files, drag-and-drop, command line).
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
#include "ui/main/connection_table_view.h" // complete: main_window_panes.cpp reaches the table

#include <QMainWindow>
#include <QStringList>

class QAction;
class QDockWidget;
class QMenu;
class QSplitter;
class QToolBar;

namespace portlens::ui {

class AnalysisRunner;
class AnalysisStatus;
class PortReferencePane;
class CaptureBar;
class CaptureSession;
class ConnectionActions;
class ConnectionDetails;
class ConnectionFilterProxy;
class ConnectionModel;
class FilterBar;
class PayloadView;
class ProblemBar;
class RecentFiles;

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
    [[nodiscard]] ConnectionTableView *connectionTable() const { return m_table; }
    [[nodiscard]] FilterBar *filterBar() const { return m_filterBar; }
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

private:
    void createActions();
    void createMenus();
    void createCentre();
    void createPanes(); // main_window_panes.cpp: the other areas' panes, wired
    void createLiveCapture();
    void restoreSettings();
    void saveSettings() const;

    void openDialog();
    void closeCaptures();
    void resetForNewCaptures();
    void updateActions();
    void showCurrent();
    void showProblem(const QString &message);
    void onProblem(int capture, const QString &name, const QString &message, bool partial);
    void onWarning(int capture, const QString &name, const QString &message);

    ConnectionModel *m_model;
    ConnectionFilterProxy *m_proxy;
    AnalysisRunner *m_runner;

    FilterBar *m_filterBar = nullptr;
    ConnectionTableView *m_table = nullptr;
    ConnectionActions *m_actions = nullptr;
    RecentFiles *m_recentFiles = nullptr;
    ConnectionDetails *m_details = nullptr;
    PayloadView *m_payload = nullptr;
    QSplitter *m_verticalSplitter = nullptr;
    QSplitter *m_bottomSplitter = nullptr;
    ProblemBar *m_problemBar = nullptr;
    QToolBar *m_mainToolBar = nullptr;
    QToolBar *m_captureToolBar = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_viewMenu = nullptr;

    AnalysisStatus *m_status = nullptr;

    QAction *m_openAction = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_exportAllAction = nullptr; // m_actions->exportAll: the live-capture pane's action goes before it
    QAction *m_quitAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_resetLayoutAction = nullptr;
    QAction *m_payloadLimitAction = nullptr;
    QAction *m_rowLimitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_trainingAction = nullptr;
    PortReferencePane *m_portReference = nullptr;
    CaptureBar *m_captureBar = nullptr;
    CaptureSession *m_captureSession = nullptr;
    QAction *m_saveCaptureAction = nullptr;
    bool m_rowLimitReported = false;   // the message bar said the table is full (this request)
    bool m_showingLiveCapture = false; // the table holds a live capture (the bar shows its counts)

    QStringList m_openPaths;
    QByteArray m_defaultState;
};

} // namespace portlens::ui
