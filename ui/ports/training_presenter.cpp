#include "ui/ports/training_presenter.h"

#include "ui/ports/localised_ports.h"
#include "ui/ports/port_card.h"
#include "core/ports/port_knowledge.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMessageBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace portlens::ui {

namespace {

QLabel *label(const char *objectName, int pointSize, bool bold)
{
    auto *l = new QLabel;
    l->setObjectName(QLatin1String(objectName));
    QFont font = l->font();
    font.setPointSize(pointSize);
    font.setBold(bold);
    l->setFont(font);
    l->setWordWrap(true);
    return l;
}

QTextBrowser *browser(const char *objectName)
{
    auto *b = new QTextBrowser;
    b->setObjectName(QLatin1String(objectName));
    b->setFocusPolicy(Qt::NoFocus); // the presenter keeps the keys, a remote's arrows must not scroll
    b->setOpenLinks(false);
    return b;
}

// Hex and text of the bytes, the evidence range on a highlighted background.
QString bytesHtml(const TrainingConnection &c)
{
    QString hex, text;
    for (int i = 0; i < c.evidence.size() && i < 64; ++i) {
        const auto byte = static_cast<unsigned char>(c.evidence[i]);
        const bool inside = i >= c.evidenceOffset && i < c.evidenceOffset + c.evidenceLength;
        const bool opens = inside && (i == c.evidenceOffset || i % 16 == 0);
        const bool closes = inside && (i + 1 == c.evidenceOffset + c.evidenceLength || i % 16 == 15 || i + 1 == c.evidence.size());
        const QString open = QStringLiteral("<span style='background:#ffd54f;color:#000'>");
        const QString close = QStringLiteral("</span>");
        if (i % 16 == 0 && i > 0) {
            hex += QStringLiteral("  ") + text + QStringLiteral("<br>");
            text.clear();
        }
        const QChar shown = byte >= 0x20 && byte < 0x7f ? QChar(char16_t{byte}) : QChar(u'.');
        hex += (opens ? open : QString()) + QStringLiteral("%1").arg(byte, 2, 16, QLatin1Char('0')) + (closes ? close : QString()) +
               QLatin1Char(' ');
        text += (opens ? open : QString()) + QString(shown).toHtmlEscaped() + (closes ? close : QString());
    }
    return QStringLiteral("<pre style='margin:0'>%1  %2</pre>").arg(hex, text);
}

} // namespace

TrainingPresenter::TrainingPresenter(QWidget *parent) : TrainingPresenter(localisedPortKnowledge(), parent)
{
    setDeck(TrainingDeck::defaultDeck());
}

TrainingPresenter::TrainingPresenter(const PortKnowledge &knowledge, QWidget *parent)
    : QWidget(parent),
      m_knowledge(knowledge),
      m_progress(label("trainingProgress", 14, false)),
      m_port(label("trainingPort", 54, true)),
      m_name(label("trainingName", 34, true)),
      m_prompt(label("trainingPrompt", 20, false)),
      m_card(browser("trainingCard")),
      m_evidence(browser("trainingConnections"))
{
    setObjectName(QStringLiteral("trainingPresenter"));
    setWindowTitle(tr("PortLens training"));
    setFocusPolicy(Qt::StrongFocus);
    m_progress->setFocusPolicy(Qt::NoFocus);
    QFont cardFont = m_card->font();
    cardFont.setPointSize(18);
    m_card->setFont(cardFont);
    QFont evidenceFont(QStringLiteral("monospace"));
    evidenceFont.setStyleHint(QFont::Monospace);
    evidenceFont.setPointSize(14);
    m_evidence->setFont(evidenceFont);

    auto *heading = new QHBoxLayout;
    heading->addWidget(m_port);
    heading->addWidget(m_name, 1);
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_card);
    splitter->addWidget(m_evidence);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setFocusPolicy(Qt::NoFocus);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 16, 32, 16);
    layout->addWidget(m_progress);
    layout->addLayout(heading);
    layout->addWidget(m_prompt);
    layout->addWidget(splitter, 1);
    resize(1280, 800);
}

void TrainingPresenter::setDeck(const TrainingDeck &deck)
{
    m_deck = deck;
    m_index = 0;
    m_revealed = false;
    render();
}

void TrainingPresenter::setConnections(const QList<TrainingConnection> &connections, const QString &sourceName)
{
    m_connections = connections;
    m_sourceName = sourceName;
    render();
}

bool TrainingPresenter::useCapture(const QString &path, QString *error)
{
    QString why;
    const auto rows = connectionsFromCapture(path, &why);
    if (rows.isEmpty() && !why.isEmpty()) {
        if (error) *error = why;
        return false;
    }
    setConnections(rows, path.section(QLatin1Char('/'), -1));
    return true;
}

void TrainingPresenter::goTo(int index)
{
    if (m_deck.cards.isEmpty()) return;
    index = std::clamp(index, 0, static_cast<int>(m_deck.cards.size()) - 1);
    if (index == m_index) return;
    m_index = index;
    m_revealed = false;
    render();
    emit currentIndexChanged(m_index);
}

void TrainingPresenter::next()
{
    if (m_quiz && !m_revealed) reveal();
    else goTo(m_index + 1);
}

void TrainingPresenter::previous() { goTo(m_index - 1); }

void TrainingPresenter::setQuiz(bool on)
{
    m_quiz = on;
    m_revealed = false;
    render();
}

void TrainingPresenter::reveal()
{
    m_revealed = true;
    render();
}

void TrainingPresenter::toggleFullScreen()
{
    setWindowState(windowState() ^ Qt::WindowFullScreen);
}

