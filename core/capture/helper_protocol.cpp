#include "core/capture/helper_protocol.h"

#include "core/util/translatable.h"

#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <filesystem>

namespace portlens {

namespace {

struct KindName {
    HelperErrorKind kind;
    const char *name;
};
constexpr std::array<KindName, 6> kKindNames{{
    {HelperErrorKind::Other, "other"},
    {HelperErrorKind::Permission, "permission"},
    {HelperErrorKind::NoSuchInterface, "no-such-interface"},
    {HelperErrorKind::InterfaceDown, "interface-down"},
    {HelperErrorKind::InvalidFilter, "invalid-filter"},
    {HelperErrorKind::Output, "output"},
}};

std::uint64_t number(const std::vector<std::string> &fields, std::size_t i)
{
    std::uint64_t value = 0;
    if (i < fields.size()) std::from_chars(fields[i].data(), fields[i].data() + fields[i].size(), value);
    return value;
}

std::string cleaned(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return out;
}

} // namespace

const char *helperErrorKindName(HelperErrorKind kind)
{
    for (const auto &entry : kKindNames)
        if (entry.kind == kind) return entry.name;
    return "other";
}

std::optional<HelperErrorKind> parseHelperErrorKind(std::string_view name)
{
    for (const auto &entry : kKindNames)
        if (name == entry.name) return entry.kind;
    return std::nullopt;
}

HelperExit helperExitFor(HelperErrorKind kind)
{
    switch (kind) {
    case HelperErrorKind::Permission: return HelperNoPermission;
    case HelperErrorKind::NoSuchInterface: return HelperNoSuchInterface;
    case HelperErrorKind::InterfaceDown: return HelperInterfaceDown;
    case HelperErrorKind::InvalidFilter: return HelperInvalidFilter;
    case HelperErrorKind::Output: return HelperOutputFailed;
    case HelperErrorKind::Other: break;
    }
    return HelperFailed;
}

HelperMessage parseHelperLine(std::string_view line)
{
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    HelperMessage message;
    std::vector<std::string> words;
    std::size_t start = 0;
    while (true) {
        const auto tab = line.find('\t', start);
        words.emplace_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    const std::string type = words.front();
    message.fields.assign(words.begin() + 1, words.end());
    const auto &f = message.fields;
    if (type == "ready" && f.size() >= 3) {
        message.type = HelperMessage::Type::Ready;
    } else if (type == "stats" && f.size() >= 4) {
        message.type = HelperMessage::Type::Stats;
        message.stats = {number(f, 0), number(f, 1), number(f, 2), number(f, 3)};
    } else if (type == "warning" && !f.empty()) {
        message.type = HelperMessage::Type::Warning;
        message.text = f[0];
    } else if (type == "error" && f.size() >= 2) {
        message.type = HelperMessage::Type::Error;
        message.errorKind = parseHelperErrorKind(f[0]).value_or(HelperErrorKind::Other);
        message.text = f[1];
    } else if (type == "end" && !f.empty()) {
        message.type = HelperMessage::Type::End;
        message.text = f[0];
    } else if (type == "interface" && f.size() >= 4) {
        message.type = HelperMessage::Type::Interface;
    } else {
        message.text = std::string(line);
    }
    return message;
}

std::string helperLine(std::string_view type, const std::vector<std::string> &fields)
{
    std::string line(type);
    for (const std::string &field : fields) line += '\t' + cleaned(field);
    line += '\n';
    return line;
}

std::string statsLine(const CaptureStatistics &stats)
{
    return helperLine("stats", {std::to_string(stats.received), std::to_string(stats.droppedKernel),
                                std::to_string(stats.droppedInterface), std::to_string(stats.captured)});
}

const char *helperPermissionHowTo()
{
    return QT_TRANSLATE_NOOP(
        "CaptureHelper",
        "Capturing needs the CAP_NET_RAW and CAP_NET_ADMIN capabilities, given only to the small helper %1, never to "
        "PortLens itself. Either join the group the installer allows to capture (sudo usermod -aG portlens $USER, "
        "then log in again), or grant the helper the capabilities (sudo setcap cap_net_raw,cap_net_admin=eip %1), "
        "or run the helper as root (sudo %1 ...).");
}

std::string findCaptureHelper()
{
    namespace fs = std::filesystem;
    // NOLINTNEXTLINE(concurrency-mt-unsafe): PortLens never changes its environment, so no setenv() can race
    if (const char *fromEnvironment = std::getenv("PORTLENS_CAPTURE_HELPER"); fromEnvironment && *fromEnvironment)
        return fromEnvironment;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    for (const fs::path &candidate : {self.parent_path() / "portlens-capture",
                                      self.parent_path().parent_path() / "libexec/portlens/portlens-capture"}) {
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    return {};
}

} // namespace portlens
