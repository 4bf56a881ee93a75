#include "ui/main/problem_bar.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace portlens::ui {

ProblemBar::ProblemBar(QWidget *parent) : QFrame(parent), m_icon(new QLabel(this)), m_text(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette p = palette();
    const QColor base = p.color(QPalette::Window);
    const bool dark = base.lightnessF() < 0.5;
    // A warm strip that reads in both themes (mixed into the window colour).
    const QColor tint = dark ? QColor(120, 80, 0) : QColor(255, 220, 150);
    p.setColor(QPalette::Window, QColor((base.red() + tint.red()) / 2, (base.green() + tint.green()) / 2,
                                        (base.blue() + tint.blue()) / 2));
    setPalette(p);

    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(size, size));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *details = new QPushButton(tr("Details…"), this);
    auto *close = new QToolButton(this);
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Hide this message"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(details);
    layout->addWidget(close);
    connect(details, &QPushButton::clicked, this, &ProblemBar::showDetails);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void ProblemBar::addProblem(const QString &message)
{
    m_problems << message;
    m_text->setText(m_problems.size() == 1 ? message
                                            : tr("%1 (and %n earlier problem(s))", "", static_cast<int>(m_problems.size() - 1))
                                                  .arg(message));
    show();
}

void ProblemBar::clearProblems()
{
    m_problems.clear();
    m_text->clear();
    hide();
}

QString ProblemBar::text() const { return isVisibleTo(parentWidget()) ? m_text->text() : QString(); }

void ProblemBar::showDetails()
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Problems while opening captures"),
                                tr("%n problem(s) occurred. Connections read before a problem are kept and shown.", "",
                                   static_cast<int>(m_problems.size())),
                                QMessageBox::Close, this);
    box->setDetailedText(m_problems.join(QLatin1Char('\n')));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace portlens::ui
