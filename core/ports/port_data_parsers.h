// Parsers for the two port data files, used by PortKnowledge (see port_knowledge.h for the files).
// Internal to core/ports.
#pragma once

#include "core/ports/port_knowledge.h"

#include <string>
#include <string_view>
#include <vector>

namespace portlens::ports_detail {

// resources/ports/iana-services.tsv: "port<TAB>transport<TAB>service<TAB>description" lines, '#'
// comments. Rows with a bad port or an unknown transport are skipped and counted in `skipped`.
std::vector<PortService> parseRegistryTsv(std::string_view tsv, std::size_t &skipped);

// resources/ports/ports.json ("portlens-ports/1" or "/2"). False with error on a malformed file.
bool parseCuratedJson(std::string_view documentText, std::vector<PortService> &out, std::string &error);

// resources/ports/notes/<lang>.json applied to curated entries; returns the number of texts
// translated, or -1 with error.
long applyNotesTranslation(std::string_view documentText, std::vector<PortService> &services, std::string &error);

} // namespace portlens::ports_detail
