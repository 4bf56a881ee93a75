#include "ui/main/main_window.h"

#include "ui/main/about_dialog.h"
#include "ui/main/analysis_runner.h"
#include "ui/main/connection_details.h"
#include "ui/main/connection_filter_proxy.h"
#include "ui/main/connection_filters.h"
#include "ui/main/connection_model.h"
#include "ui/main/packet_export.h"
#include "ui/main/payload_view.h"
#include "ui/main/problem_bar.h"
#include "ui/main/table_export.h"

#include "core/ports/port_knowledge.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMetaMethod>
#include <QMimeData>
#include <QProcess>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <set>

namespace portlens::ui {

namespace {

constexpr int kMaxRecentFiles = 10;
constexpr int kMaxDroppedFiles = 64; // like Wireshark: a drop of a whole folder's worth is a mistake

QString settingsKey(const char *key) { return QString::fromLatin1(key); }

QIcon themed(const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name), QApplication::style()->standardIcon(fallback));
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

    QSettings settings;
    FlowTableConfig config;
    config.payloadBytesPerDirection =
        settings.value(settingsKey("analysis/payloadBytesPerDirection"), static_cast<qulonglong>(config.payloadBytesPerDirection))
            .toULongLong();
    m_runner->setFlowConfig(config);

    createActions();
    createCentre();
    createMenus();
    createStatusBar();

