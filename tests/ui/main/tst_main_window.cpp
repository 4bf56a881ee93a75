// The main window driven like a user: drop the sample capture on it (a synthesised QDropEvent),
// wait for the worker, then check the rows, the highlighted rows, the details and the payload;
// bad drops explain themselves; cancelling keeps rows; copy, port filter and layout persistence.
#include "ui/main/about_dialog.h"
#include "ui/main/analysis_runner.h"
#include "ui/main/connection_details.h"
#include "ui/main/connection_filter_proxy.h"
#include "ui/main/connection_model.h"
#include "ui/main/connection_table_view.h"
#include "ui/main/filter_bar.h"
#include "gui_test_support.h"
#include "ui/main/main_window.h"
#include "ui/main/payload_view.h"
#include "ui/main/recent_files.h"
#include "ui/main/table_row_limit.h"
#include "ui/ports/port_reference_pane.h"
#include "ui/ports/training_presenter.h"
#include "ui/main/verdict_style.h"

#include "core/analysis/analysis_pipeline.h"
#include "core/detect/detection_engine.h"
#include "core/ports/port_knowledge.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDropEvent>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <thread>
#include <unistd.h>

using namespace portlens;
using namespace portlens::ui;
using namespace portlens::ui::test;

namespace {

void drop(QWidget *target, QMimeData *mime)
{
    const QPointF at(target->width() / 2.0, target->height() / 2.0);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent dropEvent(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &dropEvent);
}

void dropFiles(QWidget *target, const QStringList &paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &p : paths) urls << QUrl::fromLocalFile(p);
    mime.setUrls(urls);
    drop(target, &mime);
}

