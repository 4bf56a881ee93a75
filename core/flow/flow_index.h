// FlowIndex: finds the flow-table slot of a 5-tuple, in an open-addressing hash table.
//
// std::unordered_map allocated a node per connection and chased a pointer per packet; here the
// table is one array of 8-byte entries (part of the hash, slot number), probed linearly, with
// at most half of it used. Keys live in the flow table's slots, so a lookup takes a predicate
// that compares the key of a candidate slot. Deletion shifts the following entries back instead
// of leaving tombstones, so lookups stay short however many connections come and go.
#pragma once

#include "core/decode/ip_address.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace portlens {

// The 5-tuple with its two endpoints in a fixed order, so both directions find the same flow.
struct FlowKey {
    IpAddress lowAddress;
    IpAddress highAddress;
    std::uint16_t lowPort = 0;
    std::uint16_t highPort = 0;
    std::uint8_t protocol = 0;
    bool operator==(const FlowKey &) const = default;
};

// Multiply-xorshift over the addresses' 64-bit words and the ports: plenty against ordinary
// traffic, and the low bits (which pick the bucket) depend on every input bit.
inline std::uint64_t hashFlowKey(const FlowKey &k)
{
    std::uint64_t words[4];
    std::memcpy(words, k.lowAddress.bytes().data(), 16);
    std::memcpy(words + 2, k.highAddress.bytes().data(), 16);
    std::uint64_t h = (std::uint64_t{k.lowPort} << 32) ^ (std::uint64_t{k.highPort} << 16) ^ k.protocol;
    h ^= (words[0] ^ words[2]) * 0xc2b2ae3d27d4eb4full;
    h ^= words[1] * 0x9e3779b97f4a7c15ull;
    h ^= words[3] * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
    h *= 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    return h;
}

class FlowIndex {
public:
    static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

    explicit FlowIndex(std::size_t expected = 1024) { rebuild(capacityFor(expected)); }

    // The slot whose key matches (matches(slot) compares it), or kNone.
    template <typename Matches>
    [[nodiscard]] std::uint32_t find(std::uint64_t hash, Matches matches) const
    {
        const auto tag = static_cast<std::uint32_t>(hash);
        for (std::size_t i = tag & m_mask;; i = (i + 1) & m_mask) {
            const Entry &e = m_entries[i];
            if (e.slot == kNone) return kNone;
            if (e.hash == tag && matches(e.slot)) return e.slot;
        }
    }

    // Adds slot under hash; the key must not be in the index yet.
    void insert(std::uint64_t hash, std::uint32_t slot)
    {
        if ((m_size + 1) * 2 > m_entries.size()) grow();
        place(static_cast<std::uint32_t>(hash), slot);
        ++m_size;
    }

    // Removes slot, which was inserted under hash.
    void erase(std::uint64_t hash, std::uint32_t slot)
    {
        std::size_t hole = static_cast<std::uint32_t>(hash) & m_mask;
        while (m_entries[hole].slot != slot) {
            if (m_entries[hole].slot == kNone) return; // not present
            hole = (hole + 1) & m_mask;
        }
        // Backward-shift deletion: move up each following entry that may sit in the hole, i.e.
        // whose home bucket is not cyclically after the hole.
        for (std::size_t next = (hole + 1) & m_mask;; next = (next + 1) & m_mask) {
            const Entry &e = m_entries[next];
            if (e.slot == kNone) break;
            const std::size_t home = e.hash & m_mask;
            if (((next - home) & m_mask) >= ((next - hole) & m_mask)) {
                m_entries[hole] = e;
                hole = next;
            }
        }
        m_entries[hole] = Entry{};
        --m_size;
    }

    [[nodiscard]] std::size_t size() const { return m_size; }

private:
    struct Entry {
        std::uint32_t hash = 0; // the low 32 bits of the key's hash
        std::uint32_t slot = kNone;
    };

    static std::size_t capacityFor(std::size_t expected)
    {
        std::size_t capacity = 16;
        while (capacity < expected * 2) capacity *= 2;
        return capacity;
    }

    void place(std::uint32_t tag, std::uint32_t slot)
    {
        std::size_t i = tag & m_mask;
        while (m_entries[i].slot != kNone) i = (i + 1) & m_mask;
        m_entries[i] = Entry{tag, slot};
    }

    void rebuild(std::size_t capacity)
    {
        std::vector<Entry> old = std::move(m_entries);
        m_entries.assign(capacity, Entry{});
        m_mask = capacity - 1;
        for (const Entry &e : old)
            if (e.slot != kNone) place(e.hash, e.slot);
    }

    void grow() { rebuild(m_entries.size() * 2); }

    std::vector<Entry> m_entries;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

} // namespace portlens
