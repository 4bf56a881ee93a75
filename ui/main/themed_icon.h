// The desktop theme's icon of that name, or Qt's built-in one where the theme has none.
#pragma once

#include <QApplication>
#include <QIcon>
#include <QStyle>

namespace portlens::ui {

inline QIcon themedIcon(const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name), QApplication::style()->standardIcon(fallback));
}

} // namespace portlens::ui