int rowWhere(const ConnectionModel &model, const char *protocol, std::uint16_t serverPort)
{
    for (int r = 0; r < model.rowCount(); ++r) {
        const Connection &c = model.snapshot(r).connection;
        if (c.detection.protocol == protocol && c.server.port == serverPort) return r;
    }
    return -1;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings go to a test location
        QSettings().clear();
    }

    void dropSampleCapture()
    {
        const CoreCounts expected = countWithCore(sampleCapture());
        QVERIFY(expected.connections > 20 && expected.highlightedStrongly > 0);
        MainWindow window;
        window.show();
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        dropFiles(&window, {sampleCapture()});
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(window.problemText(), QString());

        ConnectionModel &model = *window.connectionModel();
        QCOMPARE(model.rowCount(), expected.connections);
        // Highlighted rows: every flagged connection has a tint and an icon; the strongest ones are red.
        int tinted = 0;
        int strong = 0;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QModelIndex i = model.index(r, ConnectionModel::VerdictColumn);
            const auto level = static_cast<Highlight>(i.data(ConnectionModel::HighlightRole).toInt());
            if (level >= Highlight::Warning) {
                ++tinted;
                QVERIFY(i.data(Qt::BackgroundRole).value<QColor>().isValid());
                QVERIFY(!i.data(Qt::DecorationRole).value<QIcon>().isNull());
            }
            if (level == Highlight::Flagged) ++strong;
        }
        QCOMPARE(tinted, expected.flagged);
        QCOMPARE(strong, expected.highlightedStrongly);
        QVERIFY(window.summaryText().contains(QStringLiteral("Flagged: %1").arg(expected.flagged)));

        // SSH on 443: the details say why, the payload shows the banner with the evidence.
        const int ssh = rowWhere(model, "SSH", 443);
        QVERIFY(ssh >= 0);
        window.selectConnection(model.snapshot(ssh).capture, model.snapshot(ssh).connection.id);
        const QString details = window.details()->plainText();
        QVERIFY2(details.contains(QStringLiteral("mismatch")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("SSH")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("HTTPS")), qPrintable(details)); // what 443 normally carries
        QVERIFY(window.payloadView()->text().contains(QStringLiteral("SSH-2.0")));

        // HTTP: highlighted with PortLens's own definition, read from the resource.
        const int http = rowWhere(model, "HTTP", 80);
        QVERIFY(http >= 0);
        window.selectConnection(model.snapshot(http).capture, model.snapshot(http).connection.id);
        QCOMPARE(window.payloadView()->definitionName(), QStringLiteral("PortLens HTTP Message"));
        QVERIFY(!window.payloadView()->showsHex());

        // Keyboard: F8 walks to the next flagged connection.
        window.connectionTable()->setFocus();
        window.selectNextFlagged();
        QVERIFY(window.connectionTable()->currentIndex().data(ConnectionModel::FlaggedRole).toBool());

        // Ctrl+C copies the selected rows as TSV with a header line.
        window.connectionTable()->selectAll();
        QTest::keySequence(window.connectionTable(), QKeySequence::Copy);
        const QStringList lines = QApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), expected.connections + 1);
        QVERIFY(lines.front().contains(QStringLiteral("Verdict")));
        QVERIFY(lines.at(1).contains(QLatin1Char('\t')));

        // "Show connections on this port" from the port reference.
        window.showConnectionsOnPort(53, 17);
        const ConnectionFilterProxy &proxy = *window.connectionFilter();
        QVERIFY(proxy.rowCount() > 0);
        for (int r = 0; r < proxy.rowCount(); ++r) {
            const Connection &c = model.snapshot(proxy.mapToSource(proxy.index(r, 0)).row()).connection;
            QVERIFY(c.isUdp() && (c.server.port == 53 || c.client.port == 53));
        }
    }

    void ftpDataLinkJumpsToControl()
    {
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        window.openFiles({sampleCapture()});
        QVERIFY(finished.wait(30000));
        ConnectionModel &model = *window.connectionModel();
        int data = -1;
        for (int r = 0; r < model.rowCount() && data < 0; ++r)
            if (model.snapshot(r).connection.relatedId != 0) data = r;
        QVERIFY(data >= 0);
        const ConnectionSnapshot &s = model.snapshot(data);
        const QString html = ConnectionDetails::html(s, &model, window.palette());
        QVERIFY(html.contains(QStringLiteral("portlens:connection?capture=%1&amp;id=%2").arg(s.capture).arg(s.connection.relatedId)));
        QSignalSpy link(window.details(), &ConnectionDetails::connectionLinkActivated);
        window.selectConnection(s.capture, s.connection.relatedId);
        const QModelIndex current = window.connectionFilter()->mapToSource(window.connectionTable()->currentIndex());
        QCOMPARE(model.snapshot(current.row()).connection.id, s.connection.relatedId);
        QVERIFY(window.details()->plainText().contains(QStringLiteral("Data channels")));
    }

    // Explain Port on the selected SSH-on-443 connection opens 443/tcp's card in the dock; the
    // card's "Show connections on this port" filters the table to that port.
    void explainPortOpensTheCardAndFilters()
    {
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        window.openFiles({sampleCapture()});
        QVERIFY(finished.wait(30000));
        window.selectNextFlagged(); // the first flagged row of the sample: SSH on 443
        const QModelIndex current = window.connectionFilter()->mapToSource(window.connectionTable()->currentIndex());
        const Connection &c = window.connectionModel()->snapshot(current.row()).connection;
        QCOMPARE(c.server.port, quint16{443});
        QAction *explain = nullptr;
        for (QAction *action : window.findChildren<QAction *>())
            if (action->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_I)) explain = action;
        QVERIFY(explain);
        explain->trigger();
        PortReferencePane *pane = window.portReference();
        QVERIFY(pane);
        QVERIFY(pane->currentService());
        QCOMPARE(pane->currentService()->port, quint16{443});
        QCOMPARE(pane->currentService()->transport, quint8{6});

        Q_EMIT pane->showConnectionsRequested(443, 6);
        const int shown = window.connectionFilter()->rowCount();
        QVERIFY(shown > 0);
        for (int r = 0; r < shown; ++r) {
            const QModelIndex source = window.connectionFilter()->mapToSource(window.connectionFilter()->index(r, 0));
            QCOMPARE(window.connectionModel()->snapshot(source.row()).connection.server.port, quint16{443});
        }
    }

    // Training mode from the window shows the open capture's connections on the deck's cards.
    void trainingShowsTheOpenCapture()
    {
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        window.openFiles({sampleCapture()});
        QVERIFY(finished.wait(30000));
        window.startTraining();
        TrainingPresenter *presenter = nullptr;
        for (QWidget *w : QApplication::topLevelWidgets())
            if (auto *p = qobject_cast<TrainingPresenter *>(w)) presenter = p;
        QVERIFY(presenter);
        // The default deck is the article's list; find 443/tcp and check the SSH mismatch is listed.
        int card = -1;
        for (int i = 0; i < presenter->deck().cards.size(); ++i)
            if (presenter->deck().cards[i].port == 443 && presenter->deck().cards[i].transport == 6) card = i;
        QVERIFY(card >= 0);
        presenter->goTo(card);
        QVERIFY2(presenter->visibleText().contains(QStringLiteral("SSH")), qPrintable(presenter->visibleText()));
        QVERIFY(presenter->visibleText().contains(QStringLiteral("portlens-sample.pcapng")));
        presenter->close();
    }

    void exportPacketsOfSelection()
    {
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        window.openFiles({sampleCapture()});
        QVERIFY(finished.wait(30000));
        ConnectionModel &model = *window.connectionModel();
        // The two flagged mismatches of the sample: SSH on 443 and HTTP on 22.
        const int ssh = rowWhere(model, "SSH", 443);
        const int http = rowWhere(model, "HTTP", 22);
        QVERIFY(ssh >= 0 && http >= 0);
        QTableView *table = window.connectionTable();
        const auto select = [&](int row, QItemSelectionModel::SelectionFlags how) {
            const QModelIndex index = window.connectionFilter()->mapFromSource(model.index(row, 0));
            table->selectionModel()->select(index, how | QItemSelectionModel::Rows);
        };
        select(ssh, QItemSelectionModel::ClearAndSelect);
        select(http, QItemSelectionModel::Select);
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("two.pcapng"));
        QSignalSpy exported(&window, &MainWindow::packetsExported);
        window.exportSelectedPackets(out);
        QVERIFY(exported.wait(30000));
        QCOMPARE(exported.first().at(2).toString(), QString());
        const quint64 expected = model.snapshot(ssh).connection.totalPackets() + model.snapshot(http).connection.totalPackets();
        QCOMPARE(exported.first().at(1).toULongLong(), expected);

        // The file reads back (libpcap's pcapng reader) as exactly those two connections.
        const CoreCounts back = countWithCore(out);
        QCOMPARE(back.connections, 2);
        QCOMPARE(back.highlightedStrongly, 2);
        auto opened = PacketSource::openFile(out.toStdString());
        QVERIFY(opened.source);
        RawPacket raw;
        quint64 packets = 0;
        while (opened.source->next(raw)) ++packets;
        QVERIFY(!opened.source->error());
        QCOMPARE(packets, expected);
    }

    void liveStreamThroughTheWindow()
    {
        // How live capture will feed the window: a pipe carrying pcapng as the helper writes it.
        int fds[2];
        QCOMPARE(::pipe(fds), 0);
        QFile sample(sampleCapture());
        QVERIFY(sample.open(QIODevice::ReadOnly));
        const QByteArray bytes = sample.readAll();
        std::thread writer([fd = fds[1], &bytes] {
            for (qsizetype done = 0; done < bytes.size();) {
                const ssize_t n = ::write(fd, bytes.constData() + done, static_cast<std::size_t>(std::min<qsizetype>(4096, bytes.size() - done)));
                if (n <= 0) break;
                done += n;
            }
            ::close(fd);
        });
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        window.openStream(fds[0], QStringLiteral("eth0 (live)"));
        const bool done = finished.wait(30000);
        writer.join();
        QVERIFY(done);
        QCOMPARE(window.connectionModel()->rowCount(), countWithCore(sampleCapture()).connections);
        QVERIFY(window.windowTitle().contains(QStringLiteral("eth0 (live)")));
    }

    // The port field applies "53/udp" as port 53 of UDP; while the text is no valid port yet the
    // last valid filter stays; the free text waits for a pause in typing, then applies once.
    void filterBarEmitsWhatTheProxyNeeds()
    {
        FilterBar bar;
        QSignalSpy port(&bar, &FilterBar::portFilterChanged);
        QSignalSpy cleared(&bar, &FilterBar::portFilterCleared);
        QTest::keyClicks(bar.portField(), QStringLiteral("53/udp"));
        QVERIFY(port.count() >= 1);
        QCOMPARE(port.last().at(0).value<quint16>(), quint16{53});
        QCOMPARE(port.last().at(1).value<quint8>(), quint8{17});
        const auto before = port.count();
        QTest::keyClicks(bar.portField(), QStringLiteral("x")); // "53/udpx": not a port
        QCOMPARE(port.count(), before);
        bar.portField()->clear();
        QCOMPARE(cleared.count(), 1);
        bar.setPort(443, 6);
        QCOMPARE(bar.portField()->text(), QStringLiteral("443/tcp"));
        QCOMPARE(port.last().at(0).value<quint16>(), quint16{443});
        QCOMPARE(port.last().at(1).value<quint8>(), quint8{6});

        QSignalSpy text(&bar, &FilterBar::textFilterChanged);
        QTest::keyClicks(bar.textField(), QStringLiteral("ssh"));
        QCOMPARE(text.count(), 0);
        QVERIFY(text.wait(2000));
        QCOMPARE(text.count(), 1);
        QCOMPARE(text.first().at(0).toString(), QStringLiteral("ssh"));

        QSignalSpy flagged(&bar, &FilterBar::flaggedOnlyChanged);
        bar.flaggedOnlyAction()->setChecked(true);
        QCOMPARE(flagged.count(), 1);
        QCOMPARE(flagged.first().at(0).toBool(), true);
    }

    // Through the window: typed filters reach the proxy, the protocol list holds the capture's
    // protocols, the column menu hides a column, and the capture joins File > Open Recent.
    void windowPartsWorkTogether()
    {
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        window.openFiles({sampleCapture()});
        QVERIFY(finished.wait(30000));
        QCOMPARE(RecentFiles::paths().value(0), QFileInfo(sampleCapture()).absoluteFilePath());

        QTest::keyClicks(window.filterBar()->portField(), QStringLiteral("53/udp"));
        const ConnectionFilterProxy &proxy = *window.connectionFilter();
        QVERIFY(proxy.hasPortFilter());
        QCOMPARE(proxy.portFilter(), quint16{53});
        QVERIFY(proxy.rowCount() > 0);
        for (int r = 0; r < proxy.rowCount(); ++r) {
            const Connection &c = window.connectionModel()->snapshot(proxy.mapToSource(proxy.index(r, 0)).row()).connection;
            QVERIFY(c.isUdp() && (c.server.port == 53 || c.client.port == 53));
        }

        QComboBox *protocols = window.filterBar()->protocolCombo();
        QVERIFY(protocols->findData(QStringLiteral("SSH")) >= 2);
        QVERIFY(protocols->findData(QStringLiteral("DNS")) >= 2);
        QCOMPARE(protocols->findData(QStringLiteral("SSH")), protocols->findText(QStringLiteral("SSH")));
        for (int i = 3; i < protocols->count(); ++i) // sorted after the two fixed entries
            QVERIFY(QString::compare(protocols->itemText(i - 1), protocols->itemText(i), Qt::CaseInsensitive) < 0);

        QMenu columns;
        window.connectionTable()->fillColumnMenu(&columns);
        QCOMPARE(columns.actions().size(), int(ConnectionModel::ColumnCount));
        columns.actions().at(ConnectionModel::BytesColumn)->toggle();
        QVERIFY(window.connectionTable()->isColumnHidden(ConnectionModel::BytesColumn));
        QSettings().clear();
    }

    void badDropsExplainThemselves()
    {
        QTemporaryDir dir;
        const QString text = dir.filePath(QStringLiteral("notes.pcap"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a capture at all\n");
        f.close();

        MainWindow window;
        window.show();
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        dropFiles(&window, {text});
        QVERIFY(finished.wait(30000));
        QCOMPARE(window.connectionModel()->rowCount(), 0);
        QVERIFY2(window.problemText().contains(QStringLiteral("could not be opened")), qPrintable(window.problemText()));

        // A folder, a web address and plain text: refused with a reason, nothing starts.
        dropFiles(&window, {dir.path()});
        QVERIFY2(window.problemText().contains(QStringLiteral("folder")), qPrintable(window.problemText()));
        QMimeData web;
        web.setUrls({QUrl(QStringLiteral("https://example.com/capture.pcap"))});
        drop(&window, &web);
        QVERIFY2(window.problemText().contains(QStringLiteral("not a local file")), qPrintable(window.problemText()));
        QMimeData plain;
        plain.setText(QStringLiteral("hello"));
        drop(&window, &plain);
        QVERIFY2(window.problemText().contains(QStringLiteral("Only capture files")), qPrintable(window.problemText()));
    }

    void cancelKeepsRows()
    {
        QTemporaryDir dir;
        const QString big = dir.filePath(QStringLiteral("many.pcap"));
        QVERIFY(writeManyFlows(big, 600'000));
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        window.openFiles({big});
        // Cancel as soon as the first rows are there, as a user pressing Cancel would.
        QVERIFY(QTest::qWaitFor([&] { return window.connectionModel()->rowCount() > 0 || finished.count() > 0; }, 30000));
        window.analysisRunner()->cancel();
        QVERIFY(finished.count() > 0 || finished.wait(30000));
        QCOMPARE(finished.first().at(0).toBool(), true);
        const int rows = window.connectionModel()->rowCount();
        QVERIFY(rows > 0 && rows < 600'000);
        QTest::qWait(200); // nothing arrives after the end
        QCOMPARE(window.connectionModel()->rowCount(), rows);
    }

    // The table row limit from the settings: 5,000 of 20,000 connections are shown, the status
    // bar counts the other 15,000 and the message bar says once why, and where to change it.
    void rowLimitIsSaidWhenReached()
    {
        QTemporaryDir dir;
        const QString many = dir.filePath(QStringLiteral("many.pcap"));
        QVERIFY(writeManyFlows(many, 20'000));
        QSettings().setValue(TableRowLimit::settingsKey(), 5000);
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        window.openFiles({many});
        QVERIFY(finished.wait(60000));
        QCOMPARE(window.connectionModel()->rowLimit(), std::size_t{5000});
        QCOMPARE(window.connectionModel()->rowCount(), 5000);
        QCOMPARE(window.connectionModel()->droppedRows(), quint64{15'000});
        const QString summary = window.summaryText();
        QVERIFY2(summary.contains(QRegularExpression(QStringLiteral("Not shown \\(table full at 5.?000\\): 15.?000"))), qPrintable(summary));
        QVERIFY2(summary.contains(QRegularExpression(QStringLiteral("Connections: 5.?000"))), qPrintable(summary));
        QVERIFY2(window.problemText().contains(QStringLiteral("Table Row Limit")), qPrintable(window.problemText()));
        // A new capture starts over, with the limit as now set.
        QSettings().remove(TableRowLimit::settingsKey());
        window.openFiles({sampleCapture()});
        QVERIFY(finished.wait(60000));
        QCOMPARE(window.connectionModel()->rowLimit(), ConnectionModel::kDefaultRowLimit);
        QCOMPARE(window.connectionModel()->droppedRows(), quint64{0});
        QVERIFY2(!window.summaryText().contains(QStringLiteral("Not shown")), qPrintable(window.summaryText()));
        QVERIFY(window.problemText().isEmpty());
    }

    void layoutPersists()
    {
        {
            MainWindow window;
            window.connectionTable()->horizontalHeader()->setSectionHidden(ConnectionModel::BytesColumn, true);
            window.connectionTable()->horizontalHeader()->moveSection(ConnectionModel::VerdictColumn, 0);
            window.close();
        }
        MainWindow again;
        QVERIFY(again.connectionTable()->horizontalHeader()->isSectionHidden(ConnectionModel::BytesColumn));
        QCOMPARE(again.connectionTable()->horizontalHeader()->logicalIndex(0), int(ConnectionModel::VerdictColumn));
        QSettings().clear();
    }

    void syntaxDefinitionsLoad()
    {
        for (const char *protocol : {"HTTP", "RTSP", "SSDP", "SIP", "SMTP", "FTP", "POP3", "IMAP"}) {
            const QString name = PayloadView::definitionNameFor(QString::fromLatin1(protocol));
            QVERIFY2(PayloadView::repository().definitionForName(name).isValid(), qPrintable(name));
        }
    }

    void aboutNamesTheLibraries()
    {
        const QString versions = AboutDialog::versionsText();
        QVERIFY(versions.contains(QString::fromLatin1(qVersion())));
        QVERIFY(versions.contains(QStringLiteral("SyntaxHighlighting")));
        QVERIFY(versions.contains(QStringLiteral("libpcap")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
