#include "ui/main/payload_view.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace portlens::ui {

namespace {

QColor blend(const QColor &base, const QColor &tint, double amount)
{
    auto mix = [amount](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * amount)); };
    return QColor(mix(base.red(), tint.red()), mix(base.green(), tint.green()), mix(base.blue(), tint.blue()));
}

// Client red, server blue: the colours Wireshark's "Follow stream" taught analysts.
QColor directionTint(Direction d, const QPalette &p)
{
    const QColor base = p.color(QPalette::Base);
    const bool dark = base.lightnessF() < 0.5;
    const QColor tint = d == Direction::ToServer ? QColor(230, 60, 60) : QColor(60, 100, 230);
    return blend(base, tint, dark ? 0.22 : 0.12);
}

const QStringList &textProtocols()
{
    static const QStringList protocols = {
        QStringLiteral("HTTP"), QStringLiteral("SSDP"), QStringLiteral("SIP"),  QStringLiteral("SMTP"),
        QStringLiteral("FTP"),  QStringLiteral("POP3"), QStringLiteral("IMAP"), QStringLiteral("RTSP"),
        QStringLiteral("IRC"),  QStringLiteral("Syslog"), QStringLiteral("Telnet")};
    return protocols;
}

bool mostlyPrintable(const std::vector<std::byte> &bytes)
{
    const std::size_t n = std::min<std::size_t>(bytes.size(), 512);
    if (n == 0) return true;
    std::size_t printable = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto b = std::to_integer<unsigned>(bytes[i]);
        if ((b >= 0x20 && b < 0x7f) || b == '\r' || b == '\n' || b == '\t') ++printable;
    }
    return printable * 10 >= n * 9;
}

// One stretch of the view that came from one direction: its text range, for the block tints.
struct Piece {
    Direction direction;
    int firstBlock;
    int lastBlock;
};

} // namespace

KSyntaxHighlighting::Repository &PayloadView::repository()
{
    // One repository per application (loading definitions is not free); created on first use in
    // the GUI thread. It also reads PortLens's definitions from :/org.kde.syntax-highlighting/syntax-addons.
    static KSyntaxHighlighting::Repository repo;
    return repo;
}

QString PayloadView::definitionNameFor(const QString &protocol)
{
    // A definition under ui/main/syntax/ claims its protocols by file extension
    // ("*.portlens-http;*.portlens-rtsp"), so a new one needs no line here.
    if (protocol.isEmpty()) return {};
    const auto definition = repository().definitionForFileName(QStringLiteral("payload.portlens-") + protocol.toLower());
    if (!definition.isValid() || !definition.name().startsWith(QLatin1String("PortLens "))) return {};
    return definition.name();
}

PayloadView::PayloadView(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_mode(new QComboBox(this)), m_edit(new QPlainTextEdit(this))
{
    m_mode->addItem(tr("Automatic"), static_cast<int>(Mode::Automatic));
    m_mode->addItem(tr("Conversation (text)"), static_cast<int>(Mode::Text));
    m_mode->addItem(tr("Hex dump"), static_cast<int>(Mode::Hex));
    m_mode->setToolTip(tr("Show the payload as text or as a hex dump"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_edit->setReadOnly(true);
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setUndoRedoEnabled(false);
    m_edit->setPlaceholderText(tr("Select a connection to see the beginning of its payload."));

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_summary, 1);
    top->addWidget(m_mode);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_edit, 1);

    m_highlighter = std::make_unique<KSyntaxHighlighting::SyntaxHighlighter>();
    applyTheme();
    connect(m_mode, &QComboBox::currentIndexChanged, this, &PayloadView::render);
}

PayloadView::~PayloadView() = default;

void PayloadView::applyTheme()
{
    m_highlighter->setTheme(repository().themeForPalette(palette()));
    if (m_highlighter->document()) m_highlighter->rehighlight();
}

void PayloadView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        applyTheme();
        render();
    }
    QWidget::changeEvent(event);
}

void PayloadView::clear()
{
    m_connection.reset();
    render();
}

void PayloadView::setConnection(const Connection &connection)
{
    // Only what the view needs; the copy keeps the payload alive while the model streams on.
    auto copy = std::make_unique<Connection>();
    copy->id = connection.id;
    copy->transport = connection.transport;
    copy->client = connection.client;
    copy->server = connection.server;
    copy->payload = connection.payload;
    copy->detection = connection.detection;
    m_connection = std::move(copy);
    render();
}

