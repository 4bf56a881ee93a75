#include "core/detect/registry.h"


#include <algorithm>

namespace portlens {

const DetectorRegistry &DetectorRegistry::builtin()
{
    static const DetectorRegistry registry = of(makeBuiltinDetectors());
    return registry;
}

DetectorRegistry DetectorRegistry::of(std::vector<std::unique_ptr<Detector>> detectors)
{
    // The rank matters only for equal confidence with no port to break the tie.
    std::stable_sort(detectors.begin(), detectors.end(), [](const auto &a, const auto &b) {
        return a->identity().tieRank < b->identity().tieRank;
    });
    DetectorRegistry registry;
    for (auto &detector : detectors) registry.add(std::move(detector));
    return registry;
}

const Detector *DetectorRegistry::find(std::string_view protocol) const
{
    for (const auto &detector : m_detectors)
        if (detector->name() == protocol) return detector.get();
    return nullptr;
}

const Detector *DetectorRegistry::announcerOf(std::string_view protocol) const
{
    for (const Detector *detector : m_announcers)
        for (const AnnouncedProtocol &announced : detector->identity().announces)
            if (announced.name == protocol) return detector;
    return nullptr;
}

std::string_view DetectorRegistry::displayName(std::string_view protocol) const
{
    if (const Detector *detector = find(protocol)) return detector->identity().displayName;
    if (const Detector *announcer = announcerOf(protocol))
        for (const AnnouncedProtocol &announced : announcer->identity().announces)
            if (announced.name == protocol) return announced.displayName;
    return protocol;
}

std::vector<std::size_t> DetectorRegistry::detectorsFor(std::span<const std::string> protocols, bool tcp) const
{
    std::vector<std::size_t> indices;
    for (const std::size_t index : tcp ? m_tcp : m_udp)
        if (std::find(protocols.begin(), protocols.end(), m_detectors[index]->name()) != protocols.end())
            indices.push_back(index);
    return indices;
}

// Why asking the port's detectors first and stopping at the first High answer changes nothing
// the caller chooses, except where two detectors claim the same bytes with High confidence:
// the caller takes, among the strongest, the first answer usual on the port, else the first
// answer (found keeps asking order among equals). A detector reports its own name() as the
// protocol, so the answers usual on the port come exactly from portDetectors, and those are
// asked before all others. Let H be the first High answer. If H came from a port detector, it is
// the first usual High answer: chosen, whatever follows. If not, every port detector has already
// answered below High, so no usual High answer can follow, and the first High answer, H, is
// chosen. Either way later detectors cannot change the choice, look-alikes (DNS, mDNS and LLMNR
// share a wire format) included: on 5353 the mDNS detector is asked before DNS.
// Compared with plain registry order: when nothing answers High, the same detectors are asked
// and the port's answers only move ahead of others, so the same one is chosen (port detectors
// keep their order among themselves, and so do the rest). When a detector earlier in the
// registry and the port's detector both answer High, plain order stopped at the earlier one and
// never heard the port's; now the port's wins, which is the tie-break choose() means to apply.
std::string detectorFailure(const Detector &detector, const std::exception &e)
{
    return std::string(detector.name()) + ": " + e.what();
}

std::vector<Detection> DetectorRegistry::candidates(const DetectionInput &input, RuledOut *ruledOut,
                                                    std::span<const std::size_t> portDetectors,
                                                    std::string *failure) const
{
    if (ruledOut) {
        const std::uint8_t sides = (input.clientData().empty() ? 0 : 1) | (input.serverData().empty() ? 0 : 2);
        if (sides != ruledOut->sides) *ruledOut = RuledOut{0, sides}; // a silent side spoke: ask everyone again
    }
    std::vector<Detection> found;
    // Asks one detector; true when its answer ends the search.
    const auto ask = [&](std::size_t index) {
        // Past the 64th detector nothing is remembered: those are simply always asked.
        const std::uint64_t bit = index < 64 ? std::uint64_t{1} << index : 0;
        if (ruledOut && (ruledOut->detectors & bit) != 0) return false;
        const Detector &detector = *m_detectors[index];
        try {
            if (auto detection = detector.detect(input)) {
                found.push_back(std::move(*detection));
                return found.back().confidence == Confidence::High;
            }
            if (ruledOut && bit != 0 && detector.ruledOut(input)) ruledOut->detectors |= bit;
        } catch (const std::exception &e) {
            if (ruledOut) ruledOut->detectors |= bit;
            if (failure && failure->empty()) *failure = detectorFailure(detector, e);
        }
        return false;
    };
    [&] {
        for (const std::size_t index : portDetectors)
            if (ask(index)) return;
        for (const std::size_t index : input.isTcp() ? m_tcp : m_udp)
            if (std::find(portDetectors.begin(), portDetectors.end(), index) == portDetectors.end() && ask(index))
                return;
    }();
    std::stable_sort(found.begin(), found.end(),
                     [](const Detection &a, const Detection &b) { return a.confidence > b.confidence; });
    return found;
}

} // namespace portlens
