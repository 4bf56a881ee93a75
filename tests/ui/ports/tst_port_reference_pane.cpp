// The port reference pane as a user drives it: type, pick a result, read the card, press the
// card's buttons; and its results model under QAbstractItemModelTester.
#include "ui/ports/localised_ports.h"
#include "ui/ports/port_reference_pane.h"
#include "ui/ports/port_results_model.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace portlens;
using namespace portlens::ui;

class TestPortReferencePane : public QObject {
    Q_OBJECT

private slots:
    void modelUnderTester()
    {
        PortResultsModel model(PortKnowledge::builtin());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        for (const char *query : {"22", "5353/udp", "5350-5360", "ssh", "", "1-65535", "multicast", "zzzz", "netbios"})
            model.setQuery(QString::fromLatin1(query));
        model.setQuery(QStringLiteral("1-65535"));
        QCOMPARE(model.rowCount(), PortResultsModel::kLimit);
        QVERIFY(model.totalMatches() > 10000);
        model.setQuery(QStringLiteral("5353/udp"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, PortResultsModel::PortColumn).data().toString(), QStringLiteral("5353/udp"));
        QCOMPARE(model.index(0, PortResultsModel::NameColumn).data().toString(), QStringLiteral("mDNS"));
        QCOMPARE(model.index(0, 0).data(PortResultsModel::PortRole).value<quint16>(), quint16{5353});
        QCOMPARE(model.index(0, 0).data(PortResultsModel::TransportRole).value<quint8>(), quint8{17});
        QVERIFY(model.index(0, 0).data(PortResultsModel::CuratedRole).toBool());
        QVERIFY(model.headerData(0, Qt::Horizontal).isValid());
        QCOMPARE(model.rowOf(5353, 17), 0);
        QCOMPARE(model.rowOf(22, 6), -1);
    }

    void typeSelectAndRead()
    {
        PortReferencePane pane(PortKnowledge::builtin());
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        auto *search = pane.findChild<QLineEdit *>(QStringLiteral("portSearch"));
        auto *results = pane.findChild<QTableView *>(QStringLiteral("portResults"));
        auto *card = pane.findChild<QTextBrowser *>(QStringLiteral("portCard"));
        QVERIFY(search && results && card);

        QTest::keyClicks(search, QStringLiteral("netbios"));
        QVERIFY(QTest::qWaitFor([&] { return results->model()->rowCount() >= 3; })); // results follow the typing
        QCOMPARE(pane.resultsModel()->query(), QStringLiteral("netbios"));
        const int row = pane.resultsModel()->rowOf(139, 6);
        QVERIFY(row >= 0);
        const QRect cell = results->visualRect(results->model()->index(row, 1));
        QTest::mouseClick(results->viewport(), Qt::LeftButton, {}, cell.center());
        QVERIFY(QTest::qWaitFor([&] { return card->toPlainText().contains(QStringLiteral("NetBIOS Session Service")); }));
        QVERIFY(card->toPlainText().contains(QStringLiteral("What to look for")));
        QVERIFY(card->toPlainText().contains(QStringLiteral("445/tcp")));
        QCOMPARE(pane.currentService()->port, 139);
    }

    void anExactNumberShowsItsCardAtOnce()
    {
        PortReferencePane pane(PortKnowledge::builtin());
        auto *search = pane.findChild<QLineEdit *>(QStringLiteral("portSearch"));
        auto *card = pane.findChild<QTextBrowser *>(QStringLiteral("portCard"));
        QTest::keyClicks(search, QStringLiteral("1900/udp"));
        QVERIFY(QTest::qWaitFor([&] { return card->toPlainText().contains(QStringLiteral("239.255.255.250")); }));
        // A registry-only port says so instead of inventing a note.
        search->clear();
        QTest::keyClicks(search, QStringLiteral("3000/tcp"));
        QVERIFY(QTest::qWaitFor([&] { return card->toPlainText().contains(QStringLiteral("hbci")); }));
        QVERIFY(card->toPlainText().contains(QStringLiteral("no teaching note")));
    }

    void buttonsEmitWhatTheMainWindowWires()
    {
        PortReferencePane pane(PortKnowledge::builtin());
        QSignalSpy show(&pane, &PortReferencePane::showConnectionsRequested);
        QSignalSpy capture(&pane, &PortReferencePane::captureFilterRequested);
        auto *showButton = pane.findChild<QPushButton *>(QStringLiteral("showConnectionsButton"));
        auto *captureButton = pane.findChild<QPushButton *>(QStringLiteral("captureButton"));
        QVERIFY(!showButton->isEnabled()); // no port yet

        pane.explainPort(5353, 17);
        QCOMPARE(pane.currentService()->port, 5353);
        QVERIFY(showButton->isEnabled());
        QVERIFY(!captureButton->isEnabled()); // no live capture yet
        QTest::mouseClick(showButton, Qt::LeftButton);
        QCOMPARE(show.size(), 1);
        QCOMPARE(show.at(0).at(0).value<quint16>(), quint16{5353});
        QCOMPARE(show.at(0).at(1).value<quint8>(), quint8{17});

        pane.setLiveCaptureAvailable(true);
        QVERIFY(captureButton->isEnabled());
        QTest::mouseClick(captureButton, Qt::LeftButton);
        QCOMPARE(capture.size(), 1);
        QCOMPARE(capture.at(0).at(0).toString(), QStringLiteral("port 5353 and udp"));
    }

    void relatedPortLinksOpenTheirCard()
    {
        PortReferencePane pane(PortKnowledge::builtin());
        pane.explainPort(21, 6);
        auto *card = pane.findChild<QTextBrowser *>(QStringLiteral("portCard"));
        QVERIFY(card->toHtml().contains(QStringLiteral("port:20/tcp")));
        emit card->anchorClicked(QUrl(QStringLiteral("port:20/tcp")));
        QCOMPARE(pane.currentService()->port, 20);
        QCOMPARE(pane.findChild<QLineEdit *>(QStringLiteral("portSearch"))->text(), QStringLiteral("20/tcp"));
    }

    void unassignedPort()
    {
        PortReferencePane pane(PortKnowledge::builtin());
        pane.explainPort(65535, 6);
        QVERIFY(!pane.currentService());
        QVERIFY(pane.findChild<QTextBrowser *>(QStringLiteral("portCard"))->toPlainText().contains(QStringLiteral("not in the IANA registry")));
    }

    void englishWithoutATranslation()
    {
        // No translation is shipped yet: every locale gets the English notes.
        const PortKnowledge german = portKnowledgeFor(QLocale(QLocale::German));
        QCOMPARE(german.registered(22, 6)->note->usage, PortKnowledge::builtin().registered(22, 6)->note->usage);
    }
};

QTEST_MAIN(TestPortReferencePane)
#include "tst_port_reference_pane.moc"