    m_drainTimer = new QTimer(this);
    m_drainTimer->setInterval(0);
    connect(m_drainTimer, &QTimer::timeout, this, &MainWindow::drainPendingRows);
    connect(m_runner, &AnalysisRunner::captureStarted, this, &MainWindow::onCaptureStarted);
    connect(m_runner, &AnalysisRunner::connectionsAvailable, this, &MainWindow::onBatch);
    connect(m_runner, &AnalysisRunner::progressChanged, this, &MainWindow::onProgress);
    connect(m_runner, &AnalysisRunner::captureProblem, this, &MainWindow::onProblem);
    connect(m_runner, &AnalysisRunner::captureFinished, this, &MainWindow::onCaptureFinished);
    connect(m_runner, &AnalysisRunner::analysisFinished, this, &MainWindow::onFinished);
    connect(m_proxy, &ConnectionFilterProxy::filtersChanged, this, &MainWindow::updateSummary);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateSummary);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateSummary);
    connect(m_details, &ConnectionDetails::connectionLinkActivated, this, &MainWindow::selectConnection);
    connect(m_details, &ConnectionDetails::explainPortRequested, this, &MainWindow::explainPortRequested);
    // Refresh the panes when the selected connection was still open and has changed.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
        if (current.isValid() && current.row() >= from.row() && current.row() <= to.row()) showCurrent();
    });

    createPanes(); // before the window state is restored: it places the docks
    m_defaultState = saveState();
    restoreSettings();
    updateSummary();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_openAction = new QAction(themed("document-open", QStyle::SP_DialogOpenButton), tr("&Open…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setToolTip(tr("Open one or more capture files (pcap, pcapng)"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openDialog);

    m_closeAction = new QAction(themed("document-close", QStyle::SP_DialogCloseButton), tr("&Close"), this);
    m_closeAction->setShortcut(QKeySequence::Close);
    connect(m_closeAction, &QAction::triggered, this, &MainWindow::closeCaptures);

    m_exportAllAction = new QAction(themed("document-save-as", QStyle::SP_DialogSaveButton), tr("&Export All Connections…"), this);
    m_exportAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_exportAllAction, &QAction::triggered, this, [this] { exportRows(false); });
    m_exportShownAction = new QAction(tr("Export &Shown Connections…"), this);
    m_exportShownAction->setToolTip(tr("Export the connections the filters show, in the order shown"));
    connect(m_exportShownAction, &QAction::triggered, this, [this] { exportRows(true); });

    m_exportPacketsAction = new QAction(tr("Export &Packets of Selected Connections…"), this);
    m_exportPacketsAction->setToolTip(tr("Write the packets of the selected connections to a new pcapng file"));
    connect(m_exportPacketsAction, &QAction::triggered, this, &MainWindow::exportPacketsOfSelection);

    m_quitAction = new QAction(themed("application-exit", QStyle::SP_DialogCloseButton), tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_copyAction = new QAction(themed("edit-copy", QStyle::SP_FileIcon), tr("&Copy Rows"), this);
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setToolTip(tr("Copy the selected connections as tab-separated text"));
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyAction, &QAction::triggered, this, &MainWindow::copySelection);

    m_copyBpfAction = new QAction(tr("Copy as &BPF Filter"), this);
    m_copyBpfAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    m_copyBpfAction->setToolTip(tr("A capture filter (tcpdump, Wireshark capture options) for this connection"));
    connect(m_copyBpfAction, &QAction::triggered, this, [this] { copyFilter(false); });
    m_copyWiresharkAction = new QAction(tr("Copy as &Wireshark Display Filter"), this);
    m_copyWiresharkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(m_copyWiresharkAction, &QAction::triggered, this, [this] { copyFilter(true); });

    m_findAction = new QAction(themed("edit-find", QStyle::SP_FileDialogContentsView), tr("&Filter Connections"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });

    m_flaggedOnlyAction = new QAction(themed("dialog-warning", QStyle::SP_MessageBoxWarning), tr("Flagged &Only"), this);
    m_flaggedOnlyAction->setCheckable(true);
    m_flaggedOnlyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_flaggedOnlyAction->setToolTip(tr("Show only mismatches, unexpected content and warnings"));

    m_nextFlaggedAction = new QAction(themed("go-down-search", QStyle::SP_ArrowDown), tr("&Next Flagged Connection"), this);
    m_nextFlaggedAction->setShortcut(QKeySequence(Qt::Key_F8));
    connect(m_nextFlaggedAction, &QAction::triggered, this, &MainWindow::selectNextFlagged);

    m_explainPortAction = new QAction(themed("help-contextual", QStyle::SP_MessageBoxQuestion), tr("&Explain Port"), this);
    // Ctrl+I ("info"): Ctrl+E starts and stops a capture, as in Wireshark.
    m_explainPortAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_explainPortAction->setToolTip(tr("What does the server port of this connection normally carry?"));
    connect(m_explainPortAction, &QAction::triggered, this, &MainWindow::requestExplainPort);

    m_showPortAction = new QAction(tr("Show Connections on This &Port"), this);
    connect(m_showPortAction, &QAction::triggered, this, [this] {
        const std::vector<int> rows = selectedRows();
        if (rows.empty()) return;
        const Connection &c = m_model->snapshot(rows.front()).connection;
        showConnectionsOnPort(c.server.port, c.transport);
    });

    m_wiresharkAction = new QAction(themed("wireshark", QStyle::SP_ComputerIcon), tr("Open in &Wireshark"), this);
    m_wiresharkAction->setToolTip(tr("Open the capture in Wireshark, filtered to this connection"));
    connect(m_wiresharkAction, &QAction::triggered, this, &MainWindow::openInWireshark);

    m_cancelAction = new QAction(themed("process-stop", QStyle::SP_BrowserStop), tr("&Stop Analysis"), this);
    m_cancelAction->setToolTip(tr("Stop reading; the connections found so far stay"));
    connect(m_cancelAction, &QAction::triggered, m_runner, &AnalysisRunner::cancel);

    m_resetLayoutAction = new QAction(tr("&Reset Layout"), this);
    connect(m_resetLayoutAction, &QAction::triggered, this, [this] {
        restoreState(m_defaultState);
        applyDefaultColumns();
        m_verticalSplitter->setSizes({600, 300});
        m_bottomSplitter->setSizes({500, 500});
    });

    m_payloadLimitAction = new QAction(tr("&Payload Kept per Direction…"), this);
    m_payloadLimitAction->setToolTip(tr("How many bytes of each direction PortLens keeps for detection and the payload view"));
    connect(m_payloadLimitAction, &QAction::triggered, this, &MainWindow::askPayloadLimit);

    m_aboutAction = new QAction(themed("help-about", QStyle::SP_MessageBoxInformation), tr("&About PortLens"), this);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_fileMenu = file;
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(m_exportAllAction);
    file->addAction(m_exportShownAction);
    file->addAction(m_exportPacketsAction);
    file->addSeparator();
    file->addAction(m_closeAction);
    file->addAction(m_quitAction);
    updateRecentMenu();

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_copyAction);
    edit->addAction(m_copyBpfAction);
    edit->addAction(m_copyWiresharkAction);
    edit->addSeparator();
    edit->addAction(m_findAction);
    edit->addAction(m_flaggedOnlyAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QMenu *columns = m_viewMenu->addMenu(tr("&Columns"));
    connect(columns, &QMenu::aboutToShow, this, [this, columns] {
        columns->clear();
        QHeaderView *header = m_table->horizontalHeader();
        for (int c = 0; c < ConnectionModel::ColumnCount; ++c) {
            QAction *a = columns->addAction(m_model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!header->isSectionHidden(c));
            connect(a, &QAction::toggled, header, [header, c](bool on) { header->setSectionHidden(c, !on); });
        }
    });
    m_viewMenu->addAction(m_resetLayoutAction);
    m_viewMenu->addAction(m_payloadLimitAction);
    m_viewMenu->addSeparator();

    QMenu *connection = menuBar()->addMenu(tr("&Connection"));
    connection->addAction(m_nextFlaggedAction);
    connection->addAction(m_explainPortAction);
    connection->addAction(m_showPortAction);
    connection->addSeparator();
    connection->addAction(m_wiresharkAction);
    connection->addAction(m_cancelAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    m_mainToolBar = addToolBar(tr("Main"));
    m_mainToolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_mainToolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_openAction->setIconText(tr("Open"));
    m_exportAllAction->setIconText(tr("Export"));
    m_nextFlaggedAction->setIconText(tr("Next Flagged"));
    m_explainPortAction->setIconText(tr("Explain Port"));
    m_wiresharkAction->setIconText(tr("Wireshark"));
    m_mainToolBar->addAction(m_openAction);
    m_mainToolBar->addAction(m_exportAllAction);
    m_mainToolBar->addSeparator();
    m_mainToolBar->addAction(m_nextFlaggedAction);
    m_mainToolBar->addAction(m_explainPortAction);
    m_mainToolBar->addAction(m_wiresharkAction);
    m_viewMenu->addAction(m_mainToolBar->toggleViewAction());

    // The table's context menu: what an analyst does with one connection.
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto separator = [this] {
        auto *s = new QAction(this);
        s->setSeparator(true);
        return s;
    };
    m_table->addActions({m_copyAction, m_copyBpfAction, m_copyWiresharkAction, separator(), m_explainPortAction,
                         m_showPortAction, m_wiresharkAction, separator(), m_exportPacketsAction, m_exportShownAction});
}

void MainWindow::createCentre()
{
    m_problemBar = new ProblemBar(this);

    // The filter bar: free text, protocol, port, flagged only.
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setPlaceholderText(tr("Filter: address, port, protocol, verdict, host name… (Ctrl+F)"));
    m_filterEdit->addAction(themed("edit-find", QStyle::SP_FileDialogContentsView), QLineEdit::LeadingPosition);
    m_protocolCombo = new QComboBox(this);
    m_protocolCombo->addItem(tr("All protocols"), QString());
    m_protocolCombo->addItem(tr("Nothing detected"), QStringLiteral("none"));
    m_protocolCombo->setToolTip(tr("Show only connections whose payload is this protocol"));
    m_protocolCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_portEdit = new QLineEdit(this);
    m_portEdit->setClearButtonEnabled(true);
    m_portEdit->setPlaceholderText(tr("Port, e.g. 443 or 53/udp"));
    m_portEdit->setToolTip(tr("Show only connections with this port on either side"));
    m_portEdit->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 22);
    m_flaggedCheck = new QCheckBox(tr("Flagged only"), this);
    m_flaggedCheck->setToolTip(m_flaggedOnlyAction->toolTip());
    m_shownLabel = new QLabel(this);

    auto *filterBar = new QWidget(this);
    auto *filterLayout = new QHBoxLayout(filterBar);
    filterLayout->setContentsMargins(0, 0, 0, 0);
    filterLayout->addWidget(m_filterEdit, 3);
    filterLayout->addWidget(m_protocolCombo);
    filterLayout->addWidget(m_portEdit, 1);
    filterLayout->addWidget(m_flaggedCheck);
    filterLayout->addWidget(m_shownLabel);

    // Typing filters after a short pause, so each keystroke does not refilter a million rows.
    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(150);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterTimer, &QTimer::timeout, this, [this] { m_proxy->setFilterText(m_filterEdit->text()); });
    connect(m_protocolCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setProtocolFilter(m_protocolCombo->currentData().toString()); });
    connect(m_portEdit, &QLineEdit::textChanged, this, &MainWindow::showPortFilterFromText);
    connect(m_flaggedCheck, &QCheckBox::toggled, m_flaggedOnlyAction, &QAction::setChecked);
    connect(m_flaggedOnlyAction, &QAction::toggled, m_flaggedCheck, &QCheckBox::setChecked);
    connect(m_flaggedOnlyAction, &QAction::toggled, m_proxy, &ConnectionFilterProxy::setFlaggedOnly);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("connectionTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ConnectionModel::IndexColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(false); // the verdict tint is the only row colour
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->installEventFilter(this);
    connect(m_table->horizontalHeader(), &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        QHeaderView *header = m_table->horizontalHeader();
        for (int c = 0; c < ConnectionModel::ColumnCount; ++c) {
            QAction *a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!header->isSectionHidden(c));
            connect(a, &QAction::toggled, header, [header, c](bool on) { header->setSectionHidden(c, !on); });
        }
        menu.exec(header->mapToGlobal(pos));
    });
    applyDefaultColumns();
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showCurrent);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(4, 4, 4, 0);
    topLayout->setSpacing(4);
    topLayout->addWidget(m_problemBar);
    topLayout->addWidget(filterBar);
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

