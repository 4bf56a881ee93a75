// Verdicts in the user's language: the core writes English templates marked with
// QT_TRANSLATE_NOOP("Verdict", ...); here they are translated and their %1, %2 filled in.
#pragma once

#include "core/verdict/verdict.h"

#include <QString>

namespace portlens::ui {

QString translatedMessage(const Message &message);
QString verdictKindText(VerdictKind kind);   // "mismatch", "unexpected content", ...
QString severityText(Severity severity);
QString transportText(std::uint8_t transport); // "TCP", "UDP"

} // namespace portlens::ui
