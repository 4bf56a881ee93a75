// PacketSource and AnalysisPipeline on files: nanosecond timestamps, what each kind of bad file
// reports, that a truncated capture keeps everything before the damage, and that readWhile
// (libpcap's own loop) reads what next() reads.
#include "core/analysis/analysis_pipeline.h"
#include "capture_writer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace portlens;
using namespace portlens::test;

namespace {

// What a source reads, one string per packet, and how reading ended.
struct Read {
    QStringList packets;
    std::optional<std::string> error;
    std::uint64_t errorOffset = 0;
};

QString describe(const RawPacket &p)
{
    return QString::number(p.timestampNs) + ' ' + QString::number(p.wireLength) + ' ' +
           QByteArray(reinterpret_cast<const char *>(p.data.data()), static_cast<qsizetype>(p.data.size())).toHex();
}

Read readWithNext(const QString &file)
{
    Read read;
    auto opened = PacketSource::openFile(file.toStdString());
    RawPacket packet;
    while (opened.source && opened.source->next(packet)) read.packets.append(describe(packet));
    if (opened.source) read = {read.packets, opened.source->error(), opened.source->errorOffset()};
    return read;
}

// Through readWhile, with a taker that refuses every packet once before it takes it (the
// read-ahead refuses a packet when its batch is full), so that every packet is handed over
// twice, across two calls.
Read readWithReadWhile(const QString &file, int *calls)
{
    struct Taker {
        QStringList packets;
        bool refuseNext = true;
    } taker;
    auto opened = PacketSource::openFile(file.toStdString());
    if (!opened.source) return {};
    *calls = 0;
    const auto take = [](void *context, const RawPacket &packet) {
        auto &t = *static_cast<Taker *>(context);
        if (t.refuseNext) {
            t.refuseNext = false;
            return false;
        }
        t.refuseNext = true;
        t.packets.append(describe(packet));
        return true;
    };
    while (opened.source->readWhile(take, &taker)) ++*calls;
    return {taker.packets, opened.source->error(), opened.source->errorOffset()};
}

} // namespace

