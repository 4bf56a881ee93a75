// Every registered detector on arbitrary client/server payloads. Byte 0 picks the detector
// (modulo the registry's size, so a new detector file is covered without touching this file),
// byte 1 picks TCP or UDP, then the rest is cut into chunks at each 0xFF 0xFE pair; a chunk's
// first byte says its direction. The chunks are kept the way the flow table keeps them and the
// detector is asked through every entry point the engine and the verdict use (detect,
// ruledOut, followsUp, refreshesAtEnd, announcements, announcedChannel, notes through judge),
// then the engine runs all detectors once (detectNow, conclude) over the same connection and
// the verdict judges it.
#include "core/detect/detection_engine.h"
#include "core/detect/registry.h"
#include "core/ports/port_knowledge.h"
#include "core/verdict/verdict.h"

#include <cstddef>
#include <cstdint>

using namespace portlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2) return 0;
    const auto &registry = DetectorRegistry::builtin();
    const auto &detectors = registry.detectors();
    const Detector &detector = *detectors[data[0] % detectors.size()];
    Connection connection;
    connection.id = 1;
    connection.transport = (data[1] & 1) ? 17 : 6;
    connection.client = {*IpAddress::parse("192.0.2.10"), 51000};
    connection.server = {*IpAddress::parse("198.51.100.20"), static_cast<std::uint16_t>(data[1] >> 1)};

    std::size_t start = 2;
    auto keep = [&](std::size_t end) {
        if (end <= start) return;
        const Direction d = (data[start] & 1) ? Direction::ToClient : Direction::ToServer;
        auto &kept = connection.payload.bytes[static_cast<int>(d)];
        const std::size_t from = start + 1;
        connection.payload.chunks.push_back(
            {d, static_cast<std::uint32_t>(kept.size()), static_cast<std::uint32_t>(end - from)});
        for (std::size_t i = from; i < end; ++i) kept.push_back(static_cast<std::byte>(data[i]));
    };
    for (std::size_t i = start; i + 1 < size; ++i) {
        if (data[i] == 0xFF && data[i + 1] == 0xFE) {
            keep(i);
            start = i + 2;
            ++i;
        }
    }
    keep(size);

    const DetectionInput input{connection};
    if (connection.isTcp() ? detector.handlesTcp() : detector.handlesUdp()) {
        // Every entry point the engine and the verdict call, straight (an exception here is a
        // finding; the engine would contain it and go on).
        const auto detection = detector.detect(input);
        (void)detector.ruledOut(input);
        if (detector.keepsAnnouncing())
            for (const Direction d : {Direction::ToServer, Direction::ToClient}) {
                const Bytes stream = input.stream(d);
                for (std::size_t from = 0; from <= stream.size(); from += 1 + stream.size() / 8)
                    (void)detector.followsUp(stream, from, d);
            }
        if (detection) {
            (void)detector.refreshesAtEnd(*detection);
            for (const Announcement &a : detector.announcements(*detection))
                (void)detector.announcedChannel(connection.id, a.text);
            Connection judged = connection;
            judged.detection = *detection;
            (void)judge(judged, PortKnowledge::builtin(), registry); // the detector's notes()
        }
    }
    static const DetectionEngine engine(registry, &PortKnowledge::builtin()); // both calls below are const
    engine.detectNow(connection);
    engine.conclude(connection);
    (void)judge(connection, PortKnowledge::builtin(), registry);
    return 0;
}
