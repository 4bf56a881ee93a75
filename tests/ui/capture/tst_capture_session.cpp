// CaptureSession with the real helper on 'lo': the analysis reads the pipe it hands over, Stop
// ends the helper cleanly, the temporary pcapng is complete and "Save capture as" copies it; and
// the faults a user meets become clear messages (no permission with the how-to, invalid filter,
// missing interface, missing helper, crash).
#include "loopback_servers.h"

#include "ui/capture/capture_session.h"

#include "core/capture/packet_source.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <pcap/pcap.h>
#include <signal.h>

#include <cstdio>
#include <future>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::ui;

namespace {

const QString kHelper = QStringLiteral(PORTLENS_CAPTURE_HELPER);

QString captureRightsMissing()
{
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t *handle = pcap_create("lo", errbuf);
    if (!handle) return QString::fromLocal8Bit(errbuf);
    const int status = pcap_activate(handle);
    pcap_close(handle);
    if (status < 0) return QStringLiteral("no capture rights on lo (run as root)");
    return {};
}

// Reads a pcapng stream to its end on another thread, as the GUI's worker does.
std::future<std::uint64_t> readInBackground(int fd)
{
    return std::async(std::launch::async, [fd]() -> std::uint64_t {
        auto opened = PacketSource::openStream(::fdopen(fd, "rb"), "live:lo");
        if (!opened.source) return 0;
        RawPacket packet;
        std::uint64_t packets = 0;
        while (opened.source->next(packet)) ++packets;
        return packets;
    });
}

} // namespace

class TestCaptureSession : public QObject {
    Q_OBJECT

