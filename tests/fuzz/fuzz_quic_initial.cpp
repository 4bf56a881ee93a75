// QUIC Initial packets (core/detect/quic_initial.h): header parsing, header protection,
// decryption, the CRYPTO frames and the ClientHello inside, then the QUIC detector over the same
// client datagrams. Byte 0 picks one of two framings:
//
// - even, "raw": the rest is the client's datagrams, each behind a 2-byte big-endian length
//   (the last one takes what remains). Seeds are real client Initials from the corpus
//   (tools/fuzz/make-seeds.py), so the decryption path is reached, and mutations of the header
//   and of the sealed bytes test what an on-path attacker can send.
// - odd, "sealed": the harness protects the plaintext itself, as a client would (RFC 9001 5,
//   with its own HKDF and AES, independent of the code under test), so every input authenticates
//   and the fuzzer explores the frame walk, the CRYPTO reassembly and the ClientHello reader,
//   which a mutation of a sealed packet never reaches. Byte 1 picks the version (v1, v2,
//   draft-29), byte 2 the Destination Connection ID's length (0-20) and the ID follows; then
//   packets, each [flags][2-byte length][plaintext]: flags bit 0 starts a new datagram, bits 1-2
//   are the packet number's length minus one, bits 3-7 the packet number.
//   Property checked: a first packet whose plaintext starts with a CRYPTO frame at offset 0
//   holding a handshake message of type 1 (ClientHello) is decrypted and read (a value, not
//   nothing); a decryption that fails on what a client would send is a finding.
#include "core/detect/detection_engine.h"
#include "core/detect/quic_initial.h"
#include "core/detect/registry.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace portlens;

namespace {

using Buffer = std::vector<unsigned char>;

void check(bool holds, const char *what)
{
    if (holds) return;
    std::fprintf(stderr, "fuzz_quic_initial: property broken: %s\n", what);
    std::abort();
}

struct Version {
    std::uint32_t number;
    std::array<unsigned char, 20> salt;
    bool v2;
};
constexpr Version kVersions[] = {
    {0x00000001, {0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17, 0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a}, false},
    {0x6b3343cf, {0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93, 0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9}, true},
    {0xff00001d, {0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97, 0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99}, false},
};

// HKDF-Expand-Label (RFC 8446 7.1), empty context, one HMAC block.
Buffer expandLabel(const Buffer &secret, const std::string &label, std::size_t length)
{
    const std::string full = "tls13 " + label;
    Buffer info{static_cast<unsigned char>(length >> 8), static_cast<unsigned char>(length), static_cast<unsigned char>(full.size())};
    info.insert(info.end(), full.begin(), full.end());
    info.push_back(0);
    info.push_back(1);
    Buffer out(EVP_MAX_MD_SIZE);
    unsigned int outLength = 0;
    check(HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), info.data(), info.size(), out.data(), &outLength) != nullptr,
          "HMAC");
    out.resize(length);
    return out;
}

struct Keys {
    Buffer key, iv, hp;
};

