// The TLS-family and binary detectors (TLS, DTLS, QUIC, RDP, SMB, NetBIOS sessions, Kerberos, LDAP,
// SNMP, OpenVPN, WireGuard, BitTorrent) together: each sample is claimed by its own detector only,
// random bytes by none, the registry names each protocol on ports meant for others, and spot
// checks on real captures of the nDPI corpus.
#include "detector_test_support.h"
#include "binary_samples.h"
#include "registered_tests.h"

#include "core/analysis/analysis_pipeline.h"
#include "core/capture/packet_source.h"

#include <QFileInfo>
#include <functional>
#include <memory>
#include <random>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::binary_samples;

namespace {

const std::string kSshBanner = "SSH-2.0-OpenSSH_9.6\r\n";

std::string randomBytes(std::mt19937 &random, std::size_t size)
{
    std::string out(size, '\0');
    for (char &c : out) c = static_cast<char>(random() & 0xff);
    return out;
}

std::vector<const Detector *> batchA()
{
    std::vector<const Detector *> all;
    all.push_back(&detectorNamed("TLS"));
    all.push_back(&detectorNamed("DTLS"));
    all.push_back(&detectorNamed("QUIC"));
    all.push_back(&detectorNamed("RDP"));
    all.push_back(&detectorNamed("SMB"));
    all.push_back(&detectorNamed("NetBIOS", 6));
    all.push_back(&detectorNamed("Kerberos"));
    all.push_back(&detectorNamed("LDAP"));
    all.push_back(&detectorNamed("SNMP"));
    all.push_back(&detectorNamed("OpenVPN"));
    all.push_back(&detectorNamed("WireGuard"));
    all.push_back(&detectorNamed("BitTorrent"));
    return all;
}

bool handles(const Detector &d, const Connection &c) { return c.isTcp() ? d.handlesTcp() : d.handlesUdp(); }

struct Sample {
    const char *label;
    std::string protocol; // the batch A protocol these bytes are, or "" for other protocols
    Connection connection;
};

std::vector<Sample> samples()
{
    return {
        {"TLS hellos", "TLS", tcp(443, {fromClient(kTlsClientHello), fromServer(kTlsServerHello)})},
        {"DTLS hello", "DTLS", udp(4433, {fromClient(kDtlsClientHello), fromServer(kDtlsHelloVerify)})},
        {"QUIC v1", "QUIC", udp(443, {fromClient(kQuicV1Initial)})},
        {"QUIC v2", "QUIC", udp(443, {fromClient(kQuicV2Initial)})},
        {"QUIC VN", "QUIC", udp(443, {fromClient(kQuicReservedVersion), fromServer(kQuicVersionNegotiation)})},
        {"RDP cookie", "RDP", tcp(3389, {fromClient(kRdpCookieRequest), fromServer(kRdpBareConfirm)})},
        {"RDP negotiation", "RDP", tcp(3389, {fromClient(kRdpNegRequest), fromServer(kRdpNegResponse)})},
        {"RDP UDP", "RDP", udp(3389, {fromClient(kRdpUdpSyn), fromServer(kRdpUdpSynAck)})},
        {"SMB1", "SMB", tcp(445, {fromClient(kSmb1Negotiate), fromServer(kSmb1NegotiateResponse)})},
        {"SMB2", "SMB", tcp(445, {fromClient(kSmb2Negotiate), fromServer(kSmb2NegotiateResponse)})},
        {"NetBIOS", "NetBIOS", tcp(139, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive)})},
        {"Kerberos TCP", "Kerberos", tcp(88, {fromClient(kKerberosTcpAsReq), fromServer(kKerberosTcpError)})},
        {"Kerberos UDP", "Kerberos", udp(88, {fromClient(kKerberosUdpAsReq), fromServer(kKerberosUdpError)})},
        {"LDAP bind", "LDAP", tcp(389, {fromClient(kLdapSimpleBind), fromServer(kLdapBindResponse)})},
        {"LDAP AD", "LDAP", tcp(389, {fromServer(kLdapAdBindResponse)})},
        {"CLDAP", "LDAP", udp(389, {fromClient(kLdapSearch)})},
        {"SNMPv1", "SNMP", udp(161, {fromClient(kSnmpGetRequest), fromServer(kSnmpResponse)})},
        {"SNMPv3", "SNMP", udp(161, {fromClient(kSnmpV3GetRequest)})},
        {"OpenVPN UDP", "OpenVPN", udp(1194, {fromClient(kOpenVpnClientReset), fromServer(kOpenVpnServerReset), fromClient(kOpenVpnClientAck)})},
        {"OpenVPN tls-crypt", "OpenVPN", udp(1194, {fromClient(kOpenVpnTlsCryptClientReset), fromServer(kOpenVpnTlsCryptServerReset),
                                                     fromClient(kOpenVpnTlsCryptClientControl), fromServer(kOpenVpnTlsCryptServerControl)})},
        {"OpenVPN TCP", "OpenVPN", tcp(1194, {fromClient(kOpenVpnTcpClientReset), fromServer(kOpenVpnTcpServerReset)})},
        {"WireGuard", "WireGuard", udp(51820, {fromClient(kWireGuardInitiation), fromServer(kWireGuardResponse), fromClient(kWireGuardData)})},
        {"BitTorrent TCP", "BitTorrent", tcp(6881, {fromClient(kBitTorrentHandshake)})},
        {"BitTorrent DHT", "BitTorrent", udp(6881, {fromClient(kBitTorrentDhtQuery)})},
        {"uTP", "BitTorrent", udp(6881, {fromClient(kUtpSyn), fromServer(kUtpState)})},
        {"BitTorrent LSD", "BitTorrent", udp(6771, {fromClient(kBitTorrentLsd)})},
        {"HTTP", "", tcp(80, {fromClient(kHttpRequest), fromServer("HTTP/1.1 200 OK\r\n\r\n")})},
        {"SSH", "", tcp(22, {fromServer(kSshBanner), fromClient(kSshBanner)})},
        {"SMTP STARTTLS", "", tcp(25, {fromServer("220 mail.example.com ESMTP\r\n"), fromClient("EHLO client\r\n"),
                                       fromServer("250-mail.example.com\r\n250 STARTTLS\r\n"), fromClient("STARTTLS\r\n"),
                                       fromServer("220 2.0.0 Ready to start TLS\r\n"), fromClient(kTlsClientHello),
                                       fromServer(kTlsServerHello)})},
        {"DNS", "", udp(53, {fromClient(kDnsQuery)})},
        {"STUN", "", udp(3478, {fromClient(kStunBindingRequest)})},
        {"RTP", "", udp(5004, {fromClient(kRtp), fromClient(kRtp)})},
        {"S7 COTP", "", tcp(102, {fromClient(kS7CotpConnect)})},
    };
}

