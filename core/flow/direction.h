// Direction of a packet or of bytes within a connection.
#pragma once

#include <cstdint>

namespace portlens {

enum class Direction : std::uint8_t { ToServer = 0, ToClient = 1 };

} // namespace portlens
