// The order in which the registry asks detectors (registry.cpp, DetectionEngine::detectNow):
// the detectors of the port's usual protocols first, and the search ends at the first High
// answer, because no later answer could be chosen over it. Stand-in detectors that answer
// whatever they are told and count how often they are asked keep the bytes out of it.
#include "detector_test_support.h"
#include "registered_tests.h"

#include <memory>
#include <optional>
#include <thread>

using namespace portlens;
using namespace portlens::test;

namespace {

class CountingDetector final : public Detector {
public:
    CountingDetector(std::string name, std::optional<Confidence> answer, bool udp, int &calls)
        : m_name(std::move(name))
        , m_identity{.name = m_name, .displayName = m_name, .tcp = !udp, .udp = udp}
        , m_answer(answer)
        , m_calls(calls)
    {
    }
    const ProtocolIdentity &identity() const override { return m_identity; }
    std::optional<Detection> detect(const DetectionInput & /*input*/) const override
    {
        ++m_calls;
        if (!m_answer) return std::nullopt;
        Detection d;
        d.protocol = m_name;
        d.confidence = *m_answer;
        return d;
    }

private:
    std::string m_name;
    ProtocolIdentity m_identity;
    std::optional<Confidence> m_answer;
    int &m_calls;
};

struct Asked {
    int first = 0;
    int second = 0;
    int third = 0;
    int fourth = 0;
};

// What the engine, with the built-in port data, decides for one connection.
std::string decide(const DetectorRegistry &registry, Connection c)
{
    DetectionEngine engine(registry, &PortKnowledge::builtin());
    engine.detectNow(c);
    return c.detection.protocol;
}

} // namespace

class TestDetectionOrder : public QObject {
    Q_OBJECT

private slots:
    void portDetectorAnsweringHighEndsTheSearch()
    {
        Asked asked;
        DetectorRegistry registry;
        registry.add(std::make_unique<CountingDetector>("SSH", Confidence::High, false, asked.first));
        registry.add(std::make_unique<CountingDetector>("HTTP", Confidence::High, false, asked.second));

        // Both claim the bytes; on 80/tcp HTTP is asked first, wins, and SSH is not asked at all.
        QCOMPARE(decide(registry, tcp(80, {fromClient("x")})), std::string("HTTP"));
        QCOMPARE(asked.first, 0);
        QCOMPARE(asked.second, 1);

        asked = {};
        QCOMPARE(decide(registry, tcp(22, {fromClient("x")})), std::string("SSH"));
        QCOMPARE(asked.first, 1);
        QCOMPARE(asked.second, 0);

        // No usual protocol on the port: registry order, and the first High answer ends it.
        asked = {};
        QCOMPARE(decide(registry, tcp(40001, {fromClient("x")})), std::string("SSH"));
        QCOMPARE(asked.first, 1);
        QCOMPARE(asked.second, 0);
    }

    void weakerPortAnswerLetsTheOthersSpeak()
    {
        Asked asked;
        DetectorRegistry registry;
        registry.add(std::make_unique<CountingDetector>("SSH", Confidence::High, false, asked.first));
        registry.add(std::make_unique<CountingDetector>("HTTP", Confidence::Medium, false, asked.second));

        // The port's detector is asked first but is only Medium: the rest are still asked, and
        // the stronger answer wins, as before.
        QCOMPARE(decide(registry, tcp(80, {fromClient("x")})), std::string("SSH"));
        QCOMPARE(asked.first, 1);
        QCOMPARE(asked.second, 1);
    }

    void dnsWireFamilyTiesGoToThePort()
    {
        Asked asked;
        DetectorRegistry registry;
        registry.add(std::make_unique<CountingDetector>("DNS", Confidence::High, true, asked.first));
        registry.add(std::make_unique<CountingDetector>("MDNS", Confidence::High, true, asked.second));
        registry.add(std::make_unique<CountingDetector>("LLMNR", Confidence::High, true, asked.third));
        registry.add(std::make_unique<CountingDetector>("NTP", Confidence::Medium, true, asked.fourth));

        // mDNS and LLMNR still tie with DNS on their ports: they are asked first there.
        QCOMPARE(decide(registry, udp(5353, {fromClient("x")})), std::string("MDNS"));
        QCOMPARE(asked.first, 0);
        QCOMPARE(asked.second, 1);
        QCOMPARE(asked.third, 0);
        QCOMPARE(asked.fourth, 0);

        asked = {};
        QCOMPARE(decide(registry, udp(5355, {fromClient("x")})), std::string("LLMNR"));
        QCOMPARE(asked.first, 0);
        QCOMPARE(asked.third, 1);

        asked = {};
        QCOMPARE(decide(registry, udp(53, {fromClient("x")})), std::string("DNS"));
        QCOMPARE(asked.first, 1);
        QCOMPARE(asked.second + asked.third + asked.fourth, 0);

        // Elsewhere plain DNS, first in the registry, wins the tie, and the look-alikes after it
        // need not be asked: they could only tie, and ties go to the first answer.
        asked = {};
        QCOMPARE(decide(registry, udp(40001, {fromClient("x")})), std::string("DNS"));
        QCOMPARE(asked.first, 1);
        QCOMPARE(asked.second + asked.third + asked.fourth, 0);
    }

