#include "core/sockets/process_attribution.h"

namespace portlens {

ProcessAttribution::ProcessAttribution(ProcessLookup &lookup, FlowObserver *next)
    : m_lookup(lookup)
    , m_next(next)
{
}

void ProcessAttribution::connectionStarted(Connection &connection)
{
    m_owners[connection.id] = m_lookup.lookup(connection);
    if (m_next) m_next->connectionStarted(connection);
}

void ProcessAttribution::payloadKept(Connection &connection, Direction direction)
{
    if (m_next) m_next->payloadKept(connection, direction);
}

void ProcessAttribution::connectionEnding(Connection &connection)
{
    if (m_next) m_next->connectionEnding(connection);
}

const ConnectionOwner *ProcessAttribution::ownerOf(std::uint64_t connectionId) const
{
    const auto it = m_owners.find(connectionId);
    return it == m_owners.end() ? nullptr : &it->second;
}

std::optional<ConnectionOwner> ProcessAttribution::take(std::uint64_t connectionId)
{
    const auto it = m_owners.find(connectionId);
    if (it == m_owners.end()) return std::nullopt;
    ConnectionOwner owner = std::move(it->second);
    m_owners.erase(it);
    return owner;
}

} // namespace portlens
