// ConnectionDetails: everything known about the selected connection, in reading order: the
// verdict and why, the evidence bytes, endpoints and roles, timeline and counters, protocol
// metadata (SNI, banners, hosts, DNS names), and links to related connections (an FTP data
// channel and its control connection).
#pragma once

#include "ui/main/connection_snapshot.h"

#include <QWidget>

class QTextBrowser;
class QUrl;

namespace portlens::ui {

class ConnectionModel;

class ConnectionDetails : public QWidget {
    Q_OBJECT
public:
    explicit ConnectionDetails(QWidget *parent = nullptr);

    // model resolves related connections into links; it may be null.
    void setConnection(const ConnectionSnapshot &snapshot, const ConnectionModel *model);
    void clear();
    [[nodiscard]] QString plainText() const;

    // The HTML shown for a connection (tests and the screenshot script read it).
    static QString html(const ConnectionSnapshot &snapshot, const ConnectionModel *model, const QPalette &palette);

Q_SIGNALS:
    // The user followed a link to another connection of the same capture.
    void connectionLinkActivated(int capture, quint64 id);
    // The user asked what the server port normally carries (the port reference pane answers).
    void explainPortRequested(quint16 port, quint8 transport);

private:
    void followLink(const QUrl &url);

    QTextBrowser *m_browser;
};

} // namespace portlens::ui
