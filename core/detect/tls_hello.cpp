// TLS and DTLS hello and record parsing (see tls_hello.h and the detectors that use it).
#include "core/detect/tls_hello.h"

#include "core/detect/text_lines.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace portlens::tls {

bool isGrease(std::uint16_t v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }

std::string hex16(std::uint16_t v)
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%04x", unsigned{v});
    return buffer;
}

std::string versionName(std::uint16_t v)
{
    switch (v) {
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    case 0xfeff: return "DTLS 1.0";
    case 0xfefd: return "DTLS 1.2";
    case 0xfefc: return "DTLS 1.3";
    case 0x0100: return "DTLS 1.0 (pre-standard OpenSSL)";
    default: break;
    }
    if ((v >> 8) == 0x7f) return "TLS 1.3 draft " + std::to_string(v & 0xff);
    return hex16(v);
}


enum class Parse { Bad, Cut, Complete };

bool plausibleVersion(std::uint16_t v, bool dtls)
{
    if (dtls) return v == 0xfeff || v == 0xfefd || v == 0xfefc || v == 0x0100;
    return v >= 0x0300 && v <= 0x0304;
}

void readServerName(ByteReader r, Hello &h)
{
    auto list = r.readU16BigEndian();
    if (!list) return;
    auto names = r.subReader(std::min<std::size_t>(*list, r.remaining()));
    while (names && !names->empty()) {
        const auto type = names->readU8();
        const auto length = names->readU16BigEndian();
        if (!type || !length) return;
        const auto name = names->read(*length);
        if (!name) return;
        if (*type == 0 && !name->empty() && h.sni.empty()) {
            h.sni = text::printable(asText(*name), 255);
            return;
        }
    }
}

void readAlpn(ByteReader r, Hello &h)
{
    auto list = r.readU16BigEndian();
    if (!list) return;
    auto protocols = r.subReader(std::min<std::size_t>(*list, r.remaining()));
    while (protocols && !protocols->empty() && h.alpn.size() < 16) {
        const auto length = protocols->readU8();
        if (!length || *length == 0) return;
        const auto name = protocols->read(*length);
        if (!name) return;
        h.alpn.push_back(text::printable(asText(*name), 64));
    }
}

void readSupportedVersions(ByteReader r, Hello &h)
{
    if (h.type == kServerHello) {
        if (auto v = r.readU16BigEndian()) h.selectedVersion = *v;
        return;
    }
    const auto length = r.readU8();
    if (!length) return;
    auto list = r.subReader(std::min<std::size_t>(*length, r.remaining()));
    while (list && list->remaining() >= 2)
        if (auto v = list->readU16BigEndian(); v && !isGrease(*v)) h.offered.push_back(*v);
}

