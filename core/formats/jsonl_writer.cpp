// JSON Lines: one object per connection; field names follow Zeek's where one exists.
#include "formats/connection_writer.h"

#include <nlohmann/json.hpp>

namespace portlens {

namespace {

class JsonLinesWriter final : public ConnectionWriter {
public:
    explicit JsonLinesWriter(std::ostream &out) : m_out(out) {}

    void write(const Connection &c, std::string_view capture) override
    {
        const nlohmann::ordered_json row = {
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
