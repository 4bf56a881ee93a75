// IMAP (RFC 9051, RFC 3501): the server greets with an untagged "* OK [CAPABILITY IMAP4rev1 ...]",
// the client sends tagged commands ("a001 LOGIN ...", "a002 SELECT INBOX") and the server
// finishes each with the same tag ("a001 OK ..."). Nothing else on the net tags its commands so.
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

namespace portlens {

namespace {

// Metadata keys (read by notes() below).
constexpr const char *kLoginKey = "imap.login";

using text::among;
using text::upper;
using text::containsNoCase;

constexpr std::size_t kMaxLines = 400;

constexpr std::array<std::string_view, 44> kImapCommands{
    "CAPABILITY", "NOOP",        "LOGOUT",    "STARTTLS",  "AUTHENTICATE", "LOGIN",       "SELECT",
    "EXAMINE",    "CREATE",      "DELETE",    "RENAME",    "SUBSCRIBE",    "UNSUBSCRIBE", "LIST",
    "LSUB",       "NAMESPACE",   "STATUS",    "APPEND",    "CHECK",        "CLOSE",       "EXPUNGE",
    "SEARCH",     "FETCH",       "STORE",     "COPY",      "MOVE",         "UID",         "IDLE",
    "ID",         "ENABLE",      "UNSELECT",  "COMPRESS",  "GETQUOTAROOT", "GETQUOTA",    "SETQUOTA",
    "GETACL",     "SETACL",      "MYRIGHTS",  "LISTRIGHTS", "GETMETADATA", "SETMETADATA", "XLIST",
    "SORT",       "THREAD"};

// A tag: 1-32 atom characters other than '+' (RFC 9051 "tag"); '*' marks untagged lines.
bool isTag(std::string_view tag)
{
    if (tag.empty() || tag.size() > 32) return false;
    for (char ch : tag) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c > 0x7e) return false;
        if (std::string_view("(){%*\"\\]+").find(ch) != std::string_view::npos) return false;
    }
    return true;
}

struct Tagged {
    std::string_view tag;
    std::string command; // upper-cased
    std::string_view arguments;
};

// "a001 LOGIN bob secret" -> {a001, LOGIN, "bob secret"}; the command must be a known one,
// followed by a space or the end of a complete line.
std::optional<Tagged> taggedCommand(const text::Line &line)
{
    const std::string_view t = line.text;
    const std::size_t space = t.find(' ');
    if (space == std::string_view::npos || !isTag(t.substr(0, space))) return std::nullopt;
    const std::string_view rest = t.substr(space + 1);
    std::size_t n = 0;
    while (n < rest.size() && n < 13 && std::isalpha(static_cast<unsigned char>(rest[n]))) ++n;
    if (n < 2 || n > 12) return std::nullopt;
    if (n == rest.size() ? !line.complete : rest[n] != ' ') return std::nullopt;
    std::string command = upper(rest.substr(0, n));
    if (!among(kImapCommands, command)) return std::nullopt;
    return Tagged{t.substr(0, space), std::move(command), n < rest.size() ? text::trim(rest.substr(n + 1)) : std::string_view()};
}

// The first argument of LOGIN: an atom or a "quoted string" (a literal {n} is not read).
std::string loginUser(std::string_view args)
{
    if (args.empty()) return {};
    if (args.front() == '"') {
        std::string user;
        for (std::size_t i = 1; i < args.size(); ++i) {
            if (args[i] == '"') return text::printable(user, 64);
            if (args[i] == '\\' && i + 1 < args.size()) ++i;
            user += args[i];
        }
        return {};
    }
    if (args.front() == '{') return {};
    return text::printable(args.substr(0, args.find(' ')), 64);
}

// "tag WORD...": shaped like a tagged command, even if the command is an extension we do not list.
bool looksTagged(std::string_view line)
{
    const std::size_t space = line.find(' ');
    return space != std::string_view::npos && space + 1 < line.size() && isTag(line.substr(0, space)) &&
           std::isalpha(static_cast<unsigned char>(line[space + 1]));
}