// The hello's body after the handshake header. cut: the body is shorter than its declared
// length (kept-bytes limit); running out of bytes is then expected, not a contradiction.
Parse parseHelloBody(ByteReader body, bool cut, bool dtls, Hello &h)
{
    const Parse shortfall = cut ? Parse::Cut : Parse::Bad;
    const auto version = body.readU16BigEndian();
    if (!version) return shortfall;
    if (!plausibleVersion(*version, dtls)) return Parse::Bad;
    h.version = *version;
    if (h.type == kHelloVerifyRequest) {
        const auto cookie = body.readU8();
        if (!cookie) return shortfall;
        if (!body.skip(*cookie)) return shortfall;
        return body.empty() ? Parse::Complete : Parse::Bad;
    }
    if (!body.skip(32)) return shortfall; // random
    const auto sessionId = body.readU8();
    if (!sessionId) return shortfall;
    if (*sessionId > 32) return Parse::Bad;
    if (!body.skip(*sessionId)) return shortfall;
    if (h.type == kClientHello) {
        if (dtls) {
            const auto cookie = body.readU8();
            if (!cookie) return shortfall;
            if (!body.skip(*cookie)) return shortfall;
        }
        const auto suites = body.readU16BigEndian();
        if (!suites) return shortfall;
        if (*suites < 2 || *suites % 2 != 0) return Parse::Bad;
        if (!body.skip(*suites)) return shortfall;
        const auto compressions = body.readU8();
        if (!compressions) return shortfall;
        if (*compressions < 1) return Parse::Bad;
        if (!body.skip(*compressions)) return shortfall;
    } else {
        if (!body.skip(3)) return shortfall; // cipher suite, compression method
    }
    if (body.empty()) return cut ? Parse::Cut : Parse::Complete; // no extensions (old clients)
    const auto extensionsLength = body.readU16BigEndian();
    if (!extensionsLength) return shortfall;
    if (!cut && *extensionsLength != body.remaining()) return Parse::Bad;
    auto extensions = body.subReader(std::min<std::size_t>(*extensionsLength, body.remaining()));
    while (extensions && !extensions->empty()) {
        const auto type = extensions->readU16BigEndian();
        const auto length = extensions->readU16BigEndian();
        if (!type || !length) return shortfall;
        const auto whole = extensions->subReader(*length);
        if (!whole && !cut) return Parse::Bad;
        // Otherwise the cut extension, as far as kept.
        ByteReader data = whole ? *whole : extensions->subReader(extensions->remaining()).value_or(ByteReader{});
        if (*type == 0) readServerName(data, h);
        else if (*type == 16) readAlpn(data, h);
        else if (*type == 43) readSupportedVersions(data, h);
    }
    return cut ? Parse::Cut : Parse::Complete;
}

// TLS: the hello in the handshake records at the start of data. A hello may span several
// records; their fragments are joined (bounded by the kept bytes, at most 4 KiB).
std::optional<Hello> tlsHello(Bytes data, std::uint8_t wantedType)
{
    // Reject fast: 16 03 0x, then a sane record length and the wanted handshake type.
    ByteReader first(data);
    const auto header = first.readFixed<6>();
    if (!header || fieldU8<0>(*header) != kHandshake || fieldU8<1>(*header) != 3 || fieldU8<2>(*header) > 4)
        return std::nullopt;
    const std::uint16_t firstLength = fieldU16BigEndian<3>(*header);
    if (firstLength < 4 || firstLength > kMaxRecordLength || fieldU8<5>(*header) != wantedType) return std::nullopt;

    Hello h;
    h.type = wantedType;
    h.recordVersion = fieldU16BigEndian<1>(*header);
    std::vector<std::byte> handshake;
    bool cut = false;
    std::size_t wanted = 0; // 4 + the hello's declared length, once known
    ByteReader r(data);
    while (true) {
        const auto record = r.readFixed<5>();
        if (!record) {
            cut = true; // the next record header is beyond the kept bytes
            break;
        }
        const std::uint16_t length = fieldU16BigEndian<3>(*record);
        if (fieldU8<0>(*record) != kHandshake || fieldU16BigEndian<1>(*record) != h.recordVersion || length == 0 ||
            length > kMaxRecordLength)
            return std::nullopt; // the hello's continuation must be handshake records too
        const Bytes fragment = r.read(std::min<std::size_t>(length, r.remaining())).value_or(Bytes{}); // at most what remains
        handshake.insert(handshake.end(), fragment.begin(), fragment.end());
        h.covered = r.consumed();
        if (fragment.size() < length) {
            cut = true;
            break;
        }
        if (wanted == 0 && handshake.size() >= 4) {
            ByteReader hs{Bytes(handshake)};
            hs.skip(1);
            wanted = 4 + std::size_t{hs.readU24BigEndian().value_or(0)}; // 4 bytes: checked above
            if (wanted - 4 < 38 || wanted - 4 > kMaxHelloLength) return std::nullopt;
        }
        if (wanted != 0 && handshake.size() >= wanted) break;
        if (r.empty()) {
            cut = true;
            break;
        }
    }
    ByteReader hs{Bytes(handshake)};
    hs.skip(1);
    const auto declared = hs.readU24BigEndian();
    if (!declared) return std::nullopt; // fewer than 4 handshake bytes: nothing to judge
    if (*declared < 38 || *declared > kMaxHelloLength) return std::nullopt;
    const bool bodyCut = hs.remaining() < *declared;
    if (bodyCut && !cut) return std::nullopt;
    ByteReader body = hs.subReader(std::min<std::size_t>(*declared, hs.remaining())).value_or(ByteReader{}); // at most what remains
    const Parse result = parseHelloBody(body, bodyCut, false, h);
    if (result == Parse::Bad) {
        // Odd hellos (fuzzers, scanners, broken clients) are still TLS when one record holds
        // exactly one hello: the record and handshake lengths agree.
        if (bodyCut || std::size_t{firstLength} != 4 + std::size_t{*declared}) return std::nullopt;
        h = Hello{};
        h.type = wantedType;
        h.recordVersion = fieldU16BigEndian<1>(*header);
        h.covered = 5 + std::size_t{firstLength};
        h.malformed = true;
        return h;
    }
    h.complete = result == Parse::Complete;
    return h;
}


