// core/detect/bittorrent_detector.cpp: positives, negatives, truncation at every length, metadata.
#include "detector_test_support.h"
#include "binary_samples.h"
#include "followup_samples.h"
#include "registered_tests.h"

#include "core/capture/packet_source.h"

#include <QFileInfo>
#include <functional>
#include <memory>
#include <random>

using namespace portlens;
using namespace portlens::test;
using namespace portlens::test::binary_samples;
using namespace portlens::test::followup_samples;

namespace {

// --- uTP -----------------------------------------------------------------------------------------
// lru_ipv6_caches.pcapng, 6881 -> 60506/udp, captured after the SYN: ST_STATE packets (frames 16,
// 17, 20, 26) of connection 0xacd2, then ST_DATA (frames 43 and 45).
const std::string kUtpState1 = hex("2100acd2f82a43d2baf0f0fc00100000d4496c42");

const std::string kUtpState2 = hex("2100acd2f82a483dbaf0ee4200100000d4496c43");

const std::string kUtpState3 = hex("2100acd2f830a098baf0ede600100000d4496c45");

const std::string kUtpState4 = hex("2100acd2f836f2d2baf0eb2f00100000d4496c46");

const std::string kUtpData1 = hex("0100acd2f860e5adbaf0eb2f00100000d4496c460000015f1401");

const std::string kUtpData2 = hex(
    "0100acd2f8708cb4baf0eedf00100000d44b6c460000001b140264383a6d73675f74797065693065353a706965636569306565");

std::vector<Turn> utpRun() { return {fromClient(kUtpState1), fromClient(kUtpState2), fromClient(kUtpState3)}; }

} // namespace

