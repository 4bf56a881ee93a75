// A training deck: an ordered list of port cards a trainer presents, read from a plain JSON file
// (resources/decks/*.json; format "portlens-deck/1", see resources/decks/article.json).
#pragma once

#include <QList>
#include <QString>

namespace portlens::ui {

struct DeckCard {
    quint16 port = 0;
    quint8 transport = 0;
    QString prompt; // an optional question or talking point
};

struct TrainingDeck {
    QString title;
    QList<DeckCard> cards;

    // Parses a deck; on failure returns an empty deck and sets error.
    static TrainingDeck fromJson(const QByteArray &json, QString *error = nullptr);
    static TrainingDeck fromFile(const QString &path, QString *error = nullptr);
    // The reference article's ports, compiled into PortLens.
    static TrainingDeck defaultDeck();
};

} // namespace portlens::ui
