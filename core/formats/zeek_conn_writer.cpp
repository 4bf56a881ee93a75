// Zeek's conn.log in its ASCII (TSV) form, with the header lines zeek-cut reads.
#include "core/formats/connection_writer.h"

#include <cctype>
#include <ctime>

namespace portlens {

namespace {

std::string zeekHeaderTime()
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d-%H-%M-%S", &local);
    return text;
}

// Zeek names services in lower case ("ssh", "dns", "ftp-data").
std::string zeekService(const Connection &c)
{
    if (c.detection.protocol.empty()) return "-";
    std::string s = c.detection.protocol;
    for (char &ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

// Zeek escapes separators inside values; a tab or newline here would break the log's columns.
std::string zeekText(std::string s)
{
    for (char &ch : s)
        if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
    return s.empty() ? "-" : s;
}

class ZeekConnWriter final : public ConnectionWriter {
public:
    explicit ZeekConnWriter(std::ostream &out) : m_out(out) {}

    void begin() override
    {
        m_out << "#separator \\x09\n"
                 "#set_separator\t,\n"
                 "#empty_field\t(empty)\n"
                 "#unset_field\t-\n"
                 "#path\tconn\n"
                 "#open\t"
              << zeekHeaderTime()
              << "\n"
                 "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\t"
                 "orig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\t"
                 "orig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\tportlens_verdict\tportlens_severity\t"
                 "portlens_reason\n"
                 "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\t"
                 "bool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\tstring\tstring\tstring\n";
    }

    void write(const Connection &c, const Verdict &v, std::string_view) override
    {
        // Like Zeek, a connection of a single packet has no duration and no byte counts.
        const bool single = c.totalPackets() <= 1;
        m_out << formatEpochSeconds(c.firstNs) << '\t' << c.uid() << '\t' << c.client.address.toString() << '\t'
              << c.client.port << '\t' << c.server.address.toString() << '\t' << c.server.port << '\t'
              << transportName(c.transport) << '\t' << zeekService(c) << '\t';
        if (single)
            m_out << "-\t-\t-\t";
        else
            m_out << formatSeconds(c.lastNs - c.firstNs) << '\t' << c.toServer.payloadBytes << '\t'
                  << c.toClient.payloadBytes << '\t';
        m_out << c.connState() << "\t-\t-\t" << c.missedBytes << '\t' << (c.history.empty() ? "-" : c.history) << '\t'
              << c.toServer.packets << '\t' << c.toServer.ipBytes << '\t' << c.toClient.packets << '\t'
              << c.toClient.ipBytes << "\t-\t" << verdictKindName(v.kind) << '\t' << severityName(v.severity) << '\t'
              << zeekText(v.reason.toString()) << '\n';
    }

    void end() override { m_out << "#close\t" << zeekHeaderTime() << '\n'; }

private:
    std::ostream &m_out;
};

} // namespace

std::unique_ptr<ConnectionWriter> makeZeekConnWriter(std::ostream &out)
{
    return std::make_unique<ZeekConnWriter>(out);
}

} // namespace portlens
