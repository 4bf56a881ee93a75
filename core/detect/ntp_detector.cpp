// NTP (RFC 5905 and its predecessors) over UDP. The first byte holds leap indicator, version and
// mode. Modes 1-5 (symmetric, client, server, broadcast) use a 48-byte header, optionally
// followed by extension fields and a MAC; mode 6 (ntpq control) and mode 7 (ntpdc private,
// e.g. the "monlist" request used for amplification) have small headers of their own.
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <array>
#include <string>

namespace portlens {

namespace {

constexpr std::size_t kHeaderSize = 48;
constexpr std::size_t kMaxPacket = 2048;

struct Packet {
    unsigned version = 0;
    unsigned mode = 0;
    unsigned stratum = 0;
    std::uint32_t referenceId = 0;
    std::uint64_t origin = 0;
    std::uint64_t transmit = 0;
    bool response = false;       // modes 6 and 7: the R bit
    unsigned request = 0;        // modes 6 and 7: opcode or request code
    unsigned sequence = 0;       // mode 6
    std::size_t provenLength = 0;
};

std::int8_t signedByte(std::uint8_t b) { return static_cast<std::int8_t>(b); }

// Modes 1-5: the 48-byte header with fields in their usual ranges.
std::optional<Packet> parseTimePacket(Bytes data, Packet p)
{
    if (data.size() < kHeaderSize || data.size() > kMaxPacket || (data.size() - kHeaderSize) % 4 != 0)
        return std::nullopt;
    ByteReader r(data);
    const auto h = r.readFixed<kHeaderSize>();
    if (!h) return std::nullopt;
    p.stratum = fieldU8<1>(*h);
    const std::int8_t poll = signedByte(fieldU8<2>(*h));
    const std::int8_t precision = signedByte(fieldU8<3>(*h));
    const std::uint32_t rootDelay = fieldU32BigEndian<4>(*h);
    const std::uint32_t rootDispersion = fieldU32BigEndian<8>(*h);
    p.referenceId = fieldU32BigEndian<12>(*h);
    p.origin = (std::uint64_t{fieldU32BigEndian<24>(*h)} << 32) | fieldU32BigEndian<28>(*h);
    const std::uint32_t receiveSeconds = fieldU32BigEndian<32>(*h);
    p.transmit = (std::uint64_t{fieldU32BigEndian<40>(*h)} << 32) | fieldU32BigEndian<44>(*h);
    const auto transmitSeconds = static_cast<std::uint32_t>(p.transmit >> 32);

    if (p.stratum > 16 || poll < 0 || poll > 17 || precision < -40 || precision > 0) return std::nullopt;
    // Root delay and dispersion are seconds in 16.16 fixed point: a minute is already absurd.
    if (rootDelay > (64u << 16) || rootDispersion > (64u << 16)) return std::nullopt;
    if (p.mode == 2 || p.mode == 4 || p.mode == 5) {
        // A server stamps its answer; receive and transmit lie close together.
        if (p.transmit == 0) return std::nullopt;
        if (receiveSeconds != 0 && (transmitSeconds - receiveSeconds > 60 && receiveSeconds - transmitSeconds > 60))
            return std::nullopt;
    }
    p.provenLength = kHeaderSize;
    return p;
}

// Mode 6: R E M opcode, sequence, status, association, offset, count, then count bytes of data.
std::optional<Packet> parseControl(Bytes data, Packet p)
{
    ByteReader r(data);
    const auto h = r.readFixed<12>();
    if (!h) return std::nullopt;
    const unsigned second = fieldU8<1>(*h);
    p.response = (second & 0x80u) != 0;
    p.request = second & 0x1Fu;
    p.sequence = fieldU16BigEndian<2>(*h);
    const std::size_t count = fieldU16BigEndian<10>(*h);
    if ((fieldU8<0>(*h) & 0xC0u) != 0) return std::nullopt; // leap bits unused
    if (p.request == 0 || (p.request > 12 && p.request != 31)) return std::nullopt;
    if (!p.response && (second & 0x40u) != 0) return std::nullopt; // error bit only in responses
    if (count > 468 || 12 + count > data.size() || data.size() > 12 + count + 3 + 28) return std::nullopt;
    p.provenLength = 12;
    return p;
}

// Mode 7: R M version mode, A sequence, implementation, request code, error and item count, item size.
std::optional<Packet> parsePrivate(Bytes data, Packet p)
{
    ByteReader r(data);
    const auto h = r.readFixed<8>();
    if (!h) return std::nullopt;
    p.response = (fieldU8<0>(*h) & 0x80u) != 0;
    const unsigned implementation = fieldU8<2>(*h);
    p.request = fieldU8<3>(*h);
    const unsigned error = fieldU16BigEndian<4>(*h) >> 12;
    const std::size_t items = fieldU16BigEndian<4>(*h) & 0x0FFFu;
    const unsigned mbz = fieldU16BigEndian<6>(*h) >> 12;
    const std::size_t itemSize = fieldU16BigEndian<6>(*h) & 0x0FFFu;
    // ntpd answers implementations 2 (old xntpd) and 3 (xntpd), the only ones ntpdc sends.
    if (implementation != 2 && implementation != 3) return std::nullopt;
    if (p.request > 45 || mbz != 0 || (error > 4 && error != 7) || itemSize > 500) return std::nullopt;
    if ((items == 0) != (itemSize == 0) || 8 + items * itemSize > data.size()) return std::nullopt;
    p.provenLength = 8;
    return p;
}

std::optional<Packet> parse(Bytes data)
{
    ByteReader r(data);
    const auto first = r.peekU8();
    if (!first) return std::nullopt;
    Packet p;
    p.version = (unsigned{*first} >> 3) & 7u;
    p.mode = unsigned{*first} & 7u;
    if (p.version < 1 || p.version > 4 || p.mode == 0) return std::nullopt;
    if (p.mode == 6) return parseControl(data, p);
    if (p.mode == 7) return parsePrivate(data, p);
    return parseTimePacket(data, p);
}

const char *modeName(unsigned mode)
{
    static constexpr std::array<const char *, 8> kNames{"reserved", "symmetric active", "symmetric passive", "client",
                                                        "server",   "broadcast",        "control",           "private"};
    return kNames[mode & 7u];
}

std::string privateRequestName(unsigned code)
{
    if (code == 42 || code == 20) return "monlist";
    if (code == 0) return "peer list";
    if (code == 4) return "system info";
    return "request " + std::to_string(code);
}

bool pairs(const Packet &a, const Packet &b)
{
    if (a.mode == 3 && b.mode == 4) return b.origin == a.transmit || b.version == a.version;
    if ((a.mode == 1 && (b.mode == 1 || b.mode == 2)) || (a.mode == 2 && b.mode == 1)) return true;
    if (a.mode == 6 && b.mode == 6) return !a.response && b.response && a.sequence == b.sequence && a.request == b.request;
    if (a.mode == 7 && b.mode == 7) return !a.response && b.response && a.request == b.request;
    return false;
}

// The reference ID of a stratum-1 server or a kiss code: four ASCII letters ("GPS", "RATE").
std::string asciiId(std::uint32_t id)
{
    std::string s;
    for (int shift = 24; shift >= 0; shift -= 8) {
        const auto c = static_cast<char>((id >> shift) & 0xFFu);
        if (c == '\0') break;
        if (c < 'A' || c > 'Z') return {};
        s += c;
    }
    return s;
}

constexpr ProtocolIdentity kNtpIdentity{
    .name = "NTP", .displayName = "Network Time Protocol", .tcp = false, .udp = true, .tieRank = 190};

class NtpDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kNtpIdentity; }

