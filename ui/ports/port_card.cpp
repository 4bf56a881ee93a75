#include "ui/ports/port_card.h"

#include "core/ports/port_knowledge.h"

#include <QCoreApplication>
#include <QStringList>

namespace portlens::ui {

namespace {

// Gives the free functions below a translation context that lupdate understands.
struct PortCard {
    Q_DECLARE_TR_FUNCTIONS(PortCard)
};

QString html(const std::string &text) { return QString::fromStdString(text).toHtmlEscaped(); }

QString encryptionText(Encryption e)
{
    switch (e) {
    case Encryption::Yes: return PortCard::tr("Encrypted");
    case Encryption::No: return PortCard::tr("Not encrypted");
    case Encryption::Optional: return PortCard::tr("Encryption optional");
    case Encryption::Unknown: break;
    }
    return PortCard::tr("Encryption unknown");
}

QString section(const QString &label, const QString &body)
{
    return QStringLiteral("<h4 style='margin-bottom:2px'>%1</h4><p style='margin-top:0'>%2</p>").arg(label.toHtmlEscaped(), body);
}

QString relatedLinks(const std::vector<std::string> &related, const PortKnowledge &knowledge)
{
    QStringList links;
    for (const std::string &key : related) {
        quint16 port = 0;
        quint8 transport = 0;
        const QString text = QString::fromStdString(key);
        if (!parsePortKey(text, port, transport)) {
            links << text.toHtmlEscaped();
            continue;
        }
        const PortService *s = knowledge.registered(port, transport);
        const QString name = s ? QStringLiteral(" %1").arg(html(s->name())) : QString();
        links << QStringLiteral("<a href='port:%1'>%1</a>%2").arg(text.toHtmlEscaped(), name);
    }
    return links.join(QStringLiteral(", "));
}

} // namespace

QString portKeyText(quint16 port, quint8 transport)
{
    return QString::fromStdString(portKey(port, transport));
}

bool parsePortKey(const QString &text, quint16 &port, quint8 &transport)
{
    QString key = text.trimmed();
    if (key.startsWith(QLatin1String("port:"))) key = key.mid(5);
    const auto slash = key.indexOf(QLatin1Char('/'));
    if (slash <= 0) return false;
    bool ok = false;
    const uint number = key.left(slash).toUInt(&ok);
    transport = transportFromText(key.mid(slash + 1).toStdString());
    if (!ok || number > 65535 || transport == 0) return false;
    port = static_cast<quint16>(number);
    return true;
}

QString portCardHtml(const PortService &s, const PortKnowledge &knowledge, const PortCardOptions &options)
{
    QString out;
    if (options.pointSize > 0) out += QStringLiteral("<div style='font-size:%1pt'>").arg(options.pointSize);
    if (options.heading) {
        out += QStringLiteral("<h2>%1 &nbsp;%2</h2>").arg(portKeyText(s.port, s.transport), html(s.name()));
        if (!s.description.empty()) out += QStringLiteral("<p><i>%1</i></p>").arg(html(s.description));
    }
    if (!s.note) {
        out += QStringLiteral("<p>%1</p>")
                   .arg(PortCard::tr("Registered with IANA as <b>%1</b>. PortLens has no teaching note for this port and no "
                           "detector that recognises its service, so a connection here is judged by its payload alone.")
                            .arg(html(s.service)));
    } else {
        const PortNote &n = *s.note;
        out += section(PortCard::tr("Normal use"), html(n.usage));
        out += section(PortCard::tr("Who uses it"), html(n.users));
        out += section(encryptionText(n.encrypted), html(n.encryption));
        QString lookFor = QStringLiteral("<ul style='margin-top:0'>");
        for (const auto &line : n.lookFor) lookFor += QStringLiteral("<li>%1</li>").arg(html(line));
        out += QStringLiteral("<h4 style='margin-bottom:2px'>%1</h4>%2</ul>").arg(PortCard::tr("What to look for").toHtmlEscaped(), lookFor);
        if (!n.destinations.empty()) {
            QStringList destinations;
            for (const auto &d : n.destinations) destinations << html(d);
            out += section(PortCard::tr("Should be sent to"), destinations.join(QStringLiteral(", ")));
        }
        if (!n.related.empty()) out += section(PortCard::tr("Related ports"), relatedLinks(n.related, knowledge));
    }
    QStringList protocols;
    for (const auto &p : s.protocols) protocols << html(p);
    out += section(PortCard::tr("PortLens detects here"),
                   protocols.isEmpty() ? PortCard::tr("no detector for this service: unrecognised payload stays \"unknown\"")
                                       : protocols.join(QStringLiteral(", ")));
    if (options.pointSize > 0) out += QStringLiteral("</div>");
    return out;
}

} // namespace portlens::ui
