// Live capture through portlens-capture on 'lo': servers started by the test (SSH banner on a
// port meant for HTTPS, HTTP on a high port, DNS over UDP), clients making connections while the
// helper captures, and the analysis the GUI's worker runs: connections, detected protocols,
// verdicts and the owning program (this test's pid). Then the helper's faults: no permission,
// invalid filter, missing interface, and a stop in the middle that leaves a readable pcapng.
//
// Needs capture rights on 'lo' (CI runs as root); skips with the reason otherwise.
#include "loopback_servers.h"
#include "program_run.h"

#include "core/analysis/analysis_pipeline.h"
#include "core/capture/bpf_filter.h"
#include "core/capture/helper_process.h"
#include "core/capture/packet_source.h"
#include "core/sockets/process_attribution.h"
#include "core/verdict/verdict.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <pcap/pcap.h>
#include <signal.h>

#include <map>
#include <mutex>

using namespace portlens;
using namespace portlens::test;

namespace {

const std::string kHelper = PORTLENS_CAPTURE_HELPER;

// Whether this process may capture on lo; the reason when not.
QString captureRightsMissing()
{
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t *handle = pcap_create("lo", errbuf);
    if (!handle) return QString::fromLocal8Bit(errbuf);
    const int status = pcap_activate(handle);
    QString why;
    if (status < 0) why = QString::fromLocal8Bit(pcap_geterr(handle));
    pcap_close(handle);
    if (status == PCAP_ERROR_PERM_DENIED) return QStringLiteral("no capture rights on lo (run as root): ") + why;
    if (status < 0) return QStringLiteral("cannot capture on lo: ") + why;
    return {};
}

struct Seen {
    Connection connection;
    Verdict verdict;
    ConnectionOwner owner;
};

using Run = ProgramRun;

Run run(const QString &program, const QStringList &arguments, const QProcessEnvironment &env = {})
{
    return runProgram(program, arguments, 60'000, env);
}

// Waits until the helper says "ready" (its capture socket is open), so no packet is missed.
class ReadyFlag {
public:
    void set()
    {
        const std::lock_guard lock(m_mutex);
        m_ready = true;
    }
    bool waitFor(int ms)
    {
        for (int waited = 0; waited < ms; waited += 10) {
            {
                const std::lock_guard lock(m_mutex);
                if (m_ready) return true;
            }
            QTest::qWait(10);
        }
        return false;
    }

private:
    std::mutex m_mutex;
    bool m_ready = false;
};

} // namespace

class TestLiveCapture : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_skip;

    void requireCaptureRights()
    {
        if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
        QVERIFY(m_dir.isValid());
    }

private slots:
    void initTestCase()
    {
        m_skip = captureRightsMissing();
    }

