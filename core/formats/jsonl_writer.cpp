// JSON Lines: one object per connection; field names follow Zeek's where one exists.
#include "core/formats/connection_writer.h"

#include <nlohmann/json.hpp>

namespace portlens {

namespace {

class JsonLinesWriter final : public ConnectionWriter {
public:
    explicit JsonLinesWriter(std::ostream &out) : m_out(out) {}

    void write(const Connection &c, const Verdict &v, std::string_view capture) override
    {
        nlohmann::ordered_json row = {
            {"id", c.id},
            {"uid", c.uid()},
            {"ts", static_cast<double>(c.firstNs) / 1e9},
            {"start", formatUtcTime(c.firstNs)},
            {"duration", static_cast<double>(c.lastNs - c.firstNs) / 1e9},
            {"transport", transportName(c.transport)},
            {"client", c.client.address.toString()},
            {"client_port", c.client.port},
            {"server", c.server.address.toString()},
            {"server_port", c.server.port},
            {"roles", rolesName(c.roles)},
            {"conn_state", c.connState()},
            {"history", c.history},
            {"service", c.detection.protocol.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(c.detection.protocol)},
            {"port_service", v.portService},
            {"verdict", verdictKindName(v.kind)},
            {"severity", severityName(v.severity)},
            {"reason", v.reason.toString()},
            {"client_packets", c.toServer.packets},
            {"client_bytes", c.toServer.wireBytes},
            {"client_ip_bytes", c.toServer.ipBytes},
            {"client_payload", c.toServer.payloadBytes},
            {"server_packets", c.toClient.packets},
            {"server_bytes", c.toClient.wireBytes},
            {"server_ip_bytes", c.toClient.ipBytes},
            {"server_payload", c.toClient.payloadBytes},
            {"missed_bytes", c.missedBytes},
            {"end_reason", endReasonName(c.endReason)},
            {"capture", std::string(capture)},
        };
        nlohmann::ordered_json notes = nlohmann::ordered_json::array();
        for (const VerdictNote &n : v.notes)
            notes.push_back({{"code", n.code}, {"severity", severityName(n.severity)}, {"text", n.message.toString()}});
        row["notes"] = std::move(notes);
        if (!c.detection.protocol.empty()) {
            const Evidence &e = c.detection.evidence;
            row["evidence"] = {{"direction", e.direction == Direction::ToServer ? "client" : "server"},
                               {"offset", e.offset}, {"length", e.length}, {"sentence", e.sentence}};
            nlohmann::ordered_json metadata = nlohmann::ordered_json::object();
            // A key seen more than once (FTP's data-channel announcements) becomes a list.
            for (const auto &[key, value] : c.detection.metadata) {
                auto &slot = metadata[key];
                if (slot.is_null()) slot = value;
                else if (slot.is_array()) slot.push_back(value);
                else slot = nlohmann::ordered_json::array({slot, value});
            }
            row["metadata"] = std::move(metadata);
        }
        if (c.relatedId) row["related_id"] = c.relatedId;
        // Replace invalid UTF-8 rather than throw: capture names come from the file system.
        m_out << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }

private:
    std::ostream &m_out;
};

} // namespace

std::unique_ptr<ConnectionWriter> makeJsonLinesWriter(std::ostream &out)
{
    return std::make_unique<JsonLinesWriter>(out);
}

} // namespace portlens
