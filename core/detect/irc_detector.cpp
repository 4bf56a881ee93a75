// IRC (RFC 1459, RFC 2812, IRCv3): the client registers with "NICK alice" and
// "USER alice 0 * :Alice Liddell" (often after "CAP LS 302"); the server sends prefixed messages
// ":irc.example.net NOTICE * :*** Looking up your hostname" and ":irc.example.net 001 alice :Welcome".
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <cctype>
#include <cstdint>
#include <string>

namespace portlens {

namespace {

using text::isDigit;

constexpr std::size_t kMaxLines = 64;

std::string_view firstWord(std::string_view s) { return s.substr(0, s.find(' ')); }

std::string_view afterFirstWord(std::string_view s)
{
    const std::size_t space = s.find(' ');
    return space == std::string_view::npos ? std::string_view() : s.substr(space + 1);
}

// RFC 2812 nickname: a letter or one of "[]\`_^{|}", then letters, digits, those and '-'; up to 32.
bool isNick(std::string_view nick)
{
    if (nick.empty() || nick.size() > 32) return false;
    for (std::size_t i = 0; i < nick.size(); ++i) {
        const char c = nick[i];
        const bool special = std::string_view("[]\\`_^{|}").find(c) != std::string_view::npos;
        const bool letter = std::isalpha(static_cast<unsigned char>(c)) != 0;
        if (i == 0 ? !(letter || special) : !(letter || special || isDigit(c) || c == '-')) return false;
    }
    return true;
}

// "USER <user> <mode> <unused> :<realname>": four parameters, the last one may contain spaces.
bool isUserLine(std::string_view args)
{
    for (int i = 0; i < 3; ++i) {
        const std::string_view word = firstWord(args);
        if (word.empty() || word.front() == ':') return false;
        args = afterFirstWord(args);
    }
    return !args.empty();
}

// Commands a client registers with.
enum class ClientCommand { None, Nick, User, Pass, Cap, WebIrc };

ClientCommand clientCommand(std::string_view line, std::string &nick)
{
    const std::string_view verb = firstWord(line);
    const std::string_view args = afterFirstWord(line);
    if (verb == "NICK") {
        std::string_view name = firstWord(args);
        if (!name.empty() && name.front() == ':') name.remove_prefix(1);
        if (!isNick(name)) return ClientCommand::None;
        nick = std::string(name);
        return ClientCommand::Nick;
    }
    if (verb == "USER") return isUserLine(args) ? ClientCommand::User : ClientCommand::None;
    if (verb == "PASS") return args.empty() ? ClientCommand::None : ClientCommand::Pass;
    if (verb == "CAP") {
        const std::string_view sub = firstWord(args);
        return sub == "LS" || sub == "REQ" || sub == "END" ? ClientCommand::Cap : ClientCommand::None;
    }
    if (verb == "WEBIRC") return ClientCommand::WebIrc;
    return ClientCommand::None;
}

struct ServerLine {
    std::string_view prefix;  // "irc.example.net", empty when unprefixed
    std::string_view command; // "001", "NOTICE", "PING", ...
    std::string_view target;  // the first parameter
};

// ":prefix COMMAND target ..." or "NOTICE AUTH :..." / "PING :..." / "ERROR :...".
std::optional<ServerLine> serverLine(std::string_view line)
{
    ServerLine s;
    if (!line.empty() && line.front() == ':') {
        s.prefix = firstWord(line.substr(1));
        if (s.prefix.empty()) return std::nullopt;
        line = afterFirstWord(line);
    }
    s.command = firstWord(line);
    s.target = firstWord(afterFirstWord(line));
    const bool numeric = s.command.size() == 3 && isDigit(s.command[0]) && isDigit(s.command[1]) && isDigit(s.command[2]);
    const bool named = s.command == "NOTICE" || s.command == "PING" || s.command == "ERROR" || s.command == "CAP" ||
                       s.command == "PRIVMSG" || s.command == "MODE" || s.command == "AUTHENTICATE";
    if (!numeric && !named) return std::nullopt;
    if (s.prefix.empty() && s.command != "NOTICE" && s.command != "PING" && s.command != "ERROR") return std::nullopt;
    if (numeric && (s.prefix.empty() || s.target.empty())) return std::nullopt;
    if (afterFirstWord(line).empty()) return std::nullopt; // every one of these has parameters
    return s;
}

constexpr ProtocolIdentity kIrcIdentity{
    .name = "IRC", .displayName = "Internet Relay Chat", .tcp = true, .udp = false, .tieRank = 320};

class IrcDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kIrcIdentity; }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Bytes serverBytes = input.serverData();
        const Bytes clientBytes = input.clientData();
        const std::string_view s = asText(serverBytes);
        const std::string_view c = asText(clientBytes);
        // Reject fast: registration words from the client, a prefix or NOTICE/PING/ERROR from the server.
        const bool clientMaybe = c.size() >= 4 && (c.substr(0, 4) == "NICK" || c.substr(0, 4) == "USER" ||
                                                   c.substr(0, 4) == "PASS" || c.substr(0, 3) == "CAP" ||
                                                   c.substr(0, 6) == "WEBIRC");
        const bool serverMaybe = s.size() >= 5 && (s.front() == ':' || s.substr(0, 6) == "NOTICE" ||
                                                   s.substr(0, 4) == "PING" || s.substr(0, 5) == "ERROR");
        if (!clientMaybe && !serverMaybe) return std::nullopt;