QString PayloadView::text() const { return m_edit->toPlainText(); }

QString PayloadView::definitionName() const
{
    return m_highlighter->document() ? m_highlighter->definition().name() : QString();
}

void PayloadView::render()
{
    m_highlighter->setDocument(nullptr);
    m_edit->setExtraSelections({});
    if (!m_connection) {
        m_edit->clear();
        m_summary->clear();
        m_showingHex = false;
        return;
    }
    const Connection &c = *m_connection;
    const auto mode = static_cast<Mode>(m_mode->currentData().toInt());
    const QString protocol = QString::fromStdString(c.detection.protocol);
    const bool textual = textProtocols().contains(protocol) ||
                         (protocol.isEmpty() && mostlyPrintable(c.payload.of(Direction::ToServer)) &&
                          mostlyPrintable(c.payload.of(Direction::ToClient)));
    m_showingHex = mode == Mode::Hex || (mode == Mode::Automatic && !textual);

    const QPalette p = palette();
    const QString legend =
        tr("<span style=\"background:%1\">&nbsp;client %2 bytes&nbsp;</span> "
           "<span style=\"background:%3\">&nbsp;server %4 bytes&nbsp;</span>")
            .arg(directionTint(Direction::ToServer, p).name())
            .arg(c.payload.of(Direction::ToServer).size())
            .arg(directionTint(Direction::ToClient, p).name())
            .arg(c.payload.of(Direction::ToClient).size());
    QString what;
    if (c.payload.chunks.empty()) what = tr("No payload was kept for this connection.");
    else if (m_showingHex) what = tr("Hex dump; the detection's evidence is marked.");
    else if (!definitionNameFor(protocol).isEmpty()) what = tr("Highlighted as %1.").arg(protocol.toHtmlEscaped());
    m_summary->setText(tr("Kept payload: %1 %2").arg(legend, what));

    if (m_showingHex) renderHex();
    else renderText();
}

namespace {

// Builds the document text piece by piece, remembering each piece's direction and where the
// evidence bytes ended up.
struct Builder {
    QString text;
    std::vector<Piece> pieces;
    int blocks = 1;
    int evidenceStart = -1;
    int evidenceEnd = -1;

    void startPiece(Direction d)
    {
        if (!pieces.empty()) newline(); // every piece starts on a line of its own
        pieces.push_back({d, blocks - 1, blocks - 1});
    }
    void newline()
    {
        text += QLatin1Char('\n');
        ++blocks;
    }
    void endPiece()
    {
        if (!pieces.empty()) pieces.back().lastBlock = blocks - 1;
    }
    void markEvidence(bool isEvidence, int position)
    {
        if (!isEvidence) return;
        if (evidenceStart < 0) evidenceStart = position;
        evidenceEnd = position + 1;
    }
};

// Shows the built text, each piece's lines tinted by the direction it came from.
void showTinted(QPlainTextEdit &edit, const Builder &b, const QPalette &p)
{
    edit.setPlainText(b.text);
    QTextDocument *doc = edit.document();
    for (const Piece &piece : b.pieces) {
        QTextBlockFormat format;
        format.setBackground(directionTint(piece.direction, p));
        for (int n = piece.firstBlock; n <= piece.lastBlock; ++n) {
            QTextCursor cursor(doc->findBlockByNumber(n));
            cursor.setBlockFormat(format);
        }
    }
}

} // namespace

