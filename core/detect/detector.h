// Detector: one protocol, one file, one job. Look at the first bytes of a connection and say
// "this is protocol P, with confidence C, because of these bytes" - or nothing.
//
// A protocol is one unit: its detector file (core/detect/<protocol>_detector.cpp) declares the
// protocol's identity (ProtocolIdentity), its metadata keys as constants, how it is recognised,
// and the notes an analyst should read about it (plaintext logins, placement), and registers
// itself with PORTLENS_REGISTER_DETECTOR at the end; core/CMakeLists.txt generates the registry
// from those lines. Its port knowledge (normal ports, teaching notes, multicast destinations) is
// its entry in resources/ports/ports.json; its tests are tests/core/detect/tst_<protocol>*.cpp
// and its golden sample tests/golden/<protocol>/. Nothing else names it.
//
// Rules every detector follows:
// - Decide from bytes only. The ports are in the input for metadata and tie-breaking by the
//   registry; a detector never accepts because of a port.
// - Reject fast: check lengths and the first few bytes before anything else (most connections
//   are not yours). Never read outside the given spans: use ByteReader.
// - Never throw. Evidence offsets point into the kept payload of the named direction.
#pragma once

#include "core/decode/ip_address.h"
#include "core/detect/detection.h"
#include "core/flow/connection.h"
#include "core/util/byte_reader.h"
#include "core/verdict/note.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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
    // Calls visit(datagram, offset) for each UDP datagram (or TCP chunk) sent in direction d, in
    // the order they arrived, until visit returns false; offset is where the datagram starts in
    // stream(d). Detectors that read several datagrams of a side walk them here, not through
    // payload.chunks themselves.
    template <typename Visit>
    void forEachDatagram(Direction d, Visit visit) const
    {
        const Bytes all = stream(d);
        for (const auto &chunk : connection.payload.chunks) {
            if (chunk.direction != d) continue;
            if (chunk.offset > all.size() || chunk.length > all.size() - chunk.offset) return;
            if (!visit(all.subspan(chunk.offset, chunk.length), std::uint32_t{chunk.offset})) return;
        }
    }
    // The first UDP datagram (or first TCP chunk) sent in direction d; empty if none.
    [[nodiscard]] Bytes firstDatagram(Direction d) const
    {
        Bytes first;
        forEachDatagram(d, [&](Bytes datagram, std::uint32_t) {
            first = datagram;
            return false;
        });
        return first;
    }
    // UDP: true once direction d has sent a datagram. Its first datagram never changes after
    // that, so a detector that reads only the first datagram of each side has seen all it will.
    [[nodiscard]] bool sentFirstDatagram(Direction d) const { return isUdp() && !connection.payload.of(d).empty(); }
};

class PortKnowledge;

// A protocol that only exists because another announced it (FTP's data channels): it has no
// detector of its own, its connections are recognised by the announcement.
struct AnnouncedProtocol {
    std::string_view name;        // as in Detection::protocol and the port data, e.g. "FTP-DATA"
    std::string_view displayName; // for sentences: "FTP data channel"
};

// Who a protocol is, declared once in its detector file.
struct ProtocolIdentity {
    // The canonical name, as it appears in Detection::protocol, in the port data's "protocols"
    // and in every output. Every detection a detector makes reports this name: the registry
    // finds a port's usual protocols by it. Unique across detectors (tested).
    std::string_view name;
    std::string_view displayName; // spelled out for people: "Secure Shell"
    bool tcp = true;              // which transports the detector reads
    bool udp = false;
    // Among equally confident answers that the port does not decide, the lower rank is chosen
    // (DNS before mDNS and LLMNR, which share its wire format). Unique (tested).
    int tieRank = 1000;
    std::span<const AnnouncedProtocol> announces = {}; // see keepsAnnouncing()
};

// A channel a control connection announced (FTP's PORT/PASV): where the new connection will go,
// and the announcement's own words for the evidence sentence.
struct Announcement {
    IpAddress address;
    std::uint16_t port = 0;
    std::string text;
};

// What notes() reads: the connection, the detection's metadata and the port data's placement
// facts, so that a protocol's notes need nothing but their own file.
class NoteContext {
public:
    NoteContext(const Connection &judged, const PortKnowledge &ports, std::vector<VerdictNote> &notes,
                std::vector<std::string> *metadataRead = nullptr)
        : connection(judged), m_ports(ports), m_notes(notes), m_metadataRead(metadataRead)
    {
    }
    const Connection &connection;

    // The value the detection wrote under key, or "" when it wrote none.
    [[nodiscard]] std::string meta(std::string_view key) const;
    // Whether the server address is one of the destinations the port data gives for the
    // detected protocol (multicast groups such as 239.255.255.250 for SSDP).
    [[nodiscard]] bool sentToUsualDestination() const;
    void note(const char *code, Severity severity, const char *text, std::vector<std::string> arguments = {}) const;

private:
    const PortKnowledge &m_ports;
    std::vector<VerdictNote> &m_notes;
    std::vector<std::string> *m_metadataRead; // tests: every key a note rule asked for
};

class Detector {
public:
    virtual ~Detector() = default;
    [[nodiscard]] virtual const ProtocolIdentity &identity() const = 0;
    [[nodiscard]] std::string_view name() const { return identity().name; }
    [[nodiscard]] bool handlesTcp() const { return identity().tcp; }
    [[nodiscard]] bool handlesUdp() const { return identity().udp; }
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
    // The channels a detection of this protocol announces (read from its metadata), and the
    // detection given to a connection that arrives where one was announced (a protocol from
    // identity().announces).
    [[nodiscard]] virtual std::vector<Announcement> announcements(const Detection & /*detection*/) const { return {}; }
    [[nodiscard]] virtual Detection announcedChannel(std::uint64_t /*controlId*/, const std::string & /*text*/) const
    {
        return {};
    }

    // What an analyst should know about a connection detected as this protocol, beyond whether
    // the port fits: plaintext credentials, use off the usual port, the wrong destination.
    virtual void notes(const NoteContext & /*context*/) const {}
};

// Ends a detector file, at namespace portlens scope: makes the detector known to the generated
// registry (core/CMakeLists.txt collects these lines; a plain function, so a static library
// cannot drop it as it may drop a self-registering static object).
#define PORTLENS_REGISTER_DETECTOR(Class) \
    std::unique_ptr<Detector> makeRegisteredDetector_##Class() { return std::make_unique<Class>(); }

} // namespace portlens