    void equalMediumAnswersStillGoToThePort()
    {
        Asked asked;
        DetectorRegistry registry;
        registry.add(std::make_unique<CountingDetector>("DNS", Confidence::Medium, true, asked.first));
        registry.add(std::make_unique<CountingDetector>("MDNS", Confidence::Medium, true, asked.second));
        registry.add(std::make_unique<CountingDetector>("LLMNR", std::nullopt, true, asked.third));

        QCOMPARE(decide(registry, udp(5353, {fromClient("x")})), std::string("MDNS"));
        QCOMPARE(decide(registry, udp(40001, {fromClient("x")})), std::string("DNS"));
        QCOMPARE(asked.first, 2);
        QCOMPARE(asked.second, 2);
        QCOMPARE(asked.third, 2);
    }

    void candidatesAskPortDetectorsFirst()
    {
        Asked asked;
        DetectorRegistry registry;
        registry.add(std::make_unique<CountingDetector>("SSH", Confidence::Low, false, asked.first));
        registry.add(std::make_unique<CountingDetector>("HTTP", Confidence::Low, false, asked.second));
        registry.add(std::make_unique<CountingDetector>("DNS", Confidence::Low, true, asked.third));

        const std::vector<std::string> usual{"HTTP", "DNS"};
        const auto tcpDetectors = registry.detectorsFor(usual, true);
        QCOMPARE(tcpDetectors, std::vector<std::size_t>{1});
        QCOMPARE(registry.detectorsFor(usual, false), std::vector<std::size_t>{2});

        // Equal answers: the port's comes first, the others keep registry order after it.
        const Connection c = tcp(80, {fromClient("x")});
        const auto found = registry.candidates(DetectionInput{c}, nullptr, tcpDetectors);
        QCOMPARE(found.size(), std::size_t{2});
        QCOMPARE(found[0].protocol, std::string("HTTP"));
        QCOMPARE(found[1].protocol, std::string("SSH"));
    }

    void realDetectorsStillDecideByTheBytes()
    {
        // The built-in registry: an SSH banner on the HTTP port is SSH (HTTP, asked first, says
        // nothing), and an HTTP exchange on 80 is HTTP.
        QCOMPARE(detectedProtocol(tcp(80, {fromServer("SSH-2.0-OpenSSH_9.6\r\n"), fromClient("SSH-2.0-PuTTY\r\n")})),
                 std::string("SSH"));
        QCOMPARE(detectedProtocol(tcp(80, {fromClient("GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
                                           fromServer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")})),
                 std::string("HTTP"));
    }

    // portlens-cli's output thread concludes ended connections (setConcludeLater), except those
    // still open at the end of the capture, which the analysing thread concludes itself.
    void concludingCanBeLeftToAnotherThread()
    {
        int calls = 0;
        DetectorRegistry registry;
        registry.add(std::make_unique<CountingDetector>("SSH", Confidence::High, false, calls));
        DetectionEngine engine(registry, &PortKnowledge::builtin());
        engine.setConcludeLater(true);

        Connection ended = tcp(2222, {fromClient("x")});
        engine.connectionEnding(ended); // left for later
        QVERIFY(!ended.detection.concluded);
        QVERIFY(ended.detection.protocol.empty());
        QCOMPARE(calls, 0);
        std::thread output([&] { engine.conclude(ended); });
        output.join();
        QVERIFY(ended.detection.concluded);
        QCOMPARE(ended.detection.protocol, std::string("SSH"));
        QCOMPARE(calls, 1);
        engine.conclude(ended); // once only
        QCOMPARE(calls, 1);

        engine.endingAll();
        Connection stillOpen = tcp(2222, {fromClient("y")});
        engine.connectionEnding(stillOpen);
        QVERIFY(stillOpen.detection.concluded);
        QCOMPARE(stillOpen.detection.protocol, std::string("SSH"));
        QCOMPARE(calls, 2);

        // Without setConcludeLater, ending concludes at once, as the GUI needs.
        DetectionEngine inline_(registry, &PortKnowledge::builtin());
        Connection c = tcp(2222, {fromClient("z")});
        inline_.connectionEnding(c);
        QVERIFY(c.detection.concluded);
        QCOMPARE(c.detection.protocol, std::string("SSH"));
    }
};

PORTLENS_REGISTER_TEST(TestDetectionOrder)
#include "tst_detection_order.moc"