void TrainingPresenter::openDeck()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a training deck"), QString(),
                                                      tr("PortLens decks (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    QString error;
    const TrainingDeck loaded = TrainingDeck::fromFile(path, &error);
    if (loaded.cards.isEmpty()) {
        QMessageBox::warning(this, tr("Training deck"), tr("%1 cannot be used: %2").arg(path, error));
        return;
    }
    setDeck(loaded);
}

void TrainingPresenter::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_Down:
    case Qt::Key_PageDown:
    case Qt::Key_N: next(); break;
    case Qt::Key_Left:
    case Qt::Key_Up:
    case Qt::Key_PageUp:
    case Qt::Key_P:
    case Qt::Key_Backspace: previous(); break;
    case Qt::Key_Home: goTo(0); break;
    case Qt::Key_End: goTo(static_cast<int>(m_deck.cards.size()) - 1); break;
    case Qt::Key_Space:
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_quiz && !m_revealed) reveal();
        else next();
        break;
    case Qt::Key_R: reveal(); break;
    case Qt::Key_Q: setQuiz(!m_quiz); break;
    case Qt::Key_F:
    case Qt::Key_F5:
    case Qt::Key_F11: toggleFullScreen(); break;
    case Qt::Key_O: openDeck(); break;
    case Qt::Key_Escape:
        if (windowState() & Qt::WindowFullScreen) toggleFullScreen();
        else emit closeRequested();
        break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

QString TrainingPresenter::visibleText() const
{
    QStringList parts{m_progress->text(), m_port->text(), m_name->text(), m_prompt->text(), m_card->toPlainText(),
                      m_evidence->toPlainText()};
    parts.removeAll(QString());
    return parts.join(QLatin1Char('\n'));
}

void TrainingPresenter::render()
{
    if (m_deck.cards.isEmpty()) {
        m_progress->setText(tr("This deck has no cards."));
        m_port->clear();
        m_name->clear();
        m_prompt->clear();
        m_card->clear();
        m_evidence->clear();
        return;
    }
    const DeckCard &card = m_deck.cards[m_index];
    const bool hidden = m_quiz && !m_revealed;
    m_progress->setText(tr("%1 · card %2 of %3%4")
                            .arg(m_deck.title)
                            .arg(m_index + 1)
                            .arg(m_deck.cards.size())
                            .arg(m_quiz ? tr(" · quiz") : QString()));
    m_port->setText(portKeyText(card.port, card.transport));
    // Prompts tend to name the service, so a quiz keeps them for after the reveal.
    m_prompt->setText(hidden ? QString() : card.prompt);
    m_prompt->setVisible(!hidden && !card.prompt.isEmpty());
    const PortService *service = m_knowledge.registered(card.port, card.transport);
    if (hidden) {
        m_name->setText(tr("?"));
        m_card->setHtml(tr("<p style='color:gray'>What normally runs here? Press Space to reveal.</p>"));
    } else if (service) {
        m_name->setText(QString::fromStdString(service->name()));
        PortCardOptions options;
        options.heading = false;
        m_card->setHtml(QStringLiteral("<p><i>%1</i></p>").arg(QString::fromStdString(service->description).toHtmlEscaped()) +
                        portCardHtml(*service, m_knowledge, options));
    } else {
        m_name->setText(tr("unassigned"));
        m_card->setHtml(tr("<p>Nothing is registered on this port.</p>"));
    }
    m_evidence->setHtml(connectionsHtml(card));
}

QString TrainingPresenter::connectionsHtml(const DeckCard &card) const
{
    if (m_sourceName.isEmpty()) return tr("<p style='color:gray'>No capture open: connections on this port would be listed here.</p>");
    QString out;
    int shown = 0;
    int total = 0;
    const bool hidden = m_quiz && !m_revealed;
    // The flagged ones first: SSH on 443 teaches more than the tenth ordinary HTTPS session.
    QList<const TrainingConnection *> matching;
    for (const TrainingConnection &c : m_connections)
        if (c.port == card.port && c.transport == card.transport) matching.append(&c);
    std::stable_sort(matching.begin(), matching.end(),
                     [](const TrainingConnection *a, const TrainingConnection *b) { return a->flagged && !b->flagged; });
    for (const TrainingConnection *connection : matching) {
        const TrainingConnection &c = *connection;
        if (++total > 4) continue; // a slide has room for a few
        ++shown;
        out += QStringLiteral("<p style='margin-bottom:2px'><b>%1</b> &nbsp; %2<br>%3</p>")
                   .arg(c.endpoints.toHtmlEscaped(),
                        hidden ? QString() : (c.protocol.isEmpty() ? tr("no protocol recognised") : c.protocol.toHtmlEscaped()),
                        hidden ? QString() : c.verdict.toHtmlEscaped());
        if (!c.evidence.isEmpty()) out += bytesHtml(c);
        if (!hidden && !c.evidenceText.isEmpty()) out += QStringLiteral("<p style='margin-top:2px'><i>%1</i></p>").arg(c.evidenceText.toHtmlEscaped());
    }
    const QString heading = total == 0 ? tr("No connection on %1 in %2.").arg(portKeyText(card.port, card.transport), m_sourceName)
                            : total > shown ? tr("%1 of %2 connections on %3 in %4:").arg(shown).arg(total).arg(portKeyText(card.port, card.transport), m_sourceName)
                            : total == 1 ? tr("1 connection on %1 in %2:").arg(portKeyText(card.port, card.transport), m_sourceName)
                                         : tr("%1 connections on %2 in %3:").arg(total).arg(portKeyText(card.port, card.transport), m_sourceName);
    return QStringLiteral("<h4>%1</h4>").arg(heading.toHtmlEscaped()) + out;
}

} // namespace portlens::ui
