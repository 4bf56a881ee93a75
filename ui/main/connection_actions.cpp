#include "ui/main/connection_actions.h"

#include "ui/main/connection_filter_proxy.h"
#include "ui/main/connection_filters.h"
#include "ui/main/connection_model.h"
#include "ui/main/connection_snapshot.h"
#include "ui/main/connection_table_view.h"
#include "ui/main/packet_export.h"
#include "ui/main/table_export.h"

#include "core/ports/port_knowledge.h"

#include "ui/main/themed_icon.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QMessageBox>
#include <QMetaMethod>
#include <QProcess>
#include <QStandardPaths>
#include <QStyle>
#include <QThread>

#include <memory>

namespace portlens::ui {

namespace {

QString wiresharkExecutable() { return QStandardPaths::findExecutable(QStringLiteral("wireshark")); }

} // namespace

ConnectionActions::ConnectionActions(ConnectionModel *model, ConnectionFilterProxy *proxy, ConnectionTableView *table,
                                     QWidget *dialogParent)
    : QObject(dialogParent), m_model(model), m_proxy(proxy), m_table(table), m_dialogParent(dialogParent)
{
    exportAll = new QAction(themedIcon("document-save-as", QStyle::SP_DialogSaveButton), tr("&Export All Connections…"), this);
    exportAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    exportAll->setIconText(tr("Export"));
    connect(exportAll, &QAction::triggered, this, [this] { exportRows(false); });
    exportShown = new QAction(tr("Export &Shown Connections…"), this);
    exportShown->setToolTip(tr("Export the connections the filters show, in the order shown"));
    connect(exportShown, &QAction::triggered, this, [this] { exportRows(true); });

    exportPackets = new QAction(tr("Export &Packets of Selected Connections…"), this);
    exportPackets->setToolTip(tr("Write the packets of the selected connections to a new pcapng file"));
    connect(exportPackets, &QAction::triggered, this, &ConnectionActions::exportPacketsOfSelection);

    copy = new QAction(themedIcon("edit-copy", QStyle::SP_FileIcon), tr("&Copy Rows"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setToolTip(tr("Copy the selected connections as tab-separated text"));
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, m_table, &ConnectionTableView::copySelection);

    copyBpf = new QAction(tr("Copy as &BPF Filter"), this);
    copyBpf->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    copyBpf->setToolTip(tr("A capture filter (tcpdump, Wireshark capture options) for this connection"));
    connect(copyBpf, &QAction::triggered, this, [this] { copyFilter(false); });
    copyWireshark = new QAction(tr("Copy as &Wireshark Display Filter"), this);
    copyWireshark->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(copyWireshark, &QAction::triggered, this, [this] { copyFilter(true); });

    nextFlagged = new QAction(themedIcon("go-down-search", QStyle::SP_ArrowDown), tr("&Next Flagged Connection"), this);
    nextFlagged->setShortcut(QKeySequence(Qt::Key_F8));
    nextFlagged->setIconText(tr("Next Flagged"));
    connect(nextFlagged, &QAction::triggered, m_table, &ConnectionTableView::selectNextFlagged);

    explainPort = new QAction(themedIcon("help-contextual", QStyle::SP_MessageBoxQuestion), tr("&Explain Port"), this);
    // Ctrl+I ("info"): Ctrl+E starts and stops a capture, as in Wireshark.
    explainPort->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    explainPort->setToolTip(tr("What does the server port of this connection normally carry?"));
    explainPort->setIconText(tr("Explain Port"));
    connect(explainPort, &QAction::triggered, this, &ConnectionActions::requestExplainPort);

    showPort = new QAction(tr("Show Connections on This &Port"), this);
    connect(showPort, &QAction::triggered, this, [this] {
        const std::vector<int> rows = m_table->selectedRows();
        if (rows.empty()) return;
        const Connection &c = m_model->snapshot(rows.front()).connection;
        Q_EMIT showConnectionsOnPortRequested(c.server.port, c.transport);
    });

    wireshark = new QAction(themedIcon("wireshark", QStyle::SP_ComputerIcon), tr("Open in &Wireshark"), this);
    wireshark->setToolTip(tr("Open the capture in Wireshark, filtered to this connection"));
    wireshark->setIconText(tr("Wireshark"));
    connect(wireshark, &QAction::triggered, this, &ConnectionActions::openInWireshark);

    // The table's context menu: what an analyst does with one connection.
    auto separator = [this] {
        auto *s = new QAction(this);
        s->setSeparator(true);
        return s;
    };
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions({copy, copyBpf, copyWireshark, separator(), explainPort, showPort, wireshark, separator(),
                         exportPackets, exportShown});
}

void ConnectionActions::update(bool running)
{
    const bool hasRows = m_model->rowCount() > 0;
    const bool hasSelection = m_table->hasSelection();
    copy->setEnabled(hasSelection);
    copyBpf->setEnabled(hasSelection);
    copyWireshark->setEnabled(hasSelection);
    explainPort->setEnabled(hasSelection);
    showPort->setEnabled(hasSelection);
    exportAll->setEnabled(hasRows);
    exportShown->setEnabled(hasRows);
    exportPackets->setEnabled(hasSelection);
    nextFlagged->setEnabled(m_model->flaggedCount() > 0 || running);
    static const bool haveWireshark = !wiresharkExecutable().isEmpty();
    wireshark->setEnabled(haveWireshark && hasSelection);
    wireshark->setVisible(haveWireshark);
}

void ConnectionActions::copyFilter(bool forWireshark)
{
    const std::vector<int> rows = m_table->selectedRows();
    if (rows.empty()) return;
    QStringList filters;
    for (int r : rows) {
        const Connection &c = m_model->snapshot(r).connection;
        filters << (forWireshark ? wiresharkFilter(c) : bpfFilter(c));
    }
    const QString text = filters.size() == 1 ? filters.front()
                                             : QLatin1Char('(') + filters.join(forWireshark ? QStringLiteral(") || (")
                                                                                            : QStringLiteral(") or (")) +
                                                   QLatin1Char(')');
    QApplication::clipboard()->setText(text);
    Q_EMIT message(tr("Copied: %1").arg(text), 6000);
}

void ConnectionActions::exportRows(bool onlyShown)
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
    QString path = QFileDialog::getSaveFileName(m_dialogParent, onlyShown ? tr("Export Shown Connections") : tr("Export All Connections"),
                                                QStringLiteral("connections.csv"), QStringList{csv, jsonl, zeek}.join(QStringLiteral(";;")),
                                                &selected);
    if (path.isEmpty()) return;
    const ExportFormat format = selected == jsonl ? ExportFormat::JsonLines : (selected == zeek ? ExportFormat::ZeekConnLog : ExportFormat::Csv);
    const QString error = exportConnections(*m_model, rows, format, path);
    if (!error.isEmpty()) QMessageBox::warning(m_dialogParent, tr("Export failed"), error);
    else Q_EMIT message(tr("Exported %n connection(s) to %1.", "", static_cast<int>(rows.size())).arg(path), 6000);
}

void ConnectionActions::exportPacketsOfSelection()
{
    const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export Packets of Selected Connections"),
                                                      QStringLiteral("connections.pcapng"), tr("pcapng captures (*.pcapng)"));
    if (!path.isEmpty()) exportSelectedPackets(path);
}

