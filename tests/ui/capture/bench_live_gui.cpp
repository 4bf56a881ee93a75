// Live-capture benchmark with the GUI pieces: CaptureBar + CaptureSession on the GUI thread, the
// analysis (decode, flows, detection, process lookup) on a worker thread reading the session's
// pipe, and tools/live_sender.py replaying a corpus capture onto 'lo' at a fixed rate. Prints the
// packets sent, captured, dropped by the kernel and analysed, and how late a 10 ms GUI timer ran
// (the event loop's stalls). Not a CTest test: run it by hand (needs capture rights):
//   bench_live_gui RATE SECONDS PCAP     (QT_QPA_PLATFORM=offscreen)
#include "ui/capture/capture_bar.h"
#include "ui/capture/capture_session.h"

#include "core/analysis/analysis_pipeline.h"
#include "core/capture/packet_source.h"
#include "core/verdict/verdict.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace portlens;
using namespace portlens::ui;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_live_gui RATE SECONDS PCAP\n");
        return 2;
    }
    const QString rate = QString::fromLocal8Bit(argv[1]);
    const QString seconds = QString::fromLocal8Bit(argv[2]);
    const QString pcap = QString::fromLocal8Bit(argv[3]);

    CaptureBar bar;
    CaptureSession session;
    connectCaptureBar(&bar, &session);
    bar.show();

    std::atomic<std::uint64_t> analysed{0};
    std::thread worker;
    QObject::connect(&session, &CaptureSession::started, &app, [&] {
        const int fd = session.takeStreamFd();
        worker = std::thread([fd, &analysed, &bar] {
            auto opened = PacketSource::openStream(::fdopen(fd, "rb"), "live:lo");
            if (!opened.source) return;
            std::uint64_t connections = 0, flagged = 0;
            AnalysisConfig config;
            config.attributeProcesses = true;
            AnalysisPipeline analysis(config, [&](JudgedConnection &&row) {
                ++connections;
                if (row.verdict.flagged()) ++flagged;
            });
            analysis.run(*opened.source, [&](const AnalysisProgress &p) {
                analysed = p.packets;
                QMetaObject::invokeMethod(&bar, [&bar, connections, flagged] { bar.setAnalysisCounts(connections, flagged); },
                                          Qt::QueuedConnection);
                return true;
            }, 4096);
        });
        // The sender starts once the helper is ready.
        auto *sender = new QProcess(&app);
        sender->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QObject::connect(sender, &QProcess::finished, &app, [&, sender] {
            std::printf("%s", sender->readAllStandardOutput().constData());
            QTimer::singleShot(500, &session, &CaptureSession::stop);
        });
        sender->start(QStringLiteral("python3"), {QStringLiteral(PORTLENS_SOURCE_DIR "/tools/live_sender.py"), pcap,
                                                  QStringLiteral("--rate"), rate, QStringLiteral("--seconds"), seconds});
    });

    // The event loop's health: a 10 ms timer, and how late each tick comes.
    std::vector<qint64> lateness;
    QElapsedTimer clock;
    clock.start();
    qint64 expected = 10;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(10);
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.elapsed();
        lateness.push_back(std::max<qint64>(0, now - expected));
        expected = now + 10;
    });
    tick.start();

    QObject::connect(&session, &CaptureSession::failed, &app, [](CaptureSession::Fault, const QString &message) {
        std::fprintf(stderr, "capture failed: %s\n", qPrintable(message));
    });
    QObject::connect(&session, &CaptureSession::finished, &app, [&](bool) {
        if (worker.joinable()) worker.join();
        std::sort(lateness.begin(), lateness.end());
        const auto percentile = [&](double p) {
            return lateness.empty() ? 0 : lateness[std::size_t(p * double(lateness.size() - 1))];
        };
        const CaptureStatistics &s = session.statistics();
        std::printf("rate %s/s: kernel received %llu, dropped %llu; helper captured %llu; analysed %llu; "
                    "GUI timer lateness p50 %lld ms, p99 %lld ms, max %lld ms over %zu ticks\n",
                    qPrintable(rate), static_cast<unsigned long long>(s.received),
                    static_cast<unsigned long long>(s.droppedKernel), static_cast<unsigned long long>(s.captured),
                    static_cast<unsigned long long>(analysed.load()), static_cast<long long>(percentile(0.5)),
                    static_cast<long long>(percentile(0.99)), static_cast<long long>(lateness.empty() ? 0 : lateness.back()),
                    lateness.size());
        app.quit();
    });
    session.start({QStringLiteral("lo"), QStringLiteral("not tcp port 22")});
    return app.exec();
}
