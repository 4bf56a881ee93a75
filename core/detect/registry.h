// DetectorRegistry: every protocol detector, run cheaply over a connection's first bytes.
//
// The built-in list is generated from the PORTLENS_REGISTER_DETECTOR line each detector file
// ends with (core/CMakeLists.txt), and ordered by the protocols' tie ranks: adding a protocol
// edits no list here.
#pragma once

#include "core/detect/detector.h"

#include <cstdint>
#include <exception>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace portlens {

// Which detectors already ruled a connection out (Detector::ruledOut), remembered per
// connection by the detection engine so that detection runs as its payload grows skip them.
struct RuledOut {
    std::uint64_t detectors = 0; // bit i: the registry's detector i
    std::uint8_t sides = 0;      // bit d: direction d had sent bytes when the bits were set
};

class DetectorRegistry;
// Every detector file's detector, in no particular order (generated: builtin_detectors.cpp).
std::vector<std::unique_ptr<Detector>> makeBuiltinDetectors();

// "HTTP: <what>": how a connection records the detector that threw on its bytes.
std::string detectorFailure(const Detector &detector, const std::exception &e);

class DetectorRegistry {
public:
    // All of PortLens's detectors, by tie rank.
    static const DetectorRegistry &builtin();
    // These detectors, by tie rank (ProtocolIdentity::tieRank; equal ranks keep their order).
    static DetectorRegistry of(std::vector<std::unique_ptr<Detector>> detectors);

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
    // The detector whose protocol announces channels of protocol (FTP for "FTP-DATA"), or null.
    [[nodiscard]] const Detector *announcerOf(std::string_view protocol) const;
    // The display name of a detected or announced protocol ("Secure Shell", "FTP data
    // channel"); the name itself when no detector knows it.
    [[nodiscard]] std::string_view displayName(std::string_view protocol) const;
    // The detector reporting protocol if it keeps announcing things (see Detector::followsUp);
    // asked for every packet of a decided connection, so it searches a list of one or two.
    [[nodiscard]] const Detector *announcer(std::string_view protocol) const
    {
        for (const Detector *detector : m_announcers)
            if (detector->name() == protocol) return detector;
        return nullptr;
    }

    // Indices into detectors() of the detectors reporting one of protocols over this transport,
    // in registry order: a port's usual protocols as candidates() wants them (callers keep the
    // answer per port; this walks every detector).
    [[nodiscard]] std::vector<std::size_t> detectorsFor(std::span<const std::string> protocols, bool tcp) const;

    // The detections to choose from, strongest first; among the equally strong, the caller takes
    // the first one usual on the connection's port, else the first one (DetectionEngine::choose).
    // portDetectors are the detectors of the port's usual protocols (detectorsFor): they are
    // asked first, and the search ends at the first high-confidence answer, because no later
    // answer could be chosen over it (see registry.cpp). With ruledOut (kept per connection by
    // the caller), detectors it names are skipped, and those that rule the input out now are
    // added; it is cleared when a side that was silent has spoken since.
    // A detector that throws (a parser bug on hostile bytes) gives no candidate and is ruled
    // out; the first such failure is written to *failure ("HTTP: <what>") when given, so the
    // connection can say so, and the run goes on.
    [[nodiscard]] std::vector<Detection> candidates(const DetectionInput &input, RuledOut *ruledOut = nullptr,
                                                    std::span<const std::size_t> portDetectors = {},
                                                    std::string *failure = nullptr) const;

private:
    std::vector<std::unique_ptr<Detector>> m_detectors;
    // Indices into m_detectors of the detectors for each transport, in order (asked once, at add).
    std::vector<std::size_t> m_tcp;
    std::vector<std::size_t> m_udp;
    std::vector<const Detector *> m_announcers;
};

} // namespace portlens
