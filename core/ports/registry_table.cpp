// Reads the IANA registry as tools/ports/import-registry.py writes it. A hand-rolled splitter
// rather than a CSV library: the file has eleven thousand rows and start-up time matters.
#include "core/ports/port_data_parsers.h"

#include <charconv>

namespace portlens::ports_detail {

namespace {

// The next tab-separated field of line, consuming it (and its tab).
std::string_view nextField(std::string_view &line)
{
    const auto tab = line.find('\t');
    const std::string_view field = line.substr(0, tab);
    line = tab == std::string_view::npos ? std::string_view{} : line.substr(tab + 1);
    return field;
}

} // namespace

std::vector<PortService> parseRegistryTsv(std::string_view tsv, std::size_t &skipped)
{
    std::vector<PortService> rows;
    rows.reserve(tsv.size() / 36); // about 37 bytes a row
    skipped = 0;
    while (!tsv.empty()) {
        const auto end = tsv.find('\n');
        std::string_view line = tsv.substr(0, end);
        tsv = end == std::string_view::npos ? std::string_view{} : tsv.substr(end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;

        const std::string_view portText = nextField(line);
        const std::uint8_t transport = transportFromText(nextField(line));
        const std::string_view service = nextField(line);
        const std::string_view description = nextField(line);
        unsigned port = 0;
        const auto [ptr, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (ec != std::errc{} || ptr != portText.data() + portText.size() || port > 65535 || transport == 0 ||
            service.empty()) {
            ++skipped;
            continue;
        }
        PortService row;
        row.port = static_cast<std::uint16_t>(port);
        row.transport = transport;
        row.service = service;
        row.description = description;
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace portlens::ports_detail
