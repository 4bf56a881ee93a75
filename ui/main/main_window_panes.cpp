// MainWindow's panes from the other areas of the interface, wired to the connection table: the
// port reference dock and training mode (ui/ports), the live-capture bar (ui/capture) and the
// local sockets dock (ui/sockets). main_window.cpp is about the table itself.
#include "ui/main/main_window.h"

#include "ui/main/connection_model.h"

#include "ui/capture/capture_bar.h"
#include "ui/capture/capture_session.h"
#include "ui/ports/port_reference_pane.h"
#include "ui/ports/training_connections.h"
#include "ui/ports/training_presenter.h"
#include "ui/sockets/local_sockets_pane.h"
#include "core/util/transport.h"
#include "core/verdict/verdict.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QTableView>
#include <QToolBar>
#include <QFileInfo>
#include <QMenuBar>
#include <QSet>

namespace portlens::ui {

namespace {

// The bundled sample capture: installed beside the program, or in the source tree of a build.
QString sampleCapturePath()
{
    const QString installed = QDir(QCoreApplication::applicationDirPath())
                                  .filePath(QStringLiteral("../share/portlens/samples/portlens-sample.pcapng"));
    if (QFileInfo::exists(installed)) return QFileInfo(installed).canonicalFilePath();
    return QStringLiteral(PORTLENS_SAMPLE_CAPTURE);
}


} // namespace

void MainWindow::createPanes()
{
    m_portReference = new PortReferencePane(this);
    m_portReference->setObjectName(QStringLiteral("portReferencePane"));
    addPane(m_portReference, Qt::RightDockWidgetArea);
    // Hidden until asked for (Explain Port, the View menu): the table needs the width more.
    m_portReference->hide();
    // "Explain port" (toolbar, menu, the details pane's link) opens the port's card; the card's
    // "Show connections on this port" filters the table.
    connect(this, &MainWindow::explainPortRequested, m_portReference, &PortReferencePane::explainPort);
    connect(m_portReference, &PortReferencePane::showConnectionsRequested, this, &MainWindow::showConnectionsOnPort);

    m_trainingAction = new QAction(tr("&Training Mode"), this);
    m_trainingAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_trainingAction->setToolTip(tr("Present the common ports card by card, full screen, with the capture's connections"));
    connect(m_trainingAction, &QAction::triggered, this, &MainWindow::startTraining);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_trainingAction);

    createLiveCapture();
}

void MainWindow::createLiveCapture()
{
    m_captureBar = new CaptureBar(this);
    captureToolBar()->addWidget(m_captureBar);
    m_captureSession = new CaptureSession(this);
    connectCaptureBar(m_captureBar, m_captureSession);
    // The helper has opened the interface: its pcapng stream goes through the same worker as a
    // file, and the local program of each connection fills the process column.
    connect(m_captureSession, &CaptureSession::started, this, [this](const QString &interface) {
        const int fd = m_captureSession->takeStreamFd();
        if (fd < 0) return;
        m_saveCaptureAction->setEnabled(false);
        openStream(fd, tr("live capture on %1").arg(interface));
        m_showingLiveCapture = true; // after openStream, which resets it
        m_table->setColumnHidden(ConnectionModel::ProcessColumn, false);
    });
    connect(m_captureSession, &CaptureSession::finished, this, [this](bool) {
        m_saveCaptureAction->setEnabled(!m_captureSession->temporaryCapturePath().isEmpty());
    });
    // The bar counts the live capture's connections, not those of a file opened since.
    const auto updateCounts = [this] {
        if (!m_showingLiveCapture) return;
        m_captureBar->setAnalysisCounts(static_cast<quint64>(m_model->rowCount()), m_model->flaggedCount());
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, updateCounts);
    connect(m_model, &QAbstractItemModel::modelReset, this, updateCounts);

    m_portReference->setLiveCaptureAvailable(true);
    connect(m_portReference, &PortReferencePane::captureFilterRequested, this, [this](const QString &bpf) {
        m_captureBar->setFilter(bpf);
        m_captureBar->setFocus();
    });

    m_saveCaptureAction = new QAction(tr("Save &Capture As…"), this);
    m_saveCaptureAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_saveCaptureAction->setToolTip(tr("Keep the packets of the last live capture as a pcapng file"));
    m_saveCaptureAction->setEnabled(false);
    connect(m_saveCaptureAction, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Capture As"), tr("capture.pcapng"),
                                                          tr("pcapng captures (*.pcapng)"));
        if (path.isEmpty()) return;
        QString error;
        if (!m_captureSession->saveCaptureAs(path, &error)) showProblem(error);
    });
    m_fileMenu->insertAction(m_exportAllAction, m_saveCaptureAction);

    // Which program is on that port? The machine's sockets, refreshed while the dock is shown.
    auto *sockets = new QDockWidget(tr("Local sockets"), this);
    sockets->setObjectName(QStringLiteral("localSocketsPane"));
    sockets->setWidget(new LocalSocketsPane(sockets));
    addPane(sockets, Qt::BottomDockWidgetArea);
    sockets->hide();
}

void MainWindow::startTraining()
{
    auto *presenter = new TrainingPresenter();
    presenter->setAttribute(Qt::WA_DeleteOnClose);
    presenter->setWindowTitle(tr("PortLens Training"));
    connect(presenter, &TrainingPresenter::closeRequested, presenter, &QWidget::close);

    // Only the connections on the deck's ports: the presenter shows a few per card, and a capture
    // may hold a million rows.
    QSet<quint32> deckPorts;
    for (const DeckCard &card : presenter->deck().cards) deckPorts.insert(transport::portKey(card.port, card.transport));
    QList<TrainingConnection> rows;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const ConnectionSnapshot &s = m_model->snapshot(row);
        const Connection &c = s.connection;
        if (deckPorts.contains(transport::portKey(c.server.port, c.transport))) rows.append(trainingConnection(c, s.verdict));
    }
    if (m_model->rowCount() > 0) {
        presenter->setConnections(rows, m_openPaths.size() == 1 ? QFileInfo(m_openPaths.front()).fileName()
                                                                : tr("the open captures"));
    } else {
        QString error;
        if (!presenter->useCapture(sampleCapturePath(), &error)) showProblem(tr("The sample capture could not be read: %1").arg(error));
    }
    presenter->showFullScreen();
}

} // namespace portlens::ui
