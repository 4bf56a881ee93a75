// `portlens-cli port QUERY`: the port reference on the command line. Prints the matching
// entries, best first; when one curated port is the exact answer (or there is only one match),
// prints its whole teaching note. `--format json` for scripts.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace portlens::cli {

struct PortOptions {
    std::vector<std::string> query; // words, joined with spaces
    bool json = false;
    std::size_t limit = 40; // 0: all
};

int runPort(const PortOptions &options);

} // namespace portlens::cli
