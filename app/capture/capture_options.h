// Command line of portlens-capture (getopt: the helper stays small and dependency-free).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portlens::capture {

struct CaptureOptions {
    bool listInterfaces = false;
    std::string interface;
    std::string filter;
    int snapLength = 262144;
    bool promiscuous = true;
    // Deliver each packet at once instead of in kernel blocks released every 100 ms. Off by default:
    // on lo it sustains about 60k packets/s against 180k for blocks (tools/bench-live.sh), and a
    // view that refreshes every 100 ms gains nothing from it.
    bool immediate = false;
    int bufferMiB = 32;              // the kernel's capture buffer (ring slots are snap-length sized in immediate mode)
    std::vector<std::string> outputs; // "-" is standard output; several outputs get the same bytes
    std::uint64_t count = 0;         // stop after this many packets (0: no limit)
    double durationSeconds = 0;      // stop after this long (0: no limit)
    int statsIntervalMs = 1000;
};

// Parses argv; on a usage error returns nullopt after printing why to standard error.
std::optional<CaptureOptions> parseCaptureOptions(int argc, char **argv);

} // namespace portlens::capture
