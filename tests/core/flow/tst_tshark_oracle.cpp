// tshark as the oracle: for every capture of the shared corpus, the TCP and UDP connections
// PortLens finds, with frames and bytes per direction, must be the conversations that
// `tshark -z conv,tcp -z conv,udp` reports for the same file. Files whose difference is
// principled are listed in kKnownDifferences with the reason; TSHARK_DIFFERENCES.md (next to
// this file) explains each kind and the tshark options used.
//
// tshark's conversation table is the authority on which conversations exist and on their frames,
// but it prints bytes rounded down from 10 kB on ("178 kB"). The same tshark run therefore also
// prints per-packet fields (stream index, innermost addresses and ports, frame length); their sum
// gives each conversation's exact bytes whenever it reproduces the table's line, and otherwise
// the comparison falls back to tshark's rounded figure.
#include "core/analysis/analysis_pipeline.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <vector>

using namespace portlens;

namespace {

// Files where PortLens and tshark differ on purpose, with the reason (TSHARK_DIFFERENCES.md).
const QHash<QString, const char *> kKnownDifferences = {
    // Tunnels inside UDP: tshark counts the frame in the outer UDP conversation and in the inner one.
    {QStringLiteral("ndpi/false_positives.pcapng"),
     "GTP-U tunnels (2152/udp): tshark also counts the inner TCP/UDP conversations; PortLens counts each frame "
     "once, in the outer UDP conversation"},
    {QStringLiteral("ndpi/tls_invalid_reads.pcap"),
     "a GTP-U tunnel (2152/udp): tshark also counts the inner TCP conversation; PortLens counts each frame once, "
     "in the outer UDP conversation"},
    {QStringLiteral("ndpi/zoom.pcap"),
     "a GTP-U tunnel (2152/udp): tshark also counts the inner UDP conversation; PortLens counts each frame once, "
     "in the outer UDP conversation"},
    {QStringLiteral("zeek/tunnels/gtp/gtp2_different_udp_port.pcap"),
     "GTP-U found by tshark's heuristic on another UDP port: tshark also counts the inner TCP conversation; "
     "PortLens counts each frame once, in the outer UDP conversation"},
    {QStringLiteral("zeek/tunnels/vxlan-encapsulated-http.pcap"),
     "VXLAN (4789/udp): tshark also counts the inner TCP conversation; PortLens counts each frame once, in the "
     "outer UDP conversation"},
    {QStringLiteral("ndpi/capwap.pcap"),
     "CAPWAP data (5247/udp) carries 802.11 frames: tshark also counts the DHCP exchange inside as a UDP "
     "conversation; PortLens counts each frame once, in the outer UDP conversation"},
    // tshark's stream index follows conversations that other dissectors create on the same ports.
    {QStringLiteral("ndpi/FAX-Call-t38-CA-TDM-SIP-FB-1.pcap"),
     "SDP/T.38 set-up creates new conversations on the media ports, so tshark splits one UDP 5-tuple into 8 "
     "conversations (some one-way); PortLens keeps one connection per 5-tuple"},
    {QStringLiteral("ndpi/skinny.pcap"),
     "Skinny call set-up creates a conversation for the RTP ports, so tshark splits one UDP 5-tuple into two "
     "one-way conversations; PortLens keeps one connection per 5-tuple"},
    {QStringLiteral("ndpi/vnc.pcap"),
     "Wireshark's VNC heuristic creates a new conversation at the server's RFB banner, so tshark starts a new "
     "TCP stream in the middle of each connection; PortLens keeps each connection whole"},
    // A SYN-ACK with a new ISN in the middle of an open connection.
    {QStringLiteral("ndpi/KakaoTalk_chat.pcap"),
     "a second SYN-ACK with another ISN arrives after the handshake; tshark starts a new stream there, "
     "PortLens (like Zeek) keeps one connection since the client goes on acknowledging the first ISN"},
    {QStringLiteral("ndpi/KakaoTalk_talk.pcap"),
     "two SYN-ACKs with different ISNs answer one SYN; tshark starts a new stream at the second, PortLens "
     "(like Zeek) keeps one connection since the client acknowledges the first ISN"},
    // Malformed or fuzzed headers.
    {QStringLiteral("ndpi/fuzz-2006-09-29-28586.pcap"),
     "fuzzed: TCP headers longer than the segment IP announces; tshark counts them (and starts a new stream "
     "at one carrying SYN), PortLens counts them as malformed like Zeek's truncated_header"},
    {QStringLiteral("ndpi/ip_fragmented_garbage.pcap"),
     "first fragments with only 16 bytes of TCP header (a tiny-fragment attack, RFC 1858); tshark counts the "
     "two whose data offset is plausible, PortLens needs the whole TCP header in the first fragment"},
    {QStringLiteral("ndpi/fuzz-2021-06-07-c6c72a0a56.pcap"),
     "the record claims 4,093,509,168 bytes on the wire for 48 captured; tshark's conversation table wraps it "
     "to a negative 32-bit number, PortLens reports the record's length"},
    {QStringLiteral("suricata-verify/firewall/tcp-session-decode-malformed-ipv4/input.pcap"),
     "an IPv4 Security option of length 2 (it must be 11): tshark stops at the IP header, PortLens (like "
     "Zeek) checks only that the options fit in the header and counts the TCP segment"},
};

constexpr int kTsharkTimeoutMs = 600'000;
constexpr std::size_t kMaxFlows = 10'000'000;

struct Endpoint {
    QString address;
    int port = 0;

