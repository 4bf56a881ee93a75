#include "core/verdict/verdict.h"

#include "core/detect/registry.h"
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

// The protocol's own notes (in its detector file), strongest first.
void addNotes(const Connection &c, const PortKnowledge &ports, const DetectorRegistry &registry, Verdict &v,
              std::vector<std::string> *metadataRead)
{
    std::string failure = c.detectorFailure;
    if (const Detector *detector = c.detection.protocol.empty() ? nullptr : registry.find(c.detection.protocol)) {
        try {
            detector->notes(NoteContext(c, ports, v.notes, metadataRead));
        } catch (const std::exception &e) {
            if (failure.empty()) failure = detectorFailure(*detector, e);
        }
    }
    // A parser bug must not pass for "nothing found": the analyst is told that this connection
    // was not fully read, and by which detector.
    if (!failure.empty())
        v.notes.push_back({"detector-failed", Severity::Warning,
                           {QT_TRANSLATE_NOOP("Verdict", "a PortLens detector failed on this connection's bytes (%1); "
                                                         "it was skipped here, so the detection may be incomplete"),
                            {failure}}});
    std::stable_sort(v.notes.begin(), v.notes.end(),
                     [](const VerdictNote &a, const VerdictNote &b) { return a.severity > b.severity; });
}

} // namespace

Verdict judge(const Connection &c, const PortKnowledge &ports)
{
    return judge(c, ports, DetectorRegistry::builtin());
}

Verdict judge(const Connection &c, const PortKnowledge &ports, const DetectorRegistry &registry,
              std::vector<std::string> *metadataRead)
{
    Verdict v;
    const PortService *service = ports.lookup(c.server.port, c.transport);
    if (service) v.portService = service->title;
    const std::string &p = c.detection.protocol;
    const bool hasPayload = c.toServer.payloadBytes > 0 || c.toClient.payloadBytes > 0 ||
                            !c.payload.of(Direction::ToServer).empty() || !c.payload.of(Direction::ToClient).empty();

    if (c.relatedId != 0 && !p.empty()) {
        v.kind = VerdictKind::Expected;
        v.reason = {QT_TRANSLATE_NOOP("Verdict", "%1 announced on control connection #%2"),
                    {std::string(registry.displayName(p)), std::to_string(c.relatedId)}};
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

    addNotes(c, ports, registry, v, metadataRead);
    for (const VerdictNote &n : v.notes) v.severity = std::max(v.severity, n.severity);
    if (v.kind == VerdictKind::Expected && !v.notes.empty() && v.notes.front().severity >= Severity::Notice)
        v.kind = VerdictKind::Note;
    return v;
}

} // namespace portlens
