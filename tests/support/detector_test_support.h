// Hand-made connections for detector tests: give the bytes each side sent, get a Connection as
// the flow table would have kept it.
#pragma once

#include "core/detect/detection_engine.h"
#include "core/detect/registry.h"
#include "core/ports/port_knowledge.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTest>

#include <string>
#include <vector>

namespace portlens::test {

struct Turn {
    Direction direction;
    std::string bytes;
};

// A connection between 192.0.2.10:clientPort (client) and 198.51.100.20:serverPort (server).
inline Connection makeConnection(std::uint8_t transport, std::uint16_t clientPort, std::uint16_t serverPort,
                                 const std::vector<Turn> &turns)
{
    Connection c;
    c.id = 1;
    c.transport = transport;
    c.client = {*IpAddress::parse("192.0.2.10"), clientPort};
    c.server = {*IpAddress::parse("198.51.100.20"), serverPort};
    for (const Turn &turn : turns) {
        auto &kept = c.payload.bytes[static_cast<int>(turn.direction)];
        c.payload.chunks.push_back({turn.direction, static_cast<std::uint32_t>(kept.size()),
                                    static_cast<std::uint32_t>(turn.bytes.size())});
        for (char ch : turn.bytes) kept.push_back(static_cast<std::byte>(static_cast<unsigned char>(ch)));
    }
    return c;
}

inline Connection tcp(std::uint16_t serverPort, const std::vector<Turn> &turns) { return makeConnection(6, 51000, serverPort, turns); }
inline Connection udp(std::uint16_t serverPort, const std::vector<Turn> &turns) { return makeConnection(17, 51000, serverPort, turns); }
inline Turn fromClient(std::string bytes) { return {Direction::ToServer, std::move(bytes)}; }
inline Turn fromServer(std::string bytes) { return {Direction::ToClient, std::move(bytes)}; }

// Binary payloads written as hex ("16 03 01 00 ..."; spaces ignored).
inline std::string hex(std::string_view text)
{
    std::string out;
    int high = -1;
    for (char ch : text) {
        int v;
        if (ch >= '0' && ch <= '9') v = ch - '0';
        else if (ch >= 'a' && ch <= 'f') v = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F') v = ch - 'A' + 10;
        else continue;
        if (high < 0) high = v;
        else { out += static_cast<char>(high * 16 + v); high = -1; }
    }
    return out;
}

// A metadata value, or "" when absent (keeps tests free of null dereferences).
inline std::string meta(const std::optional<Detection> &d, std::string_view key)
{
    const std::string *value = d ? d->find(key) : nullptr;
    return value ? *value : std::string();
}

// The detection's confidence, or the lowest when there is none.
inline Confidence confidenceOf(const std::optional<Detection> &d) { return d ? d->confidence : Confidence{}; }

// Deterministic noise (xorshift32), standing in for encrypted or compressed payloads.
inline std::string noise(std::uint32_t &state, std::size_t n)
{
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        out += static_cast<char>(state & 0xFFu);
    }
    return out;
}

// The built-in detector for protocol (as Detection::protocol names it) over transport (6 TCP,
// 17 UDP; 0: any). Tests reach detectors by their protocol's name, never by a factory function,
// so that a detector file stays the only place that knows how it is made.
inline const Detector &detectorNamed(std::string_view protocol, std::uint8_t transport = 0)
{
    for (const auto &detector : DetectorRegistry::builtin().detectors()) {
        if (detector->name() != protocol) continue;
        if (transport == 6 && !detector->handlesTcp()) continue;
        if (transport == 17 && !detector->handlesUdp()) continue;
        return *detector;
    }
    qFatal("no built-in detector for %.*s", static_cast<int>(protocol.size()), protocol.data());
}

// A detector of its own for protocol (tests that build their own registry).
inline std::unique_ptr<Detector> freshDetector(std::string_view protocol)
{
    for (auto &detector : makeBuiltinDetectors())
        if (detector->name() == protocol) return std::move(detector);
    qFatal("no built-in detector for %.*s", static_cast<int>(protocol.size()), protocol.data());
}

inline std::optional<Detection> run(const Detector &detector, const Connection &c) { return detector.detect(DetectionInput{c}); }

// What the whole registry concludes (as the engine would, with the built-in port data).
inline std::string detectedProtocol(Connection c)
{
    DetectionEngine engine(DetectorRegistry::builtin(), &PortKnowledge::builtin());
    engine.detectNow(c);
    return c.detection.protocol;
}

// Feeds every prefix of every turn's bytes (one turn cut at a time, later turns dropped) to the
// detector: it must never crash or read outside the bytes (AddressSanitizer in the asan preset),
// and any evidence it gives must lie inside what it was shown.
inline bool survivesEveryTruncation(const Detector &detector, std::uint8_t transport, std::uint16_t serverPort,
                                    const std::vector<Turn> &turns)
{
    for (std::size_t t = 0; t < turns.size(); ++t) {
        for (std::size_t n = 0; n < turns[t].bytes.size(); ++n) {
            std::vector<Turn> cut(turns.begin(), turns.begin() + static_cast<std::ptrdiff_t>(t));
            cut.push_back({turns[t].direction, turns[t].bytes.substr(0, n)});
            const Connection c = makeConnection(transport, 51000, serverPort, cut);
            if (auto d = detector.detect(DetectionInput{c})) {
                const auto &kept = c.payload.of(d->evidence.direction);
                if (std::size_t{d->evidence.offset} + d->evidence.length > kept.size()) return false;
            }
        }
    }
    return true;
}

// The rows portlens-cli writes for a capture, as JSON objects (empty when it fails).
inline std::vector<QJsonObject> cliRows(const QString &capture)
{
    QProcess process;
    process.start(QStringLiteral(PORTLENS_CLI),
                  {QStringLiteral("analyze"), QStringLiteral("-q"), QStringLiteral("--format"), QStringLiteral("jsonl"), capture});
    if (!process.waitForFinished(120'000) || process.exitCode() != 0) return {};
    std::vector<QJsonObject> rows;
    for (const QByteArray &line : process.readAllStandardOutput().split('\n'))
        if (!line.isEmpty()) rows.push_back(QJsonDocument::fromJson(line).object());
    return rows;
}

// bytes with the byte at offset at changed to value (near misses one field off).
inline std::string with(std::string bytes, std::size_t at, unsigned char value)
{
    bytes[at] = static_cast<char>(value);
    return bytes;
}

} // namespace portlens::test
