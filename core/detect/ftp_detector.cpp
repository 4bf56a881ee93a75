// FTP control channel (RFC 959, RFC 2428, RFC 4217): the server greets with a numbered reply
// ("220 ..."), the client sends 3-4 letter commands (USER, PASS, SYST, PASV, ...). A "220"
// greeting alone is shared with SMTP: the client's commands and the greeting's wording decide,
// and when neither does the answer stays Low so that the port breaks the tie.
//
// The detector also reports every data channel the dialogue announces ("ftp.data" entries,
// "ADDRESS PORT ANNOUNCEMENT"), which the detection engine uses to recognise FTP-DATA.
#include "core/detect/detector.h"
#include "core/detect/ftp_channels.h"
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
constexpr const char *kAuthTlsKey = "ftp.auth_tls";
constexpr const char *kDataKey = "ftp.data";
constexpr const char *kControlKey = "ftp.control";

using text::among;
using text::upper;
using text::containsNoCase;
using text::isDigit;
using text::argumentOf;
using text::namesProduct;
using text::startsLikeNumberedReply;

constexpr std::size_t kMaxLines = 400;    // kept bytes are a few KiB: a whole short session
constexpr std::size_t kMaxCommands = 12;  // distinct verbs listed in "ftp.commands"

// RFC 959 and its extensions (RFC 2228, 2389, 2428, 3659, 4217), plus the X* variants.
constexpr std::array<std::string_view, 57> kFtpVerbs{
    "ABOR", "ACCT", "ADAT", "ALLO", "APPE", "AUTH", "CCC",  "CDUP", "CLNT", "CWD",  "DELE", "EPRT",
    "EPSV", "FEAT", "HELP", "HOST", "LANG", "LIST", "MDTM", "MFMT", "MKD",  "MLSD", "MLST", "MODE",
    "NLST", "NOOP", "OPTS", "PASS", "PASV", "PBSZ", "PORT", "PROT", "PWD",  "QUIT", "REIN", "REST",
    "RETR", "RMD",  "RNFR", "RNTO", "SITE", "SIZE", "SMNT", "STAT", "STOR", "STOU", "STRU", "SYST",
    "TYPE", "USER", "XCUP", "XCWD", "XMKD", "XPWD", "XRMD", "CSID", "MFCT"};

// Verbs an SMTP client sends and an FTP client never does.
constexpr std::array<std::string_view, 11> kSmtpVerbs{"HELO", "EHLO", "MAIL", "RCPT", "DATA", "RSET",
                                                      "VRFY", "EXPN", "STARTTLS", "BDAT", "ETRN"};

// FTP verbs that a POP3 client sends too (with a numbered-reply server they are still FTP).
constexpr std::array<std::string_view, 8> kSharedWithPop3{"USER", "PASS", "LIST", "RETR", "DELE", "NOOP", "QUIT", "STAT"};

// The command word of a client line ("USER bob" -> "USER"), upper-cased: 3 to 8 letters followed
// by a space or the end of a complete line; empty otherwise.
std::string verbOf(const text::Line &line)
{
    const std::string_view t = line.text;
    std::size_t n = 0;
    while (n < t.size() && n < 9 && std::isalpha(static_cast<unsigned char>(t[n]))) ++n;
    if (n < 3 || n > 8) return {};
    if (n == t.size() ? !line.complete : t[n] != ' ') return {};
    return upper(t.substr(0, n));
}

// The reply code of a server line "DDD text" / "DDD-text" / "DDD", or 0.
int replyCode(const text::Line &line)
{
    const std::string_view t = line.text;
    if (t.size() < 3 || !isDigit(t[0]) || !isDigit(t[1]) || !isDigit(t[2])) return 0;
    if (t[0] < '1' || t[0] > '6') return 0;
    if (t.size() == 3 ? !line.complete : (t[3] != ' ' && t[3] != '-')) return 0;
    return (t[0] - '0') * 100 + (t[1] - '0') * 10 + (t[2] - '0');
}

std::string announcement(const std::string &address, unsigned port, std::string_view line)
{
    return address + " " + std::to_string(port) + " " + text::printable(line, 160);
}

