#include "detect/registry.h"

#include "detect/detectors.h"

#include <algorithm>

namespace portlens {

const DetectorRegistry &DetectorRegistry::builtin()
{
    static const DetectorRegistry registry = [] {
        DetectorRegistry r;
        // Order matters only for equal confidence with no port to break the tie.
        r.add(makeSshDetector());
        r.add(makeHttpDetector());
        // batch A (binary, TLS family)
        // batch B (name services, UDP)
        // batch C (text dialogues)
        return r;
    }();
    return registry;
}

std::vector<Detection> DetectorRegistry::candidates(const DetectionInput &input) const
{
    std::vector<Detection> found;
    for (const auto &detector : m_detectors) {
        if (input.isTcp() ? !detector->handlesTcp() : !detector->handlesUdp()) continue;
        if (auto detection = detector->detect(input)) found.push_back(std::move(*detection));
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Detection &a, const Detection &b) { return a.confidence > b.confidence; });
    return found;
}

} // namespace portlens
