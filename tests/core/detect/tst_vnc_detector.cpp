// VNC detector: RFB version exchanges written by hand, near misses, other protocols' opening
// bytes, every truncation, and nDPI's VNC capture (VNC on 6900/tcp) through the pipeline.
#include "detector_test_support.h"
#include "registered_tests.h"

#include "core/analysis/analysis_pipeline.h"
#include "core/capture/packet_source.h"

#include <QFileInfo>

using namespace portlens;
using namespace portlens::test;

namespace {

const std::string kServer38 = "RFB 003.008\n";
const std::string kClient38 = "RFB 003.008\n";
const std::string kServer41 = "RFB 004.001\n"; // RealVNC 4.x and others

bool hasNote(const Verdict &v, std::string_view code)
{
    for (const VerdictNote &n : v.notes)
        if (n.code == code) return true;
    return false;
}

} // namespace

class TestVncDetector : public QObject {
    Q_OBJECT

private slots:
    void versionExchangeIsHigh()
    {
        const auto d = run(detectorNamed("VNC"), tcp(5900, {fromServer(kServer38), fromClient(kClient38)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("VNC"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "vnc.server_version"), std::string("003.008"));
        QCOMPARE(meta(d, "vnc.client_version"), std::string("003.008"));
        QCOMPARE(d->evidence.direction, Direction::ToClient);
        QCOMPARE(d->evidence.length, 12u);
    }

    void oneSideIsMedium()
    {
        const auto server = run(detectorNamed("VNC"), tcp(5901, {fromServer(kServer41)}));
        QCOMPARE(confidenceOf(server), Confidence::Medium);
        QCOMPARE(meta(server, "vnc.server_version"), std::string("004.001"));
        // A capture that starts after the server's greeting: the client's answer alone.
        const auto client = run(detectorNamed("VNC"), tcp(5900, {fromClient(kClient38 + "\x01")}));
        QCOMPARE(confidenceOf(client), Confidence::Medium);
        QCOMPARE(client->evidence.direction, Direction::ToServer);
    }

    void nearMissesAndOtherProtocolsAreNotVnc()
    {
        const Detector &vnc = detectorNamed("VNC");
        for (const std::string &bytes : {std::string("RFB 003.008"), std::string("RFB 03.008\n\n"), std::string("RFB 003,008\n"),
                                         std::string("rfb 003.008\n"), std::string("RFB 003.00x\n"), std::string("RFB 003.008\r"),
                                         std::string("SSH-2.0-OpenSSH_9.6\r\n"), std::string("220 mail ESMTP\r\n"),
                                         hex("16 03 01 00 2e 01 00 00 2a 03 03")}) {
            QVERIFY2(!run(vnc, tcp(5900, {fromServer(bytes)})), bytes.c_str());
            QVERIFY2(!run(vnc, tcp(5900, {fromClient(bytes)})), bytes.c_str());
        }
        // The whole registry does not mistake an RFB greeting for anything else, and VNC on
        // another port is still VNC.
        QCOMPARE(detectedProtocol(tcp(6900, {fromServer(kServer38), fromClient(kClient38)})), std::string("VNC"));
    }

    void ruledOutOnlyOnceEverySpeakerSentTwelveOtherBytes()
    {
        const Detector &vnc = detectorNamed("VNC");
        const auto ruled = [&](const Connection &c) { return vnc.ruledOut(DetectionInput{c}); };
        QVERIFY(!ruled(tcp(5900, {})));
        QVERIFY(!ruled(tcp(5900, {fromServer("RFB 00")})));             // too few bytes to tell
        QVERIFY(ruled(tcp(5900, {fromServer("220 ftp.example ready\r\n")})));
        QVERIFY(!ruled(tcp(5900, {fromServer(kServer38)})));
    }

    void survivesEveryTruncation()
    {
        QVERIFY(portlens::test::survivesEveryTruncation(detectorNamed("VNC"), 6, 5900,
                                                        {fromServer(kServer38), fromClient(kClient38)}));
    }

    void verdictsOnAndOffThePort()
    {
        Connection on = tcp(5900, {fromServer(kServer38), fromClient(kClient38)});
        on.toServer.payloadBytes = kClient38.size();
        DetectionEngine(DetectorRegistry::builtin(), &PortKnowledge::builtin()).detectNow(on);
        const Verdict expected = judge(on, PortKnowledge::builtin());
        QCOMPARE(expected.kind, VerdictKind::Note); // the port's normal service, with the clear-text note
        QCOMPARE(expected.portService, std::string("VNC"));
        QVERIFY(hasNote(expected, "vnc-unencrypted"));
        Connection off = tcp(443, {fromServer(kServer38), fromClient(kClient38)});
        DetectionEngine(DetectorRegistry::builtin(), &PortKnowledge::builtin()).detectNow(off);
        QCOMPARE(judge(off, PortKnowledge::builtin()).kind, VerdictKind::Mismatch);
    }

    // nDPI names both connections of its capture VNC (on 6900/tcp).
    void ndpiCaptureIsVnc()
    {
        const QString capture = QStringLiteral(PORTLENS_CORPUS_DIR "/ndpi/vnc.pcap");
        if (!QFileInfo::exists(capture)) QSKIP("no shared corpus");
        auto opened = PacketSource::openFile(capture.toStdString());
        QVERIFY(opened.source);
        std::vector<JudgedConnection> rows;
        AnalysisPipeline analysis({}, [&](JudgedConnection &&row) { rows.push_back(std::move(row)); });
        analysis.run(*opened.source);
        QCOMPARE(rows.size(), std::size_t{2});
        for (const JudgedConnection &row : rows) {
            QCOMPARE(row.connection.detection.protocol, std::string("VNC"));
            QCOMPARE(row.connection.server.port, std::uint16_t{6900});
            QVERIFY(hasNote(row.verdict, "vnc-unencrypted"));
        }
    }
};

PORTLENS_REGISTER_TEST(TestVncDetector)
#include "tst_vnc_detector.moc"
