// Reads the curated port data (resources/ports/ports.json) and its translations
// (resources/ports/notes/<lang>.json). The formats are described in resources/ports/README.md.
#include "core/ports/port_data_parsers.h"

#include <nlohmann/json.hpp>

namespace portlens::ports_detail {

namespace {

using nlohmann::json;

std::vector<std::string> strings(const json &entry, const char *field)
{
    std::vector<std::string> out;
    if (const auto found = entry.find(field); found != entry.end() && found->is_array())
        for (const auto &item : *found)
            if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

std::string text(const json &object, const char *field)
{
    const auto found = object.find(field);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

Encryption encryptionFrom(const std::string &value)
{
    if (value == "yes") return Encryption::Yes;
    if (value == "no") return Encryption::No;
    if (value == "optional") return Encryption::Optional;
    return Encryption::Unknown;
}

PortNote noteFrom(const json &entry)
{
    const json &n = entry["note"];
    PortNote note;
    note.usage = text(n, "usage");
    note.users = text(n, "users");
    note.encryption = text(n, "encryption");
    note.lookFor = strings(n, "lookFor");
    note.encrypted = encryptionFrom(text(entry, "encrypted"));
    note.related = strings(entry, "related");
    note.destinations = strings(entry, "destinations");
    return note;
}

// The translation of one text if it is still current (its source is today's English text).
void translate(const json &pair, std::string &target, long &count)
{
    if (!pair.is_object()) return;
    const std::string source = text(pair, "source");
    const std::string translation = text(pair, "translation");
    if (!translation.empty() && source == target) {
        target = translation;
        ++count;
    }
}

} // namespace

bool parseCuratedJson(std::string_view documentText, std::vector<PortService> &out, std::string &error)
{
    const auto document = json::parse(documentText, nullptr, false);
    if (document.is_discarded() || !document.is_object() || !document.contains("services") ||
        !document["services"].is_array()) {
        error = "not a PortLens port data file (expected an object with \"services\")";
        return false;
    }
    for (const auto &entry : document["services"]) {
        if (!entry.is_object()) {
            error = "a service entry is not an object: " + entry.dump();
            return false;
        }
        PortService s;
        const auto port = entry.value("port", -1);
        const std::uint8_t transport = transportFromText(text(entry, "transport"));
        if (port < 0 || port > 65535 || transport == 0) {
            error = "a service entry lacks a valid port or transport: " + entry.dump();
            return false;
        }
        s.port = static_cast<std::uint16_t>(port);
        s.transport = transport;
        s.service = text(entry, "service");
        s.title = entry.contains("title") ? text(entry, "title") : s.service;
        s.description = text(entry, "description");
        s.protocols = strings(entry, "protocols");
        if (entry.contains("note") && entry["note"].is_object()) s.note = noteFrom(entry);
        out.push_back(std::move(s));
    }
    return true;
}

long applyNotesTranslation(std::string_view documentText, std::vector<PortService> &services, std::string &error)
{
    const auto document = json::parse(documentText, nullptr, false);
    if (document.is_discarded() || !document.is_object() || !document.contains("notes") ||
        !document["notes"].is_object()) {
        error = "not a PortLens port notes translation (expected an object with \"notes\")";
        return -1;
    }
    const json &notes = document["notes"];
    long count = 0;
    for (PortService &s : services) {
        if (!s.note) continue;
        const auto found = notes.find(portKey(s.port, s.transport));
        if (found == notes.end() || !found->is_object()) continue;
        const json &t = *found;
        auto field = [&t](const char *name) -> const json & {
            static const json none;
            const auto f = t.find(name);
            return f == t.end() ? none : *f;
        };
        translate(field("title"), s.title, count);
        translate(field("description"), s.description, count);
        translate(field("usage"), s.note->usage, count);
        translate(field("users"), s.note->users, count);
        translate(field("encryption"), s.note->encryption, count);
        const json &lookFor = field("lookFor");
        if (lookFor.is_array())
            for (const json &pair : lookFor)
                for (std::string &line : s.note->lookFor) {
                    const long before = count;
                    translate(pair, line, count);
                    if (count != before) break;
                }
    }
    return count;
}

} // namespace portlens::ports_detail
