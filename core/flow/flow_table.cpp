#include "core/flow/flow_table.h"

#include "core/flow/flow_index.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <limits>
#include <vector>

namespace portlens {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kSweepIntervalNs = 1'000'000'000;
constexpr std::size_t kMaxPendingSegments = 8;

// Idle timeouts differ by state: one expiry queue per state, each with a single timeout.
enum List : std::uint8_t { UdpList, TcpOpenList, TcpClosedList, ListCount };

// An entry in an expiry queue: "look at this slot again once scheduledNs is old". Entries are
// checked lazily (as Zeek reschedules its inactivity timers): a flow that was active since is
// queued again, and an entry whose connection has already left is dropped. This keeps the
// per-packet path free of list updates, which cost cache misses on unrelated flows.
struct ExpiryEntry {
    std::uint32_t slot;
    std::uint64_t connectionId;
    std::int64_t scheduledNs; // the flow's last packet time when queued
};

struct PendingSegment {
    std::uint32_t seq;
    std::uint32_t length;
    std::vector<std::byte> bytes; // the captured part that may still be kept
};

// What every packet reads (the key to confirm a lookup, state flags) comes first, next to the
// start of the connection, so a packet touches fewer cache lines of its slot.
struct Slot {
    FlowKey key;
    List list = UdpList;
    bool clientIsLow = true;
    bool used = false;
    std::uint32_t historyMask[2] = {0, 0};
    Connection connection;
    std::vector<PendingSegment> pending[2];
};

int side(Direction d) { return static_cast<int>(d); }

// A flow's key is the same both ways: its low end is the lower address (then port).
bool isSourceLow(const PacketView &p)
{
    const auto order = p.source <=> p.destination;
    return order < 0 || (order == 0 && p.sourcePort <= p.destinationPort);
}

FlowKey keyOf(const PacketView &p, bool sourceIsLow)
{
    FlowKey key;
    key.protocol = p.ipProtocol;
    key.lowAddress = sourceIsLow ? p.source : p.destination;
    key.highAddress = sourceIsLow ? p.destination : p.source;
    key.lowPort = sourceIsLow ? p.sourcePort : p.destinationPort;
    key.highPort = sourceIsLow ? p.destinationPort : p.sourcePort;
    return key;
}

// Sequence-number arithmetic modulo 2^32.
std::int64_t seqDistance(std::uint32_t from, std::uint32_t to)
{
    return static_cast<std::int32_t>(to - from);
}

} // namespace

struct FlowTable::Impl {
    FlowTable &table;
    Sink sink;
    FlowIndex flowIndex;
    std::vector<Slot> slots;
    std::vector<std::uint32_t> freeSlots;
    std::deque<ExpiryEntry> queues[ListCount];
    std::int64_t now = std::numeric_limits<std::int64_t>::min();
    std::int64_t nextSweep = std::numeric_limits<std::int64_t>::min();
    std::uint64_t nextId = 1;

    Impl(FlowTable &t, Sink s, std::size_t expectedFlows) : table(t), sink(std::move(s)), flowIndex(expectedFlows) {}

    const FlowTableConfig &config() const { return table.m_config; }
    FlowTableStats &stats() { return table.m_stats; }

    std::int64_t timeoutOf(List list) const
    {
        switch (list) {
        case UdpList: return config().udpIdleNs;
        case TcpOpenList: return config().tcpIdleNs;
        default: return config().tcpClosedIdleNs;
        }
    }

    void schedule(std::uint32_t s, List list)
    {
        Slot &slot = slots[s];
        slot.list = list;
        queues[list].push_back({s, slot.connection.id, slot.connection.lastNs});
    }

    // The front entry of queue l if it still stands for a live connection in that state.
    bool live(const ExpiryEntry &e, List l) const
    {
        const Slot &slot = slots[e.slot];
        return slot.used && slot.connection.id == e.connectionId && slot.list == l;
    }

