// FilterBar: the row above the connection table that narrows it: free text (applied after a
// short pause in typing), a detected protocol, a port with an optional /tcp or /udp, and
// "flagged only". It emits what ConnectionFilterProxy needs and knows nothing of the table.
//
// The protocol list grows with the protocols the watched model's rows carry, in sorted order.
#pragma once

#include <QStringList>
#include <QWidget>

#include <unordered_set>
#include <string>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;

namespace portlens::ui {

class ConnectionFilterProxy;
class ConnectionModel;

class FilterBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    // Edit ▸ Flagged Only: checkable, kept in step with the bar's check box.
    [[nodiscard]] QAction *flaggedOnlyAction() const { return m_flaggedOnlyAction; }
    // Adds the protocols of model's rows to the protocol list as rows arrive or change.
    void watchProtocols(const ConnectionModel *model);
    // Back to "All protocols" with only the two fixed entries (new captures).
    void resetProtocols();
    // Shows port ("443/tcp", "53/udp", or the bare number for any transport) in the port field.
    void setPort(quint16 port, quint8 transport);
    // Empties every field ("flagged only" off); the signals follow.
    void clear();
    // Focuses the text field with its text selected (Ctrl+F).
    void focusText();
    // "3 of 10 shown" beside the filters while they hide rows.
    void setShownCount(bool filtering, int shown, int total);

    [[nodiscard]] QLineEdit *textField() const { return m_textEdit; }
    [[nodiscard]] QLineEdit *portField() const { return m_portEdit; }
    [[nodiscard]] QComboBox *protocolCombo() const { return m_protocolCombo; }

Q_SIGNALS:
    void textFilterChanged(const QString &text);
    // Empty: any protocol; "none": nothing detected.
    void protocolFilterChanged(const QString &protocol);
    // transport: 6 TCP, 17 UDP, 0 either.
    void portFilterChanged(quint16 port, quint8 transport);
    void portFilterCleared();
    void flaggedOnlyChanged(bool on);

private:
    void applyPortText();
    void noteProtocols(const ConnectionModel *model, int first, int last);

    QLineEdit *m_textEdit;
    QComboBox *m_protocolCombo;
    QLineEdit *m_portEdit;
    QCheckBox *m_flaggedCheck;
    QLabel *m_shownLabel;
    QTimer *m_textTimer;
    QAction *m_flaggedOnlyAction;
    QStringList m_knownProtocols; // sorted, as in the combo after its two fixed entries
    std::unordered_set<std::string> m_knownUtf8;
};

// Wires a bar to the proxy it filters, and the proxy's counts to the bar.
void connectFilterBar(FilterBar *bar, ConnectionFilterProxy *proxy);

} // namespace portlens::ui
