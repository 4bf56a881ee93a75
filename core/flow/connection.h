// Connection: everything PortLens knows about one bidirectional TCP or UDP conversation.
#pragma once

#include "core/decode/ip_address.h"
#include "core/detect/detection.h"
#include "core/flow/direction.h"
#include "core/util/transport.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace portlens {

struct Endpoint {
    IpAddress address;
    std::uint16_t port = 0;
    bool operator==(const Endpoint &) const = default;
};

// Who started the conversation, in the glossary analysts use.
enum class Roles : std::uint8_t {
    ClientServer, // seen from the start (TCP SYN, or the first UDP datagram)
    Guessed,      // TCP seen mid-stream: the server is guessed from the ports
    Peers,        // UDP between two endpoints on the same port (mDNS 5353<->5353, NTP 123<->123)
};

// Why a connection left the flow table.
enum class EndReason : std::uint8_t {
    EndOfCapture, // still open when the capture ended
    Idle,         // no packet for the idle timeout
    Evicted,      // pushed out by the flow cap (memory bound)
    Reused,       // a new TCP connection started on the same addresses and ports
};

struct DirectionCounters {
    std::uint64_t packets = 0;
    std::uint64_t wireBytes = 0;    // frame bytes on the wire (what Wireshark's statistics count)
    std::uint64_t ipBytes = 0;      // IP header + payload (Zeek's *_ip_bytes)
    std::uint64_t payloadBytes = 0; // new transport payload (Zeek's orig_bytes/resp_bytes)
};

// The kept beginning of a conversation: per direction, the first bytes in stream order, plus the
// order in which pieces arrived (for a client/server transcript and for UDP datagram borders).
struct KeptPayload {
    struct Chunk {
        Direction direction;
        std::uint32_t offset; // into bytes[direction]
        std::uint32_t length;
    };
    std::vector<std::byte> bytes[2];
    std::vector<Chunk> chunks;

    [[nodiscard]] const std::vector<std::byte> &of(Direction d) const { return bytes[static_cast<int>(d)]; }
};

struct Connection {
    std::uint64_t id = 0;          // 1, 2, 3... in order of first packet
    std::uint8_t transport = 0;    // IP protocol number: 6 TCP, 17 UDP
    Endpoint client;
    Endpoint server;
    Roles roles = Roles::ClientServer;
    std::int64_t firstNs = 0;
    std::int64_t lastNs = 0;
    DirectionCounters toServer;
    DirectionCounters toClient;
    std::uint64_t missedBytes = 0; // TCP bytes never seen (gaps in sequence space)
    std::string history;           // Zeek's history letters: upper case client, lower case server
    EndReason endReason = EndReason::EndOfCapture;
    KeptPayload payload;

    // Filled by the detection engine (core/detect) as payload arrives.
    Detection detection;             // detection.protocol is empty when nothing matched
    std::uint64_t relatedId = 0;     // FTP data: the id of the control connection that announced it
    // A detector that threw on this connection's bytes (a parser bug): "HTTP: <what>". It is
    // asked no more for this connection; the others, and the rest of the run, go on.
    std::string detectorFailure;
    // The flow observer's entry for this connection in a side table of its own (the detection
    // engine's bookkeeping while the connection is open); 0: none.
    std::uint32_t observerSlot = 0;

    // TCP state, kept for conn_state and history.
    struct TcpState {
        bool synSeen[2] = {false, false};    // SYN without ACK, per direction
        bool synAckSeen[2] = {false, false};
        bool finSeen[2] = {false, false};
        bool rstSeen[2] = {false, false};
        bool sequenceKnown[2] = {false, false};
        std::uint32_t nextSeq[2] = {0, 0};
        std::uint32_t initialSeq[2] = {0, 0};
    } tcp;

    [[nodiscard]] bool isTcp() const { return transport == transport::Tcp; }
    [[nodiscard]] bool isUdp() const { return transport == transport::Udp; }
    [[nodiscard]] DirectionCounters &counters(Direction d) { return d == Direction::ToServer ? toServer : toClient; }
    [[nodiscard]] const DirectionCounters &counters(Direction d) const
    {
        return d == Direction::ToServer ? toServer : toClient;
    }
    [[nodiscard]] std::uint64_t totalPackets() const { return toServer.packets + toClient.packets; }
    [[nodiscard]] std::uint64_t totalWireBytes() const { return toServer.wireBytes + toClient.wireBytes; }
    // Zeek's conn_state (S0, S1, SF, REJ, RSTO, OTH, ...).
    [[nodiscard]] const char *connState() const;
    // Zeek-style identifier: 'C' and 17 base-62 characters, stable for the same connection.
    [[nodiscard]] std::string uid() const;
};

const char *rolesName(Roles roles);
const char *endReasonName(EndReason reason);
const char *transportName(std::uint8_t transport);

} // namespace portlens
