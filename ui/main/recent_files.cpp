#include "ui/main/recent_files.h"

#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace portlens::ui {

namespace {

constexpr int kMaxRecentFiles = 10;

QString recentKey() { return QStringLiteral("files/recent"); }

} // namespace

RecentFiles::RecentFiles(QWidget *parent) : QObject(parent), m_menu(new QMenu(tr("Open &Recent"), parent))
{
    updateMenu();
}

QStringList RecentFiles::paths() { return QSettings().value(recentKey()).toStringList(); }

void RecentFiles::add(const QStringList &added)
{
    QStringList recent = paths();
    for (const QString &p : added) {
        recent.removeAll(p);
        recent.prepend(p);
    }
    while (recent.size() > kMaxRecentFiles) recent.removeLast();
    QSettings().setValue(recentKey(), recent);
    updateMenu();
}

void RecentFiles::updateMenu()
{
    m_menu->clear();
    const QStringList recent = paths();
    for (int i = 0; i < recent.size(); ++i) {
        const QString &path = recent.at(i);
        QAction *a = m_menu->addAction(QStringLiteral("&%1 %2").arg((i + 1) % 10).arg(QFileInfo(path).fileName()));
        a->setToolTip(path);
        a->setStatusTip(path);
        connect(a, &QAction::triggered, this, [this, path] { Q_EMIT openRequested(path); });
    }
    m_menu->setEnabled(!recent.isEmpty());
    if (!recent.isEmpty()) {
        m_menu->addSeparator();
        m_menu->addAction(tr("Clear Recent Files"), this, [this] {
            QSettings().remove(recentKey());
            updateMenu();
        });
    }
}

} // namespace portlens::ui