struct ClientView {
    bool firstRejects = false; // the first line is not a tagged IMAP command
    std::optional<text::Line> evidence;
    std::string evidenceCommand;
    std::vector<std::string_view> tags;
    bool starttls = false;
    bool plaintextLogin = false;
    std::string user, auth;
};

ClientView readClient(Bytes bytes)
{
    ClientView v;
    text::forEachLine(bytes, [&](const text::Line &line) {
        if (!text::isPrintable(line.text)) return false; // TLS after STARTTLS
        const auto command = taggedCommand(line);
        if (!command) {
            if (line.offset == 0) v.firstRejects = (line.complete || line.text.size() >= 16) && !looksTagged(line.text);
            return line.offset != 0; // literals, SASL responses, DONE after IDLE
        }
        if (v.tags.size() < 32) v.tags.push_back(command->tag);
        if (!v.evidence || (v.evidenceCommand == "LOGIN" && command->command != "LOGIN")) {
            v.evidence = line;
            v.evidenceCommand = command->command;
        }
        if (command->command == "STARTTLS") v.starttls = true;
        if (!line.complete) return true;
        if (command->command == "LOGIN") {
            if (!v.starttls) v.plaintextLogin = true;
            if (v.user.empty()) v.user = loginUser(command->arguments);
        } else if (command->command == "AUTHENTICATE" && v.auth.empty() && !command->arguments.empty()) {
            v.auth = text::printable(upper(command->arguments.substr(0, command->arguments.find(' '))), 20);
        }
        return true;
    }, kMaxLines);
    return v;
}

