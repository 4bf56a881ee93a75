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

std::vector<Detection> DetectorRegistry::candidates(const DetectionInput &input) const
{
    std::vector<Detection> found;
    for (const auto &detector : m_detectors) {
        if (input.isTcp() ? !detector->handlesTcp() : !detector->handlesUdp()) continue;
        if (auto detection = detector->detect(input)) {
            found.push_back(std::move(*detection));
            // Unmistakable bytes end the search: the rest could only tie, and most connections
            // are decided by the first few detectors (the list starts with the common protocols).
            if (found.back().confidence == Confidence::High && !detector->hasLookAlikes()) break;
        }
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Detection &a, const Detection &b) { return a.confidence > b.confidence; });
    return found;
}

} // namespace portlens
