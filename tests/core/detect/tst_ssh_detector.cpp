// core/detect/ssh_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "registered_tests.h"

using namespace portlens;
using namespace portlens::test;

class TestSshDetector : public QObject {
    Q_OBJECT

private slots:
    void sshBanners()
    {
        const auto ssh = &detectorNamed("SSH");
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
        const auto ssh = &detectorNamed("SSH");
        QVERIFY(!run(*ssh, tcp(22, {fromServer("SSH-9.0-nonsense\r\n")})));
        QVERIFY(!run(*ssh, tcp(22, {fromClient("GET / HTTP/1.1\r\n\r\n")})));
        QVERIFY(!run(*ssh, tcp(22, {fromServer(std::string("SSH-2.0-\x01\x02\r\n", 12))})));
        QVERIFY(!run(*ssh, tcp(22, {})));
        QVERIFY(survivesEveryTruncation(*ssh, 6, 22, {fromServer("SSH-2.0-OpenSSH_9.6\r\n"), fromClient("SSH-2.0-x\r\n")}));
    }
};

PORTLENS_REGISTER_TEST(TestSshDetector)
#include "tst_ssh_detector.moc"
