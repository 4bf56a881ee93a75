// RTSP (RFC 2326, RFC 7826): HTTP-like text, but the request line ends in "RTSP/1.0" (or 2.0)
// and names an rtsp:// URL: "DESCRIBE rtsp://cam.example/stream1 RTSP/1.0"; the server answers
// "RTSP/1.0 200 OK". The HTTP detector only accepts "HTTP/1." lines, so the two never overlap.
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace portlens {

namespace {

using text::isDigit;

constexpr std::array<std::string_view, 11> kMethods{"OPTIONS",  "DESCRIBE", "SETUP",         "PLAY",
                                                    "PAUSE",    "TEARDOWN", "ANNOUNCE",      "RECORD",
                                                    "REDIRECT", "GET_PARAMETER", "SET_PARAMETER"};

// "rtsp://user:secret@cam.example/stream" -> "rtsp://cam.example/stream": never credentials.
std::string withoutCredentials(std::string_view url)
{
    const std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return text::printable(url, 200);
    const std::size_t hostStart = scheme + 3;
    const std::size_t pathStart = std::min(url.find('/', hostStart), url.size());
    const std::size_t at = url.substr(0, pathStart).rfind('@');
    if (at == std::string_view::npos || at < hostStart) return text::printable(url, 200);
    return text::printable(std::string(url.substr(0, hostStart)) + std::string(url.substr(at + 1)), 200);
}

constexpr ProtocolIdentity kRtspIdentity{
    .name = "RTSP", .displayName = "Real Time Streaming Protocol", .tcp = true, .udp = false, .tieRank = 330};

class RtspDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kRtspIdentity; }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        Detection d;
        d.protocol = "RTSP";
        const bool request = requestLine(input.clientData(), d);
        const bool response = statusLine(input.serverData(), d);
        if (!request && !response) return std::nullopt;
        d.confidence = request && response ? Confidence::High : Confidence::Medium;
        return d;
    }

private:
    static bool requestLine(Bytes data, Detection &d)
    {
        const std::string_view s = asText(data);
        // Reject fast: a method name and a space.
        const auto method = std::find_if(kMethods.begin(), kMethods.end(), [&](std::string_view m) {
            return s.size() > m.size() && s.substr(0, m.size()) == m && s[m.size()] == ' ';
        });
        if (method == kMethods.end()) return false;
        bool ok = false;
        text::forEachLine(data, [&](const text::Line &line) {
            if (line.offset == 0) {
                // "METHOD url RTSP/1.0": the url is rtsp://, rtsps://, rtspu:// or "*".
                const std::size_t version = line.text.rfind(" RTSP/");
                if (version == std::string_view::npos || version <= method->size() || !text::isPrintable(line.text))
                    return false;
                const std::string_view versionText = line.text.substr(version + 1);
                if (versionText != "RTSP/1.0" && versionText != "RTSP/2.0") return false;
                const std::string_view url = text::trim(line.text.substr(method->size() + 1, version - method->size() - 1));
                if (url != "*" && !text::startsWithNoCase(url, "rtsp://") && !text::startsWithNoCase(url, "rtsps://") &&
                    !text::startsWithNoCase(url, "rtspu://"))
                    return false;
                ok = true;
                d.evidence = {Direction::ToServer, 0, static_cast<std::uint32_t>(line.text.size()),
                              "RTSP request line '" + std::string(*method) + " " + withoutCredentials(url) + " " +
                                  std::string(versionText) + "' at the start of the client's data"};
                d.add("rtsp.method", std::string(*method));
                d.add("rtsp.url", withoutCredentials(url));
                return true;
            }
            if (line.text.empty()) return false; // end of headers
            std::string_view value;
            if (text::headerValue(line.text, "User-Agent", value)) d.add("rtsp.user_agent", text::printable(value));
            return true;
        });
        return ok;
    }

    static bool statusLine(Bytes data, Detection &d)
    {
        const std::string_view s = asText(data);
        // "RTSP/1.0 200 OK"
        if (s.size() < 12 || (s.substr(0, 9) != "RTSP/1.0 " && s.substr(0, 9) != "RTSP/2.0 ") || !isDigit(s[9]) ||
            !isDigit(s[10]) || !isDigit(s[11]))
            return false;
        bool ok = false;
        text::forEachLine(data, [&](const text::Line &line) {
            if (line.offset == 0) {
                if (!text::isPrintable(line.text) || (line.text.size() > 12 && line.text[12] != ' ')) return false;
                ok = true;
                d.add("rtsp.status", std::string(line.text.substr(9, 3)));
                if (d.evidence.sentence.empty())
                    d.evidence = {Direction::ToClient, 0, static_cast<std::uint32_t>(line.text.size()),
                                  "RTSP status line '" + text::printable(line.text) + "' at the start of the server's data"};
                else
                    d.evidence.sentence += ", answered by the server's status line '" + text::printable(line.text) + "'";
                return true;
            }
            if (line.text.empty()) return false;
            std::string_view value;
            if (text::headerValue(line.text, "Server", value)) d.add("rtsp.server", text::printable(value));
            return true;
        });
        return ok;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(RtspDetector)

} // namespace portlens
