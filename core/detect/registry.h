// DetectorRegistry: every protocol detector, run cheaply over a connection's first bytes.
//
// One explicit line per detector in registry.cpp (no self-registering statics: a static library
// may drop them). Adding a protocol = one detector file + its line there + its test.
#pragma once

#include "detect/detector.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace portlens {

class DetectorRegistry {
public:
    // All of PortLens's detectors.
    static const DetectorRegistry &builtin();

    void add(std::unique_ptr<Detector> detector)
    {
        if (detector->keepsAnnouncing()) m_announcers.push_back(detector.get());
        if (detector->handlesTcp()) m_tcp.push_back(m_detectors.size());
        if (detector->handlesUdp()) m_udp.push_back(m_detectors.size());
        m_detectors.push_back(std::move(detector));
    }
    [[nodiscard]] const std::vector<std::unique_ptr<Detector>> &detectors() const { return m_detectors; }
    // The detector reporting protocol, or null.
    [[nodiscard]] const Detector *find(std::string_view protocol) const;
    // The detector reporting protocol if it keeps announcing things (see Detector::followsUp);
    // asked for every packet of a decided connection, so it searches a list of one or two.
    [[nodiscard]] const Detector *announcer(std::string_view protocol) const
    {
        for (const Detector *detector : m_announcers)
            if (detector->name() == protocol) return detector;
        return nullptr;
    }

    // Every detection any detector makes on this input, strongest first. With ruledOut (kept per
    // connection by the caller), detectors it names are skipped, and those that rule the input
    // out now are added; it is cleared when a side that was silent has spoken since.
    [[nodiscard]] std::vector<Detection> candidates(const DetectionInput &input, RuledOut *ruledOut = nullptr) const;

private:
    std::vector<std::unique_ptr<Detector>> m_detectors;
    // Indices into m_detectors of the detectors for each transport, in order (asked once, at add).
    std::vector<std::size_t> m_tcp;
    std::vector<std::size_t> m_udp;
    std::vector<const Detector *> m_announcers;
};

} // namespace portlens
