#include "core/detect/detection_engine.h"
#include "core/util/transport.h"

#include "core/ports/port_knowledge.h"

namespace portlens {

namespace {
constexpr std::size_t kMaxExpected = 4096;


std::string expectationKey(const IpAddress &address, std::uint16_t port)
{
    return address.toString() + "|" + std::to_string(port);
}
} // namespace

DetectionEngine::DetectionEngine(const DetectorRegistry &registry, const PortKnowledge *ports)
    : m_registry(registry)
    , m_ports(ports)
{
    if (!m_ports) return;
    for (const PortService &service : m_ports->services()) {
        if (!service.recognised() || (service.transport != transport::Tcp && service.transport != transport::Udp)) continue;
        const std::uint32_t key = transport::portKey(service.port, service.transport);
        if (m_portDetectors.contains(key)) continue;
        // lookup() names the entry isNormalFor() asks, so choose() and the order agree.
        const PortService *usual = m_ports->lookup(service.port, service.transport);
        if (!usual) continue;
        auto detectors = m_registry.detectorsFor(usual->protocols, service.transport == transport::Tcp);
        if (!detectors.empty()) m_portDetectors.emplace(key, std::move(detectors));
    }
}

std::span<const std::size_t> DetectionEngine::portDetectors(const Connection &c) const
{
    const auto found = m_portDetectors.find(transport::portKey(c.server.port, c.transport));
    return found == m_portDetectors.end() ? std::span<const std::size_t>{} : std::span<const std::size_t>(found->second);
}

void DetectionEngine::connectionStarted(Connection &c)
{
    stateOf(c);
    if (!c.isTcp() || m_expected.empty()) return;
    // A data connection goes to the address and port its control connection announced: the
    // server's (FTP passive mode) or the client's (active mode, the server connects back).
    const auto found = m_expected.find(expectationKey(c.server.address, c.server.port));
    if (found == m_expected.end()) return;
    c.relatedId = found->second.controlId;
    c.detection = found->second.announcer->announcedChannel(found->second.controlId, found->second.announcement);
    stateOf(c).runs = kMaxRuns; // decided: the transfer's bytes are file content, not a protocol
    m_expected.erase(found);
}

DetectionEngine::State &DetectionEngine::stateOf(Connection &c)
{
    if (c.observerSlot == 0) {
        if (m_freeStates.empty()) {
            m_states.emplace_back();
            c.observerSlot = static_cast<std::uint32_t>(m_states.size());
        } else {
            c.observerSlot = m_freeStates.back();
            m_freeStates.pop_back();
            m_states[c.observerSlot - 1] = State{};
        }
    }
    return m_states[c.observerSlot - 1];
}

void DetectionEngine::payloadKept(Connection &c, Direction d)
{
    const int side = static_cast<int>(d);
    const auto kept = static_cast<std::uint32_t>(c.payload.of(d).size());
    State &state = stateOf(c);
    if (state.runs < kMaxRuns) {
        // Look again when a direction speaks for the first time or has doubled since the last
        // look (a ClientHello spread over segments); small increments wait. connectionEnding
        // looks at whatever came last, so nothing is missed, and the cost per connection stays
        // small.
        const std::uint32_t before = state.detectedAtBytes[side];
        if (before == 0 || kept >= 2 * before) {
            ++state.runs;
            detectNow(c, &state);
            if (c.detection.confidence == Confidence::High) state.runs = kMaxRuns;
            state.followedUpAtBytes[side] = kept;
            registerAnnouncements(c);
            return;
        }
    }
    followUp(c, d, state);
}

void DetectionEngine::followUp(Connection &c, Direction d, State &state)
{
    // A recognised protocol that keeps announcing things (FTP's data channels) is read again by
    // its own detector alone, and only when the new bytes announce something.
    const int side = static_cast<int>(d);
    const Bytes stream = DetectionInput{c}.stream(d);
    const std::uint32_t from = state.followedUpAtBytes[side];
    state.followedUpAtBytes[side] = static_cast<std::uint32_t>(stream.size());
    if (c.detection.protocol.empty() || from >= stream.size()) return;
    const Detector *detector = m_registry.announcer(c.detection.protocol);
    if (!detector) return;
    refresh(c, *detector, [&] { return detector->followsUp(stream, from, d); });
    registerAnnouncements(c);
}

void DetectionEngine::connectionEnding(Connection &c)
{
    if (c.observerSlot != 0) {
        // The side table's entry ends with the connection; what the last look needs to know of
        // it travels in the detection: nothing arrived since detectors last looked, so their
        // answer stands.
        const State &state = m_states[c.observerSlot - 1];
        if (state.runs > 0 && state.detectedAtBytes[0] == c.payload.of(Direction::ToServer).size() &&
            state.detectedAtBytes[1] == c.payload.of(Direction::ToClient).size())
            c.detection.concluded = true;
        m_freeStates.push_back(c.observerSlot);
        c.observerSlot = 0;
    }
    if (!m_concludeLater) conclude(c);
}

void DetectionEngine::endingAll()
{
    m_concludeLater = false;
}

void DetectionEngine::conclude(Connection &c) const
{
    if (c.detection.concluded) return;
    lastLook(c);
    c.detection.concluded = true; // after lastLook, which may replace the detection
}

void DetectionEngine::lastLook(Connection &c) const
{
    const bool hasPayload = !c.payload.of(Direction::ToServer).empty() || !c.payload.of(Direction::ToClient).empty();
    if (!hasPayload || c.relatedId != 0) return; // an announced channel is decided by its announcement
    if (c.detection.confidence != Confidence::High) {
        detectNow(c); // everything kept, every detector: a weaker early guess may be beaten
        if (c.detection.confidence == Confidence::High || c.detection.protocol.empty()) return;
    }
    // Detection stopped at the first confident answer; what the dialogue said afterwards (SMTP's
    // MAIL FROM, a Telnet login prompt) is read once more, now that all kept bytes are in.
    if (const Detector *detector = m_registry.find(c.detection.protocol))
        refresh(c, *detector, [&] { return detector->refreshesAtEnd(c.detection); });
}

void DetectionEngine::detectNow(Connection &c) const { detectNow(c, nullptr); }

// The recognised protocol's detector reads the connection again when wanted() says so. Should
// it throw, the detection it made earlier stands and the failure is kept on the connection.
void DetectionEngine::refresh(Connection &c, const Detector &detector, const std::function<bool()> &wanted) const
{
    try {
        if (!wanted()) return;
        if (auto refreshed = detector.detect(DetectionInput{c}); refreshed && refreshed->protocol == c.detection.protocol)
            c.detection = std::move(*refreshed);
    } catch (const std::exception &e) {
        if (c.detectorFailure.empty()) c.detectorFailure = detectorFailure(detector, e);
    }
}

// Without state (the last look, tests): detectors that rule a connection out return nothing
// whatever more they see, so asking them again changes no answer, only costs a little.
void DetectionEngine::detectNow(Connection &c, State *state) const
{
    if (c.relatedId != 0) return; // an announced channel: its bytes are content, not a protocol
    if (state) {
        state->detectedAtBytes[0] = static_cast<std::uint32_t>(c.payload.of(Direction::ToServer).size());
        state->detectedAtBytes[1] = static_cast<std::uint32_t>(c.payload.of(Direction::ToClient).size());
    }
    auto candidates = m_registry.candidates(DetectionInput{c}, state ? &state->ruledOut : nullptr, portDetectors(c),
                                            &c.detectorFailure);
    if (candidates.empty()) return;
    c.detection = choose(std::move(candidates), c);
}

Detection DetectionEngine::choose(std::vector<Detection> candidates, const Connection &c) const
{
    // Candidates come strongest first; among the equally strong, the port's usual protocol wins.
    if (m_ports) {
        for (auto &candidate : candidates) {
            if (candidate.confidence != candidates.front().confidence) break;
            if (m_ports->isNormalFor(candidate.protocol, c.server.port, c.transport)) return std::move(candidate);
        }
    }
    return std::move(candidates.front());
}

void DetectionEngine::registerAnnouncements(const Connection &control)
{
    if (control.detection.protocol.empty()) return;
    const Detector *announcer = m_registry.announcer(control.detection.protocol);
    if (!announcer) return;
    for (Announcement &announced : announcer->announcements(control.detection)) {
        const std::string k = expectationKey(announced.address, announced.port);
        // Each announcement is registered once, even though the detector reports it again
        // every time it looks at the control connection.
        if (!m_announced.insert(k + "#" + std::to_string(control.id)).second) continue;
        if (m_expectedOrder.size() >= kMaxExpected) {
            m_expected.erase(m_expectedOrder.front());
            m_expectedOrder.pop_front();
        }
        if (m_announced.size() > 4 * kMaxExpected) m_announced.clear(); // bounded; worst case a re-link
        m_expected[k] = Expected{control.id, announcer, std::move(announced.text)};
        m_expectedOrder.push_back(k);
    }
}

} // namespace portlens
