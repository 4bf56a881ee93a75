#include "ports/port_knowledge.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace portlens {

extern const char kBuiltinPortsJson[]; // generated from resources/ports/ports.json

std::optional<PortKnowledge> PortKnowledge::fromJson(std::string_view json, std::string &error)
{
    const auto document = nlohmann::json::parse(json, nullptr, false);
    if (document.is_discarded() || !document.is_object() || !document.contains("services")) {
        error = "not a PortLens port data file (expected an object with \"services\")";
        return std::nullopt;
    }
    PortKnowledge knowledge;
    for (const auto &entry : document["services"]) {
        PortService s;
        const auto port = entry.value("port", -1);
        const std::string transport = entry.value("transport", "");
        if (port < 0 || port > 65535 || (transport != "tcp" && transport != "udp")) {
            error = "a service entry lacks a valid port or transport: " + entry.dump();
            return std::nullopt;
        }
        s.port = static_cast<std::uint16_t>(port);
        s.transport = transport == "tcp" ? 6 : 17;
        s.service = entry.value("service", "");
        s.title = entry.value("title", s.service);
        s.description = entry.value("description", "");
        if (entry.contains("protocols"))
            for (const auto &p : entry["protocols"]) s.protocols.push_back(p.get<std::string>());
        knowledge.m_byPort[key(s.port, s.transport)] = knowledge.m_services.size();
        knowledge.m_services.push_back(std::move(s));
    }
    return knowledge;
}

const PortKnowledge &PortKnowledge::builtin()
{
    static const PortKnowledge knowledge = [] {
        std::string error;
        auto parsed = fromJson(kBuiltinPortsJson, error);
        return parsed ? std::move(*parsed) : PortKnowledge{}; // the build's test checks it parses
    }();
    return knowledge;
}

const PortService *PortKnowledge::lookup(std::uint16_t port, std::uint8_t transport) const
{
    const auto found = m_byPort.find(key(port, transport));
    return found == m_byPort.end() ? nullptr : &m_services[found->second];
}

bool PortKnowledge::isNormalFor(std::string_view protocol, std::uint16_t port, std::uint8_t transport) const
{
    const PortService *s = lookup(port, transport);
    return s && std::find(s->protocols.begin(), s->protocols.end(), protocol) != s->protocols.end();
}

std::vector<std::uint16_t> PortKnowledge::usualPorts(std::string_view protocol, std::uint8_t transport) const
{
    std::vector<std::uint16_t> ports;
    for (const auto &s : m_services)
        if (s.transport == transport && std::find(s.protocols.begin(), s.protocols.end(), protocol) != s.protocols.end())
            ports.push_back(s.port);
    std::sort(ports.begin(), ports.end());
    return ports;
}

} // namespace portlens
