#include "connection_filter_proxy.h"

#include "connection_model.h"

namespace portlens::ui {

ConnectionFilterProxy::ConnectionFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void ConnectionFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    m_model = qobject_cast<ConnectionModel *>(model);
    Q_ASSERT_X(m_model || !model, "ConnectionFilterProxy", "works on a ConnectionModel only");
    QSortFilterProxyModel::setSourceModel(model);
}

bool ConnectionFilterProxy::isFiltering() const
{
    return !m_needle.empty() || m_flaggedOnly || !m_protocol.isEmpty() || m_hasPort;
}

void ConnectionFilterProxy::refilter()
{
    invalidateRowsFilter();
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
    if (m_flaggedOnly && !s.flagged) return false;
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

bool ConnectionFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_model) return QSortFilterProxyModel::lessThan(left, right);
    const int order = m_model->compare(left.row(), right.row(), left.column());
    // Ties keep arrival order, so equal rows do not jump around while batches stream in.
    return order != 0 ? order < 0 : left.row() < right.row();
}

} // namespace portlens::ui