    friend bool operator==(const Endpoint &a, const Endpoint &b) { return a.port == b.port && a.address == b.address; }
    friend bool operator<(const Endpoint &a, const Endpoint &b)
    {
        return std::tie(a.address, a.port) < std::tie(b.address, b.port);
    }
    [[nodiscard]] QString text() const { return address + u':' + QString::number(port); }
};

// A conversation's identity without direction: the lower endpoint first.
struct ConversationKey {
    QString transport; // "tcp" or "udp"
    Endpoint low;
    Endpoint high;

    friend bool operator<(const ConversationKey &a, const ConversationKey &b)
    {
        return std::tie(a.transport, a.low, a.high) < std::tie(b.transport, b.low, b.high);
    }
    [[nodiscard]] QString text() const { return transport + u' ' + low.text() + QStringLiteral(" <-> ") + high.text(); }
};

ConversationKey makeKey(const QString &transport, const Endpoint &a, const Endpoint &b)
{
    return b < a ? ConversationKey{transport, b, a} : ConversationKey{transport, a, b};
}

// Frames and bytes per direction: [0] from the lower endpoint to the higher, [1] back.
struct Counts {
    qint64 frames[2] = {0, 0};
    qint64 bytes[2] = {0, 0};
};

// How tshark 4.4 prints a byte count in its conversation table (format_size, SI prefixes,
// rounded down): "9999 bytes", then "10 kB", "10 MB", ...
QString tsharkSize(qint64 bytes)
{
    static constexpr struct {
        qint64 from;
        qint64 unit;
        const char *name;
    } kPrefixes[] = {{10'000'000'000'000'000, 1'000'000'000'000'000, "PB"},
                     {10'000'000'000'000, 1'000'000'000'000, "TB"},
                     {10'000'000'000, 1'000'000'000, "GB"},
                     {10'000'000, 1'000'000, "MB"},
                     {10'000, 1'000, "kB"}};
    for (const auto &prefix : kPrefixes)
        if (bytes >= prefix.from) return QString::number(bytes / prefix.unit) + u' ' + QLatin1StringView(prefix.name);
    return QString::number(bytes) + QStringLiteral(" bytes");
}

// One line of tshark's conversation table, oriented like its key.
struct TsharkConversation {
    Counts counts;         // frames exact; bytes exact only when `exact`
    QString bytesText[2];  // the bytes as tshark printed them
    bool exact = false;
};

using TsharkConversations = std::map<ConversationKey, std::vector<TsharkConversation>>;
using PortLensConversations = std::map<ConversationKey, std::vector<Counts>>;

Endpoint parseEndpoint(QStringView text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    return {text.left(colon).toString(), text.mid(colon + 1).toInt()};
}

// Sums the per-packet fields by (transport, stream index, endpoints), the way tshark's
// conversation taps count: every TCP/UDP layer of a frame (a tunnel's outer and inner ones) with
// the addresses of the IP layer just before it, except a packet quoted inside an ICMP error and a
// TCP header with a bogus length (both get a stream index but are never tapped).
std::map<ConversationKey, std::vector<Counts>> sumFields(const QList<QByteArray> &lines)
{
    std::map<std::pair<ConversationKey, qint64>, Counts> streams; // by key and stream index
    for (const QByteArray &line : lines) {
        QList<QByteArray> columns = line.split('\t');
        if (columns.size() < 13) columns.resize(13);
        auto values = [&](int i) { return columns[i].isEmpty() ? QList<QByteArray>{} : columns[i].split(','); };
        const QList<QByteArray> protocols = columns[0].split(':');
        const QList<QByteArray> tcpStream = values(1), udpStream = values(2), frameLength = values(3);
        const QList<QByteArray> ip4Source = values(4), ip4Destination = values(5);
        const QList<QByteArray> ip6Source = values(6), ip6Destination = values(7);
        const QList<QByteArray> tcpSource = values(8), tcpDestination = values(9);
        const QList<QByteArray> udpSource = values(10), udpDestination = values(11);
        const QList<QByteArray> tcpHeaderLength = values(12);
        if (frameLength.isEmpty()) continue;

        int ip4Layers = 0, ip6Layers = 0, tcpLayers = 0, udpLayers = 0;
        bool lastIsV6 = false;
        int lastIp = -1;
        for (const QByteArray &protocol : protocols) {
            if (protocol == "icmp" || protocol == "icmpv6") break; // taps skip packets inside ICMP errors
            if (protocol == "ip") {
                lastIsV6 = false;
                lastIp = ip4Layers++;
            } else if (protocol == "ipv6") {
                lastIsV6 = true;
                lastIp = ip6Layers++;
            } else if (protocol == "tcp" || protocol == "udp") {
                const bool tcp = protocol == "tcp";
                const int index = tcp ? tcpLayers++ : udpLayers++;
                const QList<QByteArray> &stream = tcp ? tcpStream : udpStream;
                const QList<QByteArray> &sourcePort = tcp ? tcpSource : udpSource;
                const QList<QByteArray> &destinationPort = tcp ? tcpDestination : udpDestination;
                if (tcp && index < tcpHeaderLength.size() && tcpHeaderLength[index].toInt() < 20) continue;
                if (lastIp < 0) { // MPLS payloads are dissected as IP without an "ip" layer name
                    lastIsV6 = ip4Source.isEmpty();
                    lastIp = 0;
                }
                const QList<QByteArray> &sources = lastIsV6 ? ip6Source : ip4Source;
                const QList<QByteArray> &destinations = lastIsV6 ? ip6Destination : ip4Destination;
                if (index >= stream.size() || index >= sourcePort.size() || index >= destinationPort.size() ||
                    lastIp >= sources.size() || lastIp >= destinations.size())
                    continue;
                const Endpoint source{QString::fromLatin1(sources[lastIp]), sourcePort[index].toInt()};
                const Endpoint destination{QString::fromLatin1(destinations[lastIp]), destinationPort[index].toInt()};
                const ConversationKey key = makeKey(QString::fromLatin1(protocol), source, destination);
                Counts &counts = streams[{key, stream[index].toLongLong()}];
                const int direction = source == key.low ? 0 : 1;
                ++counts.frames[direction];
                counts.bytes[direction] += frameLength[0].toLongLong();
            }
        }
    }
    std::map<ConversationKey, std::vector<Counts>> sums;
    for (const auto &[keyAndStream, counts] : streams) sums[keyAndStream.first].push_back(counts);
    return sums;
}

struct TsharkResult {
    TsharkConversations conversations;
    int conversationCount = 0;
    int rounded = 0; // lines whose exact bytes the fields could not reproduce
    QString error; // set when tshark failed or printed no conversation tables
};

// Reads tshark's output: per-packet field lines, then the conversation tables.
TsharkResult parseTshark(const QByteArray &output)
{
    static const QRegularExpression row(QStringLiteral(
        R"(^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+(-?\d+ \S+)\s+(\d+)\s+(-?\d+ \S+)\s+\d+\s+-?\d+ \S+\s)"));
    TsharkResult result;
    QList<QByteArray> fieldLines;
    QString transport;
    bool inTables = false;
    int tables = 0;
    const QList<QByteArray> lines = output.split('\n');
    for (const QByteArray &line : lines) {
        if (!inTables && !line.startsWith("=====")) {
            if (!line.isEmpty()) fieldLines.push_back(line);
            continue;
        }
        inTables = true;
        if (line.startsWith("TCP Conversations")) { transport = QStringLiteral("tcp"); ++tables; }
        if (line.startsWith("UDP Conversations")) { transport = QStringLiteral("udp"); ++tables; }
        const QRegularExpressionMatch m = row.match(QString::fromUtf8(line));
        if (!m.hasMatch() || transport.isEmpty()) continue;
        // "A <-> B  frames bytes (B to A)  frames bytes (A to B)  total ..."
        const Endpoint a = parseEndpoint(m.capturedView(1)), b = parseEndpoint(m.capturedView(2));
        const ConversationKey key = makeKey(transport, a, b);
        const int aToB = a == key.low ? 0 : 1;
        TsharkConversation c;
        c.counts.frames[aToB] = m.capturedView(5).toLongLong();
        c.bytesText[aToB] = m.captured(6);
        c.counts.frames[1 - aToB] = m.capturedView(3).toLongLong();
        c.bytesText[1 - aToB] = m.captured(4);
        result.conversations[key].push_back(c);
        ++result.conversationCount;
    }
    if (tables != 2) {
        result.error = QStringLiteral("tshark printed no conversation tables");
        return result;
    }

    // Exact bytes from the fields, where their sum reproduces tshark's line.
    auto sums = sumFields(fieldLines);
    for (auto &[key, list] : result.conversations) {
        auto found = sums.find(key);
        auto &candidates = found != sums.end() ? found->second : sums[key];
        for (TsharkConversation &c : list) {
            for (auto it = candidates.begin(); it != candidates.end(); ++it) {
                if (it->frames[0] == c.counts.frames[0] && it->frames[1] == c.counts.frames[1] &&
                    tsharkSize(it->bytes[0]) == c.bytesText[0] && tsharkSize(it->bytes[1]) == c.bytesText[1]) {
                    c.counts = *it;
                    c.exact = true;
                    candidates.erase(it);
                    break;
                }
            }
            if (!c.exact) ++result.rounded;
        }
    }
    return result;
}

PortLensConversations analyseWithPortLens(const QString &path, QString *error)
{
    PortLensConversations conversations;
    auto opened = PacketSource::openFile(path.toStdString());
    if (!opened.source) {
        *error = QString::fromStdString(opened.message);
        return conversations;
    }
    FlowTableConfig config = FlowTableConfig::withoutTimeouts();
    config.maxFlows = kMaxFlows;
    AnalysisConfig flowsOnly;
    flowsOnly.flows = config;
    flowsOnly.detect = false;
    AnalysisPipeline analysis(flowsOnly, [&conversations](JudgedConnection &&row) {
        const Connection &c = row.connection;
        if (!c.isTcp() && !c.isUdp()) return;
        const Endpoint client{QString::fromStdString(c.client.address.toString()), c.client.port};
        const Endpoint server{QString::fromStdString(c.server.address.toString()), c.server.port};
        const ConversationKey key = makeKey(QString::fromLatin1(transportName(c.transport)), client, server);
        const int toServer = client == key.low ? 0 : 1;
        Counts counts;
        counts.frames[toServer] = static_cast<qint64>(c.toServer.packets);
        counts.bytes[toServer] = static_cast<qint64>(c.toServer.wireBytes);
        counts.frames[1 - toServer] = static_cast<qint64>(c.toClient.packets);
        counts.bytes[1 - toServer] = static_cast<qint64>(c.toClient.wireBytes);
        conversations[key].push_back(counts);
    });
    analysis.run(*opened.source);
    return conversations;
}

bool matches(const TsharkConversation &theirs, const Counts &ours)
{
    for (int d = 0; d < 2; ++d) {
        if (theirs.counts.frames[d] != ours.frames[d]) return false;
        if (theirs.exact ? theirs.counts.bytes[d] != ours.bytes[d] : theirs.bytesText[d] != tsharkSize(ours.bytes[d]))
            return false;
    }
    return true;
}

QString describe(const Counts &c)
{
    return QStringLiteral("-> %1 frames %2 bytes, <- %3 frames %4 bytes")
        .arg(c.frames[0]).arg(c.bytes[0]).arg(c.frames[1]).arg(c.bytes[1]);
}

QString describe(const TsharkConversation &c)
{
    if (c.exact) return describe(c.counts);
    return QStringLiteral("-> %1 frames %2, <- %3 frames %4")
        .arg(c.counts.frames[0]).arg(c.bytesText[0]).arg(c.counts.frames[1]).arg(c.bytesText[1]);
}

struct Comparison {
    QStringList differences; // one line per conversation key that differs
    int agreeing = 0;        // tshark conversations matched by a PortLens connection
};

Comparison compare(const TsharkConversations &theirs, const PortLensConversations &ours)
{
    Comparison result;
    std::set<ConversationKey> keys;
    for (const auto &entry : theirs) keys.insert(entry.first);
    for (const auto &entry : ours) keys.insert(entry.first);
    for (const ConversationKey &key : keys) {
        auto theirIt = theirs.find(key);
        auto ourIt = ours.find(key);
        std::vector<TsharkConversation> left = theirIt != theirs.end() ? theirIt->second : std::vector<TsharkConversation>{};
        std::vector<Counts> right = ourIt != ours.end() ? ourIt->second : std::vector<Counts>{};
        // Exact lines first: a rounded one matches more loosely.
        std::stable_partition(left.begin(), left.end(), [](const TsharkConversation &c) { return c.exact; });
        for (auto it = left.begin(); it != left.end();) {
            auto match = std::find_if(right.begin(), right.end(), [&](const Counts &c) { return matches(*it, c); });
            if (match == right.end()) {
                ++it;
                continue;
            }
            right.erase(match);
            it = left.erase(it);
            ++result.agreeing;
        }
        if (left.empty() && right.empty()) continue;
        QStringList tsharkText, ourText;
        for (const auto &c : left) tsharkText << u'(' + describe(c) + u')';
        for (const auto &c : right) ourText << u'(' + describe(c) + u')';
        result.differences << QStringLiteral("  %1\n      tshark:   %2\n      PortLens: %3")
                                  .arg(key.text(), tsharkText.isEmpty() ? QStringLiteral("-") : tsharkText.join(u' '),
                                       ourText.isEmpty() ? QStringLiteral("-") : ourText.join(u' '));
    }
    return result;
}

} // namespace

