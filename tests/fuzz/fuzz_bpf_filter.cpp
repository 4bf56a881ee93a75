// Capture-filter text as typed in the GUI: compiled by libpcap against a dead handle.
#include "core/capture/bpf_filter.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace portlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size > 4096) return 0; // libpcap's compiler is slow on huge expressions; users type short ones
    (void)checkCaptureFilter(std::string(reinterpret_cast<const char *>(data), size));
    return 0;
}
