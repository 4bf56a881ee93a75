// ConnectionModel and ConnectionFilterProxy under QAbstractItemModelTester while batches stream
// in, with updates of rows that were still open, and every filter and sort the table offers.
#include "ui/main/connection_filter_proxy.h"
#include "ui/main/connection_model.h"
#include "gui_test_support.h"
#include "ui/main/verdict_style.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace portlens;
using namespace portlens::ui;
using namespace portlens::ui::test;

class TestConnectionModel : public QObject {
    Q_OBJECT
private:
    // 10 batches of 50 rows; every 7th is a mismatch, every 5th UDP, every 3rd starts open and
    // is closed (updated) by the next batch.
    static void feed(ConnectionModel &model, int batches = 10)
    {
        std::vector<ConnectionSnapshot> reopen;
        std::uint64_t id = 1;
        for (int b = 0; b < batches; ++b) {
            std::vector<ConnectionSnapshot> rows;
            for (ConnectionSnapshot &s : reopen) {
                s.open = false;
                s.connection.toServer.packets += 5;
                rows.push_back(s);
            }
            reopen.clear();
            for (int i = 0; i < 50; ++i, ++id) {
                SnapshotSpec spec;
                spec.id = id;
                spec.packets = (id * 37) % 101;
                if (id % 5 == 0) {
                    spec.transport = 17;
                    spec.serverPort = 53;
                    spec.protocol = "DNS";
                }
                if (id % 7 == 0) {
                    spec.protocol = "SSH";
                    spec.serverPort = 443;
                    spec.verdict = VerdictKind::Mismatch;
                    spec.flagged = true;
                }
                spec.open = id % 3 == 0;
                rows.push_back(makeSnapshot(spec));
                if (spec.open) reopen.push_back(rows.back());
            }
            model.addBatch(batchOf(std::move(rows)));
        }
    }

private Q_SLOTS:
    void streamingBatchesUnderTester()
    {
        ConnectionModel model;
        ConnectionFilterProxy proxy;
        QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(ConnectionModel::PacketsColumn, Qt::DescendingOrder);
        proxy.setFilterText(QStringLiteral("198.51.100"));

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        feed(model);
        QCOMPARE(model.rowCount(), 500);
        QCOMPARE(inserted.count(), 10); // one insertion per batch
        QVERIFY(changed.count() >= 9);  // open rows updated in place
        QCOMPARE(proxy.rowCount(), 500);
        QCOMPARE(model.flaggedCount(), quint64{500 / 7});
        // Updated rows keep their place and carry the new values.
        const int row = model.rowOf(0, 3);
        QCOMPARE(row, 2);
        QVERIFY(!model.snapshot(row).open);
        QCOMPARE(model.snapshot(row).connection.toServer.packets, quint64{(3 * 37) % 101 + 5});
        // The proxy stays sorted while rows arrive.
        for (int r = 1; r < proxy.rowCount(); ++r) {
            const auto a = proxy.index(r - 1, 0).data(ConnectionModel::ConnectionIdRole).toULongLong();
            const auto b = proxy.index(r, 0).data(ConnectionModel::ConnectionIdRole).toULongLong();
            QVERIFY(model.snapshot(model.rowOf(0, a)).connection.totalPackets() >=
                    model.snapshot(model.rowOf(0, b)).connection.totalPackets());
        }
    }

    void filters()
    {
        ConnectionModel model;
        ConnectionFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        feed(model);

        proxy.setFlaggedOnly(true);
        QCOMPARE(proxy.rowCount(), 500 / 7);
        for (int r = 0; r < proxy.rowCount(); ++r) QVERIFY(proxy.index(r, 0).data(ConnectionModel::FlaggedRole).toBool());
        proxy.setFlaggedOnly(false);

        proxy.setPortFilter(53, 17);
        int dnsRows = 0;
        for (int id = 1; id <= 500; ++id) dnsRows += (id % 5 == 0 && id % 7 != 0);
        QCOMPARE(proxy.rowCount(), dnsRows);
        proxy.setPortFilter(53, 6); // nothing on 53/tcp
        QCOMPARE(proxy.rowCount(), 0);
        proxy.clearPortFilter();

        proxy.setProtocolFilter(QStringLiteral("SSH"));
        QCOMPARE(proxy.rowCount(), 500 / 7);
        proxy.setProtocolFilter({});

        proxy.setFilterText(QStringLiteral("ssh")); // case-insensitive, across columns
        QCOMPARE(proxy.rowCount(), 500 / 7);
        proxy.setFilterText(QStringLiteral(":40007")); // nothing contains this
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setFilterText(QStringLiteral("40007")); // client port of id 7
        QCOMPARE(proxy.rowCount(), 1);
        proxy.clearFilters();
        QCOMPARE(proxy.rowCount(), 500);
    }

