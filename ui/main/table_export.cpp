#include "ui/main/table_export.h"

#include "ui/main/connection_model.h"

#include "core/formats/connection_writer.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <sstream>

namespace portlens::ui {

namespace {

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString tsvField(QString text)
{
    text.replace(QLatin1Char('\t'), QLatin1Char(' '));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}

} // namespace

QString rowsAsTsv(const ConnectionModel &model, const std::vector<int> &rows, const std::vector<int> &columns)
{
    QString out;
    QStringList fields;
    for (int column : columns) fields << tsvField(model.headerData(column, Qt::Horizontal).toString());
    out += fields.join(QLatin1Char('\t')) + QLatin1Char('\n');
    for (int r : rows) {
        fields.clear();
        for (int column : columns) fields << tsvField(model.exportText(r, column));
        out += fields.join(QLatin1Char('\t')) + QLatin1Char('\n');
    }
    return out;
}

QString exportConnections(const ConnectionModel &model, const std::vector<int> &rows, ExportFormat format,
                          const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QCoreApplication::translate("TableExport", "cannot write %1: %2").arg(path, file.errorString());

    if (format == ExportFormat::Csv) {
        QTextStream out(&file);
        QStringList fields;
        for (int column = 0; column < ConnectionModel::ColumnCount; ++column)
            fields << csvField(model.headerData(column, Qt::Horizontal).toString());
        fields << csvField(QCoreApplication::translate("TableExport", "Reason"));
        out << fields.join(QLatin1Char(',')) << "\r\n";
        for (int r : rows) {
            fields.clear();
            for (int column = 0; column < ConnectionModel::ColumnCount; ++column) fields << csvField(model.exportText(r, column));
            fields << csvField(model.index(r, 0).data(ConnectionModel::ReasonRole).toString());
            out << fields.join(QLatin1Char(',')) << "\r\n";
        }
        out.flush();
    } else {
        // The core's writers, so a GUI export is the same file the CLI would write.
        std::ostringstream buffer;
        auto writer = makeConnectionWriter(format == ExportFormat::JsonLines ? OutputFormat::JsonLines : OutputFormat::ZeekConnLog,
                                           buffer);
        writer->begin();
        writer->beginCapture({}, 0, 1);
        for (int r : rows) {
            const ConnectionSnapshot &s = model.snapshot(r);
            writer->write(s.connection, s.verdict, model.captureName(s.capture).toStdString());
            if (buffer.tellp() > (1 << 20)) {
                const std::string chunk = buffer.str();
                file.write(chunk.data(), static_cast<qint64>(chunk.size()));
                buffer.str({});
            }
        }
        writer->endCapture();
        writer->end();
        const std::string rest = buffer.str();
        file.write(rest.data(), static_cast<qint64>(rest.size()));
    }
    if (!file.commit())
        return QCoreApplication::translate("TableExport", "cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace portlens::ui
