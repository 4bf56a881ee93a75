// JSON Lines: one object per connection; field names follow Zeek's where one exists.
//
// Each row is written straight into one reused string, in the exact bytes nlohmann::json's
// dump() gives for the same object (compact, keys in this order, UTF-8 kept, invalid UTF-8
// replaced by U+FFFD): building an ordered_json per row (a node and a string copy per field, a
// map lookup per key) made this format about 18 times slower than TSV. Numbers with a fraction
// go through nlohmann's own shortest round-trip formatting, and any string with a byte above
// 0x7F through nlohmann's escaping, so that nothing differs in the rare cases either.
#include "core/formats/connection_writer.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

namespace portlens {

namespace {

// Appends value as a JSON string: printable ASCII as it is, the escapes nlohmann uses
// (\" \\ \b \f \n \r \t, else \u00xx) for the rest of ASCII, and nlohmann itself for the
// uncommon string that holds other bytes (UTF-8 to validate, or bytes to replace).
void appendString(std::string &out, std::string_view value)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const std::size_t start = out.size();
    out += '"';
    std::size_t plain = 0; // start of the run of bytes not yet appended
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto byte = static_cast<unsigned char>(value[i]);
        if (byte >= 0x20 && byte != '"' && byte != '\\' && byte < 0x80) continue;
        if (byte >= 0x80) {
            out.resize(start); // what was appended of this string: dump() writes it whole
            out += nlohmann::json(std::string(value)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            return;
        }
        out.append(value.data() + plain, i - plain);
        plain = i + 1;
        out += '\\';
        switch (byte) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '\b': out += 'b'; break;
        case '\f': out += 'f'; break;
        case '\n': out += 'n'; break;
        case '\r': out += 'r'; break;
        case '\t': out += 't'; break;
        default:
            out += "u00";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
        }
    }
    out.append(value.data() + plain, value.size() - plain);
    out += '"';
}

class JsonLinesWriter final : public ConnectionWriter {
public:
    explicit JsonLinesWriter(std::ostream &out) : m_out(out) {}

    void write(const Connection &c, const Verdict &v, std::string_view capture) override
    {
        std::string &row = m_row;
        row.clear();
        bool first = true;
        auto key = [&row, &first](std::string_view name) {
            row += first ? '{' : ',';
            first = false;
            row += '"';
            row += name; // the names below need no escaping
            row += "\":";
        };
        auto string = [&](std::string_view name, std::string_view value) {
            key(name);
            appendString(row, value);
        };
        auto number = [&](std::string_view name, std::uint64_t value) {
            key(name);
            char digits[24];
            row.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
        };
        auto real = [&](std::string_view name, double value) {
            key(name);
            if (!std::isfinite(value)) {
                row += "null";
                return;
            }
            char digits[64]; // nlohmann's serializer uses a buffer of this size
            row.append(digits, nlohmann::detail::to_chars(digits, digits + sizeof digits, value));
        };

        number("id", c.id);
        string("uid", c.uid());
        real("ts", static_cast<double>(c.firstNs) / 1e9);
        string("start", formatUtcTime(c.firstNs));
        real("duration", static_cast<double>(c.lastNs - c.firstNs) / 1e9);
        string("transport", transportName(c.transport));
        c.client.address.appendTo(m_address);
        string("client", m_address);
        m_address.clear();
        number("client_port", c.client.port);
        c.server.address.appendTo(m_address);
        string("server", m_address);
        m_address.clear();
        number("server_port", c.server.port);
        string("roles", rolesName(c.roles));
        string("conn_state", c.connState());
        string("history", c.history);
        if (c.detection.protocol.empty()) {
            key("service");
            row += "null";
        } else {
            string("service", c.detection.protocol);
        }
        string("port_service", v.portService);
        string("verdict", verdictKindName(v.kind));
        string("severity", severityName(v.severity));
        string("reason", v.reason.toString());
        number("client_packets", c.toServer.packets);
        number("client_bytes", c.toServer.wireBytes);
        number("client_ip_bytes", c.toServer.ipBytes);
        number("client_payload", c.toServer.payloadBytes);
        number("server_packets", c.toClient.packets);
        number("server_bytes", c.toClient.wireBytes);
        number("server_ip_bytes", c.toClient.ipBytes);
        number("server_payload", c.toClient.payloadBytes);
        number("missed_bytes", c.missedBytes);
        string("end_reason", endReasonName(c.endReason));
        string("capture", capture);
        key("notes");
        row += '[';
        for (std::size_t i = 0; i < v.notes.size(); ++i) {
            const VerdictNote &n = v.notes[i];
            row += i == 0 ? "{\"code\":" : ",{\"code\":";
            appendString(row, n.code);
            row += ",\"severity\":";
            appendString(row, severityName(n.severity));
            row += ",\"text\":";
            appendString(row, n.message.toString());
            row += '}';
        }
        row += ']';
        if (!c.detection.protocol.empty()) {
            const Evidence &e = c.detection.evidence;
            key("evidence");
            row += "{\"direction\":";
            row += e.direction == Direction::ToServer ? "\"client\"" : "\"server\"";
            row += ",\"offset\":";
            char digits[24];
            row.append(digits, std::to_chars(digits, digits + sizeof digits, e.offset).ptr);
            row += ",\"length\":";
            row.append(digits, std::to_chars(digits, digits + sizeof digits, e.length).ptr);
            row += ",\"sentence\":";
            appendString(row, e.sentence);
            row += '}';
            writeMetadata(c.detection.metadata);
        }
        if (c.relatedId) number("related_id", c.relatedId);
        row += "}\n";
        m_out.write(row.data(), static_cast<std::streamsize>(row.size()));
    }

private:
    // "metadata": an object in the order keys first appear; a key seen more than once (FTP's
    // data-channel announcements) holds the list of its values.
    void writeMetadata(const std::vector<std::pair<std::string, std::string>> &metadata)
    {
        std::string &row = m_row;
        row += ",\"metadata\":{";
        m_keys.clear();
        for (std::size_t i = 0; i < metadata.size(); ++i) {
            bool seen = false;
            for (std::size_t k : m_keys) seen = seen || metadata[k].first == metadata[i].first;
            if (!seen) m_keys.push_back(i);
        }
        for (std::size_t k = 0; k < m_keys.size(); ++k) {
            const std::string &name = metadata[m_keys[k]].first;
            if (k > 0) row += ',';
            appendString(row, name);
            row += ':';
            std::size_t count = 0;
            for (std::size_t i = m_keys[k]; i < metadata.size(); ++i) count += metadata[i].first == name;
            if (count == 1) {
                appendString(row, metadata[m_keys[k]].second);
                continue;
            }
            row += '[';
            bool firstValue = true;
            for (std::size_t i = m_keys[k]; i < metadata.size(); ++i) {
                if (metadata[i].first != name) continue;
                if (!firstValue) row += ',';
                firstValue = false;
                appendString(row, metadata[i].second);
            }
            row += ']';
        }
        row += '}';
    }

    std::ostream &m_out;
    std::string m_row;
    std::string m_address;
    std::vector<std::size_t> m_keys; // metadata: index of each key's first occurrence
};

} // namespace

std::unique_ptr<ConnectionWriter> makeJsonLinesWriter(std::ostream &out)
{
    return std::make_unique<JsonLinesWriter>(out);
}

} // namespace portlens
