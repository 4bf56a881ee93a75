// portlens-capture: captures on one interface and writes pcapng, for PortLens's CLI and GUI.
// Privilege separation as in Wireshark's dumpcap: this is the only program that needs capture
// rights, it parses no packet, and it drops its capabilities once the capture socket is open.
#include "app/capture/capture_options.h"
#include "app/capture/interface_list.h"
#include "app/capture/live_capture.h"

#include "core/capture/helper_protocol.h"

#include <csignal>
#include <cstring>

namespace {

void onStopSignal(int)
{
    portlens::capture::requestStop();
}

} // namespace

int main(int argc, char **argv)
{
    using namespace portlens;
    const auto options = capture::parseCaptureOptions(argc, argv);
    if (!options) return HelperUsage;
    if (options->listInterfaces) return capture::listInterfaces();

    struct sigaction action{};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    // A reader that goes away shows up as EPIPE from fwrite, handled as the end of the capture.
    std::signal(SIGPIPE, SIG_IGN);
    return capture::runCapture(*options);
}
