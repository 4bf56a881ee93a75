// Verdict: is what a connection carries what its port normally carries, and if not, why care?
//
// Kinds (what the analyst sees first):
//   Expected           the detected protocol is the port's normal service (HTTP on 80)
//   Mismatch           a known protocol on a port that normally carries something else (SSH on 443)
//   UnexpectedContent  the port's normal protocol was not seen although there was payload
//   Unknown            payload, nothing detected, and the port has no well-known service
//   Note               expected or unremarkable, but with something worth knowing (plaintext, SSH off 22...)
//   NoPayload          nothing to judge: no payload in either direction (scans, refused connections)
// Each verdict and note carries a severity and a sentence a trainee understands. Sentences are
// English templates with %1, %2 placeholders, marked for translation (util/translatable.h).
#pragma once

#include "core/flow/connection.h"
#include "core/verdict/note.h"

#include <string>
#include <vector>

namespace portlens {

class DetectorRegistry;
class PortKnowledge;

enum class VerdictKind : std::uint8_t { Expected, Mismatch, UnexpectedContent, Unknown, Note, NoPayload };

struct Verdict {
    VerdictKind kind = VerdictKind::NoPayload;
    Severity severity = Severity::Info;
    Message reason;                  // one line: why this kind
    std::vector<VerdictNote> notes;  // everything else worth knowing, strongest first
    std::string portService;         // what the server port normally carries ("" when unknown)

    // Mismatch, unexpected content, or any warning: what "--only flagged" lists.
    [[nodiscard]] bool flagged() const
    {
        return kind == VerdictKind::Mismatch || kind == VerdictKind::UnexpectedContent || severity == Severity::Warning;
    }
};

Verdict judge(const Connection &connection, const PortKnowledge &ports);
// The same with a given registry, whose detectors write the protocols' notes; with metadataRead,
// every metadata key a note rule asked for is appended to it (tests: each is written somewhere).
Verdict judge(const Connection &connection, const PortKnowledge &ports, const DetectorRegistry &registry,
              std::vector<std::string> *metadataRead = nullptr);

const char *verdictKindName(VerdictKind kind); // "expected", "mismatch", "unexpected-content", ...

} // namespace portlens
