#include "ui/main/connection_filter_proxy.h"

#include "ui/main/connection_model.h"

namespace portlens::ui {

ConnectionFilterProxy::ConnectionFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void ConnectionFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    for (const auto &c : std::as_const(m_rankInvalidators)) disconnect(c);
    m_rankInvalidators.clear();
    m_model = qobject_cast<ConnectionModel *>(model);
    Q_ASSERT_X(m_model || !model, "ConnectionFilterProxy", "works on a ConnectionModel only");
    if (model) {
        // Connected before the base class connects its own slots, so cached positions are dropped
        // before it re-sorts changed or new rows.
        auto drop = [this] {
            m_ranks.clear();
            m_rankColumn = -1;
        };
        m_rankInvalidators << connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, drop)
                           << connect(model, &QAbstractItemModel::dataChanged, this, drop)
                           << connect(model, &QAbstractItemModel::modelAboutToBeReset, this, drop)
                           << connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, drop)
                           << connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, drop);
    }
    m_ranks.clear();
    m_rankColumn = -1;
    QSortFilterProxyModel::setSourceModel(model);
}

void ConnectionFilterProxy::useRanks(int column)
{
    if (!m_model || column < 0 || m_model->rowCount() < 1000) return;
    if (m_rankColumn == column && m_ranks.size() == static_cast<std::size_t>(m_model->rowCount())) return;
    m_ranks = m_model->sortRanks(column);
    m_rankColumn = column;
}

bool ConnectionFilterProxy::isFiltering() const
{
    return !m_needle.empty() || m_flaggedOnly || !m_protocol.isEmpty() || m_hasPort;
}

void ConnectionFilterProxy::refilter()
{
    // A full invalidate (one layout change) rather than invalidateRowsFilter(): hiding 980,000
    // scattered rows one range at a time costs the view a minute, a layout change milliseconds.
    useRanks(sortColumn());
    invalidate();
    Q_EMIT filtersChanged();
}

void ConnectionFilterProxy::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text) return;
    m_text = trimmed;
    m_needle = trimmed.toLower().toStdString();
    refilter();
}

void ConnectionFilterProxy::setFlaggedOnly(bool on)
{
    if (on == m_flaggedOnly) return;
    m_flaggedOnly = on;
    refilter();
}

void ConnectionFilterProxy::setProtocolFilter(const QString &protocol)
{
    if (protocol == m_protocol) return;
    m_protocol = protocol;
    m_protocolUtf8 = protocol.toStdString();
    refilter();
}

void ConnectionFilterProxy::setPortFilter(quint16 port, quint8 transport)
{
    if (m_hasPort && port == m_port && transport == m_transport) return;
    m_hasPort = true;
    m_port = port;
    m_transport = transport;
    refilter();
}

void ConnectionFilterProxy::clearPortFilter()
{
    if (!m_hasPort) return;
    m_hasPort = false;
    refilter();
}

void ConnectionFilterProxy::clearFilters()
{
    m_text.clear();
    m_needle.clear();
    m_flaggedOnly = false;
    m_protocol.clear();
    m_protocolUtf8.clear();
    m_hasPort = false;
    refilter();
}

bool ConnectionFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_model || sourceParent.isValid()) return true;
    const ConnectionSnapshot &s = m_model->snapshot(sourceRow);
    if (m_flaggedOnly && !s.verdict.flagged()) return false;
    const Connection &c = s.connection;
    if (m_hasPort) {
        if (m_transport != 0 && c.transport != m_transport) return false;
        if (c.server.port != m_port && c.client.port != m_port) return false;
    }
    if (!m_protocol.isEmpty()) {
        if (m_protocol == QLatin1String("none")) {
            if (!c.detection.protocol.empty()) return false;
        } else if (c.detection.protocol != m_protocolUtf8) {
            return false;
        }
    }
    if (!m_needle.empty() && m_model->searchText(sourceRow).find(m_needle) == std::string::npos) return false;
    return true;
}

void ConnectionFilterProxy::sort(int column, Qt::SortOrder order)
{
    useRanks(column);
    QSortFilterProxyModel::sort(column, order);
}

bool ConnectionFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_model) return QSortFilterProxyModel::lessThan(left, right);
    const auto l = static_cast<std::size_t>(left.row());
    const auto r = static_cast<std::size_t>(right.row());
    // Rows arriving later are placed with compare(), which gives the same order.
    if (left.column() == m_rankColumn && l < m_ranks.size() && r < m_ranks.size()) return m_ranks[l] < m_ranks[r];
    const int order = m_model->compare(left.row(), right.row(), left.column());
    // Ties keep arrival order, so equal rows do not jump around while batches stream in.
    return order != 0 ? order < 0 : left.row() < right.row();
}

} // namespace portlens::ui
