// DetectionEngine: runs the detectors while connections are open (a FlowObserver), and links
// announced channels (FTP data connections) to the control connection that announced them.
//
// Detection is retried as kept payload grows (a TLS ClientHello may span segments), a bounded
// number of times per connection, and stops at the first high-confidence answer: the cost per
// connection stays flat, as in nDPI. Equally confident candidates are decided by the port.
#pragma once

#include "core/detect/registry.h"
#include "core/flow/flow_table.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <span>
#include <unordered_map>
#include <unordered_set>

namespace portlens {

class PortKnowledge;

class DetectionEngine final : public FlowObserver {
public:
    explicit DetectionEngine(const DetectorRegistry &registry = DetectorRegistry::builtin(),
                             const PortKnowledge *ports = nullptr);

    void connectionStarted(Connection &connection) override;
    void payloadKept(Connection &connection, Direction direction) override;
    void connectionEnding(Connection &connection) override; // concludes (unless told later)
    void endingAll() override;

    // The last look at an ended connection (what arrived since detection stopped, a weak guess
    // beaten, a refresh): once per connection. It reads only the connection and tables fixed at
    // construction, so it may run on another thread while this engine goes on with others.
    void conclude(Connection &connection) const;
    // With later = true, connectionEnding() leaves concluding to whoever takes the ended
    // connections (portlens-cli's output thread, which has time to spare while this thread is
    // the busy one), except for the connections still open at the end of the capture: those are
    // concluded here again, because the output thread then has all the rows to write.
    void setConcludeLater(bool later) { m_concludeLater = later; }

    // Runs the detectors once over what the connection has kept (tests and Zeek-log imports).
    void detectNow(Connection &connection) const;

    static constexpr std::uint8_t kMaxRuns = 12;

private:
    // What the engine remembers of an open connection, in a side table of its own (the
    // connection's observerSlot names the entry), so that Connection carries no detection
    // bookkeeping; freed when the connection ends.
    struct State {
        std::uint8_t runs = 0;                       // how often detectors looked; bounded
        std::uint32_t detectedAtBytes[2] = {0, 0};   // kept bytes per direction when they last looked
        std::uint32_t followedUpAtBytes[2] = {0, 0}; // kept bytes per direction seen by follow-ups
        RuledOut ruledOut;                           // detectors that need not look again
    };
    State &stateOf(Connection &connection);
    void detectNow(Connection &connection, State *state) const;
    void lastLook(Connection &connection) const;
    void refresh(Connection &connection, const Detector &detector, const std::function<bool()> &wanted) const;

    struct Expected {
        std::uint64_t controlId;
        const Detector *announcer; // describes the channel when it arrives
        std::string announcement;
    };
    void followUp(Connection &connection, Direction direction, State &state);
    void registerAnnouncements(const Connection &control);
    [[nodiscard]] Detection choose(std::vector<Detection> candidates, const Connection &connection) const;
    [[nodiscard]] std::span<const std::size_t> portDetectors(const Connection &connection) const;

    const DetectorRegistry &m_registry;
    const PortKnowledge *m_ports;
    bool m_concludeLater = false;
    // Per TCP/UDP port with usual protocols: the registry's detectors for them, which candidates()
    // asks first. Filled once from m_ports, so a connection costs one hash lookup.
    std::unordered_map<std::uint32_t, std::vector<std::size_t>> m_portDetectors;
    // Channels announced (FTP data) and not yet seen, keyed by "address|port"; bounded FIFO.
    std::unordered_map<std::string, Expected> m_expected;
    std::deque<std::string> m_expectedOrder;
    std::unordered_set<std::string> m_announced; // "address|port#control id" already registered
    std::vector<State> m_states;              // entry observerSlot - 1 of each open connection
    std::vector<std::uint32_t> m_freeStates;  // observerSlot values free for reuse
};

} // namespace portlens
