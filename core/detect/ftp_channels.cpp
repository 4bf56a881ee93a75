#include "core/detect/ftp_channels.h"

#include "core/decode/ip_address.h"
#include "core/detect/text_lines.h"

namespace portlens::ftp {

namespace {

using text::isDigit;

// A decimal number of at most `digits` digits starting at s[at]; advances at.
std::optional<unsigned> number(std::string_view s, std::size_t &at, std::size_t digits)
{
    std::size_t n = 0;
    unsigned value = 0;
    while (at < s.size() && n < digits && isDigit(s[at])) {
        value = value * 10 + static_cast<unsigned>(s[at] - '0');
        ++at;
        ++n;
    }
    if (n == 0 || (at < s.size() && isDigit(s[at]))) return std::nullopt;
    return value;
}

// "h1,h2,h3,h4,p1,p2" starting at s[at] (RFC 959 host-port); advances at past it.
std::optional<ChannelEndpoint> hostPort(std::string_view s, std::size_t &at)
{
    unsigned v[6] = {};
    for (std::size_t i = 0; i < 6; ++i) {
        if (i > 0) {
            if (at >= s.size() || s[at] != ',') return std::nullopt;
            ++at;
        }
        const auto n = number(s, at, 3);
        if (!n || *n > 255) return std::nullopt;
        v[i] = *n;
    }
    const unsigned port = v[4] * 256 + v[5];
    if (port == 0) return std::nullopt;
    return ChannelEndpoint{std::to_string(v[0]) + "." + std::to_string(v[1]) + "." + std::to_string(v[2]) + "." +
                               std::to_string(v[3]),
                           port};
}

} // namespace

std::optional<ChannelEndpoint> portArgument(std::string_view argument)
{
    std::size_t at = 0;
    auto found = hostPort(argument, at);
    if (!found || at != argument.size()) return std::nullopt;
    return found;
}

std::optional<ChannelEndpoint> passiveReply(std::string_view line)
{
    for (std::size_t i = 4; i < line.size(); ++i) {
        std::size_t at = i;
        if (isDigit(line[i]) && !isDigit(line[i - 1]))
            if (auto found = hostPort(line, at)) return found;
    }
    return std::nullopt;
}

std::optional<unsigned> extendedPassiveReply(std::string_view line)
{
    const std::size_t open = line.find('(');
    if (open == std::string_view::npos || open + 6 > line.size()) return std::nullopt;
    const char d = line[open + 1];
    if (d < 33 || d > 126 || isDigit(d) || line[open + 2] != d || line[open + 3] != d) return std::nullopt;
    std::size_t at = open + 4;
    const auto port = number(line, at, 5);
    if (!port || *port == 0 || *port > 65535 || at + 1 >= line.size() || line[at] != d || line[at + 1] != ')')
        return std::nullopt;
    return port;
}

std::optional<ChannelEndpoint> extendedPortArgument(std::string_view argument)
{
    if (argument.size() < 8) return std::nullopt;
    const char d = argument[0];
    if (d < 33 || d > 126 || isDigit(d)) return std::nullopt;
    if ((argument[1] != '1' && argument[1] != '2') || argument[2] != d) return std::nullopt;
    const std::size_t addressEnd = argument.find(d, 3);
    if (addressEnd == std::string_view::npos) return std::nullopt;
    const auto address = IpAddress::parse(argument.substr(3, addressEnd - 3));
    if (!address || address->isV4() != (argument[1] == '1')) return std::nullopt;
    std::size_t at = addressEnd + 1;
    const auto port = number(argument, at, 5);
    if (!port || *port == 0 || *port > 65535 || at >= argument.size() || argument[at] != d) return std::nullopt;
    return ChannelEndpoint{address->toString(), *port};
}

} // namespace portlens::ftp
