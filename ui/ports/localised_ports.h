// The port knowledge with the curated notes in the user's language: the core's built-in data
// plus resources/ports/notes/<language>.json when one exists for a language in
// QLocale().uiLanguages() (embedded under :/portlens/ports/notes/). English otherwise.
#pragma once

#include "core/ports/port_knowledge.h"

#include <QLocale>

namespace portlens::ui {

const PortKnowledge &localisedPortKnowledge();
// For tests and for a language switch: the knowledge for locale, built on each call.
PortKnowledge portKnowledgeFor(const QLocale &locale);

} // namespace portlens::ui
