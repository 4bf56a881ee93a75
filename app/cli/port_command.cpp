#include "app/cli/port_command.h"

#include "app/cli/exit_codes.h"
#include "core/ports/port_json.h"
#include "core/ports/port_search.h"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace portlens::cli {

namespace {

// Words of text wrapped to width columns, every line after the first indented by indent.
std::string wrap(const std::string &text, std::size_t indent, std::size_t width = 100)
{
    std::istringstream words(text);
    std::string out, word;
    std::size_t column = indent;
    while (words >> word) {
        if (column > indent && column + 1 + word.size() > width) {
            out += "\n" + std::string(indent, ' ');
            column = indent;
        } else if (column > indent) {
            out += ' ';
            ++column;
        }
        out += word;
        column += word.size();
    }
    return out;
}

std::string join(const std::vector<std::string> &items)
{
    std::string out;
    for (const auto &item : items) out += (out.empty() ? "" : ", ") + item;
    return out.empty() ? "-" : out;
}

void printCard(std::ostream &out, const PortService &s)
{
    constexpr std::size_t kIndent = 15;
    auto field = [&out](const char *label, const std::string &text) {
        std::string padded = label;
        padded.resize(kIndent, ' ');
        out << padded << wrap(text, kIndent) << '\n';
    };
    out << portKey(s.port, s.transport) << "  " << s.name();
    if (s.name() != s.service) out << " (" << s.service << ")";
    out << "\n" << wrap(s.description, 0) << "\n\n";
    if (!s.note) {
        out << "A registered port with no teaching note in PortLens yet; PortLens has no detector that recognises "
               "its service, so a connection here is judged by its payload alone.\n";
        return;
    }
    const PortNote &n = *s.note;
    field("Normal use:", n.usage);
    field("Who uses it:", n.users);
    field("Encrypted:", encryptionName(n.encrypted) + ". " + n.encryption);
    out << "Look for:\n";
    for (const auto &line : n.lookFor) out << "  - " << wrap(line, 4) << '\n';
    field("Related:", join(n.related));
    field("Destinations:", n.destinations.empty() ? std::string("no multicast or broadcast") : join(n.destinations));
    field("Detected as:", join(s.protocols));
}

void printList(std::ostream &out, const std::vector<PortMatch> &matches)
{
    for (const PortMatch &m : matches) {
        const PortService &s = *m.service;
        std::string port = portKey(s.port, s.transport);
        port.resize(std::max<std::size_t>(port.size() + 1, 11), ' ');
        std::string name = s.service;
        name.resize(std::max<std::size_t>(name.size() + 1, 18), ' ');
        std::string text = s.title.empty() || s.title == s.service ? s.description : s.title + ": " + s.description;
        out << port << (s.curated() ? "* " : "  ") << name << text << '\n';
    }
}

} // namespace

int runPort(const PortOptions &options)
{
    std::string query;
    for (const auto &word : options.query) query += (query.empty() ? "" : " ") + word;
    const PortSearch search(PortKnowledge::builtin());
    const auto all = search.find(query);
    std::vector<PortMatch> shown(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(
                                                               options.limit && all.size() > options.limit ? options.limit : all.size()));
    if (options.json) {
        std::cout << portMatchesJson(query, shown) << '\n';
        return Ok;
    }
    if (all.empty()) {
        std::fprintf(stderr, "portlens-cli: no port matches '%s'\n", query.c_str());
        return Ok;
    }
    // One answer: the only match, or the one curated port that is exactly what was typed.
    const PortMatch *answer = all.size() == 1 ? &all.front() : nullptr;
    if (!answer) {
        std::size_t curatedExact = 0;
        for (const PortMatch &m : all)
            if (m.exact && m.service->curated()) {
                ++curatedExact;
                answer = &m;
            }
        if (curatedExact != 1) answer = nullptr;
    }
    if (answer) {
        printCard(std::cout, *answer->service);
        if (all.size() > 1) {
            std::cout << "\nAlso matching:\n";
            std::vector<PortMatch> others;
            for (const PortMatch &m : shown)
                if (&m != answer && m.service != answer->service) others.push_back(m);
            printList(std::cout, others);
        }
    } else {
        printList(std::cout, shown);
    }
    if (shown.size() < all.size())
        std::cout << "(" << shown.size() << " of " << all.size() << " matches shown; --limit 0 shows all)\n";
    if (!answer) std::cout << "* has a teaching note: ask for it by port and transport, e.g. 'portlens-cli port "
                           << portKey(shown.front().service->port, shown.front().service->transport) << "'\n";
    return Ok;
}

} // namespace portlens::cli
