#include "ui/main/connection_model.h"

#include "ui/main/verdict_style.h"
#include "ui/main/verdict_text.h"

#include "core/formats/connection_writer.h"
#include "core/ports/port_knowledge.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QFont>
#include <QGuiApplication>
#include <QLocale>

#include <algorithm>

namespace portlens::ui {

namespace {

template<typename T>
int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

QString addressText(const IpAddress &a) { return QString::fromStdString(a.toString()); }

} // namespace

QString formatDuration(std::int64_t ns)
{
    const double seconds = static_cast<double>(ns) / 1e9;
    if (seconds < 10) return QCoreApplication::translate("ConnectionModel", "%1 s").arg(seconds, 0, 'f', 3);
    if (seconds < 600) return QCoreApplication::translate("ConnectionModel", "%1 s").arg(seconds, 0, 'f', 1);
    const auto total = static_cast<qint64>(seconds);
    return QCoreApplication::translate("ConnectionModel", "%1:%2:%3")
        .arg(total / 3600)
        .arg(total / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(total % 60, 2, 10, QLatin1Char('0'));
}

ConnectionModel::ConnectionModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_queueTimer.setInterval(0);
    connect(&m_queueTimer, &QTimer::timeout, this, &ConnectionModel::insertQueuedRows);
}

int ConnectionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ConnectionModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ConnectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case IndexColumn: return tr("No.");
        case StartColumn: return tr("Start (UTC)");
        case DurationColumn: return tr("Duration");
        case TransportColumn: return tr("Transport");
        case ClientColumn: return tr("Client");
        case ClientPortColumn: return tr("Client port");
        case ServerColumn: return tr("Server");
        case ServerPortColumn: return tr("Server port");
        case PortServiceColumn: return tr("Port normally");
        case ProtocolColumn: return tr("Detected");
        case VerdictColumn: return tr("Verdict");
        case PacketsColumn: return tr("Packets");
        case BytesColumn: return tr("Bytes");
        case ProcessColumn: return tr("Local process");
        case CaptureColumn: return tr("Capture");
        default: break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case IndexColumn: return tr("Connection number within its capture, in order of first packet");
        case ClientColumn: return tr("The side that started the conversation (for UDP peers: the first sender)");
        case ServerColumn: return tr("The side listening on the port in question");
        case PortServiceColumn: return tr("What the server port normally carries (IANA registry and PortLens notes)");
        case ProtocolColumn: return tr("What the payload actually is, detected from its bytes, never from the port");
        case VerdictColumn: return tr("Does the payload match what the port normally carries?");
        case ProcessColumn: return tr("The local program that owns the socket (live capture only)");
        default: break;
        }
    }
    return {};
}

QString ConnectionModel::captureName(int capture) const
{
    auto it = m_captureNames.find(capture);
    return it == m_captureNames.end() ? QString() : it->second;
}

void ConnectionModel::setCaptureName(int capture, const QString &name) { m_captureNames[capture] = name; }

QString ConnectionModel::displayText(const Row &row, int column) const
{
    const Connection &c = row.snapshot.connection;
    switch (column) {
    case IndexColumn: return QString::number(c.id);
    case StartColumn: {
        // Time of day to the millisecond: the date rarely changes within a capture, and the
        // details pane and exports carry the full timestamp.
        const std::string full = formatUtcTime(c.firstNs);
        const auto space = full.find(' ');
        return QString::fromStdString(space == std::string::npos ? full : full.substr(space + 1));
    }
    case DurationColumn: return formatDuration(c.lastNs - c.firstNs);
    case TransportColumn: return transportText(c.transport);
    case ClientColumn: return addressText(c.client.address);
    case ClientPortColumn: return QString::number(c.client.port);
    case ServerColumn: return addressText(c.server.address);
    case ServerPortColumn: return QString::number(c.server.port);
    case PortServiceColumn: return row.portService ? QString::fromStdString(row.portService->title) : QString();
    case ProtocolColumn: return QString::fromStdString(c.detection.protocol);
    case VerdictColumn: return verdictKindText(row.snapshot.verdict.kind);
    case PacketsColumn: return QLocale().toString(static_cast<qulonglong>(c.totalPackets()));
    case BytesColumn: return QLocale().formattedDataSize(static_cast<qint64>(c.totalWireBytes()), 1, QLocale::DataSizeSIFormat);
    case ProcessColumn: return row.process;
    case CaptureColumn: return QFileInfo(captureName(row.snapshot.capture)).fileName();
    default: break;
    }
    return {};
}