    void serversOnLoopbackAreDetectedWithTheirProgram()
    {
        requireCaptureRights();
        // SSH on 443 when the port is free (a mismatch, as in the article), else any port.
        TcpServer ssh({443, 8443}, [](int fd) {
            sendAll(fd, "SSH-2.0-OpenSSH_9.6p1 Debian-4\r\n");
            receiveSome(fd);
        });
        TcpServer http({}, [](int fd) {
            receiveSome(fd);
            sendAll(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
        });
        UdpServer dns([](const std::string &query) { return dnsAnswer(query); });
        const std::string filter = "port " + std::to_string(ssh.port()) + " or port " + std::to_string(http.port()) +
                                   " or port " + std::to_string(dns.port());

        ReadyFlag ready;
        std::mutex mutex;
        std::optional<HelperMessage> fault;
        std::string error;
        auto helper = HelperProcess::start(kHelper, {"-i", "lo", "-f", filter, "-w", "-"},
                                           [&](const HelperMessage &m) {
                                               if (m.type == HelperMessage::Type::Ready) ready.set();
                                               const std::lock_guard lock(mutex);
                                               if (m.type == HelperMessage::Type::Error) fault = m;
                                           },
                                           error);
        QVERIFY2(helper, error.c_str());
        QVERIFY2(ready.waitFor(10'000), "the helper never said it was ready");

        // The clients run while the analysis reads the helper's stream on this thread.
        std::string sshBanner, httpReply, dnsReply;
        std::thread clients([&] {
            sshBanner = tcpExchange(ssh.port(), "SSH-2.0-PortLensTest_1.0\r\n", true);
            httpReply = tcpExchange(http.port(), "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: t\r\n\r\n");
            dnsReply = udpExchange(dns.port(), dnsQuery("portlens.example"));
            ::usleep(300'000); // let the last packets reach the helper before it stops
            helper->stop();
        });

        auto opened = PacketSource::openStream(helper->takeStream(), "live:lo");
        QVERIFY2(opened.source, opened.message.c_str());
        std::map<std::uint16_t, Seen> byServerPort;
        AnalysisConfig config;
        config.attributeProcesses = true;
        AnalysisPipeline analysis(config, [&](JudgedConnection &&row) {
            const std::uint16_t port = row.connection.server.port;
            Seen seen{std::move(row.connection), std::move(row.verdict), row.owner.value_or(ConnectionOwner{})};
            byServerPort.emplace(port, std::move(seen));
        });
        const AnalysisResult result = analysis.run(*opened.source);
        clients.join();
        QCOMPARE(helper->wait(), 0);
        QVERIFY(!fault);
        QVERIFY(!result.readError);
        QVERIFY(sshBanner.rfind("SSH-2.0-", 0) == 0);
        QVERIFY(httpReply.rfind("HTTP/1.1 200", 0) == 0);
        QVERIFY(!dnsReply.empty());

        QCOMPARE(result.flows.connections, 3u);
        const int self = static_cast<int>(::getpid());
        for (const auto &[port, seen] : byServerPort) {
            QCOMPARE(seen.owner.status, ConnectionOwner::Status::Found);
            QCOMPARE(seen.owner.processes.at(0).pid, self);
        }
        const Seen &s = byServerPort.at(ssh.port());
        QCOMPARE(s.connection.detection.protocol, std::string("SSH"));
        if (ssh.port() == 443) {
            QCOMPARE(s.verdict.kind, VerdictKind::Mismatch);
            QVERIFY(s.verdict.flagged());
        }
        const Seen &h = byServerPort.at(http.port());
        QCOMPARE(h.connection.detection.protocol, std::string("HTTP"));
        QVERIFY(h.connection.isTcp());
        QVERIFY(h.verdict.kind == VerdictKind::Note || h.verdict.kind == VerdictKind::Expected);
        const Seen &d = byServerPort.at(dns.port());
        QCOMPARE(d.connection.detection.protocol, std::string("DNS"));
        QVERIFY(d.connection.isUdp());
        QCOMPARE(d.connection.totalPackets(), 2u);
    }

    // The CLI the same way: a TSV row with the protocol and this process as the local program.
    void cliCaptureShowsTheLocalProgram()
    {
        requireCaptureRights();
        TcpServer http({}, [](int fd) {
            receiveSome(fd);
            sendAll(fd, "HTTP/1.1 204 No Content\r\n\r\n");
        });
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PORTLENS_CAPTURE_HELPER"), QString::fromStdString(kHelper));
        cli.setProcessEnvironment(env);
        const QString saved = m_dir.filePath(QStringLiteral("cli.pcapng"));
        cli.start(QStringLiteral(PORTLENS_CLI),
                  {QStringLiteral("capture"), QStringLiteral("-i"), QStringLiteral("lo"), QStringLiteral("-f"),
                   QStringLiteral("tcp port %1").arg(http.port()), QStringLiteral("--format"), QStringLiteral("tsv"),
                   QStringLiteral("-w"), saved, QStringLiteral("--duration"), QStringLiteral("4")});
        QVERIFY(cli.waitForStarted());
        QTest::qWait(1500); // the helper opens its socket
        QCOMPARE(tcpExchange(http.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n").substr(0, 12), std::string("HTTP/1.1 204"));
        QVERIFY(cli.waitForFinished(30'000));
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());
        const QString err = QString::fromUtf8(cli.readAllStandardError());
        QVERIFY2(cli.exitCode() == 0, qPrintable(err));
        const QStringList rows = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 2);
        const QStringList header = rows[0].split(QLatin1Char('\t'));
        const QStringList row = rows[1].split(QLatin1Char('\t'));
        QCOMPARE(row.value(header.indexOf(QStringLiteral("protocol"))), QStringLiteral("HTTP"));
        QCOMPARE(row.value(header.indexOf(QStringLiteral("server_port"))).toInt(), int(http.port()));
        const QString program = row.value(header.indexOf(QStringLiteral("local_process")));
        QVERIFY2(program.contains(QStringLiteral("pid %1,").arg(::getpid())), qPrintable(program));
        // The saved copy is a complete capture of the same packets.
        auto opened = PacketSource::openFile(saved.toStdString());
        QVERIFY(opened.source);
        RawPacket packet;
        std::uint64_t packets = 0;
        while (opened.source->next(packet)) ++packets;
        QVERIFY(!opened.source->error());
        const int client = row.value(header.indexOf(QStringLiteral("client_packets"))).toInt();
        const int server = row.value(header.indexOf(QStringLiteral("server_packets"))).toInt();
        QCOMPARE(packets, std::uint64_t(client + server));
    }

    // Without CAP_NET_RAW the helper says so, with libpcap's reason; the CLI adds how to get it.
    void noPermissionIsExplained()
    {
        requireCaptureRights();
        const QString capsh = QStandardPaths::findExecutable(QStringLiteral("capsh"));
        if (capsh.isEmpty()) QSKIP("capsh (libcap2-bin) is not installed");
        const QString drop = QStringLiteral("--drop=cap_net_raw,cap_net_admin");
        const Run helper = run(capsh, {drop, QStringLiteral("--"), QStringLiteral("-c"),
                                       QString::fromStdString(kHelper) + QStringLiteral(" -i lo -c 1 >/dev/null")});
        QCOMPARE(helper.exitCode, int(HelperNoPermission));
        QVERIFY2(helper.err.contains(QStringLiteral("error\tpermission\tno permission to capture on lo")),
                 qPrintable(helper.err));
        QVERIFY2(helper.err.contains(QStringLiteral("Operation not permitted")), qPrintable(helper.err));

        const Run cli = run(capsh, {drop, QStringLiteral("--"), QStringLiteral("-c"),
                                    QStringLiteral("PORTLENS_CAPTURE_HELPER=%1 %2 capture -i lo -c 1")
                                        .arg(QString::fromStdString(kHelper), QStringLiteral(PORTLENS_CLI))});
        QCOMPARE(cli.exitCode, 11);
        QVERIFY2(cli.err.contains(QStringLiteral("no permission to capture on lo")), qPrintable(cli.err));
        QVERIFY2(cli.err.contains(QStringLiteral("setcap cap_net_raw,cap_net_admin=eip ") +
                                  QString::fromStdString(kHelper)),
                 qPrintable(cli.err));
    }

    void noPermissionAsNobody()
    {
        requireCaptureRights();
        if (::geteuid() != 0) QSKIP("needs root to become nobody");
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (setpriv.isEmpty()) QSKIP("setpriv (util-linux) is not installed");
        const Run r = run(setpriv, {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                    QStringLiteral("--clear-groups"), QString::fromStdString(kHelper),
                                    QStringLiteral("-i"), QStringLiteral("lo"), QStringLiteral("-c"), QStringLiteral("1")});
        if (r.exitCode != 0 && r.err.contains(QStringLiteral("execute"))) QSKIP("the helper is not readable by nobody");
        QCOMPARE(r.exitCode, int(HelperNoPermission));
        QVERIFY2(r.err.contains(QStringLiteral("error\tpermission\t")), qPrintable(r.err));
    }

    // The helper rejects a bad filter with libpcap's own message, the one the filter editor shows.
    void invalidFilterRejectedWithLibpcapMessage()
    {
        requireCaptureRights();
        const FilterCheck check = checkCaptureFilter("tcp port 99999");
        QVERIFY(!check.valid);
        const Run r = run(QString::fromStdString(kHelper),
                          {QStringLiteral("-i"), QStringLiteral("lo"), QStringLiteral("-f"), QStringLiteral("tcp port 99999")});
        QCOMPARE(r.exitCode, int(HelperInvalidFilter));
        QVERIFY2(r.err.contains(QStringLiteral("error\tinvalid-filter\t") + QString::fromStdString(check.message)),
                 qPrintable(r.err + QStringLiteral(" / ") + QString::fromStdString(check.message)));
        QVERIFY(checkCaptureFilter("tcp port 443 or udp port 53").valid);
        QVERIFY(checkCaptureFilter("").valid);
        const FilterCheck syntax = checkCaptureFilter("tcp port");
        QVERIFY(!syntax.valid);
        QVERIFY2(QString::fromStdString(syntax.message).contains(QStringLiteral("syntax error")), syntax.message.c_str());
    }

    void missingInterface()
    {
        requireCaptureRights();
        const Run r = run(QString::fromStdString(kHelper), {QStringLiteral("-i"), QStringLiteral("portlens-none0")});
        QCOMPARE(r.exitCode, int(HelperNoSuchInterface));
        QVERIFY2(r.err.contains(QStringLiteral("error\tno-such-interface\tno interface named portlens-none0")),
                 qPrintable(r.err));
    }

    // The interface goes down mid-capture: the helper says so, exits with its code, and the file
    // keeps every packet. In a network namespace of its own, so the machine's lo is not touched.
    void interfaceGoingDownMidCapture()
    {
        requireCaptureRights();
        const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
        const QString ip = QStandardPaths::findExecutable(QStringLiteral("ip"));
        if (unshare.isEmpty() || ip.isEmpty()) QSKIP("needs unshare (util-linux) and ip (iproute2)");
        if (run(unshare, {QStringLiteral("-n"), QStringLiteral("true")}).exitCode != 0)
            QSKIP("cannot create a network namespace here");
        const QString file = m_dir.filePath(QStringLiteral("went-down.pcapng"));
        const QString script =
            QStringLiteral("ip link set lo up; %1 -i lo -w %2 & h=$!; sleep 0.5; "
                           "python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
                           "[s.sendto(b\"x\", (\"127.0.0.1\", 9)) for i in range(5)]'; "
                           "sleep 0.3; ip link set lo down; wait $h")
                .arg(QString::fromStdString(kHelper), file);
        const Run r = run(unshare, {QStringLiteral("-n"), QStringLiteral("sh"), QStringLiteral("-c"), script});
        QCOMPARE(r.exitCode, int(HelperInterfaceDown));
        QVERIFY2(r.err.contains(QStringLiteral("error\tinterface-down\tthe interface lo went down while capturing")),
                 qPrintable(r.err));
        auto opened = PacketSource::openFile(file.toStdString());
        QVERIFY2(opened.source, opened.message.c_str());
        RawPacket packet;
        std::uint64_t packets = 0;
        while (opened.source->next(packet)) ++packets;
        QVERIFY(!opened.source->error());
        QVERIFY2(packets >= 5, qPrintable(QString::number(packets))); // the datagrams (and ICMP unreachables)
    }

    // Stop (SIGTERM) in the middle of traffic: the file is a complete pcapng, every packet readable,
    // ending with the drop counts. A crash (SIGKILL) still leaves everything before it readable.
    void stopMidCaptureLeavesReadablePcapng_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("stop") << int(SIGTERM);
        QTest::newRow("crash") << int(SIGKILL);
    }
    void stopMidCaptureLeavesReadablePcapng()
    {
        requireCaptureRights();
        QFETCH(int, signal);
        UdpServer echo([](const std::string &q) { return q; });
        const QString file = m_dir.filePath(QStringLiteral("stopped-%1.pcapng").arg(signal));
        QProcess helper;
        helper.start(QString::fromStdString(kHelper),
                     {QStringLiteral("-i"), QStringLiteral("lo"), QStringLiteral("-f"),
                      QStringLiteral("udp port %1").arg(echo.port()), QStringLiteral("-w"), file});
        QVERIFY(helper.waitForStarted());
        helper.setReadChannel(QProcess::StandardError);
        QByteArray status;
        for (int waited = 0; waited < 10'000 && !status.contains("ready\tlo"); waited += 20) {
            helper.waitForReadyRead(20);
            status += helper.readAllStandardError();
        }
        QVERIFY2(status.contains("ready\tlo"), status.constData());
        std::atomic_bool sending{true};
        std::thread traffic([&] {
            while (sending) udpExchange(echo.port(), std::string(200, 'x'));
        });
        QTest::qWait(500);
        ::kill(static_cast<pid_t>(helper.processId()), signal); // while packets are still flowing
        QVERIFY(helper.waitForFinished(10'000));
        sending = false;
        traffic.join();
        if (signal == SIGTERM) {
            QCOMPARE(helper.exitStatus(), QProcess::NormalExit);
            QCOMPARE(helper.exitCode(), 0);
        } else {
            QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
        }
        auto opened = PacketSource::openFile(file.toStdString());
        QVERIFY2(opened.source, opened.message.c_str());
        RawPacket packet;
        std::uint64_t packets = 0;
        while (opened.source->next(packet)) ++packets;
        QVERIFY(packets > 10);
        if (signal == SIGKILL) return; // a killed writer may leave a partial last block: the rest reads
        QVERIFY2(!opened.source->error(), opened.source->error().value_or(std::string()).c_str());
        const QString tshark = QStandardPaths::findExecutable(QStringLiteral("tshark"));
        if (tshark.isEmpty()) return;
        const Run t = run(tshark, {QStringLiteral("-r"), file, QStringLiteral("-T"), QStringLiteral("fields"),
                                   QStringLiteral("-e"), QStringLiteral("frame.number")});
        QCOMPARE(t.exitCode, 0);
        QCOMPARE(std::uint64_t(t.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size()), packets);
    }
};

QTEST_GUILESS_MAIN(TestLiveCapture)
#include "tst_live_capture.moc"
