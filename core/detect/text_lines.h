// Helpers for line-based protocols (HTTP, SMTP, FTP, SIP, ...): lines of a byte span, with
// offsets, without copying and without reading past the span.
#pragma once

#include "core/util/byte_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

namespace portlens::text {

struct Line {
    std::string_view text;  // without the line ending
    std::size_t offset = 0; // where the line starts in the span
    bool complete = false;  // ended by "\n" (a cut line at the end of the kept bytes is not)
};

// Calls visit(line) for each line until visit returns false or maxLines were seen.
template <typename Visit>
void forEachLine(Bytes bytes, Visit visit, std::size_t maxLines = 64)
{
    const std::string_view all = asText(bytes);
    std::size_t start = 0;
    for (std::size_t count = 0; start < all.size() && count < maxLines; ++count) {
        const std::size_t end = all.find('\n', start);
        const bool complete = end != std::string_view::npos;
        std::string_view line = all.substr(start, (complete ? end : all.size()) - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!visit(Line{line, start, complete})) return;
        if (!complete) return;
        start = end + 1;
    }
}

// ASCII only: protocol keywords are ASCII, and std::tolower is a library call per byte whose
// answer for bytes above 0x7f would depend on the process's locale.
constexpr char asciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (asciiLower(text[i]) != asciiLower(prefix[i])) return false;
    return true;
}

inline std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The value of "Name: value" when the line's header name is name (case-insensitive).
inline bool headerValue(std::string_view line, std::string_view name, std::string_view &value)
{
    if (line.size() <= name.size() || line[name.size()] != ':' || !startsWithNoCase(line, name)) return false;
    value = trim(line.substr(name.size() + 1));
    return true;
}

// True when every byte is printable ASCII or tab (for banners and command lines).
inline bool isPrintable(std::string_view s)
{
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t') || c > 0x7e) return false;
    }
    return true;
}

// Printable, length-limited copy for sentences and metadata (never echo raw control bytes).
inline std::string printable(std::string_view s, std::size_t max = 120)
{
    // One allocation of the final size, then the bytes replaced in place (this runs for every
    // request line, header and name a detector reports).
    const bool cut = s.size() > max;
    std::string out;
    out.reserve(std::min(s.size(), max) + (cut ? 3 : 0));
    out.assign(s.substr(0, max));
    for (char &ch : out) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c > 0x7e) ch = '.';
    }
    if (cut) out += "...";
    return out;
}

// Small helpers the text-dialogue detectors (FTP, SMTP, POP3, IMAP, ...) share.

template <std::size_t N>
bool among(const std::array<std::string_view, N> &list, std::string_view word)
{
    return std::find(list.begin(), list.end(), word) != list.end();
}

inline std::string upper(std::string_view s)
{
    std::string out(s);
    for (char &c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

inline bool containsNoCase(std::string_view hay, std::string_view needle)
{
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
        if (startsWithNoCase(hay.substr(i), needle)) return true;
    return false;
}

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }

// A numbered reply as FTP and SMTP servers send them: three digits, then ' ', '-' or a line end.
inline bool startsLikeNumberedReply(std::string_view s)
{
    return s.size() >= 4 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) &&
           (s[3] == ' ' || s[3] == '-' || s[3] == '\r' || s[3] == '\n');
}

// True when a word of a greeting contains `what` ("ESMTP", "Postfix", "vsFTPd"), ignoring host
// names ("smtp.example.org", "ftp.example.com"), which say nothing about the protocol.
inline bool namesProduct(std::string_view greeting, std::string_view what)
{
    std::size_t start = 0;
    while (start < greeting.size()) {
        std::size_t end = start;
        while (end < greeting.size() && (std::isalnum(static_cast<unsigned char>(greeting[end])) ||
                                         greeting[end] == '.' || greeting[end] == '-' || greeting[end] == '_'))
            ++end;
        std::string_view word = greeting.substr(start, end - start);
        while (!word.empty() && word.back() == '.') word.remove_suffix(1); // "Welcome to FTP."
        if (word.find('.') == std::string_view::npos && containsNoCase(word, what)) return true;
        start = end + 1;
    }
    return false;
}

// What follows the first space of a command line ("USER bob" -> "bob"), trimmed; empty if none.
inline std::string_view argumentOf(std::string_view line)
{
    const std::size_t space = line.find(' ');
    return space == std::string_view::npos ? std::string_view() : trim(line.substr(space + 1));
}

} // namespace portlens::text
