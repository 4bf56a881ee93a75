#include "ui/ports/port_results_model.h"

#include "ui/ports/port_card.h"

#include <QFont>

namespace portlens::ui {

PortResultsModel::PortResultsModel(const PortKnowledge &knowledge, QObject *parent)
    : QAbstractTableModel(parent), m_search(knowledge)
{
}

void PortResultsModel::setQuery(const QString &query)
{
    if (query == m_query) return;
    auto matches = m_search.find(query.toStdString());
    beginResetModel();
    m_query = query;
    m_total = static_cast<int>(matches.size());
    if (matches.size() > static_cast<std::size_t>(kLimit)) matches.resize(kLimit);
    m_matches = std::move(matches);
    endResetModel();
}

const PortService *PortResultsModel::serviceAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_matches[static_cast<std::size_t>(row)].service : nullptr;
}

int PortResultsModel::rowOf(quint16 port, quint8 transport) const
{
    for (std::size_t row = 0; row < m_matches.size(); ++row) {
        const PortService &s = *m_matches[row].service;
        if (s.port == port && s.transport == transport) return static_cast<int>(row);
    }
    return -1;
}

int PortResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_matches.size());
}

int PortResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PortResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const PortMatch &m = m_matches[static_cast<std::size_t>(index.row())];
    const PortService &s = *m.service;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PortColumn: return portKeyText(s.port, s.transport);
        case NameColumn: return QString::fromStdString(s.name());
        case DescriptionColumn: return QString::fromStdString(s.description);
        default: return {};
        }
    case Qt::ToolTipRole:
        return s.curated() ? tr("%1: has a teaching note").arg(QString::fromStdString(s.name()))
                           : tr("%1: IANA registry entry").arg(QString::fromStdString(s.service));
    case Qt::FontRole:
        if (s.curated()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case PortRole: return QVariant::fromValue<quint16>(s.port);
    case TransportRole: return QVariant::fromValue<quint8>(s.transport);
    case CuratedRole: return s.curated();
    case ExactRole: return m.exact;
    default: return {};
    }
}

QVariant PortResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case PortColumn: return tr("Port");
    case NameColumn: return tr("Service");
    case DescriptionColumn: return tr("Description");
    default: return {};
    }
}

} // namespace portlens::ui
