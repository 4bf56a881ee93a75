// What portlens-capture (the privileged capture helper) tells its parent on standard error:
// one tab-separated line per event, so the CLI and the GUI parse the same words.
//
//   ready      <interface> <link type> <snap length>
//   stats      <received> <dropped by kernel> <dropped by interface> <captured>
//   warning    <message>
//   error      <kind> <message>
//   end        <reason>                               (stopped, count, duration, error, output-closed)
//   interface  <name> <description> <flags> <addresses, comma-separated>     (--list-interfaces)
//
// The helper's exit code repeats the error kind (HelperExit), for scripts that ignore the text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portlens {

enum class HelperErrorKind : std::uint8_t {
    Other,
    Permission,       // no capture rights (see helperPermissionHowTo)
    NoSuchInterface,
    InterfaceDown,    // not up at the start, or went down while capturing
    InvalidFilter,
    Output,           // the capture file could not be written
};

enum HelperExit : int {
    HelperOk = 0,
    HelperFailed = 1,
    HelperUsage = 2,
    HelperNoPermission = 3,
    HelperNoSuchInterface = 4,
    HelperInterfaceDown = 5,
    HelperInvalidFilter = 6,
    HelperOutputFailed = 7,
};

const char *helperErrorKindName(HelperErrorKind kind); // "permission", "no-such-interface", ...
std::optional<HelperErrorKind> parseHelperErrorKind(std::string_view name);
HelperExit helperExitFor(HelperErrorKind kind);

struct CaptureStatistics {
    std::uint64_t received = 0;          // packets the kernel passed to the filter's socket
    std::uint64_t droppedKernel = 0;     // lost because the capture buffer was full
    std::uint64_t droppedInterface = 0;  // lost by the network interface or its driver
    std::uint64_t captured = 0;          // written to the output
};

struct HelperMessage {
    enum class Type : std::uint8_t { Ready, Stats, Warning, Error, End, Interface, Unknown };
    Type type = Type::Unknown;
    std::vector<std::string> fields; // after the type word
    CaptureStatistics stats;         // Stats
    HelperErrorKind errorKind = HelperErrorKind::Other; // Error
    std::string text;                // Warning, Error: the message; End: the reason; Unknown: the line
};

HelperMessage parseHelperLine(std::string_view line);

// Builders used by the helper (tabs and newlines in free text become spaces).
std::string helperLine(std::string_view type, const std::vector<std::string> &fields);
std::string statsLine(const CaptureStatistics &stats);

// How to get capture rights, for the permission error (marked for translation; %1 is the helper path).
const char *helperPermissionHowTo();

// Where portlens-capture is: $PORTLENS_CAPTURE_HELPER, next to the running program, or in
// ../libexec/portlens/ of its prefix (where the installer puts it). Empty when not found.
std::string findCaptureHelper();

} // namespace portlens
