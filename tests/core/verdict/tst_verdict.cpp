// Verdicts: every kind, and every note the reference article asks for, on hand-made connections.
#include "core/detect/detection.h"
#include "core/detect/detection_engine.h"
#include "core/ports/port_knowledge.h"
#include "core/verdict/verdict.h"

#include <QTest>

using namespace portlens;

namespace {
Connection connection(std::uint8_t transport, const char *server, std::uint16_t port, const char *protocol,
                      std::vector<std::pair<std::string, std::string>> metadata = {}, std::string payload = "payload")
{
    Connection c;
    c.id = 7;
    c.transport = transport;
    c.client = {*IpAddress::parse("192.0.2.10"), 50000};
    c.server = {*IpAddress::parse(server), port};
    c.detection.protocol = protocol;
    c.detection.metadata = std::move(metadata);
    for (char ch : payload) c.payload.bytes[0].push_back(static_cast<std::byte>(ch));
    c.toServer.payloadBytes = payload.size();
    return c;
}

Verdict judgeIt(const Connection &c) { return judge(c, PortKnowledge::builtin()); }

bool hasNote(const Verdict &v, const std::string &code)
{
    for (const auto &n : v.notes)
        if (n.code == code) return true;
    return false;
}
} // namespace

class TestVerdict : public QObject {
    Q_OBJECT

private slots:
    void builtinPortDataLoads()
    {
        const auto &ports = PortKnowledge::builtin();
        QVERIFY(ports.services().size() >= 60);
        QVERIFY(ports.isNormalFor("SSH", 22, 6));
        QVERIFY(ports.isNormalFor("QUIC", 443, 17));
        QVERIFY(ports.isNormalFor("SSDP", 1900, 17));
        QVERIFY(!ports.isNormalFor("SSH", 443, 6));
        QCOMPARE(ports.usualPorts("SSH", 6), std::vector<std::uint16_t>{22});
        std::string error;
        QVERIFY(!PortKnowledge::fromJson("[1,2,3]", error));
        QVERIFY(!error.empty());
    }

    void kinds()
    {
        const Verdict expected = judgeIt(connection(6, "198.51.100.1", 80, "HTTP"));
        QCOMPARE(expected.kind, VerdictKind::Expected);
        QCOMPARE(expected.reason.toString(), std::string("HTTP on 80/tcp, the port's normal service"));
        QVERIFY(!expected.flagged());

        const Verdict quic = judgeIt(connection(17, "198.51.100.1", 443, "QUIC"));
        QCOMPARE(quic.kind, VerdictKind::Expected);

        const Verdict mismatch = judgeIt(connection(6, "198.51.100.1", 22, "HTTP"));
        QCOMPARE(mismatch.kind, VerdictKind::Mismatch);
        QCOMPARE(mismatch.severity, Severity::Warning);
        QCOMPARE(mismatch.reason.toString(), std::string("HTTP on 22/tcp, which normally carries SSH"));
        QVERIFY(mismatch.flagged());

        const Verdict dnsOn8080 = judgeIt(connection(6, "198.51.100.1", 8080, "DNS"));
        QCOMPARE(dnsOn8080.kind, VerdictKind::Mismatch);

        const Verdict unexpected = judgeIt(connection(6, "198.51.100.1", 80, ""));
        QCOMPARE(unexpected.kind, VerdictKind::UnexpectedContent);
        QVERIFY(unexpected.reason.toString().find("80/tcp normally carries HTTP") != std::string::npos);
        QVERIFY(unexpected.reason.toString().find("looks like text") != std::string::npos);

        std::string random;
        for (int i = 0; i < 256; ++i) random += static_cast<char>((i * 73 + 41) % 256);
        const Verdict unknown = judgeIt(connection(6, "198.51.100.1", 47913, "", {}, random));
        QCOMPARE(unknown.kind, VerdictKind::Unknown);
        QVERIFY(unknown.reason.toString().find("encrypted") != std::string::npos);
        QVERIFY(!unknown.flagged());

        const Verdict silent = judgeIt(connection(6, "198.51.100.1", 22, "", {}, ""));
        QCOMPARE(silent.kind, VerdictKind::NoPayload);

        const Verdict offPort = judgeIt(connection(6, "198.51.100.1", 50123, "HTTP"));
        QCOMPARE(offPort.kind, VerdictKind::Note);
        QVERIFY(offPort.reason.toString().find("normally uses 80, 5000, 8080") != std::string::npos);
    }

