#include "capture/packet_read_ahead.h"

#include <algorithm>

namespace portlens {

PacketReadAhead::PacketReadAhead(PacketSource &source, std::size_t batchBytes, std::size_t batchCount)
    : m_source(source)
    , m_decoder(source.linkType())
    , m_batchBytes(std::max<std::size_t>(batchBytes, 1))
{
    for (std::size_t i = 0; i < std::max<std::size_t>(batchCount, 2); ++i) {
        auto batch = std::make_unique<Batch>();
        batch->bytes.reserve(m_batchBytes + 2048);
        m_empty.push_back(std::move(batch));
    }
    m_reader = std::thread([this] { readLoop(); });
}

PacketReadAhead::~PacketReadAhead()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_emptied.notify_all();
    m_reader.join();
}

bool PacketReadAhead::fill(Batch &batch)
{
    batch.bytes.clear();
    batch.ends.clear();
    batch.count = 0;
    RawPacket raw;
    bool more = true;
    while (batch.bytes.size() < m_batchBytes) {
        if (!m_source.next(raw)) {
            more = false;
            break;
        }
        batch.bytes.insert(batch.bytes.end(), raw.data.begin(), raw.data.end());
        batch.ends.push_back(static_cast<std::uint32_t>(batch.bytes.size()));
        if (batch.count == batch.packets.size()) batch.packets.emplace_back();
        PacketView &view = batch.packets[batch.count++];
        view.timestampNs = raw.timestampNs;
        view.wireLength = raw.wireLength;
    }
    // Decoded once the bytes stop moving: appending may have reallocated them.
    const Bytes all(batch.bytes);
    std::uint32_t begin = 0;
    for (std::size_t i = 0; i < batch.count; ++i) {
        m_decoder.decode(all.subspan(begin, batch.ends[i] - begin), batch.packets[i]);
        begin = batch.ends[i];
    }
    batch.bytesReadAtEnd = m_source.bytesRead();
    return more;
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

const PacketView *PacketReadAhead::nextBatch()
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