    QString m_skip;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        qRegisterMetaType<CaptureSession::Fault>();
        m_skip = captureRightsMissing();
    }

    void missingHelperIsReported()
    {
        CaptureSession session;
        session.setHelperCommand(QStringLiteral("/nonexistent/portlens-capture"));
        QSignalSpy failed(&session, &CaptureSession::failed);
        QVERIFY(!session.start({QStringLiteral("lo"), {}}));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).value<CaptureSession::Fault>(), CaptureSession::Fault::HelperMissing);
    }

    void captureStopAndSave()
    {
        if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
        QVERIFY(m_dir.isValid());
        UdpServer echo([](const std::string &q) { return q; });
        CaptureSession session;
        session.setHelperCommand(kHelper);
        QSignalSpy started(&session, &CaptureSession::started);
        QSignalSpy stats(&session, &CaptureSession::statisticsChanged);
        QSignalSpy finished(&session, &CaptureSession::finished);
        QSignalSpy failed(&session, &CaptureSession::failed);
        QVERIFY(session.start({QStringLiteral("lo"), QStringLiteral("udp port %1").arg(echo.port())}));
        QVERIFY(started.wait(10'000));
        auto reader = readInBackground(session.takeStreamFd());
        QCOMPARE(session.takeStreamFd(), -1); // handed over once
        for (int i = 0; i < 20; ++i) QVERIFY(!udpExchange(echo.port(), "ping " + std::to_string(i)).empty());
        // The helper reports once a second; wait until it has written all 40 packets.
        for (int i = 0; i < 5 && session.statistics().captured < 40; ++i) stats.wait(1500);
        QString error;
        QVERIFY(!session.saveCaptureAs(m_dir.filePath(QStringLiteral("early.pcapng")), &error)); // still running
        QVERIFY(!error.isEmpty());
        session.stop();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QCOMPARE(failed.count(), 0);
        const std::uint64_t streamed = reader.get();
        // All 20 requests and 20 echoes, and everything the helper captured came through the pipe.
        // (With a 262144-byte snap length and a 4 MiB ring, immediate mode had 16 slots and lost
        // bursts like this one: the helper's defaults are sized for it now.)
        QCOMPARE(streamed, session.statistics().captured);
        QCOMPARE(streamed, std::uint64_t{40});
        QCOMPARE(session.statistics().droppedKernel, std::uint64_t{0});

        const QString saved = m_dir.filePath(QStringLiteral("saved.pcapng"));
        QVERIFY2(session.saveCaptureAs(saved, &error), qPrintable(error));
        auto file = PacketSource::openFile(saved.toStdString());
        QVERIFY(file.source);
        RawPacket packet;
        std::uint64_t packets = 0;
        while (file.source->next(packet)) ++packets;
        QVERIFY(!file.source->error());
        QCOMPARE(packets, streamed);
    }

    void noPermissionExplainsHowToGetIt()
    {
        if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
        const QString capsh = QStandardPaths::findExecutable(QStringLiteral("capsh"));
        if (capsh.isEmpty()) QSKIP("capsh (libcap2-bin) is not installed");
        CaptureSession session;
        // capsh drops the rights, then runs the helper with the session's arguments.
        session.setHelperCommand(capsh, {QStringLiteral("--drop=cap_net_raw,cap_net_admin"), QStringLiteral("--"),
                                         QStringLiteral("-c"), QStringLiteral("exec \"$0\" \"$@\""), kHelper});
        QSignalSpy failed(&session, &CaptureSession::failed);
        QSignalSpy finished(&session, &CaptureSession::finished);
        QVERIFY(session.start({QStringLiteral("lo"), {}}));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).value<CaptureSession::Fault>(), CaptureSession::Fault::Permission);
        const QString message = failed.at(0).at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("No permission to capture")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("setcap cap_net_raw,cap_net_admin=eip")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("usermod -aG")), qPrintable(message));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
    }

    void faults_data()
    {
        QTest::addColumn<QString>("interface");
        QTest::addColumn<QString>("filter");
        QTest::addColumn<CaptureSession::Fault>("fault");
        QTest::addColumn<QString>("words");
        QTest::newRow("invalid filter") << QStringLiteral("lo") << QStringLiteral("tcp port 70000")
                                        << CaptureSession::Fault::InvalidFilter << QStringLiteral("not valid");
        QTest::newRow("missing interface") << QStringLiteral("portlens-none0") << QString()
                                           << CaptureSession::Fault::NoSuchInterface << QStringLiteral("missing");
    }
    void faults()
    {
        if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
        QFETCH(QString, interface);
        QFETCH(QString, filter);
        QFETCH(CaptureSession::Fault, fault);
        QFETCH(QString, words);
        CaptureSession session;
        session.setHelperCommand(kHelper);
        QSignalSpy failed(&session, &CaptureSession::failed);
        QSignalSpy finished(&session, &CaptureSession::finished);
        QVERIFY(session.start({interface, filter}));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).value<CaptureSession::Fault>(), fault);
        QVERIFY2(failed.at(0).at(1).toString().contains(words), qPrintable(failed.at(0).at(1).toString()));
    }

    void helperCrashKeepsTheCapture()
    {
        if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
        UdpServer echo([](const std::string &q) { return q; });
        CaptureSession session;
        session.setHelperCommand(kHelper);
        QSignalSpy started(&session, &CaptureSession::started);
        QSignalSpy failed(&session, &CaptureSession::failed);
        QSignalSpy finished(&session, &CaptureSession::finished);
        QVERIFY(session.start({QStringLiteral("lo"), QStringLiteral("udp port %1").arg(echo.port())}));
        QVERIFY(started.wait(10'000));
        auto reader = readInBackground(session.takeStreamFd());
        for (int i = 0; i < 5; ++i) udpExchange(echo.port(), "x");
        QTest::qWait(300);
        // Find the helper's pid through its capture file's owner: the session's only child.
        const QString path = session.temporaryCapturePath();
        QVERIFY(QFile::exists(path));
        QProcess pgrep;
        pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-P"), QString::number(QCoreApplication::applicationPid()),
                                              QStringLiteral("-f"), QStringLiteral("portlens-capture")});
        QVERIFY(pgrep.waitForFinished());
        const qint64 pid = QString::fromUtf8(pgrep.readAllStandardOutput()).trimmed().toLongLong();
        QVERIFY(pid > 0);
        ::kill(pid_t(pid), SIGKILL);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).value<CaptureSession::Fault>(), CaptureSession::Fault::HelperCrashed);
        QVERIFY(reader.get() >= 10);
        QVERIFY(session.saveCaptureAs(m_dir.filePath(QStringLiteral("after-crash.pcapng"))));
    }
};

QTEST_MAIN(TestCaptureSession)
#include "tst_capture_session.moc"
