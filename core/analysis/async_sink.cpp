#include "core/analysis/async_sink.h"

#include <algorithm>

namespace portlens {

AsyncSink::AsyncSink(Consumer consume, std::size_t batchSize, std::size_t maxBatches)
    : m_consume(std::move(consume))
    , m_batchSize(std::max<std::size_t>(batchSize, 1))
    , m_maxBatches(std::max<std::size_t>(maxBatches, 1))
{
    m_filling.reserve(m_batchSize);
    m_consumer = std::thread([this] { consumeLoop(); });
}

AsyncSink::~AsyncSink()
{
    finish();
}

void AsyncSink::push(Connection &&connection)
{
    m_filling.push_back(std::move(connection));
    if (m_filling.size() >= m_batchSize) handOver();
}

void AsyncSink::handOver()
{
    if (m_filling.empty()) return;
    {
        std::unique_lock lock(m_mutex);
        m_room.wait(lock, [this] { return m_waiting.size() < m_maxBatches; });
        m_waiting.push_back(std::move(m_filling));
    }
    m_ready.notify_one();
    m_filling = {};
    m_filling.reserve(m_batchSize);
}

void AsyncSink::finish()
{
    if (m_finished) return;
    m_finished = true;
    handOver();
    {
        const std::lock_guard lock(m_mutex);
        m_ending = true;
    }
    m_ready.notify_one();
    m_consumer.join();
}

void AsyncSink::consumeLoop()
{
    for (;;) {
        std::vector<Connection> batch;
        {
            std::unique_lock lock(m_mutex);
            m_ready.wait(lock, [this] { return !m_waiting.empty() || m_ending; });
            if (m_waiting.empty()) return; // ending, and everything was consumed
            batch = std::move(m_waiting.front());
            m_waiting.pop_front();
        }
        m_room.notify_one();
        for (Connection &connection : batch) m_consume(std::move(connection));
    }
}

} // namespace portlens
