// How a verdict looks in the table: a background tint taken from the palette (so it reads in
// light and dark themes) and an icon, so colour is never the only signal.
#pragma once

#include "ui/main/connection_snapshot.h"

#include <QColor>
#include <QIcon>
#include <QPalette>

namespace portlens::ui {

enum class Highlight : quint8 {
    None,    // expected, no payload: plain row
    Note,    // worth knowing, not alarming: a faint tint
    Warning, // flagged by a warning note (plaintext credentials, SSH off 22, ...)
    Flagged, // mismatch or unexpected content: the rows an analyst looks at first
};

Highlight highlightOf(const ConnectionSnapshot &snapshot);
// The row background for level h on palette p; invalid (no tint) for Highlight::None.
QColor highlightBackground(Highlight h, const QPalette &p);
QIcon highlightIcon(Highlight h);

} // namespace portlens::ui