    // Drops stale entries at the front; requeues a front flow that has been active since it was
    // queued. Returns the front slot when it is live and idle since scheduledNs, else kNone.
    std::uint32_t settledFront(List l)
    {
        auto &queue = queues[l];
        while (!queue.empty()) {
            const ExpiryEntry e = queue.front();
            if (!live(e, l)) { queue.pop_front(); continue; }
            const std::int64_t last = slots[e.slot].connection.lastNs;
            if (last > e.scheduledNs) {
                queue.pop_front();
                queue.push_back({e.slot, e.connectionId, last});
                if (queue.front().slot == e.slot && queue.front().scheduledNs == last) return e.slot;
                continue;
            }
            return e.slot;
        }
        return kNone;
    }

    // Rebuilds the queues from the live flows when stale entries pile up (many short flows ending
    // by reuse): keeps their memory proportional to the flow cap.
    void compactQueuesIfNeeded()
    {
        std::size_t total = 0;
        for (const auto &queue : queues) total += queue.size();
        if (total <= 4 * std::max<std::size_t>(stats().active, 1024)) return;
        for (int l = 0; l < ListCount; ++l) {
            std::deque<ExpiryEntry> kept;
            for (const ExpiryEntry &e : queues[l])
                if (live(e, static_cast<List>(l))) kept.push_back(e);
            queues[l].swap(kept);
        }
    }

    void end(std::uint32_t s, EndReason reason)
    {
        Slot &slot = slots[s];
        flushPending(slot, Direction::ToServer);
        flushPending(slot, Direction::ToClient);
        if (table.m_observer) table.m_observer->connectionEnding(slot.connection);
        flowIndex.erase(hashFlowKey(slot.key), s);
        slot.used = false;
        slot.connection.endReason = reason;
        switch (reason) {
        case EndReason::Idle: ++stats().endedIdle; break;
        case EndReason::Evicted: ++stats().evicted; break;
        case EndReason::Reused: ++stats().reused; break;
        case EndReason::EndOfCapture: break;
        }
        --stats().active;
        Connection finished = std::move(slot.connection);
        slot.connection = Connection{};
        slot.pending[0].clear();
        slot.pending[1].clear();
        freeSlots.push_back(s);
        sink(std::move(finished));
    }

    // Has a connection last active at last been idle for more than timeout (> 0) by now? As
    // now - last > timeout, computed without overflow for any two times a caller may give.
    [[nodiscard]] bool idleLongerThan(std::int64_t last, std::int64_t timeout) const
    {
        return now > last && static_cast<std::uint64_t>(now) - static_cast<std::uint64_t>(last) > static_cast<std::uint64_t>(timeout);
    }

    void sweep()
    {
        for (int l = 0; l < ListCount; ++l) {
            const List list = static_cast<List>(l);
            const std::int64_t timeout = timeoutOf(list);
            if (timeout <= 0) continue;
            for (std::uint32_t front = settledFront(list);
                 front != kNone && idleLongerThan(slots[front].connection.lastNs, timeout); front = settledFront(list)) {
                queues[l].pop_front();
                end(front, EndReason::Idle);
            }
        }
        compactQueuesIfNeeded();
    }

    // Ends the least recently active connection (approximately: queue order is first-seen order,
    // corrected for activity as entries reach the front).
    void evictOldest()
    {
        int oldestList = -1;
        std::uint32_t oldest = kNone;
        for (int l = 0; l < ListCount; ++l) {
            const std::uint32_t front = settledFront(static_cast<List>(l));
            if (front != kNone && (oldest == kNone || slots[front].connection.lastNs < slots[oldest].connection.lastNs)) {
                oldest = front;
                oldestList = l;
            }
        }
        if (oldest == kNone) return;
        queues[oldestList].pop_front();
        end(oldest, EndReason::Evicted);
    }

    std::uint32_t allocate()
    {
        if (!freeSlots.empty()) {
            const std::uint32_t s = freeSlots.back();
            freeSlots.pop_back();
            return s;
        }
        slots.emplace_back();
        return static_cast<std::uint32_t>(slots.size() - 1);
    }

