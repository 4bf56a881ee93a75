// TFTP (RFC 1350, options RFC 2347) over UDP. A transfer starts with a read or write request:
// opcode 1 or 2, a NUL-terminated file name, a NUL-terminated mode ("octet", "netascii",
// "mail") and optional name/value option pairs. The server answers from a new port, so the
// transfer itself is another UDP conversation: DATA (3) with block 1 one way, ACK (4) the other,
// or an ERROR (5) or option acknowledgement (6).
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <array>
#include <cctype>
#include <string>

namespace portlens {

namespace {

enum : std::uint16_t { kRrq = 1, kWrq = 2, kData = 3, kAck = 4, kError = 5, kOack = 6 };

// The next NUL-terminated string (without the NUL), or nothing when no NUL is kept.
std::optional<std::string_view> readCString(ByteReader &r)
{
    const std::size_t end = asText(r.rest()).find('\0');
    if (end == std::string_view::npos) return std::nullopt;
    const auto bytes = r.read(end);
    if (!bytes || !r.skip(1)) return std::nullopt;
    return asText(*bytes);
}

bool isMode(std::string_view s)
{
    for (std::string_view mode : {"octet", "netascii", "mail"})
        if (s.size() == mode.size() && text::startsWithNoCase(s, mode)) return true;
    return false;
}

bool isKnownOption(std::string_view s)
{
    for (std::string_view option : {"blksize", "tsize", "timeout", "windowsize", "multicast"})
        if (s.size() == option.size() && text::startsWithNoCase(s, option)) return true;
    return false;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

struct Request {
    std::uint16_t opcode = 0;
    std::string file;
    std::string mode;
    std::string options;   // "blksize=1428,tsize=0"
    bool complete = false; // the datagram ends right after the last string
    std::size_t provenLength = 0;
};

// "name\0value\0" pairs until the end of the datagram; false when malformed (or cut).
bool readOptions(ByteReader &r, std::string &out, bool knownOnly)
{
    for (int pairs = 0; !r.empty(); ++pairs) {
        const auto name = readCString(r);
        const auto value = readCString(r);
        if (pairs >= 16 || !name || !value || name->empty() || !text::isPrintable(*name) ||
            !text::isPrintable(*value) || (knownOnly && !isKnownOption(*name)))
            return false;
        if (!out.empty()) out += ',';
        out += text::printable(*name, 32) + "=" + text::printable(*value, 32);
    }
    return true;
}

std::optional<Request> parseRequest(Bytes data)
{
    ByteReader r(data);
    const auto opcode = r.readU16BigEndian();
    if (opcode != kRrq && opcode != kWrq) return std::nullopt;
    const auto file = readCString(r);
    if (!file || file->empty() || file->size() > 255 || !text::isPrintable(*file)) return std::nullopt;
    const auto mode = readCString(r);
    if (!mode || !isMode(*mode)) return std::nullopt;
    Request q;
    q.opcode = *opcode;
    q.file = text::printable(*file, 255);
    q.mode = lower(*mode);
    q.provenLength = r.consumed();
    q.complete = readOptions(r, q.options, false);
    if (!q.complete) q.options.clear();
    return q;
}

// The first datagram of a transfer conversation.
struct TransferPacket {
    std::uint16_t opcode = 0;
    std::uint16_t block = 0;   // DATA and ACK
    std::string message;       // ERROR
    std::string options;       // OACK
};

std::optional<TransferPacket> parseTransfer(Bytes data)
{
    ByteReader r(data);
    const auto opcode = r.readU16BigEndian();
    const auto second = r.readU16BigEndian();
    if (!opcode || !second) return std::nullopt;
    TransferPacket p;
    p.opcode = *opcode;
    switch (*opcode) {
    case kData: // block 1 starts a transfer; up to 65464 bytes with the blksize option
        if (*second != 1 || r.remaining() > 65464) return std::nullopt;
        p.block = 1;
        return p;
    case kAck: // block 0 answers a write request, block 1 the first data block
        if (*second > 1 || !r.empty()) return std::nullopt;
        p.block = *second;
        return p;
    case kError: {
        const auto message = readCString(r);
        if (*second > 8 || !message || !r.empty() || !text::isPrintable(*message)) return std::nullopt;
        p.message = text::printable(*message);
        return p;
    }
    case kOack: {
        ByteReader options(data);
        options.skip(2);
        if (options.empty() || !readOptions(options, p.options, true)) return std::nullopt;
        return p;
    }
    default: return std::nullopt;
    }
}

const char *opcodeName(std::uint16_t opcode)
{
    static constexpr std::array<const char *, 7> kNames{"", "RRQ", "WRQ", "DATA", "ACK", "ERROR", "OACK"};
    return opcode < kNames.size() ? kNames[opcode] : "";
}

const char *side(Direction d) { return d == Direction::ToServer ? "client's" : "server's"; }

constexpr ProtocolIdentity kTftpIdentity{
    .name = "TFTP", .displayName = "Trivial File Transfer Protocol", .tcp = false, .udp = true, .tieRank = 210};

class TftpDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kTftpIdentity; }
    // Only the first datagram of each side is read, and it never changes.
    bool ruledOut(const DetectionInput & /*input*/) const override { return true; }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Bytes client = input.firstDatagram(Direction::ToServer);
        const Bytes server = input.firstDatagram(Direction::ToClient);
        if (client.size() < 4 && server.size() < 4) return std::nullopt;
        if (auto d = request(client, Direction::ToServer)) return d;
        if (auto d = request(server, Direction::ToClient)) return d;
        return transfer(client, server);
    }

private:
    static std::optional<Detection> request(Bytes data, Direction direction)
    {
        const auto q = parseRequest(data);
        if (!q) return std::nullopt;
        Detection d;
        d.protocol = "TFTP";
        d.confidence = q->complete ? Confidence::High : Confidence::Medium;
        d.evidence = {direction, 0, static_cast<std::uint32_t>(q->provenLength),
                      std::string("TFTP ") + (q->opcode == kRrq ? "read" : "write") + " request for the file '" + q->file +
                          "' in " + q->mode + " mode in the " + side(direction) + " first datagram"};
        d.add("tftp.opcode", opcodeName(q->opcode));
        d.add("tftp.file", q->file);
        d.add("tftp.mode", q->mode);
        if (!q->options.empty()) d.add("tftp.options", q->options);
        return d;
    }

