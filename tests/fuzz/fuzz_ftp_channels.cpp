// The FTP data-channel parsers (core/detect/ftp_channels.h: PORT, EPRT, 227, 229) on arbitrary
// text, then the same text end to end through the FTP detector. Byte 0 says where the text goes
// in the dialogue (PORT argument, EPRT argument, 227 reply, 229 reply); the rest is the text.
//
// Besides crashes it checks two properties, and aborts (a finding) when one fails:
// - what a parser accepts, written back in the protocol's own form, parses to the same thing;
// - the detector announces exactly the channel the parser found in that line (the "ftp.data"
//   metadata it writes is what announcements() reads back), and nothing when the parser refuses.
#include "core/detect/detection_engine.h"
#include "core/detect/ftp_channels.h"
#include "core/detect/registry.h"
#include "core/detect/text_lines.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace portlens;

namespace {

void check(bool holds, const char *what)
{
    if (holds) return;
    std::fprintf(stderr, "fuzz_ftp_channels: property broken: %s\n", what);
    std::abort();
}

// "a.b.c.d" and port back to RFC 959's "a,b,c,d,p1,p2".
std::string hostPortText(const ftp::ChannelEndpoint &ep)
{
    std::string out = ep.address;
    for (char &c : out)
        if (c == '.') c = ',';
    return out + "," + std::to_string(ep.port / 256) + "," + std::to_string(ep.port % 256);
}

bool same(const std::optional<ftp::ChannelEndpoint> &a, const ftp::ChannelEndpoint &b)
{
    return a && a->address == b.address && a->port == b.port;
}

void roundTrips(std::string_view text)
{
    if (const auto ep = ftp::portArgument(text)) {
        check(ep->port >= 1 && ep->port <= 65535, "PORT port in 1..65535");
        check(IpAddress::parse(ep->address).has_value() && IpAddress::parse(ep->address)->isV4(), "PORT address is IPv4");
        check(same(ftp::portArgument(hostPortText(*ep)), *ep), "PORT written back parses the same");
    }
    if (const auto ep = ftp::passiveReply(text)) {
        check(ep->port >= 1 && ep->port <= 65535, "227 port in 1..65535");
        check(same(ftp::passiveReply("227 Entering Passive Mode (" + hostPortText(*ep) + ")"), *ep),
              "227 written back parses the same");
    }
    if (const auto port = ftp::extendedPassiveReply(text)) {
        check(*port >= 1 && *port <= 65535, "229 port in 1..65535");
        check(ftp::extendedPassiveReply("229 Entering Extended Passive Mode (|||" + std::to_string(*port) + "|)") == port,
              "229 written back parses the same");
    }
    if (const auto ep = ftp::extendedPortArgument(text)) {
        check(ep->port >= 1 && ep->port <= 65535, "EPRT port in 1..65535");
        const auto address = IpAddress::parse(ep->address);
        check(address.has_value(), "EPRT address parses");
        const std::string back = std::string(address->isV4() ? "|1|" : "|2|") + ep->address + "|" + std::to_string(ep->port) + "|";
        check(same(ftp::extendedPortArgument(back), *ep), "EPRT written back parses the same");
    }
}

void endToEnd(unsigned where, std::string_view text)
{
    // The detector stops reading a side at its first unprintable line; such text announces nothing
    // by design, so the property is only asked of printable text.
    if (!text::isPrintable(text)) return;
    static const Detector *ftpDetector = DetectorRegistry::builtin().find("FTP");
    check(ftpDetector != nullptr, "the registry has an FTP detector");

    Connection c;
    c.id = 1;
    c.transport = 6;
    c.client = {*IpAddress::parse("192.0.2.10"), 51000};
    c.server = {*IpAddress::parse("198.51.100.20"), 21};
    std::string client = "USER anonymous\r\n";
    std::string server = "220 FTP server ready\r\n331 Password required\r\n";
    std::optional<ftp::ChannelEndpoint> expected;
    const std::string argument(text);
    switch (where) {
    case 0:
        client += "PORT " + argument + "\r\n";
        expected = ftp::portArgument(text::argumentOf("PORT " + argument));
        break;
    case 1:
        client += "EPRT " + argument + "\r\n";
        expected = ftp::extendedPortArgument(text::argumentOf("EPRT " + argument));
        break;
    case 2:
        client += "PASV\r\n";
        server += "227 " + argument + "\r\n";
        expected = ftp::passiveReply("227 " + argument);
        if (expected && expected->address == "0.0.0.0") expected->address = c.server.address.toString();
        break;
    default:
        client += "EPSV\r\n";
        server += "229 " + argument + "\r\n";
        if (const auto port = ftp::extendedPassiveReply("229 " + argument))
            expected = ftp::ChannelEndpoint{c.server.address.toString(), *port};
        break;
    }
    for (const auto &[d, bytes] : {std::pair{Direction::ToServer, &client}, std::pair{Direction::ToClient, &server}}) {
        auto &kept = c.payload.bytes[static_cast<int>(d)];
        c.payload.chunks.push_back({d, 0, static_cast<std::uint32_t>(bytes->size())});
        for (char ch : *bytes) kept.push_back(static_cast<std::byte>(static_cast<unsigned char>(ch)));
    }
    const auto detection = ftpDetector->detect(DetectionInput{c});
    check(detection.has_value() && detection->protocol == "FTP", "a USER command after a 220 greeting is FTP");
    const auto announced = ftpDetector->announcements(*detection);
    if (!expected) {
        check(announced.empty(), "nothing announced where the parser found nothing");
        return;
    }
    check(announced.size() == 1, "exactly the one channel the parser found is announced");
    check(announced[0].address == *IpAddress::parse(expected->address) && announced[0].port == expected->port,
          "the announced channel is the parser's");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1) return 0;
    const std::string_view text(reinterpret_cast<const char *>(data + 1), size - 1);
    roundTrips(text);
    endToEnd(data[0] & 3u, text);
    return 0;
}
