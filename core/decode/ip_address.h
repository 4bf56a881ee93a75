// IpAddress: an IPv4 or IPv6 address in one fixed-size value, cheap to hash and compare.
// IPv4 addresses are stored IPv4-mapped (::ffff:a.b.c.d) so both families share one key type.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace portlens {

class IpAddress {
public:
    IpAddress() = default;

    static IpAddress fromV4(std::span<const std::byte, 4> bytes);
    static IpAddress fromV6(std::span<const std::byte, 16> bytes);
    static std::optional<IpAddress> parse(std::string_view text);

    [[nodiscard]] bool isV4() const;
    [[nodiscard]] bool isMulticast() const;
    [[nodiscard]] bool isBroadcastV4() const;
    [[nodiscard]] std::string toString() const;
    // Appends the text form to out (no temporary string: output of millions of rows uses this).
    void appendTo(std::string &out) const;
    [[nodiscard]] const std::array<std::uint8_t, 16> &bytes() const { return m_bytes; }

    auto operator<=>(const IpAddress &) const = default;
    bool operator==(const IpAddress &) const = default;

private:
    std::array<std::uint8_t, 16> m_bytes{};
};

} // namespace portlens
