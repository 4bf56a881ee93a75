// How many connections the table holds at most (ConnectionModel::setRowLimit): a setting the user
// changes from View ▸ Table Row Limit, so that the window's memory stays bounded on a capture of
// millions of connections. Connections past it are counted in the status bar, not shown.
#pragma once

#include <QCoreApplication>

#include <cstddef>
#include <optional>

class QWidget;

namespace portlens::ui {

struct TableRowLimit {
    Q_DECLARE_TR_FUNCTIONS(portlens::ui::TableRowLimit)
public:
    // The stored limit, else ConnectionModel::kDefaultRowLimit (1,000,000).
    static std::size_t stored();
    // Asks for a new limit; stores it and returns it, or nothing if cancelled.
    static std::optional<std::size_t> ask(QWidget *parent);
    // The QSettings key ("table/rowLimit"), for tests and documentation.
    static QString settingsKey();
};

} // namespace portlens::ui