class TestTsharkOracle : public QObject {
    Q_OBJECT

    QString m_corpus;
    QString m_tshark;
    QStringList m_files; // relative to m_corpus, sorted
    QTemporaryDir m_scratch;
    std::map<QString, std::unique_ptr<QProcess>> m_running; // tshark runs started ahead of their row
    QElapsedTimer m_clock;
    int m_compared = 0, m_identical = 0, m_known = 0, m_failed = 0;
    int m_conversations = 0, m_agreeing = 0, m_rounded = 0;

    QString outputPath(const QString &file) const
    {
        return m_scratch.filePath(QString(file).replace(u'/', u'_') + QStringLiteral(".out"));
    }

    // Starts tshark on a corpus file (once), writing to a file so that it never waits on a pipe.
    void startTshark(const QString &file)
    {
        if (m_running.count(file)) return;
        auto process = std::make_unique<QProcess>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("WIRESHARK_CONFIG_DIR"), m_scratch.filePath(QStringLiteral("wireshark")));
        process->setProcessEnvironment(environment);
        process->setStandardOutputFile(outputPath(file));
        process->setStandardErrorFile(outputPath(file) + QStringLiteral(".err"));
        const QStringList fields = {
            QStringLiteral("frame.protocols"), QStringLiteral("tcp.stream"), QStringLiteral("udp.stream"),
            QStringLiteral("frame.len"),       QStringLiteral("ip.src"),     QStringLiteral("ip.dst"),
            QStringLiteral("ipv6.src"),        QStringLiteral("ipv6.dst"),   QStringLiteral("tcp.srcport"),
            QStringLiteral("tcp.dstport"),     QStringLiteral("udp.srcport"), QStringLiteral("udp.dstport"),
            QStringLiteral("tcp.hdr_len")};
        QStringList arguments = {QStringLiteral("-n"), QStringLiteral("-r"), QDir(m_corpus).filePath(file),
                                 // PortLens counts the first fragment of a datagram and does not reassemble.
                                 QStringLiteral("-o"), QStringLiteral("ip.defragment:FALSE"),
                                 QStringLiteral("-o"), QStringLiteral("ipv6.defragment:FALSE"),
                                 QStringLiteral("-T"), QStringLiteral("fields"),
                                 QStringLiteral("-E"), QStringLiteral("separator=/t"),
                                 QStringLiteral("-E"), QStringLiteral("occurrence=a"),
                                 QStringLiteral("-E"), QStringLiteral("aggregator=,")};
        for (const QString &field : fields) arguments << QStringLiteral("-e") << field;
        arguments << QStringLiteral("-z") << QStringLiteral("conv,tcp") << QStringLiteral("-z") << QStringLiteral("conv,udp");
        process->start(m_tshark, arguments);
        m_running[file] = std::move(process);
    }

    TsharkResult finishTshark(const QString &file)
    {
        startTshark(file);
        std::unique_ptr<QProcess> process = std::move(m_running[file]);
        m_running.erase(file);
        TsharkResult result;
        if (!process->waitForFinished(kTsharkTimeoutMs)) {
            process->kill();
            process->waitForFinished();
            result.error = QStringLiteral("tshark did not finish: %1").arg(process->errorString());
            return result;
        }
        QFile output(outputPath(file));
        QFile errors(outputPath(file) + QStringLiteral(".err"));
        if (!output.open(QIODevice::ReadOnly)) {
            result.error = QStringLiteral("cannot read tshark's output");
            return result;
        }
        result = parseTshark(output.readAll());
        output.remove();
        if (!result.error.isEmpty() && errors.open(QIODevice::ReadOnly))
            result.error += QStringLiteral(" (exit code %1): %2")
                                .arg(process->exitCode())
                                .arg(QString::fromUtf8(errors.readAll().trimmed()));
        errors.remove();
        return result;
    }

