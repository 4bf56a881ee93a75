// core/sockets: the /proc/net parser on fixed text, then this process's own sockets read live,
// compared with `ss -tulpn`, and ProcessLookup naming the program behind a loopback connection.
#include "loopback_servers.h"
#include "program_run.h"

#include "core/sockets/local_sockets.h"
#include "core/sockets/proc_net_parser.h"
#include "core/sockets/process_lookup.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <unistd.h>

using namespace portlens;
using namespace portlens::test;

namespace {

Endpoint endpoint(const char *address, std::uint16_t port)
{
    return {*IpAddress::parse(address), port};
}

const LocalSocket *find(const SocketSnapshot &snapshot, std::uint8_t transport, std::uint16_t port, bool listening)
{
    for (const LocalSocket &s : snapshot.sockets)
        if (s.transport == transport && s.localPort == port && s.isListening() == listening) return &s;
    return nullptr;
}

QString ownComm()
{
    QFile comm(QStringLiteral("/proc/self/comm"));
    if (!comm.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(comm.readAll()).trimmed();
}

using Run = ProgramRun;

Run run(const QString &program, const QStringList &arguments) { return runProgram(program, arguments, 30'000); }

} // namespace

class TestLocalSockets : public QObject {
    Q_OBJECT

private slots:
    void parsesTcpListenerOnLoopback()
    {
        // exim on 127.0.0.1:25, as the kernel prints it (address words in host byte order).
        const auto s = parseProcNetLine("   0: 0100007F:0019 00000000:0000 0A 00000000:00000000 00:00000000 "
                                        "00000000   101        0 23456 1 0000000000000000 100 0 0 10 0",
                                        6, false);
        QVERIFY(s);
        QCOMPARE(s->localAddress.toString(), std::string("127.0.0.1"));
        QCOMPARE(s->localPort, 25);
        QCOMPARE(s->state, SocketState::Listen);
        QCOMPARE(s->uid, 101u);
        QCOMPARE(s->inode, 23456u);
        QVERIFY(s->isListening());
        QVERIFY(s->isLoopbackOnly());
        QVERIFY(!s->isWildcard());
        QCOMPARE(std::string(socketStateName(*s)), std::string("LISTEN"));
    }

    void parsesIpv6AndUdp()
    {
        // ::1 port 25, listening; then an established IPv6 connection; then avahi's UDP 5353.
        const std::string text =
            "  sl  local_address                         remote_address                        st tx_queue rx_queue "
            "tr tm->when retrnsmt   uid  timeout inode\n"
            "   0: 00000000000000000000000001000000:0019 00000000000000000000000000000000:0000 0A 00000000:00000000 "
            "00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0\n"
            "   1: B80D0120000000000000000001000000:C350 B80D0120000000000000000002000000:01BB 01 00000000:00000000 "
            "00:00000000 00000000  1000        0 778 1 0000000000000000 20 4 30 10 -1\n"
            "garbage line\n";
        const auto sockets = parseProcNet(text, 6, true);
        QCOMPARE(sockets.size(), std::size_t{2});
        QCOMPARE(sockets[0].localAddress.toString(), std::string("::1"));
        QVERIFY(sockets[0].isLoopbackOnly());
        QCOMPARE(sockets[1].localAddress.toString(), std::string("2001:db8::1"));
        QCOMPARE(sockets[1].remoteAddress.toString(), std::string("2001:db8::2"));
        QCOMPARE(sockets[1].remotePort, 443);
        QCOMPARE(sockets[1].state, SocketState::Established);

        const auto udp = parseProcNetLine("  991: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 "
                                          "00000000   108        0 18330 2 0000000000000000 0",
                                          17, false);
        QVERIFY(udp);
        QVERIFY(udp->isListening());
        QVERIFY(udp->isWildcard());
        QCOMPARE(std::string(socketStateName(*udp)), std::string("UNCONN"));
    }

    void filters()
    {
        LocalSocket s;
        s.transport = 17;
        s.localPort = 5353;
        s.state = SocketState::Close;
        s.processes.push_back({851, "avahi-daemon", 108, "avahi"});
        SocketFilter f;
        f.portPrefix = "53";
        QVERIFY(f.matches(s));
        f.portPrefix = "54";
        QVERIFY(!f.matches(s));
        f = {};
        f.port = 5353;
        QVERIFY(f.matches(s));
        f.port = 53;
        QVERIFY(!f.matches(s));
        f = {};
        f.process = "AVAHI";
        QVERIFY(f.matches(s));
        f.process = "sshd";
        QVERIFY(!f.matches(s));
        f = {};
        f.listeningOnly = true;
        QVERIFY(f.matches(s));
        s.remotePort = 53;
        s.state = SocketState::Established;
        QVERIFY(!f.matches(s));
        f = {};
        f.udp = false;
        QVERIFY(!f.matches(s));
    }

    void findsOwnListenerWithPid()
    {
        TcpServer server({}, [](int) {});
        UdpServer udp([](const std::string &q) { return q; });
        const SocketSnapshot snapshot = readLocalSockets();
        const LocalSocket *tcp = find(snapshot, 6, server.port(), true);
        QVERIFY2(tcp, "the test's own TCP listener is not in /proc/net/tcp");
        QVERIFY(tcp->isLoopbackOnly());
        QCOMPARE(tcp->processes.size(), std::size_t{1});
        QCOMPARE(tcp->processes[0].pid, static_cast<int>(::getpid()));
        QCOMPARE(QString::fromStdString(tcp->processes[0].name), ownComm());
        QCOMPARE(tcp->processes[0].uid, static_cast<std::uint32_t>(::getuid()));
        const LocalSocket *bound = find(snapshot, 17, udp.port(), true);
        QVERIFY(bound);
        QCOMPARE(bound->processes.at(0).pid, static_cast<int>(::getpid()));
    }

    // `portlens-cli sockets` and `ss -tulpn` list the same listener with the same program.
    void agreesWithSs()
    {
        const QString ss = QStandardPaths::findExecutable(QStringLiteral("ss"));
        if (ss.isEmpty()) QSKIP("ss (iproute2) is not installed");
        TcpServer server({}, [](int) {});
        const QString port = QString::number(server.port());

        const Run ssRun = run(ss, {QStringLiteral("-H"), QStringLiteral("-tlpn"), QStringLiteral("sport = :") + port});
        QCOMPARE(ssRun.exitCode, 0);
        const QStringList ssLines = ssRun.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(ssLines.size(), 1);
        // LISTEN 0 16 127.0.0.1:PORT 0.0.0.0:* users:(("tst_local_socke",pid=123,fd=4))
        const QStringList ssFields = ssLines[0].simplified().split(QLatin1Char(' '));
        QCOMPARE(ssFields.value(0), QStringLiteral("LISTEN"));
        const QString ssLocal = ssFields.value(3);
        const QString ssUsers = ssFields.value(5);

        const Run ours = run(QStringLiteral(PORTLENS_CLI), {QStringLiteral("sockets"), QStringLiteral("--tsv"),
                                                            QStringLiteral("--listening"), QStringLiteral("--port"), port});
        QCOMPARE(ours.exitCode, 0);
        const QStringList rows = ours.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 2); // header and the listener
        const QStringList header = rows[0].split(QLatin1Char('\t'));
        const QStringList row = rows[1].split(QLatin1Char('\t'));
        auto field = [&](const char *name) { return row.value(header.indexOf(QLatin1String(name))); };
        QCOMPARE(field("state"), QStringLiteral("LISTEN"));
        QCOMPARE(field("local_address") + QLatin1Char(':') + field("local_port"), ssLocal);
        QVERIFY2(ssUsers.contains(QStringLiteral("pid=") + field("pid") + QLatin1Char(',')), qPrintable(ssUsers));
        QVERIFY2(ssUsers.contains(QLatin1Char('"') + field("process") + QLatin1Char('"')), qPrintable(ssUsers));
        QCOMPARE(field("pid").toInt(), static_cast<int>(::getpid()));
    }

    // Every listener ss shows, we show too (same transport, address and port).
    void sameListenersAsSs()
    {
        const QString ss = QStandardPaths::findExecutable(QStringLiteral("ss"));
        if (ss.isEmpty()) QSKIP("ss (iproute2) is not installed");
        TcpServer server({}, [](int) {});
        // Before and after ss: other tests running at the same time open and close listeners.
        const SocketSnapshot before = readLocalSockets();
        const Run ssRun = run(ss, {QStringLiteral("-H"), QStringLiteral("-tuln")});
        QCOMPARE(ssRun.exitCode, 0);
        SocketSnapshot snapshot = readLocalSockets();
        snapshot.sockets.insert(snapshot.sockets.end(), before.sockets.begin(), before.sockets.end());
        int compared = 0;
        for (const QString &line : ssRun.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QStringList f = line.simplified().split(QLatin1Char(' '));
            const QString local = f.value(4);
            const auto colon = local.lastIndexOf(QLatin1Char(':'));
            const std::uint16_t port = local.mid(colon + 1).toUShort();
            const std::uint8_t transport = f.value(0) == QStringLiteral("tcp") ? 6 : 17;
            bool found = false;
            for (const LocalSocket &s : snapshot.sockets)
                found = found || (s.transport == transport && s.localPort == port && s.isListening());
            QVERIFY2(found, qPrintable(QStringLiteral("ss lists %1, PortLens does not").arg(line)));
            ++compared;
        }
        QVERIFY(compared >= 1);
    }

    // Another user's process: root sees its program; nobody sees that it is hidden, not absent.
    void otherUsersSocketsAreHiddenNotDropped()
    {
        if (::geteuid() != 0) QSKIP("needs root, to run the CLI as another user");
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (setpriv.isEmpty()) QSKIP("setpriv (util-linux) is not installed");
        TcpServer server({}, [](int) {});
        const Run asNobody = run(setpriv, {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                           QStringLiteral("--clear-groups"), QStringLiteral(PORTLENS_CLI),
                                           QStringLiteral("sockets"), QStringLiteral("--port"),
                                           QString::number(server.port())});
        if (asNobody.exitCode != 0 && asNobody.err.contains(QStringLiteral("execute")))
            QSKIP("the build directory is not readable by nobody");
        QCOMPARE(asNobody.exitCode, 0);
        QVERIFY2(asNobody.out.contains(QStringLiteral("hidden (user root)")), qPrintable(asNobody.out));
        QVERIFY2(asNobody.out.contains(QStringLiteral("only root")), qPrintable(asNobody.out));
        QVERIFY2(asNobody.out.contains(QStringLiteral("only be reached from this machine")), qPrintable(asNobody.out));
    }

    void lookupNamesTheServerProgram()
    {
        TcpServer server({}, [](int fd) { sendAll(fd, "hello\n"); });
        const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const sockaddr_in address = loopback(server.port());
        QCOMPARE(::connect(client, reinterpret_cast<const sockaddr *>(&address), sizeof address), 0);
        const std::uint16_t clientPort = boundPort(client);

        ProcessLookup lookup;
        const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
        const ConnectionOwner owner =
            lookup.lookup(6, endpoint("127.0.0.1", clientPort), endpoint("127.0.0.1", server.port()), now);
        QCOMPARE(owner.status, ConnectionOwner::Status::Found);
        QCOMPARE(owner.side, ConnectionOwner::Side::Server);
        QCOMPARE(owner.processes.at(0).pid, static_cast<int>(::getpid()));
        QVERIFY(QString::fromStdString(owner.toString()).contains(QStringLiteral("pid %1").arg(::getpid())));
        ::close(client);

        // Nobody on that port any more (a program that exited): unknown, not guessed.
        const int spare = bindLoopback(SOCK_STREAM, 0);
        const std::uint16_t freePort = boundPort(spare);
        ::close(spare);
        const ConnectionOwner gone =
            lookup.lookup(6, endpoint("127.0.0.1", 40000), endpoint("127.0.0.1", freePort), now);
        QCOMPARE(gone.status, ConnectionOwner::Status::Unknown);

        // Neither end is this machine: no lookup, no /proc walk.
        const auto walks = lookup.refreshes();
        const ConnectionOwner remote =
            lookup.lookup(6, endpoint("192.0.2.10", 40000), endpoint("198.51.100.80", 80), now);
        QCOMPARE(remote.status, ConnectionOwner::Status::NotLocal);
        QCOMPARE(lookup.refreshes(), walks);
    }
};

QTEST_GUILESS_MAIN(TestLocalSockets)
#include "tst_local_sockets.moc"
