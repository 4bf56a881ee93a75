// HTTP/1.x: a request line "METHOD target HTTP/1.x" from the client, or a status line
// "HTTP/1.x NNN reason" from the server (RFC 9112), with the headers analysts look at.
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <array>

namespace portlens {

namespace {

// Metadata keys (read by notes() below).
constexpr const char *kAuthorizationKey = "http.authorization";

constexpr std::array<std::string_view, 9> kMethods{"GET ", "POST ", "HEAD ", "PUT ", "DELETE ",
                                                    "OPTIONS ", "CONNECT ", "PATCH ", "TRACE "};

constexpr ProtocolIdentity kHttpIdentity{
    .name = "HTTP", .displayName = "Hypertext Transfer Protocol", .tcp = true, .udp = false, .tieRank = 20};

class HttpDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kHttpIdentity; }

    void notes(const NoteContext &context) const override
    {
        if (const std::string scheme = context.meta(kAuthorizationKey); !scheme.empty())
            context.note("http-credentials", Severity::Warning,
                         QT_TRANSLATE_NOOP("Verdict", "an HTTP request carries %1 credentials in clear text"), {scheme});
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        Detection d;
        d.protocol = "HTTP";
        const bool request = requestLine(input.clientData(), d);
        const bool response = statusLine(input.serverData(), d);
        if (!request && !response) return std::nullopt;
        d.confidence = request && response ? Confidence::High : Confidence::Medium;
        if (isUpnp(d, input.serverData())) d.add("http.upnp", "yes");
        return d;
    }

private:
    // UPnP device descriptions (port 5000 and others) are plain HTTP: the device's Server header
    // names "UPnP/1.0" (so may a control point's User-Agent), or an .xml path - what an SSDP
    // LOCATION points to - is answered with a UPnP device description.
    static bool isUpnp(const Detection &d, Bytes serverData)
    {
        const auto mentions = [](const std::string *value, std::string_view what) {
            if (!value) return false;
            for (std::size_t i = 0; i + what.size() <= value->size(); ++i)
                if (text::startsWithNoCase(std::string_view(*value).substr(i), what)) return true;
            return false;
        };
        if (mentions(d.find("http.server"), "UPnP/") || mentions(d.find("http.user_agent"), "UPnP/")) return true;
        const std::string *path = d.find("http.path");
        return path && path->ends_with(".xml") && asText(serverData).find("urn:schemas-upnp-org:") != std::string_view::npos;
    }

    static bool requestLine(Bytes data, Detection &d)
    {
        const std::string_view s = asText(data);
        const auto method = std::find_if(kMethods.begin(), kMethods.end(),
                                         [&](std::string_view m) { return s.substr(0, m.size()) == m; });
        if (method == kMethods.end()) return false;
        bool ok = false;
        text::forEachLine(data, [&](const text::Line &line) {
            if (line.offset == 0) {
                const std::size_t version = line.text.rfind(" HTTP/1.");
                if (version == std::string_view::npos || version <= method->size() || !text::isPrintable(line.text))
                    return false;
                ok = true;
                d.evidence = {Direction::ToServer, 0, static_cast<std::uint32_t>(line.text.size()),
                              "HTTP request line '" + text::printable(line.text) + "' at the start of the client's data"};
                d.add("http.method", std::string(method->substr(0, method->size() - 1)));
                d.add("http.path", text::printable(line.text.substr(method->size(), version - method->size()), 200));
                return true;
            }
            if (line.text.empty()) return false; // end of headers
            std::string_view value;
            if (text::headerValue(line.text, "Host", value)) d.add("http.host", text::printable(value));
            else if (text::headerValue(line.text, "User-Agent", value)) d.add("http.user_agent", text::printable(value));
            else if (text::headerValue(line.text, "Authorization", value))
                d.add(kAuthorizationKey, text::printable(value.substr(0, value.find(' ')))); // the scheme only
            return true;
        });
        return ok;
    }

    static bool statusLine(Bytes data, Detection &d)
    {
        const std::string_view s = asText(data);
        if (s.size() < 12 || s.compare(0, 7, "HTTP/1.") != 0 || s[8] != ' ') return false;
        bool ok = false;
        text::forEachLine(data, [&](const text::Line &line) {
            if (line.offset == 0) {
                // The size check above was on the whole payload; the first line can still be
                // shorter than "HTTP/1.x NNN" ("HTTP/1.\n 200 OK" is 19 bytes with a 7-byte line).
                if (line.text.size() < 12) return false;
                const std::string_view code = line.text.substr(9, 3);
                if (code.size() != 3 || !std::isdigit(static_cast<unsigned char>(code[0])) || !text::isPrintable(line.text))
                    return false;
                ok = true;
                d.add("http.status", std::string(code));
                if (d.evidence.sentence.empty())
                    d.evidence = {Direction::ToClient, 0, static_cast<std::uint32_t>(line.text.size()),
                                  "HTTP status line '" + text::printable(line.text) + "' at the start of the server's data"};
                return true;
            }
            if (line.text.empty()) return false;
            std::string_view value;
            if (text::headerValue(line.text, "Server", value)) d.add("http.server", text::printable(value));
            return true;
        });
        return ok;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(HttpDetector)

} // namespace portlens