    std::uint32_t create(const FlowKey &key, std::uint64_t hash, bool sourceIsLow, const PacketView &p)
    {
        if (config().maxFlows > 0 && stats().active >= config().maxFlows) evictOldest();
        const std::uint32_t s = allocate();
        Slot &slot = slots[s];
        slot.key = key;
        slot.used = true;
        slot.historyMask[0] = slot.historyMask[1] = 0;
        Connection &c = slot.connection;
        c.id = nextId++;
        if ((c.id & 0xffff) == 0) compactQueuesIfNeeded(); // also when no timeouts sweep
        c.transport = p.ipProtocol;
        c.firstNs = c.lastNs = p.timestampNs;

        const Endpoint source{p.source, p.sourcePort};
        const Endpoint destination{p.destination, p.destinationPort};
        bool sourceIsClient = true;
        if (p.isTcp()) {
            const bool syn = p.tcpFlags & TcpFlag::Syn, ack = p.tcpFlags & TcpFlag::Ack;
            if (syn && !ack) {
                sourceIsClient = true;
            } else if (syn && ack) {
                sourceIsClient = false; // we missed the SYN; the SYN-ACK comes from the server
            } else {
                // Mid-stream: the side on a service port is the server; failing that, the lower port.
                c.roles = Roles::Guessed;
                const bool sourceService = looksLikeServicePort(p.sourcePort, p.ipProtocol);
                const bool destinationService = looksLikeServicePort(p.destinationPort, p.ipProtocol);
                sourceIsClient = sourceService != destinationService ? destinationService
                                                                     : p.sourcePort >= p.destinationPort;
            }
            ++stats().tcpConnections;
        } else {
            if (p.sourcePort == p.destinationPort) {
                c.roles = Roles::Peers;
            } else if (looksLikeServicePort(p.sourcePort, p.ipProtocol) &&
                       !looksLikeServicePort(p.destinationPort, p.ipProtocol)) {
                // The first datagram comes from a service port to an ephemeral one: an answer whose
                // question was not captured, or one sent back separately (SSDP replies to M-SEARCH).
                c.roles = Roles::Guessed;
                sourceIsClient = false;
            }
            ++stats().udpConnections;
        }
        c.client = sourceIsClient ? source : destination;
        c.server = sourceIsClient ? destination : source;
        slot.clientIsLow = sourceIsClient == sourceIsLow;
        if (!sourceIsClient) c.history = "^";

        flowIndex.insert(hash, s);
        schedule(s, p.isTcp() ? TcpOpenList : UdpList);
        if (table.m_observer) table.m_observer->connectionStarted(c);
        ++stats().connections;
        stats().peakActive = std::max(stats().peakActive, ++stats().active);
        return s;
    }

    // Small enough to inline: nearly every call finds its letter already recorded.
    static void addHistory(Slot &slot, Direction d, char letter)
    {
        const std::uint32_t bit = 1u << (letter - 'A');
        if (!(slot.historyMask[side(d)] & bit)) recordHistory(slot, d, letter, bit);
    }

    static void recordHistory(Slot &slot, Direction d, char letter, std::uint32_t bit)
    {
        slot.historyMask[side(d)] |= bit;
        slot.connection.history += d == Direction::ToServer ? letter : static_cast<char>(letter - 'A' + 'a');
    }

    void keep(Connection &c, Direction d, Bytes bytes)
    {
        auto &kept = c.payload.bytes[side(d)];
        const std::size_t room = config().payloadBytesPerDirection - std::min(config().payloadBytesPerDirection, kept.size());
        const std::size_t take = std::min(room, bytes.size());
        if (take == 0) return;
        auto &chunks = c.payload.chunks;
        if (!chunks.empty() && chunks.back().direction == d && c.isTcp()) {
            chunks.back().length += static_cast<std::uint32_t>(take); // one chunk per turn of the conversation
        } else {
            if (chunks.size() >= config().maxPayloadChunks) return;
            // Most conversations take a few turns: start with room for several instead of
            // growing 1, 2, 4, 8 (an allocation and a copy each time).
            if (chunks.capacity() == 0) chunks.reserve(std::min<std::size_t>(config().maxPayloadChunks, 8));
            chunks.push_back(KeptPayload::Chunk{d, static_cast<std::uint32_t>(kept.size()), static_cast<std::uint32_t>(take)});
        }
        if (kept.capacity() == 0) kept.reserve(std::min<std::size_t>(config().payloadBytesPerDirection, 1024));
        kept.insert(kept.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(take));
        if (table.m_observer) table.m_observer->payloadKept(c, d);
    }