void MainWindow::applyDefaultColumns()
{
    QHeaderView *header = m_table->horizontalHeader();
    for (int c = 0; c < ConnectionModel::ColumnCount; ++c) {
        header->moveSection(header->visualIndex(c), c);
        header->setSectionHidden(c, false);
    }
    // Live capture shows the process column; several captures make the capture column useful.
    header->setSectionHidden(ConnectionModel::ProcessColumn, true);
    header->setSectionHidden(ConnectionModel::CaptureColumn, true);
    const QFontMetrics fm = m_table->fontMetrics();
    auto width = [&fm](const char *sample) { return fm.horizontalAdvance(QString::fromLatin1(sample)) + 24; };
    header->resizeSection(ConnectionModel::IndexColumn, width("00000"));
    header->resizeSection(ConnectionModel::StartColumn, width("Start (UTC)0"));
    header->resizeSection(ConnectionModel::DurationColumn, width("Duration"));
    header->resizeSection(ConnectionModel::TransportColumn, width("Transport"));
    header->resizeSection(ConnectionModel::ClientColumn, width("2001:db8:0:1::10"));
    header->resizeSection(ConnectionModel::ClientPortColumn, width("Client port"));
    header->resizeSection(ConnectionModel::ServerColumn, width("2001:db8:0:1::10"));
    header->resizeSection(ConnectionModel::ServerPortColumn, width("Server port"));
    header->resizeSection(ConnectionModel::PortServiceColumn, width("Port normally"));
    header->resizeSection(ConnectionModel::ProtocolColumn, width("FTP-DATA0"));
    header->resizeSection(ConnectionModel::VerdictColumn, width("unexpected content") + 16);
    header->resizeSection(ConnectionModel::PacketsColumn, width("Packets0"));
    header->resizeSection(ConnectionModel::BytesColumn, width("1000.0 kB"));
    header->resizeSection(ConnectionModel::ProcessColumn, width("firefox-esr"));
    header->resizeSection(ConnectionModel::CaptureColumn, width("capture.pcapng"));
}

