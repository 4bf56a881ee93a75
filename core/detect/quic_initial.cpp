#include "core/detect/quic_initial.h"

#include "core/detect/text_lines.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string_view>

namespace portlens::quic {

namespace {

using Secret = std::array<unsigned char, 32>;

struct CipherContextFree {
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

constexpr std::size_t kMaxCrypto = 16384; // CRYPTO stream bytes kept (a ClientHello is a few KiB)

struct Protection {
    std::array<unsigned char, 20> salt;
    bool v2 = false;
};

// RFC 9001 5.2, RFC 9369 3.3.1, and the drafts' salts (draft-ietf-quic-tls-22/23/29).
std::optional<Protection> protectionFor(std::uint32_t version)
{
    constexpr std::array<unsigned char, 20> v1{0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
                                               0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};
    constexpr std::array<unsigned char, 20> v2{0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
                                               0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9};
    constexpr std::array<unsigned char, 20> draft29{0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
                                                    0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99};
    constexpr std::array<unsigned char, 20> draft23{0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb, 0x5a, 0x11, 0xa7,
                                                    0xd2, 0x43, 0x2b, 0xb4, 0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02};
    constexpr std::array<unsigned char, 20> draft22{0x7f, 0xbc, 0xdb, 0x0e, 0x7c, 0x66, 0xbb, 0xe9, 0x19, 0x3a,
                                                    0x96, 0xcd, 0x21, 0x51, 0x9e, 0xbd, 0x7a, 0x02, 0x64, 0x4a};
    if (version == 0x00000001) return Protection{v1, false};
    if (version == 0x6b3343cf) return Protection{v2, true};
    if ((version >> 8) == 0xff0000) {
        const std::uint32_t draft = version & 0xff;
        if (draft >= 33 && draft <= 34) return Protection{v1, false};
        if (draft >= 29 && draft <= 32) return Protection{draft29, false};
        if (draft >= 23 && draft <= 28) return Protection{draft23, false};
        if (draft == 22) return Protection{draft22, false};
        return std::nullopt;
    }
    if (version == 0xfaceb001) return Protection{draft22, false};
    if (version == 0xfaceb002 || version == 0xfaceb00d) return Protection{draft23, false};
    if (version == 0xfaceb00e) return Protection{v1, false};
    return std::nullopt;
}

const unsigned char *raw(Bytes bytes) { return reinterpret_cast<const unsigned char *>(bytes.data()); }

struct DigestContextFree {
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextFree>;
struct DigestFree {
    void operator()(EVP_MD *md) const { EVP_MD_free(md); }
};
struct CipherFree {
    void operator()(EVP_CIPHER *cipher) const { EVP_CIPHER_free(cipher); }
};

// The algorithms are fetched once: OpenSSL 3 looks an algorithm up by name (locks, a property
// query) every time a one-shot call like EVP_Q_mac or EVP_aes_128_gcm() is used, which cost
// more than the hashing and decryption of a whole Initial packet. Fetched objects are immutable
// and safe to share between threads.
const EVP_MD *sha256()
{
    static const std::unique_ptr<EVP_MD, DigestFree> md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
    return md.get();
}
const EVP_CIPHER *aes128Ecb()
{
    static const std::unique_ptr<EVP_CIPHER, CipherFree> cipher(EVP_CIPHER_fetch(nullptr, "AES-128-ECB", nullptr));
    return cipher.get();
}
const EVP_CIPHER *aes128Gcm()
{
    static const std::unique_ptr<EVP_CIPHER, CipherFree> cipher(EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr));
    return cipher.get();
}

// HMAC-SHA256 (RFC 2104) over the pre-fetched digest. The keys here are a 20-byte salt or a
// 32-byte secret, never longer than the 64-byte block, so they are only padded, never hashed.
bool hmacSha256(const unsigned char *key, std::size_t keyLength, const unsigned char *data, std::size_t dataLength, Secret &out)
{
    constexpr std::size_t kBlock = 64;
    const EVP_MD *md = sha256();
    DigestContext ctx(EVP_MD_CTX_new());
    if (!md || !ctx || keyLength > kBlock) return false;
    std::array<unsigned char, kBlock> innerPad{}, outerPad{};
    std::copy_n(key, keyLength, innerPad.begin());
    std::copy_n(key, keyLength, outerPad.begin());
    for (unsigned char &b : innerPad) b = static_cast<unsigned char>(b ^ 0x36);
    for (unsigned char &b : outerPad) b = static_cast<unsigned char>(b ^ 0x5c);
    Secret inner{};
    unsigned int innerLength = 0, outerLength = 0;
    return EVP_DigestInit_ex(ctx.get(), md, nullptr) == 1 && EVP_DigestUpdate(ctx.get(), innerPad.data(), innerPad.size()) == 1 &&
           EVP_DigestUpdate(ctx.get(), data, dataLength) == 1 && EVP_DigestFinal_ex(ctx.get(), inner.data(), &innerLength) == 1 &&
           innerLength == inner.size() && EVP_DigestInit_ex(ctx.get(), md, nullptr) == 1 &&
           EVP_DigestUpdate(ctx.get(), outerPad.data(), outerPad.size()) == 1 &&
           EVP_DigestUpdate(ctx.get(), inner.data(), inner.size()) == 1 &&
           EVP_DigestFinal_ex(ctx.get(), out.data(), &outerLength) == 1 && outerLength == out.size();
}

// HKDF-Expand-Label (RFC 8446 7.1) with an empty context, for lengths up to one SHA-256 block.
bool expandLabel(const Secret &secret, std::string_view label, std::size_t length, unsigned char *out)
{
    const std::string full = "tls13 " + std::string(label);
    std::vector<unsigned char> info{static_cast<unsigned char>(length >> 8), static_cast<unsigned char>(length & 0xff),
                                    static_cast<unsigned char>(full.size())};
    info.insert(info.end(), full.begin(), full.end());
    info.push_back(0);    // context length
    info.push_back(0x01); // HKDF-Expand block counter: T(1)
    Secret block{};
    if (length > block.size() || !hmacSha256(secret.data(), secret.size(), info.data(), info.size(), block)) return false;
    std::copy_n(block.begin(), length, out);
    return true;
}

struct Keys {
    std::array<unsigned char, 16> key{};
    std::array<unsigned char, 12> iv{};
    std::array<unsigned char, 16> hp{};
};

std::optional<Keys> clientKeys(std::uint32_t version, Bytes dcid)
{
    const auto protection = protectionFor(version);
    if (!protection) return std::nullopt;
    Secret initial{}, client{};
    Keys keys;
    if (!hmacSha256(protection->salt.data(), protection->salt.size(), raw(dcid), dcid.size(), initial) ||
        !expandLabel(initial, "client in", client.size(), client.data()) ||
        !expandLabel(client, protection->v2 ? "quicv2 key" : "quic key", keys.key.size(), keys.key.data()) ||
        !expandLabel(client, protection->v2 ? "quicv2 iv" : "quic iv", keys.iv.size(), keys.iv.data()) ||
        !expandLabel(client, protection->v2 ? "quicv2 hp" : "quic hp", keys.hp.size(), keys.hp.data()))
        return std::nullopt;
    return keys;
}

bool headerMask(const Keys &keys, Bytes sample, std::array<unsigned char, 16> &mask)
{
    CipherContext ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    return ctx && sample.size() == mask.size() &&
           aes128Ecb() && EVP_EncryptInit_ex(ctx.get(), aes128Ecb(), nullptr, keys.hp.data(), nullptr) == 1 &&
           EVP_CIPHER_CTX_set_padding(ctx.get(), 0) == 1 &&
           EVP_EncryptUpdate(ctx.get(), mask.data(), &length, raw(sample), static_cast<int>(sample.size())) == 1 &&
           length == static_cast<int>(mask.size());
}

std::optional<std::vector<unsigned char>> openPacket(const Keys &keys, const std::array<unsigned char, 12> &nonce,
                                               const std::vector<unsigned char> &aad, Bytes ciphertext, Bytes tag)
{
    CipherContext ctx(EVP_CIPHER_CTX_new());
    std::array<unsigned char, 16> tagCopy{};
    if (!ctx || tag.size() != tagCopy.size()) return std::nullopt;
    std::transform(tag.begin(), tag.end(), tagCopy.begin(), [](std::byte b) { return std::to_integer<unsigned char>(b); });
    std::vector<unsigned char> plain(ciphertext.size() + 16);
    int length = 0, finalLength = 0;
    if (!aes128Gcm() || EVP_DecryptInit_ex(ctx.get(), aes128Gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, keys.key.data(), nonce.data()) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, aad.data(), static_cast<int>(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), plain.data(), &length, raw(ciphertext), static_cast<int>(ciphertext.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tagCopy.size()), tagCopy.data()) != 1)
        return std::nullopt;
    const int written = length;
    if (written < 0 || EVP_DecryptFinal_ex(ctx.get(), plain.data() + written, &finalLength) != 1) return std::nullopt;
    plain.resize(static_cast<std::size_t>(written) + static_cast<std::size_t>(finalLength));
    return plain;
}

struct Fragment {
    std::uint64_t offset;
    std::vector<std::byte> data;
};

// The frames of a decrypted Initial packet: CRYPTO data is kept, PADDING, PING, ACK and
// CONNECTION_CLOSE skipped; anything else ends the walk (not allowed in Initial packets).
void collectCrypto(Bytes plain, std::vector<Fragment> &fragments)
{
    ByteReader r(plain);
    while (!r.empty() && fragments.size() < 64) {
        // PADDING (a zero byte each) fills most of a 1200-byte client Initial: pass a run of it
        // without decoding every byte as a frame type.
        const Bytes rest = r.rest();
        const auto padding = std::find_if(rest.begin(), rest.end(), [](std::byte b) { return b != std::byte{0}; });
        r.skip(static_cast<std::size_t>(padding - rest.begin()));
        if (r.empty()) return;
        const auto type = readVarint(r);
        if (!type) return;
        if (*type == 0x00 || *type == 0x01) continue;
        if (*type == 0x02 || *type == 0x03) {
            const auto largest = readVarint(r), delay = readVarint(r), count = readVarint(r), first = readVarint(r);
            if (!largest || !delay || !count || !first || *count > 256) return;
            for (std::uint64_t i = 0; i < *count; ++i)
                if (!readVarint(r) || !readVarint(r)) return;
            if (*type == 0x03)
                for (int i = 0; i < 3; ++i)
                    if (!readVarint(r)) return;
            continue;
        }
        if (*type == 0x06) {
            const auto offset = readVarint(r);
            const auto length = readVarint(r);
            if (!offset || !length || *offset > kMaxCrypto || *length > kMaxCrypto) return;
            const auto data = r.read(static_cast<std::size_t>(*length));
            if (!data) return;
            fragments.push_back({*offset, std::vector<std::byte>(data->begin(), data->end())});
            continue;
        }
        if (*type == 0x1c) {
            const auto code = readVarint(r), frame = readVarint(r), reasonLength = readVarint(r);
            if (!code || !frame || !reasonLength || !r.skip(static_cast<std::size_t>(*reasonLength))) return;
            continue;
        }
        return;
    }
}

// The CRYPTO stream from offset 0 for as long as it is contiguous.
std::vector<std::byte> contiguous(const std::vector<Fragment> &fragments)
{
    std::vector<std::byte> stream;
    bool grew = true;
    while (grew && stream.size() < kMaxCrypto) {
        grew = false;
        for (const Fragment &f : fragments) {
            const std::uint64_t end = f.offset + f.data.size();
            if (f.offset > stream.size() || end <= stream.size()) continue;
            ByteReader r{Bytes(f.data)};
            r.skip(static_cast<std::size_t>(stream.size() - f.offset));
            const Bytes rest = r.rest();
            stream.insert(stream.end(), rest.begin(), rest.end());
            grew = true;
        }
    }
    return stream;
}

// server_name and ALPN from a ClientHello (handshake header included), as far as it goes.
std::optional<ClientHelloNames> helloNames(Bytes stream)
{
    ByteReader r(stream);
    const auto type = r.readU8();
    const auto length = r.readU24BigEndian();
    if (!type || *type != 1 || !length) return std::nullopt;
    auto body = r.subReader(std::min<std::size_t>(*length, r.remaining()));
    ClientHelloNames names;
    const auto version = body->readU16BigEndian();
    if (!version || !body->skip(32)) return names;
    const auto sessionId = body->readU8();
    if (!sessionId || !body->skip(*sessionId)) return names;
    const auto suites = body->readU16BigEndian();
    if (!suites || !body->skip(*suites)) return names;
    const auto compression = body->readU8();
    if (!compression || !body->skip(*compression)) return names;
    const auto extensionsLength = body->readU16BigEndian();
    if (!extensionsLength) return names;
    auto extensions = body->subReader(std::min<std::size_t>(*extensionsLength, body->remaining()));
    while (!extensions->empty()) {
        const auto extType = extensions->readU16BigEndian();
        const auto extLength = extensions->readU16BigEndian();
        if (!extType || !extLength) break;
        auto data = extensions->subReader(*extLength);
        if (!data) break;
        if (*extType == 0) {
            data->skip(2); // list length
            const auto nameType = data->readU8();
            const auto nameLength = data->readU16BigEndian();
            const auto name = nameLength ? data->read(*nameLength) : std::nullopt;
            if (nameType == 0 && name) names.sni = text::printable(asText(*name), 255);
        } else if (*extType == 16) {
            data->skip(2);
            while (!data->empty() && names.alpn.size() < 16) {
                const auto protocolLength = data->readU8();
                const auto protocol = protocolLength ? data->read(*protocolLength) : std::nullopt;
                if (!protocol || protocol->empty()) break;
                names.alpn.push_back(text::printable(asText(*protocol), 64));
            }
        }
    }
    return names;
}

} // namespace

std::optional<std::uint64_t> readVarint(ByteReader &r)
{
    const auto first = r.peekU8();
    if (!first) return std::nullopt;
    const std::size_t length = std::size_t{1} << (*first >> 6);
    const auto bytes = r.read(length);
    if (!bytes) return std::nullopt;
    std::uint64_t value = 0;
    for (std::byte b : *bytes) value = (value << 8) | std::to_integer<std::uint64_t>(b);
    const std::uint64_t mask = length == 8 ? 0x3fffffffffffffffULL : (std::uint64_t{1} << (8 * length - 2)) - 1;
    return value & mask;
}

bool canDecryptInitial(std::uint32_t version) { return protectionFor(version).has_value(); }

std::optional<ClientHelloNames> clientHelloNames(const std::vector<Bytes> &datagrams)
{
    std::optional<Keys> keys;
    std::uint32_t version = 0;
    std::vector<Fragment> fragments;
    bool opened = false;
    for (const Bytes datagram : datagrams) {
        ByteReader r(datagram);
        while (!r.empty()) {
            const ByteReader packetStart = r;
            const auto first = r.readU8();
            const auto packetVersion = r.readU32BigEndian();
            if (!first || !packetVersion || (*first & 0x80) == 0) break; // short header: end of the long-header packets
            const auto dcidLength = r.readU8();
            const auto dcid = dcidLength && *dcidLength <= 20 ? r.read(*dcidLength) : std::nullopt;
            const auto scidLength = dcid ? r.readU8() : std::nullopt;
            if (!scidLength || *scidLength > 20 || !r.skip(*scidLength)) break;
            if (!keys) {
                version = *packetVersion;
                keys = clientKeys(version, *dcid);
                if (!keys) return std::nullopt;
            }
            if (*packetVersion != version) break;
            const unsigned type = (*first >> 4) & 3u;
            const bool initial = version == 0x6b3343cf ? type == 1 : type == 0;
            if (initial) {
                const auto tokenLength = readVarint(r);
                if (!tokenLength || !r.skip(static_cast<std::size_t>(*tokenLength))) break;
            } else if (type == (version == 0x6b3343cf ? 0u : 3u)) {
                break; // Retry: no length field
            }
            const auto length = readVarint(r);
            if (!length) break;
            const std::size_t headerLength = r.consumed() - packetStart.consumed();
            const auto body = r.read(static_cast<std::size_t>(*length));
            if (!body) break; // cut by the kept-bytes limit
            if (!initial || body->size() < 20 + 16) continue;

            // Header protection (RFC 9001 5.4): the mask comes from 16 bytes sampled 4 bytes into the body.
            ByteReader bodyReader(*body);
            bodyReader.skip(4);
            std::array<unsigned char, 16> mask{};
            if (!headerMask(*keys, *bodyReader.read(16), mask)) return std::nullopt;
            ByteReader headerReader = packetStart;
            const Bytes header = *headerReader.read(headerLength);
            std::vector<unsigned char> aad;
            aad.reserve(headerLength + 4);
            for (std::byte b : header) aad.push_back(std::to_integer<unsigned char>(b));
            aad[0] = static_cast<unsigned char>(aad[0] ^ (mask[0] & 0x0f));
            const std::size_t pnLength = (aad[0] & 3u) + 1;
            ByteReader pnReader(*body);
            const Bytes pnBytes = *pnReader.read(pnLength);
            std::uint64_t packetNumber = 0;
            for (std::size_t i = 0; i < pnLength; ++i) {
                const auto byte = static_cast<unsigned char>(std::to_integer<unsigned char>(pnBytes[i]) ^ mask[1 + i]);
                aad.push_back(byte);
                packetNumber = (packetNumber << 8) | std::uint64_t{byte};
            }
            std::array<unsigned char, 12> nonce = keys->iv;
            for (std::size_t i = 0; i < 8; ++i)
                nonce[11 - i] = static_cast<unsigned char>(nonce[11 - i] ^ ((packetNumber >> (8 * i)) & 0xff));
            const Bytes sealed = pnReader.rest();
            const auto plain = openPacket(*keys, nonce, aad, sealed.first(sealed.size() - 16), sealed.last(16));
            if (!plain) continue;
            opened = true;
            collectCrypto(Bytes(reinterpret_cast<const std::byte *>(plain->data()), plain->size()), fragments);
        }
    }
    if (!opened) return std::nullopt;
    const std::vector<std::byte> stream = contiguous(fragments);
    return helloNames(Bytes(stream));
}

} // namespace portlens::quic
