// A minimal BER/DER reader for the ASN.1 protocols (Kerberos, LDAP, SNMP): single-byte tags and
// definite lengths, read through ByteReader. One element: its tag, its declared length and the
// value bytes present (fewer than declared when the kept payload ends inside it).
#pragma once

#include "core/util/byte_reader.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace portlens::ber {

struct Ber {
    std::uint8_t tag = 0;
    std::size_t length = 0;    // as declared
    std::size_t headerLength = 0;
    ByteReader value;          // the value bytes present (fewer than length when cut)
    bool complete = false;
};

inline std::optional<Ber> readBer(ByteReader &r, bool allowCut = false)
{
    ByteReader probe = r;
    const auto tag = probe.readU8();
    const auto first = probe.readU8();
    if (!tag || !first || (*tag & 0x1f) == 0x1f) return std::nullopt;
    std::size_t length = *first;
    if (*first & 0x80) {
        const unsigned count = *first & 0x7fu;
        if (count == 0 || count > 4) return std::nullopt;
        length = 0;
        for (unsigned i = 0; i < count; ++i) {
            const auto b = probe.readU8();
            if (!b) return std::nullopt;
            length = (length << 8) | std::size_t{*b};
        }
    }
    Ber e;
    e.tag = *tag;
    e.length = length;
    e.headerLength = probe.consumed() - r.consumed();
    if (auto value = probe.subReader(length)) {
        e.value = *value;
        e.complete = true;
    } else if (allowCut) {
        e.value = probe.subReader(probe.remaining()).value_or(ByteReader{}); // always engaged: all that remains
    } else {
        return std::nullopt;
    }
    r = probe;
    return e;
}

} // namespace portlens::ber
