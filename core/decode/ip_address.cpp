#include "core/decode/ip_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace portlens {

namespace {
constexpr std::array<std::uint8_t, 12> kV4MappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
}

std::optional<IpAddress> IpAddress::parse(std::string_view text)
{
    const std::string s(text);
    std::array<std::byte, 16> buf{};
    if (inet_pton(AF_INET, s.c_str(), buf.data()) == 1)
        return fromV4(std::span<const std::byte, 4>(buf.data(), 4));
    if (inet_pton(AF_INET6, s.c_str(), buf.data()) == 1)
        return fromV6(buf);
    return std::nullopt;
}

bool IpAddress::isV4() const
{
    return std::equal(kV4MappedPrefix.begin(), kV4MappedPrefix.end(), m_bytes.begin());
}

bool IpAddress::isMulticast() const
{
    return isV4() ? (m_bytes[12] & 0xf0) == 0xe0 : m_bytes[0] == 0xff;
}

bool IpAddress::isBroadcastV4() const
{
    return isV4() && m_bytes[12] == 0xff && m_bytes[13] == 0xff && m_bytes[14] == 0xff && m_bytes[15] == 0xff;
}

std::string IpAddress::toString() const
{
    std::string text;
    appendTo(text);
    return text;
}

void IpAddress::appendTo(std::string &out) const
{
    if (isV4()) {
        // Spelled into a local buffer and appended once: this runs twice for every output row.
        char text[16];
        char *end = text;
        for (std::size_t i = 12; i < 16; ++i) {
            if (i > 12) *end++ = '.';
            const unsigned octet = m_bytes[i];
            if (octet >= 100) *end++ = static_cast<char>('0' + octet / 100);
            if (octet >= 10) *end++ = static_cast<char>('0' + octet / 10 % 10);
            *end++ = static_cast<char>('0' + octet % 10);
        }
        out.append(text, end);
        return;
    }
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(AF_INET6, m_bytes.data(), text, sizeof text);
    out += text;
}

} // namespace portlens
