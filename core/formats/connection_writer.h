// ConnectionWriter: writes finished connections in one of the CLI's output formats.
//
// Writers stream: each connection is written as it leaves the flow table, so memory does not
// grow with the number of connections. The table holds at most kTableWindow rows at a time (to
// sort them by start and size its columns; see table_writer.cpp).
#pragma once

#include "core/flow/connection.h"
#include "core/verdict/verdict.h"

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace portlens {

enum class OutputFormat { Table, Tsv, JsonLines, ZeekConnLog };

std::optional<OutputFormat> parseOutputFormat(std::string_view name);

class ConnectionWriter {
public:
    virtual ~ConnectionWriter() = default;
    virtual void begin() {}
    // Called before the connections of each capture file (index counts from 0).
    virtual void beginCapture(std::string_view /*name*/, int /*index*/, int /*count*/) {}
    // capture names the file the connection came from (several files can be analysed at once).
    virtual void write(const Connection &connection, const Verdict &verdict, std::string_view capture) = 0;
    // Called after the last connection of each capture file.
    virtual void endCapture() {}
    virtual void end() {}
    // After endCapture(): something the reader of this capture's output should know about it
    // (one sentence, for standard error), or "". Cleared by the call.
    virtual std::string takeNote() { return {}; }
};

// Rows the table writer holds at most: a capture with fewer connections is listed sorted by
// start with exact column widths; past it, widths come from the first kTableWindow rows and rows
// are sorted within a window of kTableWindow.
inline constexpr std::size_t kTableWindow = 50'000;

std::unique_ptr<ConnectionWriter> makeConnectionWriter(OutputFormat format, std::ostream &out);

// Shared formatting helpers.
// Seconds with six decimals, truncated toward zero (before 1970 too: -1 ns is "-0.000000",
// -1.5 s is "-1.500000").
std::string formatEpochSeconds(std::int64_t ns);          // 1736935200.123456
std::string formatUtcTime(std::int64_t ns);               // 2025-01-15 10:00:00.123
std::string formatSeconds(std::int64_t ns);               // 0.412345
void appendSeconds(std::string &out, std::int64_t ns);    // formatEpochSeconds/formatSeconds, appended
std::string formatEndpoint(const Endpoint &endpoint);     // 192.0.2.1:80, [2001:db8::1]:443
std::string formatByteCount(std::uint64_t bytes);         // 1.2 kB
std::string joinNotes(const Verdict &verdict);            // "warning: ...; info: ..."
std::string evidenceText(const Connection &connection);   // "server bytes 0-29: SSH identification ..."

} // namespace portlens
