// RecentFiles: File ▸ Open Recent, the last ten captures opened, newest first, kept in
// QSettings under "files/recent" so they survive restarts.
#pragma once

#include <QObject>
#include <QStringList>

class QMenu;
class QWidget;

namespace portlens::ui {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    explicit RecentFiles(QWidget *parent);

    [[nodiscard]] QMenu *menu() const { return m_menu; }
    // Moves the added paths to the top of the list, the last of them topmost.
    void add(const QStringList &added);
    [[nodiscard]] static QStringList paths();

Q_SIGNALS:
    void openRequested(const QString &path);

private:
    void updateMenu();

    QMenu *m_menu;
};

} // namespace portlens::ui
