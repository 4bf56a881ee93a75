// The human-readable table. Rows are held until a capture ends, so they can be listed in the
// order connections started (not the order they ended) with columns as wide as their content.
// Meant for people reading a terminal; scripts and huge captures want TSV, JSON Lines or conn.log.
#include "core/formats/connection_writer.h"

#include <algorithm>
#include <array>

namespace portlens {

namespace {

constexpr std::size_t kColumns = 13;
using Row = std::array<std::string, kColumns>;
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
        m_rows.emplace_back(c.id, Row{marker(v) + std::to_string(c.id), formatUtcTime(c.firstNs),
                                      formatSeconds(c.lastNs - c.firstNs) + " s", transportName(c.transport),
                                      formatEndpoint(c.client), formatEndpoint(c.server),
                                      std::to_string(c.totalPackets()), formatByteCount(c.totalWireBytes()),
                                      c.connState(), v.portService.empty() ? "-" : v.portService,
                                      c.detection.protocol.empty() ? "-" : c.detection.protocol,
                                      verdictKindName(v.kind), reason});
    }

    void endCapture() override { flush(); }
    void end() override { flush(); }

private:
    void flush()
    {
        if (m_rows.empty()) return;
        std::sort(m_rows.begin(), m_rows.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        const Row header{" #", "Start (UTC)", "Duration", "Proto", "Client", "Server", "Packets", "Bytes",
                         "State", "Port service", "Detected", "Verdict", "Why"};
        std::array<std::size_t, kColumns> widths{};
        for (std::size_t i = 0; i < kColumns; ++i) widths[i] = header[i].size();
        for (const auto &[id, row] : m_rows)
            for (std::size_t i = 0; i < kColumns; ++i) widths[i] = std::max(widths[i], row[i].size());
        print(header, widths);
        for (const auto &[id, row] : m_rows) print(row, widths);
        m_rows.clear();
    }

    void print(const Row &row, const std::array<std::size_t, kColumns> &widths)
    {
        std::string line;
        for (std::size_t i = 0; i < kColumns; ++i) {
            const bool last = i + 1 == kColumns;
            const std::string pad(widths[i] - row[i].size(), ' ');
            if (i > 0) line += "  ";
            line += kRightAligned[i] ? pad + row[i] : (last ? row[i] : row[i] + pad);
        }
        m_out << line << '\n';
    }

    std::ostream &m_out;
    std::vector<std::pair<std::uint64_t, Row>> m_rows;
};

} // namespace

std::unique_ptr<ConnectionWriter> makeTableWriter(std::ostream &out)
{
    return std::make_unique<TableWriter>(out);
}

} // namespace portlens