void MainWindow::createStatusBar()
{
    // Permanent, so passing messages ("Copied 3 connections") never hide the counts.
    m_summaryLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_summaryLabel);

    m_progressBox = new QWidget(this);
    auto *layout = new QHBoxLayout(m_progressBox);
    layout->setContentsMargins(0, 0, 0, 0);
    m_rateLabel = new QLabel(m_progressBox);
    m_progressBar = new QProgressBar(m_progressBox);
    m_progressBar->setMaximumWidth(200);
    m_progressBar->setRange(0, 100);
    auto *cancel = new QToolButton(m_progressBox);
    cancel->setDefaultAction(m_cancelAction);
    cancel->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    cancel->setText(tr("Cancel"));
    layout->addWidget(m_rateLabel);
    layout->addWidget(m_progressBar);
    layout->addWidget(cancel);
    statusBar()->addPermanentWidget(m_progressBox);
    m_progressBox->hide();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(settingsKey("window/geometry")).toByteArray())) resize(1280, 800);
    restoreState(settings.value(settingsKey("window/state")).toByteArray());
    const QByteArray header = settings.value(settingsKey("table/header")).toByteArray();
    if (!header.isEmpty()) m_table->horizontalHeader()->restoreState(header);
    m_verticalSplitter->restoreState(settings.value(settingsKey("window/verticalSplitter")).toByteArray());
    m_bottomSplitter->restoreState(settings.value(settingsKey("window/bottomSplitter")).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(settingsKey("window/geometry"), saveGeometry());
    settings.setValue(settingsKey("window/state"), saveState());
    settings.setValue(settingsKey("table/header"), m_table->horizontalHeader()->saveState());
    settings.setValue(settingsKey("window/verticalSplitter"), m_verticalSplitter->saveState());
    settings.setValue(settingsKey("window/bottomSplitter"), m_bottomSplitter->saveState());
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

// ---- Opening -------------------------------------------------------------------------------

void MainWindow::openDialog()
{
    QSettings settings;
    const QString dir = settings.value(settingsKey("files/lastDirectory")).toString();
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open Captures"), dir,
        tr("Packet captures (*.pcap *.pcapng *.cap *.pcap.gz *.ntar);;All files (*)"));
    if (paths.isEmpty()) return;
    settings.setValue(settingsKey("files/lastDirectory"), QFileInfo(paths.front()).absolutePath());
    openFiles(paths);
}

void MainWindow::resetForNewCaptures()
{
    m_showingLiveCapture = false;
    m_pendingRows.clear();
    m_finishPending = false;
    m_knownProtocols.clear();
    m_protocolCombo->setCurrentIndex(0);
    while (m_protocolCombo->count() > 2) m_protocolCombo->removeItem(2);
    m_model->clear();
    m_problemBar->clearProblems();
    m_problems.clear();
    m_totals = {};
    m_livePackets = 0;
    m_details->clear();
    m_payload->clear();
    m_progressBar->setValue(0);
    m_rateLabel->clear();
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
    addRecentFiles(absolute);
    m_progressBox->show();
    m_runner->analyzeFiles(absolute);
    updateActions();
    updateSummary();
}

