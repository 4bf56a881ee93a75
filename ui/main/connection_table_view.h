// ConnectionTableView: the connection table over ConnectionFilterProxy. Default column order,
// widths and visibility; a menu of columns to show (the header's context menu and View ▸
// Columns); selection in source rows; Ctrl+C copies whole rows as TSV (a plain QTableView
// copies one cell); and a walk to the next flagged connection (F8).
#pragma once

#include <QTableView>

#include <vector>

class QMenu;

namespace portlens::ui {

class ConnectionFilterProxy;
class ConnectionModel;

class ConnectionTableView : public QTableView {
    Q_OBJECT
public:
    ConnectionTableView(ConnectionModel *model, ConnectionFilterProxy *proxy, QWidget *parent = nullptr);

    // Column order, visibility and widths as on first start.
    void applyDefaultColumns();
    // Fills menu with one checkable entry per column; toggling one hides or shows it.
    void fillColumnMenu(QMenu *menu);

    // Source rows of the selected connections, in the order shown.
    [[nodiscard]] std::vector<int> selectedRows() const;
    // Source row of the current index, or -1.
    [[nodiscard]] int currentRow() const;
    [[nodiscard]] bool hasSelection() const;
    // Makes the source row current and selected, scrolled to the middle; false if a filter hides it.
    bool selectRow(int sourceRow);
    // Selects the next flagged connection after the current one (wraps around).
    void selectNextFlagged();
    // Copies the selected rows, the shown columns in the order shown, as TSV with a header.
    void copySelection();

Q_SIGNALS:
    // A passing status bar message (copied rows, nothing flagged).
    void message(const QString &text, int timeoutMs);

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void select(const QModelIndex &proxyIndex);

    ConnectionModel *m_model;
    ConnectionFilterProxy *m_proxy;
};

} // namespace portlens::ui
