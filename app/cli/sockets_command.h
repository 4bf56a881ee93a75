// `portlens-cli sockets`: which program is on that port? This machine's TCP and UDP sockets with
// their owning processes, like `ss -tulpn`, plus the explanations an analyst needs to read them.
#pragma once

#include "core/sockets/local_sockets.h"

namespace CLI {
class App;
}

namespace portlens::cli {

struct SocketsOptions {
    SocketFilter filter;
    bool tsv = false; // tab-separated, one header line, for scripts
};

int runSockets(const SocketsOptions &options);

// The subcommand as main() registers it: add() declares the options, run() after parsing.
struct SocketsCommand {
    CLI::App *command = nullptr;
    SocketsOptions options;
    bool tcpOnly = false;
    bool udpOnly = false;
    void add(CLI::App &app);
    [[nodiscard]] bool parsed() const;
    int run();
};

} // namespace portlens::cli
