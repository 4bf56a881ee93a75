// TLS (RFC 8446, 5246): a handshake record (content type 22) at the
// very start of a direction, carrying a ClientHello (client) or a ServerHello (server), parsed
// through its extensions for the server name (SNI), ALPN and supported_versions.
//
// Only the start of a direction counts: after a STARTTLS upgrade (SMTP, IMAP, POP3, FTP, RDP) the
// TLS records come later in the stream, and the text protocol's detector owns the connection.
//
// Confidence: a complete hello (every length consistent through the extensions) is High; a hello
// cut by the kept-bytes limit (record header and handshake type right, body incomplete) or one
// whose body does not parse is Medium; records without a hello (capture started mid-connection)
// are Medium, or Low for a single record. The negotiated version (TLS 1.3 is only visible in the
// ServerHello's supported_versions) arrives after the ClientHello: the engine reads the winning
// detector once more when the connection ends, which picks it up.
#include "core/detect/detector.h"
#include "core/detect/tls_hello.h"

#include <string>
namespace portlens {

namespace {

using namespace tls;

constexpr ProtocolIdentity kTlsIdentity{
    .name = "TLS", .displayName = "Transport Layer Security", .tcp = true, .udp = false, .tieRank = 30};

class TlsDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kTlsIdentity; }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        auto hello = report(tlsHello(input.clientData(), kClientHello), tlsHello(input.serverData(), kServerHello), false);
        if (hello) return hello;
        // No hello: records from the middle of a connection.
        const auto client = tlsRecords(input.clientData(), input.firstDatagram(Direction::ToServer).size());
        const auto server = tlsRecords(input.serverData(), input.firstDatagram(Direction::ToClient).size());
        if (!client && !server) return std::nullopt;
        const Records &shown = client ? *client : *server;
        const std::size_t total = (client ? client->count : 0) + (server ? server->count : 0);
        Detection d;
        d.protocol = "TLS";
        d.confidence = total >= 2 ? Confidence::Medium : Confidence::Low;
        d.evidence = {client ? Direction::ToServer : Direction::ToClient, 0, static_cast<std::uint32_t>(shown.covered),
                      std::to_string(shown.count) + " chained TLS record" + (shown.count > 1 ? "s" : "") + " (first: " +
                          recordTypeName(shown.firstType) + ", record version " + recordVersionText(shown.version) +
                          ") at the start of the " + (client ? "client's" : "server's") +
                          " data; the handshake was not captured"};
        d.add("tls.handshake", "not captured");
        return d;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(TlsDetector)

} // namespace portlens
