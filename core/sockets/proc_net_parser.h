// Parses the text of /proc/net/{tcp,tcp6,udp,udp6}: one LocalSocket per line, processes not yet
// joined. Separate from the file reading so the format can be tested with fixed text.
#pragma once

#include "core/sockets/local_socket.h"

#include <optional>
#include <string_view>
#include <vector>

namespace portlens {

// One line of the table ("  0: 0100007F:0035 00000000:0000 0A ..."); nullopt for the header
// and for anything malformed.
std::optional<LocalSocket> parseProcNetLine(std::string_view line, std::uint8_t transport, bool ipv6);

// Every socket in the text of one file.
std::vector<LocalSocket> parseProcNet(std::string_view text, std::uint8_t transport, bool ipv6);

} // namespace portlens
