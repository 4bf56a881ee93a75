// Syslog over UDP (RFC 5426) or TCP (RFC 6587: octet counting "123 <34>..." or one message per
// line). A message starts with "<PRI>", PRI = facility * 8 + severity (0-191), followed by
// either an RFC 5424 header ("1 2003-10-11T22:14:15.003Z host app procid msgid") or an RFC 3164
// timestamp ("Oct 11 22:14:15 host tag: ...").
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <array>
#include <string>

namespace portlens {

namespace {

using text::isDigit;

constexpr std::array<const char *, 24> kFacilities{
    "kern",   "user",   "mail",   "daemon", "auth",   "syslog", "lpr",    "news",
    "uucp",   "cron",   "authpriv", "ftp",  "ntp",    "audit",  "alert",  "clock",
    "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"};
constexpr std::array<const char *, 8> kSeverities{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A cursor over the message text; every test checks the size first.
struct Cursor {
    std::string_view s;
    std::size_t pos = 0;

    [[nodiscard]] bool at(char c) const { return pos < s.size() && s[pos] == c; }
    bool eat(char c)
    {
        if (!at(c)) return false;
        ++pos;
        return true;
    }
    // 1..maxDigits digits; the value through value.
    bool number(std::size_t minDigits, std::size_t maxDigits, unsigned &value)
    {
        std::size_t n = 0;
        value = 0;
        while (n < maxDigits && pos < s.size() && isDigit(s[pos])) {
            value = value * 10 + static_cast<unsigned>(s[pos] - '0');
            ++pos;
            ++n;
        }
        return n >= minDigits;
    }
    bool numberUpTo(std::size_t digits, unsigned max)
    {
        unsigned v = 0;
        return number(digits, digits, v) && v <= max;
    }
    // A token of printable non-space ASCII, at most maxLength long.
    std::optional<std::string_view> token(std::size_t maxLength)
    {
        const std::size_t start = pos;
        while (pos < s.size() && s[pos] > ' ' && s[pos] < 0x7f) ++pos;
        if (pos == start || pos - start > maxLength) return std::nullopt;
        return s.substr(start, pos - start);
    }
};

// "hh:mm:ss" with an optional fraction.
bool time(Cursor &c)
{
    if (!c.numberUpTo(2, 23) || !c.eat(':') || !c.numberUpTo(2, 59) || !c.eat(':') || !c.numberUpTo(2, 60)) return false;
    if (c.eat('.')) {
        unsigned fraction = 0;
        if (!c.number(1, 6, fraction)) return false;
    }
    return true;
}

// RFC 3339 as RFC 5424 uses it: 2003-10-11T22:14:15.003Z or ...+02:00.
bool isoTimestamp(Cursor &c)
{
    unsigned year = 0;
    if (!c.number(4, 4, year) || year < 1970 || !c.eat('-') || !c.numberUpTo(2, 12) || !c.eat('-') ||
        !c.numberUpTo(2, 31) || !c.eat('T') || !time(c))
        return false;
    if (c.eat('Z')) return true;
    if (!c.eat('+') && !c.eat('-')) return false;
    return c.numberUpTo(2, 23) && c.eat(':') && c.numberUpTo(2, 59);
}

// "Mmm dd hh:mm:ss" (day space-padded or not), optionally with a year before the time.
bool bsdTimestamp(Cursor &c)
{
    if (c.pos + 3 > c.s.size()) return false;
    const std::string_view month = c.s.substr(c.pos, 3);
    bool known = false;
    for (std::string_view m : kMonths) known = known || m == month;
    if (!known) return false;
    c.pos += 3;
    if (!c.eat(' ')) return false;
    c.eat(' ');
    unsigned day = 0;
    if (!c.number(1, 2, day) || day < 1 || day > 31 || !c.eat(' ')) return false;
    Cursor withYear = c;
    unsigned year = 0;
    if (withYear.number(4, 4, year) && withYear.eat(' ') && time(withYear)) {
        c = withYear;
        return true;
    }
    return time(c);
}

struct Header {
    unsigned pri = 0;
    std::size_t start = 0;  // of "<PRI>" in the data (after an octet count)
    std::size_t length = 0; // of the part that was checked
    std::string format;
    std::string hostname;
    std::string app;
    bool octetCounted = false;
    Confidence confidence = Confidence::Low;
};

std::optional<Header> parse(Bytes data, bool tcp)
{
    Cursor c{asText(data)};
    Header h;
    if (tcp && c.pos < c.s.size() && isDigit(c.s[0])) { // RFC 6587 octet counting: "MSG-LEN SP"
        unsigned length = 0;
        if (!c.number(1, 6, length) || length == 0 || !c.eat(' ')) return std::nullopt;
        h.octetCounted = true;
    }
    h.start = c.pos;
    if (!c.eat('<') || !c.number(1, 3, h.pri) || h.pri > 191 || !c.eat('>')) return std::nullopt;

    Cursor v = c;
    if (v.eat('1') && v.eat(' ')) { // RFC 5424: VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID
        Cursor t = v;
        if (t.eat('-') || isoTimestamp(t)) {
            h.format = "RFC 5424";
            h.confidence = Confidence::Medium;
            h.length = t.pos - h.start;
            Cursor f = t;
            const bool sp1 = f.eat(' ');
            const auto host = f.token(255);
            const bool sp2 = f.eat(' ');
            const auto app = f.token(48);
            const bool sp3 = f.eat(' ');
            const auto procid = f.token(128);
            const bool sp4 = f.eat(' ');
            const auto msgid = f.token(32);
            if (sp1 && host && sp2 && app && sp3 && procid && sp4 && msgid && (f.pos == f.s.size() || f.at(' '))) {
                h.confidence = Confidence::High;
                h.length = f.pos - h.start;
                if (*host != "-") h.hostname = text::printable(*host, 64);
                if (*app != "-") h.app = text::printable(*app, 48);
            }
            return h;
        }
    }

    Cursor b = c;
    {
        Cursor sequence = b; // Cisco IOS: "<189>35: *Mar  1 00:01:23.456: %SYS-5-CONFIG_I: ..."
        unsigned number = 0;
        if (sequence.number(1, 9, number) && sequence.eat(':') && sequence.eat(' ')) b = sequence;
    }
    if (!b.eat('*')) b.eat('.'); // Cisco marks an unsynchronised clock
    if (bsdTimestamp(b) && (b.pos == b.s.size() || b.at(' ') || b.at(':'))) {
        h.format = "RFC 3164";
        h.confidence = Confidence::High;
        h.length = b.pos - h.start;
        b.eat(':');
        if (b.eat(' ')) {
            Cursor f = b;
            const auto first = f.token(255);
            const bool more = f.eat(' ');
            const auto second = f.token(255);
            if (first && more && second && first->back() != ':' && first->find('[') == std::string_view::npos) {
                h.hostname = text::printable(*first, 64);
                h.app = text::printable(second->substr(0, second->find_first_of("[:")), 48);
            } else if (first) {
                h.app = text::printable(first->substr(0, first->find_first_of("[:")), 48);
            }
        }
        return h;
    }

    Cursor iso = c;
    if (isoTimestamp(iso) && (iso.pos == iso.s.size() || iso.at(' '))) { // RFC 3164 layout with an ISO time (rsyslog)
        h.format = "RFC 3164 (ISO timestamp)";
        h.confidence = Confidence::High;
        h.length = iso.pos - h.start;
        return h;
    }

    // Only "<PRI>" and a printable line: a syslog-like sender with its own layout.
    const std::string_view rest = c.s.substr(c.pos, 32);
    if (rest.size() < 8) return std::nullopt;
    for (char ch : rest) {
        const auto u = static_cast<unsigned char>(ch);
        if (u == '\n' || u == '\r') break;
        if ((u < 0x20 && u != '\t') || u == 0x7f) return std::nullopt;
    }
    h.format = "unknown";
    h.length = c.pos - h.start;
    return h;
}

constexpr ProtocolIdentity kSyslogIdentity{
    .name = "Syslog", .displayName = "Syslog", .tcp = true, .udp = true, .tieRank = 220};

class SyslogDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kSyslogIdentity; }