// A client line as it may be shown: never the password.
std::string shown(std::string_view verb, std::string_view line)
{
    if (verb == "PASS") return "PASS (password hidden)";
    return text::printable(line, 80);
}

struct ServerView {
    bool empty = true;
    bool reply = false;      // the first line is a numbered reply
    int firstCode = 0;
    text::Line first;
    std::vector<std::string> data; // "ftp.data" values from 227/229 replies
};

ServerView readServer(Bytes bytes, const Connection &connection)
{
    ServerView v;
    v.empty = bytes.empty();
    text::forEachLine(bytes, [&](const text::Line &line) {
        if (!text::isPrintable(line.text)) return false; // TLS after AUTH TLS, or not text at all
        const int code = replyCode(line);
        if (line.offset == 0) {
            if (code == 0) return false;
            v.reply = true;
            v.firstCode = code;
            v.first = line;
        }
        if (!line.complete || (line.text.size() > 3 && line.text[3] != ' ')) return true;
        if (code == 227) {
            if (auto ep = ftp::passiveReply(line.text)) {
                // A server that does not know its own address sometimes announces 0.0.0.0.
                const std::string address = ep->address == "0.0.0.0" ? connection.server.address.toString() : ep->address;
                v.data.push_back(announcement(address, ep->port, line.text));
            }
        } else if (code == 229) {
            if (auto port = ftp::extendedPassiveReply(line.text))
                v.data.push_back(announcement(connection.server.address.toString(), *port, line.text));
        }
        return true;
    }, kMaxLines);
    return v;
}

struct ClientView {
    std::vector<std::string> verbs; // distinct, in order
    bool ftpNotSmtp = false;        // a verb SMTP does not have (USER, SYST, PASV, AUTH TLS, ...)
    bool ftpNotPop3 = false;        // a verb POP3 does not have (SYST, PASV, CWD, ...)
    bool smtpFirst = false;         // an SMTP-only verb (EHLO, MAIL, AUTH PLAIN) before any FTP command
    bool anyFtp = false;
    std::optional<text::Line> evidence; // the first FTP command (preferably not PASS)
    std::string evidenceVerb;
    std::string user;
    bool passwordSent = false;
    bool authTls = false;
    std::vector<std::string> data; // "ftp.data" values from PORT/EPRT
};

ClientView readClient(Bytes bytes)
{
    ClientView v;
    text::forEachLine(bytes, [&](const text::Line &line) {
        if (!text::isPrintable(line.text)) return false;
        const std::string verb = verbOf(line);
        if (verb.empty()) return true;
        const std::string_view arg = argumentOf(line.text);
        if (among(kSmtpVerbs, verb)) {
            // An SMTP client opens with EHLO/HELO; later on such words are a confused FTP client.
            v.smtpFirst = !v.anyFtp;
            return !v.smtpFirst;
        }
        if (!among(kFtpVerbs, verb)) return true;
        v.anyFtp = true;
        bool notSmtp = verb != "QUIT" && verb != "NOOP" && verb != "HELP" && verb != "AUTH";
        if (verb == "AUTH") {
            const std::string mechanism = upper(arg);
            if (mechanism == "TLS" || mechanism == "SSL" || mechanism == "TLS-C" || mechanism == "TLS-P") {
                notSmtp = true;
                v.authTls = true;
            } else if (!mechanism.empty() && mechanism != "GSSAPI" && mechanism != "KERBEROS_V4") {
                v.smtpFirst = !v.anyFtp; // "AUTH PLAIN", "AUTH LOGIN": the SMTP extension
                return !v.smtpFirst;
            }
        }
        v.ftpNotSmtp = v.ftpNotSmtp || notSmtp;
        v.ftpNotPop3 = v.ftpNotPop3 || (notSmtp && !among(kSharedWithPop3, verb));
        if (!v.evidence || (v.evidenceVerb == "PASS" && verb != "PASS")) {
            v.evidence = line;
            v.evidenceVerb = verb;
        }
        if (std::find(v.verbs.begin(), v.verbs.end(), verb) == v.verbs.end() && v.verbs.size() < kMaxCommands)
            v.verbs.push_back(verb);
        if (!line.complete) return true; // a cut argument would be wrong
        if (verb == "USER" && v.user.empty() && !arg.empty()) v.user = text::printable(arg, 64);
        else if (verb == "PASS") v.passwordSent = true;
        else if (verb == "PORT") {
            if (auto ep = ftp::portArgument(arg))
                v.data.push_back(announcement(ep->address, ep->port, line.text));
        } else if (verb == "EPRT") {
            if (auto ep = ftp::extendedPortArgument(arg)) v.data.push_back(announcement(ep->address, ep->port, line.text));
        }
        return true;
    }, kMaxLines);
    return v;
}

