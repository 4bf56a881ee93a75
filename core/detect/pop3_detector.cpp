// POP3 (RFC 1939, CAPA/STLS RFC 2449/2595, AUTH RFC 5034): the server greets with "+OK ...",
// the client sends USER/PASS or APOP, then STAT, LIST, RETR, DELE, QUIT. Every reply starts
// with "+OK" or "-ERR", which no FTP, SMTP or IMAP server sends.
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>

namespace portlens {

namespace {

// Metadata keys (read by notes() below).
constexpr const char *kPasswordSentKey = "pop3.password_sent";
constexpr const char *kStlsKey = "pop3.stls";

using text::among;
using text::upper;
using text::argumentOf;

constexpr std::size_t kMaxLines = 400;

constexpr std::array<std::string_view, 17> kPop3Verbs{"USER", "PASS", "APOP", "STAT", "LIST", "RETR",
                                                      "DELE", "NOOP", "RSET", "QUIT", "TOP",  "UIDL",
                                                      "CAPA", "STLS", "AUTH", "UTF8", "LANG"};
// Commands only a POP3 client sends (USER, PASS, LIST, RETR, ... are FTP commands too).
constexpr std::array<std::string_view, 6> kPop3Only{"APOP", "TOP", "UIDL", "CAPA", "STLS", "UTF8"};

// The command word of a client line, upper-cased: 3 or 4 letters followed by a space or the end
// of a complete line; empty otherwise.
std::string verbOf(const text::Line &line)
{
    const std::string_view t = line.text;
    std::size_t n = 0;
    while (n < t.size() && n < 5 && std::isalpha(static_cast<unsigned char>(t[n]))) ++n;
    if (n < 3 || n > 4) return {};
    if (n == t.size() ? !line.complete : t[n] != ' ') return {};
    return upper(t.substr(0, n));
}

std::string_view firstWord(std::string_view s) { return s.substr(0, s.find(' ')); }

// "+OK text" / "+OK" / "-ERR text" at the start of a line.
bool isStatus(const text::Line &line, std::string_view status)
{
    const std::string_view t = line.text;
    if (t.substr(0, status.size()) != status) return false;
    return t.size() == status.size() ? line.complete : t[status.size()] == ' ';
}

struct ClientView {
    bool firstRejects = false; // the client's first line is not a POP3 command
    bool known = false;        // a POP3 command
    bool pop3Only = false;     // a command only POP3 has
    std::optional<text::Line> evidence;
    std::string evidenceVerb;
    std::string user, auth;
    bool passwordSent = false;
    bool stls = false;
};

ClientView readClient(Bytes bytes)
{
    ClientView v;
    text::forEachLine(bytes, [&](const text::Line &line) {
        if (!text::isPrintable(line.text)) return false; // TLS after STLS
        const std::string verb = verbOf(line);
        const bool known = !verb.empty() && among(kPop3Verbs, verb);
        if (line.offset == 0 && !known) {
            // "EHLO x", "a001 LOGIN", "GET / HTTP/1.1", a Redis "*1": another protocol's client.
            // A first line still being cut short ("US") says nothing yet.
            v.firstRejects = line.complete || line.text.size() >= 5;
            return false;
        }
        if (!known) return true; // SASL responses after AUTH, text after a rejected command
        v.known = true;
        v.pop3Only = v.pop3Only || among(kPop3Only, verb);
        if (!v.evidence || (v.evidenceVerb == "PASS" && verb != "PASS") || (v.evidenceVerb == "AUTH" && verb != "AUTH")) {
            v.evidence = line;
            v.evidenceVerb = verb;
        }
        if (verb == "STLS") v.stls = true;
        if (!line.complete) return true;
        const std::string_view arg = argumentOf(line.text);
        if ((verb == "USER" || verb == "APOP") && v.user.empty() && !arg.empty())
            v.user = text::printable(firstWord(arg), 64); // APOP name digest: the name only
        else if (verb == "PASS") v.passwordSent = true;
        else if (verb == "AUTH" && v.auth.empty() && !arg.empty()) v.auth = text::printable(upper(firstWord(arg)), 20);
        return true;
    }, kMaxLines);
    return v;
}

constexpr ProtocolIdentity kPop3Identity{
    .name = "POP3", .displayName = "Post Office Protocol 3", .tcp = true, .udp = false, .tieRank = 290};

class Pop3Detector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kPop3Identity; }

