#include "core/analysis/analysis_pipeline.h"

#include "core/analysis/async_sink.h"
#include "core/analysis/packet_read_ahead.h"
#include "core/decode/decoder.h"
#include "core/detect/detection_engine.h"
#include "core/ports/port_knowledge.h"
#include "core/sockets/process_attribution.h"

#include <algorithm>
#include <thread>

namespace portlens {

namespace {

// The two ways packets arrive, decoded, behind the same calls.
class DirectPackets {
public:
    explicit DirectPackets(PacketSource &source)
        : m_source(source), m_decoder(source.linkType()), m_linkType(source.linkType()) {}
    const DecodedPacket *next()
    {
        if (!m_source.next(m_raw)) return nullptr;
        if (m_raw.linkType != m_linkType) m_decoder = Decoder(m_linkType = m_raw.linkType); // pcapng: per interface
        m_packet.view.timestampNs = m_raw.timestampNs;
        m_packet.view.wireLength = m_raw.wireLength;
        m_decoder.decode(m_raw.data, m_packet.view);
        return &m_packet; // its flow is not hashed ahead: the flow table hashes it
    }
    [[nodiscard]] const DecodedPacket *peek(std::size_t /*ahead*/) const { return nullptr; } // one at a time
    [[nodiscard]] std::uint64_t bytesRead() const { return m_source.bytesRead(); }

private:
    PacketSource &m_source;
    Decoder m_decoder;
    int m_linkType;
    RawPacket m_raw;
    DecodedPacket m_packet;
};

class ReadAheadPackets {
public:
    explicit ReadAheadPackets(PacketReadAhead &reader) : m_reader(reader) {}
    const DecodedPacket *next() { return m_reader.next(); }
    [[nodiscard]] const DecodedPacket *peek(std::size_t ahead) const { return m_reader.peek(ahead); }
    [[nodiscard]] std::uint64_t bytesRead() const { return m_reader.bytesRead(); }

private:
    PacketReadAhead &m_reader;
};

} // namespace

// Everything one capture needs, built when its run starts. Members are declared in the order
// they depend on each other: the flow table, last, calls into all the others.
class AnalysisPipeline::Run {
public:
    Run(const AnalysisConfig &config, const PortKnowledge &ports, bool live, const Sink &sink)
        : m_ports(ports)
        , m_sink(sink)
    {
        if (config.detect) m_detection.emplace(DetectorRegistry::builtin(), &ports);
        DetectionEngine *detection = m_detection ? &*m_detection : nullptr;
        if (live && config.attributeProcesses) m_attribution.emplace(m_processes, detection);
        if (config.outputThread && !m_attribution) {
            m_output.emplace([this](Connection &&c) { deliver(std::move(c)); });
            // The output thread has time to spare while this one is the busy one.
            if (detection) detection->setConcludeLater(true);
        }
        FlowTableConfig flows = config.flows;
        if (!flows.servicePort) {
            const PortKnowledge *known = &ports;
            flows.servicePort = [known](std::uint16_t port, std::uint8_t transport) {
                return known->lookup(port, transport) != nullptr;
            };
        }
        FlowObserver *observer = m_attribution ? static_cast<FlowObserver *>(&*m_attribution) : detection;
        m_flows.emplace(std::move(flows), [this](Connection &&c) { ended(std::move(c)); }, observer);
    }

    template <typename Packets>
    AnalysisResult analyse(Packets &packets, std::uint64_t totalBytes, const ProgressCallback &progress,
                           std::uint64_t progressEvery);

    // Ends what is still open and waits until the sink has had every row.
    FlowTableStats finish()
    {
        flowTable().finish();
        if (m_output) m_output->finish();
        return flowTable().stats();
    }

    void forEachOpen(const std::function<bool(const Connection &)> &wanted,
                     const std::function<void(JudgedConnection &&)> &visit) const
    {
        flowTable().forEachActive([&](const Connection &c) {
            if (wanted && !wanted(c)) return;
            JudgedConnection row{c, judge(c, m_ports), std::nullopt};
            if (m_attribution)
                if (const ConnectionOwner *owner = m_attribution->ownerOf(c.id)) row.owner = *owner;
            visit(std::move(row));
        });
    }
    [[nodiscard]] std::size_t openCount() const { return flowTable().stats().active; }

private:
    // The flow table, emplaced at the end of the constructor and never reset (it is an optional
    // only because it needs the members before it).
    FlowTable &flowTable() { return *m_flows; }             // NOLINT(bugprone-unchecked-optional-access): see above
    const FlowTable &flowTable() const { return *m_flows; } // NOLINT(bugprone-unchecked-optional-access): see above

    // The flow table's sink, on the analysing thread.
    void ended(Connection &&c)
    {
        if (m_output) {
            m_output->push(std::move(c));
            return;
        }
        std::optional<ConnectionOwner> owner;
        if (m_attribution) owner = m_attribution->take(c.id); // forgotten now: memory stays bounded
        deliver(std::move(c), std::move(owner));
    }

