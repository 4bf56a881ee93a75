// The port-search query parser and ranking over the built-in port data, on any typed text.
#include "core/ports/port_knowledge.h"
#include "core/ports/port_search.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace portlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const PortSearch search(PortKnowledge::builtin());
    (void)search.find(std::string_view(reinterpret_cast<const char *>(data), size), 20);
    return 0;
}
