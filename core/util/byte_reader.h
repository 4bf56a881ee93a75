// ByteReader: the only way PortLens reads untrusted bytes (packet headers, payloads).
//
// A reader is a view over a span that can only shrink. Every read says whether it succeeded; a
// failed read consumes nothing, so a caller can try an alternative interpretation. Lengths that
// come from the wire are compared with remaining() before use, never added to pointers.
// Modelled on Chromium's SpanReader: endianness is spelled out in each method's name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace portlens {

using Bytes = std::span<const std::byte>;

class ByteReader {
public:
    constexpr ByteReader() = default;
    constexpr explicit ByteReader(Bytes bytes) : m_rest(bytes) {}

    [[nodiscard]] constexpr std::size_t remaining() const { return m_rest.size(); }
    [[nodiscard]] constexpr std::size_t consumed() const { return m_consumed; }
    [[nodiscard]] constexpr bool empty() const { return m_rest.empty(); }
    [[nodiscard]] constexpr Bytes rest() const { return m_rest; }

    // Returns the next n bytes and consumes them, or nothing (and consumes nothing).
    constexpr std::optional<Bytes> read(std::size_t n)
    {
        if (n > m_rest.size())
            return std::nullopt;
        Bytes taken = m_rest.first(n);
        advance(n);
        return taken;
    }

    constexpr bool skip(std::size_t n)
    {
        if (n > m_rest.size())
            return false;
        advance(n);
        return true;
    }

    // Returns the next n bytes without consuming them.
    [[nodiscard]] constexpr std::optional<Bytes> peek(std::size_t n) const
    {
        if (n > m_rest.size())
            return std::nullopt;
        return m_rest.first(n);
    }

    // Returns the next N bytes as a fixed-size span, so a header's fields can be picked out with
    // the bounds known at compile time (see fieldU16BigEndian below).
    template <std::size_t N>
    constexpr std::optional<std::span<const std::byte, N>> readFixed()
    {
        if (N > m_rest.size())
            return std::nullopt;
        auto taken = m_rest.template first<N>();
        advance(N);
        return taken;
    }

    constexpr std::optional<std::uint8_t> readU8()
    {
        if (m_rest.empty())
            return std::nullopt;
        auto v = std::to_integer<std::uint8_t>(m_rest[0]);
        advance(1);
        return v;
    }

    [[nodiscard]] constexpr std::optional<std::uint8_t> peekU8(std::size_t at = 0) const
    {
        if (at >= m_rest.size())
            return std::nullopt;
        return std::to_integer<std::uint8_t>(m_rest[at]);
    }

    constexpr std::optional<std::uint16_t> readU16BigEndian() { return readUnsigned<std::uint16_t, 2, true>(); }
    constexpr std::optional<std::uint32_t> readU24BigEndian() { return readUnsigned<std::uint32_t, 3, true>(); }
    constexpr std::optional<std::uint32_t> readU32BigEndian() { return readUnsigned<std::uint32_t, 4, true>(); }
    constexpr std::optional<std::uint64_t> readU64BigEndian() { return readUnsigned<std::uint64_t, 8, true>(); }
    constexpr std::optional<std::uint16_t> readU16LittleEndian() { return readUnsigned<std::uint16_t, 2, false>(); }
    constexpr std::optional<std::uint32_t> readU32LittleEndian() { return readUnsigned<std::uint32_t, 4, false>(); }

    // A sub-reader over the next n bytes (consumed from this one), for length-prefixed structures.
    constexpr std::optional<ByteReader> subReader(std::size_t n)
    {
        auto taken = read(n);
        if (!taken)
            return std::nullopt;
        return ByteReader(*taken);
    }

private:
    constexpr void advance(std::size_t n)
    {
        m_rest = m_rest.subspan(n);
        m_consumed += n;
    }

    template <typename T, std::size_t N, bool BigEndian>
    constexpr std::optional<T> readUnsigned()
    {
        if (m_rest.size() < N)
            return std::nullopt;
        T value = 0;
        for (std::size_t i = 0; i < N; ++i) {
            const auto b = static_cast<T>(std::to_integer<std::uint8_t>(m_rest[BigEndian ? i : N - 1 - i]));
            value = static_cast<T>((value << 8) | b);
        }
        advance(N);
        return value;
    }

    Bytes m_rest;
    std::size_t m_consumed = 0;
};

// Fields of a fixed-size header read with ByteReader::readFixed; the offset is checked at compile time.
template <std::size_t Offset, std::size_t N>
constexpr std::uint8_t fieldU8(std::span<const std::byte, N> header)
{
    static_assert(Offset < N, "field outside the header");
    return std::to_integer<std::uint8_t>(header[Offset]);
}

template <std::size_t Offset, std::size_t N>
constexpr std::uint16_t fieldU16BigEndian(std::span<const std::byte, N> header)
{
    static_assert(Offset + 2 <= N, "field outside the header");
    return static_cast<std::uint16_t>((std::to_integer<unsigned>(header[Offset]) << 8) |
                                      std::to_integer<unsigned>(header[Offset + 1]));
}

template <std::size_t Offset, std::size_t N>
constexpr std::uint32_t fieldU32BigEndian(std::span<const std::byte, N> header)
{
    static_assert(Offset + 4 <= N, "field outside the header");
    return (std::uint32_t{fieldU16BigEndian<Offset>(header)} << 16) | fieldU16BigEndian<Offset + 2>(header);
}

template <std::size_t Offset, std::size_t Length, std::size_t N>
constexpr std::span<const std::byte, Length> fieldBytes(std::span<const std::byte, N> header)
{
    static_assert(Offset + Length <= N, "field outside the header");
    return header.template subspan<Offset, Length>();
}

// Views a byte span as text (for protocol banners); the caller keeps the bytes alive.
inline std::string_view asText(Bytes bytes)
{
    return {reinterpret_cast<const char *>(bytes.data()), bytes.size()};
}

} // namespace portlens
