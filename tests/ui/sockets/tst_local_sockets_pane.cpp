// LocalSocketsPane and its model: rows from a fixed snapshot (checked by QAbstractItemModelTester),
// refresh in place, the port / prefix / program filters, the explanations, the timer that only
// runs while the pane is visible, and the live snapshot showing this test's own listener.
#include "loopback_servers.h"

#include "ui/sockets/local_sockets_model.h"
#include "ui/sockets/local_sockets_pane.h"

#include "core/sockets/local_sockets.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QTimer>

using namespace portlens;
using namespace portlens::ui;

namespace {

// QTRY_VERIFY's timeout arithmetic trips -Wconversion; the same, spelled out.
template <typename Predicate>
bool waitUntil(Predicate done, int timeoutMs = 5000)
{
    for (int waited = 0; !done() && waited < timeoutMs; waited += 10) QTest::qWait(10);
    return done();
}

LocalSocket socket(std::uint8_t transport, const char *address, std::uint16_t port, SocketState state,
                   const char *program, int pid)
{
    LocalSocket s;
    s.transport = transport;
    s.localAddress = *IpAddress::parse(address);
    s.localPort = port;
    s.state = state;
    s.inode = std::uint64_t(port) * 10 + transport;
    if (program) s.processes.push_back({pid, program, 0, "root"});
    return s;
}

SocketSnapshot sample()
{
    SocketSnapshot snapshot;
    snapshot.sockets = {
        socket(6, "127.0.0.1", 25, SocketState::Listen, "exim4", 851),
        socket(6, "0.0.0.0", 22, SocketState::Listen, "sshd", 700),
        socket(17, "0.0.0.0", 5353, SocketState::Close, "avahi-daemon", 600),
        socket(17, "0.0.0.0", 53169, SocketState::Close, "avahi-daemon", 600),
        socket(17, "127.0.0.53", 53, SocketState::Close, "systemd-resolve", 500),
        socket(6, "0.0.0.0", 5432, SocketState::Listen, nullptr, 0),
    };
    snapshot.sockets.back().ownerHidden = true;
    return snapshot;
}

} // namespace

class TestLocalSocketsPane : public QObject {
    Q_OBJECT

private slots:
    void modelUnderTester()
    {
        LocalSocketsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSockets(sample().sockets);
        QCOMPARE(model.rowCount(), 6);
        // Refresh with one socket gone and one new: rows change in place, not by a reset.
        auto next = sample().sockets;
        next.erase(next.begin());
        next.push_back(socket(6, "0.0.0.0", 8080, SocketState::Listen, "python3", 4242));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setSockets(next);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.rowCount(), 6);
        model.setSockets({});
        QCOMPARE(model.rowCount(), 0);
    }

    void displayAndExplanations()
    {
        LocalSocketsModel model;
        model.setSockets(sample().sockets);
        int exim = -1, hidden = -1;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, LocalSocketsModel::Process).data().toString() == QStringLiteral("exim4")) exim = row;
            if (model.socketAt(row).ownerHidden) hidden = row;
        }
        QVERIFY(exim >= 0 && hidden >= 0);
        QCOMPARE(model.index(exim, LocalSocketsModel::Local).data().toString(), QStringLiteral("127.0.0.1:25"));
        QCOMPARE(model.index(exim, LocalSocketsModel::Reach).data().toString(), QStringLiteral("this machine only"));
        QCOMPARE(model.index(exim, LocalSocketsModel::Pid).data().toString(), QStringLiteral("851"));
        QVERIFY(model.index(exim, LocalSocketsModel::Reach).data(Qt::ToolTipRole).toString().contains(
            QStringLiteral("only be reached from this machine")));
        QVERIFY(model.index(hidden, LocalSocketsModel::Process).data().toString().contains(QStringLiteral("hidden")));
        QCOMPARE(model.index(hidden, LocalSocketsModel::Local).data().toString(), QStringLiteral("*:5432"));
    }

    void filters()
    {
        LocalSocketsPane pane;
        pane.setSource(sample);
        pane.refresh();
        QSortFilterProxyModel *proxy = pane.proxy();
        QCOMPARE(proxy->rowCount(), 6);
        pane.setFilterText(QStringLiteral("53"));
        QCOMPARE(proxy->rowCount(), 1); // exactly port 53
        pane.setFilterText(QStringLiteral("53*"));
        QCOMPARE(proxy->rowCount(), 3); // 53, 5353, 53169: the article's "ports starting with 53"
        QVERIFY(pane.explanationText().contains(QStringLiteral("UDP")));
        // systemd-resolved's 127.0.0.53:53 is a server only this machine can reach.
        QVERIFY(pane.explanationText().contains(QStringLiteral("127.0.0.1 or ::1")));
        pane.setFilterText(QStringLiteral("22"));
        QVERIFY(!pane.explanationText().contains(QStringLiteral("127.0.0.1 or ::1")));
        QVERIFY(!pane.explanationText().contains(QStringLiteral("UDP")));
        pane.setFilterText(QStringLiteral("avahi"));
        QCOMPARE(proxy->rowCount(), 2);
        pane.setFilterText(QStringLiteral("EXIM"));
        QCOMPARE(proxy->rowCount(), 1);
        QVERIFY(pane.explanationText().contains(QStringLiteral("127.0.0.1 or ::1")));
        pane.setFilterText({});
        pane.setListeningOnly(true);
        QCOMPARE(proxy->rowCount(), 6);
        QVERIFY(pane.explanationText().contains(QStringLiteral("only root")));
    }

    void refreshesOnlyWhileVisible()
    {
        LocalSocketsPane pane;
        int reads = 0;
        pane.setSource([&reads] {
            ++reads;
            return sample();
        });
        pane.setRefreshInterval(50);
        QVERIFY(!pane.refreshTimer()->isActive());
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QVERIFY(pane.refreshTimer()->isActive());
        QVERIFY(waitUntil([&] { return reads >= 3; }));
        pane.hide();
        QVERIFY(!pane.refreshTimer()->isActive());
        const int afterHide = reads;
        QTest::qWait(200);
        QCOMPARE(reads, afterHide);
    }

    void showsThisTestsListener()
    {
        portlens::test::TcpServer server({}, [](int) {});
        LocalSocketsPane pane; // the real /proc
        pane.setFilterText(QString::number(server.port()));
        pane.refresh();
        QCOMPARE(pane.proxy()->rowCount(), 1);
        const QModelIndex pid = pane.proxy()->index(0, LocalSocketsModel::Pid);
        QCOMPARE(pid.data().toString(), QString::number(QCoreApplication::applicationPid()));
    }
};

QTEST_MAIN(TestLocalSocketsPane)
#include "tst_local_sockets_pane.moc"
