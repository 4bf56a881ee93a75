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
        // TLS family and binary protocols
        r.add(makeTlsDetector());
        r.add(makeDtlsDetector());
        r.add(makeQuicDetector());
        r.add(makeRdpDetector());
        r.add(makeSmbDetector());
        r.add(makeNetbiosSessionDetector());
        r.add(makeKerberosDetector());
        r.add(makeLdapDetector());
        r.add(makeSnmpDetector());
        r.add(makeOpenVpnDetector());
        r.add(makeWireGuardDetector());
        r.add(makeBitTorrentDetector());
        // name services and UDP protocols
        r.add(makeDnsDetector()); // before MDNS and LLMNR: with equal confidence and no port, plain DNS wins
        r.add(makeMdnsDetector());
        r.add(makeLlmnrDetector());
        r.add(makeNetbiosUdpDetector());
        r.add(makeNtpDetector());
        r.add(makeDhcpDetector());
        r.add(makeTftpDetector());
        r.add(makeSyslogDetector());
        r.add(makeSsdpDetector());
        r.add(makeSipDetector());
        r.add(makeBgpDetector());
        r.add(makeMqttDetector());
        // text dialogues
        r.add(makeFtpDetector());
        r.add(makeSmtpDetector());
        r.add(makePop3Detector());
        r.add(makeImapDetector());
        r.add(makeTelnetDetector());
        r.add(makeIrcDetector());
        r.add(makeRtspDetector());
        return r;
    }();
    return registry;
}

const Detector *DetectorRegistry::find(std::string_view protocol) const
{
    for (const auto &detector : m_detectors)
        if (detector->name() == protocol) return detector.get();
    return nullptr;
}

std::vector<Detection> DetectorRegistry::candidates(const DetectionInput &input, RuledOut *ruledOut) const
{
    if (ruledOut) {
        const std::uint8_t sides = (input.clientData().empty() ? 0 : 1) | (input.serverData().empty() ? 0 : 2);
        if (sides != ruledOut->sides) *ruledOut = RuledOut{0, sides}; // a silent side spoke: ask everyone again
    }
    std::vector<Detection> found;
    for (const std::size_t index : input.isTcp() ? m_tcp : m_udp) {
        // Past the 64th detector nothing is remembered: those are simply always asked.
        const std::uint64_t bit = index < 64 ? std::uint64_t{1} << index : 0;
        if (ruledOut && (ruledOut->detectors & bit) != 0) continue;
        const Detector &detector = *m_detectors[index];
        if (auto detection = detector.detect(input)) {
            found.push_back(std::move(*detection));
            // Unmistakable bytes end the search: the rest could only tie, and most connections
            // are decided by the first few detectors (the list starts with the common protocols).
            if (found.back().confidence == Confidence::High && !detector.hasLookAlikes()) break;
        } else if (ruledOut && bit != 0 && detector.ruledOut(input)) {
            ruledOut->detectors |= bit;
        }
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Detection &a, const Detection &b) { return a.confidence > b.confidence; });
    return found;
}

} // namespace portlens
