#include "ui/main/verdict_style.h"

#include <QApplication>
#include <QStyle>

#include <cmath>

namespace portlens::ui {

namespace {

QColor blend(const QColor &base, const QColor &tint, double amount)
{
    auto mix = [amount](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * amount)); };
    return QColor(mix(base.red(), tint.red()), mix(base.green(), tint.green()), mix(base.blue(), tint.blue()));
}

bool isDark(const QPalette &p) { return p.color(QPalette::Base).lightnessF() < 0.5; }

} // namespace

Highlight highlightOf(const ConnectionSnapshot &s)
{
    const Verdict &v = s.verdict;
    if (v.kind == VerdictKind::Mismatch || v.kind == VerdictKind::UnexpectedContent) return Highlight::Flagged;
    if (v.flagged()) return Highlight::Warning;
    if (v.kind == VerdictKind::Note || v.severity == Severity::Notice) return Highlight::Note;
    return Highlight::None;
}

QColor highlightBackground(Highlight h, const QPalette &p)
{
    // Tints are mixed into the palette's own base colour: on a dark base they darken towards
    // a deep red instead of glowing, and the text colour keeps its contrast either way.
    const QColor base = p.color(QPalette::Base);
    const bool dark = isDark(p);
    switch (h) {
    case Highlight::None: return {};
    case Highlight::Note: return blend(base, dark ? QColor(80, 140, 220) : QColor(60, 120, 220), dark ? 0.18 : 0.10);
    case Highlight::Warning: return blend(base, dark ? QColor(200, 130, 0) : QColor(255, 170, 0), dark ? 0.35 : 0.30);
    case Highlight::Flagged: return blend(base, dark ? QColor(200, 40, 40) : QColor(235, 60, 60), dark ? 0.40 : 0.30);
    }
    return {};
}

QIcon highlightIcon(Highlight h)
{
    if (h == Highlight::None || !qobject_cast<QApplication *>(QCoreApplication::instance())) return {};
    QStyle *style = QApplication::style();
    switch (h) {
    case Highlight::None: return {};
    case Highlight::Note:
        return QIcon::fromTheme(QStringLiteral("dialog-information"), style->standardIcon(QStyle::SP_MessageBoxInformation));
    case Highlight::Warning:
        return QIcon::fromTheme(QStringLiteral("dialog-warning"), style->standardIcon(QStyle::SP_MessageBoxWarning));
    case Highlight::Flagged:
        return QIcon::fromTheme(QStringLiteral("dialog-error"), style->standardIcon(QStyle::SP_MessageBoxCritical));
    }
    return {};
}

} // namespace portlens::ui
