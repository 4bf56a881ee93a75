// TrainingPresenter: training mode, a presenter view for a classroom. Walks through a deck of port
// cards in large type, driven by the keys presentation remotes send:
//   Right, Down, Page Down, N        next card (in quiz mode: reveal first, then next)
//   Left, Up, Page Up, P, Backspace  previous card
//   Home, End                        first, last card
//   Space, Return, R                 reveal the answer (quiz) or next card
//   Q                                quiz on/off: hide the service name and note until revealed
//   F, F11, F5                       full screen on/off
//   O                                open another deck (a JSON file, see resources/decks/)
//   Escape                           leave full screen, else close (closeRequested)
// Each card lists the matching connections (same port and transport) of the open capture, or of
// a capture analysed on demand, with the detector's evidence bytes highlighted.
#pragma once

#include "ui/ports/training_connections.h"
#include "ui/ports/training_deck.h"

#include <QWidget>

class QLabel;
class QTextBrowser;

namespace portlens {
class PortKnowledge;
} // namespace portlens

namespace portlens::ui {


class TrainingPresenter : public QWidget {
    Q_OBJECT

public:
    // The built-in port data (notes in the user's language) and the default deck.
    explicit TrainingPresenter(QWidget *parent = nullptr);
    // knowledge must outlive the presenter.
    TrainingPresenter(const PortKnowledge &knowledge, QWidget *parent = nullptr);

    void setDeck(const TrainingDeck &deck);
    [[nodiscard]] const TrainingDeck &deck() const { return m_deck; }
    // The connections of the open capture; cards show those on their port.
    void setConnections(const QList<TrainingConnection> &connections, const QString &sourceName);
    // Without an open capture: analyse this file (the bundled sample) and show its connections.
    bool useCapture(const QString &path, QString *error = nullptr);

    [[nodiscard]] int currentIndex() const { return m_index; }
    [[nodiscard]] bool quiz() const { return m_quiz; }
    [[nodiscard]] bool revealed() const { return m_revealed; }
    // What the audience sees, as plain text (for tests and accessibility).
    [[nodiscard]] QString visibleText() const;

public slots:
    void next();
    void previous();
    void goTo(int index);
    void setQuiz(bool on);
    void reveal();
    void toggleFullScreen();
    // Asks for a deck file and shows it; keeps the current deck on cancel or error.
    void openDeck();

signals:
    void currentIndexChanged(int index);
    void closeRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void render();
    QString connectionsHtml(const DeckCard &card) const;

    const PortKnowledge &m_knowledge;
    TrainingDeck m_deck;
    QList<TrainingConnection> m_connections;
    QString m_sourceName;
    int m_index = 0;
    bool m_quiz = false;
    bool m_revealed = false;
    QLabel *m_progress;
    QLabel *m_port;
    QLabel *m_name;
    QLabel *m_prompt;
    QTextBrowser *m_card;
    QTextBrowser *m_evidence;
};

} // namespace portlens::ui