QString ConnectionModel::exportText(int rowNumber, int column) const
{
    const Row &row = m_rows[static_cast<std::size_t>(rowNumber)];
    const Connection &c = row.snapshot.connection;
    switch (column) {
    case StartColumn: return QString::fromStdString(formatUtcTime(c.firstNs));
    case DurationColumn: return QString::fromStdString(formatSeconds(c.lastNs - c.firstNs));
    case PacketsColumn: return QString::number(c.totalPackets());
    case BytesColumn: return QString::number(c.totalWireBytes());
    case CaptureColumn: return captureName(row.snapshot.capture);
    default: return displayText(row, column);
    }
}

QVariant ConnectionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const ConnectionSnapshot &s = row.snapshot;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return displayText(row, column);
    case Qt::TextAlignmentRole:
        switch (column) {
        case IndexColumn:
        case DurationColumn:
        case ClientPortColumn:
        case ServerPortColumn:
        case PacketsColumn:
        case BytesColumn: return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default: return {};
        }
    case Qt::BackgroundRole: {
        // Colours need a GUI application (a palette); a GUI-less process (tests, tools) gets none.
        if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) return {};
        const QColor colour = highlightBackground(highlightOf(s), QGuiApplication::palette());
        return colour.isValid() ? QVariant(colour) : QVariant();
    }
    case Qt::DecorationRole:
        if (column == VerdictColumn) {
            const QIcon icon = highlightIcon(highlightOf(s));
            return icon.isNull() ? QVariant() : QVariant(icon);
        }
        return {};
    case Qt::FontRole:
        if (column == VerdictColumn && highlightOf(s) >= Highlight::Warning) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole:
    case ReasonRole: {
        const Verdict &verdict = s.verdict;
        QString text = translatedMessage(verdict.reason);
        if (role == Qt::ToolTipRole) {
            text = verdictKindText(verdict.kind) + QStringLiteral(": ") + text;
            if (!verdict.notes.empty()) text += QLatin1Char('\n') + translatedMessage(verdict.notes.front().message);
            if (s.open) text += QLatin1Char('\n') + tr("(still open: the verdict may change as more payload arrives)");
        }
        return text;
    }
    case FlaggedRole: return s.verdict.flagged();
    case HighlightRole: return static_cast<int>(highlightOf(s));
    case CaptureRole: return static_cast<int>(s.capture);
    case ConnectionIdRole: return static_cast<qulonglong>(s.connection.id);
    default: return {};
    }
}

int ConnectionModel::compare(int left, int right, int column) const
{
    const Row &a = m_rows[static_cast<std::size_t>(left)];
    const Row &b = m_rows[static_cast<std::size_t>(right)];
    const Connection &x = a.snapshot.connection;
    const Connection &y = b.snapshot.connection;
    switch (column) {
    case IndexColumn: {
        const int byCapture = threeWay(a.snapshot.capture, b.snapshot.capture);
        return byCapture ? byCapture : threeWay(x.id, y.id);
    }
    case StartColumn: return threeWay(x.firstNs, y.firstNs);
    case DurationColumn: return threeWay(x.lastNs - x.firstNs, y.lastNs - y.firstNs);
    case TransportColumn: return threeWay(x.transport, y.transport);
    case ClientColumn: return threeWay(x.client.address, y.client.address);
    case ClientPortColumn: return threeWay(x.client.port, y.client.port);
    case ServerColumn: return threeWay(x.server.address, y.server.address);
    case ServerPortColumn: return threeWay(x.server.port, y.server.port);
    case PortServiceColumn: {
        const std::string empty;
        return (a.portService ? a.portService->title : empty).compare(b.portService ? b.portService->title : empty);
    }
    case ProtocolColumn: return x.detection.protocol.compare(y.detection.protocol);
    case VerdictColumn: {
        // Most alarming first when sorted descending: by highlight level, then kind.
        const int byLevel = threeWay(highlightOf(a.snapshot), highlightOf(b.snapshot));
        return byLevel ? byLevel : threeWay(a.snapshot.verdict.kind, b.snapshot.verdict.kind);
    }
    case PacketsColumn: return threeWay(x.totalPackets(), y.totalPackets());
    case BytesColumn: return threeWay(x.totalWireBytes(), y.totalWireBytes());
    case ProcessColumn: return QString::compare(a.process, b.process);
    case CaptureColumn: return threeWay(a.snapshot.capture, b.snapshot.capture);
    default: break;
    }
    return 0;
}

