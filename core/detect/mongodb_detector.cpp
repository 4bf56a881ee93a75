// MongoDB wire protocol (MongoDB manual, "MongoDB Wire Protocol"). Every message starts with a
// 16-byte little-endian header: messageLength (the whole message), requestID, responseTo (0 in a
// request, the request's ID in a reply) and opCode: 2013 OP_MSG (flag bits, then sections: kind
// 0 is one BSON document whose first element names the command, "hello", "find"...), 2004
// OP_QUERY (flags, a NUL-terminated "db.collection", skip and return counts, a query document),
// 1 OP_REPLY (flags, cursor ID, starting position, document count, documents) and 2012
// OP_COMPRESSED. A BSON document starts with its own int32 length and ends with a zero byte.
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <string>

namespace portlens {

namespace {

constexpr const char *kOpCodeKey = "mongodb.opcode";
constexpr const char *kCommandKey = "mongodb.command";
constexpr const char *kCollectionKey = "mongodb.collection";

constexpr std::size_t kHeaderSize = 16;
constexpr std::size_t kMaxMessage = std::size_t{48} * 1000 * 1000; // maxMessageSizeBytes

const char *opName(std::uint32_t op)
{
    switch (op) {
    case 1: return "OP_REPLY";
    case 2004: return "OP_QUERY";
    case 2012: return "OP_COMPRESSED";
    case 2013: return "OP_MSG";
    default: return nullptr;
    }
}

// A NUL-terminated string at the start of r (consumed with its NUL).
std::optional<std::string_view> cString(ByteReader &r, std::size_t maxLength)
{
    const Bytes rest = r.rest().first(std::min(r.remaining(), maxLength + 1));
    const auto nul = std::find(rest.begin(), rest.end(), std::byte{0});
    if (nul == rest.end()) return std::nullopt;
    const std::string_view s = asText(r.read(static_cast<std::size_t>(nul - rest.begin())).value_or(Bytes{}));
    r.skip(1);
    return s;
}

// A BSON document at the start of r that fits in `room` bytes: its length is consistent, it ends
// with a zero byte, and its first element has a known type and a printable name (returned; empty
// for an empty document). Nothing when the bytes contradict BSON or are not all kept.
std::optional<std::string> bsonDocument(ByteReader &r, std::size_t room)
{
    const auto length = r.peek(4);
    if (!length) return std::nullopt;
    ByteReader lr(*length);
    const std::size_t size = lr.readU32LittleEndian().value_or(0); // 4 bytes: peeked above
    if (size < 5 || size > room) return std::nullopt;
    auto doc = r.subReader(size);
    if (!doc) return std::nullopt;
    const Bytes all = doc->rest();
    if (all.back() != std::byte{0}) return std::nullopt;
    doc->skip(4);
    const auto type = doc->readU8();
    if (!type) return std::nullopt;
    if (*type == 0) return size == 5 ? std::optional<std::string>(std::string()) : std::nullopt;
    if (!((*type >= 0x01 && *type <= 0x13) || *type == 0x7f || *type == 0xff)) return std::nullopt;
    const auto name = cString(*doc, 64);
    if (!name || name->empty() || !text::isPrintable(*name)) return std::nullopt;
    return std::string(*name);
}

struct Message {
    std::uint32_t op = 0;
    std::uint32_t responseTo = 0;
    std::uint32_t requestId = 0;
    std::size_t length = 0;
    bool checked = false; // a BSON document was found where the opcode puts one, and it fits
    std::string command;
    std::string collection;
};

std::optional<Message> firstMessage(Bytes data)
{
    ByteReader r(data);
    const auto header = r.readFixed<kHeaderSize>();
    if (!header) return std::nullopt;
    ByteReader h(*header);
    Message m;
    m.length = h.readU32LittleEndian().value_or(0);
    m.requestId = h.readU32LittleEndian().value_or(0);
    m.responseTo = h.readU32LittleEndian().value_or(0);
    m.op = h.readU32LittleEndian().value_or(0);
    if (!opName(m.op) || m.length > kMaxMessage || m.length < kHeaderSize + 5) return std::nullopt;
    auto body = r.subReader(m.length - kHeaderSize);
    if (!body) return std::nullopt; // judged only whole: the header alone is too little to tell
    switch (m.op) {
    case 2013: {
        const auto flags = body->readU32LittleEndian();
        if (!flags || (*flags & 0x0000fffcu) != 0) return std::nullopt; // bits 2-15 must be zero
        std::size_t end = body->remaining();
        if (*flags & 1u) { // checksum at the end
            if (end < 4) return std::nullopt;
            end -= 4;
        }
        ByteReader sections(body->rest().first(end));
        bool sawBody = false;
        while (!sections.empty()) {
            const auto kind = sections.readU8();
            if (kind == 0) {
                const auto name = bsonDocument(sections, sections.remaining());
                if (!name) return std::nullopt;
                if (!sawBody) m.command = *name;
                sawBody = true;
            } else if (kind == 1) {
                const auto sizeBytes = sections.peek(4);
                if (!sizeBytes) return std::nullopt;
                ByteReader sr(*sizeBytes);
                const std::size_t size = sr.readU32LittleEndian().value_or(0);
                if (size < 5 || !sections.skip(size)) return std::nullopt;
            } else {
                return std::nullopt;
            }
        }
        if (!sawBody) return std::nullopt;
        m.checked = true;
        return m;
    }
    case 2004: {
        if (!body->skip(4)) return std::nullopt;
        const auto collection = cString(*body, 256);
        if (!collection || collection->find('.') == std::string_view::npos || !text::isPrintable(*collection) ||
            !body->skip(8))
            return std::nullopt;
        const auto name = bsonDocument(*body, body->remaining());
        if (!name) return std::nullopt;
        m.collection = std::string(*collection);
        m.command = *name;
        m.checked = true;
        return m;
    }
    case 1: {
        if (!body->skip(4 + 8 + 4)) return std::nullopt;
        const auto count = body->readU32LittleEndian();
        if (!count || *count > 1'000'000) return std::nullopt;
        if (*count > 0) {
            const auto name = bsonDocument(*body, body->remaining());
            if (!name) return std::nullopt;
            m.command = *name;
            m.checked = true;
        }
        return m;
    }
    default: { // OP_COMPRESSED: original opcode, uncompressed size, compressor (0-3)
        const auto original = body->readU32LittleEndian();
        if (!original || !opName(*original) || *original == 2012 || !body->skip(4)) return std::nullopt;
        const auto compressor = body->readU8();
        if (!compressor || *compressor > 3) return std::nullopt;
        return m;
    }
    }
}

constexpr ProtocolIdentity kMongoDbIdentity{
    .name = "MongoDB", .displayName = "MongoDB", .tcp = true, .udp = false, .tieRank = 390};

class MongoDbDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kMongoDbIdentity; }