class TestBittorrentDetector : public QObject {
    Q_OBJECT

private slots:
    void bitTorrentHandshakesAndDht()
    {
        const auto bt = &detectorNamed("BitTorrent");
        auto d = run(*bt, tcp(6881, {fromClient(kBitTorrentHandshake)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->protocol, std::string("BitTorrent"));
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "bittorrent.info_hash"), std::string("dcfcdccfb9e670ccc3dd40c78c161f2bea243126"));
        QCOMPARE(meta(d, "bittorrent.peer_client"), std::string("UM1860"));
        QCOMPARE(d->evidence.length, 68u);
        // Cut after the protocol string: Medium, no info hash.
        d = run(*bt, tcp(6881, {fromClient(kBitTorrentHandshake.substr(0, 30))}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::Medium);
        QCOMPARE(meta(d, "bittorrent.info_hash"), std::string());
        // DHT over UDP.
        d = run(*bt, udp(6881, {fromClient(kBitTorrentDhtQuery)}));
        QVERIFY(d.has_value());
        QCOMPARE(d->confidence, Confidence::High);
        QCOMPARE(meta(d, "bittorrent.dht_query"), std::string("get_peers"));
        // uTP: SYN answered by STATE.
        d = run(*bt, udp(6881, {fromClient(kUtpSyn), fromServer(kUtpState)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "bittorrent.transport"), std::string("uTP"));
        // Local Service Discovery.
        d = run(*bt, udp(6771, {fromClient(kBitTorrentLsd)}));
        QVERIFY(d.has_value());
        QCOMPARE(meta(d, "bittorrent.info_hash"), std::string("ed4f1085e885f98f9a69b70ee89eb988b8fd9115"));
    }

    void bitTorrentNegatives()
    {
        const auto bt = &detectorNamed("BitTorrent");
        QVERIFY(!run(*bt, tcp(6881, {fromClient("\x13" "BitTorrent protocoX" + std::string(48, '\0'))})));
        QVERIFY(!run(*bt, udp(6881, {fromClient("d1:ad2:id20:short")})));
        QVERIFY(!run(*bt, udp(6881, {fromClient(kUtpSyn)})));                    // a lone SYN is 20 bytes of anything
        QVERIFY(!run(*bt, udp(6881, {fromClient(kUtpSyn), fromServer(kUtpSyn)})));
        QVERIFY(!run(*bt, udp(1900, {fromClient("M-SEARCH * HTTP/1.1\r\n\r\n")})));
        QVERIFY(survivesEveryTruncation(*bt, 6, 6881, {fromClient(kBitTorrentHandshake), fromServer(kBitTorrentHandshake)}));
        QVERIFY(survivesEveryTruncation(*bt, 17, 6881, {fromClient(kBitTorrentDhtQuery)}));
        QVERIFY(survivesEveryTruncation(*bt, 17, 6881, {fromClient(kUtpSyn), fromServer(kUtpState)}));
        QVERIFY(survivesEveryTruncation(*bt, 17, 6771, {fromClient(kBitTorrentLsd)}));
    }

    void utpMidConnection()
    {
        const auto bt = &detectorNamed("BitTorrent");
        const auto d = run(*bt, udp(60506, utpRun()));
        QVERIFY(d.has_value());
        QCOMPARE(confidenceOf(d), Confidence::Medium);
        QCOMPARE(meta(d, "bittorrent.transport"), std::string("uTP"));
        QVERIFY(says(d, "the client's first 3 datagrams are uTP packets (ST_STATE, ST_STATE, ST_STATE) of connection 0xacd2"));
        QVERIFY(survivesEveryTruncation(*bt, 17, 60506, utpRun()));

        const std::vector<Turn> longer{fromClient(kUtpState1), fromClient(kUtpState2), fromClient(kUtpState3),
                                       fromClient(kUtpState4), fromClient(kUtpData1),  fromClient(kUtpData2)};
        QVERIFY(run(*bt, udp(60506, longer)).has_value());
        QVERIFY(survivesEveryTruncation(*bt, 17, 60506, longer));
        QCOMPARE(detectedProtocol(udp(60506, longer)), std::string("BitTorrent"));

        // Both sides, their connection IDs one apart (hand-written answer: ST_STATE on 0xacd3).
        std::vector<Turn> both = utpRun();
        for (const char *state : {"2100acd3 00000010 00000000 00100000 6c43d449", "2100acd3 00000020 00000000 00100000 6c44d449",
                                  "2100acd3 00000030 00000000 00100000 6c45d449"})
            both.push_back(fromServer(hex(state)));
        QCOMPARE(confidenceOf(run(*bt, udp(60506, both))), Confidence::High);
    }

    void utpMidConnectionNegatives()
    {
        const auto bt = &detectorNamed("BitTorrent");
        QVERIFY(!run(*bt, udp(60506, {fromClient(kUtpState1), fromClient(kUtpState2)}))); // two are not enough
        auto withThird = [&](const std::string &third) {
            return run(*bt, udp(60506, {fromClient(kUtpState1), fromClient(kUtpState2), fromClient(third)}));
        };
        auto variant = [](std::size_t at, char value) {
            std::string s = kUtpState3;
            s[at] = value;
            return s;
        };
        QVERIFY(!withThird(variant(3, '\xd3')));           // another connection
        QVERIFY(!withThird(variant(5, '\x00')));           // the clock went back
        QVERIFY(!withThird(variant(16, '\xd5')));          // seq_nr jumped
        QVERIFY(!withThird(variant(0, '\x22')));           // version 2
        QVERIFY(!withThird(variant(0, '\x51')));           // type 5
        QVERIFY(!withThird(variant(0, '\x41')));           // an ST_SYN after the start
        QVERIFY(!withThird(variant(1, '\x01')));           // an extension that is not there
        QVERIFY(!withThird(kUtpState3 + "data"));          // ST_STATE carries no payload
        QVERIFY(!withThird(kUtpData1.substr(0, 20)));      // ST_DATA without payload
        // The same header three times: a clock that never moves is no uTP sender.
        QVERIFY(!run(*bt, udp(60506, {fromClient(kUtpState1), fromClient(kUtpState1), fromClient(kUtpState1)})));
    }
};

PORTLENS_REGISTER_TEST(TestBittorrentDetector)
#include "tst_bittorrent_detector.moc"