std::vector<std::uint32_t> ConnectionModel::sortRanks(int column) const
{
    struct Key {
        std::uint64_t high = 0;
        std::uint64_t low = 0;
        std::uint32_t row = 0;
    };
    const std::size_t n = m_rows.size();
    std::vector<Key> keys(n);
    auto bigEndian = [](const std::uint8_t *p) {
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
        return v;
    };
    // Text columns: rank the few distinct strings once, then sort by that rank.
    auto textKeys = [&](auto textOf) {
        using Text = std::decay_t<decltype(textOf(m_rows.front()))>;
        std::vector<Text> distinct;
        for (const Row &r : m_rows) {
            const Text &t = textOf(r);
            if (std::find(distinct.begin(), distinct.end(), t) == distinct.end()) distinct.push_back(t);
            if (distinct.size() > 4096) break; // not a column of few values: rank them all below
        }
        if (distinct.size() > 4096) {
            distinct.clear();
            for (const Row &r : m_rows) distinct.push_back(textOf(r));
        }
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        for (std::size_t i = 0; i < n; ++i)
            keys[i].high = static_cast<std::uint64_t>(std::lower_bound(distinct.begin(), distinct.end(), textOf(m_rows[i])) - distinct.begin());
    };
    switch (column) {
    case PortServiceColumn:
        textKeys([](const Row &r) -> std::string_view { return r.portService ? std::string_view(r.portService->title) : std::string_view(); });
        break;
    case ProtocolColumn:
        textKeys([](const Row &r) -> std::string_view { return r.snapshot.connection.detection.protocol; });
        break;
    case ProcessColumn: textKeys([](const Row &r) -> const QString & { return r.process; }); break;
    default:
        for (std::size_t i = 0; i < n; ++i) {
            const Row &r = m_rows[i];
            const Connection &c = r.snapshot.connection;
            Key &k = keys[i];
            switch (column) {
            case IndexColumn: k.high = r.snapshot.capture; k.low = c.id; break;
            case StartColumn: k.high = static_cast<std::uint64_t>(c.firstNs) ^ (1ull << 63); break;
            case DurationColumn: k.high = static_cast<std::uint64_t>(c.lastNs - c.firstNs) ^ (1ull << 63); break;
            case TransportColumn: k.high = c.transport; break;
            case ClientColumn:
                k.high = bigEndian(c.client.address.bytes().data());
                k.low = bigEndian(c.client.address.bytes().data() + 8);
                break;
            case ServerColumn:
                k.high = bigEndian(c.server.address.bytes().data());
                k.low = bigEndian(c.server.address.bytes().data() + 8);
                break;
            case ClientPortColumn: k.high = c.client.port; break;
            case ServerPortColumn: k.high = c.server.port; break;
            case VerdictColumn:
                k.high = static_cast<std::uint64_t>(highlightOf(r.snapshot)) << 8 | static_cast<std::uint64_t>(r.snapshot.verdict.kind);
                break;
            case PacketsColumn: k.high = c.totalPackets(); break;
            case BytesColumn: k.high = c.totalWireBytes(); break;
            case CaptureColumn: k.high = r.snapshot.capture; break;
            default: break;
            }
        }
    }
    for (std::size_t i = 0; i < n; ++i) keys[i].row = static_cast<std::uint32_t>(i);
    std::sort(keys.begin(), keys.end(), [](const Key &a, const Key &b) {
        if (a.high != b.high) return a.high < b.high;
        if (a.low != b.low) return a.low < b.low;
        return a.row < b.row;
    });
    std::vector<std::uint32_t> ranks(n);
    for (std::size_t i = 0; i < n; ++i) ranks[keys[i].row] = static_cast<std::uint32_t>(i);
    return ranks;
}

std::string ConnectionModel::makeSearchText(const Row &row)
{
    const ConnectionSnapshot &s = row.snapshot;
    const Connection &c = s.connection;
    std::string text;
    text.reserve(96);
    c.client.address.appendTo(text);
    text += ' ';
    text += std::to_string(c.client.port);
    text += ' ';
    c.server.address.appendTo(text);
    text += ' ';
    text += std::to_string(c.server.port);
    text += ' ';
    text += transportName(c.transport);
    text += ' ';
    text += c.detection.protocol;
    if (row.portService) {
        text += ' ';
        text += row.portService->title;
    }
    text += ' ';
    text += verdictKindName(s.verdict.kind);
    // The facts an analyst searches for: server names, hosts, banners (bounded).
    for (const auto &[key, value] : c.detection.metadata) {
        if (text.size() > 240) break;
        text += ' ';
        text.append(value, 0, 64);
    }
    if (!row.process.isEmpty()) {
        text += ' ';
        text += row.process.toStdString();
    }
    std::transform(text.begin(), text.end(), text.begin(),
                   [](char ch) { return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch; });
    text.shrink_to_fit();
    return text;
}

