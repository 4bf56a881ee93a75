// LocalSocketsPane: "which program is on that port?" This machine's TCP and UDP sockets with their
// programs, filterable by port ("53"), port prefix ("53*": 53, 5353, 5355...) or program name,
// refreshed on demand and every few seconds while visible, with the explanations needed to read
// it (a server on 127.0.0.1 or ::1 is reachable only from here; UDP blurs client and server).
#pragma once

#include <QWidget>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace portlens {
struct SocketSnapshot;
}

namespace portlens::ui {

class LocalSocketsModel;

class LocalSocketsPane : public QWidget {
    Q_OBJECT

public:
    explicit LocalSocketsPane(QWidget *parent = nullptr);

    // Where the sockets come from (tests give a fixed snapshot; default: readLocalSockets()).
    void setSource(std::function<SocketSnapshot()> source);
    void setRefreshInterval(int milliseconds);

    // "53": that port exactly; "53*": ports starting with 53; anything else: a program name.
    void setFilterText(const QString &text);
    void setListeningOnly(bool listeningOnly);
    [[nodiscard]] LocalSocketsModel *model() const { return m_model; }
    [[nodiscard]] QSortFilterProxyModel *proxy() const { return m_proxy; }
    [[nodiscard]] QString explanationText() const;
    [[nodiscard]] QTimer *refreshTimer() const { return m_timer; }

public slots:
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateExplanations();

    std::function<SocketSnapshot()> m_source;
    LocalSocketsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QCheckBox *m_listeningOnly;
    QTableView *m_view;
    QLabel *m_explanations;
    QTimer *m_timer;
    std::size_t m_hiddenProcesses = 0;
};

} // namespace portlens::ui
