#include "core/verdict/verdict.h"

#include "core/ports/port_knowledge.h"
#include "core/util/translatable.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace portlens {

std::string Message::toString() const
{
    // Whole runs of the template are appended at once: this runs for every row the CLI writes.
    std::size_t size = std::strlen(text);
    for (const std::string &argument : arguments) size += argument.size();
    std::string out;
    out.reserve(size);
    const char *p = text;
    while (const char *percent = std::strchr(p, '%')) {
        out.append(p, percent);
        if (percent[1] >= '1' && percent[1] <= '9') {
            const auto index = static_cast<std::size_t>(percent[1] - '1');
            if (index < arguments.size()) out += arguments[index];
            p = percent + 2;
        } else {
            out += '%';
            p = percent + 1;
        }
    }
    out.append(p);
    return out;
}

const char *verdictKindName(VerdictKind kind)
{
    switch (kind) {
    case VerdictKind::Expected: return "expected";
    case VerdictKind::Mismatch: return "mismatch";
    case VerdictKind::UnexpectedContent: return "unexpected-content";
    case VerdictKind::Unknown: return "unknown";
    case VerdictKind::Note: return "note";
    case VerdictKind::NoPayload: return "no-payload";
    }
    return "?";
}

const char *severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info: return "info";
    case Severity::Notice: return "notice";
    case Severity::Warning: return "warning";
    }
    return "?";
}

