// core/detect/http_detector.cpp: positives, negatives, truncation at every length, metadata.
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

class TestHttpDetector : public QObject {
    Q_OBJECT

private slots:
    void httpUpnp()
    {
        const auto http = &detectorNamed("HTTP");
        const std::string description =
            "<?xml version=\"1.0\"?>\r\n<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device>"
            "<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType></device></root>\r\n";
        auto d = run(*http, tcp(5000, {fromClient("GET /rootDesc.xml HTTP/1.1\r\nHost: 192.0.2.1:5000\r\n\r\n"),
                                       fromServer("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n"
                                                  "Server: OpenWRT/23.05 UPnP/1.1 MiniUPnPd/2.3.4\r\n\r\n" + description)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "http.upnp"), std::string("yes"));
        QCOMPARE(meta(d, "http.path"), std::string("/rootDesc.xml"));
        // No Server header: the .xml path answered with a device description.
        d = run(*http, tcp(5000, {fromClient("GET /description.xml HTTP/1.1\r\nHost: 192.0.2.1:5000\r\n\r\n"),
                                  fromServer("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n" + description)}));
        QCOMPARE(meta(d, "http.upnp"), std::string("yes"));
        // Plain HTTP is not marked, and an unrelated .xml neither.
        QCOMPARE(meta(run(*http, tcp(80, kHttpPlain)), "http.upnp"), std::string());
        QCOMPARE(meta(run(*http, tcp(80, {fromClient("GET /sitemap.xml HTTP/1.1\r\nHost: a\r\n\r\n"),
                                          fromServer("HTTP/1.1 200 OK\r\n\r\n<urlset/>")})),
                      "http.upnp"),
                 std::string());
        QCOMPARE(detectedProtocol(tcp(5000, {fromClient("GET /rootDesc.xml HTTP/1.1\r\nHost: 192.0.2.1:5000\r\n\r\n")})),
                 std::string("HTTP"));
    }

    void httpRequestAndResponse()
    {
        const auto http = &detectorNamed("HTTP");
        const Connection c = tcp(22, {fromClient("GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: curl/8.5.0\r\n"
                                                 "Authorization: Basic dXNlcjpwYXNz\r\n\r\n"),
                                      fromServer("HTTP/1.1 200 OK\r\nServer: nginx/1.24.0\r\n\r\n")});
        const auto d = run(*http, c);
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "http.method"), std::string("GET"));
        QCOMPARE(meta(d, "http.path"), std::string("/index.html"));
        QCOMPARE(meta(d, "http.host"), std::string("www.example.com"));
        QCOMPARE(meta(d, "http.user_agent"), std::string("curl/8.5.0"));
        QCOMPARE(meta(d, "http.authorization"), std::string("Basic")); // never the credentials themselves
        QCOMPARE(meta(d, "http.status"), std::string("200"));
        QCOMPARE(meta(d, "http.server"), std::string("nginx/1.24.0"));
        QCOMPARE(d->evidence.length, 24u); // "GET /index.html HTTP/1.1"
    }

    void httpNegatives()
    {
        const auto http = &detectorNamed("HTTP");
        QVERIFY(!run(*http, tcp(80, {fromClient("GETTING STARTED\r\n")})));
        QVERIFY(!run(*http, tcp(80, {fromClient("GET / FTP/1.0\r\n")})));
        QVERIFY(!run(*http, tcp(80, {fromServer("HTTP/2 200\r\n")})));
        QVERIFY(survivesEveryTruncation(*http, 6, 80, {fromClient("POST /x HTTP/1.0\r\nHost: a\r\n\r\n"), fromServer("HTTP/1.0 404 Not Found\r\n\r\n")}));
    }
};

PORTLENS_REGISTER_TEST(TestHttpDetector)
#include "tst_http_detector.moc"
