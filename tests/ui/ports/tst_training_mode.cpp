// Training mode: the default deck is the reference article's ports, keys drive it as a
// presentation remote would, the quiz hides the answer until revealed, and cards list the sample
// capture's connections on their port with the evidence.
#include "core/ports/port_knowledge.h"
#include "ui/ports/training_presenter.h"

#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>

using namespace portlens;
using namespace portlens::ui;

namespace {
const QString kSample = QStringLiteral(PORTLENS_SOURCE_DIR "/resources/samples/portlens-sample.pcapng");
}

class TestTrainingMode : public QObject {
    Q_OBJECT

private slots:
    void defaultDeckIsTheArticle()
    {
        const TrainingDeck deck = TrainingDeck::defaultDeck();
        QCOMPARE(deck.cards.size(), 16);
        QCOMPARE(deck.cards.first().port, 21);
        QCOMPARE(deck.cards.last().port, 5355);
        QCOMPARE(deck.cards.last().transport, 17);
        for (const DeckCard &card : deck.cards) {
            const PortService *s = PortKnowledge::builtin().registered(card.port, card.transport);
            QVERIFY(s && s->curated());
        }
    }

    void badDecksAreRefused()
    {
        QString error;
        QVERIFY(TrainingDeck::fromJson("[]", &error).cards.isEmpty());
        QVERIFY(!error.isEmpty());
        QVERIFY(TrainingDeck::fromJson(R"({"format":"portlens-deck/1","cards":[{"port":22}]})", &error).cards.isEmpty());
        QVERIFY(error.contains(QStringLiteral("card 1")));
        const TrainingDeck ok = TrainingDeck::fromJson(
            R"({"format":"portlens-deck/1","title":"t","cards":[{"port":22,"transport":"tcp","prompt":"why?"}]})", &error);
        QCOMPARE(ok.cards.size(), 1);
        QCOMPARE(ok.cards.first().prompt, QStringLiteral("why?"));
    }

    void keysNavigate()
    {
        TrainingPresenter presenter(PortKnowledge::builtin());
        presenter.setDeck(TrainingDeck::defaultDeck());
        presenter.show();
        QVERIFY(QTest::qWaitForWindowExposed(&presenter));
        QSignalSpy moved(&presenter, &TrainingPresenter::currentIndexChanged);
        QCOMPARE(presenter.currentIndex(), 0);
        QVERIFY(presenter.visibleText().contains(QStringLiteral("21/tcp")));

        QTest::keyClick(&presenter, Qt::Key_Right);
        QCOMPARE(presenter.currentIndex(), 1);
        QVERIFY(presenter.visibleText().contains(QStringLiteral("22/tcp")));
        QVERIFY(presenter.visibleText().contains(QStringLiteral("SSH")));
        QTest::keyClick(&presenter, Qt::Key_PageDown);
        QTest::keyClick(&presenter, Qt::Key_Down);
        QCOMPARE(presenter.currentIndex(), 3);
        QTest::keyClick(&presenter, Qt::Key_PageUp);
        QCOMPARE(presenter.currentIndex(), 2);
        QTest::keyClick(&presenter, Qt::Key_Left);
        QCOMPARE(presenter.currentIndex(), 1);
        QTest::keyClick(&presenter, Qt::Key_End);
        QCOMPARE(presenter.currentIndex(), 15);
        QVERIFY(presenter.visibleText().contains(QStringLiteral("5355/udp")));
        QTest::keyClick(&presenter, Qt::Key_Right); // stays on the last card
        QCOMPARE(presenter.currentIndex(), 15);
        QTest::keyClick(&presenter, Qt::Key_Home);
        QCOMPARE(presenter.currentIndex(), 0);
        QTest::keyClick(&presenter, Qt::Key_Left); // and on the first
        QCOMPARE(presenter.currentIndex(), 0);
        QCOMPARE(moved.size(), 7);
        QVERIFY(presenter.visibleText().contains(QStringLiteral("card 1 of 16")));

        QSignalSpy close(&presenter, &TrainingPresenter::closeRequested);
        QTest::keyClick(&presenter, Qt::Key_Escape);
        QCOMPARE(close.size(), 1);
    }

