#include "ui/main/dropped_files.h"

#include <QFileInfo>
#include <QMimeData>
#include <QUrl>

namespace portlens::ui {

namespace {

constexpr int kMaxDroppedFiles = 64;

} // namespace

DroppedFiles DroppedFiles::from(const QMimeData &mime)
{
    DroppedFiles dropped;
    for (const QUrl &url : mime.urls()) {
        if (!url.isLocalFile()) {
            dropped.refused << tr("%1 is not a local file").arg(url.toDisplayString());
            continue;
        }
        const QFileInfo info(url.toLocalFile());
        if (!info.exists()) dropped.refused << tr("%1 does not exist").arg(info.filePath());
        else if (info.isDir()) dropped.refused << tr("%1 is a folder, not a capture file").arg(info.filePath());
        else if (!info.isReadable()) dropped.refused << tr("%1 cannot be read (permission denied)").arg(info.filePath());
        else dropped.files << info.absoluteFilePath();
    }
    if (dropped.files.size() > kMaxDroppedFiles) {
        dropped.refused << tr("%n file(s) dropped; at most %1 can be opened at once", "", static_cast<int>(dropped.files.size()))
                               .arg(kMaxDroppedFiles);
        dropped.files.clear();
    }
    return dropped;
}

} // namespace portlens::ui
