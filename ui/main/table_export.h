// Writing the connection table to a file: CSV (the table's columns, for spreadsheets), and the
// core's JSON Lines and Zeek conn.log writers (every field, for scripts and SIEMs), for all rows
// or the rows the filter shows, in the order shown.
#pragma once

#include <QString>

#include <vector>

namespace portlens::ui {

class ConnectionModel;

enum class ExportFormat { Csv, JsonLines, ZeekConnLog };

// rows are source rows of model. Returns an empty string on success, else what went wrong.
QString exportConnections(const ConnectionModel &model, const std::vector<int> &rows, ExportFormat format,
                          const QString &path);

// Selected rows as tab-separated text with a header line (Ctrl+C).
QString rowsAsTsv(const ConnectionModel &model, const std::vector<int> &rows, const std::vector<int> &columns);

} // namespace portlens::ui