// Every connection of a corpus capture, after detection (as portlens-cli would see them).
std::vector<Connection> analyzeCapture(const QString &path)
{
    std::vector<Connection> connections;
    auto opened = PacketSource::openFile(path.toStdString());
    if (!opened.source) return connections;
    AnalysisPipeline analysis({}, [&](JudgedConnection &&row) { connections.push_back(std::move(row.connection)); });
    analysis.run(*opened.source);
    return connections;
}

} // namespace

class TestBinaryDetectorsTogether : public QObject {
    Q_OBJECT

private slots:
    void eachSampleMatchesOnlyItsOwnDetector()
    {
        const auto detectors = batchA();
        for (const Sample &sample : samples()) {
            for (const auto &detector : detectors) {
                if (!handles(*detector, sample.connection)) continue;
                const bool matched = run(*detector, sample.connection).has_value();
                const bool expected = std::string(detector->name()) == sample.protocol;
                if (matched != expected)
                    QFAIL(qPrintable(QStringLiteral("%1 detector %2 sample '%3'")
                                         .arg(QString::fromUtf8(detector->name().data(), static_cast<qsizetype>(detector->name().size())),
                                              matched ? QStringLiteral("matched") : QStringLiteral("missed"),
                                              QString::fromUtf8(sample.label))));
            }
        }
    }

