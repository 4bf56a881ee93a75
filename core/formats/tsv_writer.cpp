// TSV for scripts: one header line, one row per connection, raw numbers (no units).
#include "formats/connection_writer.h"

namespace portlens {

namespace {

class TsvWriter final : public ConnectionWriter {
public:
    explicit TsvWriter(std::ostream &out) : m_out(out) {}

    void begin() override
    {
        m_out << "id\tuid\tstart\tduration\ttransport\tclient\tclient_port\tserver\tserver_port\troles\t"
                 "conn_state\thistory\tclient_packets\tclient_bytes\tclient_payload\tserver_packets\t"
                 "server_bytes\tserver_payload\tmissed_bytes\tend_reason\tcapture\n";
    }

    void write(const Connection &c, std::string_view capture) override
    {
        m_out << c.id << '\t' << c.uid() << '\t' << formatEpochSeconds(c.firstNs) << '\t'
              << formatSeconds(c.lastNs - c.firstNs) << '\t' << transportName(c.transport) << '\t'
              << c.client.address.toString() << '\t' << c.client.port << '\t' << c.server.address.toString() << '\t'
              << c.server.port << '\t' << rolesName(c.roles) << '\t' << c.connState() << '\t'
              << (c.history.empty() ? "-" : c.history) << '\t' << c.toServer.packets << '\t' << c.toServer.wireBytes
              << '\t' << c.toServer.payloadBytes << '\t' << c.toClient.packets << '\t' << c.toClient.wireBytes << '\t'
              << c.toClient.payloadBytes << '\t' << c.missedBytes << '\t' << endReasonName(c.endReason) << '\t'
              << capture << '\n';
    }

private:
    std::ostream &m_out;
};

} // namespace

std::unique_ptr<ConnectionWriter> makeTsvWriter(std::ostream &out)
{
    return std::make_unique<TsvWriter>(out);
}

} // namespace portlens