    void ftpDataIsExpected()
    {
        Connection data = connection(6, "198.51.100.21", 50069, "FTP-DATA");
        data.relatedId = 3;
        const Verdict v = judgeIt(data);
        QCOMPARE(v.kind, VerdictKind::Expected);
        QCOMPARE(v.reason.toString(), std::string("FTP data channel announced on control connection #3"));
    }

    void referenceArticleNotes_data()
    {
        QTest::addColumn<int>("transport");
        QTest::addColumn<QString>("server");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QStringList>("metadata"); // key=value
        QTest::addColumn<QString>("note");
        QTest::addColumn<bool>("present");
        QTest::newRow("ssh off 22") << 6 << "198.51.100.1" << 443 << "SSH" << QStringList{} << "ssh-off-22" << true;
        QTest::newRow("ssh on 22") << 6 << "198.51.100.1" << 22 << "SSH" << QStringList{} << "ssh-off-22" << false;
        QTest::newRow("telnet") << 6 << "198.51.100.1" << 23 << "Telnet" << QStringList{} << "plaintext-telnet" << true;
        QTest::newRow("ftp") << 6 << "198.51.100.1" << 21 << "FTP" << QStringList{} << "plaintext-ftp" << true;
        QTest::newRow("ftp with tls") << 6 << "198.51.100.1" << 21 << "FTP" << QStringList{"ftp.auth_tls=yes"} << "plaintext-ftp" << false;
        QTest::newRow("smtp plain") << 6 << "198.51.100.1" << 25 << "SMTP" << QStringList{"smtp.starttls=offered"} << "plaintext-smtp" << true;
        QTest::newRow("smtp starttls") << 6 << "198.51.100.1" << 25 << "SMTP" << QStringList{"smtp.starttls=used"} << "plaintext-smtp" << false;
        QTest::newRow("http credentials") << 6 << "198.51.100.1" << 80 << "HTTP" << QStringList{"http.authorization=Basic"} << "http-credentials" << true;
        QTest::newRow("snmp community") << 17 << "198.51.100.1" << 161 << "SNMP" << QStringList{"snmp.community=public"} << "snmp-community" << true;
        QTest::newRow("dns over tcp") << 6 << "198.51.100.1" << 53 << "DNS" << QStringList{} << "dns-over-tcp" << true;
        QTest::newRow("zone transfer") << 6 << "198.51.100.1" << 53 << "DNS" << QStringList{"dns.zone_transfer=yes", "dns.qtype=AXFR"} << "dns-zone-transfer" << true;
        QTest::newRow("dns over udp") << 17 << "198.51.100.1" << 53 << "DNS" << QStringList{} << "dns-over-tcp" << false;
        QTest::newRow("bgp") << 6 << "192.0.2.1" << 179 << "BGP" << QStringList{} << "bgp" << true;
        QTest::newRow("ssdp unicast") << 17 << "192.0.2.30" << 1900 << "SSDP" << QStringList{"ssdp.method=M-SEARCH"} << "ssdp-unicast" << true;
        QTest::newRow("ssdp multicast") << 17 << "239.255.255.250" << 1900 << "SSDP" << QStringList{"ssdp.method=NOTIFY"} << "ssdp-unicast" << false;
        QTest::newRow("ssdp ipv6 multicast") << 17 << "ff02::c" << 1900 << "SSDP" << QStringList{"ssdp.method=M-SEARCH"} << "ssdp-unicast" << false;
        QTest::newRow("mdns unicast") << 17 << "192.0.2.31" << 5353 << "MDNS" << QStringList{} << "mdns-unicast" << true;
        QTest::newRow("mdns multicast") << 17 << "224.0.0.251" << 5353 << "MDNS" << QStringList{} << "mdns-unicast" << false;
        QTest::newRow("llmnr unicast query") << 17 << "192.0.2.40" << 5355 << "LLMNR" << QStringList{"llmnr.qr=query"} << "llmnr-unicast" << true;
        QTest::newRow("llmnr multicast") << 17 << "ff02::1:3" << 5355 << "LLMNR" << QStringList{"llmnr.qr=query"} << "llmnr-unicast" << false;
    }

