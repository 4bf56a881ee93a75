// BitTorrent (BEP 3, 5, 14, 29):
// - TCP peer wire: the handshake "\x13BitTorrent protocol", 8 reserved bytes, the 20-byte info
//   hash of the torrent and the 20-byte peer ID (68 bytes), sent by both peers.
// - UDP DHT (BEP 5): bencoded dictionaries; queries start "d1:ad2:id20:", responses "d1:rd2:id20:".
// - UDP Local Service Discovery (BEP 14): "BT-SEARCH * HTTP/1.1" with an Infohash header.
// - uTP (BEP 29, UDP): an ST_SYN answered by an ST_STATE with the same connection ID that
//   acknowledges the SYN's sequence number; or, in a capture that starts after the SYN, a run
//   of datagrams from one side whose 20-byte headers hold together (same connection ID, rising
//   timestamps, sequence and acknowledgement numbers that advance by little).
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <cstdio>
#include <string>

namespace portlens {

namespace {

constexpr std::string_view kHandshake = "\x13" "BitTorrent protocol";
constexpr std::size_t kHandshakeLength = 68;

std::string hexOf(Bytes bytes)
{
    std::string out;
    for (std::byte b : bytes) {
        char pair[3];
        std::snprintf(pair, sizeof pair, "%02x", std::to_integer<unsigned>(b));
        out += pair;
    }
    return out;
}

struct Found {
    Confidence confidence = Confidence::Low;
    Evidence evidence;
    std::vector<std::pair<std::string, std::string>> metadata;
};

std::string side(Direction d, bool udp)
{
    return std::string(d == Direction::ToServer ? "client's" : "server's") + (udp ? " first datagram" : " data");
}

std::optional<Found> peerHandshake(Bytes data, Direction d)
{
    const std::string_view s = asText(data);
    if (s.size() < kHandshake.size() || s.substr(0, kHandshake.size()) != kHandshake) return std::nullopt;
    Found f;
    ByteReader r(data);
    r.skip(kHandshake.size() + 8);
    const auto infoHash = r.read(20);
    const auto peerId = r.read(20);
    if (infoHash && peerId) {
        f.confidence = Confidence::High;
        f.metadata.emplace_back("bittorrent.info_hash", hexOf(*infoHash));
        // Most clients start their peer ID with "-XXnnnn-" (client and version, BEP 20).
        const std::string_view id = asText(*peerId);
        if (id.size() >= 8 && id[0] == '-' && id[7] == '-' && text::isPrintable(id.substr(0, 8)))
            f.metadata.emplace_back("bittorrent.peer_client", std::string(id.substr(1, 6)));
        f.evidence = {d, 0, static_cast<std::uint32_t>(kHandshakeLength),
                      "BitTorrent handshake ('\\x13BitTorrent protocol', info hash and peer ID) at the start of the " + side(d, false)};
    } else {
        f.confidence = Confidence::Medium; // the 20-byte protocol string, the rest cut
        f.evidence = {d, 0, static_cast<std::uint32_t>(kHandshake.size()),
                      "BitTorrent handshake string '\\x13BitTorrent protocol' at the start of the " + side(d, false)};
    }
    return f;
}

std::optional<Found> dht(Bytes datagram, Direction d)
{
    const std::string_view s = asText(datagram);
    const bool query = s.substr(0, 12) == "d1:ad2:id20:";
    if (!query && s.substr(0, 12) != "d1:rd2:id20:") return std::nullopt;
    if (s.size() < 32) return std::nullopt; // the 20-byte node ID must be there
    Found f;
    const bool ended = s.back() == 'e';
    const bool typed = s.find(query ? "1:y1:q" : "1:y1:r") != std::string_view::npos;
    f.confidence = ended && typed ? Confidence::High : Confidence::Medium;
    std::string what = query ? "query" : "response";
    if (query) {
        const std::size_t q = s.find("1:q");
        if (q != std::string_view::npos) {
            // "1:q" then "<n>:<method>"
            const std::size_t colon = s.find(':', q + 3);
            if (colon != std::string_view::npos && colon - (q + 3) <= 2) {
                const std::string_view lengthText = s.substr(q + 3, colon - q - 3);
                std::size_t n = 0;
                bool digits = !lengthText.empty();
                for (char c : lengthText) {
                    if (c < '0' || c > '9') digits = false;
                    else n = n * 10 + static_cast<std::size_t>(c - '0');
                }
                const std::string_view method = digits ? s.substr(colon + 1, n) : std::string_view();
                if (digits && method.size() == n && n > 0 && text::isPrintable(method)) {
                    f.metadata.emplace_back("bittorrent.dht_query", std::string(method));
                    what += " '" + std::string(method) + "'";
                }
            }
        }
    }
    f.evidence = {d, 0, static_cast<std::uint32_t>(datagram.size()),
                  "BitTorrent DHT " + what + " (bencoded dictionary starting '" + std::string(s.substr(0, 12)) +
                      "') filling the " + side(d, true)};
    return f;
}

std::optional<Found> localDiscovery(Bytes datagram, Direction d)
{
    if (asText(datagram).substr(0, 22) != "BT-SEARCH * HTTP/1.1\r\n") return std::nullopt;
    Found f;
    f.confidence = Confidence::High;
    f.evidence = {d, 0, 20, "BitTorrent Local Service Discovery announcement 'BT-SEARCH * HTTP/1.1' in the " + side(d, true)};
    text::forEachLine(datagram, [&](const text::Line &line) {
        std::string_view value;
        if (text::headerValue(line.text, "Infohash", value) && value.size() == 40 && text::isPrintable(value)) {
            std::string lower;
            for (char c : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            f.metadata.emplace_back("bittorrent.info_hash", lower);
            return false;
        }
        return true;
    });
    return f;
}

// uTP: header type/version, extension, connection ID, timestamps, window, seq_nr, ack_nr (20 bytes).
struct Utp {
    std::uint8_t type = 0;
    std::uint16_t connection = 0;
    std::uint32_t timestamp = 0;
    std::uint16_t seq = 0;
    std::uint16_t ack = 0;
    std::size_t payload = 0; // bytes after the header and its extensions
};

constexpr std::uint8_t kStData = 0;
constexpr std::uint8_t kStSyn = 4;
constexpr std::size_t kMinUtpRun = 3;     // datagrams from one side, without the SYN
constexpr std::size_t kMaxUtpRun = 8;
constexpr unsigned kMaxSeqStep = 8;       // a side's seq_nr grows by one per data packet
constexpr unsigned kMaxAckStep = 64;      // ack_nr follows the other side's data

const char *utpTypeName(std::uint8_t type)
{
    static constexpr const char *kNames[] = {"ST_DATA", "ST_FIN", "ST_STATE", "ST_RESET", "ST_SYN"};
    return type <= kStSyn ? kNames[type] : "?";
}

std::optional<Utp> utpHeader(Bytes datagram)
{
    ByteReader r(datagram);
    const auto header = r.readFixed<20>();
    if (!header) return std::nullopt;
    const std::uint8_t typeVersion = fieldU8<0>(*header);
    if ((typeVersion & 0x0f) != 1 || (typeVersion >> 4) > 4 || fieldU8<1>(*header) > 4) return std::nullopt;
    return Utp{static_cast<std::uint8_t>(typeVersion >> 4), fieldU16BigEndian<2>(*header), fieldU32BigEndian<4>(*header),
               fieldU16BigEndian<16>(*header), fieldU16BigEndian<18>(*header), 0};
}

// A whole uTP packet: the header, then its extension chain (each link: the type of the next
// extension, a length, that many bytes; at most four) ending inside the datagram, then the
// payload, which only ST_DATA carries.
std::optional<Utp> utpPacket(Bytes datagram)
{
    auto packet = utpHeader(datagram);
    if (!packet) return std::nullopt;
    ByteReader r(datagram);
    r.skip(1);
    auto extension = r.readU8();
    r.skip(18);
    for (int i = 0; extension && *extension != 0; ++i) {
        if (*extension > 4 || i == 4) return std::nullopt;
        extension = r.readU8();
        const auto length = r.readU8();
        if (!extension || !length || *length == 0 || !r.skip(*length)) return std::nullopt;
    }
    if (!extension) return std::nullopt;
    packet->payload = r.remaining();
    if ((packet->type == kStData) != (packet->payload > 0)) return std::nullopt;
    return packet;
}

unsigned step16(std::uint16_t from, std::uint16_t to) { return static_cast<std::uint16_t>(to - from); }

// The run of uTP packets at the start of direction d (at most kMaxUtpRun), when every one of
// them is a uTP packet of the same connection whose numbers move as a sender's do: timestamps
// never fall back and rise overall, seq_nr and ack_nr advance by little. An ST_SYN may only come
// first.
struct UtpRun {
    std::size_t packets = 0;
    Utp first;
    std::string types; // "ST_DATA, ST_STATE, ..."
};

std::optional<UtpRun> utpRun(const DetectionInput &input, Direction d)
{
    const Bytes all = input.stream(d);
    UtpRun run;
    Utp previous;
    for (const auto &chunk : input.connection.payload.chunks) {
        if (chunk.direction != d) continue;
        if (run.packets == kMaxUtpRun) break;
        if (chunk.offset > all.size() || chunk.length > all.size() - chunk.offset) return std::nullopt;
        const auto packet = utpPacket(all.subspan(chunk.offset, chunk.length));
        if (!packet || (packet->type == kStSyn && run.packets > 0)) return std::nullopt;
        if (run.packets > 0) {
            const std::uint32_t elapsed = packet->timestamp - previous.timestamp;
            if (packet->connection != run.first.connection || elapsed >= 0x80000000u ||
                step16(previous.seq, packet->seq) > kMaxSeqStep || step16(previous.ack, packet->ack) > kMaxAckStep)
                return std::nullopt;
        } else {
            run.first = *packet;
        }
        if (run.packets < 3) run.types += std::string(run.packets ? ", " : "") + utpTypeName(packet->type);
        else if (run.packets == 3) run.types += ", ...";
        previous = *packet;
        ++run.packets;
    }
    if (run.packets < kMinUtpRun || previous.timestamp == run.first.timestamp) return std::nullopt;
    return run;
}

std::string hex16(std::uint16_t v)
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%04x", unsigned{v});
    return buffer;
}

// Without the SYN: a run of uTP packets from one side (Medium), or from both sides with
// connection IDs one apart, as uTP's two directions use (High).
std::optional<Found> utpMidConnection(const DetectionInput &input)
{
    const auto client = utpRun(input, Direction::ToServer);
    const auto server = utpRun(input, Direction::ToClient);
    if (!client && !server) return std::nullopt;
    const Direction d = client ? Direction::ToServer : Direction::ToClient;
    const UtpRun &run = client ? *client : *server;
    const bool both = client && server &&
                      (step16(client->first.connection, server->first.connection) == 1 ||
                       step16(server->first.connection, client->first.connection) == 1);
    Found f;
    f.confidence = both ? Confidence::High : Confidence::Medium;
    f.evidence = {d, 0, 20,
                  "uTP (BitTorrent over UDP) seen after its connection set-up: the " +
                      std::string(d == Direction::ToServer ? "client's" : "server's") + " first " +
                      std::to_string(run.packets) + " datagrams are uTP packets (" + run.types + ") of connection " +
                      hex16(run.first.connection) + " with rising timestamps and sequence numbers" +
                      (both ? ", and the other side answers on connection ID one apart" : "")};
    f.metadata.emplace_back("bittorrent.transport", "uTP");
    return f;
}

std::optional<Found> utp(const DetectionInput &input)
{
    const Bytes synBytes = input.firstDatagram(Direction::ToServer);
    const auto syn = utpHeader(synBytes);
    if (!syn || syn->type != 4 || synBytes.size() > 64) return std::nullopt; // ST_SYN carries no data
    const auto state = utpHeader(input.firstDatagram(Direction::ToClient));
    if (!state || state->type != 2 || state->connection != syn->connection || state->ack != syn->seq) return std::nullopt;
    Found f;
    f.confidence = Confidence::High;
    f.evidence = {Direction::ToServer, 0, 20,
                  "uTP (BitTorrent over UDP) connection request ST_SYN, acknowledged by the server's ST_STATE with the "
                  "same connection ID, in the client's first datagram"};
    f.metadata.emplace_back("bittorrent.transport", "uTP");
    return f;
}

constexpr ProtocolIdentity kBitTorrentIdentity{
    .name = "BitTorrent", .displayName = "BitTorrent peer protocol", .tcp = true, .udp = true, .tieRank = 140};

class BitTorrentDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kBitTorrentIdentity; }

