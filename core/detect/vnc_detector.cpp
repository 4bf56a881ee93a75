// VNC, the Remote Framebuffer protocol (RFC 6143): the server opens with its ProtocolVersion,
// exactly 12 bytes "RFB xxx.yyy\n" (003.003, 003.007, 003.008; some servers say 004.001 or
// 005.000), and the client answers with the version it will speak, in the same form. After
// that come the security types and, for classic VNC authentication, a 16-byte DES challenge:
// the session itself (screen updates, keystrokes, pointer) is not encrypted unless the two add
// VeNCrypt/TLS or run inside a tunnel.
#include "core/detect/detector.h"
#include "core/detect/text_lines.h"
#include "core/util/translatable.h"

#include <string>

namespace portlens {

namespace {

// Metadata keys.
constexpr const char *kServerVersionKey = "vnc.server_version";
constexpr const char *kClientVersionKey = "vnc.client_version";

constexpr std::size_t kVersionSize = 12; // "RFB 003.008\n"

constexpr ProtocolIdentity kVncIdentity{
    .name = "VNC", .displayName = "Virtual Network Computing (Remote Framebuffer)", .tcp = true, .udp = false, .tieRank = 410};

// "003.008" when data starts with a ProtocolVersion message.
std::optional<std::string> protocolVersion(Bytes data)
{
    const std::string_view s = asText(data);
    if (s.size() < kVersionSize || s.compare(0, 4, "RFB ") != 0 || s[7] != '.' || s[11] != '\n') return std::nullopt;
    for (const std::size_t i : {std::size_t{4}, std::size_t{5}, std::size_t{6}, std::size_t{8}, std::size_t{9}, std::size_t{10}})
        if (!text::isDigit(s[i])) return std::nullopt;
    return std::string(s.substr(4, 7));
}

class VncDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kVncIdentity; }

    // The version messages are the first 12 bytes of each side: once a side sent 12 bytes that
    // are not one, nothing it sends later makes this VNC.
    bool ruledOut(const DetectionInput &input) const override
    {
        const auto settledNo = [](Bytes data) { return data.size() >= kVersionSize && !protocolVersion(data); };
        const Bytes server = input.serverData();
        const Bytes client = input.clientData();
        return (server.empty() || settledNo(server)) && (client.empty() || settledNo(client)) &&
               !(server.empty() && client.empty());
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const auto server = protocolVersion(input.serverData());
        const auto client = protocolVersion(input.clientData());
        if (!server && !client) return std::nullopt;
        Detection d;
        d.protocol = std::string(kVncIdentity.name);
        // One 12-byte version string is a fixed pattern, but an unusual one; both sides agreeing
        // on the form is unmistakable.
        d.confidence = server && client ? Confidence::High : Confidence::Medium;
        const bool fromServer = server.has_value();
        d.evidence = {fromServer ? Direction::ToClient : Direction::ToServer, 0, static_cast<std::uint32_t>(kVersionSize),
                      "RFB ProtocolVersion 'RFB " + (fromServer ? *server : *client) + "' at the start of the " +
                          (fromServer ? "server's" : "client's") + " data (VNC)"};
        if (server) d.add(kServerVersionKey, *server);
        if (client) d.add(kClientVersionKey, *client);
        return d;
    }

    void notes(const NoteContext &context) const override
    {
        context.note("vnc-unencrypted", Severity::Notice,
                     QT_TRANSLATE_NOOP("Verdict", "VNC (RFB %1): unless both ends add encryption (VeNCrypt, TLS) or a "
                                                  "tunnel, the screen and every keystroke cross the network in clear text"),
                     {context.meta(kServerVersionKey).empty() ? context.meta(kClientVersionKey)
                                                               : context.meta(kServerVersionKey)});
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(VncDetector)

} // namespace portlens