    // The placement notes on connections the detectors themselves recognised: hand-written
    // metadata would hide a rule that reads a key no detector writes (as the LLMNR rule once
    // read "dns.qr", which only the DNS detector writes).
    void placementNotesFromRealBytes_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<int>("port");
        QTest::addColumn<QByteArray>("datagram");
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QString>("note");
        QTest::addColumn<bool>("present");
        // LLMNR query for "workstation" (type A): id, flags 0, one question.
        const QByteArray llmnrQuery = QByteArray::fromHex("1a2b 0000 0001 0000 0000 0000"
                                                          "0b 776f726b73746174696f6e 00 0001 0001");
        QTest::newRow("llmnr query, unicast") << "192.0.2.40" << 5355 << llmnrQuery << "LLMNR" << "llmnr-unicast" << true;
        QTest::newRow("llmnr query, multicast") << "224.0.0.252" << 5355 << llmnrQuery << "LLMNR" << "llmnr-unicast" << false;
        const QByteArray ssdpSearch("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n"
                                    "MX: 1\r\nST: ssdp:all\r\n\r\n");
        QTest::newRow("ssdp search, unicast") << "192.0.2.40" << 1900 << ssdpSearch << "SSDP" << "ssdp-unicast" << true;
        QTest::newRow("ssdp search, multicast") << "239.255.255.250" << 1900 << ssdpSearch << "SSDP" << "ssdp-unicast" << false;
    }
    void placementNotesFromRealBytes()
    {
        QFETCH(QString, server);
        QFETCH(int, port);
        QFETCH(QByteArray, datagram);
        QFETCH(QString, protocol);
        QFETCH(QString, note);
        QFETCH(bool, present);
        Connection c = connection(17, server.toUtf8().constData(), static_cast<std::uint16_t>(port), "", {}, "");
        c.payload.chunks.push_back({Direction::ToServer, 0, static_cast<std::uint32_t>(datagram.size())});
        for (char ch : datagram) c.payload.bytes[0].push_back(static_cast<std::byte>(ch));
        c.toServer.payloadBytes = static_cast<std::uint64_t>(datagram.size());
        DetectionEngine(DetectorRegistry::builtin(), &PortKnowledge::builtin()).detectNow(c);
        QCOMPARE(QString::fromStdString(c.detection.protocol), protocol);
        QCOMPARE(hasNote(judgeIt(c), note.toStdString()), present);
    }

    void referenceArticleNotes()
    {
        QFETCH(int, transport);
        QFETCH(QString, server);
        QFETCH(int, port);
        QFETCH(QString, protocol);
        QFETCH(QStringList, metadata);
        QFETCH(QString, note);
        QFETCH(bool, present);
        std::vector<std::pair<std::string, std::string>> pairs;
        for (const QString &kv : metadata) {
            const auto parts = kv.split(QLatin1Char('='));
            pairs.emplace_back(parts[0].toStdString(), parts[1].toStdString());
        }
        const Verdict v = judgeIt(connection(static_cast<std::uint8_t>(transport), qPrintable(server),
                                             static_cast<std::uint16_t>(port), qPrintable(protocol), pairs));
        QCOMPARE(hasNote(v, note.toStdString()), present);
        for (const auto &n : v.notes) QVERIFY(!n.message.toString().empty());
    }

    void notesRaiseAnExpectedVerdictToANote()
    {
        const Verdict telnet = judgeIt(connection(6, "198.51.100.1", 23, "Telnet"));
        QCOMPARE(telnet.kind, VerdictKind::Note);
        QCOMPARE(telnet.severity, Severity::Warning);
        QVERIFY(telnet.flagged());
        const Verdict bgp = judgeIt(connection(6, "192.0.2.1", 179, "BGP"));
        QCOMPARE(bgp.kind, VerdictKind::Expected); // an info note does not change the kind
        QCOMPARE(bgp.severity, Severity::Info);
    }

    void messagesFillTheirArguments()
    {
        const Message m{"%1 on %2, which normally carries %3", {"SSH", "443/tcp", "HTTPS"}};
        QCOMPARE(m.toString(), std::string("SSH on 443/tcp, which normally carries HTTPS"));
        QCOMPARE((Message{"100% sure %9", {}}).toString(), std::string("100% sure "));
    }
};

QTEST_GUILESS_MAIN(TestVerdict)
#include "tst_verdict.moc"
