// QUIC Initial packets (RFC 9001 section 5, RFC 9369 for QUIC v2): the client's first packets
// are protected with keys that anyone can derive from the packet's Destination Connection ID
// and a salt published in the standard. This is not a secret (it only protects against
// off-path tampering), so a passive observer may read the TLS ClientHello inside, as Wireshark
// and nDPI do. PortLens reads only the server name and the ALPN list from it.
#pragma once

#include "core/util/byte_reader.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portlens::quic {

// A variable-length integer (RFC 9000 section 16): 1, 2, 4 or 8 bytes.
std::optional<std::uint64_t> readVarint(ByteReader &r);

// True when the Initial protection of this version is known: v1, v2, drafts 22-34 and the
// matching mvfst (Facebook) versions.
bool canDecryptInitial(std::uint32_t version);

struct ClientHelloNames {
    std::string sni;               // server_name, printable; empty when absent
    std::vector<std::string> alpn; // protocols offered, e.g. "h3"
};

// Removes header protection from and decrypts the client Initial packets in datagrams (the
// client's first datagrams, in order; coalesced packets allowed), joins their CRYPTO frames and
// reads the ClientHello. Nothing when no Initial packet authenticates or no ClientHello starts
// the CRYPTO stream.
std::optional<ClientHelloNames> clientHelloNames(const std::vector<Bytes> &datagrams);

} // namespace portlens::quic
