// ProblemBar: a message strip above the table for what went wrong (a file that is not a
// capture, a truncated file, a bad drop), like KDE's KMessageWidget: visible without blocking,
// with a Details button listing every problem of the session.
#pragma once

#include <QFrame>
#include <QStringList>

class QLabel;

namespace portlens::ui {

class ProblemBar : public QFrame {
    Q_OBJECT
public:
    explicit ProblemBar(QWidget *parent = nullptr);

    // Shows message (the newest) and remembers it for the details dialog.
    void addProblem(const QString &message);
    void clearProblems();
    [[nodiscard]] QString text() const;
    [[nodiscard]] const QStringList &problems() const { return m_problems; }

private:
    void showDetails();

    QLabel *m_icon;
    QLabel *m_text;
    QStringList m_problems;
};

} // namespace portlens::ui
