#include "ui/main/connection_details.h"

#include "ui/main/connection_model.h"
#include "ui/main/verdict_style.h"
#include "ui/main/verdict_text.h"

#include "core/formats/connection_writer.h"
#include "core/ports/port_knowledge.h"

#include <QTextBrowser>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace portlens::ui {

namespace {

QString esc(const QString &text) { return text.toHtmlEscaped(); }

QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td style=\"padding-right:12px\"><b>%1</b></td><td>%2</td></tr>").arg(esc(label), value);
}

QString hexOf(const std::vector<std::byte> &bytes, std::size_t offset, std::size_t length)
{
    QString out;
    const std::size_t end = std::min(bytes.size(), offset + std::min<std::size_t>(length, 32));
    for (std::size_t i = offset; i < end; ++i)
        out += QStringLiteral("%1 ").arg(std::to_integer<unsigned>(bytes[i]), 2, 16, QLatin1Char('0'));
    if (length > 32) out += QStringLiteral("…");
    return out.trimmed();
}

QString roleText(Roles roles)
{
    switch (roles) {
    case Roles::ClientServer: return ConnectionDetails::tr("client and server seen from the start");
    case Roles::Guessed: return ConnectionDetails::tr("seen mid-stream: the server is guessed from the ports");
    case Roles::Peers: return ConnectionDetails::tr("UDP peers on the same port");
    }
    return {};
}

QString endText(EndReason reason)
{
    switch (reason) {
    case EndReason::EndOfCapture: return ConnectionDetails::tr("still open when the capture ended");
    case EndReason::Idle: return ConnectionDetails::tr("ended after the idle timeout");
    case EndReason::Evicted: return ConnectionDetails::tr("pushed out by the flow limit (memory bound)");
    case EndReason::Reused: return ConnectionDetails::tr("a new connection reused its addresses and ports");
    }
    return {};
}

QString connectionLink(int capture, std::uint64_t id, const QString &text)
{
    return QStringLiteral("<a href=\"portlens:connection?capture=%1&amp;id=%2\">%3</a>").arg(capture).arg(id).arg(esc(text));
}

} // namespace