        // Client: registration commands, the first of them at the very start.
        bool nickSeen = false, userSeen = false, capSeen = false, rejected = false;
        std::string nick;
        std::optional<text::Line> clientEvidence;
        text::forEachLine(clientBytes, [&](const text::Line &line) {
            if (!text::isPrintable(line.text)) return false;
            std::string name;
            const ClientCommand command = line.complete ? clientCommand(line.text, name) : ClientCommand::None;
            if (command == ClientCommand::None) {
                if (line.offset == 0) rejected = line.complete;
                return line.offset != 0;
            }
            if (command == ClientCommand::Nick && !nickSeen) {
                nickSeen = true;
                nick = name;
                clientEvidence = line; // the NICK line is the clearest evidence
            }
            userSeen = userSeen || command == ClientCommand::User;
            capSeen = capSeen || command == ClientCommand::Cap;
            if (!clientEvidence && (command == ClientCommand::User || command == ClientCommand::Cap)) clientEvidence = line;
            return true;
        }, kMaxLines);
        if (rejected) return std::nullopt;

        // Server: its first complete line must be an IRC message; note a welcome (001) or NOTICE.
        std::optional<text::Line> serverEvidence;
        std::optional<ServerLine> firstServer;
        bool welcome = false, notice = false, serverRejected = false;
        std::string welcomedNick;
        text::forEachLine(serverBytes, [&](const text::Line &line) {
            if (!text::isPrintable(line.text) || !line.complete) return false;
            const auto message = serverLine(line.text);
            if (!message) {
                serverRejected = line.offset == 0;
                return line.offset != 0;
            }
            if (!firstServer) {
                firstServer = message;
                serverEvidence = line;
            }
            if (message->command == "001" && !welcome) {
                welcome = true;
                welcomedNick = std::string(message->target);
            }
            notice = notice || (message->command == "NOTICE" && (message->target == "AUTH" || message->target == "*"));
            return true;
        }, kMaxLines);
        if (serverRejected || (!s.empty() && !firstServer && s.find('\n') != std::string_view::npos)) return std::nullopt;

        const bool clientIrc = nickSeen || userSeen || capSeen;
        Detection d;
        d.protocol = "IRC";
        if (clientIrc && firstServer) d.confidence = Confidence::High;
        else if ((nickSeen && userSeen) || (firstServer && (welcome || notice))) d.confidence = Confidence::Medium;
        else if (nickSeen || capSeen) d.confidence = Confidence::Low;
        else return std::nullopt;

        if (clientEvidence) {
            std::string sentence = "IRC registration '" + text::printable(clientEvidence->text) + "' in the client's data";
            if (d.confidence == Confidence::High)
                sentence += ", and the server answers with IRC messages ('" + text::printable(serverEvidence->text, 80) + "')";
            d.evidence = {Direction::ToServer, static_cast<std::uint32_t>(clientEvidence->offset),
                          static_cast<std::uint32_t>(clientEvidence->text.size()), sentence};
        } else {
            // Without IRC client lines the confidence is Medium only with a server message.
            d.evidence = {Direction::ToClient, static_cast<std::uint32_t>(serverEvidence->offset),
                          static_cast<std::uint32_t>(serverEvidence->text.size()),
                          "IRC server message '" + text::printable(serverEvidence->text) + "' at the start of the server's data"};
        }

        if (!nick.empty()) d.add("irc.nick", nick);
        else if (welcome && isNick(welcomedNick)) d.add("irc.nick", welcomedNick);
        if (firstServer && !firstServer->prefix.empty()) d.add("irc.server", text::printable(firstServer->prefix, 100));
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(IrcDetector)

} // namespace portlens
