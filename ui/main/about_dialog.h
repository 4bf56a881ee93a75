// AboutDialog: what PortLens is and the versions of the libraries it runs on (for bug reports).
#pragma once

#include <QDialog>

namespace portlens::ui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // "Qt 6.8.2, KF6 SyntaxHighlighting 6.13.0, libpcap version 1.10.5 (...)", one per line.
    static QString versionsText();
};

} // namespace portlens::ui
