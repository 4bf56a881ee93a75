// `portlens-cli analyze FILE...`: every connection in one or more capture files.
#pragma once

#include "core/flow/flow_table.h"
#include "core/formats/connection_writer.h"

#include <string>
#include <vector>

namespace portlens::cli {

struct AnalyzeOptions {
    std::vector<std::string> files;
    OutputFormat format = OutputFormat::Table;
    std::string outputPath;      // empty: standard output
    FlowTableConfig flows;
    bool quiet = false;          // no summary on standard error
    bool progress = true;        // a progress bar when standard error is a terminal
    bool onlyFlagged = false;    // list only mismatches, unexpected content and warnings
    bool detect = true;          // run the protocol detectors (off: decoding and flows only)
    bool readAhead = true;       // read the file ahead and write rows on threads of their own (when >1 core)
    bool stats = false;          // a line on standard error per tenth of each file: packets/s, open, evicted, RSS
};

// Runs the analysis; returns the process exit code (see exit_codes.h).
int runAnalyze(const AnalyzeOptions &options);

} // namespace portlens::cli
