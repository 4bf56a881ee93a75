// The flow table and the detection engine fed arbitrary packet sequences, the way the analysis
// pipeline feeds them, with a flow cap of 1 to 8 so that eviction runs as often as new flows.
//
// Byte 0 sets the run up: bits 0-2 the flow cap minus one, bit 3 Ethernet (else raw IP) frames,
// bit 4 concluding in the sink (the CLI's output thread does that) instead of at the end, bit 5
// no idle timeouts (tshark's conversation view), bits 6-7 the output format rows are written in.
// Then packets, each [time step][2-byte big-endian length][frame] (the last takes what
// remains). The time step moves the capture clock: 0-99 by that many milliseconds, 100-199 by
// 1-100 seconds, 200-249 by 20 s steps up to 1000 s (past every idle timeout), 250-253 back by
// 1-4 seconds (captures whose clock goes backwards), 254 and 255 to the latest and the earliest
// time a capture can give (kMaxTimestampNs after and before 1970). Every 16 packets the open connections are
// visited and judged (the GUI's live view); at the end the table is flushed and every row
// judged, its fields read and written.
//
// Properties checked (an abort is a finding): every connection leaves exactly once, with a new
// id; no more are open at once than the cap; kept payload stays within its bounds; no detector
// threw (the engine contains that, so it would otherwise go unseen).
#include "core/detect/detection_engine.h"
#include "core/decode/decoder.h"
#include "core/flow/flow_table.h"
#include "core/formats/connection_writer.h"
#include "core/ports/port_knowledge.h"
#include "core/verdict/verdict.h"

#include <pcap/dlt.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <unordered_set>

using namespace portlens;

namespace {

void check(bool holds, const char *what)
{
    if (holds) return;
    std::fprintf(stderr, "fuzz_flow_table: property broken: %s\n", what);
    std::abort();
}

constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::size_t kPayloadBytes = 512; // small, so the bound is reached by short inputs
constexpr std::size_t kPayloadChunks = 12;

// The capture clock after a time step (see above), within the range PacketSource gives.
std::int64_t timeAfter(std::int64_t now, std::uint8_t step)
{
    if (step == 254) return kMaxTimestampNs;
    if (step == 255) return -kMaxTimestampNs;
    std::int64_t delta = 0;
    if (step < 100) delta = std::int64_t{step} * 1'000'000;
    else if (step < 200) delta = std::int64_t{step - 99} * kSecond;
    else if (step < 250) delta = std::int64_t{step - 199} * 20 * kSecond;
    else delta = -std::int64_t{step - 249} * kSecond;
    return std::clamp(now + delta, -kMaxTimestampNs, kMaxTimestampNs);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1) return 0;
    const std::uint8_t setup = data[0];
    const PortKnowledge &ports = PortKnowledge::builtin();

    FlowTableConfig config = (setup & 0x20) ? FlowTableConfig::withoutTimeouts() : FlowTableConfig{};
    config.maxFlows = 1 + (setup & 7u);
    config.payloadBytesPerDirection = kPayloadBytes;
    config.maxPayloadChunks = kPayloadChunks;
    if (!(setup & 0x20)) {
        config.tcpIdleNs = 30 * kSecond;
        config.tcpClosedIdleNs = 5 * kSecond;
        config.udpIdleNs = 10 * kSecond;
    }
    config.servicePort = [&ports](std::uint16_t port, std::uint8_t transport) { return ports.lookup(port, transport) != nullptr; };

    const bool concludeInSink = setup & 0x10;
    DetectionEngine engine(DetectorRegistry::builtin(), &ports);
    engine.setConcludeLater(concludeInSink);

    static constexpr OutputFormat kFormats[] = {OutputFormat::Tsv, OutputFormat::JsonLines, OutputFormat::ZeekConnLog,
                                                OutputFormat::Table};
    std::ostringstream out;
    const auto writer = makeConnectionWriter(kFormats[setup >> 6], out);
    writer->begin();
    writer->beginCapture("fuzz", 0, 1);

    std::unordered_set<std::uint64_t> ids;
    std::uint64_t ended = 0;
    auto inspect = [&](const Connection &c) {
        check(c.isTcp() || c.isUdp(), "a connection is TCP or UDP");
        for (int d = 0; d < 2; ++d) check(c.payload.bytes[d].size() <= kPayloadBytes, "kept bytes within their bound");
        check(c.payload.chunks.size() <= kPayloadChunks, "kept chunks within their bound");
        for (const auto &chunk : c.payload.chunks)
            check(chunk.offset <= c.payload.of(chunk.direction).size() &&
                      chunk.length <= c.payload.of(chunk.direction).size() - chunk.offset,
                  "a kept chunk lies inside its direction's bytes");
        check(c.detectorFailure.empty(), "no detector threw");
        (void)c.connState();
        (void)c.uid();
        return judge(c, ports);
    };
    FlowTable table(config, [&](Connection &&c) {
        check(ids.insert(c.id).second, "each connection leaves once, with an id of its own");
        ++ended;
        if (concludeInSink) engine.conclude(c);
        const Verdict verdict = inspect(c);
        writer->write(c, verdict, "fuzz");
    }, &engine);

    const Decoder decoder((setup & 0x08) ? DLT_EN10MB : DLT_RAW);
    std::int64_t now = 1'700'000'000 * kSecond;
    std::size_t at = 1;
    for (std::uint64_t packets = 0; at < size; ++packets) {
        now = timeAfter(now, data[at++]);
        std::size_t length = size - at;
        if (length >= 2) {
            length = std::min<std::size_t>(std::size_t{data[at]} << 8 | data[at + 1], size - at - 2);
            at += 2;
        }
        PacketView view;
        view.timestampNs = now;
        view.wireLength = static_cast<std::uint32_t>(length);
        decoder.decode(Bytes(reinterpret_cast<const std::byte *>(data + at), length), view);
        at += length;
        if (packets % 2) table.add(view, FlowTable::hashAhead(view)); // both ways add() is called
        else table.add(view);
        check(table.stats().active <= config.maxFlows, "no more connections open than the cap");
        if (packets % 16 == 15) table.forEachActive([&](const Connection &c) { (void)inspect(c); });
    }
    table.finish();
    writer->endCapture();
    writer->end();

    const FlowTableStats &stats = table.stats();
    check(stats.active == 0, "nothing open after finish");
    check(ended == stats.connections, "every connection counted left through the sink");
    check(stats.tcpConnections + stats.udpConnections == stats.connections, "TCP and UDP connections add up");
    check(stats.peakActive <= config.maxFlows, "the peak stays under the cap");
    return 0;
}
