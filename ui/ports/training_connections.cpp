#include "ui/ports/training_connections.h"

#include "core/analysis/analysis_pipeline.h"
#include "core/verdict/verdict.h"

#include <QCoreApplication>

#include <algorithm>

namespace portlens::ui {

namespace {

QString endpoint(const Endpoint &e)
{
    const QString address = QString::fromStdString(e.address.toString());
    return (address.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2") : QStringLiteral("%1:%2")).arg(address).arg(e.port);
}

// Up to 16 bytes before the evidence and 48 bytes of it and after: enough to show in a row.
void cutEvidence(const Connection &c, TrainingConnection &row)
{
    const Evidence &e = c.detection.evidence;
    const auto &bytes = c.payload.of(e.direction);
    if (bytes.empty()) return;
    const std::size_t start = e.length > 0 && e.offset < bytes.size() ? e.offset - std::min<std::size_t>(e.offset, 16) : 0;
    const std::size_t end = std::min<std::size_t>(bytes.size(), (e.length > 0 ? e.offset + e.length : 0) + 48);
    const std::size_t length = std::min<std::size_t>(end - start, 256);
    row.evidence = QByteArray(reinterpret_cast<const char *>(bytes.data() + start), static_cast<qsizetype>(length));
    if (e.length > 0 && e.offset < bytes.size()) {
        row.evidenceOffset = static_cast<int>(e.offset - start);
        row.evidenceLength = static_cast<int>(std::min<std::size_t>(e.length, length - (e.offset - start)));
    }
    row.evidenceText = QString::fromStdString(e.sentence);
}

} // namespace

TrainingConnection trainingConnection(const Connection &c, const Verdict &verdict)
{
    TrainingConnection row;
    row.port = c.server.port;
    row.transport = c.transport;
    row.endpoints = QStringLiteral("%1 → %2").arg(endpoint(c.client), endpoint(c.server));
    row.protocol = QString::fromStdString(c.detection.protocol);
    row.verdict = QStringLiteral("%1: %2").arg(QLatin1String(verdictKindName(verdict.kind)),
                                               QCoreApplication::translate("Verdict", verdict.reason.text));
    for (std::size_t i = 0; i < verdict.reason.arguments.size(); ++i)
        row.verdict.replace(QStringLiteral("%%1").arg(i + 1), QString::fromStdString(verdict.reason.arguments[i]));
    row.flagged = verdict.flagged();
    cutEvidence(c, row);
    return row;
}

QList<TrainingConnection> connectionsFromCapture(const QString &path, QString *error)
{
    auto opened = PacketSource::openFile(path.toStdString());
    if (!opened.source) {
        if (error) *error = QString::fromStdString(opened.message);
        return {};
    }
    QList<TrainingConnection> rows;
    AnalysisPipeline pipeline({}, [&rows](JudgedConnection &&row) {
        rows.append(trainingConnection(row.connection, row.verdict));
    });
    const AnalysisResult result = pipeline.run(*opened.source);
    if (result.readError && error) *error = QString::fromStdString(*result.readError);
    return rows;
}

} // namespace portlens::ui
