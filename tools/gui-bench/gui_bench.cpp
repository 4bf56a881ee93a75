// portlens-gui-bench: the desktop application's performance figures (issue: desktop application).
//
//   portlens-gui-bench stall FILE...   load captures in the real MainWindow and measure the GUI
//                                      thread's largest gap between 10 ms timer ticks
//                                      (PORTLENS_GUI_BENCH_ROW_LIMIT=N: the table's row limit)
//   portlens-gui-bench rows N          N synthetic connections in ConnectionModel + proxy + view:
//                                      insert, sort and filter times, bytes per row
// Run offscreen (QT_QPA_PLATFORM=offscreen); tools/gui-bench.sh builds a ~1 GB capture and runs both.
#include "ui/main/connection_filter_proxy.h"
#include "ui/main/connection_model.h"
#include "ui/main/main_window.h"
#include "ui/main/table_row_limit.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

using namespace portlens;
using namespace portlens::ui;

namespace {

long statusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(key)) return line.mid(key.size()).trimmed().split(' ').front().toLong();
    return -1;
}

// CPU time this thread has used, in ms: tells our own blocking apart from a busy machine
// (on a loaded host the GUI thread also waits for a core, which is not the program's fault).
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

int stall(const QStringList &files)
{
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    std::vector<qint64> gaps;
    std::vector<double> busy; // GUI-thread CPU ms between ticks
    double cpuAtTick = threadCpuMs();
    QElapsedTimer clock;
    QElapsedTimer total;
    QTimer tick;
    tick.setInterval(10);
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        gaps.push_back(clock.restart());
        const double now = threadCpuMs();
        busy.push_back(now - cpuAtTick);
        cpuAtTick = now;
    });
    bool done = false;
    QObject::connect(&window, &MainWindow::analysisFinished, [&] { done = true; });
    const long rssBefore = statusKiB("VmRSS");
    clock.start();
    total.start();
    tick.start();
    window.openFiles(files);
    while (!done) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const qint64 seconds = total.elapsed();
    tick.stop();
    std::sort(gaps.begin(), gaps.end());
    const qint64 worst = gaps.empty() ? 0 : gaps.back();
    const qint64 p99 = gaps.empty() ? 0 : gaps[gaps.size() * 99 / 100];
    const auto over50 = std::count_if(gaps.begin(), gaps.end(), [](qint64 g) { return g > 50; });
    std::printf("load: %.1f s, %d connections (%llu flagged), %s\n", static_cast<double>(seconds) / 1000.0,
                window.connectionModel()->rowCount(), static_cast<unsigned long long>(window.connectionModel()->flaggedCount()),
                qPrintable(window.summaryText()));
    std::printf("event loop: %zu ticks, largest gap %lld ms, 99th percentile %lld ms, gaps over 50 ms: %ld\n", gaps.size(),
                static_cast<long long>(worst), static_cast<long long>(p99), static_cast<long>(over50));
    std::sort(busy.begin(), busy.end());
    std::printf("GUI thread CPU between ticks: largest %.1f ms, 99th percentile %.1f ms (load average %s)\n",
                busy.empty() ? 0.0 : busy.back(), busy.empty() ? 0.0 : busy[busy.size() * 99 / 100],
                [] {
                    QFile f(QStringLiteral("/proc/loadavg"));
                    return f.open(QIODevice::ReadOnly) ? f.readAll().left(14).toStdString() : std::string();
                }()
                    .c_str());
    std::printf("memory: RSS %ld MiB before, %ld MiB after, peak %ld MiB; model extra bytes/row %zu\n", rssBefore / 1024,
                statusKiB("VmRSS") / 1024, statusKiB("VmHWM") / 1024, window.connectionModel()->extraBytesPerRow());
    const ConnectionModel &model = *window.connectionModel();
    std::printf("table: %d rows (limit %zu), %llu connections not shown (%llu of them flagged); message bar: %s\n",
                model.rowCount(), model.rowLimit(), static_cast<unsigned long long>(model.droppedRows()),
                static_cast<unsigned long long>(model.droppedFlagged()),
                window.problemText().isEmpty() ? "(none)" : qPrintable(window.problemText()));
    return 0;
}

