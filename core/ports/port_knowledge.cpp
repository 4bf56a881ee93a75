#include "core/ports/port_knowledge.h"

#include "core/ports/port_data_parsers.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <utility>

namespace portlens {

extern const char kBuiltinPortsJson[];    // generated from resources/ports/ports.json
extern const char kBuiltinRegistryTsv[];  // generated from resources/ports/iana-services.tsv

std::string_view transportText(std::uint8_t transport)
{
    switch (transport) {
    case 6: return "tcp";
    case 17: return "udp";
    case 33: return "dccp";
    case 132: return "sctp";
    default: return "";
    }
}

std::uint8_t transportFromText(std::string_view text)
{
    std::string lower(text);
    for (char &c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "tcp") return 6;
    if (lower == "udp") return 17;
    if (lower == "dccp") return 33;
    if (lower == "sctp") return 132;
    return 0;
}

std::string portKey(std::uint16_t port, std::uint8_t transport)
{
    return std::to_string(port) + "/" + std::string(transportText(transport));
}

namespace {

// Rearranges items so that items[i] becomes the old items[order[i]], moving each item once along
// the permutation's cycles. order is used up.
void placeInOrder(std::vector<PortService> &items, std::vector<std::uint32_t> &order)
{
    constexpr std::uint32_t done = std::numeric_limits<std::uint32_t>::max();
    for (std::uint32_t start = 0; start < order.size(); ++start) {
        if (order[start] == done || order[start] == start) continue;
        PortService held = std::move(items[start]);
        std::uint32_t to = start;
        for (;;) {
            const std::uint32_t from = order[to];
            order[to] = done;
            if (from == start) {
                items[to] = std::move(held);
                break;
            }
            items[to] = std::move(items[from]);
            to = from;
        }
    }
}

} // namespace

std::optional<PortKnowledge> PortKnowledge::fromJson(std::string_view curatedJson, std::string &error)
{
    return fromData(curatedJson, {}, error);
}

std::optional<PortKnowledge> PortKnowledge::fromData(std::string_view curatedJson, std::string_view registryTsv,
                                                     std::string &error)
{
    std::vector<PortService> curated;
    if (!ports_detail::parseCuratedJson(curatedJson, curated, error)) return std::nullopt;
    std::size_t skipped = 0;
    PortKnowledge knowledge;
    knowledge.m_services = ports_detail::parseRegistryTsv(registryTsv, skipped);
    if (skipped > 0) {
        error = std::to_string(skipped) + " registry rows could not be read";
        return std::nullopt;
    }

    // A curated entry replaces the registry row it describes (same port, transport and name) and
    // keeps the registry's description when it has none of its own. Indexing the few curated
    // entries, not the eleven thousand rows, keeps start-up short.
    std::unordered_map<std::uint32_t, std::vector<std::size_t>> curatedAt;
    for (std::size_t i = 0; i < curated.size(); ++i) curatedAt[key(curated[i].port, curated[i].transport)].push_back(i);
    std::vector<bool> merged(curated.size(), false);
    for (PortService &row : knowledge.m_services) {
        const auto found = curatedAt.find(key(row.port, row.transport));
        if (found == curatedAt.end()) continue;
        for (const std::size_t i : found->second) {
            if (merged[i] || curated[i].service != row.service) continue;
            if (curated[i].description.empty()) curated[i].description = std::move(row.description);
            row = std::move(curated[i]);
            merged[i] = true;
            break;
        }
    }
    for (std::size_t i = 0; i < curated.size(); ++i)
        if (!merged[i]) knowledge.m_services.push_back(std::move(curated[i]));
    // Sort indices, then put each entry in its place by following the permutation's cycles:
    // sorting the entries themselves moved their strings around a dozen times, and a sorted copy
    // touched a second registry's worth of fresh memory; both were most of the start-up cost.
    std::vector<std::uint32_t> order(knowledge.m_services.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    auto &all = knowledge.m_services;
    std::stable_sort(order.begin(), order.end(), [&all](std::uint32_t i, std::uint32_t j) {
        const PortService &a = all[i];
        const PortService &b = all[j];
        if (a.port != b.port) return a.port < b.port;
        if (a.transport != b.transport) return a.transport < b.transport;
        return a.curated() && !b.curated();
    });
    placeInOrder(all, order);
    knowledge.index();
    return knowledge;
}

void PortKnowledge::index()
{
    m_recognised.clear();
    m_keys.clear();
    m_keys.reserve(m_services.size());
    m_usualPorts.clear();
    m_destinations.clear();
    for (std::size_t i = 0; i < m_services.size(); ++i) {
        const PortService &s = m_services[i];
        m_keys.push_back(key(s.port, s.transport));
        if (s.recognised()) m_recognised.emplace(m_keys.back(), i);
        for (const std::string &protocol : s.protocols) m_usualPorts[usualKey(protocol, s.transport)].push_back(s.port);
        if (!s.curated()) continue;
        for (const std::string &destination : s.note->destinations) {
            const auto address = IpAddress::parse(destination); // "subnet broadcast (...)" is no address
            if (!address) continue;
            for (const std::string &protocol : s.protocols) m_destinations[protocol].push_back(*address);
        }
    }
    for (auto &[name, ports] : m_usualPorts) {
        std::sort(ports.begin(), ports.end());
        ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
    }
}

std::string PortKnowledge::usualKey(std::string_view protocol, std::uint8_t transport)
{
    std::string k(protocol);
    k += '/';
    k += std::to_string(transport);
    return k;
}

std::optional<std::size_t> PortKnowledge::applyTranslation(std::string_view translationJson, std::string &error)
{
    const long count = ports_detail::applyNotesTranslation(translationJson, m_services, error);
    if (count < 0) return std::nullopt;
    return static_cast<std::size_t>(count);
}

const PortKnowledge &PortKnowledge::builtin()
{
    static const PortKnowledge knowledge = [] {
        std::string error;
        auto parsed = fromData(kBuiltinPortsJson, kBuiltinRegistryTsv, error);
        return parsed ? std::move(*parsed) : PortKnowledge{}; // tests/ports checks that it parses
    }();
    return knowledge;
}

const PortService *PortKnowledge::lookup(std::uint16_t port, std::uint8_t transport) const
{
    const auto found = m_recognised.find(key(port, transport));
    return found == m_recognised.end() ? nullptr : &m_services[found->second];
}

const PortService *PortKnowledge::registered(std::uint16_t port, std::uint8_t transport) const
{
    // The first entry for the port: curated ones sort first.
    const std::uint32_t wanted = key(port, transport);
    const auto found = std::lower_bound(m_keys.begin(), m_keys.end(), wanted);
    return found == m_keys.end() || *found != wanted ? nullptr : &m_services[static_cast<std::size_t>(found - m_keys.begin())];
}

bool PortKnowledge::isNormalFor(std::string_view protocol, std::uint16_t port, std::uint8_t transport) const
{
    const PortService *s = lookup(port, transport);
    return s && std::find(s->protocols.begin(), s->protocols.end(), protocol) != s->protocols.end();
}

bool PortKnowledge::isUsualDestination(std::string_view protocol, const IpAddress &address) const
{
    const auto found = m_destinations.find(std::string(protocol));
    return found != m_destinations.end() && std::find(found->second.begin(), found->second.end(), address) != found->second.end();
}

std::vector<std::uint16_t> PortKnowledge::usualPorts(std::string_view protocol, std::uint8_t transport) const
{
    const auto found = m_usualPorts.find(usualKey(protocol, transport));
    return found == m_usualPorts.end() ? std::vector<std::uint16_t>{} : found->second;
}

std::size_t PortKnowledge::curatedCount() const
{
    return static_cast<std::size_t>(std::count_if(m_services.begin(), m_services.end(), [](const PortService &s) { return s.curated(); }));
}

} // namespace portlens
