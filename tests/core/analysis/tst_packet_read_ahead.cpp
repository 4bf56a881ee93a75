// PacketReadAhead: the reader thread hands out exactly the packets, decoded, that reading on the
// analysing thread would, in the same order, also across batch borders, after a read error and
// when the analysis stops early, each with its flow hashed as the flow table would hash it.
#include "core/analysis/packet_read_ahead.h"

#include "capture_writer.h"
#include "corpus_captures.h"

#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace portlens;
using namespace portlens::test;

namespace {

// What analysis reads of a decoded packet, flattened for comparing.
QByteArray describe(const PacketView &p)
{
    QByteArray out = QByteArray::number(static_cast<qint64>(p.timestampNs)) + ' ' + QByteArray::number(p.wireLength) +
                     ' ' + QByteArray::number(static_cast<int>(p.kind));
    if (p.kind == PacketKind::Transport) {
        out += ' ' + QByteArray::fromStdString(p.source.toString()) + ':' + QByteArray::number(p.sourcePort) + '>' +
               QByteArray::fromStdString(p.destination.toString()) + ':' + QByteArray::number(p.destinationPort) + ' ' +
               QByteArray::number(p.ipProtocol) + ' ' + QByteArray::number(p.ipLength) + ' ' +
               QByteArray::number(p.payloadLength) + ' ' +
               QByteArray(reinterpret_cast<const char *>(p.payload.data()), static_cast<qsizetype>(p.payload.size())).toHex();
        // TCP fields only for TCP: the decoder leaves them as they were for other packets.
        if (p.isTcp())
            out += ' ' + QByteArray::number(p.tcpFlags) + ' ' + QByteArray::number(p.tcpSeq) + ' ' +
                   QByteArray::number(p.tcpAck) + ' ' + QByteArray::number(p.tcpWindow);
    }
    return out;
}

QList<QByteArray> readDirect(const std::string &path)
{
    QList<QByteArray> packets;
    auto opened = PacketSource::openFile(path);
    if (!opened.source) return packets;
    const Decoder decoder(opened.source->linkType());
    RawPacket raw;
    PacketView view;
    while (opened.source->next(raw)) {
        view.timestampNs = raw.timestampNs;
        view.wireLength = raw.wireLength;
        decoder.decode(raw.data, view);
        packets.append(describe(view));
    }
    return packets;
}

QList<QByteArray> readAhead(const std::string &path, std::size_t batchBytes, std::size_t batchCount,
                            std::optional<std::string> *error = nullptr)
{
    QList<QByteArray> packets;
    auto opened = PacketSource::openFile(path);
    if (!opened.source) return packets;
    {
        PacketReadAhead reader(*opened.source, batchBytes, batchCount);
        while (const DecodedPacket *packet = reader.next()) {
            const FlowHash expected = FlowTable::hashAhead(packet->view);
            if (packet->flow.known != expected.known || packet->flow.value != expected.value ||
                packet->flow.sourceIsLow != expected.sourceIsLow)
                packets.append("a flow hashed otherwise than the flow table hashes it");
            packets.append(describe(packet->view));
        }
        if (reader.next()) packets.append("a packet after the end"); // the end must stay the end
    }
    if (error) *error = opened.source->error();
    return packets;
}

} // namespace

class TestPacketReadAhead : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void samePacketsAsReadingDirectly_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &file : someCaptures()) QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
    }

    void samePacketsAsReadingDirectly()
    {
        QFETCH(QString, file);
        const std::string name = file.toStdString();
        const QList<QByteArray> direct = readDirect(name);
        QVERIFY(!direct.isEmpty());
        // One packet per batch and only two batches (the reader waits on nearly every packet),
        // then batches of a few packets, then the default.
        QCOMPARE(readAhead(name, 1, 2), direct);
        QCOMPARE(readAhead(name, 2000, 3), direct);
        QCOMPARE(readAhead(name, 256 * 1024, 6), direct);
    }

    void readErrorEndsTheStreamAfterEverythingBeforeIt()
    {
        QVERIFY(writePcap(path("cut.pcap"), DLT_EN10MB, threeUdpExchanges()));
        QVERIFY(truncateFile(path("cut.pcap"), fileSize(path("cut.pcap")) - 10));
        std::optional<std::string> error;
        const QList<QByteArray> packets = readAhead(path("cut.pcap").toStdString(), 1, 2, &error);
        QCOMPARE(packets.size(), 5);
        QCOMPARE(packets, readDirect(path("cut.pcap").toStdString()));
        QVERIFY(error.has_value());
    }

    void stoppingEarlyDoesNotWaitForTheRest()
    {
        // Many small batches, so that the reader is waiting for room when the reading stops.
        std::vector<TimedFrame> frames;
        for (int i = 0; i < 20'000; ++i)
            frames.push_back({1'700'000'000'000'000'000 + i, ethUdp4("192.0.2.1", "192.0.2.53",
                                                                     {.sport = 40000, .dport = 53, .payload = "query"})});
        QVERIFY(writePcap(path("long.pcap"), DLT_EN10MB, frames));
        auto opened = PacketSource::openFile(path("long.pcap").toStdString());
        QVERIFY(opened.source);
        {
            PacketReadAhead reader(*opened.source, 64, 2);
            for (int i = 0; i < 3; ++i) QVERIFY(reader.next());
        } // destroyed here: must stop the reader, not read to the end
        QVERIFY(opened.source->packetsRead() < 20'000);
        QVERIFY(opened.source->packetsRead() >= 3);
    }

    void batchesAreBoundedByPacketsToo()
    {
        // Records of 0 captured bytes never fill a batch's bytes; only the packet bound stops
        // the reader (without it, a file of them grew one batch past 500 MB).
        std::vector<TimedFrame> frames;
        for (int i = 0; i < 1000; ++i) frames.push_back({1'700'000'000'000'000'000 + i, {}});
        QVERIFY(writePcap(path("empty-records.pcap"), DLT_EN10MB, frames));
        auto opened = PacketSource::openFile(path("empty-records.pcap").toStdString());
        QVERIFY(opened.source);
        {
            PacketReadAhead reader(*opened.source, 1 << 20, 2, 8);
            QVERIFY(reader.next());
            QVERIFY(reader.peek(7));  // the first batch holds 8 packets...
            QVERIFY(!reader.peek(8)); // ...and no more
            QTest::qWait(200);        // time for the reader to fill every batch it may
            reader.stop();            // joins the reader thread: only now may the source be asked
            // Two batches of 8, and the reader waiting with one more in hand at most.
            QVERIFY2(opened.source->packetsRead() <= 3 * 8 + 1, QByteArray::number(qulonglong(opened.source->packetsRead())));
            int seen = 1;
            while (reader.next()) ++seen;
            // The rest of the file through a second reader: bounding the batches lost nothing.
            PacketReadAhead rest(*opened.source, 1 << 20, 2, 8);
            while (rest.next()) ++seen;
            QCOMPARE(seen, 1000);
        }
    }

    void progressReportsTheFileOffset()
    {
        auto opened = PacketSource::openFile(bundledSample().toStdString());
        QVERIFY(opened.source);
        PacketReadAhead reader(*opened.source, 1, 2);
        std::uint64_t last = 0;
        while (reader.next()) {
            QVERIFY(reader.bytesRead() >= last);
            QVERIFY(reader.bytesRead() <= opened.source->totalBytes());
            last = reader.bytesRead();
        }
        QCOMPARE(last, opened.source->totalBytes());
    }
};

QTEST_GUILESS_MAIN(TestPacketReadAhead)
#include "tst_packet_read_ahead.moc"
