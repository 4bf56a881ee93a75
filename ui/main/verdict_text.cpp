#include "ui/main/verdict_text.h"

#include <QCoreApplication>

namespace portlens::ui {

QString translatedMessage(const Message &message)
{
    QString text = QCoreApplication::translate("Verdict", message.text);
    // Fill %1..%9 in one pass, so an argument that itself contains "%2" is left alone.
    QString out;
    out.reserve(text.size() + 32);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        if (ch == u'%' && i + 1 < text.size() && text.at(i + 1) >= u'1' && text.at(i + 1) <= u'9') {
            const auto index = static_cast<std::size_t>(text.at(i + 1).unicode() - u'1');
            if (index < message.arguments.size()) out += QString::fromStdString(message.arguments[index]);
            ++i;
        } else {
            out += ch;
        }
    }
    return out;
}

QString verdictKindText(VerdictKind kind)
{
    switch (kind) {
    case VerdictKind::Expected: return QCoreApplication::translate("Verdict", "expected");
    case VerdictKind::Mismatch: return QCoreApplication::translate("Verdict", "mismatch");
    case VerdictKind::UnexpectedContent: return QCoreApplication::translate("Verdict", "unexpected content");
    case VerdictKind::Unknown: return QCoreApplication::translate("Verdict", "unknown");
    case VerdictKind::Note: return QCoreApplication::translate("Verdict", "note");
    case VerdictKind::NoPayload: return QCoreApplication::translate("Verdict", "no payload");
    }
    return {};
}

QString severityText(Severity severity)
{
    switch (severity) {
    case Severity::Info: return QCoreApplication::translate("Verdict", "info");
    case Severity::Notice: return QCoreApplication::translate("Verdict", "notice");
    case Severity::Warning: return QCoreApplication::translate("Verdict", "warning");
    }
    return {};
}

QString transportText(std::uint8_t transport)
{
    switch (transport) {
    case 6: return QStringLiteral("TCP");
    case 17: return QStringLiteral("UDP");
    default: return QString::number(transport);
    }
}

} // namespace portlens::ui
