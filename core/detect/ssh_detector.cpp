// SSH: both sides open with an identification string "SSH-protoversion-softwareversion"
// (RFC 4253 section 4.2); the server usually speaks first.
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/text_lines.h"

namespace portlens {

namespace {

constexpr ProtocolIdentity kSshIdentity{
    .name = "SSH", .displayName = "Secure Shell", .tcp = true, .udp = false, .tieRank = 10};

class SshDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kSshIdentity; }

    void notes(const NoteContext &context) const override
    {
        const std::uint16_t port = context.connection.server.port;
        if (port != 22)
            context.note("ssh-off-22", Severity::Warning,
                         QT_TRANSLATE_NOOP("Verdict", "SSH on port %1 instead of 22: SSH can tunnel any traffic, so letting it "
                                                      "through the perimeter on any port undermines the perimeter"),
                         {std::to_string(port)});
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const auto server = banner(input.serverData());
        const auto client = banner(input.clientData());
        if (!server && !client) return std::nullopt;

        Detection d;
        d.protocol = "SSH";
        d.confidence = Confidence::High;
        const bool fromServer = server.has_value();
        const text::Line &line = fromServer ? *server : *client;
        d.evidence = {fromServer ? Direction::ToClient : Direction::ToServer, 0,
                      static_cast<std::uint32_t>(line.text.size()),
                      "SSH identification string '" + text::printable(line.text) + "' at the start of the " +
                          (fromServer ? "server's" : "client's") + " data"};
        if (server) d.add("ssh.server", text::printable(server->text));
        if (client) d.add("ssh.client", text::printable(client->text));
        return d;
    }

private:
    // "SSH-2.0-..." or "SSH-1.99-..." at the very start, printable up to the line end.
    static std::optional<text::Line> banner(Bytes data)
    {
        const std::string_view s = asText(data);
        if (s.size() < 8 || s.compare(0, 4, "SSH-") != 0) return std::nullopt;
        if (s.compare(4, 4, "2.0-") != 0 && s.compare(4, 5, "1.99-") != 0 && s.compare(4, 4, "1.5-") != 0)
            return std::nullopt;
        std::optional<text::Line> first;
        text::forEachLine(data, [&](const text::Line &l) { first = l; return false; }, 1);
        if (!first || first->text.size() > 255 || !text::isPrintable(first->text)) return std::nullopt;
        return first;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(SshDetector)

} // namespace portlens
