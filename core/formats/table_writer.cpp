// The human-readable table, for people reading a terminal; scripts and huge captures want TSV,
// JSON Lines or conn.log.
//
// Rows are listed in the order connections started (not the order they ended) with columns as
// wide as their content, and memory stays bounded on any input: the writer holds at most
// kTableWindow rows. A capture with fewer connections is listed exactly so (every row sorted,
// every column as wide as its widest cell). Past that, the column widths are those of the first
// kTableWindow rows (a wider cell later pushes its row's next columns right), and the rows go
// through a reorder window of kTableWindow rows, a min-heap on the connection number: a row is
// printed when kTableWindow rows that ended after it are waiting, so only a connection that
// ends after more than kTableWindow later-started ones have ended appears late; those are
// counted and named in takeNote().
#include "core/formats/connection_writer.h"

#include <algorithm>
#include <array>
#include <functional>

namespace portlens {

namespace {

constexpr std::size_t kColumns = 13;

// One row's cells in one string (one allocation, about 200 bytes, instead of thirteen strings
// of about 1 KiB together): the window's memory is mostly these.
class Row {
public:
    Row(std::initializer_list<std::string_view> cells)
    {
        std::size_t total = 0;
        for (std::string_view cell : cells) total += cell.size();
        m_text.reserve(total);
        std::size_t i = 0;
        for (std::string_view cell : cells) {
            m_text += cell;
            m_ends[i++] = static_cast<std::uint32_t>(m_text.size());
        }
    }
    [[nodiscard]] std::string_view operator[](std::size_t i) const
    {
        const std::uint32_t begin = i == 0 ? 0 : m_ends[i - 1];
        return std::string_view(m_text).substr(begin, m_ends[i] - begin);
    }

private:
    std::string m_text;
    std::array<std::uint32_t, kColumns> m_ends{};
};
constexpr std::array<bool, kColumns> kRightAligned{true, false, true, false, false, false, true, true,
                                                   false, false, false, false, false};

// A flag at the start of flagged rows, so they stand out without colour.
const char *marker(const Verdict &v)
{
    if (v.flagged()) return "!";
    if (v.severity == Severity::Notice) return "~";
    return " ";
}

class TableWriter final : public ConnectionWriter {
public:
    explicit TableWriter(std::ostream &out) : m_out(out) {}

    void beginCapture(std::string_view name, int index, int count) override
    {
        if (count > 1) m_out << (index > 0 ? "\n" : "") << "== " << name << " ==\n";
    }

    void write(const Connection &c, const Verdict &v, std::string_view) override
    {
        std::string reason = v.reason.toString();
        if (!v.notes.empty() && v.notes.front().severity >= Severity::Notice)
            reason += "; " + v.notes.front().message.toString();
        const std::string number = marker(v) + std::to_string(c.id);
        const std::string duration = formatSeconds(c.lastNs - c.firstNs) + " s";
        m_rows.emplace_back(c.id, Row{number, formatUtcTime(c.firstNs), duration, transportName(c.transport),
                                    formatEndpoint(c.client), formatEndpoint(c.server), std::to_string(c.totalPackets()),
                                    formatByteCount(c.totalWireBytes()), c.connState(),
                                    v.portService.empty() ? std::string_view("-") : std::string_view(v.portService),
                                    c.detection.protocol.empty() ? std::string_view("-") : std::string_view(c.detection.protocol),
                                    verdictKindName(v.kind), reason});
        if (!m_streaming) {
            if (m_rows.size() <= kTableWindow) return;
            startStreaming();
        } else {
            std::push_heap(m_rows.begin(), m_rows.end(), laterFirst);
        }
        printEarliest();
    }

    void endCapture() override { flush(); }
    void end() override { flush(); }

    std::string takeNote() override
    {
        std::string note;
        if (m_lateRows > 0)
            note = std::to_string(m_lateRows) + " row(s) of the table appear after rows of connections that started later: "
                   "to keep its memory bounded the table sorts within " + std::to_string(kTableWindow) +
                   " rows (--format tsv lists every row as its connection ends)";
        m_lateRows = 0;
        return note;
    }

private:
    using Entry = std::pair<std::uint64_t, Row>;
    // std::push_heap and pop_heap keep the largest in front; this makes it the earliest.
    static bool laterFirst(const Entry &a, const Entry &b) { return a.first > b.first; }

    // The window is full: size the columns from the rows held, print the header, and from now
    // on print rows as later ones push them out.
    void startStreaming()
    {
        m_streaming = true;
        sizeColumns();
        print(header(), m_widths);
        std::make_heap(m_rows.begin(), m_rows.end(), laterFirst);
    }

    void printEarliest()
    {
        std::pop_heap(m_rows.begin(), m_rows.end(), laterFirst);
        Entry &earliest = m_rows.back();
        if (m_printedAny && earliest.first < m_lastPrinted) ++m_lateRows;
        m_lastPrinted = std::max(m_lastPrinted, earliest.first);
        m_printedAny = true;
        print(earliest.second, m_widths);
        m_rows.pop_back();
    }

    static const Row &header()
    {
        static const Row kHeader{" #", "Start (UTC)", "Duration", "Proto", "Client", "Server", "Packets", "Bytes",
                                 "State", "Port service", "Detected", "Verdict", "Why"};
        return kHeader;
    }

    void sizeColumns()
    {
        for (std::size_t i = 0; i < kColumns; ++i) m_widths[i] = header()[i].size();
        for (const auto &[id, row] : m_rows)
            for (std::size_t i = 0; i < kColumns; ++i) m_widths[i] = std::max(m_widths[i], row[i].size());
    }

    void flush()
    {
        if (m_streaming) {
            while (!m_rows.empty()) printEarliest();
        } else if (!m_rows.empty()) {
            std::sort(m_rows.begin(), m_rows.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
            sizeColumns();
            print(header(), m_widths);
            for (const auto &[id, row] : m_rows) print(row, m_widths);
        }
        m_rows.clear();
        m_rows.shrink_to_fit();
        m_streaming = false;
        m_printedAny = false;
        m_lastPrinted = 0;
    }

    void print(const Row &row, const std::array<std::size_t, kColumns> &widths)
    {
        std::string &line = m_line;
        line.clear();
        for (std::size_t i = 0; i < kColumns; ++i) {
            const bool last = i + 1 == kColumns;
            const std::size_t pad = widths[i] > row[i].size() ? widths[i] - row[i].size() : 0;
            if (i > 0) line += "  ";
            if (kRightAligned[i]) line.append(pad, ' ');
            line += row[i];
            if (!kRightAligned[i] && !last) line.append(pad, ' ');
        }
        line += '\n';
        m_out.write(line.data(), static_cast<std::streamsize>(line.size()));
    }

    std::ostream &m_out;
    std::vector<Entry> m_rows; // sorted at the end, or (streaming) a heap, earliest in front
    std::array<std::size_t, kColumns> m_widths{};
    std::string m_line;
    bool m_streaming = false;
    bool m_printedAny = false;
    std::uint64_t m_lastPrinted = 0;
    std::uint64_t m_lateRows = 0;
};

} // namespace

std::unique_ptr<ConnectionWriter> makeTableWriter(std::ostream &out)
{
    return std::make_unique<TableWriter>(out);
}

} // namespace portlens
