#include "ui/capture/filter_editor.h"

#include "core/capture/bpf_filter.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

#include <QKeyEvent>
#include <QTextBlock>

namespace portlens::ui {

namespace {

// One repository for every editor: loading the definitions is not free.
KSyntaxHighlighting::Repository *sharedRepository()
{
    static KSyntaxHighlighting::Repository repository;
    return &repository;
}

} // namespace

FilterEditor::FilterEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_repository(sharedRepository())
    , m_highlighter(new KSyntaxHighlighting::SyntaxHighlighter(document()))
{
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setTabChangesFocus(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setPlaceholderText(tr("Capture filter, e.g. tcp port 443 (empty: everything)"));
    document()->setDocumentMargin(2);
    m_highlighter->setDefinition(m_repository->definitionForName(QStringLiteral("BPF Filter")));
    m_highlighter->setTheme(m_repository->themeForPalette(palette()));
    connect(this, &QPlainTextEdit::textChanged, this, &FilterEditor::validate);
    applyColours();
}

FilterEditor::~FilterEditor() = default;

bool FilterEditor::hasHighlighting() const
{
    return m_highlighter->definition().isValid();
}

void FilterEditor::setLinkType(int linkType)
{
    if (linkType == m_linkType) return;
    m_linkType = linkType;
    validate();
}

void FilterEditor::validate()
{
    // One line only: pasted newlines would be part of the filter text libpcap sees.
    const QString text = toPlainText();
    if (text.contains(QLatin1Char('\n'))) {
        QString single = text;
        single.replace(QLatin1Char('\n'), QLatin1Char(' '));
        setPlainText(single);
        moveCursor(QTextCursor::End);
        return; // textChanged validates again
    }
    const FilterCheck check = checkCaptureFilter(text.trimmed().toStdString(), m_linkType);
    const QString message = check.valid ? QString() : QString::fromStdString(check.message);
    const bool changed = check.valid != m_valid || message != m_message;
    m_valid = check.valid;
    m_message = message;
    setToolTip(m_valid ? tr("Valid capture filter") : m_message);
    applyColours();
    if (changed) emit validityChanged(m_valid, m_message);
}

void FilterEditor::applyColours()
{
    // A tint of the base colour, so light and dark palettes both stay readable.
    QPalette p = palette();
    const QColor base = QPalette().color(QPalette::Base);
    const bool dark = base.lightness() < 128;
    QColor tint = base;
    if (!toPlainText().trimmed().isEmpty())
        tint = m_valid ? (dark ? QColor(0x1f, 0x4d, 0x2b) : QColor(0xd9, 0xf7, 0xdc))
                       : (dark ? QColor(0x5c, 0x1e, 0x1e) : QColor(0xfb, 0xd9, 0xd9));
    p.setColor(QPalette::Base, tint);
    setPalette(p);
}

void FilterEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::ApplicationPaletteChange)
        m_highlighter->setTheme(m_repository->themeForPalette(QPalette()));
}

void FilterEditor::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        emit submitted();
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

QSize FilterEditor::sizeHint() const
{
    const int height = fontMetrics().height() + 2 * (frameWidth() + int(document()->documentMargin())) + 4;
    return {fontMetrics().averageCharWidth() * 40, height};
}

QSize FilterEditor::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 12, sizeHint().height()};
}

} // namespace portlens::ui