    void quizHidesTheNameUntilRevealed()
    {
        TrainingPresenter presenter(PortKnowledge::builtin());
        presenter.setDeck(TrainingDeck::defaultDeck());
        presenter.show();
        QTest::keyClick(&presenter, Qt::Key_Right); // 22/tcp
        QTest::keyClick(&presenter, Qt::Key_Q);
        QVERIFY(presenter.quiz());
        QVERIFY(!presenter.visibleText().contains(QStringLiteral("SSH")));
        QVERIFY(presenter.visibleText().contains(QStringLiteral("22/tcp")));
        QTest::keyClick(&presenter, Qt::Key_PageDown); // the remote's "next" reveals first
        QCOMPARE(presenter.currentIndex(), 1);
        QVERIFY(presenter.revealed());
        QVERIFY(presenter.visibleText().contains(QStringLiteral("SSH")));
        QTest::keyClick(&presenter, Qt::Key_PageDown); // then moves on, hidden again
        QCOMPARE(presenter.currentIndex(), 2);
        QVERIFY(!presenter.revealed());
        QVERIFY(!presenter.visibleText().contains(QStringLiteral("Telnet")));
        QTest::keyClick(&presenter, Qt::Key_Space);
        QVERIFY(presenter.visibleText().contains(QStringLiteral("Telnet")));
        QTest::keyClick(&presenter, Qt::Key_Q);
        QVERIFY(!presenter.quiz());
    }

    void cardsShowTheSampleCapturesConnections()
    {
        TrainingPresenter presenter(PortKnowledge::builtin());
        presenter.setDeck(TrainingDeck::defaultDeck());
        QString error;
        QVERIFY2(presenter.useCapture(kSample, &error), qPrintable(error));
        presenter.goTo(7); // 443/tcp: the sample has SSH on 443
        const QString text = presenter.visibleText();
        QVERIFY2(text.contains(QStringLiteral("portlens-sample.pcapng")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("mismatch")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("SSH-2.0")));
        // Flagged connections lead: the first one listed is the mismatch.
        const QString afterHeading = text.mid(text.indexOf(QStringLiteral("portlens-sample.pcapng:")));
        QVERIFY2(afterHeading.indexOf(QStringLiteral("mismatch")) < afterHeading.indexOf(QStringLiteral("expected")),
                 qPrintable(afterHeading));
        // The evidence bytes are highlighted.
        const QString html = presenter.findChild<QTextBrowser *>(QStringLiteral("trainingConnections"))->toHtml();
        QVERIFY(html.contains(QStringLiteral("#ffd54f")));

        QVERIFY(!presenter.useCapture(QStringLiteral("/nonexistent.pcap"), &error));
        QVERIFY(!error.isEmpty());
    }

    void connectionsHandedOverByTheMainWindow()
    {
        TrainingPresenter presenter(PortKnowledge::builtin());
        presenter.setDeck(TrainingDeck::defaultDeck());
        TrainingConnection row;
        row.port = 21;
        row.transport = 6;
        row.endpoints = QStringLiteral("192.0.2.1:40000 → 192.0.2.2:21");
        row.protocol = QStringLiteral("FTP");
        row.verdict = QStringLiteral("note: FTP on 21/tcp");
        row.evidence = QByteArrayLiteral("220 ready\r\n");
        row.evidenceLength = 3;
        presenter.setConnections({row}, QStringLiteral("open.pcapng"));
        QVERIFY(presenter.visibleText().contains(QStringLiteral("1 connection on 21/tcp in open.pcapng")));
        QVERIFY(presenter.visibleText().contains(QStringLiteral("192.0.2.2:21")));
        presenter.goTo(1);
        QVERIFY(presenter.visibleText().contains(QStringLiteral("No connection on 22/tcp in open.pcapng")));
    }
};

QTEST_MAIN(TestTrainingMode)
#include "tst_training_mode.moc"
