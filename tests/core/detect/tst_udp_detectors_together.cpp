// The name-service and UDP detectors (DNS, mDNS, LLMNR, NTP, DHCP, TFTP, Syslog, SSDP, SIP, BGP,
// MQTT) together: noise matches none, each protocol's bytes are claimed by its own detector only
// (DNS wire format aside, where the flavours overlap on purpose), and the registry detects each.
#include "detector_test_support.h"
#include "udp_samples.h"
#include "registered_tests.h"

#include <algorithm>
#include <memory>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::udp_samples;

namespace {

const std::vector<Factory> kBatch{+[] { return &detectorNamed("DNS"); },  +[] { return &detectorNamed("MDNS"); },   +[] { return &detectorNamed("LLMNR"); }, +[] { return &detectorNamed("NTP"); },
                                  +[] { return &detectorNamed("DHCP"); }, +[] { return &detectorNamed("TFTP"); },   +[] { return &detectorNamed("Syslog"); }, +[] { return &detectorNamed("SSDP"); },
                                  +[] { return &detectorNamed("SIP"); },  +[] { return &detectorNamed("BGP"); },    +[] { return &detectorNamed("MQTT"); }};

} // namespace

class TestUdpDetectorsTogether : public QObject {
    Q_OBJECT

private slots:
    void noiseNeverMatches()
    {
        std::uint32_t state = 0x2545F491u;
        for (Factory make : kBatch) {
            const auto detector = make();
            for (int round = 0; round < 300; ++round) {
                for (std::size_t length : {2u, 12u, 20u, 48u, 64u, 120u, 300u, 600u}) {
                    const std::string a = noise(state, length);
                    const std::string b = noise(state, length);
                    for (std::uint8_t transport : {std::uint8_t{6}, std::uint8_t{17}}) {
                        const Connection c = makeConnection(transport, 51000, 40000, {fromClient(a), fromServer(b)});
                        const auto d = run(*detector, c);
                        if (d) qWarning("%s matched noise: %s", d->protocol.c_str(), d->evidence.sentence.c_str());
                        QVERIFY(!d);
                    }
                }
            }
        }
    }

    // Each protocol's bytes are claimed by its own detector only (DNS wire format aside, where the
    // flavours overlap on purpose).
    void crossProtocolNegatives()
    {
        struct Sample {
            const char *name;
            Connection connection;
            std::vector<std::string> allowed;
        };
        const std::vector<Sample> samples{
            {"dns", udp(53, {fromClient(kDnsQuery), fromServer(kDnsResponse)}), {"DNS"}},
            {"dns query", udp(53, {fromClient(kDnsQuery)}), {"DNS", "MDNS"}},
            {"dns tcp", tcp(53, {fromClient(kAxfrQuery), fromServer(kAxfrResponse)}), {"DNS"}},
            {"mdns", udp(5353, {fromClient(kMdnsBrowse)}), {"MDNS"}},
            {"mdns announce", udp(5353, {fromClient(kMdnsAnnouncement)}), {"MDNS"}},
            {"llmnr", udp(5355, {fromClient(kLlmnrQuery), fromServer(kLlmnrResponse)}), {"DNS", "LLMNR"}},
            {"ntp", udp(123, {fromClient(kNtpClient), fromServer(kNtpServer)}), {"NTP"}},
            {"ntp monlist", udp(123, {fromClient(kNtpMonlist)}), {"NTP"}},
            {"dhcp", udp(67, {fromClient(kDhcpDiscover)}), {"DHCP"}},
            {"tftp", udp(69, {fromClient(kTftpRrq)}), {"TFTP"}},
            {"syslog", udp(514, {fromClient(kSyslog3164)}), {"Syslog"}},
            {"syslog tcp", tcp(514, {fromClient(kSyslog5424)}), {"Syslog"}},
            {"ssdp", udp(1900, {fromClient(kSsdpSearch), fromServer(kSsdpResponse)}), {"SSDP"}},
            {"ssdp notify", udp(1900, {fromClient(kSsdpNotify)}), {"SSDP"}},
            {"sip", udp(5060, {fromClient(kSipRegister), fromServer(kSip401)}), {"SIP"}},
            {"bgp", tcp(179, {fromClient(kBgpOpenClient), fromServer(kBgpOpenServer)}), {"BGP"}},
            {"mqtt", tcp(1883, {fromClient(kMqttConnect), fromServer(kMqttConnack)}), {"MQTT"}},
            {"http", tcp(80, {fromClient("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), fromServer("HTTP/1.1 200 OK\r\n\r\n")}), {}},
            {"ssh", tcp(22, {fromServer("SSH-2.0-OpenSSH_9.6\r\n")}), {}},
            {"tls", tcp(443, {fromClient(hex("16030100c4010000c00303") + zeros(64))}), {}},
        };
        for (const Sample &s : samples) {
            for (Factory make : kBatch) {
                const auto detector = make();
                if (s.connection.isTcp() ? !detector->handlesTcp() : !detector->handlesUdp()) continue;
                const auto d = run(*detector, s.connection);
                const bool allowed = std::find(s.allowed.begin(), s.allowed.end(), std::string(detector->name())) != s.allowed.end();
                if (!allowed && d) qWarning("%s claimed the %s sample: %s", d->protocol.c_str(), s.name, d->evidence.sentence.c_str());
                QVERIFY(allowed || !d);
                if (allowed && s.allowed.size() == 1) QVERIFY(d.has_value());
            }
        }
    }

    void registryDetectsEachProtocol()
    {
        QCOMPARE(detectedProtocol(udp(40123, {fromClient(kNtpClient), fromServer(kNtpServer)})), std::string("NTP"));
        QCOMPARE(detectedProtocol(udp(67, {fromClient(kDhcpDiscover)})), std::string("DHCP"));
        QCOMPARE(detectedProtocol(udp(69, {fromClient(kTftpRrq)})), std::string("TFTP"));
        QCOMPARE(detectedProtocol(udp(514, {fromClient(kSyslog3164)})), std::string("Syslog"));
        QCOMPARE(detectedProtocol(udp(1900, {fromClient(kSsdpSearch)})), std::string("SSDP"));
        QCOMPARE(detectedProtocol(udp(5060, {fromClient(kSipRegister)})), std::string("SIP"));
        QCOMPARE(detectedProtocol(tcp(443, {fromClient(kBgpOpenClient)})), std::string("BGP"));
        QCOMPARE(detectedProtocol(tcp(8080, {fromClient(kMqttConnect)})), std::string("MQTT"));
    }
};

PORTLENS_REGISTER_TEST(TestUdpDetectorsTogether)
#include "tst_udp_detectors_together.moc"
