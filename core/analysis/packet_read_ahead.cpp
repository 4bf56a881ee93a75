#include "core/analysis/packet_read_ahead.h"

#include <algorithm>
#include <span>

namespace portlens {

PacketReadAhead::PacketReadAhead(PacketSource &source, std::size_t batchBytes, std::size_t batchCount,
                                 std::size_t batchPackets)
    : m_source(source)
    , m_decoder(source.linkType())
    , m_linkType(source.linkType())
    , m_batchBytes(std::max<std::size_t>(batchBytes, 1))
    , m_batchPackets(std::max<std::size_t>(batchPackets, 1))
{
    for (std::size_t i = 0; i < std::max<std::size_t>(batchCount, 2); ++i) {
        auto batch = std::make_unique<Batch>();
        batch->bytes.resize(m_batchBytes);
        batch->packets.reserve(m_batchPackets);
        m_empty.push_back(std::move(batch));
    }
    m_reader = std::thread([this] { readLoop(); });
}

PacketReadAhead::~PacketReadAhead()
{
    stop();
}

void PacketReadAhead::stop()
{
    if (!m_reader.joinable()) return;
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_emptied.notify_all();
    m_reader.join();
}

bool PacketReadAhead::fill(Batch &batch)
{
    batch.used = 0;
    batch.count = 0;
    struct Filling {
        PacketReadAhead *self;
        Batch *batch;
    } filling{this, &batch};
    const bool more = m_source.readWhile(
        [](void *context, const RawPacket &packet) {
            const auto &[self, into] = *static_cast<Filling *>(context);
            return self->append(*into, packet);
        },
        &filling);
    batch.bytesReadAtEnd = m_source.bytesRead();
    return more; // false: the end of the capture, or a read error
}

bool PacketReadAhead::append(Batch &batch, const RawPacket &packet)
{
    const std::size_t size = packet.data.size();
    if (batch.count >= m_batchPackets) return false; // full by count: records of 0 bytes never fill the bytes
    if (batch.used + size > batch.bytes.size()) {
        if (batch.count > 0) return false; // no room left: the next batch starts with this packet
        batch.bytes.resize(size);          // one packet larger than a whole batch: it gets one of its own
    }
    // Copied into the batch and decoded at once, while the bytes are in the cache; they never
    // move afterwards (the buffer is not resized once it holds a packet), so the views'
    // payloads stay valid.
    const auto copy = std::span(batch.bytes).subspan(batch.used, size);
    std::ranges::copy(packet.data, copy.begin());
    batch.used += size;
    if (batch.count == batch.packets.size()) batch.packets.emplace_back();
    DecodedPacket &decoded = batch.packets[batch.count++];
    decoded.view.timestampNs = packet.timestampNs;
    decoded.view.wireLength = packet.wireLength;
    if (packet.linkType != m_linkType) m_decoder = Decoder(m_linkType = packet.linkType); // pcapng: per interface
    m_decoder.decode(copy, decoded.view);
    decoded.flow = FlowTable::hashAhead(decoded.view); // the flow table's first step, taken off the analysing thread
    return true;
}

void PacketReadAhead::readLoop()
{
    for (;;) {
        std::unique_ptr<Batch> batch;
        {
            std::unique_lock lock(m_mutex);
            m_emptied.wait(lock, [this] { return m_stop || !m_empty.empty(); });
            if (m_stop) break;
            batch = std::move(m_empty.back());
            m_empty.pop_back();
        }
        const bool more = fill(*batch);
        {
            const std::lock_guard lock(m_mutex);
            if (batch->count > 0) m_full.push_back(std::move(batch));
            else m_empty.push_back(std::move(batch));
            if (!more) m_readerDone = true;
        }
        m_filled.notify_one();
        if (!more) return;
    }
    const std::lock_guard lock(m_mutex);
    m_readerDone = true;
}

const DecodedPacket *PacketReadAhead::nextBatch()
{
    std::unique_lock lock(m_mutex);
    if (m_current) {
        m_empty.push_back(std::move(m_current));
        m_emptied.notify_one();
    }
    m_filled.wait(lock, [this] { return !m_full.empty() || m_readerDone; });
    if (m_full.empty()) return nullptr; // the reader is done and everything was handed out
    m_current = std::move(m_full.front());
    m_full.pop_front();
    m_nextPacket = 1;
    m_bytesReadOfCurrent = m_current->bytesReadAtEnd;
    return &m_current->packets.front(); // never empty: the reader hands out no empty batch
}

} // namespace portlens
