#include "analysis/capture_analysis.h"

#include "decode/decoder.h"

namespace portlens {

CaptureAnalysis::CaptureAnalysis(FlowTableConfig config, FlowTable::Sink sink, FlowObserver *observer)
    : m_flows(config, std::move(sink), observer)
{
}

AnalysisResult CaptureAnalysis::run(PacketSource &source, const ProgressCallback &progress,
                                    std::uint64_t progressEvery)
{
    AnalysisResult result;
    PacketCounters &counts = result.counters;
    const Decoder decoder(source.linkType());
    RawPacket raw;
    PacketView view;
    std::uint64_t untilProgress = progressEvery;

    while (source.next(raw)) {
        view.timestampNs = raw.timestampNs;
        view.wireLength = raw.wireLength;
        decoder.decode(raw.data, view);

        if (counts.packets == 0) counts.firstNs = raw.timestampNs;
        counts.firstNs = std::min(counts.firstNs, raw.timestampNs);
        counts.lastNs = std::max(counts.lastNs, raw.timestampNs);
        ++counts.packets;
        counts.wireBytes += raw.wireLength;
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
            const AnalysisProgress now{counts.packets, source.bytesRead(), source.totalBytes(),
                                       m_flows.stats().active};
            if (!progress(now)) {
                result.cancelled = true;
                break;
            }
        }
    }
    result.readError = source.error();
    result.readErrorOffset = source.errorOffset();
    m_flows.finish();
    result.flows = m_flows.stats();
    return result;
}

} // namespace portlens
