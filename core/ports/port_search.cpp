#include "core/ports/port_search.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace portlens {

namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Where term starts a word of haystack: 0 none, 1 inside a word only, 2 at a word start,
// 3 the whole haystack (or a whole space-separated part of it).
int wordMatch(std::string_view haystack, std::string_view term)
{
    int best = 0;
    for (auto at = haystack.find(term); at != std::string_view::npos; at = haystack.find(term, at + 1)) {
        const bool starts = at == 0 || !isWordChar(haystack[at - 1]);
        if (!starts) {
            best = std::max(best, 1);
            continue;
        }
        const std::size_t end = at + term.size();
        const bool whole = (at == 0 || haystack[at - 1] == ' ') && (end == haystack.size() || haystack[end] == ' ');
        best = std::max(best, whole ? 3 : 2);
        if (best == 3) break;
    }
    return best;
}

struct PortRange {
    std::uint16_t low = 0;
    std::uint16_t high = 0;
};

bool parseNumber(std::string_view text, std::uint16_t &value)
{
    unsigned n = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || ptr != text.data() + text.size() || n > 65535 || text.empty()) return false;
    value = static_cast<std::uint16_t>(n);
    return true;
}

// "22", "5353/udp", "5350-5360", "5350-5360/tcp"; transport stays 0 when not given.
bool parsePortToken(std::string_view token, PortRange &range, std::uint8_t &transport)
{
    if (const auto slash = token.find('/'); slash != std::string_view::npos) {
        transport = transportFromText(token.substr(slash + 1));
        if (transport == 0) return false;
        token = token.substr(0, slash);
    }
    if (const auto dash = token.find('-'); dash != std::string_view::npos)
        return parseNumber(token.substr(0, dash), range.low) && parseNumber(token.substr(dash + 1), range.high) &&
               range.low <= range.high;
    if (!parseNumber(token, range.low)) return false;
    range.high = range.low;
    return true;
}

struct Query {
    std::vector<PortRange> ranges;
    std::uint8_t transport = 0;
    std::vector<std::string> terms;
};

Query parse(std::string_view text)
{
    Query q;
    const std::string query = lower(text);
    std::size_t at = 0;
    while (at < query.size()) {
        const auto start = query.find_first_not_of(" \t,", at);
        if (start == std::string::npos) break;
        auto end = query.find_first_of(" \t,", start);
        if (end == std::string::npos) end = query.size();
        const std::string_view token = std::string_view(query).substr(start, end - start);
        at = end;
        PortRange range;
        std::uint8_t transport = 0;
        if (parsePortToken(token, range, transport)) {
            q.ranges.push_back(range);
            if (transport) q.transport = transport;
        } else if (const std::uint8_t t = transportFromText(token)) {
            q.transport = t;
        } else {
            q.terms.emplace_back(token);
        }
    }
    return q;
}

} // namespace

PortSearch::PortSearch(const PortKnowledge &knowledge)
{
    m_entries.reserve(knowledge.services().size());
    for (const PortService &s : knowledge.services()) {
        Entry e{&s, lower(s.service), lower(s.description), {}, {}};
        if (!s.title.empty() && s.title != s.service) e.names += " " + lower(s.title);
        if (s.note) {
            const PortNote &n = *s.note;
            std::string notes = n.usage + "\n" + n.users + "\n" + n.encryption;
            for (const auto &line : n.lookFor) notes += "\n" + line;
            for (const auto &p : s.protocols) notes += "\n" + p;
            e.notes = lower(notes);
            if (n.encrypted == Encryption::Yes) e.tags += "encrypted encryption tls ";
            if (n.encrypted == Encryption::Optional) e.tags += "encrypted encryption starttls ";
            if (n.encrypted == Encryption::No) e.tags += "plaintext cleartext unencrypted ";
            for (const auto &d : n.destinations)
                e.tags += d.find(':') != std::string::npos || d.rfind("22", 0) == 0 || d.rfind("23", 0) == 0
                              ? "multicast "
                              : "broadcast ";
        }
        m_entries.push_back(std::move(e));
    }
}

std::vector<PortMatch> PortSearch::find(std::string_view query, std::size_t limit) const
{
    const Query q = parse(query);
    std::vector<PortMatch> matches;
    if (q.ranges.empty() && q.terms.empty() && q.transport == 0) return matches;
    const bool singlePort = q.ranges.size() == 1 && q.ranges.front().low == q.ranges.front().high;

    for (const Entry &e : m_entries) {
        const PortService &s = *e.service;
        if (q.transport && s.transport != q.transport) continue;
        if (!q.ranges.empty() &&
            std::none_of(q.ranges.begin(), q.ranges.end(), [&s](const PortRange &r) { return s.port >= r.low && s.port <= r.high; }))
            continue;
        int score = 0;
        bool exact = singlePort;
        bool all = true;
        for (const std::string &term : q.terms) {
            const int name = wordMatch(e.names, term);
            int best = name == 3 ? 400 : name == 2 ? 200 : name == 1 ? 80 : 0;
            if (name == 3) exact = true;
            if (best < 200 && wordMatch(e.tags, term) >= 2) best = 200;
            if (best < 60 && wordMatch(e.description, term) >= 2) best = 60;
            if (best < 30 && !e.notes.empty() && wordMatch(e.notes, term) >= 2) best = 30;
            if (best == 0) {
                all = false;
                break;
            }
            score += best;
        }
        if (!all) continue;
        if (exact) score += 1000;
        if (s.curated()) score += 300; // above any single-word name match of an obscure row
        if (s.port < 1024) score += 10;
        matches.push_back({&s, score, exact});
    }
    std::stable_sort(matches.begin(), matches.end(), [](const PortMatch &a, const PortMatch &b) { return a.score > b.score; });
    if (limit && matches.size() > limit) matches.resize(limit);
    return matches;
}

} // namespace portlens
