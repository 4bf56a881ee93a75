// What a verdict says, sentence by sentence: severities, translatable messages and notes. Kept
// apart from verdict.h so that a protocol's own file (core/detect/*_detector.cpp) can write the
// notes that only it knows how to read from its metadata.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace portlens {

enum class Severity : std::uint8_t { Info, Notice, Warning };

// A sentence: an untranslated template and its arguments.
struct Message {
    const char *text = "";
    std::vector<std::string> arguments;
    // The English sentence with the arguments filled in.
    [[nodiscard]] std::string toString() const;
};

struct VerdictNote {
    std::string code; // stable identifier for filters and tests, e.g. "ssh-off-22"
    Severity severity = Severity::Info;
    Message message;
};

const char *severityName(Severity severity); // "info", "notice", "warning"

} // namespace portlens
