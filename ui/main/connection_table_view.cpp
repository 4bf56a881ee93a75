#include "ui/main/connection_table_view.h"

#include "ui/main/connection_filter_proxy.h"
#include "ui/main/connection_model.h"
#include "ui/main/table_export.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>

#include <algorithm>

namespace portlens::ui {

ConnectionTableView::ConnectionTableView(ConnectionModel *model, ConnectionFilterProxy *proxy, QWidget *parent)
    : QTableView(parent), m_model(model), m_proxy(proxy)
{
    setObjectName(QStringLiteral("connectionTable"));
    setModel(m_proxy);
    setSortingEnabled(true);
    sortByColumn(ConnectionModel::IndexColumn, Qt::AscendingOrder);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setWordWrap(false);
    setShowGrid(false);
    setAlternatingRowColors(false); // the verdict tint is the only row colour
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    horizontalHeader()->setStretchLastSection(false);
    connect(horizontalHeader(), &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        fillColumnMenu(&menu);
        menu.exec(horizontalHeader()->mapToGlobal(pos));
    });
    // The first rows of a capture make a current index, so the keyboard starts in the table.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first) {
        if (first == 0 && !currentIndex().isValid())
            selectionModel()->setCurrentIndex(m_proxy->index(0, 0), QItemSelectionModel::NoUpdate);
    });
    applyDefaultColumns();
}

void ConnectionTableView::applyDefaultColumns()
{
    QHeaderView *header = horizontalHeader();
    for (int c = 0; c < ConnectionModel::ColumnCount; ++c) {
        header->moveSection(header->visualIndex(c), c);
        header->setSectionHidden(c, false);
    }
    // Live capture shows the process column; several captures make the capture column useful.
    header->setSectionHidden(ConnectionModel::ProcessColumn, true);
    header->setSectionHidden(ConnectionModel::CaptureColumn, true);
    const QFontMetrics fm = fontMetrics();
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

void ConnectionTableView::fillColumnMenu(QMenu *menu)
{
    QHeaderView *header = horizontalHeader();
    for (int c = 0; c < ConnectionModel::ColumnCount; ++c) {
        QAction *a = menu->addAction(m_model->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!header->isSectionHidden(c));
        connect(a, &QAction::toggled, header, [header, c](bool on) { header->setSectionHidden(c, !on); });
    }
}

std::vector<int> ConnectionTableView::selectedRows() const
{
    std::vector<int> rows;
    const QModelIndexList selected = selectionModel()->selectedRows();
    std::vector<int> proxyRows;
    proxyRows.reserve(static_cast<std::size_t>(selected.size()));
    rows.reserve(static_cast<std::size_t>(selected.size()));
    for (const QModelIndex &i : selected) proxyRows.push_back(i.row());
    std::sort(proxyRows.begin(), proxyRows.end());
    for (int r : proxyRows) rows.push_back(m_proxy->mapToSource(m_proxy->index(r, 0)).row());
    if (rows.empty()) {
        const QModelIndex current = m_proxy->mapToSource(currentIndex());
        if (current.isValid() && selectionModel()->isRowSelected(currentIndex().row(), {})) rows.push_back(current.row());
    }
    return rows;
}

int ConnectionTableView::currentRow() const
{
    const QModelIndex current = m_proxy->mapToSource(currentIndex());
    return current.isValid() ? current.row() : -1;
}

bool ConnectionTableView::hasSelection() const { return selectionModel()->hasSelection(); }

bool ConnectionTableView::selectRow(int sourceRow)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid()) return false;
    select(index);
    return true;
}

void ConnectionTableView::select(const QModelIndex &proxyIndex)
{
    selectionModel()->setCurrentIndex(proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(proxyIndex, QAbstractItemView::PositionAtCenter);
}

void ConnectionTableView::selectNextFlagged()
{
    const int count = m_proxy->rowCount();
    if (count == 0) return;
    const int start = currentIndex().isValid() ? currentIndex().row() : -1;
    for (int step = 1; step <= count; ++step) {
        const QModelIndex index = m_proxy->index((start + step) % count, 0);
        if (index.data(ConnectionModel::FlaggedRole).toBool()) {
            select(index);
            return;
        }
    }
    Q_EMIT message(tr("No flagged connections."), 4000);
}

void ConnectionTableView::copySelection()
{
    const std::vector<int> rows = selectedRows();
    if (rows.empty()) return;
    std::vector<int> columns;
    QHeaderView *header = horizontalHeader();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical)) columns.push_back(logical);
    }
    QApplication::clipboard()->setText(rowsAsTsv(*m_model, rows, columns));
    Q_EMIT message(tr("Copied %n connection(s).", "", static_cast<int>(rows.size())), 4000);
}

// QAbstractItemView claims Ctrl+C for copying one cell; analysts expect whole rows, as in Wireshark.
bool ConnectionTableView::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        event->accept();
        return true;
    }
    return QTableView::event(event);
}

void ConnectionTableView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        return;
    }
    QTableView::keyPressEvent(event);
}

} // namespace portlens::ui
