// Redis serialization protocol, RESP (redis.io, "Redis serialization protocol specification").
// Clients send each command as an array of bulk strings: "*<count>\r\n" then, per element,
// "$<length>\r\n<bytes>\r\n"; the first element is the command name (PING, GET, SET, AUTH...).
// A client may also send an inline command, a plain line such as "PING\r\n". Every reply starts
// with a type byte and ends its first line with CRLF: '+' simple string ("+OK", "+PONG"), '-'
// error ("-NOAUTH Authentication required."), ':' integer, '$' bulk string, '*' array, and the
// RESP3 types ('%' map, '_' null, '#' boolean, ...) after HELLO 3.
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"
#include "core/util/translatable.h"

#include <algorithm>
#include <string>
#include <vector>

namespace portlens {

namespace {

constexpr const char *kCommandKey = "redis.command";
constexpr const char *kCommandsKey = "redis.commands";
constexpr const char *kAuthKey = "redis.auth";
constexpr const char *kReplyKey = "redis.reply";

constexpr std::size_t kMaxCommands = 16;
constexpr std::size_t kMaxElements = 1024;
constexpr std::size_t kMaxBulk = std::size_t{512} * 1024 * 1024; // Redis's own limit for a bulk string

// A line ending in CRLF at the start of r (CRLF consumed, not returned).
std::optional<std::string_view> line(ByteReader &r, std::size_t maxLength)
{
    const std::string_view s = asText(r.rest().first(std::min(r.remaining(), maxLength + 2)));
    const auto end = s.find("\r\n");
    if (end == std::string_view::npos) return std::nullopt;
    r.skip(end + 2);
    return s.substr(0, end);
}

// A decimal number after a type byte ("*3", "$5"), within [0, max].
std::optional<std::size_t> counted(std::string_view s, char type, std::size_t max)
{
    if (s.size() < 2 || s.size() > 11 || s.front() != type) return std::nullopt;
    std::size_t value = 0;
    for (char ch : s.substr(1)) {
        if (!text::isDigit(ch)) return std::nullopt;
        value = value * 10 + static_cast<std::size_t>(ch - '0');
    }
    if (value > max) return std::nullopt;
    return value;
}

bool isCommandName(std::string_view s)
{
    return !s.empty() && s.size() <= 32 &&
           std::all_of(s.begin(), s.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'); });
}

struct Commands {
    std::vector<std::string> names; // upper-case, in order
    std::size_t firstLength = 0;    // bytes of the first command, as kept
    bool firstComplete = false;     // the first array was kept whole, every element checked
    bool inlineCommand = false;
};

// One RESP array command at the start of r; its name, or nothing when the bytes are not one.
// complete: all its elements were kept.
std::optional<std::string> arrayCommand(ByteReader &r, bool &complete)
{
    complete = false;
    const auto header = line(r, 12);
    if (!header) return std::nullopt;
    const auto count = counted(*header, '*', kMaxElements);
    if (!count || *count == 0) return std::nullopt;
    std::string name;
    for (std::size_t i = 0; i < *count; ++i) {
        const auto bulkHeader = line(r, 12);
        if (!bulkHeader) {
            if (i == 0) return std::nullopt;
            return name;
        }
        const auto length = counted(*bulkHeader, '$', kMaxBulk);
        if (!length) return std::nullopt;
        const auto bytes = r.read(*length);
        if (!bytes) {
            if (i > 0) return name;
            // The command name itself cut short: what is there must still look like one.
            const std::string_view part = asText(r.rest());
            if (part.empty() || !isCommandName(part)) return std::nullopt;
            return text::upper(part);
        }
        if (i == 0) {
            if (!isCommandName(asText(*bytes))) return std::nullopt;
            name = text::upper(asText(*bytes));
        }
        const auto crlf = r.peek(2);
        if (!crlf) return name;
        if (asText(*crlf) != "\r\n") return std::nullopt;
        r.skip(2);
    }
    complete = true;
    return name;
}

std::optional<Commands> commands(Bytes data)
{
    ByteReader r(data);
    Commands c;
    const auto first = r.peekU8();
    if (first == '*') {
        while (c.names.size() < kMaxCommands && r.peekU8() == '*') {
            bool complete = false;
            const auto name = arrayCommand(r, complete);
            if (!name) break;
            if (c.names.empty()) {
                c.firstLength = r.consumed();
                c.firstComplete = complete;
            }
            c.names.push_back(*name);
            if (!complete) break;
        }
        if (c.names.empty()) return std::nullopt;
        return c;
    }
    // Inline: "PING\r\n", "AUTH secret\r\n" (checked against the reply by the caller).
    const auto text = line(r, 256);
    if (!text) return std::nullopt;
    const std::string_view word = text->substr(0, text->find(' '));
    if (!isCommandName(word)) return std::nullopt;
    c.names.push_back(text::upper(word));
    c.firstLength = r.consumed();
    c.firstComplete = true;
    c.inlineCommand = true;
    return c;
}

// The server's first reply line, when it has a RESP type byte.
std::optional<std::string_view> reply(Bytes data)
{
    ByteReader r(data);
    const auto first = line(r, 200);
    if (!first || first->empty()) return std::nullopt;
    static constexpr std::string_view kTypes = "+-:$*%_#,(=!~>|";
    if (kTypes.find(first->front()) == std::string_view::npos) return std::nullopt;
    if (!text::isPrintable(*first)) return std::nullopt;
    return first;
}

// An error reply only Redis gives (its authentication and protected-mode refusals).
bool redisOnlyError(std::string_view r)
{
    return r.starts_with("-NOAUTH ") || r.starts_with("-WRONGPASS ") || r.starts_with("-DENIED ") ||
           r.starts_with("-ERR unknown command") || r.starts_with("-NOPERM ");
}

constexpr ProtocolIdentity kRedisIdentity{
    .name = "Redis", .displayName = "Redis", .tcp = true, .udp = false, .tieRank = 370};

class RedisDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kRedisIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (context.meta(kAuthKey) == "sent")
            context.note("redis-auth-cleartext", Severity::Warning,
                         QT_TRANSLATE_NOOP("Verdict", "The Redis client sends AUTH with its password in clear text: anyone "
                                                      "on the path can read it (Redis supports TLS)"));
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const auto client = commands(input.clientData());
        if (!client) return std::nullopt;
        const auto answer = reply(input.serverData());
        const std::string &command = client->names.front();
        Confidence confidence = Confidence::Medium;
        if (client->inlineCommand) {
            // A plain line is every text protocol's first move: only a reply Redis alone gives counts.
            const bool pong = command == "PING" && answer && *answer == "+PONG";
            if (!pong && !(answer && redisOnlyError(*answer))) return std::nullopt;
            confidence = pong ? Confidence::High : Confidence::Medium;
        } else if (client->firstComplete) {
            // "*<n>\r\n" then n bulk strings whose lengths match exactly: unmistakable.
            confidence = Confidence::High;
        }

        Detection d;
        d.protocol = "Redis";
        d.confidence = confidence;
        std::string sentence = client->inlineCommand
                                   ? "Redis inline command " + command + " answered '" + text::printable(*answer, 60) + "'"
                                   : "Redis command " + command + " sent as a RESP array of bulk strings";
        sentence += " at the start of the client's data";
        if (client->names.size() > 1) sentence += ", followed by " + std::to_string(client->names.size() - 1) + " more";
        d.evidence = {Direction::ToServer, 0, static_cast<std::uint32_t>(client->firstLength), sentence};
        d.add(kCommandKey, command);
        std::vector<std::string> distinct;
        for (const std::string &name : client->names)
            if (std::find(distinct.begin(), distinct.end(), name) == distinct.end()) distinct.push_back(name);
        std::string list;
        for (const std::string &name : distinct) list += (list.empty() ? "" : ",") + name;
        if (distinct.size() > 1) d.add(kCommandsKey, list);
        if (std::find(distinct.begin(), distinct.end(), "AUTH") != distinct.end()) d.add(kAuthKey, "sent");
        if (answer) d.add(kReplyKey, text::printable(*answer, 60));
        return d;
    }

    bool ruledOut(const DetectionInput &input) const override
    {
        // Only the client's first byte is cheap to judge: an array starts with '*', an inline
        // command with a letter.
        const auto first = ByteReader(input.clientData()).peekU8();
        return first && *first != '*' && !((*first >= 'A' && *first <= 'Z') || (*first >= 'a' && *first <= 'z'));
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(RedisDetector)

} // namespace portlens
