#include "ui/sockets/local_sockets_pane.h"

#include "ui/sockets/local_sockets_model.h"
#include "core/sockets/local_sockets.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace portlens::ui {

namespace {

// Filters on the model's roles: an exact port, a port prefix, or a program name.
class SocketsFilterProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setFilter(const QString &text, bool listeningOnly)
    {
        m_text = text.trimmed();
        m_listeningOnly = listeningOnly;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QModelIndex index = sourceModel()->index(row, 0, parent);
        if (m_listeningOnly && !index.data(LocalSocketsModel::ListeningRole).toBool()) return false;
        if (m_text.isEmpty()) return true;
        const QString port = QString::number(index.data(LocalSocketsModel::LocalPortRole).toUInt());
        bool number = false;
        QString digits = m_text;
        const bool prefix = digits.endsWith(QLatin1Char('*'));
        if (prefix) digits.chop(1);
        digits.toUInt(&number);
        if (number) return prefix ? port.startsWith(digits) : port == digits;
        return index.data(LocalSocketsModel::ProcessNameRole).toString().contains(m_text, Qt::CaseInsensitive);
    }

private:
    QString m_text;
    bool m_listeningOnly = false;
};

} // namespace

LocalSocketsPane::LocalSocketsPane(QWidget *parent)
    : QWidget(parent)
    , m_source([] { return readLocalSockets(); })
    , m_model(new LocalSocketsModel(this))
    , m_proxy(new SocketsFilterProxy(this))
    , m_filter(new QLineEdit(this))
    , m_listeningOnly(new QCheckBox(tr("Servers only"), this))
    , m_view(new QTableView(this))
    , m_explanations(new QLabel(this))
    , m_timer(new QTimer(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::DisplayRole);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // the model's order: protocol, port, address
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);

    m_filter->setPlaceholderText(tr("Port (53), ports starting with (53*), or program name"));
    m_filter->setClearButtonEnabled(true);
    m_listeningOnly->setToolTip(tr("TCP listeners and bound, unconnected UDP sockets"));
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setShortcut(QKeySequence::Refresh);
    m_explanations->setWordWrap(true);
    m_explanations->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_listeningOnly);
    bar->addWidget(refreshButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_explanations);

    auto applyFilter = [this] {
        static_cast<SocketsFilterProxy *>(m_proxy)->setFilter(m_filter->text(), m_listeningOnly->isChecked());
        updateExplanations();
    };
    connect(m_filter, &QLineEdit::textChanged, this, applyFilter);
    connect(m_listeningOnly, &QCheckBox::toggled, this, applyFilter);
    connect(refreshButton, &QPushButton::clicked, this, &LocalSocketsPane::refresh);
    m_timer->setInterval(3000);
    connect(m_timer, &QTimer::timeout, this, &LocalSocketsPane::refresh);
}

void LocalSocketsPane::setSource(std::function<SocketSnapshot()> source)
{
    m_source = std::move(source);
}

void LocalSocketsPane::setRefreshInterval(int milliseconds)
{
    m_timer->setInterval(milliseconds);
}

void LocalSocketsPane::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

void LocalSocketsPane::setListeningOnly(bool listeningOnly)
{
    m_listeningOnly->setChecked(listeningOnly);
}

void LocalSocketsPane::refresh()
{
    SocketSnapshot snapshot = m_source();
    m_hiddenProcesses = snapshot.hiddenProcesses;
    m_model->setSockets(std::move(snapshot.sockets));
    updateExplanations();
}

QString LocalSocketsPane::explanationText() const
{
    return m_explanations->text();
}

void LocalSocketsPane::updateExplanations()
{
    // Only the explanations that apply to what is shown.
    bool loopbackServer = false, udp = false, hidden = false;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        loopbackServer = loopbackServer || index.data(LocalSocketsModel::LoopbackOnlyRole).toBool();
        const LocalSocket &s = m_model->socketAt(m_proxy->mapToSource(index).row());
        udp = udp || s.isUdp();
        hidden = hidden || s.ownerHidden;
    }
    QStringList lines;
    if (loopbackServer) lines << QCoreApplication::translate("LocalSockets", loopbackOnlyExplanation());
    if (udp) lines << QCoreApplication::translate("LocalSockets", udpRolesExplanation());
    if (hidden) lines << QCoreApplication::translate("LocalSockets", hiddenOwnerExplanation());
    m_explanations->setText(lines.join(QLatin1Char('\n')));
    m_explanations->setVisible(!lines.isEmpty());
}

void LocalSocketsPane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_timer->start();
}

void LocalSocketsPane::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop(); // no /proc walks for a pane nobody looks at
}

} // namespace portlens::ui
