// FlowTable: packets in, connections out.
//
// Keyed by the bidirectional 5-tuple. Knows who is client and server, counts packets and bytes
// per direction, keeps Zeek-style history, and keeps the first bytes of each direction (TCP
// reassembled in order, retransmissions ignored). Memory is bounded: idle flows time out on the
// capture's own clock, and a flow cap pushes out the least recently active flow. Every connection
// leaves through the sink exactly once, with the reason it left; nothing is dropped silently.
#pragma once

#include "core/decode/packet_view.h"
#include "core/flow/connection.h"

#include <cstdint>
#include <functional>
#include <memory>

namespace portlens {

struct FlowTableConfig {
    std::size_t payloadBytesPerDirection = 4096;
    std::size_t maxPayloadChunks = 256;     // client/server pieces remembered per connection
    std::size_t maxFlows = 200'000;         // active connections held at once
    std::int64_t tcpIdleNs = 300'000'000'000;      // 5 min, like Zeek's tcp_inactivity_timeout; 0 = never
    std::int64_t tcpClosedIdleNs = 10'000'000'000; // after FIN from both sides or a RST
    std::int64_t udpIdleNs = 60'000'000'000;       // 1 min, like Zeek's udp_inactivity_timeout
    // Is a service known on this port (above 1023)? Ports below 1024 and those it accepts are
    // where servers listen, which decides client and server when the packets do not (a TCP flow
    // seen mid-way, a UDP answer first). Empty: only ports below 1024. AnalysisPipeline fills it
    // in from its PortKnowledge.
    std::function<bool(std::uint16_t port, std::uint8_t transport)> servicePort;

    // No timeouts: what Wireshark's conversation statistics do (used to compare with tshark).
    static FlowTableConfig withoutTimeouts()
    {
        FlowTableConfig c;
        c.tcpIdleNs = c.tcpClosedIdleNs = c.udpIdleNs = 0;
        return c;
    }
};

struct FlowTableStats {
    std::uint64_t connections = 0;
    std::uint64_t tcpConnections = 0;
    std::uint64_t udpConnections = 0;
    std::uint64_t endedIdle = 0;
    std::uint64_t evicted = 0;          // pushed out by the flow cap
    std::uint64_t reused = 0;           // TCP port reuse started a new connection
    std::size_t active = 0;
    std::size_t peakActive = 0;
};

// What FlowTable::add() works out first for a packet, worked out ahead by another thread when
// there is one to spare (FlowTable::hashAhead): the hash of the packet's flow key, and whether
// the packet's source is the key's low end.
struct FlowHash {
    std::uint64_t value = 0;
    bool sourceIsLow = false;
    bool known = false; // false: add() works it out itself (and prefetch() does nothing)
};

// Told about connections while they are open, e.g. to detect protocols as payload arrives.
class FlowObserver {
public:
    virtual ~FlowObserver() = default;
    virtual void connectionStarted(Connection &) {}
    // New bytes were kept for direction d (in stream order).
    virtual void payloadKept(Connection &, Direction) {}
    // The connection is about to leave the table (through the sink).
    virtual void connectionEnding(Connection &) {}
    // finish() is about to end every connection still open (the end of the capture).
    virtual void endingAll() {}
};

class FlowTable {
public:
    using Sink = std::function<void(Connection &&)>;

    FlowTable(FlowTableConfig config, Sink sink, FlowObserver *observer = nullptr);
    ~FlowTable();
    FlowTable(const FlowTable &) = delete;
    FlowTable &operator=(const FlowTable &) = delete;

    // Takes a decoded packet; only PacketKind::Transport packets are used. hash, when known,
    // must be hashAhead(packet).
    void add(const PacketView &packet, const FlowHash &hash = {});
    // A packet's FlowHash (unknown for packets add() does not use). Needs no table: any thread
    // may call it.
    [[nodiscard]] static FlowHash hashAhead(const PacketView &packet);
    // Asks the CPU to fetch the state of the connection with this hash, for a packet that add()
    // will take a few packets later, so that the fetch overlaps the work on the packets before it.
    void prefetch(const FlowHash &hash) const;
    // Ends every connection still open (EndReason::EndOfCapture), in order of first packet.
    void finish();

    [[nodiscard]] const FlowTableStats &stats() const { return m_stats; }
    [[nodiscard]] const FlowTableConfig &config() const { return m_config; }

    // Calls visit for each connection still open (for live views); order is unspecified.
    void forEachActive(const std::function<void(const Connection &)> &visit) const;

private:
    struct Impl;
    FlowTableConfig m_config;
    FlowTableStats m_stats;
    FlowObserver *m_observer;
    std::unique_ptr<Impl> m_impl;
};

} // namespace portlens