Keys clientKeys(const Version &version, const Buffer &dcid)
{
    Buffer initial(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    check(HMAC(EVP_sha256(), version.salt.data(), static_cast<int>(version.salt.size()), dcid.data(), dcid.size(), initial.data(),
               &length) != nullptr,
          "HMAC");
    initial.resize(length);
    const Buffer client = expandLabel(initial, "client in", 32);
    const std::string prefix = version.v2 ? "quicv2 " : "quic ";
    return {expandLabel(client, prefix + "key", 16), expandLabel(client, prefix + "iv", 12), expandLabel(client, prefix + "hp", 16)};
}

void appendVarint2(Buffer &out, std::size_t value)
{
    out.push_back(static_cast<unsigned char>(0x40 | (value >> 8)));
    out.push_back(static_cast<unsigned char>(value));
}

// One client Initial packet carrying plain (RFC 9001 5.3 and 5.4).
Buffer seal(const Version &version, const Keys &keys, const Buffer &dcid, unsigned packetNumber, std::size_t pnLength, Buffer plain)
{
    if (plain.size() < 20) plain.resize(20, 0); // the header-protection sample needs 16 bytes past pn + 4
    const unsigned type = version.v2 ? 1 : 0;
    Buffer packet{static_cast<unsigned char>(0xc0 | (type << 4) | (pnLength - 1))};
    for (int shift = 24; shift >= 0; shift -= 8) packet.push_back(static_cast<unsigned char>(version.number >> shift));
    packet.push_back(static_cast<unsigned char>(dcid.size()));
    packet.insert(packet.end(), dcid.begin(), dcid.end());
    packet.push_back(0); // no Source Connection ID
    packet.push_back(0); // no token
    appendVarint2(packet, pnLength + plain.size() + 16);
    const std::size_t pnOffset = packet.size();
    for (std::size_t i = 0; i < pnLength; ++i)
        packet.push_back(static_cast<unsigned char>(packetNumber >> (8 * (pnLength - 1 - i))));
    Buffer nonce = keys.iv;
    for (std::size_t i = 0; i < 8; ++i) nonce[11 - i] = static_cast<unsigned char>(nonce[11 - i] ^ ((std::uint64_t{packetNumber} >> (8 * i)) & 0xff));

    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    Buffer sealed(plain.size() + 16);
    int length = 0;
    check(ctx && EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) == 1 &&
              EVP_EncryptInit_ex(ctx, nullptr, nullptr, keys.key.data(), nonce.data()) == 1 &&
              EVP_EncryptUpdate(ctx, nullptr, &length, packet.data(), static_cast<int>(packet.size())) == 1 &&
              EVP_EncryptUpdate(ctx, sealed.data(), &length, plain.data(), static_cast<int>(plain.size())) == 1 &&
              EVP_EncryptFinal_ex(ctx, sealed.data() + length, &length) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, sealed.data() + plain.size()) == 1,
          "AES-128-GCM seal");
    EVP_CIPHER_CTX_free(ctx);
    packet.insert(packet.end(), sealed.begin(), sealed.end());

    ctx = EVP_CIPHER_CTX_new();
    std::array<unsigned char, 32> mask{};
    check(ctx && EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), nullptr, keys.hp.data(), nullptr) == 1 &&
              EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
              EVP_EncryptUpdate(ctx, mask.data(), &length, packet.data() + pnOffset + 4, 16) == 1,
          "AES-128-ECB header mask");
    EVP_CIPHER_CTX_free(ctx);
    packet[0] = static_cast<unsigned char>(packet[0] ^ (mask[0] & 0x0f));
    for (std::size_t i = 0; i < pnLength; ++i) packet[pnOffset + i] = static_cast<unsigned char>(packet[pnOffset + i] ^ mask[1 + i]);
    return packet;
}

// Does plain start with a CRYPTO frame at offset 0 holding the start of a ClientHello?
bool startsWithClientHello(const Buffer &plain)
{
    std::vector<std::byte> bytes(plain.size());
    for (std::size_t i = 0; i < plain.size(); ++i) bytes[i] = static_cast<std::byte>(plain[i]);
    ByteReader r{Bytes(bytes)};
    const auto type = quic::readVarint(r);
    const auto offset = type ? quic::readVarint(r) : std::nullopt;
    const auto length = offset ? quic::readVarint(r) : std::nullopt;
    if (!type || *type != 0x06 || !offset || *offset != 0 || !length || *length < 4 || *length > 16384) return false;
    const auto data = r.read(static_cast<std::size_t>(*length));
    return data && (*data)[0] == std::byte{1};
}

