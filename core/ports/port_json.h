// JSON for scripts: `portlens-cli port QUERY --format json` writes one object per match with the
// same field names as resources/ports/ports.json, so one schema serves both directions.
#pragma once

#include "core/ports/port_search.h"

#include <string>
#include <string_view>
#include <vector>

namespace portlens {

std::string encryptionName(Encryption encryption); // "yes", "no", "optional", "unknown"

// {"query": ..., "matches": [{"port": 22, "transport": "tcp", "service": ..., "note": {...}}, ...]}
std::string portMatchesJson(std::string_view query, const std::vector<PortMatch> &matches, int indent = 1);

} // namespace portlens
