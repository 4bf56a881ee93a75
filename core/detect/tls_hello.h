// TLS and DTLS hellos and records, read from the start of a direction: shared by the TLS
// detector (tls_detector.cpp) and the DTLS detector (dtls_detector.cpp).
#pragma once

#include "core/detect/detection.h"
#include "core/util/byte_reader.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portlens::tls {

constexpr std::size_t kMaxRecordLength = 16384 + 2048; // RFC 8446 5.2: TLSCiphertext limit
constexpr std::size_t kMaxHelloLength = 65536;         // far beyond any real hello
constexpr std::uint8_t kHandshake = 22;
constexpr std::uint8_t kClientHello = 1;
constexpr std::uint8_t kServerHello = 2;
constexpr std::uint8_t kHelloVerifyRequest = 3;

// What a ClientHello or ServerHello says.
struct Hello {
    std::uint8_t type = 0;              // kClientHello or kServerHello (or kHelloVerifyRequest, DTLS)
    bool complete = false;              // parsed to the end, every length consistent
    bool malformed = false;             // record and handshake headers agree, the body does not parse
    std::uint16_t recordVersion = 0;
    std::uint16_t version = 0;          // legacy_version field of the hello
    std::uint16_t selectedVersion = 0;  // ServerHello supported_versions
    std::vector<std::uint16_t> offered; // ClientHello supported_versions, GREASE removed
    std::string sni;
    std::vector<std::string> alpn;
    std::size_t covered = 0;            // bytes of the direction the hello's records span
    std::size_t offset = 0;             // where the hello's record starts (a later DTLS datagram)
};

// TLS records without a hello at the start (the capture began after the handshake): a chain of
// record headers (types 20-23, version 3.0-3.3) whose lengths lead exactly from one to the next.
struct Records {
    std::size_t count = 0;   // complete records in the chain
    std::size_t covered = 0; // bytes they span
    std::uint8_t firstType = 0;
    std::uint16_t version = 0;
};

// A complete or cut TLS hello of wantedType at the start of data (a TCP stream).
std::optional<Hello> tlsHello(Bytes data, std::uint8_t wantedType);
// A DTLS hello in one datagram.
std::optional<Hello> dtlsHello(Bytes datagram);
// TLS records chained from the start of data; firstTurn: the size of the first chunk.
std::optional<Records> tlsRecords(Bytes data, std::size_t firstTurn);
const char *recordTypeName(std::uint8_t type);
std::string recordVersionText(std::uint16_t v);
// The detection for the hellos of both sides (either may be missing), as TLS or DTLS.
std::optional<Detection> report(const std::optional<Hello> &client, const std::optional<Hello> &server, bool dtls);

} // namespace portlens::tls