void ConnectionModel::fillRow(Row &row, ConnectionSnapshot &&snapshot)
{
    if (row.snapshot.verdict.flagged()) --m_flagged;
    row.snapshot = std::move(snapshot);
    if (row.snapshot.verdict.flagged()) ++m_flagged;
    if (!row.snapshot.process.isEmpty()) row.process = row.snapshot.process;
    const Connection &c = row.snapshot.connection;
    row.portService = PortKnowledge::builtin().lookup(c.server.port, c.transport);
    row.searchText = makeSearchText(row);
}

void ConnectionModel::addBatch(const ConnectionBatch &batch)
{
    if (!batch || batch->empty()) return;
    const quint64 droppedBefore = m_droppedRows;
    // With the only reference, rows (and their payloads) move in; otherwise they are copied.
    addRows(*batch, 0, batch->size(), batch.use_count() == 1);
    if (m_droppedRows != droppedBefore) Q_EMIT rowsDropped(m_droppedRows);
}

void ConnectionModel::queueBatch(const ConnectionBatch &batch)
{
    if (!batch || batch->empty()) return;
    const quint64 droppedBefore = m_droppedRows;
    const Admitted admitted = admit(batch);
    if (m_droppedRows != droppedBefore) Q_EMIT rowsDropped(m_droppedRows);
    if (admitted.prefix > 0) m_queue.push_back({batch, 0, admitted.prefix});
    if (admitted.later) m_queue.push_back({admitted.later, 0, admitted.later->size()});
    m_queuedRows += admitted.prefix + (admitted.later ? admitted.later->size() : 0);
    if (!m_queue.empty() && !m_queueTimer.isActive()) m_queueTimer.start();
}

bool ConnectionModel::admitNew(const ConnectionSnapshot &s)
{
    if (m_admitted < m_rowLimit) {
        ++m_admitted;
        return true;
    }
    // An open connection is counted when it ends (it comes again then), so each is counted once.
    if (!s.open) {
        ++m_droppedRows;
        if (s.verdict.flagged()) ++m_droppedFlagged;
    }
    return false;
}

ConnectionModel::Admitted ConnectionModel::admit(const ConnectionBatch &batch)
{
    Admitted admitted;
    admitted.prefix = batch->size();
    bool refused = false;
    for (std::size_t i = 0; i < batch->size(); ++i) {
        const ConnectionSnapshot &s = (*batch)[i];
        auto &ids = m_rowById[s.capture];
        const std::uint64_t id = s.connection.id;
        const bool known = id < ids.size() && ids[id] != 0;
        const bool take = known || admitNew(s);
        if (take && !known) {
            if (id >= ids.size()) ids.resize(std::max<std::size_t>(id + 1, ids.size() * 2), 0);
            ids[id] = kQueuedRow;
        }
        if (!take && !refused) {
            refused = true;
            admitted.prefix = i;
        } else if (take && refused) {
            if (!admitted.later) admitted.later = std::make_shared<std::vector<ConnectionSnapshot>>();
            admitted.later->push_back(s);
        }
    }
    return admitted;
}

void ConnectionModel::insertQueuedRows()
{
    // Slices of at most kSlice rows, for about 12 ms per turn of the event loop: one insertion of
    // a 40,000-row batch (everything still open when a file ends) would hold it for a second.
    constexpr std::size_t kSlice = 1000;
    QElapsedTimer budget;
    budget.start();
    while (!m_queue.empty() && budget.elapsed() < 12) {
        QueuedBatch &front = m_queue.front();
        const std::size_t first = front.next;
        const std::size_t last = std::min(front.end, first + kSlice);
        front.next = last;
        m_queuedRows -= last - first;
        const bool done = last == front.end;
        // Once the signal that carried the batch is delivered, the queue normally holds the only
        // reference: then the rows move in. The local reference outlives a clear() from a slot.
        const bool canMove = front.batch.use_count() == 1;
        const ConnectionBatch batch = front.batch;
        if (done) m_queue.pop_front();
        addRows(*batch, first, last, canMove);
    }
    if (!m_queue.empty()) return;
    m_queueTimer.stop();
    Q_EMIT queueDrained();
}