void MainWindow::openStream(int fd, const QString &name)
{
    resetForNewCaptures();
    setWindowTitle(tr("%1 — PortLens").arg(name));
    m_progressBox->show();
    m_runner->analyzeStream(fd, name);
    updateActions();
    updateSummary();
}

void MainWindow::closeCaptures()
{
    m_runner->cancel();
    m_pendingRows.clear();
    m_model->clear();
    m_problemBar->clearProblems();
    m_openPaths.clear();
    m_totals = {};
    m_details->clear();
    m_payload->clear();
    setWindowTitle(tr("PortLens"));
    updateSummary();
    updateActions();
}

void MainWindow::addRecentFiles(const QStringList &paths)
{
    QSettings settings;
    QStringList recent = settings.value(settingsKey("files/recent")).toStringList();
    for (const QString &p : paths) {
        recent.removeAll(p);
        recent.prepend(p);
    }
    while (recent.size() > kMaxRecentFiles) recent.removeLast();
    settings.setValue(settingsKey("files/recent"), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(settingsKey("files/recent")).toStringList();
    for (int i = 0; i < recent.size(); ++i) {
        const QString path = recent.at(i);
        QAction *a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg((i + 1) % 10).arg(QFileInfo(path).fileName()));
        a->setToolTip(path);
        a->setStatusTip(path);
        connect(a, &QAction::triggered, this, [this, path] { openFiles({path}); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear Recent Files"), this, [this] {
            QSettings().remove(settingsKey("files/recent"));
            updateRecentMenu();
        });
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    // Anything is accepted here so that a wrong drop gets an explanation instead of a no-entry cursor.
    if (event->mimeData()->hasUrls() || event->mimeData()->hasText()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty()) {
        showProblem(tr("Only capture files can be dropped here (pcap, pcapng); the dropped item was not a file."));
        event->ignore();
        return;
    }
    QStringList files;
    QStringList refused;
    for (const QUrl &url : urls) {
        if (!url.isLocalFile()) {
            refused << tr("%1 is not a local file").arg(url.toDisplayString());
            continue;
        }
        const QFileInfo info(url.toLocalFile());
        if (!info.exists()) refused << tr("%1 does not exist").arg(info.filePath());
        else if (info.isDir()) refused << tr("%1 is a folder, not a capture file").arg(info.filePath());
        else if (!info.isReadable()) refused << tr("%1 cannot be read (permission denied)").arg(info.filePath());
        else files << info.absoluteFilePath();
    }
    if (files.size() > kMaxDroppedFiles) {
        refused << tr("%n file(s) dropped; at most %1 can be opened at once", "", static_cast<int>(files.size())).arg(kMaxDroppedFiles);
        files.clear();
    }
    event->acceptProposedAction();
    if (!files.isEmpty()) openFiles(files);
    for (const QString &r : refused) showProblem(r);
}

// ---- Analysis results ----------------------------------------------------------------------

void MainWindow::onCaptureStarted(int capture, const QString &name)
{
    m_model->setCaptureName(capture, name);
    statusBar()->showMessage(tr("Reading %1…").arg(QFileInfo(name).fileName()));
}

void MainWindow::onBatch(const ConnectionBatch &batch)
{
    constexpr std::size_t kSlice = 1000;
    if (batch->size() <= kSlice) {
        m_pendingRows.push_back(batch);
    } else {
        for (std::size_t first = 0; first < batch->size(); first += kSlice) {
            auto slice = std::make_shared<std::vector<ConnectionSnapshot>>();
            const std::size_t last = std::min(batch->size(), first + kSlice);
            slice->reserve(last - first);
            for (std::size_t i = first; i < last; ++i) slice->push_back(std::move((*batch)[i]));
            m_pendingRows.push_back(std::move(slice));
        }
    }
    if (!m_drainTimer->isActive()) m_drainTimer->start();
}

void MainWindow::drainPendingRows()
{
    QElapsedTimer budget;
    budget.start();
    while (!m_pendingRows.empty() && budget.elapsed() < 12) {
        const ConnectionBatch batch = std::move(m_pendingRows.front());
        m_pendingRows.pop_front();
        // New protocols join the protocol filter's list as they are first seen.
        std::set<QString> fresh;
        for (const ConnectionSnapshot &s : *batch) {
            if (s.connection.detection.protocol.empty()) continue;
            const QString p = QString::fromStdString(s.connection.detection.protocol);
            if (!m_knownProtocols.contains(p)) fresh.insert(p);
        }
        for (const QString &p : fresh) {
            m_knownProtocols << p;
            m_knownProtocols.sort(Qt::CaseInsensitive);
            const auto at = static_cast<int>(m_knownProtocols.indexOf(p));
            m_protocolCombo->insertItem(at + 2, p, p);
        }
        const bool wasEmpty = m_model->rowCount() == 0;
        m_model->addBatch(batch);
        if (wasEmpty && m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
            m_table->selectionModel()->setCurrentIndex(m_proxy->index(0, 0), QItemSelectionModel::NoUpdate);
    }
    if (!m_pendingRows.empty()) return;
    m_drainTimer->stop();
    if (m_finishPending) {
        m_finishPending = false;
        onFinished(m_finishCancelled);
    }
}

void MainWindow::onProgress(const AnalysisProgressInfo &progress)
{
    m_livePackets = progress.packets;
    if (progress.percent < 0) m_progressBar->setRange(0, 0);
    else {
        m_progressBar->setRange(0, 100);
        m_progressBar->setValue(progress.percent);
    }
    const QLocale locale;
    m_rateLabel->setText(tr("%1 packets, %2 packets/s")
                             .arg(locale.toString(progress.packets))
                             .arg(locale.toString(static_cast<qulonglong>(progress.packetsPerSecond))));
    updateSummary();
}

void MainWindow::onProblem(int, const QString &name, const QString &message, bool partial)
{
    const QString file = QFileInfo(name).fileName();
    showProblem(partial ? tr("%1: %2. The connections read before that are shown.").arg(file, message)
                        : tr("%1 could not be opened: %2").arg(file, message));
}

void MainWindow::onCaptureFinished(int, const CaptureSummary &summary)
{
    m_totals.packets += summary.packets;
    m_totals.wireBytes += summary.wireBytes;
    m_totals.connections += summary.connections;
    m_totals.flagged += summary.flagged;
    m_totals.evicted += summary.evicted;
    m_totals.notIp += summary.notIp;
    m_livePackets = 0;
    updateSummary();
}

void MainWindow::onFinished(bool cancelled)
{
    if (!m_pendingRows.empty()) { // finish once every row is in
        m_finishPending = true;
        m_finishCancelled = cancelled;
        return;
    }
    m_progressBox->hide();
    statusBar()->showMessage(cancelled ? tr("Stopped: the %n connection(s) analysed so far are shown.", "", m_model->rowCount())
                                       : tr("Analysis finished."),
                             8000);
    updateSummary();
    updateActions();
    Q_EMIT analysisFinished(cancelled);
}

void MainWindow::showProblem(const QString &message)
{
    m_problems.push_back(message);
    m_problemBar->addProblem(message);
    statusBar()->showMessage(message, 10000);
}

QString MainWindow::problemText() const { return m_problemBar->text(); }

QString MainWindow::summaryText() const { return m_summaryLabel->text(); }

void MainWindow::updateSummary()
{
    const QLocale locale;
    const quint64 packets = m_totals.packets + m_livePackets;
    QString text = tr("Packets: %1 · Connections: %2 · Flagged: %3 · Evicted: %4")
                       .arg(locale.toString(packets))
                       .arg(locale.toString(m_model->rowCount()))
                       .arg(locale.toString(m_model->flaggedCount()))
                       .arg(locale.toString(m_totals.evicted));
    if (m_totals.notIp) text += tr(" · Not TCP/UDP: %1 packets").arg(locale.toString(m_totals.notIp));
    m_summaryLabel->setText(text);
    m_shownLabel->setText(m_proxy->isFiltering() ? tr("%1 of %2 shown")
                                                       .arg(locale.toString(m_proxy->rowCount()))
                                                       .arg(locale.toString(m_model->rowCount()))
                                                 : QString());
}

// ---- Selection and actions -----------------------------------------------------------------

std::vector<int> MainWindow::selectedRows() const
{
    std::vector<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    std::vector<int> proxyRows;
    for (const QModelIndex &i : selected) proxyRows.push_back(i.row());
    std::sort(proxyRows.begin(), proxyRows.end());
    for (int r : proxyRows) rows.push_back(m_proxy->mapToSource(m_proxy->index(r, 0)).row());
    if (rows.empty()) {
        const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
        if (current.isValid() && m_table->selectionModel()->isRowSelected(m_table->currentIndex().row(), {}))
            rows.push_back(current.row());
    }
    return rows;
}

void MainWindow::updateActions()
{
    const bool hasRows = m_model->rowCount() > 0;
    const bool hasSelection = m_table->selectionModel()->hasSelection();
    m_copyAction->setEnabled(hasSelection);
    m_copyBpfAction->setEnabled(hasSelection);
    m_copyWiresharkAction->setEnabled(hasSelection);
    m_explainPortAction->setEnabled(hasSelection);
    m_showPortAction->setEnabled(hasSelection);
    m_exportAllAction->setEnabled(hasRows);
    m_exportShownAction->setEnabled(hasRows);
    m_exportPacketsAction->setEnabled(hasSelection);
    m_nextFlaggedAction->setEnabled(m_model->flaggedCount() > 0 || m_runner->isRunning());
    m_closeAction->setEnabled(hasRows || m_runner->isRunning());
    static const bool haveWireshark = !QStandardPaths::findExecutable(QStringLiteral("wireshark")).isEmpty();
    m_wiresharkAction->setEnabled(haveWireshark && hasSelection);
    m_wiresharkAction->setVisible(haveWireshark);
}

void MainWindow::showCurrent()
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (!current.isValid()) {
        m_details->clear();
        m_payload->clear();
        return;
    }
    const ConnectionSnapshot &s = m_model->snapshot(current.row());
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
    QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) { // hidden by a filter: show everything rather than fail
        m_filterEdit->clear();
        m_portEdit->clear();
        m_protocolCombo->setCurrentIndex(0);
        m_flaggedOnlyAction->setChecked(false);
        m_proxy->clearFilters();
        index = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void MainWindow::selectNextFlagged()
{
    const int count = m_proxy->rowCount();
    if (count == 0) return;
    const int start = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    for (int step = 1; step <= count; ++step) {
        const int r = (start + step) % count;
        const QModelIndex index = m_proxy->index(r, 0);
        if (index.data(ConnectionModel::FlaggedRole).toBool()) {
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
            return;
        }
    }
    statusBar()->showMessage(tr("No flagged connections."), 4000);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // The table's own Ctrl+C copies one cell; analysts expect whole rows, as in Wireshark.
    if (watched == m_table && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Copy)) {
            if (event->type() == QEvent::ShortcutOverride) event->accept();
            else copySelection();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::copySelection()
{
    const std::vector<int> rows = selectedRows();
    if (rows.empty()) return;
    std::vector<int> columns;
    QHeaderView *header = m_table->horizontalHeader();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical)) columns.push_back(logical);
    }
    QApplication::clipboard()->setText(rowsAsTsv(*m_model, rows, columns));
    statusBar()->showMessage(tr("Copied %n connection(s).", "", static_cast<int>(rows.size())), 4000);
}