std::optional<Records> tlsRecords(Bytes data, std::size_t firstTurn)
{
    Records out;
    ByteReader r(data);
    while (out.count < 16) {
        const auto header = r.readFixed<5>();
        if (!header) break;
        const std::uint8_t type = fieldU8<0>(*header);
        const std::uint16_t version = fieldU16BigEndian<1>(*header);
        const std::uint16_t length = fieldU16BigEndian<3>(*header);
        if (type < 20 || type > 23 || version < 0x0300 || version > 0x0303 || length == 0 || length > kMaxRecordLength ||
            (out.count > 0 && version != out.version))
            break;
        if (out.count == 0) {
            out.firstType = type;
            out.version = version;
        }
        if (!r.skip(length)) break; // cut by the kept-bytes limit
        ++out.count;
        out.covered = r.consumed();
    }
    // Two chained records, or one that ends exactly where the first turn of this side ends.
    if (out.count >= 2 || (out.count == 1 && out.covered == firstTurn)) return out;
    return std::nullopt;
}

const char *recordTypeName(std::uint8_t type)
{
    switch (type) {
    case 20: return "change_cipher_spec";
    case 21: return "alert";
    case 22: return "handshake";
    default: return "application data";
    }
}

// DTLS: the first datagram starts with a handshake record (13-byte header, epoch 0) whose
// handshake header (12 bytes) carries a whole hello or a first fragment of one.
std::optional<Hello> dtlsHello(Bytes datagram)
{
    ByteReader r(datagram);
    const auto record = r.readFixed<13>();
    if (!record || fieldU8<0>(*record) != kHandshake) return std::nullopt;
    const std::uint16_t version = fieldU16BigEndian<1>(*record);
    if (!plausibleVersion(version, true) || fieldU16BigEndian<3>(*record) != 0) return std::nullopt; // epoch 0
    const std::uint16_t length = fieldU16BigEndian<11>(*record);
    if (length < 12 || length > r.remaining()) return std::nullopt;
    ByteReader content = r.subReader(length).value_or(ByteReader{}); // length bytes remain: checked above
    const auto handshake = content.readFixed<12>();
    if (!handshake) return std::nullopt;
    const std::uint8_t type = fieldU8<0>(*handshake);
    if (type != kClientHello && type != kServerHello && type != kHelloVerifyRequest) return std::nullopt;
    ByteReader fields{Bytes(*handshake)};
    fields.skip(1);
    // The 12 bytes read above hold all three.
    const std::uint32_t messageLength = fields.readU24BigEndian().value_or(0);
    fields.skip(2); // message_seq
    const std::uint32_t fragmentOffset = fields.readU24BigEndian().value_or(0);
    const std::uint32_t fragmentLength = fields.readU24BigEndian().value_or(0);
    if (messageLength < 3 || messageLength > kMaxHelloLength || fragmentOffset != 0 ||
        fragmentLength > messageLength || fragmentLength > content.remaining())
        return std::nullopt;

    Hello h;
    h.type = type;
    h.recordVersion = version;
    h.covered = 13 + std::size_t{length};
    const bool cut = fragmentLength < messageLength; // fragmented hello: the rest is in later records
    const Parse result = parseHelloBody(content.subReader(fragmentLength).value_or(ByteReader{}), cut, true, h);
    if (result == Parse::Bad) return std::nullopt;
    h.complete = result == Parse::Complete;
    return h;
}