    void randomBytesMatchNothing()
    {
        // Encrypted or compressed payloads look random: none of these detectors may claim them,
        // even when the first byte is one they look for.
        const auto detectors = batchA();
        std::mt19937 random(20261125);
        const std::string firstBytes = hex("16 17 c0 c3 cf 03 00 81 82 6a 6b 7e 30 38 40 50 01 02 04 13 64 41 ff fe 0d");
        for (int i = 0; i < 3000; ++i) {
            const std::size_t size = 1 + random() % 1400;
            std::string client = randomBytes(random, size), server = randomBytes(random, 1 + random() % 600);
            client[0] = firstBytes[static_cast<std::size_t>(i) % firstBytes.size()];
            server[0] = firstBytes[static_cast<std::size_t>(i / 7) % firstBytes.size()];
            const Connection c = i % 2 ? tcp(443, {fromClient(client), fromServer(server)})
                                       : udp(443, {fromClient(client), fromServer(server)});
            for (const auto &detector : detectors) {
                if (!handles(*detector, c)) continue;
                if (const auto d = run(*detector, c))
                    QFAIL(qPrintable(QStringLiteral("%1 matched random bytes (round %2): %3")
                                         .arg(QString::fromStdString(d->protocol))
                                         .arg(i)
                                         .arg(QString::fromStdString(d->evidence.sentence))));
            }
        }
    }

    void registryNamesBatchAProtocolsOnSurprisingPorts()
    {
        QCOMPARE(detectedProtocol(tcp(22, {fromClient(kTlsClientHello), fromServer(kTlsServerHello)})), std::string("TLS"));
        QCOMPARE(detectedProtocol(tcp(80, {fromClient(kTlsClientHello)})), std::string("TLS"));
        QCOMPARE(detectedProtocol(udp(53, {fromClient(kDtlsClientHello), fromServer(kDtlsHelloVerify)})), std::string("DTLS"));
        QCOMPARE(detectedProtocol(udp(123, {fromClient(kQuicV1Initial)})), std::string("QUIC"));
        QCOMPARE(detectedProtocol(tcp(80, {fromClient(kRdpCookieRequest), fromServer(kRdpBareConfirm)})), std::string("RDP"));
        QCOMPARE(detectedProtocol(udp(443, {fromClient(kRdpUdpSyn), fromServer(kRdpUdpSynAck)})), std::string("RDP"));
        QCOMPARE(detectedProtocol(tcp(443, {fromClient(kSmb2Negotiate), fromServer(kSmb2NegotiateResponse)})), std::string("SMB"));
        QCOMPARE(detectedProtocol(tcp(25, {fromClient(kNetbiosSessionRequest), fromServer(kNetbiosPositive)})), std::string("NetBIOS"));
        QCOMPARE(detectedProtocol(tcp(389, {fromClient(kKerberosTcpAsReq), fromServer(kKerberosTcpError)})), std::string("Kerberos"));
        QCOMPARE(detectedProtocol(udp(161, {fromClient(kKerberosUdpAsReq)})), std::string("Kerberos"));
        QCOMPARE(detectedProtocol(tcp(88, {fromClient(kLdapSimpleBind), fromServer(kLdapBindResponse)})), std::string("LDAP"));
        QCOMPARE(detectedProtocol(udp(53, {fromClient(kSnmpGetRequest), fromServer(kSnmpResponse)})), std::string("SNMP"));
        QCOMPARE(detectedProtocol(udp(443, {fromClient(kOpenVpnClientReset), fromServer(kOpenVpnServerReset)})), std::string("OpenVPN"));
        QCOMPARE(detectedProtocol(tcp(443, {fromClient(kOpenVpnTcpClientReset), fromServer(kOpenVpnTcpServerReset)})), std::string("OpenVPN"));
        QCOMPARE(detectedProtocol(udp(443, {fromClient(kWireGuardInitiation), fromServer(kWireGuardResponse)})), std::string("WireGuard"));
        QCOMPARE(detectedProtocol(tcp(80, {fromClient(kBitTorrentHandshake)})), std::string("BitTorrent"));
        QCOMPARE(detectedProtocol(udp(53, {fromClient(kBitTorrentDhtQuery)})), std::string("BitTorrent"));
    }

