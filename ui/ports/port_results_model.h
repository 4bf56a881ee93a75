// PortResultsModel: the answers to what the user typed in the port reference, best first, as
// a table (port, name, description). A purpose-built model rather than a filter proxy over
// eleven thousand registry rows: the core's PortSearch ranks (exact numbers, curated ports
// first) and answers within a millisecond, and the view only ever holds one answer list.
#pragma once

#include "core/ports/port_search.h"

#include <QAbstractTableModel>

namespace portlens::ui {

class PortResultsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { PortColumn, NameColumn, DescriptionColumn, ColumnCount };
    enum Role {
        PortRole = Qt::UserRole + 1, // quint16
        TransportRole,               // quint8, IP protocol number
        CuratedRole,                 // bool: has a teaching note
        ExactRole,                   // bool: the number or name typed exactly
    };

    // knowledge must outlive the model.
    explicit PortResultsModel(const PortKnowledge &knowledge, QObject *parent = nullptr);

    // Replaces the results with the answers to query (at most limit of them).
    void setQuery(const QString &query);
    [[nodiscard]] QString query() const { return m_query; }
    // How many entries matched, including those beyond the limit.
    [[nodiscard]] int totalMatches() const { return m_total; }
    [[nodiscard]] const PortService *serviceAt(int row) const;
    // The row showing port/transport, or -1.
    [[nodiscard]] int rowOf(quint16 port, quint8 transport) const;

    static constexpr int kLimit = 500; // more than anyone scrolls; the count says how many exist

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    PortSearch m_search;
    QString m_query;
    std::vector<PortMatch> m_matches;
    int m_total = 0;
};

} // namespace portlens::ui
