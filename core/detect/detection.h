// Detection: what a protocol detector concluded about a connection, and the bytes that prove it.
#pragma once

#include "core/flow/direction.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portlens {

enum class Confidence : std::uint8_t {
    Low = 1,    // plausible (a few bytes match, e.g. a 4-byte magic)
    Medium = 2, // structure checked (lengths and fields consistent)
    High = 3,   // unmistakable (SSH banner, TLS handshake with valid lengths, HTTP request line)
};

// The bytes that prove a detection: where they are and a sentence a trainee understands.
struct Evidence {
    Direction direction = Direction::ToServer; // which side sent them
    std::uint32_t offset = 0;                  // into that direction's kept payload
    std::uint32_t length = 0;
    std::string sentence;                      // "SSH identification string 'SSH-2.0-OpenSSH_9.6' ..."
};

struct Detection {
    std::string protocol;                                      // canonical name, e.g. "SSH", "TLS", "DNS"
    Confidence confidence = Confidence::Low;
    Evidence evidence;
    std::vector<std::pair<std::string, std::string>> metadata; // ordered key/value facts, e.g. {"sni", "example.com"}
    bool concluded = false; // the last look at the ended connection was taken (DetectionEngine::conclude)

    void add(std::string key, std::string value) { metadata.emplace_back(std::move(key), std::move(value)); }
    [[nodiscard]] const std::string *find(std::string_view key) const
    {
        for (const auto &[k, v] : metadata)
            if (k == key) return &v;
        return nullptr;
    }
};

} // namespace portlens
