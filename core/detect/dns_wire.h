// The DNS wire format shared by DNS, mDNS and LLMNR (RFC 1035 4.1): the 12-byte header and names
// made of length-prefixed labels with compression pointers. Each detector decides which labels it
// accepts; the walk over labels and pointers is here, once.
#pragma once

#include "core/util/byte_reader.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portlens::dnswire {

inline constexpr std::size_t kHeaderSize = 12;
inline constexpr int kMaxPointerJumps = 16;

// Walks the name at r, a reader over the whole message (so consumed() is the offset into it),
// calling onLabel(label) for each label; onLabel returns false to reject the name. Compression
// pointers may only go backwards, each before the previous one, at most kMaxPointerJumps times,
// so a crafted loop ends; label types 0x40/0x80 and names over 255 bytes are rejected. On success
// r is moved past the name (after the first pointer, if any) and true is returned; on failure r is
// unchanged.
template <typename OnLabel>
bool walkName(Bytes message, ByteReader &r, OnLabel onLabel)
{
    ByteReader at = r;
    std::optional<ByteReader> resume; // where r continues after the first pointer
    std::size_t floor = at.consumed();
    std::size_t wireLength = 1;
    int jumps = 0;
    for (;;) {
        const auto length = at.readU8();
        if (!length) return false;
        if (*length == 0) break;
        if ((*length & 0xC0u) == 0xC0u) {
            const auto low = at.readU8();
            if (!low) return false;
            const std::size_t target = (std::size_t{*length & 0x3Fu} << 8) | *low;
            if (target < kHeaderSize || target >= floor || ++jumps > kMaxPointerJumps) return false;
            if (!resume) resume = at;
            ByteReader jump(message);
            if (!jump.skip(target)) return false;
            at = jump;
            floor = target;
            continue;
        }
        if (*length > 63) return false; // 0x40 and 0x80: label types nobody uses
        const auto label = at.read(*length);
        if (!label) return false;
        wireLength += std::size_t{*length} + 1;
        if (wireLength > 255) return false;
        if (!onLabel(asText(*label))) return false;
    }
    r = resume ? *resume : at;
    return true;
}

// NetBIOS Name Service (udp/137) borrows this layout, but its names are 32 letters A-P (the
// 16-byte NetBIOS name, a nibble per letter) and its types NB (32) and NBSTAT (33): not DNS's.
inline bool netbiosName(std::string_view name, std::uint16_t type)
{
    const std::string_view first = name.substr(0, name.find('.'));
    return type == 32 ||
           (first.size() == 32 && std::all_of(first.begin(), first.end(), [](char c) { return c >= 'A' && c <= 'P'; }));
}

// The mnemonic of a resource record type ("A", "AAAA", "SRV"), or "TYPE<n>" (RFC 3597) for
// types without one here: the same for DNS, mDNS and LLMNR.
inline std::string typeName(std::uint16_t type)
{
    struct Entry { std::uint16_t type; const char *name; };
    static constexpr std::array<Entry, 40> kTypes{{
        {1, "A"}, {2, "NS"}, {5, "CNAME"}, {6, "SOA"}, {12, "PTR"}, {13, "HINFO"}, {15, "MX"}, {16, "TXT"},
        {17, "RP"}, {18, "AFSDB"}, {24, "SIG"}, {25, "KEY"}, {28, "AAAA"}, {29, "LOC"}, {33, "SRV"},
        {35, "NAPTR"}, {36, "KX"}, {37, "CERT"}, {39, "DNAME"}, {41, "OPT"}, {43, "DS"}, {44, "SSHFP"},
        {45, "IPSECKEY"}, {46, "RRSIG"}, {47, "NSEC"}, {48, "DNSKEY"}, {50, "NSEC3"}, {51, "NSEC3PARAM"},
        {52, "TLSA"}, {64, "SVCB"}, {65, "HTTPS"}, {99, "SPF"}, {249, "TKEY"}, {250, "TSIG"}, {251, "IXFR"},
        {252, "AXFR"}, {255, "ANY"}, {256, "URI"}, {257, "CAA"}, {32769, "DLV"},
    }};
    for (const auto &e : kTypes)
        if (e.type == type) return e.name;
    return "TYPE" + std::to_string(type);
}

} // namespace portlens::dnswire