    bool wantsBytes(const Connection &c, Direction d) const
    {
        return c.payload.bytes[side(d)].size() < config().payloadBytesPerDirection;
    }

    // In-order data for direction d: seq is where bytes (length bytes, captured part given) start.
    void acceptInOrder(Slot &slot, Direction d, std::uint32_t seq, std::uint32_t length, Bytes captured)
    {
        Connection &c = slot.connection;
        auto &next = c.tcp.nextSeq[side(d)];
        const std::int64_t overlap = seqDistance(seq, next); // bytes already seen at the front
        if (overlap >= static_cast<std::int64_t>(length)) {
            addHistory(slot, d, 'T'); // a retransmission: nothing new
            return;
        }
        const auto skip = static_cast<std::uint32_t>(std::max<std::int64_t>(0, overlap));
        const std::uint32_t fresh = length - skip;
        c.counters(d).payloadBytes += fresh;
        if (skip > 0) addHistory(slot, d, 'T');
        if (skip < captured.size() && wantsBytes(c, d)) keep(c, d, captured.subspan(skip));
        next = seq + length;
    }

    void drainPending(Slot &slot, Direction d)
    {
        auto &pending = slot.pending[side(d)];
        auto &next = slot.connection.tcp.nextSeq[side(d)];
        bool progressed = true;
        while (progressed && !pending.empty()) {
            progressed = false;
            for (std::size_t i = 0; i < pending.size(); ++i) {
                if (seqDistance(next, pending[i].seq) <= 0) {
                    PendingSegment segment = std::move(pending[i]);
                    pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
                    acceptInOrder(slot, d, segment.seq, segment.length, segment.bytes);
                    progressed = true;
                    break;
                }
            }
        }
    }

    // Gives up waiting for missing bytes: jumps to the earliest held segment and counts the gap.
    void flushPending(Slot &slot, Direction d)
    {
        auto &pending = slot.pending[side(d)];
        while (!pending.empty()) {
            auto earliest = std::min_element(pending.begin(), pending.end(), [&](const auto &a, const auto &b) {
                return seqDistance(slot.connection.tcp.nextSeq[side(d)], a.seq) <
                       seqDistance(slot.connection.tcp.nextSeq[side(d)], b.seq);
            });
            auto &next = slot.connection.tcp.nextSeq[side(d)];
            const std::int64_t gap = seqDistance(next, earliest->seq);
            if (gap > 0) {
                slot.connection.missedBytes += static_cast<std::uint64_t>(gap);
                next = earliest->seq;
            }
            drainPending(slot, d);
        }
    }

    void tcpData(Slot &slot, Direction d, const PacketView &p)
    {
        Connection &c = slot.connection;
        const int i = side(d);
        if (!c.tcp.sequenceKnown[i]) { // joined mid-stream
            c.tcp.sequenceKnown[i] = true;
            c.tcp.nextSeq[i] = p.tcpSeq;
        }
        const std::int64_t ahead = seqDistance(c.tcp.nextSeq[i], p.tcpSeq);
        if (ahead <= 0) {
            acceptInOrder(slot, d, p.tcpSeq, p.payloadLength, p.payload);
            drainPending(slot, d);
            return;
        }
        // Out of order or after a loss: hold it briefly, hoping the missing bytes arrive.
        auto &pending = slot.pending[i];
        PendingSegment segment{p.tcpSeq, p.payloadLength, {}};
        if (wantsBytes(c, d)) segment.bytes.assign(p.payload.begin(), p.payload.end());
        pending.push_back(std::move(segment));
        if (pending.size() > kMaxPendingSegments) flushPending(slot, d);
    }

