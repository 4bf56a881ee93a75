// Noise against the detectors added after the nDPI comparison (NetBIOS over UDP, DNS inverse
// queries, MQTT mid-session, uTP mid-connection): random bytes match none, including behind
// plausible first bytes.
#include "detector_test_support.h"
#include "followup_samples.h"
#include "registered_tests.h"

#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::followup_samples;

class TestFollowupDetectors : public QObject {
    Q_OBJECT

private slots:
    void noiseNeverMatches()
    {
        std::uint32_t state = 0x9E3779B9u;
        const std::vector<const Detector *> detectors = [] {
            std::vector<const Detector *> v;
            v.push_back(&detectorNamed("NetBIOS", 17));
            v.push_back(&detectorNamed("DNS"));
            v.push_back(&detectorNamed("MQTT"));
            v.push_back(&detectorNamed("BitTorrent"));
            return v;
        }();
        for (int round = 0; round < 300; ++round) {
            for (std::size_t length : {2u, 4u, 12u, 20u, 34u, 50u, 68u, 120u, 300u}) {
                // One datagram (or TCP turn) per side, and runs of several datagrams per side.
                const std::vector<std::vector<Turn>> shapes{
                    {fromClient(noise(state, length)), fromServer(noise(state, length))},
                    {fromClient(noise(state, length)), fromClient(noise(state, length)), fromClient(noise(state, length)),
                     fromServer(noise(state, length)), fromServer(noise(state, length)), fromServer(noise(state, length))}};
                for (const auto &turns : shapes) {
                    for (std::uint8_t transport : {std::uint8_t{6}, std::uint8_t{17}}) {
                        const Connection c = makeConnection(transport, 51000, 40000, turns);
                        for (const auto &detector : detectors) {
                            if (transport == 6 ? !detector->handlesTcp() : !detector->handlesUdp()) continue;
                            const auto d = run(*detector, c);
                            if (d) qWarning("%s matched noise: %s", d->protocol.c_str(), d->evidence.sentence.c_str());
                            QVERIFY(!d);
                        }
                    }
                }
            }
        }
    }

    // Noise that starts like the real thing: a NetBIOS header and name length, an MQTT PINGREQ,
    // a uTP type byte, followed by random bytes.
    void noiseBehindPlausibleStarts()
    {
        std::uint32_t state = 0x1234567u;
        const auto nb = &detectorNamed("NetBIOS", 17);
        const auto mqtt = &detectorNamed("MQTT");
        const auto bt = &detectorNamed("BitTorrent");
        for (int round = 0; round < 2000; ++round) {
            const std::string name = kNbQuery.substr(0, 13) + noise(state, 37);
            QVERIFY(!run(*nb, udp(137, {fromClient(name)})));
            const std::string datagram = kNbDatagram.substr(0, 15) + noise(state, 186);
            QVERIFY(!run(*nb, udp(138, {fromClient(datagram)})));
            const std::string session = kPingreq + noise(state, 2 + static_cast<std::size_t>(round % 40));
            QVERIFY(!run(*mqtt, tcp(1883, {fromClient(session)})));
            std::vector<Turn> utp;
            for (int i = 0; i < 3; ++i) utp.push_back(fromClient(hex("2100") + noise(state, 18)));
            QVERIFY(!run(*bt, udp(6881, utp)));
        }
    }
};

PORTLENS_REGISTER_TEST(TestFollowupDetectors)
#include "tst_followup_detectors.moc"