    bool ruledOut(const DetectionInput & /*input*/) const override
    {
        // Only the first datagram of each side counts, and a side's first datagram never changes.
        return true;
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const auto client = parse(input.firstDatagram(Direction::ToServer));
        const auto server = parse(input.firstDatagram(Direction::ToClient));
        if (!client && !server) return std::nullopt;

        const bool fromClient = client.has_value();
        const Packet &main = fromClient ? *client : *server;
        const bool paired = client && server && pairs(*client, *server);

        Detection d;
        d.protocol = "NTP";
        d.confidence = paired ? Confidence::High : Confidence::Medium;
        std::string what = "NTP version " + std::to_string(main.version) + " " + modeName(main.mode) + " packet";
        if (main.mode == 7) what += " (" + privateRequestName(main.request) + (main.response ? " response)" : " request)");
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, 0,
                      static_cast<std::uint32_t>(main.provenLength),
                      what + " with its fields in range in the " + (fromClient ? "client's" : "server's") +
                          " first datagram" + (paired ? ", answered by a matching packet from the server" : "")};
        d.add("ntp.version", std::to_string(main.version));
        d.add("ntp.mode", modeName(main.mode));
        if (main.mode == 7) d.add("ntp.request", privateRequestName(main.request));
        // The stratum and reference of whoever answers with the time.
        const Packet *timeSource = server && server->mode >= 1 && server->mode <= 5 ? &*server
                                   : main.mode == 4 || main.mode == 5          ? &main
                                                                                : nullptr;
        if (timeSource) {
            d.add("ntp.stratum", std::to_string(timeSource->stratum));
            const std::string id = asciiId(timeSource->referenceId);
            if (timeSource->stratum == 1 && !id.empty()) d.add("ntp.reference", id);
            if (timeSource->stratum == 0 && !id.empty()) d.add("ntp.kiss_code", id);
        }
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(NtpDetector)

} // namespace portlens
