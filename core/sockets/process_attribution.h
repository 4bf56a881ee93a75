// ProcessAttribution: a FlowObserver that asks ProcessLookup for each connection's owning program
// when the connection first appears (a program may exit before the connection ends), and passes
// every event on to the next observer (the detection engine).
#pragma once

#include "core/flow/flow_table.h"
#include "core/sockets/process_lookup.h"

#include <optional>
#include <unordered_map>

namespace portlens {

class ProcessAttribution final : public FlowObserver {
public:
    ProcessAttribution(ProcessLookup &lookup, FlowObserver *next = nullptr);

    void connectionStarted(Connection &connection) override;
    void payloadKept(Connection &connection, Direction direction) override;
    void connectionEnding(Connection &connection) override;

    // The owner found when the connection started; nullptr for connections it never saw.
    [[nodiscard]] const ConnectionOwner *ownerOf(std::uint64_t connectionId) const;
    // Hands the owner over and forgets it (call from the flow table's sink: memory stays bounded).
    std::optional<ConnectionOwner> take(std::uint64_t connectionId);

private:
    ProcessLookup &m_lookup;
    FlowObserver *m_next;
    std::unordered_map<std::uint64_t, ConnectionOwner> m_owners;
};

} // namespace portlens
