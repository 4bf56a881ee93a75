// The capture loop of portlens-capture: open the interface, apply the filter, write pcapng,
// report statistics, and end cleanly on a signal, a limit, or a fault.
#pragma once

#include "app/capture/capture_options.h"

namespace portlens::capture {

// Returns the helper's exit code (HelperExit).
int runCapture(const CaptureOptions &options);

// Called from the SIGTERM/SIGINT handler: ends the capture loop at the next packet or timeout.
void requestStop();

} // namespace portlens::capture