ConnectionSnapshot syntheticRow(std::uint64_t id)
{
    ConnectionSnapshot s;
    Connection &c = s.connection;
    c.id = id;
    c.transport = id % 4 == 0 ? 17 : 6;
    // Varied addresses, so sorting by address has real work.
    auto v4 = [](unsigned a, unsigned b, unsigned c3, unsigned d) {
        const std::array<std::byte, 4> bytes{std::byte(a & 0xff), std::byte(b & 0xff), std::byte(c3 & 0xff), std::byte(d & 0xff)};
        return IpAddress::fromV4(bytes);
    };
    c.client.address = v4(10, 0, static_cast<unsigned>(id >> 8), static_cast<unsigned>(id));
    c.server.address = v4(198, 51, static_cast<unsigned>((id * 7919) >> 16), static_cast<unsigned>(id * 31));
    c.client.port = static_cast<std::uint16_t>(1024 + id % 60000);
    static const std::uint16_t ports[] = {80, 443, 53, 22, 25, 8080, 3389, 123};
    static const char *protocols[] = {"HTTP", "TLS", "DNS", "SSH", "SMTP", "HTTP", "", "NTP"};
    const std::size_t k = (id * 2654435761u) % 8;
    c.server.port = ports[k];
    c.firstNs = static_cast<std::int64_t>(id) * 1'000'000;
    c.lastNs = c.firstNs + static_cast<std::int64_t>((id * 48271) % 5'000'000'000);
    c.toServer.packets = 1 + (id * 16807) % 500;
    c.toServer.wireBytes = c.toServer.packets * 120;
    c.toClient.packets = (id * 69621) % 800;
    c.toClient.wireBytes = c.toClient.packets * 900;
    c.history = "ShADadFf";
    c.detection.protocol = protocols[k];
    s.verdict.kind = id % 50 == 0 ? VerdictKind::Mismatch : VerdictKind::Expected;
    if (id % 50 == 0) s.verdict.severity = Severity::Warning;
    return s;
}

template<typename F>
double millis(F &&f)
{
    QElapsedTimer t;
    t.start();
    f();
    QCoreApplication::processEvents();
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

int rows(int n)
{
    ConnectionModel model;
    ConnectionFilterProxy proxy;
    proxy.setSourceModel(&model);
    QTableView view;
    view.setModel(&proxy);
    view.setSortingEnabled(false);
    view.resize(1200, 700);
    view.show();
    const long rssBefore = statusKiB("VmRSS");
    const double insert = millis([&] {
        for (int first = 1; first <= n; first += 10'000) {
            auto batch = std::make_shared<std::vector<ConnectionSnapshot>>();
            for (int id = first; id < std::min(first + 10'000, n + 1); ++id) batch->push_back(syntheticRow(static_cast<std::uint64_t>(id)));
            model.addBatch(batch);
        }
    });
    const long rssAfter = statusKiB("VmRSS");
    std::printf("rows: %d inserted in batches of 10,000 in %.0f ms (unsorted proxy)\n", n, insert);
    const double perRow = static_cast<double>(rssAfter - rssBefore) * 1024.0 / n;
    std::printf("memory: %.0f bytes/row in RSS, of which Connection itself %zu bytes (+ its strings); "
                "model's own extra %zu bytes/row\n",
                perRow, sizeof(Connection), model.extraBytesPerRow());
    struct Case {
        const char *name;
        int column;
    };
    for (Case c : {Case{"packets", ConnectionModel::PacketsColumn}, Case{"server address", ConnectionModel::ServerColumn},
                   Case{"detected protocol", ConnectionModel::ProtocolColumn}, Case{"verdict", ConnectionModel::VerdictColumn},
                   Case{"start time", ConnectionModel::StartColumn}}) {
        const double ms = millis([&] { proxy.sort(c.column, Qt::DescendingOrder); });
        std::printf("sort by %-18s %7.0f ms\n", c.name, ms);
    }
    const double typeOne = millis([&] { proxy.setFilterText(QStringLiteral("1")); });
    const double typeMore = millis([&] { proxy.setFilterText(QStringLiteral("198.51.100.7")); });
    std::printf("filter text '1': %.0f ms (%d rows); '198.51.100.7': %.0f ms (%d rows)\n", typeOne, proxy.rowCount(), typeMore,
                proxy.rowCount());
    const double ssh = millis([&] { proxy.setFilterText(QStringLiteral("ssh")); });
    std::printf("filter text 'ssh': %.0f ms (%d rows)\n", ssh, proxy.rowCount());
    proxy.setFilterText({});
    const double flagged = millis([&] { proxy.setFlaggedOnly(true); });
    std::printf("flagged only: %.0f ms (%d rows)\n", flagged, proxy.rowCount());
    proxy.setFlaggedOnly(false);
    const double port = millis([&] { proxy.setPortFilter(53, 17); });
    std::printf("port 53/udp: %.0f ms (%d rows)\n", port, proxy.rowCount());
    const double clear = millis([&] { proxy.clearFilters(); });
    std::printf("clear filters: %.0f ms (%d rows)\n", clear, proxy.rowCount());
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PortLensBench")); // own settings, not the user's
    bool limitGiven = false;
    const qulonglong rowLimit = qEnvironmentVariable("PORTLENS_GUI_BENCH_ROW_LIMIT").toULongLong(&limitGiven);
    if (limitGiven) QSettings().setValue(TableRowLimit::settingsKey(), rowLimit);
    else QSettings().remove(TableRowLimit::settingsKey()); // the default
    const QStringList args = QApplication::arguments().mid(1);
    if (args.size() >= 2 && args.front() == QLatin1String("stall")) return stall(args.mid(1));
    if (args.size() == 2 && args.front() == QLatin1String("rows")) return rows(args.at(1).toInt());
    std::fprintf(stderr, "usage: portlens-gui-bench stall FILE... | rows N\n");
    return 2;
}
