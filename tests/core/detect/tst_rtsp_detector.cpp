// core/detect/rtsp_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "text_dialogue_samples.h"
#include "registered_tests.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <random>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::text_dialogue_samples;

class TestRtspDetector : public QObject {
    Q_OBJECT

private slots:
    void rtspSession()
    {
        const auto rtsp = &detectorNamed("RTSP");
        const auto d = run(*rtsp, tcp(554, kRtspSession));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("RTSP"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.direction, Direction::ToServer);
        QCOMPARE(d->evidence.length, 46u); // "OPTIONS rtsp://192.0.2.50:554/stream1 RTSP/1.0"
        QVERIFY(says(d, "RTSP request line 'OPTIONS rtsp://192.0.2.50:554/stream1 RTSP/1.0'"));
        QCOMPARE(meta(d, "rtsp.method"), std::string("OPTIONS"));
        QCOMPARE(meta(d, "rtsp.url"), std::string("rtsp://192.0.2.50:554/stream1"));
        QCOMPARE(meta(d, "rtsp.user_agent"), std::string("LibVLC/3.0.20 (LIVE555 Streaming Media v2016.11.28)"));
        QCOMPARE(meta(d, "rtsp.status"), std::string("200"));
        QCOMPARE(meta(d, "rtsp.server"), std::string("GStreamer RTSP server"));
    }

    void rtspOneSideAndCredentials()
    {
        const auto rtsp = &detectorNamed("RTSP");
        auto d = run(*rtsp, tcp(8554, {fromClient("DESCRIBE rtsp://admin:hunter2@cam.example/live RTSP/1.0\r\nCSeq: 2\r\n\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(meta(d, "rtsp.url"), std::string("rtsp://cam.example/live"));
        QVERIFY(neverShows(d, "hunter2"));
        d = run(*rtsp, tcp(8554, {fromServer("RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\n\r\n")}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(d->evidence.direction, Direction::ToClient);
        QVERIFY(run(*rtsp, tcp(554, {fromClient("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")})).has_value());
    }

    void rtspNegatives()
    {
        const auto rtsp = &detectorNamed("RTSP");
        QVERIFY(!run(*rtsp, tcp(554, kHttpPlain)));
        QVERIFY(!run(*rtsp, tcp(554, {fromClient("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")})));
        QVERIFY(!run(*rtsp, tcp(554, {fromClient("OPTIONS http://example.com/ RTSP/1.0\r\n\r\n")})));
        QVERIFY(!run(*rtsp, tcp(554, {fromServer("RTSP/1.0 OK\r\n\r\n")})));
        QVERIFY(!run(*rtsp, tcp(554, kFtpSession)));
        QVERIFY(!run(*rtsp, tcp(554, {fromClient(randomBytes(60, 600)), fromServer(randomBytes(61, 600))})));
        // ... and the HTTP detector keeps out of RTSP.
        QVERIFY(!run(detectorNamed("HTTP"), tcp(554, kRtspSession)));
        QVERIFY(survivesEveryTruncation(*rtsp, 6, 554, kRtspSession));
    }
};

PORTLENS_REGISTER_TEST(TestRtspDetector)
#include "tst_rtsp_detector.moc"