ConnectionDetails::ConnectionDetails(QWidget *parent) : QWidget(parent), m_browser(new QTextBrowser(this))
{
    m_browser->setOpenLinks(false);
    m_browser->setPlaceholderText(tr("Select a connection to see its verdict, evidence and metadata."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    connect(m_browser, &QTextBrowser::anchorClicked, this, &ConnectionDetails::followLink);
}

void ConnectionDetails::clear() { m_browser->clear(); }

QString ConnectionDetails::plainText() const { return m_browser->toPlainText(); }

void ConnectionDetails::setConnection(const ConnectionSnapshot &snapshot, const ConnectionModel *model)
{
    m_browser->setHtml(html(snapshot, model, palette()));
}

void ConnectionDetails::followLink(const QUrl &url)
{
    if (url.scheme() != QLatin1String("portlens")) return;
    const QUrlQuery query(url);
    if (url.path() == QLatin1String("connection")) {
        Q_EMIT connectionLinkActivated(query.queryItemValue(QStringLiteral("capture")).toInt(),
                                       query.queryItemValue(QStringLiteral("id")).toULongLong());
    } else if (url.path() == QLatin1String("port")) {
        Q_EMIT explainPortRequested(static_cast<quint16>(query.queryItemValue(QStringLiteral("port")).toUInt()),
                                    static_cast<quint8>(query.queryItemValue(QStringLiteral("transport")).toUInt()));
    }
}

QString ConnectionDetails::html(const ConnectionSnapshot &s, const ConnectionModel *model, const QPalette &palette)
{
    const Connection &c = s.connection;
    const Verdict &verdict = s.verdict;
    const Highlight level = highlightOf(s);
    const QColor tint = highlightBackground(level, palette);
    QString out;

    // The verdict first, on the same tint as its row: this is what the analyst came for.
    out += QStringLiteral("<table width=\"100%\" cellpadding=\"6\"><tr><td%1>")
               .arg(tint.isValid() ? QStringLiteral(" bgcolor=\"%1\"").arg(tint.name()) : QString());
    out += QStringLiteral("<span style=\"font-size:large\"><b>%1</b></span> &nbsp; %2")
               .arg(esc(verdictKindText(verdict.kind)),
                    esc(tr("%1 on %2/%3")
                            .arg(c.detection.protocol.empty() ? tr("nothing recognised") : QString::fromStdString(c.detection.protocol))
                            .arg(c.server.port)
                            .arg(transportText(c.transport))));
    out += QStringLiteral("<br>") + esc(translatedMessage(verdict.reason));
    for (const VerdictNote &note : verdict.notes)
        out += QStringLiteral("<br>• <i>%1</i>: %2").arg(esc(severityText(note.severity)), esc(translatedMessage(note.message)));
    if (s.open) out += QStringLiteral("<br><i>%1</i>").arg(esc(tr("Still open: the verdict may change as more payload arrives.")));
    out += QStringLiteral("</td></tr></table>");

    out += QStringLiteral("<table cellspacing=\"2\">");
    const PortService *service = PortKnowledge::builtin().lookup(c.server.port, c.transport);
    const QString portLink = QStringLiteral("<a href=\"portlens:port?port=%1&amp;transport=%2\">%3</a>")
                                 .arg(c.server.port)
                                 .arg(c.transport)
                                 .arg(esc(tr("explain port %1/%2").arg(c.server.port).arg(transportText(c.transport))));
    out += row(tr("Port normally"),
               (service ? esc(QStringLiteral("%1 — %2").arg(QString::fromStdString(service->title),
                                                            QString::fromStdString(service->description)))
                        : esc(tr("no well-known service"))) +
                   QStringLiteral(" &nbsp;(") + portLink + QStringLiteral(")"));

    if (!c.detection.protocol.empty()) {
        const Evidence &e = c.detection.evidence;
        const bool fromClient = e.direction == Direction::ToServer;
        QString evidence = esc(QString::fromStdString(e.sentence));
        evidence += QStringLiteral("<br><small>%1</small>")
                        .arg(esc(tr("%1 bytes %2–%3: %4")
                                     .arg(fromClient ? tr("client") : tr("server"))
                                     .arg(e.offset)
                                     .arg(e.offset + (e.length ? e.length - 1 : 0))
                                     .arg(hexOf(c.payload.of(e.direction), e.offset, e.length))));
        out += row(tr("Evidence"), evidence);
    }

    out += row(tr("Client"), esc(QString::fromStdString(formatEndpoint(c.client))));
    out += row(tr("Server"), esc(QString::fromStdString(formatEndpoint(c.server))));
    out += row(tr("Roles"), esc(roleText(c.roles)));
    out += row(tr("Timeline"), esc(tr("%1 UTC, lasted %2; %3")
                                       .arg(QString::fromStdString(formatUtcTime(c.firstNs)), formatDuration(c.lastNs - c.firstNs),
                                            endText(c.endReason))));
    out += row(tr("Client → server"), esc(tr("%n packet(s), %1 bytes (%2 payload)", "", static_cast<int>(c.toServer.packets))
                                              .arg(c.toServer.wireBytes)
                                              .arg(c.toServer.payloadBytes)));
    out += row(tr("Server → client"), esc(tr("%n packet(s), %1 bytes (%2 payload)", "", static_cast<int>(c.toClient.packets))
                                              .arg(c.toClient.wireBytes)
                                              .arg(c.toClient.payloadBytes)));
    if (c.isTcp())
        out += row(tr("TCP"), esc(tr("history %1, state %2%3")
                                      .arg(QString::fromStdString(c.history), QString::fromLatin1(c.connState()),
                                           c.missedBytes ? tr(", %1 bytes never seen").arg(c.missedBytes) : QString())));

    for (const auto &[key, value] : c.detection.metadata)
        out += row(QString::fromStdString(key), esc(QString::fromStdString(value)));

    // Related connections: the control connection of a data channel, and the other way round.
    const int capture = s.capture;
    if (c.relatedId) {
        out += row(tr("Announced by"), connectionLink(capture, c.relatedId, tr("connection %1 (control)").arg(c.relatedId)));
    }
    if (model) {
        QStringList links;
        for (int r : model->rowsRelatedTo(capture, c.id)) {
            const std::uint64_t id = model->snapshot(r).connection.id;
            links << connectionLink(capture, id, tr("connection %1").arg(id));
        }
        if (!links.isEmpty()) out += row(tr("Data channels"), links.join(QStringLiteral(", ")));
        const QString name = model->captureName(capture);
        if (!name.isEmpty()) out += row(tr("Capture"), esc(name));
    }
    out += QStringLiteral("</table>");
    return out;
}

} // namespace portlens::ui
