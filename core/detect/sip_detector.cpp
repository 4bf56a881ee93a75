// SIP (RFC 3261) over UDP or TCP: a request line "INVITE sip:bob@example.com SIP/2.0" or a
// status line "SIP/2.0 200 OK", then headers; Via ("SIP/2.0/UDP host;branch=...") and CSeq
// ("1 INVITE") are in every message. Headers may use their compact forms (v, f, t, i, m, l).
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <array>
#include <string>

namespace portlens {

namespace {

constexpr std::array<std::string_view, 14> kMethods{"INVITE",    "REGISTER", "OPTIONS", "BYE",     "ACK",
                                                    "CANCEL",    "SUBSCRIBE", "NOTIFY", "MESSAGE", "INFO",
                                                    "PRACK",     "UPDATE",   "REFER",   "PUBLISH"};

struct Message {
    bool request = false;
    std::string method;   // request method, or the CSeq method of a response
    std::string status;   // "200"
    std::string startLine;
    std::string from, to, userAgent, server, callId;
    bool via = false;     // a Via header naming SIP/2.0
    bool cseq = false;    // a CSeq header "number METHOD" agreeing with the request
    std::size_t lineOffset = 0;
    std::size_t lineLength = 0;
};

bool isMethod(std::string_view s)
{
    for (std::string_view m : kMethods)
        if (s == m) return true;
    return false;
}

bool requestLine(std::string_view line, Message &m)
{
    const std::size_t first = line.find(' ');
    if (first == std::string_view::npos || !isMethod(line.substr(0, first))) return false;
    const std::size_t second = line.find(' ', first + 1);
    if (second == std::string_view::npos || line.substr(second + 1) != "SIP/2.0") return false;
    const std::string_view uri = line.substr(first + 1, second - first - 1);
    if (!text::startsWithNoCase(uri, "sip:") && !text::startsWithNoCase(uri, "sips:") && !text::startsWithNoCase(uri, "tel:"))
        return false;
    if (uri.find(' ') != std::string_view::npos) return false;
    m.request = true;
    m.method = std::string(line.substr(0, first));
    return true;
}

bool statusLine(std::string_view line, Message &m)
{
    if (line.size() < 11 || !line.starts_with("SIP/2.0 ")) return false;
    const std::string_view code = line.substr(8, 3);
    if (code[0] < '1' || code[0] > '6' || code[1] < '0' || code[1] > '9' || code[2] < '0' || code[2] > '9') return false;
    if (line.size() > 11 && line[11] != ' ') return false;
    m.status = std::string(code);
    return true;
}

bool header(std::string_view line, std::string_view full, std::string_view compact, std::string_view &value)
{
    return text::headerValue(line, full, value) || text::headerValue(line, compact, value);
}

std::optional<Message> parse(Bytes data)
{
    // Keep-alive blank lines may come before the start line (RFC 3261 section 7.5).
    ByteReader r(data);
    while (r.peekU8() == '\r' || r.peekU8() == '\n') r.skip(1);
    const std::size_t skipped = r.consumed();
    const Bytes rest = r.rest();
    if (rest.size() < 11) return std::nullopt;
    const char c0 = asText(rest)[0];
    if (c0 < 'A' || c0 > 'Z') return std::nullopt; // reject fast: methods and "SIP/2.0" are upper case

    Message m;
    bool ok = false;
    text::forEachLine(rest, [&](const text::Line &line) {
        if (line.offset == 0) {
            if (!line.complete || !text::isPrintable(line.text) || (!requestLine(line.text, m) && !statusLine(line.text, m)))
                return false;
            ok = true;
            m.startLine = text::printable(line.text);
            m.lineOffset = skipped;
            m.lineLength = line.text.size();
            return true;
        }
        if (line.text.empty()) return false; // end of headers
        std::string_view value;
        if (header(line.text, "Via", "v", value)) {
            m.via = m.via || text::startsWithNoCase(value, "SIP/2.0/");
        } else if (text::headerValue(line.text, "CSeq", value)) {
            const std::size_t space = value.find(' ');
            const bool number = space != 0 && space != std::string_view::npos &&
                                value.substr(0, space).find_first_not_of("0123456789") == std::string_view::npos;
            const std::string_view method = space == std::string_view::npos ? std::string_view() : text::trim(value.substr(space + 1));
            if (number && isMethod(method) && (!m.request || method == m.method)) {
                m.cseq = true;
                if (!m.request) m.method = std::string(method);
            }
        } else if (header(line.text, "From", "f", value)) {
            m.from = text::printable(value);
        } else if (header(line.text, "To", "t", value)) {
            m.to = text::printable(value);
        } else if (header(line.text, "Call-ID", "i", value)) {
            m.callId = text::printable(value);
        } else if (text::headerValue(line.text, "User-Agent", value)) {
            m.userAgent = text::printable(value);
        } else if (text::headerValue(line.text, "Server", value)) {
            m.server = text::printable(value);
        }
        return true;
    });
    if (!ok) return std::nullopt;
    return m;
}

constexpr ProtocolIdentity kSipIdentity{
    .name = "SIP", .displayName = "Session Initiation Protocol", .tcp = true, .udp = true, .tieRank = 240};

class SipDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kSipIdentity; }

    bool ruledOut(const DetectionInput &input) const override
    {
        // Over UDP only the first datagram of each side counts, and it never changes; over TCP the
        // stream grows.
        return input.isUdp();
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const bool udp = input.isUdp();
        const auto client = parse(udp ? input.firstDatagram(Direction::ToServer) : input.clientData());
        const auto server = parse(udp ? input.firstDatagram(Direction::ToClient) : input.serverData());
        if (!client && !server) return std::nullopt;
        const bool fromClient = client.has_value();
        const Message &main = fromClient ? *client : *server;
        const Message *reply = fromClient && server ? &*server : nullptr;

        Detection d;
        d.protocol = "SIP";
        const bool verified = (main.via && main.cseq) || (reply && reply->via && reply->cseq);
        d.confidence = verified ? Confidence::High : Confidence::Medium;
        d.evidence = {fromClient ? Direction::ToServer : Direction::ToClient, static_cast<std::uint32_t>(main.lineOffset),
                      static_cast<std::uint32_t>(main.lineLength),
                      std::string("SIP ") + (main.request ? "request line '" : "status line '") + main.startLine +
                          "' at the start of the " + (fromClient ? "client's" : "server's") +
                          (udp ? " first datagram" : " data") + (verified ? ", with Via and CSeq headers" : "")};
        if (!main.method.empty()) d.add("sip.method", main.method);
        const std::string *status = !main.status.empty() ? &main.status : reply && !reply->status.empty() ? &reply->status : nullptr;
        if (status) d.add("sip.status", *status);
        const auto pick = [&](std::string Message::*field) -> std::string {
            if (!(main.*field).empty()) return main.*field;
            return reply ? reply->*field : std::string();
        };
        const auto addIf = [&](const char *key, const std::string &value) {
            if (!value.empty()) d.add(key, value);
        };
        addIf("sip.from", pick(&Message::from));
        addIf("sip.to", pick(&Message::to));
        addIf("sip.call_id", pick(&Message::callId));
        addIf("sip.user_agent", pick(&Message::userAgent));
        addIf("sip.server", pick(&Message::server));
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(SipDetector)

} // namespace portlens