void ConnectionActions::exportSelectedPackets(const QString &path)
{
    std::vector<PacketSelection> selection;
    for (int r : m_table->selectedRows()) {
        const ConnectionSnapshot &s = m_model->snapshot(r);
        selection.push_back(PacketSelection::of(s.connection, m_model->captureName(s.capture)));
    }
    if (selection.empty()) return;
    // The captures are read again, which takes a while for large files: off the GUI thread.
    auto result = std::make_shared<PacketExportResult>();
    QThread *thread = QThread::create([selection = std::move(selection), path, result] {
        *result = portlens::ui::exportPackets(selection, path);
        handOverToThread(result.get()); // read on the GUI thread once this one has finished
    });
    connect(thread, &QThread::finished, this, [this, thread, path, result] {
        takeOverFromThread(result.get());
        thread->deleteLater();
        exportPackets->setEnabled(m_table->hasSelection());
        if (!result->error.isEmpty()) Q_EMIT problem(tr("Packet export failed: %1").arg(result->error));
        else Q_EMIT message(tr("Wrote %n packet(s) to %1.", "", static_cast<int>(result->packets)).arg(path), 8000);
        Q_EMIT packetsExported(path, result->packets, result->error);
    });
    exportPackets->setEnabled(false);
    Q_EMIT message(tr("Exporting packets to %1…").arg(path), 0);
    thread->start();
}

void ConnectionActions::openInWireshark()
{
    const std::vector<int> rows = m_table->selectedRows();
    if (rows.empty()) return;
    const ConnectionSnapshot &s = m_model->snapshot(rows.front());
    const QString capture = m_model->captureName(s.capture);
    const QString program = wiresharkExecutable();
    if (program.isEmpty() || capture.isEmpty()) return;
    if (!QProcess::startDetached(program, {QStringLiteral("-r"), capture, QStringLiteral("-Y"), wiresharkFilter(s.connection)}))
        Q_EMIT problem(tr("Wireshark could not be started."));
}

void ConnectionActions::requestExplainPort()
{
    const std::vector<int> rows = m_table->selectedRows();
    if (rows.empty()) return;
    const Connection &c = m_model->snapshot(rows.front()).connection;
    if (isSignalConnected(QMetaMethod::fromSignal(&ConnectionActions::explainPortRequested))) {
        Q_EMIT explainPortRequested(c.server.port, c.transport);
        return;
    }
    // Without a port reference pane: the registry's one-line answer.
    const PortService *service = PortKnowledge::builtin().lookup(c.server.port, c.transport);
    const QString port = QStringLiteral("%1/%2").arg(c.server.port).arg(c.isTcp() ? QStringLiteral("tcp") : QStringLiteral("udp"));
    QMessageBox::information(m_dialogParent, tr("Port %1").arg(port),
                             service ? tr("%1 normally carries %2: %3")
                                           .arg(port, QString::fromStdString(service->title), QString::fromStdString(service->description))
                                     : tr("%1 has no well-known service.").arg(port));
}

} // namespace portlens::ui