std::string joined(const std::vector<std::string> &items)
{
    std::string out;
    for (const auto &item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

std::string recordVersionText(std::uint16_t v)
{
    return std::to_string(v >> 8) + "." + std::to_string(v & 0xff);
}

std::string sentenceFor(const Hello &h, bool dtls, bool fromClient)
{
    const std::string proto = dtls ? "DTLS" : "TLS";
    std::string s;
    if (h.type == kClientHello) {
        s = proto + " ClientHello " + (h.sni.empty() ? std::string("without a server name") : "for '" + h.sni + "'");
    } else if (h.type == kServerHello) {
        s = proto + " ServerHello";
        if (h.selectedVersion != 0) s += " choosing " + versionName(h.selectedVersion);
    } else {
        s = proto + " HelloVerifyRequest (the server asks the client to prove its address with a cookie)";
    }
    s += dtls ? " (version " + versionName(h.recordVersion) + ")" : " (record version " + recordVersionText(h.recordVersion) + ")";
    if (dtls && h.offset > 0)
        s += std::string(" in a later datagram of the ") + (fromClient ? "client" : "server") + " (offset " +
             std::to_string(h.offset) + ")";
    else
        s += std::string(" at the start of the ") + (fromClient ? "client's" : "server's") + (dtls ? " first datagram" : " data");
    if (h.malformed) s += ", whose body does not parse (malformed or deliberately odd)";
    else if (!h.complete) s += ", cut short before its end";
    return s;
}

std::optional<Detection> report(const std::optional<Hello> &client, const std::optional<Hello> &server, bool dtls)
{
    if (!client && !server) return std::nullopt;
    const std::string prefix = dtls ? "dtls." : "tls.";
    Detection d;
    d.protocol = dtls ? "DTLS" : "TLS";
    const bool clientComplete = client && client->complete;
    const bool serverComplete = server && server->complete;
    d.confidence = clientComplete || serverComplete ? Confidence::High : Confidence::Medium;
    const Hello &shown = client ? *client : *server;
    d.evidence = {client ? Direction::ToServer : Direction::ToClient, static_cast<std::uint32_t>(shown.offset),
                  static_cast<std::uint32_t>(shown.covered), sentenceFor(shown, dtls, client.has_value())};
    if (!clientComplete && serverComplete && client)
        d.evidence = {Direction::ToClient, static_cast<std::uint32_t>(server->offset), static_cast<std::uint32_t>(server->covered),
                      sentenceFor(*server, dtls, false)};

    if (server && server->type == kServerHello && server->version != 0)
        d.add(prefix + "version", versionName(server->selectedVersion != 0 ? server->selectedVersion : server->version));
    else if (client && client->version != 0)
        d.add(prefix + "version", versionName(client->version));
    if (client && !client->sni.empty()) d.add(prefix + "sni", client->sni);
    if (server && server->type == kServerHello && !server->alpn.empty()) d.add(prefix + "alpn", joined(server->alpn));
    else if (client && !client->alpn.empty()) d.add(prefix + "alpn", joined(client->alpn));
    if (client && !client->offered.empty()) {
        std::vector<std::string> names;
        for (auto v : client->offered) names.push_back(versionName(v));
        d.add(prefix + "client_versions", joined(names));
    }
    return d;
}

} // namespace portlens::tls
