#include "core/ports/port_json.h"

#include <nlohmann/json.hpp>

namespace portlens {

std::string encryptionName(Encryption encryption)
{
    switch (encryption) {
    case Encryption::Yes: return "yes";
    case Encryption::No: return "no";
    case Encryption::Optional: return "optional";
    case Encryption::Unknown: break;
    }
    return "unknown";
}

std::string portMatchesJson(std::string_view query, const std::vector<PortMatch> &matches, int indent)
{
    nlohmann::json list = nlohmann::json::array();
    for (const PortMatch &m : matches) {
        const PortService &s = *m.service;
        nlohmann::json entry = {{"port", s.port},
                                {"transport", std::string(transportText(s.transport))},
                                {"service", s.service},
                                {"title", s.name()},
                                {"description", s.description},
                                {"protocols", s.protocols},
                                {"curated", s.curated()},
                                {"exact", m.exact}};
        if (s.note) {
            const PortNote &n = *s.note;
            entry["encrypted"] = encryptionName(n.encrypted);
            entry["related"] = n.related;
            entry["destinations"] = n.destinations;
            entry["note"] = {{"usage", n.usage}, {"users", n.users}, {"encryption", n.encryption}, {"lookFor", n.lookFor}};
        }
        list.push_back(std::move(entry));
    }
    const nlohmann::json document = {{"query", std::string(query)}, {"matches", std::move(list)}};
    // Replace, not throw, on invalid UTF-8 in what the user typed.
    return document.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace portlens
