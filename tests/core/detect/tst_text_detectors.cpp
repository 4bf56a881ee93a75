// Detectors for SSH and HTTP/1.x: positive, negative, truncated at every length, metadata.
#include "detector_test_support.h"

using namespace portlens;
using namespace portlens::test;

class TestTextDetectors : public QObject {
    Q_OBJECT

private slots:
    void sshBanners()
    {
        const auto ssh = makeSshDetector();
        const Connection c = tcp(443, {fromServer("SSH-2.0-OpenSSH_9.6p1 Debian-3\r\n"), fromClient("SSH-2.0-OpenSSH_9.2p1\r\n")});
        const auto d = run(*ssh, c);
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("SSH"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(d->evidence.direction, Direction::ToClient);
        QCOMPARE(d->evidence.length, 30u);
        QCOMPARE(meta(d, "ssh.server"), std::string("SSH-2.0-OpenSSH_9.6p1 Debian-3"));
        QCOMPARE(meta(d, "ssh.client"), std::string("SSH-2.0-OpenSSH_9.2p1"));
        QVERIFY(QByteArray::fromStdString(d->evidence.sentence).contains("server's data"));
    }

    void sshNegatives()
    {
        const auto ssh = makeSshDetector();
        QVERIFY(!run(*ssh, tcp(22, {fromServer("SSH-9.0-nonsense\r\n")})));
        QVERIFY(!run(*ssh, tcp(22, {fromClient("GET / HTTP/1.1\r\n\r\n")})));
        QVERIFY(!run(*ssh, tcp(22, {fromServer(std::string("SSH-2.0-\x01\x02\r\n", 12))})));
        QVERIFY(!run(*ssh, tcp(22, {})));
        QVERIFY(survivesEveryTruncation(*ssh, 6, 22, {fromServer("SSH-2.0-OpenSSH_9.6\r\n"), fromClient("SSH-2.0-x\r\n")}));
    }

    void httpRequestAndResponse()
    {
        const auto http = makeHttpDetector();
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
        const auto http = makeHttpDetector();
        QVERIFY(!run(*http, tcp(80, {fromClient("GETTING STARTED\r\n")})));
        QVERIFY(!run(*http, tcp(80, {fromClient("GET / FTP/1.0\r\n")})));
        QVERIFY(!run(*http, tcp(80, {fromServer("HTTP/2 200\r\n")})));
        QVERIFY(survivesEveryTruncation(*http, 6, 80, {fromClient("POST /x HTTP/1.0\r\nHost: a\r\n\r\n"), fromServer("HTTP/1.0 404 Not Found\r\n\r\n")}));
    }

    void registryPicksFromBytesNotPorts()
    {
        QCOMPARE(detectedProtocol(tcp(443, {fromServer("SSH-2.0-OpenSSH_9.6\r\n")})), std::string("SSH"));
        QCOMPARE(detectedProtocol(tcp(22, {fromClient("GET / HTTP/1.1\r\nHost: x\r\n\r\n")})), std::string("HTTP"));
        QCOMPARE(detectedProtocol(tcp(80, {fromClient(hex("00 01 02 03 ff fe"))})), std::string());
    }
};

QTEST_GUILESS_MAIN(TestTextDetectors)
#include "tst_text_detectors.moc"
