#include "app/capture/interface_list.h"

#include "core/capture/capture_interfaces.h"
#include "core/capture/helper_protocol.h"

#include <cstdio>
#include <string>

namespace portlens::capture {

int listInterfaces()
{
    std::string error;
    const auto interfaces = listCaptureInterfaces(error);
    if (!error.empty()) {
        std::fputs(helperLine("error", {"other", error}).c_str(), stderr);
        return HelperFailed;
    }
    for (const CaptureInterface &i : interfaces) {
        std::string flags;
        auto add = [&flags](bool set, const char *word) {
            if (set) flags += flags.empty() ? word : std::string(",") + word;
        };
        add(i.up, "up");
        add(i.running, "running");
        add(i.loopback, "loopback");
        add(i.wireless, "wireless");
        std::string addresses;
        for (const std::string &a : i.addresses) addresses += (addresses.empty() ? "" : ",") + a;
        std::fputs(helperLine("interface", {i.name, i.description, flags.empty() ? "-" : flags,
                                            addresses.empty() ? "-" : addresses})
                       .c_str(),
                   stdout);
    }
    return HelperOk;
}

} // namespace portlens::capture
