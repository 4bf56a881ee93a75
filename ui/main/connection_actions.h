// ConnectionActions: what an analyst does with the connections selected in the table: copy
// them (TSV, a BPF capture filter, a Wireshark display filter), open the capture in Wireshark
// filtered to one, explain its server port, show every connection on that port, and export
// rows (CSV, JSON Lines, Zeek conn.log) or their packets (pcapng, on a worker thread).
//
// The actions go into the window's menus and toolbar and into the table's context menu; each
// acts on ConnectionTableView's selection. Results and failures leave as signals.
#pragma once

#include <QObject>

class QAction;
class QWidget;

namespace portlens::ui {

class ConnectionFilterProxy;
class ConnectionModel;
class ConnectionTableView;

class ConnectionActions : public QObject {
    Q_OBJECT
public:
    // dialogParent: the window the file dialogs and messages belong to.
    ConnectionActions(ConnectionModel *model, ConnectionFilterProxy *proxy, ConnectionTableView *table, QWidget *dialogParent);

    // Enables what the selection allows; running: an analysis is still adding rows.
    void update(bool running);

    // Writes the packets of the selected connections to path (pcapng) off the GUI thread;
    // packetsExported follows.
    void exportSelectedPackets(const QString &path);

    QAction *copy;
    QAction *copyBpf;
    QAction *copyWireshark;
    QAction *nextFlagged;
    QAction *explainPort;
    QAction *showPort;
    QAction *wireshark;
    QAction *exportAll;
    QAction *exportShown;
    QAction *exportPackets;

Q_SIGNALS:
    void explainPortRequested(quint16 port, quint8 transport);
    void showConnectionsOnPortRequested(quint16 port, quint8 transport);
    void packetsExported(const QString &path, quint64 packets, const QString &error);
    void message(const QString &text, int timeoutMs); // 0: until the next message
    void problem(const QString &text);

private:
    void copyFilter(bool wireshark);
    void exportRows(bool onlyShown);
    void exportPacketsOfSelection();
    void openInWireshark();
    void requestExplainPort();

    ConnectionModel *m_model;
    ConnectionFilterProxy *m_proxy;
    ConnectionTableView *m_table;
    QWidget *m_dialogParent;
};

} // namespace portlens::ui