namespace {

std::string portText(const Connection &c) { return std::to_string(c.server.port) + "/" + transportName(c.transport); }

std::string meta(const Connection &c, std::string_view key)
{
    const std::string *value = c.detection.find(key);
    return value ? *value : std::string();
}

// The IANA registration of a port PortLens has no detector for, e.g. "hbci (HBCI)": worth naming,
// though a registered name alone says nothing about what should be seen there.
std::string registeredName(const PortKnowledge &ports, const Connection &c)
{
    const PortService *registered = ports.registered(c.server.port, c.transport);
    if (!registered) return {};
    std::string name = registered->name();
    if (!registered->description.empty() && registered->description != name) name += " (" + registered->description + ")";
    return name;
}

std::string joinPorts(const std::vector<std::uint16_t> &ports)
{
    std::string out;
    for (std::size_t i = 0; i < ports.size() && i < 4; ++i) out += (i ? ", " : "") + std::to_string(ports[i]);
    return out;
}

// An honest hint about bytes no detector recognised.
Message contentHint(const Connection &c)
{
    const auto &client = c.payload.of(Direction::ToServer);
    const auto &bytes = client.empty() ? c.payload.of(Direction::ToClient) : client;
    const std::size_t n = std::min<std::size_t>(bytes.size(), 512);
    if (n == 0) return {QT_TRANSLATE_NOOP("Verdict", "no payload was kept"), {}};
    // Count byte values first and derive everything else from the 256 counts: one increment per
    // byte is all the per-byte work (this runs for every unrecognised connection).
    std::array<std::uint32_t, 256> counts{};
    for (std::size_t i = 0; i < n; ++i) ++counts[std::to_integer<std::uint8_t>(bytes[i])];
    std::size_t printable = std::size_t{counts['\r']} + counts['\n'] + counts['\t'];
    for (std::size_t b = 0x20; b < 0x7f; ++b) printable += counts[b];
    if (printable * 10 >= n * 9) return {QT_TRANSLATE_NOOP("Verdict", "the payload looks like text"), {}};
    if (n < 32) return {QT_TRANSLATE_NOOP("Verdict", "the payload is binary"), {}};
    // Shannon entropy = log2(n) - (1/n) * sum(c * log2(c)); c * log2(c) comes from a table, since
    // log2 per byte value was most of this function's cost. Summed in byte-value order, as before.
    static const std::array<double, 513> cLog2c = [] {
        std::array<double, 513> table{};
        for (std::size_t k = 1; k < table.size(); ++k) table[k] = static_cast<double>(k) * std::log2(static_cast<double>(k));
        return table;
    }();
    double sum = 0;
    for (std::uint32_t count : counts) sum += cLog2c[count];
    const double entropy = std::log2(static_cast<double>(n)) - sum / static_cast<double>(n);
    // Random bytes of length n reach about log2(n) bits per byte (8 at most); compare with that.
    const double ceiling = std::log2(static_cast<double>(std::min<std::size_t>(n, 256)));
    if (entropy >= 0.85 * ceiling)
        return {QT_TRANSLATE_NOOP("Verdict", "the payload looks encrypted or compressed from the first byte"), {}};
    return {QT_TRANSLATE_NOOP("Verdict", "the payload is binary"), {}};
}

bool isAddress(const IpAddress &address, std::initializer_list<const char *> candidates)
{
    for (const char *text : candidates)
        if (IpAddress::parse(text) == address) return true;
    return false;
}

void addNotes(const Connection &c, Verdict &v)
{
    const std::string &p = c.detection.protocol;
    auto note = [&v](const char *code, Severity severity, const char *text, std::vector<std::string> args = {}) {
        v.notes.push_back({code, severity, Message{text, std::move(args)}});
    };

    if (p == "SSH" && c.server.port != 22)
        note("ssh-off-22", Severity::Warning,
             QT_TRANSLATE_NOOP("Verdict", "SSH on port %1 instead of 22: SSH can tunnel any traffic, so letting it through "
                                          "the perimeter on any port undermines the perimeter"),
             {std::to_string(c.server.port)});
    if (p == "Telnet")
        note("plaintext-telnet", Severity::Warning,
             QT_TRANSLATE_NOOP("Verdict", "Telnet sends logins and everything typed in clear text; SSH replaced it"));
    if (p == "FTP" && meta(c, "ftp.auth_tls").empty())
        note("plaintext-ftp", Severity::Notice,
             QT_TRANSLATE_NOOP("Verdict", "FTP sends the user name, password and files in clear text"));
    if (p == "SMTP" && meta(c, "smtp.starttls") != "used")
        note("plaintext-smtp", Severity::Notice,
             QT_TRANSLATE_NOOP("Verdict", "SMTP without STARTTLS: the mail travels in clear text"));
    if (p == "HTTP" && !meta(c, "http.authorization").empty())
        note("http-credentials", Severity::Warning,
             QT_TRANSLATE_NOOP("Verdict", "an HTTP request carries %1 credentials in clear text"),
             {meta(c, "http.authorization")});
    if (p == "SNMP" && !meta(c, "snmp.community").empty())
        note("snmp-community", Severity::Warning,
             QT_TRANSLATE_NOOP("Verdict", "SNMP community string '%1' travels in clear text"), {meta(c, "snmp.community")});
    if ((p == "POP3" && !meta(c, "pop3.password_sent").empty() && meta(c, "pop3.stls") != "used") ||
        (p == "IMAP" && meta(c, "imap.login") == "plaintext"))
        note("plaintext-mail-login", Severity::Warning,
             QT_TRANSLATE_NOOP("Verdict", "%1 login without STARTTLS: the password travels in clear text"), {p});
    if (p == "LDAP" && meta(c, "ldap.simple_bind") == "yes")
        note("ldap-simple-bind", Severity::Warning,
             QT_TRANSLATE_NOOP("Verdict", "LDAP simple bind: the password travels in clear text"));
    if (p == "DNS" && c.isTcp()) {
        if (meta(c, "dns.zone_transfer") == "yes")
            note("dns-zone-transfer", Severity::Notice,
                 QT_TRANSLATE_NOOP("Verdict", "DNS zone transfer (%1): a copy of a whole zone, normally only between DNS servers"),
                 {meta(c, "dns.qtype")});
        else
            note("dns-over-tcp", Severity::Info,
                 QT_TRANSLATE_NOOP("Verdict", "DNS over TCP carries large answers and zone transfers; most DNS uses UDP, and "
                                              "some sites block 53/tcp"));
    }
    if (p == "BGP")
        note("bgp", Severity::Info,
             QT_TRANSLATE_NOOP("Verdict", "BGP exchanges routes between routers: both ends should be routers, and BGP is "
                                          "not encrypted"));
    const std::string method = meta(c, "ssdp.method");
    if (p == "SSDP" && (method == "M-SEARCH" || method == "NOTIFY") &&
        !isAddress(c.server.address, {"239.255.255.250", "ff02::c", "ff05::c"}))
        note("ssdp-unicast", Severity::Warning,
             QT_TRANSLATE_NOOP("Verdict", "SSDP %1 sent to %2 instead of the multicast group 239.255.255.250"),
             {method, c.server.address.toString()});
    if (p == "MDNS" && c.server.port == 5353 && !isAddress(c.server.address, {"224.0.0.251", "ff02::fb"}))
        note("mdns-unicast", Severity::Notice,
             QT_TRANSLATE_NOOP("Verdict", "mDNS sent to %1 instead of the multicast group 224.0.0.251"),
             {c.server.address.toString()});
    if (p == "LLMNR") {
        if (meta(c, "dns.qr") == "query" && !isAddress(c.server.address, {"224.0.0.252", "ff02::1:3"}))
            note("llmnr-unicast", Severity::Notice,
                 QT_TRANSLATE_NOOP("Verdict", "LLMNR query sent to %1 instead of the multicast group 224.0.0.252"),
                 {c.server.address.toString()});
        note("llmnr", Severity::Info,
             QT_TRANSLATE_NOOP("Verdict", "any host on the link can answer LLMNR, a classic way to steal credentials"));
    }
    std::stable_sort(v.notes.begin(), v.notes.end(),
                     [](const VerdictNote &a, const VerdictNote &b) { return a.severity > b.severity; });
}

} // namespace