    void sortsOnRawValues()
    {
        ConnectionModel model;
        ConnectionFilterProxy proxy;
        proxy.setSourceModel(&model);
        feed(model);
        proxy.sort(ConnectionModel::ServerPortColumn, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, ConnectionModel::ServerPortColumn).data().toString(), QStringLiteral("53"));
        QCOMPARE(proxy.index(499, ConnectionModel::ServerPortColumn).data().toString(), QStringLiteral("443"));
        // Verdict descending puts the flagged rows first.
        proxy.sort(ConnectionModel::VerdictColumn, Qt::DescendingOrder);
        QVERIFY(proxy.index(0, 0).data(ConnectionModel::FlaggedRole).toBool());
        QVERIFY(!proxy.index(499, 0).data(ConnectionModel::FlaggedRole).toBool());
    }

    void ranksAgreeWithCompare()
    {
        ConnectionModel model;
        feed(model, 30); // 1,500 rows: the proxy sorts by ranks from 1,000 rows up
        for (int column = 0; column < ConnectionModel::ColumnCount; ++column) {
            const std::vector<std::uint32_t> ranks = model.sortRanks(column);
            QCOMPARE(int(ranks.size()), model.rowCount());
            std::vector<int> byRank(ranks.size());
            for (std::size_t row = 0; row < ranks.size(); ++row) byRank[ranks[row]] = static_cast<int>(row);
            for (std::size_t i = 1; i < byRank.size(); ++i) {
                const int order = model.compare(byRank[i - 1], byRank[i], column);
                QVERIFY2(order < 0 || (order == 0 && byRank[i - 1] < byRank[i]), qPrintable(QString::number(column)));
            }
        }
    }

    void largeSortedProxyUnderTester()
    {
        ConnectionModel model;
        ConnectionFilterProxy proxy;
        proxy.setSourceModel(&model);
        feed(model, 30);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(ConnectionModel::ServerPortColumn, Qt::DescendingOrder);
        proxy.setFlaggedOnly(true);
        QCOMPARE(proxy.rowCount(), 1500 / 7);
        proxy.setFlaggedOnly(false);
        // Rows arriving after the sort are placed correctly, and updates move rows.
        std::vector<ConnectionSnapshot> more;
        for (std::uint64_t id = 1501; id <= 1600; ++id) {
            SnapshotSpec spec;
            spec.id = id;
            spec.serverPort = static_cast<std::uint16_t>(id);
            more.push_back(makeSnapshot(spec));
        }
        model.addBatch(batchOf(std::move(more)));
        QCOMPARE(proxy.rowCount(), 1600);
        for (int r = 1; r < proxy.rowCount(); ++r) {
            const int a = proxy.mapToSource(proxy.index(r - 1, 0)).row();
            const int b = proxy.mapToSource(proxy.index(r, 0)).row();
            QVERIFY(model.snapshot(a).connection.server.port >= model.snapshot(b).connection.server.port);
        }
        QCOMPARE(proxy.index(0, ConnectionModel::ServerPortColumn).data().toString(), QStringLiteral("1600"));
    }

    void highlighting()
    {
        ConnectionModel model;
        SnapshotSpec mismatch;
        mismatch.id = 1;
        mismatch.protocol = "SSH";
        mismatch.serverPort = 443;
        mismatch.verdict = VerdictKind::Mismatch;
        mismatch.flagged = true;
        SnapshotSpec plain;
        plain.id = 2;
        model.addBatch(batchOf({makeSnapshot(mismatch), makeSnapshot(plain)}));

        const QModelIndex flagged = model.index(0, ConnectionModel::ServerColumn);
        const QModelIndex normal = model.index(1, ConnectionModel::ServerColumn);
        QVERIFY(flagged.data(Qt::BackgroundRole).value<QColor>().isValid());
        QVERIFY(!normal.data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(0, ConnectionModel::VerdictColumn).data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(!model.index(1, ConnectionModel::VerdictColumn).data(Qt::DecorationRole).isValid());
        QCOMPARE(model.index(0, ConnectionModel::VerdictColumn).data().toString(), QStringLiteral("mismatch"));
        QCOMPARE(model.index(0, ConnectionModel::PortServiceColumn).data().toString(), QStringLiteral("HTTPS"));
        // The tooltip is the verdict's reason, judged again from the connection.
        QVERIFY(!flagged.data(Qt::ToolTipRole).toString().isEmpty());

        // Light and dark palettes both give a tint that differs from the base but keeps its lightness side.
        QPalette light;
        light.setColor(QPalette::Base, Qt::white);
        QPalette dark;
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        const QColor onLight = highlightBackground(Highlight::Flagged, light);
        const QColor onDark = highlightBackground(Highlight::Flagged, dark);
        QVERIFY(onLight != QColor(Qt::white) && onLight.lightnessF() > 0.5);
        QVERIFY(onDark != QColor(30, 30, 30) && onDark.lightnessF() < 0.5);
        QVERIFY(highlightBackground(Highlight::Note, light) != onLight);
    }

    void processColumnAndRelatedRows()
    {
        ConnectionModel model;
        SnapshotSpec control;
        control.id = 4;
        control.protocol = "FTP";
        control.serverPort = 21;
        SnapshotSpec data;
        data.id = 5;
        data.protocol = "FTP-DATA";
        data.serverPort = 20;
        ConnectionSnapshot dataRow = makeSnapshot(data);
        dataRow.connection.relatedId = 4;
        model.addBatch(batchOf({makeSnapshot(control), dataRow}));
        QCOMPARE(model.rowsRelatedTo(0, 4), std::vector<int>{1});
        QCOMPARE(model.rowOf(0, 5), 1);
        QCOMPARE(model.rowOf(1, 5), -1);
        model.setProcess(0, QStringLiteral("curl"));
        QCOMPARE(model.index(0, ConnectionModel::ProcessColumn).data().toString(), QStringLiteral("curl"));
        QVERIFY(model.searchText(0).find("curl") != std::string::npos);
    }
    // A 25,000-row batch (what a worker publishes when a file ends with everything still open)
    // goes in through the queue in slices: every row once, in order, with a few rows updated by
    // a second batch queued behind it; the window's event loop keeps turning in between.
    void queuedBatchArrivesWholeInOrder()
    {
        ConnectionModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy drained(&model, &ConnectionModel::queueDrained);
        std::vector<int> insertedSizes;
        int nextFirst = 0;
        bool inOrder = true;
        connect(&model, &QAbstractItemModel::rowsInserted, this, [&](const QModelIndex &, int first, int last) {
            inOrder = inOrder && first == nextFirst;
            nextFirst = last + 1;
            insertedSizes.push_back(last - first + 1);
        });
        constexpr int kRows = 25'000;
        std::vector<ConnectionSnapshot> rows;
        for (int i = 0; i < kRows; ++i) {
            SnapshotSpec spec;
            spec.id = static_cast<std::uint64_t>(i + 1);
            spec.open = i % 1000 == 0;
            rows.push_back(makeSnapshot(spec));
        }
        std::vector<ConnectionSnapshot> updates;
        for (int i = 0; i < kRows; i += 1000) {
            ConnectionSnapshot s = rows[static_cast<std::size_t>(i)];
            s.open = false;
            s.connection.toServer.packets = 99;
            updates.push_back(s);
        }
        model.queueBatch(batchOf(std::move(rows)));
        model.queueBatch(batchOf(std::move(updates)));
        QCOMPARE(model.rowCount(), 0); // nothing before the event loop runs
        QCOMPARE(model.queuedRows(), std::size_t{kRows + kRows / 1000});
        int turns = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&turns] { ++turns; });
        ticker.start(0);
        QVERIFY(drained.wait(30000));
        QCOMPARE(drained.count(), 1);
        QCOMPARE(model.queuedRows(), std::size_t{0});
        QCOMPARE(model.rowCount(), kRows);
        QVERIFY(inOrder);
        QVERIFY(insertedSizes.size() >= kRows / 1000);
        QVERIFY(*std::max_element(insertedSizes.begin(), insertedSizes.end()) <= 1000);
        QVERIFY(turns > 1); // the slices left the event loop room to turn
        for (int r = 0; r < kRows; ++r) QCOMPARE(model.snapshot(r).connection.id, static_cast<std::uint64_t>(r + 1));
        for (int r = 0; r < kRows; r += 1000) {
            QVERIFY(!model.snapshot(r).open);
            QCOMPARE(model.snapshot(r).connection.toServer.packets, quint64{99});
        }
    }

    // The row limit: once the table holds rowLimit() connections, new ones are counted (flagged
    // ones too) instead of inserted, through addBatch and through the queue alike; updates of
    // rows it holds (or has queued) still arrive; an open connection is counted once, when it
    // ends; clear() starts over. The tester checks every signal on the way.
    void rowLimitCountsWhatItDrops()
    {
        ConnectionModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ConnectionFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(ConnectionModel::PacketsColumn, Qt::DescendingOrder);
        model.setRowLimit(1000);
        QSignalSpy dropped(&model, &ConnectionModel::rowsDropped);
        auto spec = [](std::uint64_t id, bool open = false) {
            SnapshotSpec s;
            s.id = id;
            s.open = open;
            s.packets = id % 97;
            if (id % 10 == 0) {
                s.verdict = VerdictKind::Mismatch;
                s.protocol = "SSH";
                s.flagged = true;
            }
            return makeSnapshot(s);
        };
        // 600 rows directly, the first of them still open.
        std::vector<ConnectionSnapshot> rows;
        for (std::uint64_t id = 1; id <= 600; ++id) rows.push_back(spec(id, id == 1));
        model.addBatch(batchOf(std::move(rows)));
        QCOMPARE(model.rowCount(), 600);
        QCOMPARE(dropped.count(), 0);
        // 900 more through the queue: 400 fit, 500 do not (50 of them flagged); an open one
        // past the limit is not counted yet.
        rows.clear();
        for (std::uint64_t id = 601; id <= 1500; ++id) rows.push_back(spec(id));
        rows.push_back(spec(5000, true));
        model.queueBatch(batchOf(std::move(rows)));
        QCOMPARE(model.queuedRows(), std::size_t{400}); // refused on arrival: the queue stays bounded too
        QCOMPARE(model.droppedRows(), quint64{500});
        QCOMPARE(model.droppedFlagged(), quint64{50});
        QCOMPARE(dropped.count(), 1);
        QCOMPARE(dropped.last().at(0).toULongLong(), quint64{500});
        // Updates of a held row and a queued row are kept; new rows past the limit are not.
        rows.clear();
        ConnectionSnapshot closed = spec(1);
        closed.connection.toServer.packets = 5555;
        rows.push_back(closed);
        ConnectionSnapshot queuedUpdate = spec(700);
        queuedUpdate.connection.toServer.packets = 7777;
        rows.push_back(queuedUpdate);
        rows.push_back(spec(5000)); // the open one ends (flagged): counted now
        rows.push_back(spec(1501));
        model.queueBatch(batchOf(std::move(rows)));
        QCOMPARE(model.queuedRows(), std::size_t{402});
        QCOMPARE(model.droppedRows(), quint64{502});
        QCOMPARE(model.droppedFlagged(), quint64{51});
        QSignalSpy drained(&model, &ConnectionModel::queueDrained);
        QVERIFY(drained.wait(10000));
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(proxy.rowCount(), 1000);
        QCOMPARE(model.snapshot(model.rowOf(0, 1)).connection.toServer.packets, quint64{5555});
        QVERIFY(!model.snapshot(model.rowOf(0, 1)).open);
        QCOMPARE(model.snapshot(model.rowOf(0, 700)).connection.toServer.packets, quint64{7777});
        QCOMPARE(model.rowOf(0, 1001), -1);
        QCOMPARE(model.rowOf(0, 5000), -1);
        for (int r = 0; r < model.rowCount(); ++r) QVERIFY(model.snapshot(r).connection.id <= 1000);
        QCOMPARE(model.flaggedCount(), quint64{100});
        // addBatch past the limit: counted, not inserted.
        model.addBatch(batchOf({spec(2000), spec(2001)}));
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(model.droppedRows(), quint64{504});
        QCOMPARE(model.droppedFlagged(), quint64{52});
        // clear() starts over: the limit has room again.
        model.clear();
        QCOMPARE(model.droppedRows(), quint64{0});
        QCOMPARE(model.droppedFlagged(), quint64{0});
        model.addBatch(batchOf({spec(2000), spec(2001)}));
        QCOMPARE(model.rowCount(), 2);
    }

    // Clearing drops what is still queued: nothing of the old rows arrives afterwards.
    void clearDropsTheQueue()
    {
        ConnectionModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<ConnectionSnapshot> rows;
        for (std::uint64_t id = 1; id <= 5000; ++id) {
            SnapshotSpec spec;
            spec.id = id;
            rows.push_back(makeSnapshot(spec));
        }
        QSignalSpy drained(&model, &ConnectionModel::queueDrained);
        model.queueBatch(batchOf(std::move(rows)));
        model.clear();
        QCOMPARE(drained.count(), 1);
        QCOMPARE(model.queuedRows(), std::size_t{0});
        QTest::qWait(50);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestConnectionModel)
#include "tst_connection_model.moc"
