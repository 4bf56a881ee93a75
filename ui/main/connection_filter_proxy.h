// ConnectionFilterProxy: sorting and filtering of ConnectionModel for the table.
//
// Filters combine (all must pass): free text over addresses, ports, protocols, verdict and
// metadata (case-insensitive substring); "flagged only"; a detected protocol; a port, optionally
// of one transport ("Show connections on this port" from the port reference). Sorting and
// filtering read the model's rows directly, so a million rows sort in well under a second.
#pragma once

#include <QSortFilterProxyModel>

#include <cstdint>
#include <string>
#include <vector>

namespace portlens::ui {

class ConnectionModel;

class ConnectionFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ConnectionFilterProxy(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setFilterText(const QString &text);
    void setFlaggedOnly(bool on);
    // Empty: any protocol. "none" matches connections where nothing was detected.
    void setProtocolFilter(const QString &protocol);
    // transport: 6 TCP, 17 UDP, 0 either. The port matches the client or the server side.
    void setPortFilter(quint16 port, quint8 transport = 0);
    void clearPortFilter();
    void clearFilters();

    [[nodiscard]] QString filterText() const { return m_text; }
    [[nodiscard]] bool flaggedOnly() const { return m_flaggedOnly; }
    [[nodiscard]] bool hasPortFilter() const { return m_hasPort; }
    [[nodiscard]] quint16 portFilter() const { return m_port; }
    [[nodiscard]] bool isFiltering() const;

Q_SIGNALS:
    void filtersChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();

    ConnectionModel *m_model = nullptr;
    // Sorted positions from ConnectionModel::sortRanks for m_rankColumn, kept while the rows do
    // not change, so refiltering a sorted million rows does not sort them the slow way again.
    void useRanks(int column);
    std::vector<std::uint32_t> m_ranks;
    int m_rankColumn = -1;
    QList<QMetaObject::Connection> m_rankInvalidators;
    QString m_text;
    std::string m_needle; // m_text in lower case UTF-8
    bool m_flaggedOnly = false;
    QString m_protocol;
    std::string m_protocolUtf8;
    bool m_hasPort = false;
    quint16 m_port = 0;
    quint8 m_transport = 0;
};

} // namespace portlens::ui
