// PortReferencePane: "what is this port?" in a dock. A search field (numbers, 5353/udp, ranges,
// names, keywords; results update as you type), the matching ports best first, and the teaching
// card of the selected one. The card offers "Show connections on this port" and "Capture this
// port"; the main window connects those signals to its connection filter and capture bar, and
// calls explainPort() from the connection table's "Explain port" action.
#pragma once

#include <QDockWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTextBrowser;
class QTimer;

namespace portlens {
class PortKnowledge;
struct PortService;
} // namespace portlens

namespace portlens::ui {

class PortResultsModel;

class PortReferencePane : public QDockWidget {
    Q_OBJECT

public:
    // The built-in port data with notes in the user's language.
    explicit PortReferencePane(QWidget *parent = nullptr);
    // knowledge must outlive the pane.
    explicit PortReferencePane(const PortKnowledge &knowledge, QWidget *parent = nullptr);

    // "Capture this port" is enabled only while live capture is possible.
    void setLiveCaptureAvailable(bool available);
    [[nodiscard]] PortResultsModel *resultsModel() const { return m_model; }
    // The port whose card is shown, if any.
    [[nodiscard]] const PortService *currentService() const { return m_current; }

public slots:
    // Searches for port/transport, selects it and shows its card (raising the dock).
    void explainPort(quint16 port, quint8 transport);
    void setQuery(const QString &query);

signals:
    void showConnectionsRequested(quint16 port, quint8 transport);
    // A libpcap filter for the shown port, e.g. "port 5353 and udp".
    void captureFilterRequested(const QString &bpf);

private:
    void runQuery();
    void showCard(const PortService *service);
    void selectRow(int row);

    const PortKnowledge &m_knowledge;
    PortResultsModel *m_model;
    QLineEdit *m_search;
    QLabel *m_count;
    QTableView *m_results;
    QTextBrowser *m_card;
    QPushButton *m_showConnections;
    QPushButton *m_capture;
    QTimer *m_typing;
    const PortService *m_current = nullptr;
    bool m_liveCapture = false;
};

} // namespace portlens::ui
