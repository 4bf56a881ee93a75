// How many bytes of each direction of a connection the analysis keeps (for detection and the
// payload view): a setting the user changes from View ▸ Payload Kept per Direction.
#pragma once

#include <QCoreApplication>

#include <cstddef>
#include <optional>

class QWidget;

namespace portlens::ui {

struct PayloadLimit {
    Q_DECLARE_TR_FUNCTIONS(portlens::ui::PayloadLimit)
public:
    // The stored limit in bytes, else the flow table's default.
    static std::size_t stored();
    // Asks for a new limit in KiB; stores it and returns it in bytes, or nothing if cancelled.
    static std::optional<std::size_t> ask(QWidget *parent);
};

} // namespace portlens::ui
