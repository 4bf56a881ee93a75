// What a drop on the window holds, sorted into capture files to open and items refused with
// a reason, as Wireshark does: only local, existing, readable files, at most 64 at once (a
// drop of a whole folder's worth is a mistake).
#pragma once

#include <QCoreApplication>
#include <QStringList>

class QMimeData;

namespace portlens::ui {

struct DroppedFiles {
    Q_DECLARE_TR_FUNCTIONS(portlens::ui::DroppedFiles)
public:
    // Both lists stay empty when the drop carried no URLs at all (text, say).
    static DroppedFiles from(const QMimeData &mime);

    QStringList files;   // absolute paths to open
    QStringList refused; // one sentence per item refused
};

} // namespace portlens::ui