    // A transfer conversation: DATA block 1 answered by ACK 1 (read), ACK 0 answered by DATA 1
    // (write), or a lone ERROR or OACK.
    static std::optional<Detection> transfer(Bytes clientBytes, Bytes serverBytes)
    {
        const auto client = parseTransfer(clientBytes);
        const auto server = parseTransfer(serverBytes);
        if (!client && !server) return std::nullopt;
        const bool fromClient = client.has_value();
        const TransferPacket &main = fromClient ? *client : *server;
        const TransferPacket *other = fromClient && server ? &*server : nullptr;
        const Direction direction = fromClient ? Direction::ToServer : Direction::ToClient;

        Detection d;
        d.protocol = "TFTP";
        d.add("tftp.opcode", opcodeName(main.opcode));
        std::string sentence;
        const auto dataAndAck = [](const TransferPacket &a, const TransferPacket *b) {
            return b && ((a.opcode == kData && b->opcode == kAck && b->block == 1) ||
                         (a.opcode == kAck && a.block == 0 && b->opcode == kData) ||
                         (a.opcode == kOack && b->opcode == kAck && b->block == 0));
        };
        if (dataAndAck(main, other)) {
            d.confidence = Confidence::Medium;
            sentence = std::string("TFTP ") + opcodeName(main.opcode) + " block " + std::to_string(main.block) +
                       " in the " + side(direction) + " first datagram, answered by " + opcodeName(other->opcode) +
                       " block " + std::to_string(other->block);
        } else if (main.opcode == kError) {
            d.confidence = Confidence::Medium;
            sentence = "TFTP ERROR packet '" + main.message + "' in the " + side(direction) + " first datagram";
            d.add("tftp.error", main.message);
        } else if (main.opcode == kOack) {
            d.confidence = Confidence::Medium;
            sentence = "TFTP option acknowledgement (" + main.options + ") in the " + side(direction) + " first datagram";
        } else if (main.opcode == kData) {
            d.confidence = Confidence::Low; // four bytes 00 03 00 01 and nothing to confirm them
            sentence = "TFTP DATA block 1 header (00 03 00 01) in the " + std::string(side(direction)) + " first datagram";
        } else {
            return std::nullopt; // a lone four-byte ACK proves nothing
        }
        if (!main.options.empty()) d.add("tftp.options", main.options);
        d.evidence = {direction, 0, 4, sentence};
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(TftpDetector)

} // namespace portlens
