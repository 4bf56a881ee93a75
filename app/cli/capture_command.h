// `portlens-cli capture -i IFACE`: live traffic analysed like `analyze`, through the capture
// helper (portlens-cli itself needs no capture rights), with the local program of each connection.
#pragma once

#include "core/flow/flow_table.h"
#include "core/formats/connection_writer.h"

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace portlens::cli {

struct CaptureOptions {
    std::string interface;
    std::string filter;
    std::string savePath;          // also keep the raw capture (pcapng) here
    std::uint64_t count = 0;       // stop after this many packets
    double durationSeconds = 0;    // stop after this long
    int snapLength = 65535;        // a ring slot per packet of this size in immediate mode
    bool promiscuous = true;
    OutputFormat format = OutputFormat::Table;
    FlowTableConfig flows;
    bool onlyFlagged = false;
    bool quiet = false;
    bool processes = true;         // the local_process column
};

// Exit codes beyond exit_codes.h, one per helper fault.
enum CaptureExitCode : int {
    CaptureNoPermission = 11,
    CaptureNoInterface = 12,       // no such interface, or it is (or went) down
    CaptureInvalidFilter = 13,
    CaptureHelperFailed = 14,      // the helper is missing, crashed or failed otherwise
};

int runCapture(const CaptureOptions &options);

// The subcommand as main() registers it: add() declares the options, run() after parsing.
struct CaptureCommand {
    CLI::App *command = nullptr;
    CaptureOptions options;
    std::string format = "table";
    void add(CLI::App &app);
    [[nodiscard]] bool parsed() const;
    int run();
};

} // namespace portlens::cli
