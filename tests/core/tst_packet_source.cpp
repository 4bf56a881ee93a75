// PacketSource and CaptureAnalysis on files: nanosecond timestamps, what each kind of bad file
// reports, and that a truncated capture keeps everything before the damage.
#include "analysis/capture_analysis.h"
#include "capture_writer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace portlens;
using namespace portlens::test;

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
        CaptureAnalysis analysis(FlowTableConfig{}, [&](Connection &&c) { connections.push_back(std::move(c)); });
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

    void progressCanCancelAndKeepsResults()
    {
        QVERIFY(writePcap(path("many.pcap"), DLT_EN10MB, threeUdpExchanges()));
        auto opened = PacketSource::openFile(path("many.pcap").toStdString());
        std::vector<Connection> connections;
        CaptureAnalysis analysis(FlowTableConfig{}, [&](Connection &&c) { connections.push_back(std::move(c)); });
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
};

QTEST_GUILESS_MAIN(TestPacketSource)
#include "tst_packet_source.moc"