void detectAndRead(const std::vector<Buffer> &datagrams, bool helloExpected)
{
    std::vector<Bytes> spans;
    for (const Buffer &d : datagrams) spans.emplace_back(reinterpret_cast<const std::byte *>(d.data()), d.size());
    const auto names = quic::clientHelloNames(spans);
    if (helloExpected) check(names.has_value(), "a sealed Initial starting with a ClientHello is decrypted and read");

    static const Detector *quicDetector = DetectorRegistry::builtin().find("QUIC");
    check(quicDetector != nullptr, "the registry has a QUIC detector");
    Connection c;
    c.id = 1;
    c.transport = 17;
    c.client = {*IpAddress::parse("192.0.2.10"), 51000};
    c.server = {*IpAddress::parse("198.51.100.20"), 443};
    auto &kept = c.payload.bytes[static_cast<int>(Direction::ToServer)];
    for (const Buffer &d : datagrams) {
        c.payload.chunks.push_back({Direction::ToServer, static_cast<std::uint32_t>(kept.size()), static_cast<std::uint32_t>(d.size())});
        for (unsigned char b : d) kept.push_back(static_cast<std::byte>(b));
    }
    const DetectionInput input{c};
    if (const auto detection = quicDetector->detect(input)) (void)quicDetector->refreshesAtEnd(*detection);
    else (void)quicDetector->ruledOut(input);
}

constexpr std::size_t kMaxDatagrams = 16;
constexpr std::size_t kMaxPlain = 16000; // the sealed packet's length stays a 2-byte varint

void raw(const std::uint8_t *data, std::size_t size)
{
    std::vector<std::byte> all(size);
    for (std::size_t i = 0; i < size; ++i) all[i] = static_cast<std::byte>(data[i]);
    ByteReader varints{Bytes(all)};
    while (quic::readVarint(varints)) {
    }
    if (size >= 5) (void)quic::canDecryptInitial(std::uint32_t{data[1]} << 24 | std::uint32_t{data[2]} << 16 | std::uint32_t{data[3]} << 8 | data[4]);

    std::vector<Buffer> datagrams;
    std::size_t at = 0;
    while (at < size && datagrams.size() < kMaxDatagrams) {
        std::size_t length = size - at;
        if (length >= 2) {
            const std::size_t declared = std::size_t{data[at]} << 8 | data[at + 1];
            at += 2;
            length = std::min(declared, size - at);
        } else {
            at = size;
            break;
        }
        datagrams.emplace_back(data + at, data + at + length);
        at += length;
    }
    detectAndRead(datagrams, false);
}

void sealed(const std::uint8_t *data, std::size_t size)
{
    if (size < 2) return;
    const Version &version = kVersions[data[0] % std::size(kVersions)];
    const std::size_t dcidLength = data[1] % 21;
    if (size < 2 + dcidLength) return;
    const Buffer dcid(data + 2, data + 2 + dcidLength);
    const Keys keys = clientKeys(version, dcid);
    std::size_t at = 2 + dcidLength;
    std::vector<Buffer> datagrams;
    bool helloExpected = false;
    for (std::size_t packets = 0; at < size && packets < 2 * kMaxDatagrams; ++packets) {
        const std::uint8_t flags = data[at++];
        std::size_t length = size - at;
        if (length >= 2) {
            length = std::min<std::size_t>(std::size_t{data[at]} << 8 | data[at + 1], size - at - 2);
            at += 2;
        }
        Buffer plain(std::min(length, kMaxPlain));
        std::copy_n(data + at, plain.size(), plain.data());
        at += length;
        if (datagrams.empty()) {
            helloExpected = startsWithClientHello(plain);
            // A client pads its first datagram to 1200 bytes (RFC 9000 14.1), which the QUIC
            // detector requires: with PADDING frames, as clients do.
            if (plain.size() < 1200) plain.resize(1200, 0);
        }
        if (datagrams.empty() || ((flags & 1) && datagrams.size() < kMaxDatagrams)) datagrams.emplace_back();
        const Buffer packet = seal(version, keys, dcid, flags >> 3, ((flags >> 1) & 3u) + 1, std::move(plain));
        datagrams.back().insert(datagrams.back().end(), packet.begin(), packet.end());
    }
    if (!datagrams.empty()) detectAndRead(datagrams, helloExpected);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1) return 0;
    if (data[0] & 1) sealed(data + 1, size - 1);
    else raw(data + 1, size - 1);
    return 0;
}