    // On the output thread when there is one.
    void deliver(Connection &&c, std::optional<ConnectionOwner> owner = std::nullopt)
    {
        JudgedConnection row{std::move(c), {}, std::move(owner)};
        if (m_output && m_detection) m_detection->conclude(row.connection); // left to this thread
        row.verdict = judge(row.connection, m_ports);
        m_sink(std::move(row));
    }

    const PortKnowledge &m_ports;
    const Sink &m_sink;
    std::optional<DetectionEngine> m_detection;
    ProcessLookup m_processes;
    std::optional<ProcessAttribution> m_attribution;
    std::optional<AsyncSink> m_output;
    std::optional<FlowTable> m_flows;
};

template <typename Packets>
AnalysisResult AnalysisPipeline::Run::analyse(Packets &packets, std::uint64_t totalBytes,
                                              const ProgressCallback &progress, std::uint64_t progressEvery)
{
    AnalysisResult result;
    PacketCounters &counts = result.counters;
    FlowTable &flows = flowTable();
    std::uint64_t untilProgress = progressEvery;

    // How far ahead a connection's state is fetched: enough packets for the fetch from memory to
    // finish meanwhile, few enough that it is still in the cache when its packet comes.
    constexpr std::size_t kPrefetchAhead = 4;
    // The first malformed packets, with their numbers and reasons, are kept; the rest counted.
    constexpr std::uint64_t kMalformedKept = 8;
    while (const DecodedPacket *packet = packets.next()) {
        const PacketView &view = packet->view;
        if (const DecodedPacket *later = packets.peek(kPrefetchAhead)) flows.prefetch(later->flow);
        if (counts.packets == 0) counts.firstNs = view.timestampNs;
        counts.firstNs = std::min(counts.firstNs, view.timestampNs);
        counts.lastNs = std::max(counts.lastNs, view.timestampNs);
        ++counts.packets;
        counts.wireBytes += view.wireLength;
        switch (view.kind) {
        case PacketKind::Transport:
            ++(view.isTcp() ? counts.tcp : counts.udp);
            flows.add(view, packet->flow);
            break;
        case PacketKind::Icmp: ++counts.icmp; break;
        case PacketKind::OtherIp: ++counts.otherIp; break;
        case PacketKind::Fragment: ++counts.fragments; break;
        case PacketKind::NonIp: ++counts.nonIp; break;
        case PacketKind::Malformed:
            if (counts.malformed++ < kMalformedKept) result.malformed.push_back({counts.packets, view.malformed});
            break;
        }

        if (progress && --untilProgress == 0) {
            untilProgress = progressEvery;
            const AnalysisProgress now{counts.packets, packets.bytesRead(), totalBytes, flows.stats().active, flows.stats().evicted};
            if (!progress(now)) {
                result.cancelled = true;
                break;
            }
        }
    }
    // The last packet is in: report it (unless that was just done), so that what follows, ending
    // the connections still open, can be told apart from reading (portlens-cli --stats).
    if (progress && !result.cancelled && untilProgress != progressEvery) {
        const AnalysisProgress last{counts.packets, packets.bytesRead(), totalBytes, flows.stats().active, flows.stats().evicted};
        progress(last);
    }
    return result;
}

AnalysisPipeline::AnalysisPipeline(AnalysisConfig config, Sink sink)
    : m_config(std::move(config))
    , m_sink(std::move(sink))
{
}

AnalysisPipeline::~AnalysisPipeline() = default;

bool AnalysisPipeline::readsAhead(const PacketSource &source) const
{
    // A file has nothing to wait for between packets; a second core to read on is what makes
    // reading ahead pay.
    return m_config.readAhead && !source.isLive() && std::thread::hardware_concurrency() > 1;
}

AnalysisResult AnalysisPipeline::run(PacketSource &source, const ProgressCallback &progress,
                                     std::uint64_t progressEvery)
{
    // The file starts being read now, while the port data and the detectors load (the first
    // time, about 7 ms: as long as reading a few MB of capture).
    std::optional<PacketReadAhead> reader;
    if (readsAhead(source)) reader.emplace(source);
    const PortKnowledge &ports = m_config.ports ? *m_config.ports : PortKnowledge::builtin();

    Run run(m_config, ports, source.isLive(), m_sink);
    struct Current {
        Run *&slot;
        ~Current() { slot = nullptr; }
    } current{m_run = &run};

    AnalysisResult result;
    if (reader) {
        ReadAheadPackets packets(*reader);
        result = run.analyse(packets, source.totalBytes(), progress, progressEvery);
        reader->stop(); // after this the source's error is settled
    } else {
        DirectPackets packets(source);
        result = run.analyse(packets, source.totalBytes(), progress, progressEvery);
    }
    result.readError = source.error();
    result.readErrorOffset = source.errorOffset();
    result.flows = run.finish();
    return result;
}

void AnalysisPipeline::forEachOpen(const std::function<bool(const Connection &)> &wanted,
                                   const std::function<void(JudgedConnection &&)> &visit) const
{
    if (m_run) m_run->forEachOpen(wanted, visit);
}

std::size_t AnalysisPipeline::openCount() const
{
    return m_run ? m_run->openCount() : 0;
}

} // namespace portlens
