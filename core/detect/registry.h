// DetectorRegistry: every protocol detector, run cheaply over a connection's first bytes.
//
// One explicit line per detector in registry.cpp (no self-registering statics: a static library
// may drop them). Adding a protocol = one detector file + its line there + its test.
#pragma once

#include "detect/detector.h"

#include <memory>
#include <vector>

namespace portlens {

class DetectorRegistry {
public:
    // All of PortLens's detectors.
    static const DetectorRegistry &builtin();

    void add(std::unique_ptr<Detector> detector) { m_detectors.push_back(std::move(detector)); }
    [[nodiscard]] const std::vector<std::unique_ptr<Detector>> &detectors() const { return m_detectors; }

    // Every detection any detector makes on this input, strongest first.
    [[nodiscard]] std::vector<Detection> candidates(const DetectionInput &input) const;

private:
    std::vector<std::unique_ptr<Detector>> m_detectors;
};

} // namespace portlens
