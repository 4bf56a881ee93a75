// AsyncSink: every connection reaches the consumer, once, in the order it was pushed; finish()
// waits for the last one; and a slow consumer holds the producer back instead of letting
// finished connections pile up in memory.
#include "core/analysis/async_sink.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <semaphore>

using namespace portlens;

class TestAsyncSink : public QObject {
    Q_OBJECT

private slots:
    void everyConnectionOnceInOrder_data()
    {
        QTest::addColumn<int>("batchSize");
        QTest::addColumn<int>("maxBatches");
        QTest::newRow("one by one") << 1 << 1;
        QTest::newRow("small batches") << 7 << 2;
        QTest::newRow("default") << 64 << 8;
    }

    void everyConnectionOnceInOrder()
    {
        QFETCH(int, batchSize);
        QFETCH(int, maxBatches);
        std::vector<std::uint64_t> seen; // only the consumer thread touches it until finish()
        std::thread::id consumerThread;
        bool wholeConnections = true; // (Qt Test's checks belong on the test's own thread)
        AsyncSink sink(
            [&](Connection &&c) {
                consumerThread = std::this_thread::get_id();
                seen.push_back(c.id);
                wholeConnections = wholeConnections && c.history == "ShAD";
            },
            static_cast<std::size_t>(batchSize), static_cast<std::size_t>(maxBatches));
        for (std::uint64_t id = 1; id <= 1000; ++id) {
            Connection c;
            c.id = id;
            c.history = "ShAD";
            sink.push(std::move(c));
        }
        sink.finish();
        sink.finish(); // twice is harmless
        QCOMPARE(seen.size(), 1000u);
        QVERIFY(wholeConnections);
        for (std::size_t i = 0; i < seen.size(); ++i) QCOMPARE(seen[i], i + 1);
        QVERIFY(consumerThread != std::this_thread::get_id());
    }

    void destroyingFinishes()
    {
        int consumed = 0;
        {
            AsyncSink sink([&](Connection &&) { ++consumed; }, 10, 2);
            for (int i = 0; i < 25; ++i) sink.push(Connection{});
        }
        QCOMPARE(consumed, 25); // including the last, partly filled batch
    }

    void slowConsumerHoldsTheProducerBack()
    {
        std::binary_semaphore consumerMayGo(0);
        std::atomic<int> pushed = 0;
        std::atomic<bool> first = true;
        AsyncSink sink(
            [&](Connection &&) {
                if (first.exchange(false)) consumerMayGo.acquire(); // stuck on the first connection
            },
            1, 2);
        std::thread producer([&] {
            for (int i = 0; i < 100; ++i) {
                sink.push(Connection{});
                ++pushed;
            }
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        // One connection with the consumer, two batches of one waiting: the fourth push waits.
        QVERIFY2(pushed.load() <= 4, qPrintable(QString::number(pushed.load())));
        consumerMayGo.release();
        producer.join();
        QCOMPARE(pushed.load(), 100);
        sink.finish();
    }
};

QTEST_GUILESS_MAIN(TestAsyncSink)
#include "tst_async_sink.moc"
