// SMTP (RFC 5321, STARTTLS RFC 3207, AUTH RFC 4954): the server greets with "220 host ESMTP ...",
// the client introduces itself with EHLO/HELO and sends MAIL FROM, RCPT TO, DATA. A "220"
// greeting alone is shared with FTP: the client's commands and the greeting's wording decide,
// and when neither does the answer stays Low so that the port breaks the tie.
// SMTPS (TLS from the first byte, port 465) is the TLS detector's job.
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
constexpr const char *kStarttlsKey = "smtp.starttls";

using text::among;
using text::upper;
using text::containsNoCase;
using text::isDigit;
using text::argumentOf;
using text::namesProduct;
using text::startsLikeNumberedReply;

constexpr std::size_t kMaxLines = 400;

// Commands an FTP client sends and an SMTP client never does.
constexpr std::array<std::string_view, 34> kFtpVerbs{
    "USER", "PASS", "ACCT", "SYST", "FEAT", "PASV", "EPSV", "PORT", "EPRT", "RETR", "STOR", "STOU",
    "APPE", "LIST", "NLST", "MLSD", "MLST", "CWD",  "CDUP", "PWD",  "XPWD", "MKD",  "RMD",  "DELE",
    "TYPE", "SIZE", "MDTM", "REST", "ABOR", "OPTS", "PBSZ", "PROT", "RNFR", "RNTO"};

// The command word of a client line, upper-cased: 3 to 8 letters followed by a space or the end
// of a complete line; empty otherwise.
std::string verbOf(const text::Line &line)
{
    const std::string_view t = line.text;
    std::size_t n = 0;
    while (n < t.size() && n < 9 && std::isalpha(static_cast<unsigned char>(t[n]))) ++n;
    if (n < 3 || n > 8) return {};
    if (n == t.size() ? !line.complete : t[n] != ' ') return {};
    return upper(t.substr(0, n));
}

// The reply code of a server line "DDD text" / "DDD-text" / "DDD", or 0; last is false for "DDD-".
int replyCode(const text::Line &line, bool &last)
{
    const std::string_view t = line.text;
    if (t.size() < 3 || t[0] < '2' || t[0] > '5' || !isDigit(t[1]) || !isDigit(t[2])) return 0;
    if (t.size() == 3 ? !line.complete : (t[3] != ' ' && t[3] != '-')) return 0;
    last = t.size() == 3 || t[3] == ' ';
    return (t[0] - '0') * 100 + (t[1] - '0') * 10 + (t[2] - '0');
}

// A SASL mechanism name ("PLAIN", "CRAM-MD5", "XOAUTH2"), upper-cased; empty if it is not one.
std::string mechanismOf(std::string_view arg)
{
    const std::string_view name = arg.substr(0, arg.find(' '));
    if (name.empty() || name.size() > 20) return {};
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return {};
    return upper(name);
}

// The argument "FROM:<alice@example.com> SIZE=1234" -> "alice@example.com" ("<>" for bounces).
std::string senderOf(std::string_view arg)
{
    const std::string_view rest = text::trim(arg.substr(std::min<std::size_t>(arg.size(), 5))); // after "FROM:"
    if (!rest.empty() && rest.front() == '<') {
        const std::size_t close = rest.find('>');
        if (close == std::string_view::npos) return {};
        const std::string_view address = rest.substr(1, close - 1);
        return address.empty() ? std::string("<>") : text::printable(address, 100);
    }
    return text::printable(rest.substr(0, rest.find(' ')), 100);
}

struct ServerView {
    bool empty = true;
    bool reply = false; // the first line is a numbered reply
    int firstCode = 0;
    text::Line first;
    int finalReplies220 = 0; // "220 ..." reply ends: the greeting, then the answer to STARTTLS
    bool offersStarttls = false;
};