    void notes(const NoteContext &context) const override
    {
        if (!context.meta(kPasswordSentKey).empty() && context.meta(kStlsKey) != "used")
            context.note("plaintext-mail-login", Severity::Warning,
                         QT_TRANSLATE_NOOP("Verdict", "%1 login without STARTTLS: the password travels in clear text"),
                         {std::string(kPop3Identity.name)});
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Bytes serverBytes = input.serverData();
        const Bytes clientBytes = input.clientData();
        const std::string_view s = asText(serverBytes);
        const std::string_view c = asText(clientBytes);
        // Reject fast: "+OK"/"-ERR" from the server, or a 3-4 letter word from the client.
        const bool serverStatus = s.substr(0, 3) == "+OK" || s.substr(0, 4) == "-ERR";
        if (!s.empty() && !serverStatus) return std::nullopt;
        if (!serverStatus && (c.size() < 4 || !std::isalpha(static_cast<unsigned char>(c[0])))) return std::nullopt;

        std::optional<text::Line> greeting;
        bool serverReply = false;
        text::forEachLine(serverBytes, [&](const text::Line &line) {
            if (!text::isPrintable(line.text)) return false;
            if (isStatus(line, "+OK")) greeting = line;
            serverReply = greeting || isStatus(line, "-ERR");
            return false;
        }, 1);
        if (!s.empty() && !serverReply) return std::nullopt;

        const ClientView client = readClient(clientBytes);
        if (client.firstRejects) return std::nullopt;

        Detection d;
        d.protocol = "POP3";
        if (serverReply && client.known) d.confidence = Confidence::High;
        else if (greeting || (s.empty() && client.pop3Only)) d.confidence = Confidence::Medium;
        else if (s.empty() && client.known) d.confidence = Confidence::Low;
        else return std::nullopt;

        const std::string clientLine = client.evidence ? shown(client.evidenceVerb, client.evidence->text) : std::string();
        if (serverReply) {
            // The first server line: the greeting, or "-ERR" when the server turned the client away.
            text::Line first;
            text::forEachLine(serverBytes, [&](const text::Line &line) { first = line; return false; }, 1);
            std::string sentence = std::string(greeting ? "POP3 greeting '" : "POP3 reply '") + text::printable(first.text) +
                                   "' at the start of the server's data";
            if (d.confidence == Confidence::High) sentence += ", answered by the client's POP3 command '" + clientLine + "'";
            d.evidence = {Direction::ToClient, 0, static_cast<std::uint32_t>(first.text.size()), sentence};
        } else {
            if (!client.evidence) return std::nullopt; // not reached: every POP3 command seen is kept as evidence
            const text::Line &line = *client.evidence;
            d.evidence = {Direction::ToServer, static_cast<std::uint32_t>(line.offset),
                          static_cast<std::uint32_t>(line.text.size()),
                          "POP3 command '" + clientLine + "' in the client's data" +
                              (d.confidence == Confidence::Low ? " (FTP clients send it too)" : "")};
        }

        if (greeting && greeting->text.size() > 4) {
            const std::string_view banner = text::trim(greeting->text.substr(4));
            if (!banner.empty()) d.add("pop3.banner", text::printable(banner));
        }
        if (!client.user.empty()) d.add("pop3.user", client.user);
        if (client.passwordSent) d.add(kPasswordSentKey, "yes");
        if (!client.auth.empty()) d.add("pop3.auth", client.auth);
        if (client.stls) d.add(kStlsKey, "used");
        return d;
    }

private:
    // A client line as it may be shown: never a password or SASL credentials.
    static std::string shown(std::string_view verb, std::string_view line)
    {
        if (verb == "PASS") return "PASS (password hidden)";
        if (verb == "AUTH") return "AUTH " + text::printable(firstWord(argumentOf(line)), 20);
        if (verb == "APOP") return "APOP " + text::printable(firstWord(argumentOf(line)), 64) + " (digest hidden)";
        return text::printable(line, 80);
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(Pop3Detector)

} // namespace portlens
