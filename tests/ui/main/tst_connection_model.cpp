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
};

QTEST_MAIN(TestConnectionModel)
#include "tst_connection_model.moc"