void PayloadView::renderText()
{
    const Connection &c = *m_connection;
    const Evidence &e = c.detection.evidence;
    const bool hasEvidence = !c.detection.protocol.empty() && e.length > 0;
    Builder b;
    for (const KeptPayload::Chunk &chunk : c.payload.chunks) {
        const auto &bytes = c.payload.of(chunk.direction);
        const std::size_t end = std::min<std::size_t>(bytes.size(), std::size_t{chunk.offset} + chunk.length);
        if (chunk.offset >= end) continue;
        b.startPiece(chunk.direction);
        for (std::size_t i = chunk.offset; i < end; ++i) {
            const auto byte = std::to_integer<unsigned>(bytes[i]);
            const bool isEvidence = hasEvidence && chunk.direction == e.direction && i >= e.offset && i < std::size_t{e.offset} + e.length;
            if (byte == '\r') continue;
            if (byte == '\n') {
                // The last line break of a piece ends the piece; no empty tinted line after it.
                if (i + 1 < end) b.newline();
                continue;
            }
            b.markEvidence(isEvidence, static_cast<int>(b.text.size()));
            if (byte == '\t' || (byte >= 0x20 && byte < 0x7f)) b.text += QChar(byte);
            else b.text += QChar(0x00b7); // middle dot for bytes with no glyph
        }
        b.endPiece();
    }
    showTinted(*m_edit, b, palette());
    QTextDocument *doc = m_edit->document();
    const QString name = definitionNameFor(QString::fromStdString(c.detection.protocol));
    const KSyntaxHighlighting::Definition definition = repository().definitionForName(name);
    if (definition.isValid()) {
        m_highlighter->setDefinition(definition);
        m_highlighter->setDocument(doc);
    }
    if (b.evidenceStart >= 0) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(doc);
        mark.cursor.setPosition(b.evidenceStart);
        mark.cursor.setPosition(b.evidenceEnd, QTextCursor::KeepAnchor);
        mark.format.setFontUnderline(true);
        mark.format.setUnderlineStyle(QTextCharFormat::SingleUnderline);
        mark.format.setFontWeight(QFont::Bold);
        mark.format.setToolTip(QString::fromStdString(e.sentence));
        m_edit->setExtraSelections({mark});
    }
}

void PayloadView::renderHex()
{
    const Connection &c = *m_connection;
    const Evidence &e = c.detection.evidence;
    const bool hasEvidence = !c.detection.protocol.empty() && e.length > 0;
    Builder b;
    std::vector<std::pair<int, int>> evidenceRanges; // document positions, per hex cell and ASCII char
    constexpr std::size_t kPerLine = 16;
    for (const KeptPayload::Chunk &chunk : c.payload.chunks) {
        const auto &bytes = c.payload.of(chunk.direction);
        const std::size_t end = std::min<std::size_t>(bytes.size(), std::size_t{chunk.offset} + chunk.length);
        if (chunk.offset >= end) continue;
        b.startPiece(chunk.direction);
        for (std::size_t line = chunk.offset; line < end; line += kPerLine) {
            if (line != chunk.offset) b.newline();
            // The offset counts within this direction's stream, as Wireshark's hex follow does.
            b.text += QStringLiteral("%1  ").arg(line, 8, 16, QLatin1Char('0'));
            QString ascii;
            std::vector<int> asciiEvidence;
            for (std::size_t i = line; i < line + kPerLine; ++i) {
                if (i == line + 8) b.text += QLatin1Char(' ');
                if (i >= end) {
                    b.text += QStringLiteral("   ");
                    continue;
                }
                const auto byte = std::to_integer<unsigned>(bytes[i]);
                const bool isEvidence = hasEvidence && chunk.direction == e.direction && i >= e.offset && i < std::size_t{e.offset} + e.length;
                if (isEvidence) {
                    evidenceRanges.emplace_back(static_cast<int>(b.text.size()), static_cast<int>(b.text.size()) + 2);
                    asciiEvidence.push_back(static_cast<int>(ascii.size()));
                }
                b.text += QStringLiteral("%1 ").arg(byte, 2, 16, QLatin1Char('0'));
                ascii += (byte >= 0x20 && byte < 0x7f) ? QChar(byte) : QLatin1Char('.');
            }
            b.text += QLatin1Char(' ');
            const int asciiStart = static_cast<int>(b.text.size());
            b.text += ascii;
            for (int pos : asciiEvidence) evidenceRanges.emplace_back(asciiStart + pos, asciiStart + pos + 1);
        }
        b.endPiece();
    }
    const QPalette p = palette();
    showTinted(*m_edit, b, p);
    QTextDocument *doc = m_edit->document();
    QList<QTextEdit::ExtraSelection> marks;
    const QColor evidenceBackground = p.color(QPalette::Highlight);
    const QColor evidenceText = p.color(QPalette::HighlightedText);
    for (const auto &[from, to] : evidenceRanges) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(doc);
        mark.cursor.setPosition(from);
        mark.cursor.setPosition(to, QTextCursor::KeepAnchor);
        mark.format.setBackground(evidenceBackground);
        mark.format.setForeground(evidenceText);
        mark.format.setToolTip(QString::fromStdString(e.sentence));
        marks.push_back(mark);
    }
    m_edit->setExtraSelections(marks);
}

} // namespace portlens::ui