std::string joined(const std::vector<std::string> &words)
{
    std::string out;
    for (const auto &w : words) out += (out.empty() ? "" : ",") + w;
    return out;
}

// FTP announces its data channels: connections recognised by the announcement, not by bytes.
constexpr AnnouncedProtocol kFtpData[] = {{"FTP-DATA", "FTP data channel"}};

constexpr ProtocolIdentity kFtpIdentity{
    .name = "FTP", .displayName = "File Transfer Protocol", .tcp = true, .udp = false, .tieRank = 270, .announces = kFtpData};

class FtpDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kFtpIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (context.meta(kAuthTlsKey).empty())
            context.note("plaintext-ftp", Severity::Notice,
                         QT_TRANSLATE_NOOP("Verdict", "FTP sends the user name, password and files in clear text"));
    }

    // kDataKey values read "ADDRESS PORT ANNOUNCEMENT" (written by detect() below).
    std::vector<Announcement> announcements(const Detection &detection) const override
    {
        std::vector<Announcement> found;
        for (const auto &[key, value] : detection.metadata) {
            if (key != kDataKey) continue;
            const std::size_t space = value.find(' ');
            if (space == std::string::npos) continue;
            const std::size_t second = value.find(' ', space + 1);
            const auto address = IpAddress::parse(value.substr(0, space));
            const std::string portText =
                value.substr(space + 1, second == std::string::npos ? std::string::npos : second - space - 1);
            if (!address || portText.empty() || portText.size() > 5 ||
                portText.find_first_not_of("0123456789") != std::string::npos)
                continue;
            const unsigned long port = std::stoul(portText);
            if (port == 0 || port > 65535) continue;
            found.push_back({*address, static_cast<std::uint16_t>(port),
                             second == std::string::npos ? std::string() : value.substr(second + 1)});
        }
        return found;
    }

    Detection announcedChannel(std::uint64_t controlId, const std::string &text) const override
    {
        Detection d;
        d.protocol = std::string(kFtpData[0].name);
        d.confidence = Confidence::High;
        d.evidence.sentence =
            "data channel announced on FTP control connection #" + std::to_string(controlId) + " ('" + text + "')";
        d.add(kControlKey, std::to_string(controlId));
        return d;
    }

    // A data channel is announced by a 227/229 reply or a PORT/EPRT command; everything else
    // an FTP session says later changes nothing PortLens shows while it is open.
    bool keepsAnnouncing() const override { return true; }
    bool followsUp(Bytes stream, std::size_t newFrom, Direction direction) const override
    {
        const std::string_view all = asText(stream);
        // Start at the beginning of the line the new bytes continue: a reply may span segments.
        const std::size_t lineStart = newFrom == 0 ? 0 : all.rfind('\n', newFrom - 1);
        bool announces = false;
        text::forEachLine(stream.subspan(lineStart == std::string_view::npos ? 0 : lineStart), [&](const text::Line &line) {
            const std::string_view t = text::trim(line.text);
            announces = direction == Direction::ToClient
                            ? t.starts_with("227") || t.starts_with("229")
                            : text::startsWithNoCase(t, "PORT ") || text::startsWithNoCase(t, "EPRT ");
            return !announces;
        });
        return announces;
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Bytes serverBytes = input.serverData();
        const Bytes clientBytes = input.clientData();
        // Reject fast: a numbered reply from the server or a command word from the client.
        if (!startsLikeNumberedReply(asText(serverBytes)) && !startsLikeCommand(asText(clientBytes))) return std::nullopt;

        const ServerView server = readServer(serverBytes, input.connection);
        if (!server.empty && !server.reply) return std::nullopt; // "+OK", "* OK", "SSH-": not FTP
        // NNTP servers open with 200/201; an FTP server opens with 220 (or 120/421), never 200.
        if (server.firstCode == 200 || server.firstCode == 201) return std::nullopt;
        const ClientView client = readClient(clientBytes);
        if (client.smtpFirst) return std::nullopt; // EHLO, MAIL FROM: SMTP

        const bool greeting = server.reply && server.firstCode == 220;
        const std::string_view greetingText = greeting ? server.first.text : std::string_view();
        const bool smtpWording = namesProduct(greetingText, "SMTP");
        const bool ftpWording = namesProduct(greetingText, "FTP") || namesProduct(greetingText, "FileZilla");
        if (greeting && smtpWording && !ftpWording && !client.ftpNotSmtp) return std::nullopt;

        Detection d;
        d.protocol = "FTP";
        if (server.reply && client.ftpNotSmtp) d.confidence = Confidence::High;
        else if ((greeting && ftpWording) || (server.empty && client.ftpNotPop3)) d.confidence = Confidence::Medium;
        else if (greeting || (server.reply && client.anyFtp) || (server.empty && client.anyFtp)) d.confidence = Confidence::Low;
        else return std::nullopt;

        const std::string clientLine =
            client.evidence ? shown(client.evidenceVerb, client.evidence->text) : std::string();
        if (server.reply) {
            std::string sentence;
            if (greeting && d.confidence == Confidence::Low && !client.ftpNotSmtp)
                sentence = "Greeting '" + text::printable(server.first.text) +
                           "' at the start of the server's data: FTP and SMTP servers both greet with 220 and the client "
                           "sent no command that tells them apart";
            else
                sentence = std::string(greeting ? "FTP greeting '" : "FTP reply '") + text::printable(server.first.text) +
                           "' at the start of the server's data";
            if (d.confidence == Confidence::High) sentence += ", answered by the client's FTP command '" + clientLine + "'";
            d.evidence = {Direction::ToClient, 0, static_cast<std::uint32_t>(server.first.text.size()), sentence};
        } else {
            if (!client.evidence) return std::nullopt; // not reached: every FTP verb seen is kept as evidence
            const text::Line &line = *client.evidence;
            d.evidence = {Direction::ToServer, static_cast<std::uint32_t>(line.offset),
                          static_cast<std::uint32_t>(line.text.size()),
                          "FTP command '" + clientLine + "' in the client's data" +
                              (d.confidence == Confidence::Low ? " (POP3 clients send it too)" : "")};
        }

        if (greeting) {
            const std::string_view banner = server.first.text.size() > 4 ? text::trim(server.first.text.substr(4)) : std::string_view();
            if (!banner.empty()) d.add("ftp.banner", text::printable(banner));
        }
        if (!client.user.empty()) d.add("ftp.user", client.user);
        if (client.passwordSent) d.add("ftp.password_sent", "yes");
        if (client.authTls) d.add(kAuthTlsKey, "yes");
        if (!client.verbs.empty()) d.add("ftp.commands", joined(client.verbs));
        for (const auto &entry : server.data) d.add(kDataKey, entry);
        for (const auto &entry : client.data) d.add(kDataKey, entry);
        return d;
    }

private:
    static bool startsLikeCommand(std::string_view s)
    {
        std::size_t n = 0;
        while (n < s.size() && n < 5 && std::isalpha(static_cast<unsigned char>(s[n]))) ++n;
        if (n < 3 || n > 4 || n == s.size() || (s[n] != ' ' && s[n] != '\r' && s[n] != '\n')) return false;
        return among(kFtpVerbs, upper(s.substr(0, n)));
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(FtpDetector)

} // namespace portlens
