// portlens-port-reference: the port reference pane or training mode in a window of its own,
// until the main window docks them; --grab saves a screenshot and quits (for reviews).
#include "ui/ports/port_reference_pane.h"
#include "ui/ports/training_presenter.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("PortLens port reference and training mode"));
    parser.addHelpOption();
    const QCommandLineOption training(QStringLiteral("training"), QStringLiteral("Training mode instead of the pane"));
    const QCommandLineOption quiz(QStringLiteral("quiz"), QStringLiteral("Start training mode as a quiz"));
    const QCommandLineOption deck(QStringLiteral("deck"), QStringLiteral("Training deck (JSON)"), QStringLiteral("file"));
    const QCommandLineOption capture(QStringLiteral("capture"), QStringLiteral("Capture whose connections cards show"),
                                     QStringLiteral("file"), QStringLiteral(PORTLENS_SAMPLE_CAPTURE));
    const QCommandLineOption card(QStringLiteral("card"), QStringLiteral("Training card to open (1-based)"), QStringLiteral("n"));
    const QCommandLineOption query(QStringLiteral("query"), QStringLiteral("Search text for the pane"), QStringLiteral("text"));
    const QCommandLineOption grab(QStringLiteral("grab"), QStringLiteral("Save a screenshot and quit"), QStringLiteral("png"));
    parser.addOptions({training, quiz, deck, capture, card, query, grab});
    parser.process(app);

    QWidget *window = nullptr;
    if (parser.isSet(training)) {
        auto *presenter = new portlens::ui::TrainingPresenter;
        if (parser.isSet(deck)) {
            QString error;
            const auto loaded = portlens::ui::TrainingDeck::fromFile(parser.value(deck), &error);
            if (loaded.cards.isEmpty()) qFatal("%s: %s", qPrintable(parser.value(deck)), qPrintable(error));
            presenter->setDeck(loaded);
        }
        QString error;
        if (!presenter->useCapture(parser.value(capture), &error)) qWarning("%s", qPrintable(error));
        presenter->setQuiz(parser.isSet(quiz));
        if (parser.isSet(card)) presenter->goTo(parser.value(card).toInt() - 1);
        QObject::connect(presenter, &portlens::ui::TrainingPresenter::closeRequested, &app, &QApplication::quit);
        window = presenter;
    } else {
        auto *pane = new portlens::ui::PortReferencePane;
        pane->resize(720, 820);
        if (parser.isSet(query)) pane->setQuery(parser.value(query));
        QObject::connect(pane, &portlens::ui::PortReferencePane::showConnectionsRequested, [](quint16 port, quint8 transport) {
            qInfo("show connections on %u/%u", unsigned{port}, unsigned{transport});
        });
        QObject::connect(pane, &portlens::ui::PortReferencePane::captureFilterRequested,
                         [](const QString &bpf) { qInfo("capture filter: %s", qPrintable(bpf)); });
        window = pane;
    }
    window->show();
    if (parser.isSet(grab)) {
        const QString path = parser.value(grab);
        QTimer::singleShot(300, window, [window, path] {
            window->grab().save(path);
            QApplication::quit();
        });
    }
    const int code = app.exec();
    delete window;
    return code;
}
