// DTLS (RFC 6347, 9147): TLS's handshake over datagrams. A hello (ClientHello from the client,
// ServerHello or HelloVerifyRequest from the server) in one of a side's first datagrams; in
// WebRTC, STUN connectivity checks come first. Parsed as TLS's hellos are (tls_hello.h).
#include "core/detect/detector.h"
#include "core/detect/tls_hello.h"

namespace portlens {

namespace {

using namespace tls;

// DTLS: how many datagrams of a side are searched for a hello (STUN checks may come first).
constexpr std::size_t kMaxDatagramsRead = 16;

constexpr ProtocolIdentity kDtlsIdentity{
    .name = "DTLS", .displayName = "Datagram Transport Layer Security", .tcp = false, .udp = true, .tieRank = 40};

class DtlsDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kDtlsIdentity; }

    bool ruledOut(const DetectionInput &input) const override
    {
        // firstHello reads a side's first kMaxDatagramsRead datagrams: once a side sent that
        // many (or nothing yet), more datagrams from it change nothing.
        std::size_t datagrams[2] = {0, 0};
        for (const auto &chunk : input.connection.payload.chunks) ++datagrams[static_cast<int>(chunk.direction)];
        const auto settled = [](std::size_t sent) { return sent == 0 || sent >= kMaxDatagramsRead; };
        return input.isUdp() && settled(datagrams[0]) && settled(datagrams[1]);
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        // The hello is usually the first datagram; in WebRTC, STUN connectivity checks come first.
        const auto client = firstHello(input, Direction::ToServer);
        const auto server = firstHello(input, Direction::ToClient);
        return report(client, server, true);
    }

private:
    static std::optional<Hello> firstHello(const DetectionInput &input, Direction d)
    {
        std::optional<Hello> found;
        std::size_t seen = 0;
        input.forEachDatagram(d, [&](Bytes datagram, std::uint32_t offset) {
            if (++seen > kMaxDatagramsRead) return false;
            auto hello = dtlsHello(datagram);
            if (!hello || (d == Direction::ToServer) != (hello->type == kClientHello)) return true;
            hello->offset = offset;
            found = std::move(hello);
            return false;
        });
        return found;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(DtlsDetector)

} // namespace portlens