void MainWindow::copyFilter(bool wireshark)
{
    const std::vector<int> rows = selectedRows();
    if (rows.empty()) return;
    QStringList filters;
    for (int r : rows) {
        const Connection &c = m_model->snapshot(r).connection;
        filters << (wireshark ? wiresharkFilter(c) : bpfFilter(c));
    }
    const QString text = filters.size() == 1 ? filters.front()
                                             : QLatin1Char('(') + filters.join(wireshark ? QStringLiteral(") || (")
                                                                                         : QStringLiteral(") or (")) +
                                                   QLatin1Char(')');
    QApplication::clipboard()->setText(text);
    statusBar()->showMessage(tr("Copied: %1").arg(text), 6000);
}

void MainWindow::exportRows(bool onlyShown)
{
    std::vector<int> rows;
    if (onlyShown) {
        for (int r = 0; r < m_proxy->rowCount(); ++r) rows.push_back(m_proxy->mapToSource(m_proxy->index(r, 0)).row());
    } else {
        for (int r = 0; r < m_model->rowCount(); ++r) rows.push_back(r);
    }
    const QString csv = tr("CSV for spreadsheets (*.csv)");
    const QString jsonl = tr("JSON Lines, every field (*.jsonl)");
    const QString zeek = tr("Zeek conn.log (*.log)");
    QString selected = csv;
    QString path = QFileDialog::getSaveFileName(this, onlyShown ? tr("Export Shown Connections") : tr("Export All Connections"),
                                                QStringLiteral("connections.csv"), QStringList{csv, jsonl, zeek}.join(QStringLiteral(";;")),
                                                &selected);
    if (path.isEmpty()) return;
    const ExportFormat format = selected == jsonl ? ExportFormat::JsonLines : (selected == zeek ? ExportFormat::ZeekConnLog : ExportFormat::Csv);
    const QString error = exportConnections(*m_model, rows, format, path);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export failed"), error);
    else statusBar()->showMessage(tr("Exported %n connection(s) to %1.", "", static_cast<int>(rows.size())).arg(path), 6000);
}