    void updateTcp(Slot &slot, Direction d, const PacketView &p)
    {
        Connection &c = slot.connection;
        const int i = side(d);
        const std::uint8_t flags = p.tcpFlags;
        const bool syn = flags & TcpFlag::Syn, ack = flags & TcpFlag::Ack;
        const bool fin = flags & TcpFlag::Fin, rst = flags & TcpFlag::Rst;
        if (syn) {
            if (ack) { c.tcp.synAckSeen[i] = true; addHistory(slot, d, 'H'); }
            else { c.tcp.synSeen[i] = true; addHistory(slot, d, 'S'); }
            if (fin || rst) addHistory(slot, d, 'I');
            c.tcp.initialSeq[i] = p.tcpSeq;
            c.tcp.nextSeq[i] = p.tcpSeq + 1;
            c.tcp.sequenceKnown[i] = true;
        }
        if (p.payloadLength > 0) {
            addHistory(slot, d, 'D');
            tcpData(slot, d, p);
        } else if (ack && !syn && !fin && !rst) {
            addHistory(slot, d, 'A');
        }
        if (fin) {
            if (!c.tcp.finSeen[i] && c.tcp.sequenceKnown[i] && p.payloadLength == 0 &&
                seqDistance(c.tcp.nextSeq[i], p.tcpSeq) == 0)
                c.tcp.nextSeq[i] = p.tcpSeq + 1; // FIN takes one sequence number
            c.tcp.finSeen[i] = true;
            addHistory(slot, d, 'F');
        }
        if (rst) { c.tcp.rstSeen[i] = true; addHistory(slot, d, 'R'); }
        if (p.tcpWindow == 0 && !rst && !syn) addHistory(slot, d, 'W');
    }

    static bool closed(const Connection &c)
    {
        return (c.tcp.finSeen[0] && c.tcp.finSeen[1]) || c.tcp.rstSeen[0] || c.tcp.rstSeen[1];
    }

    // Ports below 1024, and ports the configuration knows a service for, are where servers listen.
    [[nodiscard]] bool looksLikeServicePort(std::uint16_t port, std::uint8_t transport) const
    {
        return port < 1024 || (config().servicePort && config().servicePort(port, transport));
    }

    void add(const PacketView &p, const FlowHash &hashed)
    {
        if (p.kind != PacketKind::Transport) return;
        now = std::max(now, p.timestampNs);
        if (now >= nextSweep) {
            sweep();
            nextSweep = now > std::numeric_limits<std::int64_t>::max() - kSweepIntervalNs ? std::numeric_limits<std::int64_t>::max()
                                                                                         : now + kSweepIntervalNs;
        }

        const bool sourceIsLow = hashed.known ? hashed.sourceIsLow : isSourceLow(p);
        const FlowKey key = keyOf(p, sourceIsLow);
        const std::uint64_t hash = hashed.known ? hashed.value : hashFlowKey(key);
        std::uint32_t s = flowIndex.find(hash, [&](std::uint32_t candidate) { return slots[candidate].key == key; });
        if (s == FlowIndex::kNone) {
            s = create(key, hash, sourceIsLow, p);
        } else {
            const Slot &slot = slots[s];
            const Connection &c = slot.connection;
            // TCP port reuse, as Wireshark and Zeek see it. Once either side has sent a FIN or a RST,
            // a SYN opens a new connection, even with the same initial sequence number: a client
            // that retries after a RST keeps its ISN. A SYN-ACK there is a new connection whose SYN
            // was missed, unless it repeats that side's SYN-ACK. On an open connection, only a SYN
            // with another ISN than that side's SYN is new (a retransmission keeps it).
            if (p.isTcp() && (p.tcpFlags & TcpFlag::Syn)) {
                const int i = side((sourceIsLow == slot.clientIsLow) ? Direction::ToServer : Direction::ToClient);
                const bool ack = p.tcpFlags & TcpFlag::Ack;
                const bool closing = c.tcp.finSeen[0] || c.tcp.finSeen[1] || c.tcp.rstSeen[0] || c.tcp.rstSeen[1];
                const bool reused = closing ? !(ack && c.tcp.synAckSeen[i] && c.tcp.initialSeq[i] == p.tcpSeq)
                                            : !ack && c.tcp.synSeen[i] && c.tcp.initialSeq[i] != p.tcpSeq;
                if (reused) {
                    end(s, EndReason::Reused);
                    s = create(key, hash, sourceIsLow, p);
                }
            }
        }

        Slot &slot = slots[s];
        Connection &c = slot.connection;
        const Direction d = (sourceIsLow == slot.clientIsLow) ? Direction::ToServer : Direction::ToClient;
        DirectionCounters &counters = c.counters(d);
        ++counters.packets;
        counters.wireBytes += p.wireLength;
        counters.ipBytes += p.ipLength;
        c.lastNs = std::max(c.lastNs, p.timestampNs);
        c.firstNs = std::min(c.firstNs, p.timestampNs);

        if (p.isTcp()) {
            updateTcp(slot, d, p);
            if (slot.list == TcpOpenList && closed(c)) schedule(s, TcpClosedList);
        } else {
            if (p.payloadLength > 0) {
                addHistory(slot, d, 'D');
                counters.payloadBytes += p.payloadLength;
                if (wantsBytes(c, d)) keep(c, d, p.payload);
            }
        }
    }

