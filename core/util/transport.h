// Transports: PortLens writes a transport as its IP protocol number everywhere (a connection,
// the port data, a local socket), so that a value read from a packet needs no translation.
// These are the names for those numbers, and the one key for "this port on this transport".
#pragma once

#include <cstdint>

namespace portlens::transport {

inline constexpr std::uint8_t Tcp = 6;
inline constexpr std::uint8_t Udp = 17;
inline constexpr std::uint8_t Dccp = 33;
inline constexpr std::uint8_t Sctp = 132;

// A port on a transport as one number, for tables keyed by both (port data, detectors per port).
constexpr std::uint32_t portKey(std::uint16_t port, std::uint8_t transport)
{
    return std::uint32_t{port} << 8 | transport;
}

} // namespace portlens::transport
