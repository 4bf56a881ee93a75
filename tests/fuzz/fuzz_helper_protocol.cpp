// The capture helper's standard-error stream as the parent reads it: split into lines, each
// parsed. A helper is privileged but its output is still parsed defensively.
#include "core/capture/helper_protocol.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace portlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::string_view rest(reinterpret_cast<const char *>(data), size);
    while (!rest.empty()) {
        const std::size_t end = rest.find('\n');
        (void)parseHelperLine(rest.substr(0, end));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return 0;
}