    void finish()
    {
        if (table.m_observer) table.m_observer->endingAll();
        std::vector<std::uint32_t> open;
        open.reserve(stats().active);
        for (std::uint32_t s = 0; s < slots.size(); ++s)
            if (slots[s].used) open.push_back(s);
        std::sort(open.begin(), open.end(),
                  [this](std::uint32_t a, std::uint32_t b) { return slots[a].connection.id < slots[b].connection.id; });
        for (std::uint32_t s : open) end(s, EndReason::EndOfCapture);
    }
};

FlowTable::FlowTable(FlowTableConfig config, Sink sink, FlowObserver *observer)
    : m_config(std::move(config))
    , m_observer(observer)
    , m_impl(std::make_unique<Impl>(*this, std::move(sink),
                                    std::min<std::size_t>(m_config.maxFlows > 0 ? m_config.maxFlows : 4096, 4096)))
{
}

FlowTable::~FlowTable() = default;

void FlowTable::add(const PacketView &packet, const FlowHash &hash) { m_impl->add(packet, hash); }

FlowHash FlowTable::hashAhead(const PacketView &packet)
{
    FlowHash hash;
    if (packet.kind != PacketKind::Transport) return hash;
    hash.known = true;
    hash.sourceIsLow = isSourceLow(packet);
    hash.value = hashFlowKey(keyOf(packet, hash.sourceIsLow));
    return hash;
}

void FlowTable::prefetch(const FlowHash &hash) const
{
    if (!hash.known) return;
    // The first entry with the hash's tag: a key that only shares the tag is prefetched in vain,
    // which costs nothing but the fetch (add() confirms the key).
    const std::uint32_t s = m_impl->flowIndex.find(hash.value, [](std::uint32_t) { return true; });
    if (s == FlowIndex::kNone) return;
    // The parts of a slot that every packet reads or writes: key and flags, counters and times,
    // history, the kept payload's vectors, the detection, the TCP state.
    const Slot &slot = m_impl->slots[s];
    const Connection &c = slot.connection;
    __builtin_prefetch(&slot);
    __builtin_prefetch(&c.toServer);
    __builtin_prefetch(&c.history);
    __builtin_prefetch(&c.payload);
    __builtin_prefetch(&c.detection);
    __builtin_prefetch(&c.tcp);
}

void FlowTable::finish() { m_impl->finish(); }

void FlowTable::forEachActive(const std::function<void(const Connection &)> &visit) const
{
    for (const Slot &slot : m_impl->slots)
        if (slot.used) visit(slot.connection);
}

} // namespace portlens