void MainWindow::exportPacketsOfSelection()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Packets of Selected Connections"),
                                                      QStringLiteral("connections.pcapng"), tr("pcapng captures (*.pcapng)"));
    if (!path.isEmpty()) exportSelectedPackets(path);
}

void MainWindow::exportSelectedPackets(const QString &path)
{
    std::vector<PacketSelection> selection;
    for (int r : selectedRows()) {
        const ConnectionSnapshot &s = m_model->snapshot(r);
        selection.push_back(PacketSelection::of(s.connection, m_model->captureName(s.capture)));
    }
    if (selection.empty()) return;
    // The captures are read again, which takes a while for large files: off the GUI thread.
    auto result = std::make_shared<PacketExportResult>();
    QThread *thread = QThread::create([selection = std::move(selection), path, result] { *result = exportPackets(selection, path); });
    connect(thread, &QThread::finished, this, [this, thread, path, result] {
        thread->deleteLater();
        m_exportPacketsAction->setEnabled(m_table->selectionModel()->hasSelection());
        if (!result->error.isEmpty()) showProblem(tr("Packet export failed: %1").arg(result->error));
        else statusBar()->showMessage(tr("Wrote %n packet(s) to %1.", "", static_cast<int>(result->packets)).arg(path), 8000);
        Q_EMIT packetsExported(path, result->packets, result->error);
    });
    m_exportPacketsAction->setEnabled(false);
    statusBar()->showMessage(tr("Exporting packets to %1…").arg(path));
    thread->start();
}

