// PacketReadAhead: reads and decodes a capture file on a thread of its own while the caller
// analyses.
//
// Reading a file with libpcap (stdio, record headers, a copy per packet) costs about as much as
// tracking flows and detecting protocols, and the two need not wait for each other: a reader
// thread fills batches of decoded packets while the analysing thread works through the previous
// ones. On two cores the analysis then takes about as long as the slower of the two halves
// instead of their sum. Decoding happens on the reader's side: it is per packet, needs no state,
// and balances the halves (the flow table and the detectors are the heavier one), and so does
// hashing each packet's flow key (FlowTable::hashAhead), the flow table's first step.
//
// Memory is bounded: a few batches of about batchBytes, and of at most batchPackets packets, each
// circulate between the two threads; the reader waits when all of them are full. The packet
// bound matters for records of 0 captured bytes, which never fill a batch's bytes (a file of them
// once grew a batch's packet list past 500 MB). A packet handed out by next() (and the payload it
// points into) stays valid until the next call. Only for files: a live pipe delivers packets
// as they come, and holding them back until a batch is full would delay them on screen.
#pragma once

#include "core/capture/packet_source.h"
#include "core/decode/decoder.h"
#include "core/decode/packet_view.h"
#include "core/flow/flow_table.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace portlens {

// A packet as the analysing thread takes it: decoded, and its flow hashed when read ahead.
struct DecodedPacket {
    PacketView view;
    FlowHash flow;
};

class PacketReadAhead {
public:
    // Starts reading source at once. source must outlive this object and not be used by anyone
    // else until it is destroyed (or finished() says the reader is done).
    explicit PacketReadAhead(PacketSource &source, std::size_t batchBytes = std::size_t{256} * 1024, std::size_t batchCount = 6,
                             std::size_t batchPackets = 4096);
    // Stops the reader (it finishes the batch it is filling) and waits for it.
    ~PacketReadAhead();
    PacketReadAhead(const PacketReadAhead &) = delete;
    PacketReadAhead &operator=(const PacketReadAhead &) = delete;

    // The next packet in file order, decoded; nullptr at the end of the capture or where reading
    // failed (then the source's error() says why).
    const DecodedPacket *next()
    {
        if (m_current && m_nextPacket < m_current->count) return &m_current->packets[m_nextPacket++];
        return nextBatch();
    }
    // The packet `ahead` places after the one next() returned last, when it is in the batch at
    // hand (for prefetching what it will need), else nullptr.
    [[nodiscard]] const DecodedPacket *peek(std::size_t ahead) const
    {
        if (!m_current || m_nextPacket == 0) return nullptr;
        const std::size_t index = m_nextPacket - 1 + ahead;
        return index < m_current->count ? &m_current->packets[index] : nullptr;
    }
    // Stops the reader thread and waits for it (as the destructor does); next() then only hands
    // out what was already read. Afterwards the source may be asked for its error().
    void stop();
    [[nodiscard]] PacketSource &source() const { return m_source; }
    // File bytes read up to the end of the batch being handed out (for progress).
    [[nodiscard]] std::uint64_t bytesRead() const { return m_bytesReadOfCurrent; }

private:
    struct Batch {
        std::vector<std::byte> bytes;     // the packets' captured bytes, one after another: a fixed
                                          // buffer, of which the first used bytes are this batch's
        std::size_t used = 0;
        std::vector<DecodedPacket> packets; // payloads point into bytes. Reused, never
                                          // shrunk: only the first count are this batch's
        std::size_t count = 0;
        std::uint64_t bytesReadAtEnd = 0;
    };

    const DecodedPacket *nextBatch(); // hands the used batch back and waits for a full one
    void readLoop();
    bool fill(Batch &batch);
    bool append(Batch &batch, const RawPacket &packet); // false: the batch is full

    PacketSource &m_source;
    Decoder m_decoder; // for m_linkType; the reader thread's
    int m_linkType;
    const std::size_t m_batchBytes;
    const std::size_t m_batchPackets;

    std::mutex m_mutex;
    std::condition_variable m_filled;   // a batch is ready for the analysing thread, or the end
    std::condition_variable m_emptied;  // a batch came back to the reader, or stop was asked
    std::deque<std::unique_ptr<Batch>> m_full;
    std::vector<std::unique_ptr<Batch>> m_empty;
    bool m_readerDone = false;
    bool m_stop = false;

    // Owned by the analysing thread.
    std::unique_ptr<Batch> m_current;
    std::size_t m_nextPacket = 0;
    std::uint64_t m_bytesReadOfCurrent = 0;

    std::thread m_reader; // last: started once everything above exists
};

} // namespace portlens
