// bench-port-search: how long the port reference takes to load and to answer, over the whole
// registry. Prints the median and worst of many runs for each query. Run it from a release build
// for the figures that matter (tools/ports/bench-port-search.sh does that).
#include "core/ports/port_search.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace portlens {
extern const char kBuiltinPortsJson[];
extern const char kBuiltinRegistryTsv[];
}

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Figures {
    double median = 0;
    double worst = 0;
};

template<typename F>
Figures measure(int runs, F &&work)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        work();
        times.push_back(millisecondsSince(start));
    }
    std::sort(times.begin(), times.end());
    return {times[times.size() / 2], times.back()};
}

} // namespace

int main()
{
    using namespace portlens;
    std::size_t entries = 0;
    const Figures load = measure(21, [&entries] {
        std::string error;
        const auto knowledge = PortKnowledge::fromData(kBuiltinPortsJson, kBuiltinRegistryTsv, error);
        entries = knowledge ? knowledge->services().size() : 0;
    });
    std::printf("load registry + curated notes: %zu entries, median %.2f ms, worst %.2f ms (21 runs)\n", entries,
                load.median, load.worst);

    const PortKnowledge &knowledge = PortKnowledge::builtin();
    const Figures index = measure(21, [&knowledge] { PortSearch search(knowledge); });
    std::printf("build search index: median %.2f ms, worst %.2f ms\n", index.median, index.worst);

    const PortSearch search(knowledge);
    const char *queries[] = {"22", "5353/udp", "5350-5360", "1-65535", "ssh", "netbios", "multicast",
                             "mail", "encrypted", "data base", "x", "zzzz-no-such-thing"};
    double worstMedian = 0;
    for (const char *query : queries) {
        std::size_t found = 0;
        const Figures f = measure(201, [&] { found = search.find(query).size(); });
        worstMedian = std::max(worstMedian, f.median);
        std::printf("search %-22s %5zu matches, median %.3f ms, worst %.3f ms (201 runs)\n", query, found, f.median,
                    f.worst);
    }
    std::printf("slowest query median: %.3f ms (target < 5 ms); load median %.2f ms (target < 100 ms)\n", worstMedian,
                load.median);
    return 0;
}