    bool ruledOut(const DetectionInput &input) const override
    {
        // Over UDP, DHT, local discovery and the uTP handshake are read from the first datagram
        // of each side, which never changes; only a run of uTP packets grows, and it must start
        // with a side's first datagram.
        return input.isUdp() && !utpPacket(input.firstDatagram(Direction::ToServer)) &&
               !utpPacket(input.firstDatagram(Direction::ToClient));
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        std::optional<Found> found;
        if (input.isTcp()) {
            found = peerHandshake(input.clientData(), Direction::ToServer);
            if (!found || found->confidence != Confidence::High)
                if (auto server = peerHandshake(input.serverData(), Direction::ToClient);
                    server && (!found || server->confidence == Confidence::High))
                    found = server;
        } else {
            for (Direction d : {Direction::ToServer, Direction::ToClient}) {
                const Bytes datagram = input.firstDatagram(d);
                found = dht(datagram, d);
                if (!found) found = localDiscovery(datagram, d);
                if (found) break;
            }
            if (!found) found = utp(input);
            if (!found) found = utpMidConnection(input);
        }
        if (!found) return std::nullopt;
        Detection d;
        d.protocol = "BitTorrent";
        d.confidence = found->confidence;
        d.evidence = found->evidence;
        d.metadata = found->metadata;
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(BitTorrentDetector)

} // namespace portlens
