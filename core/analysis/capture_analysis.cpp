#include "core/analysis/capture_analysis.h"

#include "core/capture/packet_read_ahead.h"
#include "core/decode/decoder.h"

#include <thread>

namespace portlens {

CaptureAnalysis::CaptureAnalysis(FlowTableConfig config, FlowTable::Sink sink, FlowObserver *observer)
    : m_flows(config, std::move(sink), observer)
    , m_readAhead(true)
{
}

namespace {

// The two ways packets arrive, decoded, behind the same calls.
class DirectPackets {
public:
    explicit DirectPackets(PacketSource &source) : m_source(source), m_decoder(source.linkType()) {}
    const PacketView *next()
    {
        if (!m_source.next(m_raw)) return nullptr;
        m_view.timestampNs = m_raw.timestampNs;
        m_view.wireLength = m_raw.wireLength;
        m_decoder.decode(m_raw.data, m_view);
        return &m_view;
    }
    [[nodiscard]] std::uint64_t bytesRead() const { return m_source.bytesRead(); }
    [[nodiscard]] std::uint64_t totalBytes() const { return m_source.totalBytes(); }
    [[nodiscard]] const PacketView *peek(std::size_t /*ahead*/) const { return nullptr; } // one at a time

private:
    PacketSource &m_source;
    const Decoder m_decoder;
    RawPacket m_raw;
    PacketView m_view;
};

class ReadAheadPackets {
public:
    explicit ReadAheadPackets(PacketReadAhead &reader) : m_reader(reader) {}
    const PacketView *next() { return m_reader.next(); }
    [[nodiscard]] const PacketView *peek(std::size_t ahead) const { return m_reader.peek(ahead); }
    [[nodiscard]] std::uint64_t bytesRead() const { return m_reader.bytesRead(); }
    [[nodiscard]] std::uint64_t totalBytes() const { return m_reader.source().totalBytes(); }

private:
    PacketReadAhead &m_reader;
};

} // namespace

bool CaptureAnalysis::worthReadingAhead(const PacketSource &source)
{
    // A known size means a file: nothing to wait for between packets. A second core to read on is
    // what makes it pay.
    return source.totalBytes() > 0 && std::thread::hardware_concurrency() > 1;
}

AnalysisResult CaptureAnalysis::run(PacketSource &source, const ProgressCallback &progress,
                                    std::uint64_t progressEvery)
{
    if (m_readAhead && worthReadingAhead(source)) {
        PacketReadAhead reader(source);
        return run(reader, progress, progressEvery);
    }
    DirectPackets packets(source);
    return finish(analyse(packets, progress, progressEvery), source);
}

AnalysisResult CaptureAnalysis::run(PacketReadAhead &reader, const ProgressCallback &progress,
                                    std::uint64_t progressEvery)
{
    ReadAheadPackets packets(reader);
    AnalysisResult result = analyse(packets, progress, progressEvery);
    reader.stop(); // after this the source's error is settled
    return finish(std::move(result), reader.source());
}

AnalysisResult CaptureAnalysis::finish(AnalysisResult result, const PacketSource &source)
{
    result.readError = source.error();
    result.readErrorOffset = source.errorOffset();
    m_flows.finish();
    result.flows = m_flows.stats();
    return result;
}

template <typename Packets>
AnalysisResult CaptureAnalysis::analyse(Packets &packets, const ProgressCallback &progress, std::uint64_t progressEvery)
{
    AnalysisResult result;
    PacketCounters &counts = result.counters;
    std::uint64_t untilProgress = progressEvery;

    // How far ahead a connection's state is fetched: enough packets for the fetch from memory to
    // finish meanwhile, few enough that it is still in the cache when its packet comes.
    constexpr std::size_t kPrefetchAhead = 4;
    while (const PacketView *packet = packets.next()) {
        const PacketView &view = *packet;
        if (const PacketView *later = packets.peek(kPrefetchAhead)) m_flows.prefetch(*later);
        if (counts.packets == 0) counts.firstNs = view.timestampNs;
        counts.firstNs = std::min(counts.firstNs, view.timestampNs);
        counts.lastNs = std::max(counts.lastNs, view.timestampNs);
        ++counts.packets;
        counts.wireBytes += view.wireLength;
        switch (view.kind) {
        case PacketKind::Transport:
            ++(view.isTcp() ? counts.tcp : counts.udp);
            m_flows.add(view);
            break;
        case PacketKind::Icmp: ++counts.icmp; break;
        case PacketKind::OtherIp: ++counts.otherIp; break;
        case PacketKind::Fragment: ++counts.fragments; break;
        case PacketKind::NonIp: ++counts.nonIp; break;
        case PacketKind::Malformed: ++counts.malformed; break;
        }

        if (progress && --untilProgress == 0) {
            untilProgress = progressEvery;
            const AnalysisProgress now{counts.packets, packets.bytesRead(), packets.totalBytes(),
                                       m_flows.stats().active};
            if (!progress(now)) {
                result.cancelled = true;
                break;
            }
        }
    }
    return result;
}

} // namespace portlens
