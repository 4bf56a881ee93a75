#include "ui/main/main_window.h"

#include "ui/main/about_dialog.h"
#include "ui/main/analysis_runner.h"
#include "ui/main/analysis_status.h"
#include "ui/main/connection_actions.h"
#include "ui/main/connection_details.h"
#include "ui/main/connection_filter_proxy.h"
#include "ui/main/connection_model.h"
#include "ui/main/connection_table_view.h"
#include "ui/main/dropped_files.h"
#include "ui/main/filter_bar.h"
#include "ui/main/payload_limit.h"
#include "ui/main/payload_view.h"
#include "ui/main/problem_bar.h"
#include "ui/main/recent_files.h"
#include "ui/main/table_row_limit.h"
#include "ui/main/themed_icon.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLocale>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace portlens::ui {

namespace {
// The flow table's defaults, keeping bytes of each direction for detection and the payload view.
FlowTableConfig flowConfigKeeping(std::size_t bytes)
{
    FlowTableConfig config;
    config.payloadBytesPerDirection = bytes;
    return config;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_model(new ConnectionModel(this)), m_proxy(new ConnectionFilterProxy(this)),
      m_runner(new AnalysisRunner(this))
{
    setObjectName(QStringLiteral("PortLensMainWindow"));
    setWindowTitle(tr("PortLens"));
    setAcceptDrops(true);
    m_proxy->setSourceModel(m_model);
    m_runner->setFlowConfig(flowConfigKeeping(PayloadLimit::stored()));
    m_model->setRowLimit(TableRowLimit::stored());

    createCentre();
    createActions();
    createMenus();
    m_status = new AnalysisStatus(statusBar(), m_cancelAction, m_model, m_runner);

    connect(m_runner, &AnalysisRunner::captureStarted, m_model, &ConnectionModel::setCaptureName);
    connect(m_runner, &AnalysisRunner::connectionsAvailable, m_model, &ConnectionModel::queueBatch);
    connect(m_runner, &AnalysisRunner::captureProblem, this, &MainWindow::onProblem);
    connect(m_runner, &AnalysisRunner::captureWarning, this, &MainWindow::onWarning);
    connect(m_model, &ConnectionModel::rowsDropped, this, [this] {
        if (m_rowLimitReported) return; // the status bar keeps the count up to date
        m_rowLimitReported = true;
        showProblem(tr("The table is full: it holds at most %1 connections (View ▸ Table Row Limit…). "
                       "Connections after those are counted in the status bar but not shown; "
                       "portlens-cli analyze lists them all.")
                        .arg(QLocale().toString(static_cast<qulonglong>(m_model->rowLimit()))));
    });
    connect(m_status, &AnalysisStatus::finished, this, [this](bool cancelled) {
        updateActions();
        Q_EMIT analysisFinished(cancelled);
    });
    connect(m_details, &ConnectionDetails::connectionLinkActivated, this, &MainWindow::selectConnection);
    connect(m_details, &ConnectionDetails::explainPortRequested, this, &MainWindow::explainPortRequested);
    // Refresh the panes when the selected connection was still open and has changed.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        const int current = m_table->currentRow();
        if (current >= 0 && current >= from.row() && current <= to.row()) showCurrent();
    });

    createPanes(); // before the window state is restored: it places the docks
    m_defaultState = saveState();
    restoreSettings();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createCentre()
{
    m_problemBar = new ProblemBar(this);
    m_filterBar = new FilterBar(this);
    m_filterBar->watchProtocols(m_model);
    connectFilterBar(m_filterBar, m_proxy);

    m_table = new ConnectionTableView(m_model, m_proxy, this);
    connect(m_table, &ConnectionTableView::message, statusBar(), &QStatusBar::showMessage);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showCurrent);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(4, 4, 4, 0);
    topLayout->setSpacing(4);
    topLayout->addWidget(m_problemBar);
    topLayout->addWidget(m_filterBar);
    topLayout->addWidget(m_table, 1);

