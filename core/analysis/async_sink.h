// AsyncSink: finished connections are judged and written on a thread of their own.
//
// Judging a connection and formatting its row cost about as much per connection as tracking
// its packets did; the analysing thread need not wait for that. Connections are handed over in
// small batches, in the order they finished, and consumed in that order by one thread, so the
// output is the same as when the sink runs inline. Memory stays bounded: when maxBatches are
// waiting, push() waits for the consumer.
#pragma once

#include "core/flow/connection.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace portlens {

class AsyncSink {
public:
    using Consumer = std::function<void(Connection &&)>;

    explicit AsyncSink(Consumer consume, std::size_t batchSize = 64, std::size_t maxBatches = 8);
    // Finishes (see finish()) if that was not done yet.
    ~AsyncSink();
    AsyncSink(const AsyncSink &) = delete;
    AsyncSink &operator=(const AsyncSink &) = delete;

    // Hands a finished connection to the consumer thread (from one producing thread).
    void push(Connection &&connection);
    // Hands over what is left and waits until the consumer has taken every connection. After
    // this, whatever the consumer wrote may be read; push() must not be called again.
    void finish();

private:
    void consumeLoop();
    void handOver();

    Consumer m_consume;
    const std::size_t m_batchSize;
    const std::size_t m_maxBatches;
    std::vector<Connection> m_filling; // the producer's batch, not yet handed over

    std::mutex m_mutex;
    std::condition_variable m_ready; // a batch is waiting, or the end
    std::condition_variable m_room;  // the consumer took a batch
    std::deque<std::vector<Connection>> m_waiting;
    bool m_ending = false;
    bool m_finished = false;

    std::thread m_consumer; // last: started once everything above exists
};

} // namespace portlens
