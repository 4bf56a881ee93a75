// Telnet (RFC 854, RFC 855): both sides open by negotiating options with IAC (0xFF) commands:
// IAC WILL/WONT/DO/DONT <option> (FF FB/FC/FD/FE xx) and subnegotiations IAC SB <option> ...
// IAC SE (FF FA xx ... FF F0). A Telnet server that sends no negotiation at all (a bare login
// prompt) cannot be told from any other text by its bytes; that one is left to the port.
#include "core/detect/detector.h"
#include "core/util/translatable.h"
#include "core/detect/text_lines.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace portlens {

namespace {

using text::containsNoCase;

constexpr std::uint8_t kIac = 0xFF;
constexpr std::uint8_t kSe = 0xF0;
constexpr std::uint8_t kSb = 0xFA;
constexpr std::size_t kScan = 512;        // negotiation happens in the first few hundred bytes
constexpr std::size_t kTextBefore = 64;   // at most this much plain text before the first command
constexpr std::size_t kMaxSubnegotiation = 256;

// Options registered with IANA (0-49, 138-140) and EXOPL (255): anything else is not Telnet.
bool knownOption(std::uint8_t option) { return option <= 49 || (option >= 138 && option <= 140) || option == 255; }

std::string optionName(std::uint8_t option)
{
    switch (option) {
    case 0: return "BINARY";
    case 1: return "ECHO";
    case 3: return "SUPPRESS-GO-AHEAD";
    case 5: return "STATUS";
    case 6: return "TIMING-MARK";
    case 24: return "TERMINAL-TYPE";
    case 31: return "NAWS";
    case 32: return "TERMINAL-SPEED";
    case 33: return "TOGGLE-FLOW-CONTROL";
    case 34: return "LINEMODE";
    case 35: return "X-DISPLAY-LOCATION";
    case 36: return "ENVIRON";
    case 37: return "AUTHENTICATION";
    case 38: return "ENCRYPT";
    case 39: return "NEW-ENVIRON";
    case 42: return "CHARSET";
    case 44: return "COM-PORT-OPTION";
    case 46: return "START-TLS";
    case 255: return "EXOPL";
    default: return "OPTION-" + std::to_string(option);
    }
}

std::string_view verbName(std::uint8_t command)
{
    switch (command) {
    case 0xFB: return "WILL";
    case 0xFC: return "WONT";
    case 0xFD: return "DO";
    case 0xFE: return "DONT";
    default: return "SB";
    }
}

// Plain text a Telnet side may send before negotiating (a banner): printable, CR, LF, tab, NUL.
bool textByte(std::uint8_t b) { return (b >= 0x20 && b <= 0x7e) || b == '\r' || b == '\n' || b == '\t' || b == 0; }

struct Negotiation {
    std::size_t commands = 0;   // well-formed option commands (WILL/WONT/DO/DONT/SB..SE)
    std::size_t first = 0;      // offset of the first one
    std::size_t end = 0;        // just past the last one
    std::vector<std::uint8_t> options;
    std::string firstCommand;   // "IAC DO TERMINAL-TYPE", for the sentence
};

// Walks the start of one direction and counts the well-formed IAC commands before the first
// malformed one. Plain text before the first command must be a short printable banner.
Negotiation negotiation(Bytes data)
{
    Negotiation n;
    ByteReader r(data.first(std::min(data.size(), kScan)));
    while (!r.empty()) {
        const std::size_t at = r.consumed();
        const auto b = r.readU8();
        if (!b) break;
        if (*b != kIac) {
            if (n.commands == 0 && (at >= kTextBefore || !textByte(*b))) break;
            continue;
        }
        const auto command = r.readU8();
        if (!command) break; // cut
        if (*command == kIac) { // an escaped 0xFF data byte
            if (n.commands == 0) break;
            continue;
        }
        if (*command >= 0xF1 && *command <= 0xF9) continue; // NOP, DM, BRK, IP, AO, AYT, EC, EL, GA
        if (*command < kSb) break;                           // SE without SB, or not a command at all
        const auto option = r.readU8();
        if (!option || !knownOption(*option)) break;
        if (*command == kSb) {
            // IAC SB option ... IAC SE, with IAC IAC for a 0xFF inside.
            bool closed = false;
            for (std::size_t i = 0; i < kMaxSubnegotiation && !r.empty() && !closed; ++i) {
                const auto x = r.readU8();
                if (x != kIac) continue;
                const auto y = r.readU8();
                if (!y || (*y != kSe && *y != kIac)) break;
                closed = *y == kSe;
            }
            if (!closed) break;
        }
        if (n.commands == 0) {
            n.first = at;
            n.firstCommand = "IAC " + std::string(verbName(*command)) + " " + optionName(*option);
        }
        ++n.commands;
        n.end = r.consumed();
        if (std::find(n.options.begin(), n.options.end(), *option) == n.options.end()) n.options.push_back(*option);
    }
    return n;
}

constexpr ProtocolIdentity kTelnetIdentity{
    .name = "Telnet", .displayName = "Telnet", .tcp = true, .udp = false, .tieRank = 310};

class TelnetDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return kTelnetIdentity; }

    void notes(const NoteContext &context) const override
    {
        context.note("plaintext-telnet", Severity::Warning,
                     QT_TRANSLATE_NOOP("Verdict", "Telnet sends logins and everything typed in clear text; SSH replaced it"));
    }

    std::optional<Detection> detect(const DetectionInput &input) const override
    {
        const Bytes serverBytes = input.serverData();
        const Bytes clientBytes = input.clientData();
        // Reject fast: an IAC byte within the first bytes of one side.
        if (!hasIacNearStart(serverBytes) && !hasIacNearStart(clientBytes)) return std::nullopt;

        const Negotiation server = negotiation(serverBytes);
        const Negotiation client = negotiation(clientBytes);
        const std::size_t total = server.commands + client.commands;
        if (total == 0) return std::nullopt;

        Detection d;
        d.protocol = "Telnet";
        if (server.commands > 0 && client.commands > 0 && total >= 2) d.confidence = Confidence::High;
        else if (total >= 2) d.confidence = Confidence::Medium;
        else if ((server.commands == 1 && server.first == 0) || (client.commands == 1 && client.first == 0))
            d.confidence = Confidence::Low; // a single command, but at the very start
        else return std::nullopt;

        // The server usually asks first: show its negotiation unless the client's says more.
        const bool fromServer = server.commands > 0 && (server.commands >= 2 || client.commands < 2);
        const Negotiation &shown = fromServer ? server : client;
        std::string sentence = "Telnet option negotiation (" + std::to_string(shown.commands) + " IAC command" +
                               (shown.commands == 1 ? "" : "s") + ", starting with " + shown.firstCommand + ") " +
                               (shown.first == 0 ? "at the start" : "near the start") + " of the " +
                               (fromServer ? "server's" : "client's") + " data";
        if (d.confidence == Confidence::High) sentence += std::string(", and the ") + (fromServer ? "client" : "server") + " negotiates too";
        d.evidence = {fromServer ? Direction::ToClient : Direction::ToServer, static_cast<std::uint32_t>(shown.first),
                      static_cast<std::uint32_t>(shown.end - shown.first), sentence};

        std::vector<std::uint8_t> options = server.options;
        for (std::uint8_t o : client.options)
            if (std::find(options.begin(), options.end(), o) == options.end()) options.push_back(o);
        std::string names;
        for (std::uint8_t o : options) names += (names.empty() ? "" : ",") + optionName(o);
        d.add("telnet.options", names);
        if (containsNoCase(asText(serverBytes), "login:")) d.add("telnet.login_prompt", "yes");
        return d;
    }

private:
    static bool hasIacNearStart(Bytes data)
    {
        ByteReader r(data.first(std::min(data.size(), kTextBefore + 1)));
        while (const auto b = r.readU8())
            if (*b == kIac) return true;
        return false;
    }
};

} // namespace

PORTLENS_REGISTER_DETECTOR(TelnetDetector)

} // namespace portlens