    bool ruledOut(const DetectionInput &input) const override
    {
        // Over UDP only the first datagram of each side counts, and it never changes; over TCP the
        // stream grows.
        return input.isUdp();
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const bool tcp = input.isTcp();
        Bytes data = tcp ? input.clientData() : input.firstDatagram(Direction::ToServer);
        Direction direction = Direction::ToServer;
        auto h = parse(data, tcp);
        if (!h) {
            data = tcp ? input.serverData() : input.firstDatagram(Direction::ToClient);
            direction = Direction::ToClient;
            h = parse(data, tcp);
        }
        if (!h) return std::nullopt;

        const char *facility = kFacilities[h->pri / 8];
        const char *severity = kSeverities[h->pri % 8];
        Detection d;
        d.protocol = "Syslog";
        d.confidence = h->confidence;
        const std::string header = text::printable(asText(data).substr(h->start, h->length), 80);
        d.evidence = {direction, static_cast<std::uint32_t>(h->start), static_cast<std::uint32_t>(h->length),
                      "syslog priority <" + std::to_string(h->pri) + "> (facility " + facility + ", severity " +
                          severity + ")" +
                          (h->format == "unknown" ? std::string(" followed by text")
                                                  : " and an " + h->format + " header '" + header + "'") +
                          " at the start of the " + (direction == Direction::ToServer ? "client's" : "server's") +
                          (tcp ? " data" : " first datagram")};
        d.add("syslog.facility", facility);
        d.add("syslog.severity", severity);
        d.add("syslog.format", h->format);
        if (!h->hostname.empty()) d.add("syslog.hostname", h->hostname);
        if (!h->app.empty()) d.add("syslog.app", h->app);
        if (h->octetCounted) d.add("syslog.framing", "octet-counting");
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(SyslogDetector)

} // namespace portlens