ServerView readServer(Bytes bytes)
{
    ServerView v;
    v.empty = bytes.empty();
    text::forEachLine(bytes, [&](const text::Line &line) {
        if (!text::isPrintable(line.text)) return false; // TLS after STARTTLS, or not text at all
        bool last = false;
        const int code = replyCode(line, last);
        if (line.offset == 0) {
            if (code == 0) return false;
            v.reply = true;
            v.firstCode = code;
            v.first = line;
        }
        if (code == 220 && last && line.complete) ++v.finalReplies220;
        if (code == 250 && line.text.size() > 4 && text::startsWithNoCase(line.text.substr(4), "STARTTLS"))
            v.offersStarttls = true;
        return true;
    }, kMaxLines);
    return v;
}

struct ClientView {
    bool smtp = false;   // a command FTP does not have
    bool strong = false; // EHLO/HELO/MAIL FROM/RCPT TO: SMTP even without the server's side
    bool ftpFirst = false; // a command SMTP does not have (USER, PASV, AUTH TLS) before any SMTP one
    bool shared = false; // QUIT, NOOP, HELP
    std::optional<text::Line> evidence;
    std::string evidenceVerb;
    std::string ehlo, auth, mailFrom;
    bool starttls = false;
};

ClientView readClient(Bytes bytes)
{
    ClientView v;
    bool inData = false; // the message itself, after DATA, up to the line "."
    text::forEachLine(bytes, [&](const text::Line &line) {
        if (inData) {
            if (line.text == "." && line.complete) inData = false;
            return true;
        }
        if (!text::isPrintable(line.text)) return false; // TLS after STARTTLS
        const std::string verb = verbOf(line);
        if (verb.empty()) return true;
        const std::string_view arg = argumentOf(line.text);
        bool smtp = false;
        bool strong = false;
        if (verb == "EHLO" || verb == "HELO") {
            smtp = strong = !arg.empty();
            if (smtp && v.ehlo.empty() && line.complete) v.ehlo = text::printable(arg.substr(0, arg.find(' ')), 100);
        } else if (verb == "MAIL" || verb == "RCPT") {
            smtp = strong = text::startsWithNoCase(arg, verb == "MAIL" ? "FROM:" : "TO:");
            if (smtp && verb == "MAIL" && v.mailFrom.empty() && line.complete) v.mailFrom = senderOf(arg);
        } else if (verb == "DATA") {
            smtp = arg.empty();
            inData = smtp && line.complete;
        } else if (verb == "STARTTLS") {
            smtp = v.starttls = arg.empty();
        } else if (verb == "AUTH") {
            const std::string mechanism = mechanismOf(arg);
            if (mechanism == "TLS" || mechanism == "SSL" || mechanism == "TLS-C" || mechanism == "TLS-P") {
                v.ftpFirst = !v.smtp; // FTP over TLS (RFC 4217)
                return !v.ftpFirst;
            } else if (!mechanism.empty()) {
                smtp = true;
                if (v.auth.empty() && line.complete) v.auth = mechanism;
            }
        } else if (verb == "RSET" || verb == "VRFY" || verb == "EXPN" || verb == "ETRN") {
            smtp = true;
        } else if (verb == "BDAT") {
            v.smtp = true;
            return false; // binary message chunks follow
        } else if (verb == "QUIT" || verb == "NOOP" || verb == "HELP") {
            v.shared = true;
        } else if (among(kFtpVerbs, verb)) {
            // An FTP client opens with USER, AUTH TLS, SYST...; later on such words are ignored.
            v.ftpFirst = !v.smtp;
            return !v.ftpFirst;
        }
        if (smtp) {
            v.smtp = true;
            v.strong = v.strong || strong;
            if (!v.evidence) {
                v.evidence = line;
                v.evidenceVerb = verb;
            }
        }
        return true;
    }, kMaxLines);
    return v;
}

constexpr ProtocolIdentity kSmtpIdentity{
    .name = "SMTP", .displayName = "Simple Mail Transfer Protocol", .tcp = true, .udp = false, .tieRank = 280};

class SmtpDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kSmtpIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (context.meta(kStarttlsKey) != "used")
            context.note("plaintext-smtp", Severity::Notice,
                         QT_TRANSLATE_NOOP("Verdict", "SMTP without STARTTLS: the mail travels in clear text"));
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Bytes serverBytes = input.serverData();
        const Bytes clientBytes = input.clientData();
        if (!startsLikeNumberedReply(asText(serverBytes)) && !startsLikeCommand(asText(clientBytes))) return std::nullopt;

        const ServerView server = readServer(serverBytes);
        if (!server.empty && !server.reply) return std::nullopt; // "+OK", "* OK", "SSH-": not SMTP
        // NNTP servers open with 200/201; an SMTP server opens with 220 (or 554), never 200.
        if (server.firstCode == 200 || server.firstCode == 201) return std::nullopt;
        const ClientView client = readClient(clientBytes);
        if (client.ftpFirst) return std::nullopt; // USER, SYST, PASV: FTP

        const bool greeting = server.reply && server.firstCode == 220;
        const std::string_view greetingText = greeting ? server.first.text : std::string_view();
        const bool smtpWording = namesProduct(greetingText, "SMTP") || namesProduct(greetingText, "Postfix") ||
                                 namesProduct(greetingText, "Exim") || namesProduct(greetingText, "Sendmail");
        const bool ftpWording = namesProduct(greetingText, "FTP") || namesProduct(greetingText, "FileZilla");
        if (greeting && ftpWording && !smtpWording && !client.smtp) return std::nullopt;

        Detection d;
        d.protocol = "SMTP";
        if (server.reply && client.smtp) d.confidence = Confidence::High;
        else if ((greeting && smtpWording) || (server.empty && client.strong)) d.confidence = Confidence::Medium;
        else if (greeting || (server.reply && client.shared) || (server.empty && client.smtp)) d.confidence = Confidence::Low;
        else return std::nullopt;

        const std::string clientLine = client.evidence ? shown(client.evidenceVerb, client.evidence->text) : std::string();
        if (server.reply) {
            std::string sentence;
            if (greeting && !smtpWording && !client.smtp)
                sentence = "Greeting '" + text::printable(server.first.text) +
                           "' at the start of the server's data: SMTP and FTP servers both greet with 220 and the client "
                           "sent no command that tells them apart";
            else
                sentence = std::string(greeting ? "SMTP greeting '" : "SMTP reply '") + text::printable(server.first.text) +
                           "' at the start of the server's data";
            if (d.confidence == Confidence::High) sentence += ", answered by the client's SMTP command '" + clientLine + "'";
            d.evidence = {Direction::ToClient, 0, static_cast<std::uint32_t>(server.first.text.size()), sentence};
        } else {
            if (!client.evidence) return std::nullopt; // not reached: every SMTP command seen is kept as evidence
            const text::Line &line = *client.evidence;
            d.evidence = {Direction::ToServer, static_cast<std::uint32_t>(line.offset),
                          static_cast<std::uint32_t>(line.text.size()), "SMTP command '" + clientLine + "' in the client's data"};
        }

        if (greeting) {
            const std::string_view banner = server.first.text.size() > 4 ? text::trim(server.first.text.substr(4)) : std::string_view();
            if (!banner.empty()) d.add("smtp.banner", text::printable(banner));
        }
        if (!client.ehlo.empty()) d.add("smtp.ehlo", client.ehlo);
        if (client.starttls && server.finalReplies220 >= (greeting ? 2 : 1)) d.add(kStarttlsKey, "used");
        else if (server.offersStarttls) d.add(kStarttlsKey, "offered");
        if (!client.auth.empty()) d.add("smtp.auth", client.auth);
        if (!client.mailFrom.empty()) d.add("smtp.mail_from", client.mailFrom);
        return d;
    }

private:
    static bool startsLikeCommand(std::string_view s)
    {
        std::size_t n = 0;
        while (n < s.size() && n < 9 && std::isalpha(static_cast<unsigned char>(s[n]))) ++n;
        return n >= 4 && n <= 8 && n < s.size() && (s[n] == ' ' || s[n] == '\r' || s[n] == '\n');
    }

    // A client line as it may be shown: never credentials (AUTH PLAIN carries them inline).
    static std::string shown(std::string_view verb, std::string_view line)
    {
        if (verb == "AUTH") return "AUTH " + mechanismOf(argumentOf(line));
        return text::printable(line, 80);
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(SmtpDetector)

} // namespace portlens
