#include "app/capture/capture_options.h"

#include <getopt.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace portlens::capture {

namespace {

constexpr const char *kUsage = R"(Usage: portlens-capture -D
       portlens-capture -i INTERFACE [-f FILTER] [-s SNAPLEN] [-p] [--immediate] [-B MiB]
                        [-w FILE]... [-c COUNT] [-a SECONDS] [--stats-interval MS]

The capture helper of PortLens: the only part that needs capture rights. Writes pcapng to
standard output (or to each -w FILE; '-' is standard output) and reports, on standard error,
one tab-separated line per event: ready, stats, warning, error, end.

  -D, --list-interfaces   list the interfaces, their flags and addresses
  -i, --interface NAME    capture on this interface
  -f, --filter FILTER     BPF capture filter (pcap-filter(7)), e.g. "tcp port 443"
  -s, --snaplen BYTES     bytes kept of each packet (default 262144)
  -p, --no-promiscuous    only traffic to and from this machine
      --immediate         deliver each packet at once (default: in blocks, at most 100 ms late)
  -B, --buffer MiB        kernel capture buffer (default 32)
  -w, --write FILE        write the capture here; repeat to write several copies
  -c, --count N           stop after N packets
  -a, --duration SECONDS  stop after this many seconds
      --stats-interval MS statistics every MS milliseconds (default 1000)
SIGTERM or SIGINT end the capture cleanly: the pcapng is completed with the drop counts.
)";

bool toNumber(const char *text, long long &value)
{
    char *end = nullptr;
    value = std::strtoll(text, &end, 10);
    return end && *end == '\0' && end != text;
}

} // namespace

std::optional<CaptureOptions> parseCaptureOptions(int argc, char **argv)
{
    enum { NoImmediate = 1000, Immediate, StatsInterval, Help };
    static const option longOptions[] = {
        {"list-interfaces", no_argument, nullptr, 'D'},
        {"interface", required_argument, nullptr, 'i'},
        {"filter", required_argument, nullptr, 'f'},
        {"snaplen", required_argument, nullptr, 's'},
        {"no-promiscuous", no_argument, nullptr, 'p'},
        {"no-immediate", no_argument, nullptr, NoImmediate},
        {"immediate", no_argument, nullptr, Immediate},
        {"buffer", required_argument, nullptr, 'B'},
        {"write", required_argument, nullptr, 'w'},
        {"count", required_argument, nullptr, 'c'},
        {"duration", required_argument, nullptr, 'a'},
        {"stats-interval", required_argument, nullptr, StatsInterval},
        {"help", no_argument, nullptr, Help},
        {nullptr, 0, nullptr, 0},
    };
    CaptureOptions options;
    auto bad = [](const char *why) -> std::optional<CaptureOptions> {
        std::fprintf(stderr, "error\tother\tportlens-capture: %s (see --help)\n", why);
        return std::nullopt;
    };
    int c;
    long long n = 0;
    while ((c = getopt_long(argc, argv, "Di:f:s:pB:w:c:a:", longOptions, nullptr)) != -1) {
        switch (c) {
        case 'D': options.listInterfaces = true; break;
        case 'i': options.interface = optarg; break;
        case 'f': options.filter = optarg; break;
        case 's':
            if (!toNumber(optarg, n) || n < 64 || n > 262144) return bad("the snap length must be 64 to 262144");
            options.snapLength = static_cast<int>(n);
            break;
        case 'p': options.promiscuous = false; break;
        case NoImmediate: options.immediate = false; break;
        case Immediate: options.immediate = true; break;
        case 'B':
            if (!toNumber(optarg, n) || n < 1 || n > 2048) return bad("the buffer must be 1 to 2048 MiB");
            options.bufferMiB = static_cast<int>(n);
            break;
        case 'w': options.outputs.emplace_back(optarg); break;
        case 'c':
            if (!toNumber(optarg, n) || n < 1) return bad("the count must be a positive number");
            options.count = static_cast<std::uint64_t>(n);
            break;
        case 'a': {
            char *end = nullptr;
            options.durationSeconds = std::strtod(optarg, &end);
            if (!end || *end != '\0' || options.durationSeconds <= 0) return bad("the duration must be positive");
            break;
        }
        case StatsInterval:
            if (!toNumber(optarg, n) || n < 10) return bad("the statistics interval must be at least 10 ms");
            options.statsIntervalMs = static_cast<int>(n);
            break;
        case Help: std::fputs(kUsage, stdout); std::exit(0);
        default: return bad("unknown option");
        }
    }
    if (optind < argc) return bad("unexpected argument");
    if (!options.listInterfaces && options.interface.empty()) return bad("no interface given (-i NAME, or -D to list)");
    if (options.outputs.empty()) options.outputs.emplace_back("-");
    return options;
}

} // namespace portlens::capture