    m_details = new ConnectionDetails(this);
    m_payload = new PayloadView(this);
    m_bottomSplitter = new QSplitter(Qt::Horizontal, this);
    m_bottomSplitter->setObjectName(QStringLiteral("bottomSplitter"));
    m_bottomSplitter->addWidget(m_details);
    m_bottomSplitter->addWidget(m_payload);
    m_bottomSplitter->setSizes({500, 500});
    m_verticalSplitter = new QSplitter(Qt::Vertical, this);
    m_verticalSplitter->setObjectName(QStringLiteral("verticalSplitter"));
    m_verticalSplitter->addWidget(top);
    m_verticalSplitter->addWidget(m_bottomSplitter);
    m_verticalSplitter->setStretchFactor(0, 3);
    m_verticalSplitter->setStretchFactor(1, 2);
    m_verticalSplitter->setSizes({600, 300});
    setCentralWidget(m_verticalSplitter);
}

void MainWindow::createActions()
{
    auto action = [this](const QIcon &icon, const QString &text, const QKeySequence &shortcut, const QString &toolTip = {}) {
        auto *a = new QAction(icon, text, this);
        a->setShortcut(shortcut);
        if (!toolTip.isEmpty()) a->setToolTip(toolTip);
        return a;
    };
    m_openAction = action(themedIcon("document-open", QStyle::SP_DialogOpenButton), tr("&Open…"), QKeySequence::Open,
                          tr("Open one or more capture files (pcap, pcapng)"));
    m_openAction->setIconText(tr("Open"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openDialog);
    m_closeAction = action(themedIcon("document-close", QStyle::SP_DialogCloseButton), tr("&Close"), QKeySequence::Close);
    connect(m_closeAction, &QAction::triggered, this, &MainWindow::closeCaptures);
    m_quitAction = action(themedIcon("application-exit", QStyle::SP_DialogCloseButton), tr("&Quit"), QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
    m_findAction = action(themedIcon("edit-find", QStyle::SP_FileDialogContentsView), tr("&Filter Connections"), QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, m_filterBar, &FilterBar::focusText);
    m_cancelAction = action(themedIcon("process-stop", QStyle::SP_BrowserStop), tr("&Stop Analysis"), {},
                            tr("Stop reading; the connections found so far stay"));
    connect(m_cancelAction, &QAction::triggered, m_runner, &AnalysisRunner::cancel);

    m_resetLayoutAction = action({}, tr("&Reset Layout"), {});
    connect(m_resetLayoutAction, &QAction::triggered, this, [this] {
        restoreState(m_defaultState);
        m_table->applyDefaultColumns();
        m_verticalSplitter->setSizes({600, 300});
        m_bottomSplitter->setSizes({500, 500});
    });
    m_payloadLimitAction = action({}, tr("&Payload Kept per Direction…"), {},
                                  tr("How many bytes of each direction PortLens keeps for detection and the payload view"));
    connect(m_payloadLimitAction, &QAction::triggered, this, [this] {
        if (const auto bytes = PayloadLimit::ask(this)) m_runner->setFlowConfig(flowConfigKeeping(*bytes));
    });
    m_rowLimitAction = action({}, tr("Table &Row Limit…"), {},
                              tr("How many connections the table holds at most, so that huge captures keep memory bounded"));
    connect(m_rowLimitAction, &QAction::triggered, this, [this] { TableRowLimit::ask(this); });
    m_aboutAction = action(themedIcon("help-about", QStyle::SP_MessageBoxInformation), tr("&About PortLens"), {});
    connect(m_aboutAction, &QAction::triggered, this, [this] { AboutDialog(this).exec(); });

    m_actions = new ConnectionActions(m_model, m_proxy, m_table, this);
    m_exportAllAction = m_actions->exportAll;
    connect(m_actions, &ConnectionActions::explainPortRequested, this, &MainWindow::explainPortRequested);
    connect(m_actions, &ConnectionActions::showConnectionsOnPortRequested, this, &MainWindow::showConnectionsOnPort);
    connect(m_actions, &ConnectionActions::packetsExported, this, &MainWindow::packetsExported);
    connect(m_actions, &ConnectionActions::message, statusBar(), &QStatusBar::showMessage);
    connect(m_actions, &ConnectionActions::problem, this, &MainWindow::showProblem);

    m_recentFiles = new RecentFiles(this);
    connect(m_recentFiles, &RecentFiles::openRequested, this, [this](const QString &path) { openFiles({path}); });
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    m_fileMenu->addAction(m_openAction);
    m_fileMenu->addMenu(m_recentFiles->menu());
    m_fileMenu->addSeparator();
    m_fileMenu->addActions({m_actions->exportAll, m_actions->exportShown, m_actions->exportPackets});
    m_fileMenu->addSeparator();
    m_fileMenu->addActions({m_closeAction, m_quitAction});

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions({m_actions->copy, m_actions->copyBpf, m_actions->copyWireshark});
    edit->addSeparator();
    edit->addActions({m_findAction, m_filterBar->flaggedOnlyAction()});

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QMenu *columns = m_viewMenu->addMenu(tr("&Columns"));
    connect(columns, &QMenu::aboutToShow, this, [this, columns] {
        columns->clear();
        m_table->fillColumnMenu(columns);
    });
    m_viewMenu->addActions({m_resetLayoutAction, m_payloadLimitAction, m_rowLimitAction});
    m_viewMenu->addSeparator();

    QMenu *connection = menuBar()->addMenu(tr("&Connection"));
    connection->addActions({m_actions->nextFlagged, m_actions->explainPort, m_actions->showPort});
    connection->addSeparator();
    connection->addActions({m_actions->wireshark, m_cancelAction});

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    m_mainToolBar = addToolBar(tr("Main"));
    m_mainToolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_mainToolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_mainToolBar->addActions({m_openAction, m_actions->exportAll});
    m_mainToolBar->addSeparator();
    m_mainToolBar->addActions({m_actions->nextFlagged, m_actions->explainPort, m_actions->wireshark});
    m_viewMenu->addAction(m_mainToolBar->toggleViewAction());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QByteArray header = settings.value(QStringLiteral("table/header")).toByteArray();
    if (!header.isEmpty()) m_table->horizontalHeader()->restoreState(header);
    m_verticalSplitter->restoreState(settings.value(QStringLiteral("window/verticalSplitter")).toByteArray());
    m_bottomSplitter->restoreState(settings.value(QStringLiteral("window/bottomSplitter")).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("table/header"), m_table->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("window/verticalSplitter"), m_verticalSplitter->saveState());
    settings.setValue(QStringLiteral("window/bottomSplitter"), m_bottomSplitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_runner->cancel();
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::addPane(QDockWidget *pane, Qt::DockWidgetArea area)
{
    if (pane->objectName().isEmpty()) pane->setObjectName(pane->windowTitle()); // saveState needs a name
    addDockWidget(area, pane);
    m_viewMenu->addAction(pane->toggleViewAction());
}

QToolBar *MainWindow::captureToolBar()
{
    if (!m_captureToolBar) {
        m_captureToolBar = new QToolBar(tr("Capture"), this);
        m_captureToolBar->setObjectName(QStringLiteral("captureToolBar"));
        addToolBarBreak();
        addToolBar(m_captureToolBar);
        m_viewMenu->addAction(m_captureToolBar->toggleViewAction());
    }
    return m_captureToolBar;
}

void MainWindow::openDialog()
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("files/lastDirectory")).toString();
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open Captures"), dir,
        tr("Packet captures (*.pcap *.pcapng *.cap *.pcap.gz *.ntar);;All files (*)"));
    if (paths.isEmpty()) return;
    settings.setValue(QStringLiteral("files/lastDirectory"), QFileInfo(paths.front()).absolutePath());
    openFiles(paths);
}

void MainWindow::resetForNewCaptures()
{
    m_showingLiveCapture = false;
    m_status->start(); // before the model drops the old request's queue: that request is not finished
    m_filterBar->resetProtocols();
    m_model->clear();
    m_model->setRowLimit(TableRowLimit::stored());
    m_rowLimitReported = false;
    m_problemBar->clearProblems();
    m_details->clear();
    m_payload->clear();
}

void MainWindow::openFiles(const QStringList &paths)
{
    if (paths.isEmpty()) return;
    QStringList absolute;
    for (const QString &p : paths) absolute << QFileInfo(p).absoluteFilePath();
    resetForNewCaptures();
    m_openPaths = absolute;
    setWindowTitle(absolute.size() == 1 ? tr("%1 — PortLens").arg(QFileInfo(absolute.front()).fileName())
                                        : tr("%n captures — PortLens", "", static_cast<int>(absolute.size())));
    m_table->horizontalHeader()->setSectionHidden(ConnectionModel::CaptureColumn, absolute.size() < 2);
    m_recentFiles->add(absolute);
    m_runner->analyzeFiles(absolute);
    updateActions();
}

void MainWindow::openStream(int fd, const QString &name)
{
    resetForNewCaptures();
    setWindowTitle(tr("%1 — PortLens").arg(name));
    m_runner->analyzeStream(fd, name);
    updateActions();
}

void MainWindow::closeCaptures()
{
    m_runner->cancel();
    m_model->clear();
    m_rowLimitReported = false;
    m_problemBar->clearProblems();
    m_openPaths.clear();
    m_status->clearTotals();
    m_details->clear();
    m_payload->clear();
    setWindowTitle(tr("PortLens"));
    updateActions();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    // Anything is accepted here so that a wrong drop gets an explanation instead of a no-entry cursor.
    if (event->mimeData()->hasUrls() || event->mimeData()->hasText()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const DroppedFiles dropped = DroppedFiles::from(*event->mimeData());
    if (dropped.files.isEmpty() && dropped.refused.isEmpty()) {
        showProblem(tr("Only capture files can be dropped here (pcap, pcapng); the dropped item was not a file."));
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    if (!dropped.files.isEmpty()) openFiles(dropped.files);
    for (const QString &r : dropped.refused) showProblem(r);
}

void MainWindow::onProblem(int, const QString &name, const QString &message, bool partial)
{
    const QString file = QFileInfo(name).fileName();
    showProblem(partial ? tr("%1: %2. The connections read before that are shown.").arg(file, message)
                        : tr("%1 could not be opened: %2").arg(file, message));
}

void MainWindow::onWarning(int, const QString &name, const QString &message)
{
    showProblem(tr("%1: %2").arg(QFileInfo(name).fileName(), message));
}

void MainWindow::showProblem(const QString &message)
{
    m_problemBar->addProblem(message);
    statusBar()->showMessage(message, 10000);
}

QString MainWindow::problemText() const { return m_problemBar->text(); }

QString MainWindow::summaryText() const { return m_status->summaryText(); }

void MainWindow::exportSelectedPackets(const QString &path) { m_actions->exportSelectedPackets(path); }

void MainWindow::updateActions()
{
    m_actions->update(m_runner->isRunning());
    m_closeAction->setEnabled(m_model->rowCount() > 0 || m_runner->isRunning());
}

void MainWindow::showCurrent()
{
    const int row = m_table->currentRow();
    if (row < 0) {
        m_details->clear();
        m_payload->clear();
        return;
    }
    const ConnectionSnapshot &s = m_model->snapshot(row);
    m_details->setConnection(s, m_model);
    m_payload->setConnection(s.connection);
    updateActions();
}

void MainWindow::selectConnection(int capture, quint64 id)
{
    const int row = m_model->rowOf(capture, id);
    if (row < 0) {
        statusBar()->showMessage(tr("Connection %1 is not in the table.").arg(id), 5000);
        return;
    }
    if (m_table->selectRow(row)) return;
    // Hidden by a filter: show everything rather than fail.
    m_filterBar->clear();
    m_proxy->clearFilters();
    m_table->selectRow(row);
}

void MainWindow::selectNextFlagged() { m_table->selectNextFlagged(); }

void MainWindow::showConnectionsOnPort(quint16 port, quint8 transport)
{
    m_filterBar->setPort(port, transport);
    m_proxy->setPortFilter(port, transport);
}

} // namespace portlens::ui