    bool ruledOut(const DetectionInput &input) const override
    {
        // The header's opCode (bytes 12-15) is fixed once kept.
        const auto wrong = [](Bytes data) {
            if (data.empty()) return true;
            ByteReader r(data);
            if (!r.skip(12)) return false;
            const auto op = r.readU32LittleEndian();
            return op && !opName(*op);
        };
        return wrong(input.clientData()) && wrong(input.serverData());
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        auto client = firstMessage(input.clientData());
        auto server = firstMessage(input.serverData());
        if (client && client->op == 1) client.reset(); // clients do not send replies
        if (!client && !server) return std::nullopt;
        const bool fromClient = client.has_value();
        const Message &m = fromClient ? *client : *server;
        // The server's reply names the client's request ID.
        const bool paired = client && server && server->responseTo == client->requestId;

        Detection d;
        d.protocol = "MongoDB";
        // An opcode, a length and a BSON document whose own length and terminator fit: High. A
        // compressed message or an empty reply shows only the header's fields: Medium.
        d.confidence = m.checked || paired ? Confidence::High : Confidence::Medium;
        std::string sentence = std::string("MongoDB ") + opName(m.op) + " message (16-byte header, length " + std::to_string(m.length);
        if (!m.command.empty()) sentence += ", command '" + text::printable(m.command) + "'";
        if (!m.collection.empty()) sentence += " on '" + text::printable(m.collection) + "'";
        sentence += std::string(") at the start of the ") + (fromClient ? "client's" : "server's") + " data";
        if (paired) sentence += ", answered by the server";
        const std::size_t kept = input.stream(fromClient ? Direction::ToServer : Direction::ToClient).size();
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, 0,
                      static_cast<std::uint32_t>(std::min(m.length, kept)), sentence};
        d.add(kOpCodeKey, opName(m.op));
        if (!m.command.empty()) d.add(kCommandKey, text::printable(m.command));
        if (!m.collection.empty()) d.add(kCollectionKey, text::printable(m.collection));
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(MongoDbDetector)

} // namespace portlens
