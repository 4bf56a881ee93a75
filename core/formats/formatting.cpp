#include "core/formats/connection_writer.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <ctime>

namespace portlens {

std::optional<OutputFormat> parseOutputFormat(std::string_view name)
{
    if (name == "table") return OutputFormat::Table;
    if (name == "tsv") return OutputFormat::Tsv;
    if (name == "jsonl" || name == "json") return OutputFormat::JsonLines;
    if (name == "zeek" || name == "conn.log") return OutputFormat::ZeekConnLog;
    return std::nullopt;
}

namespace {
// Splits ns into whole seconds and a non-negative fraction, also for times before 1970.
std::pair<std::int64_t, std::int64_t> splitSeconds(std::int64_t ns)
{
    std::int64_t seconds = ns / 1'000'000'000;
    std::int64_t fraction = ns % 1'000'000'000;
    if (fraction < 0) {
        fraction += 1'000'000'000;
        --seconds;
    }
    return {seconds, fraction};
}
} // namespace

// seconds.microseconds, the precision Zeek logs use, truncated toward zero: -1 ns is "-0.000000",
// the mirror image of 1 ns, not the second before the epoch.
void appendSeconds(std::string &out, std::int64_t ns)
{
    // The magnitude in unsigned arithmetic, so that INT64_MIN has one too.
    const std::uint64_t magnitude = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
    char text[32];
    char *end = text;
    if (ns < 0) *end++ = '-';
    end = std::to_chars(end, text + 24, magnitude / 1'000'000'000).ptr;
    *end++ = '.';
    const auto micros = static_cast<std::uint32_t>(magnitude % 1'000'000'000 / 1000);
    for (std::uint32_t divisor = 100000; divisor > 0; divisor /= 10)
        *end++ = static_cast<char>('0' + (micros / divisor) % 10);
    out.append(text, end);
}

std::string formatEpochSeconds(std::int64_t ns)
{
    std::string text;
    appendSeconds(text, ns);
    return text;
}

std::string formatUtcTime(std::int64_t ns)
{
    const auto [seconds, fraction] = splitSeconds(ns);
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%03" PRId64, utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction / 1'000'000);
    return text;
}

std::string formatSeconds(std::int64_t ns)
{
    return formatEpochSeconds(ns);
}

std::string formatEndpoint(const Endpoint &endpoint)
{
    const std::string address = endpoint.address.toString();
    if (endpoint.address.isV4())
        return address + ":" + std::to_string(endpoint.port);
    return "[" + address + "]:" + std::to_string(endpoint.port);
}

std::string formatByteCount(std::uint64_t bytes)
{
    static constexpr const char *kUnits[] = {"B", "kB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1000.0 && unit < 4) {
        value /= 1000.0;
        ++unit;
    }
    char text[32];
    if (unit == 0)
        std::snprintf(text, sizeof text, "%" PRIu64 " B", bytes);
    else
        std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
    return text;
}

std::string joinNotes(const Verdict &verdict)
{
    std::string out;
    for (const VerdictNote &note : verdict.notes) {
        if (!out.empty()) out += "; ";
        out += severityName(note.severity);
        out += ": ";
        out += note.message.toString();
    }
    return out;
}

std::string evidenceText(const Connection &c)
{
    const Evidence &e = c.detection.evidence;
    if (c.detection.protocol.empty() || e.sentence.empty()) return {};
    if (e.length == 0) return e.sentence;
    return std::string(e.direction == Direction::ToServer ? "client" : "server") + " bytes " + std::to_string(e.offset) +
           "-" + std::to_string(e.offset + e.length) + ": " + e.sentence;
}

} // namespace portlens
