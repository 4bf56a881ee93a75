// Detector: one protocol, one file, one job. Look at the first bytes of a connection and say
// "this is protocol P, with confidence C, because of these bytes" - or nothing.
//
// Rules every detector follows:
// - Decide from bytes only. The ports are in the input for metadata and tie-breaking by the
//   registry; a detector never accepts because of a port.
// - Reject fast: check lengths and the first few bytes before anything else (most connections
//   are not yours). Never read outside the given spans: use ByteReader.
// - Never throw. Evidence offsets point into the kept payload of the named direction.
#pragma once

#include "core/detect/detection.h"
#include "core/flow/connection.h"
#include "core/util/byte_reader.h"

#include <optional>
#include <string_view>

namespace portlens {

// What a detector sees: the kept beginning of each direction. For TCP, the reassembled stream;
// for UDP, the datagrams one after another (firstDatagram() gives the first one alone).
struct DetectionInput {
    const Connection &connection;

    [[nodiscard]] Bytes stream(Direction d) const
    {
        const auto &bytes = connection.payload.of(d);
        return Bytes(bytes.data(), bytes.size());
    }
    [[nodiscard]] Bytes clientData() const { return stream(Direction::ToServer); }
    [[nodiscard]] Bytes serverData() const { return stream(Direction::ToClient); }
    [[nodiscard]] bool isTcp() const { return connection.isTcp(); }
    [[nodiscard]] bool isUdp() const { return connection.isUdp(); }
    // The first UDP datagram (or first TCP chunk) sent in direction d; empty if none.
    [[nodiscard]] Bytes firstDatagram(Direction d) const
    {
        for (const auto &chunk : connection.payload.chunks)
            if (chunk.direction == d) return stream(d).subspan(chunk.offset, chunk.length);
        return {};
    }
    // UDP: true once direction d has sent a datagram. Its first datagram never changes after
    // that, so a detector that reads only the first datagram of each side has seen all it will.
    [[nodiscard]] bool sentFirstDatagram(Direction d) const { return isUdp() && !connection.payload.of(d).empty(); }
};

class Detector {
public:
    virtual ~Detector() = default;
    // The protocol's canonical name, as it appears in Detection::protocol. Every detection a
    // detector makes reports this name: the registry finds a port's usual protocols by it.
    [[nodiscard]] virtual std::string_view name() const = 0;
    [[nodiscard]] virtual bool handlesTcp() const { return true; }
    [[nodiscard]] virtual bool handlesUdp() const { return false; }
    [[nodiscard]] virtual std::optional<Detection> detect(const DetectionInput &input) const = 0;
    // Asked after detect() found nothing: true when what the sides that have spoken sent already
    // rules the protocol out, whatever more they send (kept bytes only grow at the end, so a
    // wrong first byte stays wrong, and a UDP side's first datagram stays its first). Only a
    // side still silent may change the answer: the registry skips this detector until one
    // speaks. Too few bytes to tell is false. Default: always ask again.
    [[nodiscard]] virtual bool ruledOut(const DetectionInput & /*input*/) const { return false; }
    // When the connection ends with more bytes kept than the detector last saw, is the current
    // answer worth refreshing from all of them? (SMTP's MAIL FROM comes after the greeting that
    // decided; a QUIC ClientHello already decrypted does not change.)
    [[nodiscard]] virtual bool refreshesAtEnd(const Detection & /*current*/) const { return true; }

    // Protocols that keep announcing things after they are recognised (FTP's data channels)
    // return true from keepsAnnouncing(); followsUp() then says whether the bytes kept in this
    // direction from newFrom on announce something, and if so the engine runs this detector
    // alone again. Other decided connections are not looked at again until they end.
    [[nodiscard]] virtual bool keepsAnnouncing() const { return false; }
    [[nodiscard]] virtual bool followsUp(Bytes /*stream*/, std::size_t /*newFrom*/, Direction /*direction*/) const
    {
        return false;
    }
};

} // namespace portlens
