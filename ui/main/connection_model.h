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
//
// The table holds at most rowLimit() connections, so that its memory is bounded on any input
// (a flood of millions of one-packet flows): once full, it keeps the connections it has (and
// their updates) and counts, instead of showing, the ones that end later (droppedRows(), of
// which droppedFlagged() were flagged). Rows are refused as batches arrive, so the queue never
// holds more than the table would take either.
#pragma once

#include "ui/main/connection_snapshot.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <QTimer>

#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace portlens {
struct PortService;
}

namespace portlens::ui {

// The model's rows in chunks of 4096 that never move once allocated. A std::vector of rows
// reallocates as it grows: at 512 Ki -> 1 Mi rows (about 700 bytes each) it moved 360 MB on
// the GUI thread in one go (a 760 ms stall under a SYN flood) and held both buffers at once.
template<typename T>
class StableRows {
public:
    static constexpr std::size_t kChunk = 4096;

    T &operator[](std::size_t i) { return m_chunks[i / kChunk][i % kChunk]; }
    const T &operator[](std::size_t i) const { return m_chunks[i / kChunk][i % kChunk]; }
    [[nodiscard]] std::size_t size() const { return m_size; }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    [[nodiscard]] const T &front() const { return (*this)[0]; }
    void push_back(T &&value)
    {
        if (m_size == m_chunks.size() * kChunk) m_chunks.push_back(std::make_unique<T[]>(kChunk));
        (*this)[m_size++] = std::move(value);
    }
    void clear()
    {
        m_chunks.clear();
        m_chunks.shrink_to_fit();
        m_size = 0;
    }
    // Slots allocated (a multiple of kChunk).
    [[nodiscard]] std::size_t capacity() const { return m_chunks.size() * kChunk; }

    class const_iterator {
    public:
        const_iterator(const StableRows *rows, std::size_t at) : m_rows(rows), m_at(at) {}
        const T &operator*() const { return (*m_rows)[m_at]; }
        const_iterator &operator++()
        {
            ++m_at;
            return *this;
        }
        bool operator!=(const const_iterator &other) const { return m_at != other.m_at; }

    private:
        const StableRows *m_rows;
        std::size_t m_at;
    };
    [[nodiscard]] const_iterator begin() const { return {this, 0}; }
    [[nodiscard]] const_iterator end() const { return {this, m_size}; }

private:
    std::vector<std::unique_ptr<T[]>> m_chunks;
    std::size_t m_size = 0;
};

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
    // Most connections the table holds (inserted and queued); applies to rows arriving from now on.
    static constexpr std::size_t kDefaultRowLimit = 1'000'000;
    void setRowLimit(std::size_t limit) { m_rowLimit = std::max<std::size_t>(limit, 1); }
    [[nodiscard]] std::size_t rowLimit() const { return m_rowLimit; }
    // Ended connections not in the table because it was full (since the last clear()).
    [[nodiscard]] quint64 droppedRows() const { return m_droppedRows; }
    [[nodiscard]] quint64 droppedFlagged() const { return m_droppedFlagged; }
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
    // The table was full and refused connections: droppedRows() has grown to dropped. Emitted
    // at most once per batch.
    void rowsDropped(quint64 dropped);

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
        std::size_t end = 0;  // rows from end on were refused (the table is full)
    };
    struct Admitted {
        std::size_t prefix = 0; // the batch's first rows, all taken
        ConnectionBatch later;  // copies of rows taken after the first refusal (updates), or null
    };
    void insertQueuedRows();
    // Decides at arrival which of a batch's rows the table takes: updates of rows it has or has
    // queued, and new rows while there is room (marked queued in m_rowById). The rows up to the
    // first refusal stay in the batch (no copy, however long it is); past it, the few rows taken
    // (updates of held rows) are copied out.
    Admitted admit(const ConnectionBatch &batch);
    // Is there room for the new connection s? Counts it as dropped if not (and it has ended).
    bool admitNew(const ConnectionSnapshot &s);
    void addRows(std::vector<ConnectionSnapshot> &snapshots, std::size_t first, std::size_t last, bool canMove);
    void fillRow(Row &row, ConnectionSnapshot &&snapshot);
    static std::string makeSearchText(const Row &row);
    [[nodiscard]] QString displayText(const Row &row, int column) const;

    StableRows<Row> m_rows;
    // capture -> id -> row + 1 (0: not in the table, kQueuedRow: admitted, waiting in the queue)
    std::unordered_map<int, std::vector<std::uint32_t>> m_rowById;
    static constexpr std::uint32_t kQueuedRow = 0xFFFF'FFFF;
    std::size_t m_rowLimit = kDefaultRowLimit;
    std::size_t m_admitted = 0; // rows in the table plus new rows admitted to the queue
    quint64 m_droppedRows = 0;
    quint64 m_droppedFlagged = 0;
    std::unordered_map<int, QString> m_captureNames;
    quint64 m_flagged = 0;
    std::deque<QueuedBatch> m_queue;
    std::size_t m_queuedRows = 0;
    QTimer m_queueTimer;
};

QString formatDuration(std::int64_t ns);

} // namespace portlens::ui
