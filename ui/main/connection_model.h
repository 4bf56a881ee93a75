// ConnectionModel: the connection table's rows, in arrival order. Batches from AnalysisWorker
// are appended with one beginInsertRows each; a connection seen again (it was still open) is
// updated in place with dataChanged. Sorting and filtering live in ConnectionFilterProxy.
//
// addBatch() inserts at once. queueBatch() takes the worker's batches as they come and inserts
// them from the event loop in slices of at most 1,000 rows, about 12 ms of work per turn, so a
// batch of 40,000 rows never freezes the window; queueDrained() follows when all are in.
//
// Display text is made on demand from the snapshot; what the model adds per row is the search
// text, a pointer to the port's service and the (live capture) process name.
#pragma once

#include "ui/main/connection_snapshot.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace portlens {
struct PortService;
}

namespace portlens::ui {

class ConnectionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        IndexColumn,
        StartColumn,
        DurationColumn,
        TransportColumn,
        ClientColumn,
        ClientPortColumn,
        ServerColumn,
        ServerPortColumn,
        PortServiceColumn,
        ProtocolColumn,
        VerdictColumn,
        PacketsColumn,
        BytesColumn,
        ProcessColumn,
        CaptureColumn,
        ColumnCount
    };
    enum Role {
        FlaggedRole = Qt::UserRole + 1, // bool
        HighlightRole,                  // int(Highlight)
        ReasonRole,                     // the verdict's one-line reason, translated
        CaptureRole,                    // int capture number
        ConnectionIdRole,               // quint64 id within its capture
    };

    explicit ConnectionModel(QObject *parent = nullptr);

    // Without QAbstractTableModel's virtual rowCount/columnCount round trip: sorting a million
    // rows asks for two indexes per comparison, twenty million times.
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override
    {
        if (parent.isValid() || row < 0 || column < 0 || column >= ColumnCount || static_cast<std::size_t>(row) >= m_rows.size())
            return {};
        return createIndex(row, column);
    }
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void addBatch(const ConnectionBatch &batch);
    void queueBatch(const ConnectionBatch &batch);
    // Rows queued and not yet inserted.
    [[nodiscard]] std::size_t queuedRows() const { return m_queuedRows; }
    void setCaptureName(int capture, const QString &name);
    // Also drops the queued rows.
    void clear();

    // Live capture fills the "local process" column as it learns who owns a socket.
    void setProcess(int row, const QString &process);

    [[nodiscard]] const ConnectionSnapshot &snapshot(int row) const { return m_rows[static_cast<std::size_t>(row)].snapshot; }
    [[nodiscard]] const std::string &searchText(int row) const { return m_rows[static_cast<std::size_t>(row)].searchText; }
    [[nodiscard]] QString captureName(int capture) const;
    // The row of connection id in capture, or -1.
    [[nodiscard]] int rowOf(int capture, std::uint64_t id) const;
    // Rows whose connection names id in capture as related (FTP data channels of a control one).
    [[nodiscard]] std::vector<int> rowsRelatedTo(int capture, std::uint64_t id) const;
    [[nodiscard]] quint64 flaggedCount() const { return m_flagged; }

    // Three-way comparison of two rows on a column, on raw values (numbers, address bytes).
    [[nodiscard]] int compare(int left, int right, int column) const;
    // The position of every row when sorted ascending on column (ties in row order): the same
    // order as compare(), computed from one sequential pass over the rows into compact keys, so
    // sorting a million rows does not chase a million scattered rows twenty million times.
    [[nodiscard]] std::vector<std::uint32_t> sortRanks(int column) const;
    // Plain text of a cell as exported (CSV, TSV copy): numbers unformatted.
    [[nodiscard]] QString exportText(int row, int column) const;
    // Approximate bytes this model holds for a row beyond the core's Connection (benchmark).
    [[nodiscard]] std::size_t extraBytesPerRow() const;

Q_SIGNALS:
    // The queue is empty again: its last row is in the model, or clear() dropped it.
    void queueDrained();

private:
    struct Row {
        ConnectionSnapshot snapshot;
        const PortService *portService = nullptr;
        std::string searchText; // lower case: addresses, ports, protocols, verdict, metadata
        QString process;
    };
    struct QueuedBatch {
        ConnectionBatch batch;
        std::size_t next = 0; // first row not yet inserted
    };
    void insertQueuedRows();
    void addRows(std::vector<ConnectionSnapshot> &snapshots, std::size_t first, std::size_t last, bool canMove);
    void fillRow(Row &row, ConnectionSnapshot &&snapshot);
    static std::string makeSearchText(const Row &row);
    [[nodiscard]] QString displayText(const Row &row, int column) const;

    std::vector<Row> m_rows;
    std::unordered_map<int, std::vector<std::uint32_t>> m_rowById; // capture -> id -> row + 1
    std::unordered_map<int, QString> m_captureNames;
    quint64 m_flagged = 0;
    std::deque<QueuedBatch> m_queue;
    std::size_t m_queuedRows = 0;
    QTimer m_queueTimer;
};

QString formatDuration(std::int64_t ns);

} // namespace portlens::ui
