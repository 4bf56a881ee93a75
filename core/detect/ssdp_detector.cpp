// SSDP (UPnP device discovery) over UDP: HTTP-like messages. A control point multicasts
// "M-SEARCH * HTTP/1.1" with MAN: "ssdp:discover" and ST (what it searches for); devices
// answer "HTTP/1.1 200 OK" with ST, USN and LOCATION (where their description lives) and
// announce themselves with "NOTIFY * HTTP/1.1" carrying NT, NTS and USN.
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/text_lines.h"

#include <string>

namespace portlens {

namespace {

// Metadata keys (read by notes() below).
constexpr const char *kMethodKey = "ssdp.method";

struct Message {
    std::string method; // "M-SEARCH", "NOTIFY" or "response"
    std::string startLine;
    std::string st, nt, nts, usn, location, server, userAgent;
    bool discover = false; // MAN: "ssdp:discover"
    std::size_t lineLength = 0;
    Confidence confidence = Confidence::Low;
};

std::optional<Message> parse(Bytes data)
{
    const std::string_view s = asText(data);
    Message m;
    if (s.starts_with("M-SEARCH * HTTP/1.1")) m.method = "M-SEARCH";
    else if (s.starts_with("NOTIFY * HTTP/1.1")) m.method = "NOTIFY";
    else if (s.starts_with("HTTP/1.1 200") || s.starts_with("HTTP/1.0 200")) m.method = "response";
    else return std::nullopt;

    bool ok = false;
    text::forEachLine(data, [&](const text::Line &line) {
        if (line.offset == 0) {
            // The request line is exactly that; the status line is "HTTP/1.x 200 OK" or similar.
            const bool exact = line.text == "M-SEARCH * HTTP/1.1" || line.text == "NOTIFY * HTTP/1.1";
            if (!text::isPrintable(line.text) || (m.method != "response" && !exact)) return false;
            ok = true;
            m.startLine = text::printable(line.text);
            m.lineLength = line.text.size();
            return true;
        }
        if (line.text.empty()) return false;
        std::string_view value;
        if (text::headerValue(line.text, "ST", value)) m.st = text::printable(value);
        else if (text::headerValue(line.text, "NT", value)) m.nt = text::printable(value);
        else if (text::headerValue(line.text, "NTS", value)) m.nts = text::printable(value);
        else if (text::headerValue(line.text, "USN", value)) m.usn = text::printable(value);
        else if (text::headerValue(line.text, "LOCATION", value)) m.location = text::printable(value, 200);
        else if (text::headerValue(line.text, "SERVER", value)) m.server = text::printable(value);
        else if (text::headerValue(line.text, "USER-AGENT", value)) m.userAgent = text::printable(value);
        else if (text::headerValue(line.text, "MAN", value)) m.discover = value.find("ssdp:discover") != std::string_view::npos;
        return true;
    });
    if (!ok) return std::nullopt;
    if (m.method == "M-SEARCH") m.confidence = m.discover || !m.st.empty() ? Confidence::High : Confidence::Medium;
    else if (m.method == "NOTIFY") m.confidence = !m.nt.empty() || !m.nts.empty() ? Confidence::High : Confidence::Medium;
    else if (!m.st.empty() && !m.usn.empty()) m.confidence = Confidence::High;
    else if (!m.st.empty() || !m.usn.empty()) m.confidence = Confidence::Medium;
    else return std::nullopt; // an HTTP response over UDP without discovery headers is not ours to claim
    return m;
}

constexpr ProtocolIdentity kSsdpIdentity{
    .name = "SSDP", .displayName = "Simple Service Discovery Protocol", .tcp = false, .udp = true, .tieRank = 230};

class SsdpDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kSsdpIdentity; }

    void notes(const NoteContext &context) const override
    {
        // Searches and announcements go to the multicast group the port data names for SSDP.
        const std::string method = context.meta(kMethodKey);
        if ((method == "M-SEARCH" || method == "NOTIFY") && !context.sentToUsualDestination())
            context.note("ssdp-unicast", Severity::Warning,
                         QT_TRANSLATE_NOOP("Verdict", "SSDP %1 sent to %2 instead of the multicast group 239.255.255.250"),
                         {method, context.connection.server.address.toString()});
    }

    bool ruledOut(const DetectionInput & /*input*/) const override
    {
        // Only the first datagram of each side counts, and a side's first datagram never changes.
        return true;
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const auto client = parse(input.firstDatagram(Direction::ToServer));
        const auto server = parse(input.firstDatagram(Direction::ToClient));
        if (!client && !server) return std::nullopt;
        const bool fromClient = client.has_value();
        const Message &main = fromClient ? *client : *server;
        const Message *reply = fromClient && server ? &*server : nullptr;

        Detection d;
        d.protocol = "SSDP";
        d.confidence = main.confidence;
        if (reply && reply->confidence > d.confidence) d.confidence = reply->confidence;
        std::string sentence = main.method == "response"
                                   ? "SSDP search response '" + main.startLine + "' with " +
                                         (main.usn.empty() ? "an ST header" : "a USN header")
                                   : "SSDP " + main.method + " request line '" + main.startLine + "'";
        sentence += std::string(" in the ") + (fromClient ? "client's" : "server's") + " first datagram";
        if (reply) sentence += ", answered by '" + reply->startLine + "'";
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, 0,
                      static_cast<std::uint32_t>(main.lineLength), sentence};
        d.add(kMethodKey, main.method);
        const auto first = [&](std::string Message::*field) -> std::string {
            if (!(main.*field).empty()) return main.*field;
            return reply ? reply->*field : std::string();
        };
        const auto addIf = [&](const char *key, const std::string &value) {
            if (!value.empty()) d.add(key, value);
        };
        addIf("ssdp.st", first(&Message::st));
        addIf("ssdp.nt", first(&Message::nt));
        addIf("ssdp.nts", first(&Message::nts));
        addIf("ssdp.usn", first(&Message::usn));
        addIf("ssdp.location", first(&Message::location));
        addIf("ssdp.server", first(&Message::server));
        addIf("ssdp.user_agent", first(&Message::userAgent));
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(SsdpDetector)

} // namespace portlens
