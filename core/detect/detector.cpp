#include "core/detect/detector.h"

#include "core/ports/port_knowledge.h"

namespace portlens {

std::string NoteContext::meta(std::string_view key) const
{
    if (m_metadataRead) m_metadataRead->emplace_back(key);
    const std::string *value = connection.detection.find(key);
    return value ? *value : std::string();
}

bool NoteContext::sentToUsualDestination() const
{
    return m_ports.isUsualDestination(connection.detection.protocol, connection.server.address);
}

void NoteContext::note(const char *code, Severity severity, const char *text, std::vector<std::string> arguments) const
{
    m_notes.push_back({code, severity, Message{text, std::move(arguments)}});
}

} // namespace portlens
