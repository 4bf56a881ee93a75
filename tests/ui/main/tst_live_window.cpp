// Live capture through the main window, as an analyst does it: pick 'lo', type a filter, start
// (the bar's Start), make a connection, stop. The connection appears in the table with its
// detected protocol, its verdict and the local program that owns it (this test's own pid).
// Needs capture rights on 'lo' (root in CI); skips with the reason otherwise.
#include "loopback_servers.h"

#include "ui/capture/capture_bar.h"
#include "ui/capture/capture_session.h"
#include "ui/main/connection_model.h"
#include "ui/main/main_window.h"

#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <pcap/pcap.h>
#include <unistd.h>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::ui;

namespace {

QString captureRightsMissing()
{
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t *handle = pcap_create("lo", errbuf);
    if (!handle) return QString::fromLocal8Bit(errbuf);
    const int status = pcap_activate(handle);
    pcap_close(handle);
    return status < 0 ? QStringLiteral("no capture rights on lo (run as root)") : QString();
}

} // namespace

class TestLiveWindow : public QObject {
    Q_OBJECT

private slots:
    void captureOnLoopbackFillsTheTable()
    {
        if (const QString why = captureRightsMissing(); !why.isEmpty()) QSKIP(qPrintable(why));
        // An SSH server on a port that is not 22: the table must say SSH, and that it is off 22.
        TcpServer ssh({}, [](int fd) {
            sendAll(fd, "SSH-2.0-OpenSSH_9.6 test\r\n");
            receiveSome(fd);
        });
        QVERIFY(ssh.port() != 0);

        MainWindow window;
        window.show();
        window.captureSession()->setHelperCommand(QStringLiteral(PORTLENS_CAPTURE_HELPER));
        QSignalSpy started(window.captureSession(), &CaptureSession::started);
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        const QString filter = QStringLiteral("tcp port %1").arg(ssh.port());
        Q_EMIT window.captureBar()->startRequested(QStringLiteral("lo"), filter);
        QVERIFY(started.wait(10'000));

        QCOMPARE(tcpExchange(ssh.port(), "SSH-2.0-PortLensTest\r\n", true).substr(0, 8), std::string("SSH-2.0-"));
        QTest::qWait(300); // the helper hands packets over in blocks, at most ~100 ms late
        window.captureSession()->stop();
        QVERIFY(finished.wait(20'000));

        const ConnectionModel &model = *window.connectionModel();
        QCOMPARE(model.rowCount(), 1);
        const ConnectionSnapshot &row = model.snapshot(0);
        QCOMPARE(row.connection.server.port, ssh.port());
        QCOMPARE(QString::fromStdString(row.connection.detection.protocol), QStringLiteral("SSH"));
        // Owner of both ends is this process; the column is shown for live captures.
        const QString process = model.data(model.index(0, ConnectionModel::ProcessColumn)).toString();
        QVERIFY2(process.contains(QStringLiteral("pid %1").arg(::getpid())), qPrintable(process));
        QVERIFY(!window.connectionTable()->isColumnHidden(ConnectionModel::ProcessColumn));
        QVERIFY(window.summaryText().contains(QStringLiteral("Connections: 1")));
    }
};

QTEST_MAIN(TestLiveWindow)
#include "tst_live_window.moc"
