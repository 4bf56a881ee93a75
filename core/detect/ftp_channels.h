// FTP data-channel announcements: where the next connection of an FTP session will go, read
// from the control connection's text. RFC 959: the client's "PORT h1,h2,h3,h4,p1,p2" and the
// server's "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)"; RFC 2428: "EPRT |1|addr|port|"
// (|2| for IPv6) and "229 Entering Extended Passive Mode (|||port|)".
//
// The text is untrusted: each parser reads only inside its argument and never throws; nothing
// is returned for anything it does not fully accept (a port of 0, a number past its range).
// Fuzzed directly by tests/fuzz/fuzz_ftp_channels.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portlens::ftp {

struct ChannelEndpoint {
    std::string address; // dotted IPv4, or IPv6 in its canonical form (EPRT |2|)
    unsigned port = 0;   // 1..65535
};

// The argument of a PORT command, whole ("192,0,2,10,200,10"); anything after it refuses it.
std::optional<ChannelEndpoint> portArgument(std::string_view argument);
// A 227 reply line: the first "h1,h2,h3,h4,p1,p2" after the code (usually in parentheses).
std::optional<ChannelEndpoint> passiveReply(std::string_view line);
// A 229 reply line: the port of "(<d><d><d>port<d>)", any printable non-digit delimiter d.
// The address is the control connection's server, which the reply does not repeat.
std::optional<unsigned> extendedPassiveReply(std::string_view line);
// The argument of an EPRT command: "<d>1<d>IPv4<d>port<d>" or "<d>2<d>IPv6<d>port<d>".
std::optional<ChannelEndpoint> extendedPortArgument(std::string_view argument);

} // namespace portlens::ftp
