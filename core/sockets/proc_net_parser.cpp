#include "core/sockets/proc_net_parser.h"

#include <array>
#include <charconv>

namespace portlens {

namespace {

std::string_view nextField(std::string_view &rest)
{
    const auto start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) {
        rest = {};
        return {};
    }
    rest.remove_prefix(start);
    const auto end = rest.find(' ');
    const std::string_view field = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    return field;
}

template <typename T>
bool parseNumber(std::string_view text, T &value, int base)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    return ec == std::errc() && end == text.data() + text.size();
}

// The kernel prints the address as 32-bit words in host byte order, each as 8 hex digits
// (little-endian on every machine Linux runs PortLens on: x86, ARM).
std::optional<IpAddress> parseAddress(std::string_view hex)
{
    if (hex.size() != 8 && hex.size() != 32) return std::nullopt;
    std::array<std::byte, 16> bytes{};
    const std::size_t words = hex.size() / 8;
    for (std::size_t w = 0; w < words; ++w) {
        std::uint32_t word = 0;
        if (!parseNumber(hex.substr(w * 8, 8), word, 16)) return std::nullopt;
        for (std::size_t b = 0; b < 4; ++b)
            bytes[w * 4 + b] = static_cast<std::byte>((word >> (8 * b)) & 0xffU);
    }
    if (words == 1) return IpAddress::fromV4(std::span<const std::byte, 4>(bytes.data(), 4));
    return IpAddress::fromV6(std::span<const std::byte, 16>(bytes.data(), 16));
}

bool parseEndpoint(std::string_view field, IpAddress &address, std::uint16_t &port)
{
    const auto colon = field.find(':');
    if (colon == std::string_view::npos) return false;
    const auto parsed = parseAddress(field.substr(0, colon));
    if (!parsed) return false;
    address = *parsed;
    return parseNumber(field.substr(colon + 1), port, 16);
}

} // namespace

std::optional<LocalSocket> parseProcNetLine(std::string_view line, std::uint8_t transport, bool ipv6)
{
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
    std::string_view rest = line;
    const std::string_view slot = nextField(rest);
    if (slot.empty() || slot.back() != ':') return std::nullopt; // the header line
    LocalSocket socket;
    socket.transport = transport;
    socket.ipv6 = ipv6;
    if (!parseEndpoint(nextField(rest), socket.localAddress, socket.localPort)) return std::nullopt;
    if (!parseEndpoint(nextField(rest), socket.remoteAddress, socket.remotePort)) return std::nullopt;
    unsigned state = 0;
    if (!parseNumber(nextField(rest), state, 16)) return std::nullopt;
    socket.state = state <= static_cast<unsigned>(SocketState::NewSynRecv) ? static_cast<SocketState>(state)
                                                                           : SocketState::Unknown;
    nextField(rest); // tx_queue:rx_queue
    nextField(rest); // tr:tm->when
    nextField(rest); // retrnsmt
    if (!parseNumber(nextField(rest), socket.uid, 10)) return std::nullopt;
    nextField(rest); // timeout
    if (!parseNumber(nextField(rest), socket.inode, 10)) return std::nullopt;
    return socket;
}

std::vector<LocalSocket> parseProcNet(std::string_view text, std::uint8_t transport, bool ipv6)
{
    std::vector<LocalSocket> sockets;
    while (!text.empty()) {
        const auto end = text.find('\n');
        if (auto socket = parseProcNetLine(text.substr(0, end), transport, ipv6)) sockets.push_back(*socket);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    return sockets;
}

} // namespace portlens
