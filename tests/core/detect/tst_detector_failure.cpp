// A detector that throws (a parser bug reached by hostile bytes) costs its own answer on that
// connection, never the run: the others still decide, the connection records which detector
// failed and why, and its verdict says so with a warning.
#include "detector_test_support.h"
#include "registered_tests.h"

#include "core/verdict/verdict.h"

#include <memory>
#include <stdexcept>

using namespace portlens;
using namespace portlens::test;

namespace {

class ThrowingDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return m_identity; }
    std::optional<Detection> detect(const DetectionInput & /*input*/) const override
    {
        throw std::out_of_range("basic_string_view::substr");
    }

private:
    ProtocolIdentity m_identity{.name = "BROKEN", .displayName = "Broken", .tcp = true, .udp = false, .tieRank = 1};
};

class AnsweringDetector final : public Detector {
public:
    const ProtocolIdentity &identity() const override { return m_identity; }
    std::optional<Detection> detect(const DetectionInput & /*input*/) const override
    {
        Detection d;
        d.protocol = "GOOD";
        d.confidence = Confidence::High;
        return d;
    }

private:
    ProtocolIdentity m_identity{.name = "GOOD", .displayName = "Good", .tcp = true, .udp = false, .tieRank = 2};
};

DetectorRegistry brokenThenGood()
{
    std::vector<std::unique_ptr<Detector>> detectors;
    detectors.push_back(std::make_unique<ThrowingDetector>());
    detectors.push_back(std::make_unique<AnsweringDetector>());
    return DetectorRegistry::of(std::move(detectors));
}

} // namespace

class TestDetectorFailure : public QObject {
    Q_OBJECT
private slots:
    void aThrowingDetectorIsRecordedAndTheOthersStillDecide()
    {
        const DetectorRegistry registry = brokenThenGood();
        DetectionEngine engine(registry, &PortKnowledge::builtin());
        Connection c = tcp(8080, {fromClient("anything")});
        engine.detectNow(c);
        QCOMPARE(c.detection.protocol, std::string("GOOD"));
        QCOMPARE(c.detectorFailure, std::string("BROKEN: basic_string_view::substr"));
    }

    void theVerdictWarnsThatTheConnectionWasNotFullyRead()
    {
        const DetectorRegistry registry = brokenThenGood();
        DetectionEngine engine(registry, &PortKnowledge::builtin());
        Connection c = tcp(8080, {fromClient("anything")});
        engine.detectNow(c);
        const Verdict v = judge(c, PortKnowledge::builtin(), registry);
        bool warned = false;
        for (const VerdictNote &note : v.notes)
            if (note.code == "detector-failed") {
                warned = note.severity == Severity::Warning &&
                         note.message.toString().find("BROKEN: basic_string_view::substr") != std::string::npos;
            }
        QVERIFY(warned);
        QVERIFY(v.flagged());
    }

    void theShortHttpStatusLineFromTheFuzzerIsNoLongerAnException()
    {
        // "HTTP/1.\n 200 OK": 19 bytes, a 7-byte first line; the status parser took substr(9, 3).
        Connection c = tcp(80, {fromClient("GET / HTTP/1.1\r\n\r\n"), fromServer("HTTP/1.\n 200 OK\r\n\r\n")});
        DetectionEngine engine(DetectorRegistry::builtin(), &PortKnowledge::builtin());
        engine.detectNow(c);
        engine.conclude(c);
        QCOMPARE(c.detectorFailure, std::string());
    }
};

PORTLENS_REGISTER_TEST(TestDetectorFailure)
#include "tst_detector_failure.moc"
