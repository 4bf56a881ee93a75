#include "ui/ports/training_deck.h"

#include "core/ports/port_knowledge.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace portlens::ui {

namespace {
struct DeckText {
    Q_DECLARE_TR_FUNCTIONS(TrainingDeck)
};
} // namespace

TrainingDeck TrainingDeck::fromJson(const QByteArray &json, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error) *error = why;
        return TrainingDeck{};
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) return fail(DeckText::tr("not a JSON object: %1").arg(parseError.errorString()));
    const QJsonObject root = document.object();
    if (!root.value(QLatin1String("format")).toString().startsWith(QLatin1String("portlens-deck/")))
        return fail(DeckText::tr("not a PortLens training deck (no \"format\": \"portlens-deck/1\")"));
    TrainingDeck deck;
    deck.title = root.value(QLatin1String("title")).toString();
    const QJsonArray cards = root.value(QLatin1String("cards")).toArray();
    for (const auto &value : cards) { // QJsonValueConstRef: no copy into a QJsonValue
        const QJsonObject card = value.toObject();
        const int port = card.value(QLatin1String("port")).toInt(-1);
        const std::uint8_t transport = transportFromText(card.value(QLatin1String("transport")).toString().toStdString());
        if (port < 0 || port > 65535 || transport == 0)
            return fail(DeckText::tr("card %1 needs a port and a transport").arg(deck.cards.size() + 1));
        deck.cards.append({static_cast<quint16>(port), transport, card.value(QLatin1String("prompt")).toString()});
    }
    if (deck.cards.isEmpty()) return fail(DeckText::tr("the deck has no cards"));
    return deck;
}

TrainingDeck TrainingDeck::fromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = file.errorString();
        return {};
    }
    return fromJson(file.readAll(), error);
}

TrainingDeck TrainingDeck::defaultDeck()
{
    return fromFile(QStringLiteral(":/portlens/decks/article.json"));
}

} // namespace portlens::ui