// "a001 LOGIN ...": a tag of atom characters (RFC 3501 9: no controls, spaces, "(){%*\"\\" or
// "+"), one space, then a letter.
bool startsLikeTaggedCommand(std::string_view c)
{
    const std::size_t space = c.find(' ');
    if (space == 0 || space > 33 || space + 1 >= c.size()) return false;
    for (const char ch : c.substr(0, space)) {
        const auto u = static_cast<unsigned char>(ch);
        if (u <= 0x20 || u >= 0x7f || std::string_view("(){%*\"\\+").find(ch) != std::string_view::npos) return false;
    }
    const auto next = static_cast<unsigned char>(c[space + 1]);
    return (next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z');
}

bool firstLineIsTaggedCommand(Bytes bytes)
{
    bool tagged = false;
    text::forEachLine(bytes, [&](const text::Line &line) {
        tagged = text::isPrintable(line.text) && taggedCommand(line).has_value();
        return false;
    }, 1);
    return tagged;
}

constexpr ProtocolIdentity kImapIdentity{
    .name = "IMAP", .displayName = "Internet Message Access Protocol", .tcp = true, .udp = false, .tieRank = 300};

class ImapDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kImapIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (context.meta(kLoginKey) == "plaintext")
            context.note("plaintext-mail-login", Severity::Warning,
                         QT_TRANSLATE_NOOP("Verdict", "%1 login without STARTTLS: the password travels in clear text"),
                         {std::string(kImapIdentity.name)});
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Bytes serverBytes = input.serverData();
        const Bytes clientBytes = input.clientData();
        const std::string_view s = asText(serverBytes);
        const std::string_view c = asText(clientBytes);
        // Reject fast: an untagged "* " line from the server, or a tag, a space and a command word
        // from the client ("GET /" has a tag-like word but no command after it).
        if (!(s.size() >= 4 && s.substr(0, 2) == "* ") && !startsLikeTaggedCommand(c)) return std::nullopt;
        // A client whose first line is not a tagged IMAP command gives nothing (readClient stops
        // there), so without an untagged server line nothing can match: decide on that one line
        // before reading every line the server sent (Gnutella's "GNUTELLA CONNECT/0.6" looks
        // tagged, and its peer answers with a page of headers).
        if (s.substr(0, 2) != "* " && !firstLineIsTaggedCommand(clientBytes)) return std::nullopt;

        const ClientView client = readClient(clientBytes);
        if (client.firstRejects) return std::nullopt;

        // Server: the greeting, and whether it answered one of the client's tags.
        std::optional<text::Line> first;
        bool greeting = false;
        bool answered = false;
        text::forEachLine(serverBytes, [&](const text::Line &line) {
            if (!text::isPrintable(line.text)) return false;
            if (line.offset == 0) {
                first = line;
                greeting = line.text.substr(0, 5) == "* OK " || line.text.substr(0, 10) == "* PREAUTH ";
            }
            const std::size_t space = line.text.find(' ');
            if (space != std::string_view::npos && space > 0 && line.text.front() != '*' && line.text.front() != '+') {
                const std::string_view tag = line.text.substr(0, space);
                const std::string_view status = line.text.substr(space + 1, 3);
                if ((status == "OK " || status == "NO " || status == "BAD") &&
                    std::find(client.tags.begin(), client.tags.end(), tag) != client.tags.end())
                    answered = true;
            }
            return !answered;
        }, kMaxLines);
        const bool untagged = first && first->text.substr(0, 2) == "* ";
        if (!s.empty() && !untagged && !answered) return std::nullopt;

        const std::string_view greetingText = greeting ? first->text : std::string_view();
        const bool imapWording = containsNoCase(greetingText, "IMAP");

        Detection d;
        d.protocol = "IMAP";
        if (client.evidence && (greeting || answered)) d.confidence = Confidence::High;
        else if ((greeting && imapWording) || (s.empty() && client.evidence)) d.confidence = Confidence::Medium;
        else if (greeting) d.confidence = Confidence::Low;
        else return std::nullopt;

        const std::string clientLine = client.evidence ? shown(client.evidenceCommand, client.evidence->text) : std::string();
        if (greeting) {
            std::string sentence = "IMAP greeting '" + text::printable(first->text) + "' at the start of the server's data";
            if (d.confidence == Confidence::High) sentence += ", answered by the client's tagged command '" + clientLine + "'";
            d.evidence = {Direction::ToClient, 0, static_cast<std::uint32_t>(first->text.size()), sentence};
        } else {
            const text::Line &line = *client.evidence;
            d.evidence = {Direction::ToServer, static_cast<std::uint32_t>(line.offset),
                          static_cast<std::uint32_t>(line.text.size()),
                          "IMAP tagged command '" + clientLine + "' in the client's data" +
                              (answered ? ", and the server answered with the same tag" : "")};
        }

        if (greeting && first->text.size() > 5) {
            const std::string_view banner = text::trim(first->text.substr(first->text.find(' ', 2) + 1));
            if (!banner.empty()) d.add("imap.banner", text::printable(banner));
        }
        if (client.starttls) d.add("imap.starttls", "used");
        if (client.plaintextLogin) d.add(kLoginKey, "plaintext");
        if (!client.user.empty()) d.add("imap.user", client.user);
        if (!client.auth.empty()) d.add("imap.auth", client.auth);
        return d;
    }

private:
    // A client line as it may be shown: never a password.
    static std::string shown(std::string_view command, std::string_view line)
    {
        if (command == "LOGIN") return text::printable(line.substr(0, line.find(' ')), 32) + " LOGIN (credentials hidden)";
        if (command == "AUTHENTICATE") {
            const std::size_t space = line.find(' ');
            const std::size_t second = space == std::string_view::npos ? space : line.find(' ', space + 1);
            const std::size_t third = second == std::string_view::npos ? second : line.find(' ', second + 1);
            return text::printable(line.substr(0, third), 60);
        }
        return text::printable(line, 80);
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(ImapDetector)

} // namespace portlens
