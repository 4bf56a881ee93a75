// PortSearch: answers what a user types in the port reference (GUI pane and `portlens-cli port`):
//   22           a number: every transport of port 22
//   5353/udp     a number and a transport
//   5350-5360    a range (optionally /tcp ...)
//   ssh netbios  service names and titles
//   multicast    keywords in descriptions and teaching notes ("encrypted", "plaintext",
//                "multicast" and "broadcast" also match what the notes say of the port)
// Several words must all match; "udp" or "tcp" alone as a word restricts the transport.
// Ranking: exact number or name matches first, curated ports before plain registry rows, then
// ports below 1024, then by port. The haystacks are lower-cased once, so a query over the whole
// registry stays far below a millisecond or two (tools/ports/bench-search).
#pragma once

#include "core/ports/port_knowledge.h"

#include <string>
#include <string_view>
#include <vector>

namespace portlens {

struct PortMatch {
    const PortService *service = nullptr;
    int score = 0;
    bool exact = false; // the port number, or the whole name or title, is what was typed
};

class PortSearch {
public:
    // knowledge must outlive the search.
    explicit PortSearch(const PortKnowledge &knowledge);

    // Best first; at most limit results (0: all of them).
    [[nodiscard]] std::vector<PortMatch> find(std::string_view query, std::size_t limit = 0) const;
    // How many entries the search covers.
    [[nodiscard]] std::size_t size() const { return m_entries.size(); }

private:
    struct Entry {
        const PortService *service;
        std::string names;       // service and title, lower case
        std::string description; // lower case
        std::string notes;       // the note's texts, lower case
        std::string tags;        // "encrypted", "plaintext", "multicast", "broadcast" as they apply
    };
    std::vector<Entry> m_entries;
};

} // namespace portlens