    void corpusSpotChecks()
    {
        const QString corpus = QStringLiteral(PORTLENS_CORPUS_DIR "/ndpi/");
        if (!QFileInfo(corpus).isDir()) QSKIP("no nDPI corpus (../shared/corpus/ndpi)");
        struct Expectation {
            const char *file;
            const char *protocol;
            const char *key;   // metadata key to check, or nullptr
            const char *value;
        };
        const Expectation expectations[] = {
            {"tls_1.3_unidirectional_client.pcapng", "TLS", "tls.sni", "www.google.com"},
            {"tls_certificate_too_long.pcap", "TLS", "tls.sni", "wdcp.microsoft.com"},
            // The ServerHello's version arrives after the ClientHello decided the connection.
            {"tls_heur__vmess-tcp-tls.pcapng", "TLS", "tls.version", "TLS 1.3"},
            {"dtls_session_id_and_coockie_both.pcap", "DTLS", "dtls.version", "DTLS 1.2"},
            {"quic_crypto_aes_auth_size.pcap", "QUIC", "quic.sni", "app-analytics-v2.snapchat.com"},
            {"quic_frags_ch_out_of_order_same_packet_craziness.pcapng", "QUIC", "quic.sni", "update.googleapis.com"},
            {"quic_0RTT.pcap", "QUIC", "quic.sni", "abcd"},
            {"quic-v2.pcapng", "QUIC", "quic.sni", "test"},
            {"quic_q43.pcap", "QUIC", "quic.version", "Q043"},
            {"rdp3.pcap", "RDP", "rdp.cookie", "Administr"},
            {"rdp2.pcap", "RDP", "rdp.transport", "UDP"},
            {"smbv1.pcap", "SMB", "smb.dialect", "NT LM 0.12"},
            {"smb_deletefile.pcap", "SMB", "smb.version", "SMB2+"},
            {"kerberos.pcap", "Kerberos", "kerberos.realm", "happycraft.org"},
            {"kerberos.pcap", "LDAP", "ldap.op", "bindResponse"},
            {"snmp.pcap", "SNMP", "snmp.community", "public"},
            {"openvpn.pcap", "OpenVPN", "openvpn.control_protection", "none (no tls-auth or tls-crypt)"},
            {"openvpn_nohmac_tcp.pcapng", "OpenVPN", nullptr, nullptr},
            {"wireguard.pcap", "WireGuard", "wireguard.handshake", "complete"},
            {"bittorrent.pcap", "BitTorrent", "bittorrent.info_hash", "dcfcdccfb9e670ccc3dd40c78c161f2bea243126"},
            {"bt_search.pcap", "BitTorrent", nullptr, nullptr},
        };
        for (const Expectation &e : expectations) {
            const QString path = corpus + QString::fromUtf8(e.file);
            if (!QFileInfo::exists(path)) QSKIP(qPrintable(path + QStringLiteral(" is missing")));
            bool found = false;
            for (const Connection &c : analyzeCapture(path)) {
                if (c.detection.protocol != e.protocol) continue;
                const std::string *value = e.key ? c.detection.find(e.key) : nullptr;
                if (!e.key || (value && *value == e.value)) found = true;
            }
            QVERIFY2(found, qPrintable(QStringLiteral("%1: no %2 connection with %3 = %4")
                                           .arg(QString::fromUtf8(e.file), QString::fromUtf8(e.protocol),
                                                QString::fromUtf8(e.key ? e.key : "-"), QString::fromUtf8(e.value ? e.value : "-"))));
        }
        // STARTTLS upgrades stay with the mail protocols.
        for (const char *file : {"smtp-starttls.pcap", "imap-starttls.pcap", "pop3_stls.pcap"}) {
            const QString path = corpus + QString::fromUtf8(file);
            if (!QFileInfo::exists(path)) continue;
            for (const Connection &c : analyzeCapture(path))
                QVERIFY2(c.detection.protocol != "TLS" || c.server.port == 443 || c.server.port == 993 || c.server.port == 995 ||
                             c.server.port == 465,
                         qPrintable(QString::fromUtf8(file) + QStringLiteral(": an upgraded connection was called TLS")));
        }
    }
};

PORTLENS_REGISTER_TEST(TestBinaryDetectorsTogether)
#include "tst_binary_detectors_together.moc"