class TestPacketSource : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void readsNanosecondTimestamps()
    {
        QVERIFY(writePcap(path("ok.pcap"), DLT_EN10MB, threeUdpExchanges()));
        auto opened = PacketSource::openFile(path("ok.pcap").toStdString());
        QVERIFY(opened.source);
        QCOMPARE(opened.source->linkType(), DLT_EN10MB);
        RawPacket packet;
        QVERIFY(opened.source->next(packet));
        QCOMPARE(packet.timestampNs, 1'700'000'000'000'000'000);
        QVERIFY(opened.source->next(packet));
        QCOMPARE(packet.timestampNs, 1'700'000'000'000'000'500);
        int rest = 0;
        while (opened.source->next(packet)) ++rest;
        QCOMPARE(rest, 4);
        QVERIFY(!opened.source->error());
        QCOMPARE(opened.source->bytesRead(), opened.source->totalBytes());
    }

    void openErrors()
    {
        QCOMPARE(PacketSource::openFile(path("missing.pcap").toStdString()).error, OpenError::NotFound);
        QCOMPARE(PacketSource::openFile(m_dir.path().toStdString()).error, OpenError::IsDirectory);
        QVERIFY(writeBytes(path("empty.pcap"), {}));
        QCOMPARE(PacketSource::openFile(path("empty.pcap").toStdString()).error, OpenError::Empty);
        QVERIFY(writeBytes(path("text.pcap"), "this is not a capture file, just text\n"));
        auto text = PacketSource::openFile(path("text.pcap").toStdString());
        QCOMPARE(text.error, OpenError::NotACapture);
        QVERIFY(QByteArray::fromStdString(text.message).contains("not a pcap or pcapng"));
        QVERIFY(writeBytes(path("gz.pcap"), QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10)));
        QVERIFY(QByteArray::fromStdString(PacketSource::openFile(path("gz.pcap").toStdString()).message).contains("gzip"));
        QVERIFY(writeBytes(path("short.pcap"), QByteArray("\xd4\xc3\xb2\xa1\x02\x00", 6)));
        QCOMPARE(PacketSource::openFile(path("short.pcap").toStdString()).error, OpenError::NotACapture);
        QVERIFY(writePcap(path("radio.pcap"), DLT_IEEE802_11_RADIO, {}));
        auto radio = PacketSource::openFile(path("radio.pcap").toStdString());
        QCOMPARE(radio.error, OpenError::UnsupportedLinkType);
        QVERIFY(QByteArray::fromStdString(radio.message).contains("unsupported link type"));
    }

    void truncatedCaptureKeepsWhatCameBefore()
    {
        QVERIFY(writePcap(path("cut.pcap"), DLT_EN10MB, threeUdpExchanges()));
        const qint64 full = fileSize(path("cut.pcap"));
        QVERIFY(truncateFile(path("cut.pcap"), full - 10)); // the last record loses its tail
        auto opened = PacketSource::openFile(path("cut.pcap").toStdString());
        QVERIFY(opened.source);
        std::vector<Connection> connections;
        AnalysisConfig flowsOnly;
        flowsOnly.detect = false;
        AnalysisPipeline analysis(flowsOnly, [&](JudgedConnection &&row) { connections.push_back(std::move(row.connection)); });
        const AnalysisResult result = analysis.run(*opened.source);
        QVERIFY(result.readError.has_value());
        QCOMPARE(result.counters.packets, 5u);
        QCOMPARE(connections.size(), 3u);
        QCOMPARE(connections[2].toClient.packets, 0u); // its answer was in the damaged record
        // The damaged record starts right after the fifth record: 24-byte file header, then
        // records of a 16-byte header plus the frame.
        const qint64 lastRecord = 16 + static_cast<qint64>(threeUdpExchanges().back().frame.size());
        QCOMPARE(static_cast<qint64>(result.readErrorOffset), full - lastRecord);
    }

    // A pcapng timestamp is 64 bits at any resolution, plus a signed offset in seconds: times
    // past what 64-bit nanoseconds hold are clamped to kMaxTimestampNs after or before 1970
    // (the multiplication by 10^9 overflowed; fuzz_capture_reader found it).
    void timestampsPastTheRangeAreClamped()
    {
        auto le = [](QByteArray &out, std::uint64_t v, int bytes) {
            for (int i = 0; i < bytes; ++i) out.append(static_cast<char>((v >> (8 * i)) & 0xff));
        };
        auto block = [&](std::uint32_t type, QByteArray body) {
            while (body.size() % 4) body.append('\0');
            QByteArray b;
            le(b, type, 4);
            le(b, static_cast<std::uint64_t>(body.size() + 12), 4);
            b += body;
            le(b, static_cast<std::uint64_t>(body.size() + 12), 4);
            return b;
        };
        auto packet = [&](std::uint64_t units) { // an EPB on interface 0 with a 4-byte frame
            QByteArray body;
            le(body, 0, 4);
            le(body, units >> 32, 4);
            le(body, units & 0xffffffffu, 4);
            le(body, 4, 4);
            le(body, 4, 4);
            body.append("abcd");
            return block(6, body);
        };
        QByteArray section;
        le(section, 0x1a2b3c4d, 4);
        le(section, 1, 2);
        le(section, 0, 2);
        le(section, ~std::uint64_t{0}, 8);
        auto interface = [&](std::int64_t offsetSeconds) { // Ethernet; if_tsoffset when not 0
            QByteArray body;
            le(body, DLT_EN10MB, 2);
            le(body, 0, 2);
            le(body, 65535, 4);
            if (offsetSeconds != 0) {
                le(body, 14, 2);
                le(body, 8, 2);
                le(body, static_cast<std::uint64_t>(offsetSeconds), 8);
                le(body, 0, 4); // opt_endofopt
            }
            return block(1, body);
        };
        const QByteArray late = block(0x0a0d0d0a, section) + interface(0) + packet(~std::uint64_t{0}) + packet(1'000'000);
        const QByteArray early = block(0x0a0d0d0a, section) + interface(-(std::int64_t{1} << 62)) + packet(0);
        QVERIFY(writeBytes(path("late.pcapng"), late));
        QVERIFY(writeBytes(path("early.pcapng"), early));

        auto opened = PacketSource::openFile(path("late.pcapng").toStdString());
        QVERIFY(opened.source);
        RawPacket p;
        QVERIFY(opened.source->next(p));
        QCOMPARE(p.timestampNs, kMaxTimestampNs); // 2^64 microseconds: 584,942 years
        QVERIFY(opened.source->next(p));
        QCOMPARE(p.timestampNs, std::int64_t{1'000'000'000}); // an ordinary time after it is untouched
        QVERIFY(!opened.source->next(p));
        QVERIFY(!opened.source->error());

        opened = PacketSource::openFile(path("early.pcapng").toStdString());
        QVERIFY(opened.source);
        QVERIFY(opened.source->next(p));
        QCOMPARE(p.timestampNs, -kMaxTimestampNs); // 2^62 seconds before 1970
    }

    void readWhileReadsWhatNextReads()
    {
        QVERIFY(writePcap(path("whole.pcap"), DLT_EN10MB, threeUdpExchanges()));
        QVERIFY(writePcap(path("cut.pcap"), DLT_EN10MB, threeUdpExchanges()));
        QVERIFY(truncateFile(path("cut.pcap"), fileSize(path("cut.pcap")) - 10));
        const QString sample = QStringLiteral(PORTLENS_SOURCE_DIR "/resources/samples/portlens-sample.pcapng");
        for (const QString &file : {path("whole.pcap"), path("cut.pcap"), sample}) {
            const Read direct = readWithNext(file);
            int calls = 0;
            const Read dispatched = readWithReadWhile(file, &calls);
            QVERIFY2(direct.packets.size() >= 5, qPrintable(file));
            QCOMPARE(dispatched.packets, direct.packets);
            QCOMPARE(calls, direct.packets.size()); // one refusal per packet, each ending a call
            QCOMPARE(dispatched.error, direct.error);
            QCOMPARE(dispatched.errorOffset, direct.errorOffset);
        }
        QVERIFY(readWithNext(path("cut.pcap")).error.has_value());
    }

    void progressCanCancelAndKeepsResults()
    {
        QVERIFY(writePcap(path("many.pcap"), DLT_EN10MB, threeUdpExchanges()));
        auto opened = PacketSource::openFile(path("many.pcap").toStdString());
        std::vector<Connection> connections;
        AnalysisConfig flowsOnly;
        flowsOnly.detect = false;
        AnalysisPipeline analysis(flowsOnly, [&](JudgedConnection &&row) { connections.push_back(std::move(row.connection)); });
        int calls = 0;
        bool progressWithinFile = true;
        const AnalysisResult result = analysis.run(
            *opened.source,
            [&](const AnalysisProgress &p) {
                ++calls;
                progressWithinFile = progressWithinFile && p.bytesRead <= p.totalBytes && p.totalBytes > 0;
                return p.packets < 2;
            },
            1);
        QVERIFY(progressWithinFile);
        QVERIFY(result.cancelled);
        QCOMPARE(calls, 2);
        QCOMPARE(result.counters.packets, 2u);
        QCOMPARE(connections.size(), 1u);
    }

    void pcapngInterfacesKeepTheirLinkTypesAndClocks()
    {
        // Ethernet in nanoseconds, raw IP in microseconds (no if_tsresol), Linux cooked in
        // 2^-10 s, then a big-endian section whose interface 0 is raw IP again.
        const Frame ip = ipv4("192.0.2.1", "192.0.2.2", 17, udpDatagram({.sport = 1, .dport = 2, .payload = "x"}));
        Pcapng png;
        png.section().interface(1).interface(101, 0, -1).interface(113, 0, 0x80 | 10);
        png.packet(0, 1'700'000'000'123'456'789, ethernet(ip)).packet(1, 1'700'000'000'654'321, ip).packet(2, (std::int64_t{1'700'000'000} << 10) + 512, Frame(16, std::byte{0}));
        png.section(true).interface(101).packet(0, 1'700'000'001'000'000'001, ip);
        QVERIFY(writeBytes(path("interfaces.pcapng"), png.bytes()));
        auto opened = PacketSource::openFile(path("interfaces.pcapng").toStdString());
        QVERIFY2(opened.source, opened.message.c_str());
        QCOMPARE(opened.source->linkType(), DLT_EN10MB);
        std::vector<std::pair<int, std::int64_t>> read;
        RawPacket packet;
        while (opened.source->next(packet)) read.emplace_back(packet.linkType, packet.timestampNs);
        QVERIFY2(!opened.source->error(), opened.source->error().value_or("").c_str());
        const std::vector<std::pair<int, std::int64_t>> expected{{DLT_EN10MB, 1'700'000'000'123'456'789},
                                                                 {DLT_RAW, 1'700'000'000'654'321'000},
                                                                 {DLT_LINUX_SLL, 1'700'000'000'500'000'000},
                                                                 {DLT_RAW, 1'700'000'001'000'000'001}};
        QCOMPARE(read, expected);
        QCOMPARE(opened.source->bytesRead(), static_cast<std::uint64_t>(png.size()));
    }
};

QTEST_GUILESS_MAIN(TestPacketSource)
#include "tst_packet_source.moc"