void MainWindow::openInWireshark()
{
    const std::vector<int> rows = selectedRows();
    if (rows.empty()) return;
    const ConnectionSnapshot &s = m_model->snapshot(rows.front());
    const QString capture = m_model->captureName(s.capture);
    const QString wireshark = QStandardPaths::findExecutable(QStringLiteral("wireshark"));
    if (wireshark.isEmpty() || capture.isEmpty()) return;
    if (!QProcess::startDetached(wireshark, {QStringLiteral("-r"), capture, QStringLiteral("-Y"), wiresharkFilter(s.connection)}))
        showProblem(tr("Wireshark could not be started."));
}

void MainWindow::requestExplainPort()
{
    const std::vector<int> rows = selectedRows();
    if (rows.empty()) return;
    const Connection &c = m_model->snapshot(rows.front()).connection;
    if (isSignalConnected(QMetaMethod::fromSignal(&MainWindow::explainPortRequested))) {
        Q_EMIT explainPortRequested(c.server.port, c.transport);
        return;
    }
    // Until the port reference pane is there: the registry's one-line answer.
    const PortService *service = PortKnowledge::builtin().lookup(c.server.port, c.transport);
    const QString port = QStringLiteral("%1/%2").arg(c.server.port).arg(c.isTcp() ? QStringLiteral("tcp") : QStringLiteral("udp"));
    QMessageBox::information(this, tr("Port %1").arg(port),
                             service ? tr("%1 normally carries %2: %3")
                                           .arg(port, QString::fromStdString(service->title), QString::fromStdString(service->description))
                                     : tr("%1 has no well-known service.").arg(port));
}

void MainWindow::showConnectionsOnPort(quint16 port, quint8 transport)
{
    const QString text = transport == 17 ? QStringLiteral("%1/udp").arg(port)
                                         : (transport == 6 ? QStringLiteral("%1/tcp").arg(port) : QString::number(port));
    m_portEdit->setText(text); // parses back into the same filter
    m_proxy->setPortFilter(port, transport);
}

void MainWindow::showPortFilterFromText()
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d{1,5})\\s*(?:/\\s*(tcp|udp))?\\s*$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QString text = m_portEdit->text();
    if (text.trimmed().isEmpty()) {
        m_portEdit->setStyleSheet({});
        m_proxy->clearPortFilter();
        return;
    }
    const QRegularExpressionMatch match = pattern.match(text);
    const uint port = match.hasMatch() ? match.captured(1).toUInt() : 70000;
    if (port > 65535) {
        // Not applied: the table keeps its last valid filter while the user is still typing.
        m_portEdit->setToolTip(tr("Type a port number, optionally with /tcp or /udp"));
        return;
    }
    const QString proto = match.captured(2).toLower();
    const quint8 transport = proto == QLatin1String("tcp") ? 6 : (proto == QLatin1String("udp") ? 17 : 0);
    m_proxy->setPortFilter(static_cast<quint16>(port), transport);
}

void MainWindow::askPayloadLimit()
{
    QSettings settings;
    const QString key = settingsKey("analysis/payloadBytesPerDirection");
    const int currentKiB = static_cast<int>(settings.value(key, 4096).toULongLong() / 1024);
    bool ok = false;
    const int kib = QInputDialog::getInt(this, tr("Payload Kept per Direction"),
                                         tr("KiB kept from the start of each direction of every connection.\n"
                                            "More shows more of each conversation and costs memory on large captures;\n"
                                            "it applies to captures opened from now on."),
                                         currentKiB, 1, 1024, 1, &ok);
    if (!ok) return;
    settings.setValue(key, static_cast<qulonglong>(kib) * 1024);
    FlowTableConfig config;
    config.payloadBytesPerDirection = static_cast<std::size_t>(kib) * 1024;
    m_runner->setFlowConfig(config);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

} // namespace portlens::ui
