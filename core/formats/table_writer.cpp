// The human-readable table: fixed-width columns so rows stream out as connections finish.
#include "formats/connection_writer.h"

#include <cinttypes>
#include <cstdio>

namespace portlens {

namespace {

class TableWriter final : public ConnectionWriter {
public:
    explicit TableWriter(std::ostream &out) : m_out(out) {}

    void begin() override
    {
        line("#", "Start (UTC)", "Duration", "Proto", "Client", "Server", "Roles", "Packets", "Bytes", "State",
             "History");
    }

    void beginCapture(std::string_view name, int, int count) override
    {
        if (count > 1) m_out << "\n== " << name << " ==\n";
    }

    void write(const Connection &c, std::string_view) override
    {
        line(std::to_string(c.id), formatUtcTime(c.firstNs), formatSeconds(c.lastNs - c.firstNs) + " s",
             transportName(c.transport), formatEndpoint(c.client), formatEndpoint(c.server), rolesName(c.roles),
             std::to_string(c.totalPackets()), formatByteCount(c.totalWireBytes()), c.connState(),
             c.history.empty() ? "-" : c.history);
    }

private:
    template <typename... Columns>
    void line(const Columns &...columns)
    {
        static constexpr int kWidths[] = {6, 23, 12, 5, 25, 25, 13, 8, 10, 6, 0};
        int i = 0;
        std::string text;
        auto add = [&](const std::string &column) {
            const int width = kWidths[i];
            const bool rightAligned = i == 0 || i == 2 || i == 7 || i == 8;
            std::string cell = column;
            if (static_cast<int>(cell.size()) < width) {
                const std::string pad(static_cast<std::size_t>(width) - cell.size(), ' ');
                cell = rightAligned ? pad + cell : cell + pad;
            }
            if (i > 0) text += "  ";
            text += cell;
            ++i;
        };
        (add(std::string(columns)), ...);
        while (!text.empty() && text.back() == ' ') text.pop_back();
        m_out << text << '\n';
    }

    std::ostream &m_out;
};

} // namespace

std::unique_ptr<ConnectionWriter> makeTableWriter(std::ostream &out)
{
    return std::make_unique<TableWriter>(out);
}

} // namespace portlens
