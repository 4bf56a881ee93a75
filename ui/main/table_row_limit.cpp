#include "ui/main/table_row_limit.h"

#include "ui/main/connection_model.h"

#include <QInputDialog>
#include <QSettings>

#include <algorithm>

namespace portlens::ui {

namespace {
// QInputDialog::getInt takes an int; a table of more than this would not fit the model's
// 32-bit row numbers anyway.
constexpr int kMostRows = 100'000'000;
} // namespace

QString TableRowLimit::settingsKey() { return QStringLiteral("table/rowLimit"); }

std::size_t TableRowLimit::stored()
{
    const auto fallback = static_cast<qulonglong>(ConnectionModel::kDefaultRowLimit);
    bool ok = false;
    const qulonglong value = QSettings().value(settingsKey(), fallback).toULongLong(&ok);
    if (!ok || value == 0) return ConnectionModel::kDefaultRowLimit;
    return static_cast<std::size_t>(std::min<qulonglong>(value, kMostRows));
}

std::optional<std::size_t> TableRowLimit::ask(QWidget *parent)
{
    bool ok = false;
    const int rows = QInputDialog::getInt(
        parent, tr("Table Row Limit"),
        tr("Most connections the table holds. Past it, connections are counted in the status bar\n"
           "but not shown (portlens-cli analyze lists them all). Each row costs about 850 bytes\n"
           "plus the payload kept of its connection; it applies to captures opened from now on."),
        static_cast<int>(stored()), 1000, kMostRows, 100'000, &ok);
    if (!ok) return std::nullopt;
    QSettings().setValue(settingsKey(), static_cast<qulonglong>(rows));
    return static_cast<std::size_t>(rows);
}

} // namespace portlens::ui