private slots:
    void initTestCase()
    {
        m_corpus = QStringLiteral(PORTLENS_CORPUS_DIR);
        if (!QFileInfo(m_corpus).isDir())
            QSKIP(qPrintable(QStringLiteral("no shared corpus at %1 (set the CMake cache variable PORTLENS_CORPUS_DIR "
                                            "to the folder holding ndpi/, zeek/ and suricata-verify/)")
                                 .arg(m_corpus)));
        m_tshark = QStandardPaths::findExecutable(QStringLiteral("tshark"));
        if (m_tshark.isEmpty()) QSKIP("tshark is not installed (it is the oracle: install the tshark package)");
        QVERIFY(m_scratch.isValid());
        QVERIFY(QDir().mkpath(m_scratch.filePath(QStringLiteral("wireshark"))));

        const QDir corpus(m_corpus);
        for (const QString &sub : {QStringLiteral("ndpi"), QStringLiteral("zeek"), QStringLiteral("suricata-verify")}) {
            QDirIterator it(corpus.filePath(sub),
                            {QStringLiteral("*.pcap"), QStringLiteral("*.pcapng"), QStringLiteral("*.cap")},
                            QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) m_files << corpus.relativeFilePath(it.next());
        }
        m_files.sort();
        if (m_files.isEmpty()) QSKIP(qPrintable(QStringLiteral("no captures under %1").arg(m_corpus)));

        QProcess version;
        version.start(m_tshark, {QStringLiteral("--version")});
        version.waitForFinished(60'000);
        qInfo("oracle: %s; %lld captures under %s", qPrintable(QString::fromUtf8(version.readLine()).trimmed()),
              static_cast<long long>(m_files.size()), qPrintable(m_corpus));
        for (auto it = kKnownDifferences.cbegin(); it != kKnownDifferences.cend(); ++it)
            if (!m_files.contains(it.key())) qWarning("known difference for a missing file: %s", qPrintable(it.key()));
        m_clock.start();
    }

    void agreesWithTshark_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &file : std::as_const(m_files)) QTest::newRow(qPrintable(file)) << file;
    }

    void agreesWithTshark()
    {
        QFETCH(QString, file);
        // Two tshark runs at a time: this row's, and the next row's while this one is compared.
        startTshark(file);
        const qsizetype next = m_files.indexOf(file) + 1;
        if (next > 0 && next < m_files.size()) startTshark(m_files[next]);

        ++m_compared;
        QString openError;
        const PortLensConversations ours = analyseWithPortLens(QDir(m_corpus).filePath(file), &openError);
        const TsharkResult theirs = finishTshark(file);
        if (!theirs.error.isEmpty()) {
            ++m_failed;
            QFAIL(qPrintable(file + QStringLiteral(": ") + theirs.error));
        }
        const Comparison comparison = compare(theirs.conversations, ours);
        m_conversations += theirs.conversationCount;
        m_rounded += theirs.rounded;
        m_agreeing += comparison.agreeing;

        const auto known = kKnownDifferences.constFind(file);
        if (comparison.differences.isEmpty()) {
            ++m_identical;
            if (known != kKnownDifferences.cend())
                qWarning("%s agrees with tshark now: remove it from kKnownDifferences", qPrintable(file));
            return;
        }
        const QString report = QStringLiteral("%1: %2 of %3 tshark conversations differ%4\n%5")
                                   .arg(file)
                                   .arg(comparison.differences.size())
                                   .arg(theirs.conversationCount)
                                   .arg(openError.isEmpty() ? QString() : QStringLiteral(" (PortLens: %1)").arg(openError))
                                   .arg(comparison.differences.join(u'\n'));
        if (known != kKnownDifferences.cend()) {
            ++m_known;
            qInfo("known difference: %s\n  %s", qPrintable(report), *known);
            return;
        }
        ++m_failed;
        QFAIL(qPrintable(report));
    }

    void cleanupTestCase()
    {
        for (auto &[file, process] : m_running) {
            process->kill();
            process->waitForFinished();
        }
        if (!m_clock.isValid()) return;
        qInfo("%d of %d captures identical, %d known differences, %d failing; %d of %d tshark conversations "
              "agree (%d compared with tshark's rounded bytes); %.1f s",
              m_identical, m_compared, m_known, m_failed, m_agreeing, m_conversations, m_rounded,
              static_cast<double>(m_clock.elapsed()) / 1000.0);
    }
};

QTEST_GUILESS_MAIN(TestTsharkOracle)
#include "tst_tshark_oracle.moc"