void ConnectionModel::addRows(std::vector<ConnectionSnapshot> &snapshots, std::size_t first, std::size_t last, bool canMove)
{
    std::vector<Row> added;
    std::vector<int> changed;
    for (std::size_t i = first; i < last; ++i) {
        ConnectionSnapshot &incoming = snapshots[i];
        auto &ids = m_rowById[incoming.capture];
        const std::uint64_t id = incoming.connection.id;
        const std::uint32_t slot = id < ids.size() ? ids[id] : 0;
        // A row admitted to the queue has its room already; any other new one needs room now.
        if (slot == 0 && !admitNew(incoming)) continue;
        ConnectionSnapshot s = canMove ? std::move(incoming) : incoming;
        if (slot != 0 && slot != kQueuedRow) {
            const int row = static_cast<int>(slot - 1);
            if (row < static_cast<int>(m_rows.size())) {
                fillRow(m_rows[static_cast<std::size_t>(row)], std::move(s));
                changed.push_back(row);
                continue;
            }
            // Seen earlier in this same batch: update the pending row.
            fillRow(added[static_cast<std::size_t>(row) - m_rows.size()], std::move(s));
            continue;
        }
        if (id >= ids.size()) ids.resize(std::max<std::size_t>(id + 1, ids.size() * 2), 0);
        ids[id] = static_cast<std::uint32_t>(m_rows.size() + added.size() + 1);
        Row &row = added.emplace_back();
        fillRow(row, std::move(s));
    }
    // One dataChanged per run of neighbouring rows: a single first..last range would make the
    // proxy re-examine every row in between (thousands, for two open connections far apart).
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    for (std::size_t i = 0; i < changed.size();) {
        std::size_t j = i;
        while (j + 1 < changed.size() && changed[j + 1] == changed[j] + 1) ++j;
        Q_EMIT dataChanged(index(changed[i], 0), index(changed[j], ColumnCount - 1));
        i = j + 1;
    }
    if (!added.empty()) {
        const int firstAdded = static_cast<int>(m_rows.size());
        beginInsertRows({}, firstAdded, firstAdded + static_cast<int>(added.size()) - 1);
        for (Row &row : added) m_rows.push_back(std::move(row));
        endInsertRows();
    }
}

void ConnectionModel::clear()
{
    const bool dropsQueue = !m_queue.empty();
    m_queue.clear();
    m_queuedRows = 0;
    m_queueTimer.stop();
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_captureNames.clear();
    m_flagged = 0;
    m_admitted = 0;
    m_droppedRows = 0;
    m_droppedFlagged = 0;
    endResetModel();
    if (dropsQueue) Q_EMIT queueDrained();
}

void ConnectionModel::setProcess(int row, const QString &process)
{
    if (row < 0 || row >= rowCount()) return;
    Row &r = m_rows[static_cast<std::size_t>(row)];
    r.process = process;
    r.searchText = makeSearchText(r);
    Q_EMIT dataChanged(index(row, ProcessColumn), index(row, ProcessColumn));
}

int ConnectionModel::rowOf(int capture, std::uint64_t id) const
{
    auto it = m_rowById.find(capture);
    if (it == m_rowById.end() || id >= it->second.size() || it->second[id] == 0 || it->second[id] == kQueuedRow) return -1;
    const auto row = static_cast<int>(it->second[id] - 1);
    return row < rowCount() ? row : -1;
}

std::vector<int> ConnectionModel::rowsRelatedTo(int capture, std::uint64_t id) const
{
    std::vector<int> rows;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const ConnectionSnapshot &s = m_rows[i].snapshot;
        if (s.capture == capture && s.connection.relatedId == id) rows.push_back(static_cast<int>(i));
    }
    return rows;
}

std::size_t ConnectionModel::extraBytesPerRow() const
{
    if (m_rows.empty()) return 0;
    std::size_t total = 0;
    for (const Row &r : m_rows) {
        total += sizeof(Row) - sizeof(ConnectionSnapshot) + sizeof(ConnectionSnapshot) - sizeof(Connection);
        if (r.searchText.capacity() > 15) total += r.searchText.capacity() + 1;
        total += static_cast<std::size_t>(r.process.capacity()) * 2;
    }
    total += (m_rows.capacity() - m_rows.size()) * sizeof(Row); // the last chunk's unused slots
    for (const auto &[capture, ids] : m_rowById) total += ids.capacity() * sizeof(std::uint32_t);
    return total / m_rows.size();
}

} // namespace portlens::ui
