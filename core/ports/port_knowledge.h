// PortKnowledge: what normally runs on a port, from PortLens's port data file
// (resources/ports/ports.json, compiled into the program). The verdict engine's idea of
// "the port's normal service" and the port reference pane read the same data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portlens {

struct PortService {
    std::uint16_t port = 0;
    std::uint8_t transport = 0;           // 6 TCP, 17 UDP
    std::string service;                  // registry service name, e.g. "ssh"
    std::string title;                    // what people call it, e.g. "SSH"
    std::string description;
    std::vector<std::string> protocols;   // detector names normal on this port, e.g. {"SSH"}
};

class PortKnowledge {
public:
    // The data compiled into PortLens.
    static const PortKnowledge &builtin();
    // Parses the port data format; on failure returns nothing and sets error.
    static std::optional<PortKnowledge> fromJson(std::string_view json, std::string &error);

    [[nodiscard]] const PortService *lookup(std::uint16_t port, std::uint8_t transport) const;
    // Is protocol one of the port's normal protocols?
    [[nodiscard]] bool isNormalFor(std::string_view protocol, std::uint16_t port, std::uint8_t transport) const;
    // The ports where protocol normally runs, ascending (for explanations: "SSH normally uses 22").
    [[nodiscard]] std::vector<std::uint16_t> usualPorts(std::string_view protocol, std::uint8_t transport) const;
    [[nodiscard]] const std::vector<PortService> &services() const { return m_services; }

private:
    static std::uint32_t key(std::uint16_t port, std::uint8_t transport) { return std::uint32_t{port} << 8 | transport; }
    std::vector<PortService> m_services;
    std::unordered_map<std::uint32_t, std::size_t> m_byPort;
};

} // namespace portlens
