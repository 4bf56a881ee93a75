// IpAddress: an IPv4 or IPv6 address in one fixed-size value, cheap to hash and compare.
// IPv4 addresses are stored IPv4-mapped (::ffff:a.b.c.d) so both families share one key type.
#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace portlens {

class IpAddress {
public:
    IpAddress() = default;

    // Inline: the decoder builds two addresses for every packet.
    static IpAddress fromV4(std::span<const std::byte, 4> bytes)
    {
        IpAddress a;
        a.m_bytes[10] = a.m_bytes[11] = 0xff;
        std::memcpy(a.m_bytes.data() + 12, bytes.data(), 4);
        return a;
    }
    static IpAddress fromV6(std::span<const std::byte, 16> bytes)
    {
        IpAddress a;
        std::memcpy(a.m_bytes.data(), bytes.data(), 16);
        return a;
    }
    static std::optional<IpAddress> parse(std::string_view text);

    [[nodiscard]] bool isV4() const;
    [[nodiscard]] bool isMulticast() const;
    [[nodiscard]] bool isBroadcastV4() const;
    [[nodiscard]] std::string toString() const;
    // Appends the text form to out (no temporary string: output of millions of rows uses this).
    void appendTo(std::string &out) const;
    [[nodiscard]] const std::array<std::uint8_t, 16> &bytes() const { return m_bytes; }

    // Orders bytes as std::array would: two big-endian 64-bit comparisons, no call to memcmp
    // (the flow table orders the two endpoints of every packet).
    std::strong_ordering operator<=>(const IpAddress &other) const
    {
        const std::uint64_t a = highWord(), b = other.highWord();
        if (a != b) return a <=> b;
        return lowWord() <=> other.lowWord();
    }
    bool operator==(const IpAddress &other) const { return std::memcmp(m_bytes.data(), other.m_bytes.data(), 16) == 0; }

private:
    static std::uint64_t bigEndianWord(const std::uint8_t *bytes)
    {
        std::uint64_t word;
        std::memcpy(&word, bytes, 8);
        if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap64(word);
        return word;
    }
    [[nodiscard]] std::uint64_t highWord() const { return bigEndianWord(m_bytes.data()); }
    [[nodiscard]] std::uint64_t lowWord() const { return bigEndianWord(m_bytes.data() + 8); }

    std::array<std::uint8_t, 16> m_bytes{};
};

} // namespace portlens