Verdict judge(const Connection &c, const PortKnowledge &ports)
{
    Verdict v;
    const PortService *service = ports.lookup(c.server.port, c.transport);
    if (service) v.portService = service->title;
    const std::string &p = c.detection.protocol;
    const bool hasPayload = c.toServer.payloadBytes > 0 || c.toClient.payloadBytes > 0 ||
                            !c.payload.of(Direction::ToServer).empty() || !c.payload.of(Direction::ToClient).empty();

    if (p == "FTP-DATA") {
        v.kind = VerdictKind::Expected;
        v.reason = {QT_TRANSLATE_NOOP("Verdict", "FTP data channel announced on control connection #%1"),
                    {std::to_string(c.relatedId)}};
    } else if (!p.empty()) {
        if (service && ports.isNormalFor(p, c.server.port, c.transport)) {
            v.kind = VerdictKind::Expected;
            v.reason = {QT_TRANSLATE_NOOP("Verdict", "%1 on %2, the port's normal service"), {p, portText(c)}};
        } else if (service) {
            v.kind = VerdictKind::Mismatch;
            v.severity = Severity::Warning;
            v.reason = {QT_TRANSLATE_NOOP("Verdict", "%1 on %2, which normally carries %3"), {p, portText(c), service->title}};
        } else {
            v.kind = VerdictKind::Note;
            v.severity = Severity::Notice;
            const auto usual = ports.usualPorts(p, c.transport);
            const std::string name = registeredName(ports, c);
            if (!name.empty() && usual.empty())
                v.reason = {QT_TRANSLATE_NOOP("Verdict", "%1 on %2, a port registered for %3"), {p, portText(c), name}};
            else if (!name.empty())
                v.reason = {QT_TRANSLATE_NOOP("Verdict", "%1 on %2, a port registered for %3 (%1 normally uses %4)"),
                            {p, portText(c), name, joinPorts(usual)}};
            else if (usual.empty())
                v.reason = {QT_TRANSLATE_NOOP("Verdict", "%1 on %2, a port with no well-known service"), {p, portText(c)}};
            else
                v.reason = {QT_TRANSLATE_NOOP("Verdict", "%1 on %2, a port with no well-known service (%1 normally uses %3)"),
                            {p, portText(c), joinPorts(usual)}};
        }
    } else if (!hasPayload) {
        v.kind = VerdictKind::NoPayload;
        v.reason = {QT_TRANSLATE_NOOP("Verdict", "no payload: nothing shows what this connection would have carried"), {}};
    } else if (service) {
        v.kind = VerdictKind::UnexpectedContent;
        v.severity = Severity::Warning;
        v.reason = {QT_TRANSLATE_NOOP("Verdict", "%1 normally carries %2, but this payload is not %2 (%3)"),
                    {portText(c), service->title, contentHint(c).toString()}};
    } else {
        v.kind = VerdictKind::Unknown;
        if (const std::string name = registeredName(ports, c); !name.empty())
            v.reason = {QT_TRANSLATE_NOOP("Verdict", "no known protocol on %1 (%2); the port is registered for %3"),
                        {portText(c), contentHint(c).toString(), name}};
        else
            v.reason = {QT_TRANSLATE_NOOP("Verdict", "no known protocol on %1 (%2)"), {portText(c), contentHint(c).toString()}};
    }

    addNotes(c, v);
    for (const VerdictNote &n : v.notes) v.severity = std::max(v.severity, n.severity);
    if (v.kind == VerdictKind::Expected && !v.notes.empty() && v.notes.front().severity >= Severity::Notice)
        v.kind = VerdictKind::Note;
    return v;
}

} // namespace portlens
