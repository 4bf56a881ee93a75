#include "ui/main/filter_bar.h"

#include "ui/main/connection_filter_proxy.h"
#include "ui/main/connection_model.h"

#include "ui/main/themed_icon.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QStyle>
#include <QTimer>

#include <set>

namespace portlens::ui {

namespace {

constexpr int kFixedProtocolEntries = 2; // "All protocols", "Nothing detected"

} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent), m_textEdit(new QLineEdit(this)), m_protocolCombo(new QComboBox(this)),
      m_portEdit(new QLineEdit(this)), m_flaggedCheck(new QCheckBox(tr("Flagged only"), this)),
      m_shownLabel(new QLabel(this)), m_textTimer(new QTimer(this)),
      m_flaggedOnlyAction(new QAction(themedIcon("dialog-warning", QStyle::SP_MessageBoxWarning), tr("Flagged &Only"), this))
{
    m_textEdit->setClearButtonEnabled(true);
    m_textEdit->setPlaceholderText(tr("Filter: address, port, protocol, verdict, host name… (Ctrl+F)"));
    m_textEdit->addAction(themedIcon("edit-find", QStyle::SP_FileDialogContentsView), QLineEdit::LeadingPosition);
    m_protocolCombo->addItem(tr("All protocols"), QString());
    m_protocolCombo->addItem(tr("Nothing detected"), QStringLiteral("none"));
    m_protocolCombo->setToolTip(tr("Show only connections whose payload is this protocol"));
    m_protocolCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_portEdit->setClearButtonEnabled(true);
    m_portEdit->setPlaceholderText(tr("Port, e.g. 443 or 53/udp"));
    m_portEdit->setToolTip(tr("Show only connections with this port on either side"));
    m_portEdit->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 22);
    m_flaggedOnlyAction->setCheckable(true);
    m_flaggedOnlyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_flaggedOnlyAction->setToolTip(tr("Show only mismatches, unexpected content and warnings"));
    m_flaggedCheck->setToolTip(m_flaggedOnlyAction->toolTip());

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_textEdit, 3);
    layout->addWidget(m_protocolCombo);
    layout->addWidget(m_portEdit, 1);
    layout->addWidget(m_flaggedCheck);
    layout->addWidget(m_shownLabel);

    // Typing filters after a short pause, so each keystroke does not refilter a million rows.
    m_textTimer->setSingleShot(true);
    m_textTimer->setInterval(150);
    connect(m_textEdit, &QLineEdit::textChanged, m_textTimer, qOverload<>(&QTimer::start));
    connect(m_textTimer, &QTimer::timeout, this, [this] { Q_EMIT textFilterChanged(m_textEdit->text()); });
    connect(m_protocolCombo, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT protocolFilterChanged(m_protocolCombo->currentData().toString()); });
    connect(m_portEdit, &QLineEdit::textChanged, this, &FilterBar::applyPortText);
    connect(m_flaggedCheck, &QCheckBox::toggled, m_flaggedOnlyAction, &QAction::setChecked);
    connect(m_flaggedOnlyAction, &QAction::toggled, m_flaggedCheck, &QCheckBox::setChecked);
    connect(m_flaggedOnlyAction, &QAction::toggled, this, &FilterBar::flaggedOnlyChanged);
}

void FilterBar::watchProtocols(const ConnectionModel *model)
{
    // Changed rows too: a connection first published while open may be detected later.
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this, model](const QModelIndex &, int first, int last) { noteProtocols(model, first, last); });
    connect(model, &QAbstractItemModel::dataChanged, this, [this, model](const QModelIndex &from, const QModelIndex &to) {
        noteProtocols(model, from.row(), to.row());
    });
}

void FilterBar::noteProtocols(const ConnectionModel *model, int first, int last)
{
    std::set<QString> fresh;
    for (int row = first; row <= last; ++row) {
        const std::string &protocol = model->snapshot(row).connection.detection.protocol;
        if (protocol.empty() || m_knownUtf8.contains(protocol)) continue;
        m_knownUtf8.insert(protocol);
        fresh.insert(QString::fromStdString(protocol));
    }
    for (const QString &p : fresh) {
        m_knownProtocols << p;
        m_knownProtocols.sort(Qt::CaseInsensitive);
        const auto at = static_cast<int>(m_knownProtocols.indexOf(p));
        m_protocolCombo->insertItem(at + kFixedProtocolEntries, p, p);
    }
}

void FilterBar::resetProtocols()
{
    m_knownProtocols.clear();
    m_knownUtf8.clear();
    m_protocolCombo->setCurrentIndex(0);
    while (m_protocolCombo->count() > kFixedProtocolEntries) m_protocolCombo->removeItem(kFixedProtocolEntries);
}

void FilterBar::setPort(quint16 port, quint8 transport)
{
    const QString text = transport == 17 ? QStringLiteral("%1/udp").arg(port)
                                         : (transport == 6 ? QStringLiteral("%1/tcp").arg(port) : QString::number(port));
    m_portEdit->setText(text); // parses back into the same filter
}

void FilterBar::clear()
{
    m_textEdit->clear();
    m_portEdit->clear();
    m_protocolCombo->setCurrentIndex(0);
    m_flaggedOnlyAction->setChecked(false);
}

void FilterBar::focusText()
{
    m_textEdit->setFocus(Qt::ShortcutFocusReason);
    m_textEdit->selectAll();
}

void FilterBar::setShownCount(bool filtering, int shown, int total)
{
    const QLocale locale;
    m_shownLabel->setText(filtering ? tr("%1 of %2 shown").arg(locale.toString(shown)).arg(locale.toString(total)) : QString());
}

void FilterBar::applyPortText()
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d{1,5})\\s*(?:/\\s*(tcp|udp))?\\s*$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QString text = m_portEdit->text();
    if (text.trimmed().isEmpty()) {
        m_portEdit->setStyleSheet({});
        Q_EMIT portFilterCleared();
        return;
    }
    const QRegularExpressionMatch match = pattern.match(text);
    const uint port = match.hasMatch() ? match.captured(1).toUInt() : 70000;
    if (port > 65535) {
        // Not applied: the table keeps its last valid filter while the user is still typing.
        m_portEdit->setToolTip(tr("Type a port number, optionally with /tcp or /udp"));
        return;
    }
    const QString proto = match.captured(2).toLower();
    const quint8 transport = proto == QLatin1String("tcp") ? 6 : (proto == QLatin1String("udp") ? 17 : 0);
    Q_EMIT portFilterChanged(static_cast<quint16>(port), transport);
}

void connectFilterBar(FilterBar *bar, ConnectionFilterProxy *proxy)
{
    QObject::connect(bar, &FilterBar::textFilterChanged, proxy, &ConnectionFilterProxy::setFilterText);
    QObject::connect(bar, &FilterBar::protocolFilterChanged, proxy, &ConnectionFilterProxy::setProtocolFilter);
    QObject::connect(bar, &FilterBar::portFilterChanged, proxy, &ConnectionFilterProxy::setPortFilter);
    QObject::connect(bar, &FilterBar::portFilterCleared, proxy, &ConnectionFilterProxy::clearPortFilter);
    QObject::connect(bar, &FilterBar::flaggedOnlyChanged, proxy, &ConnectionFilterProxy::setFlaggedOnly);
    const auto showCount = [bar, proxy] { bar->setShownCount(proxy->isFiltering(), proxy->rowCount(), proxy->sourceModel()->rowCount()); };
    QObject::connect(proxy, &ConnectionFilterProxy::filtersChanged, bar, showCount);
    QObject::connect(proxy, &QAbstractItemModel::rowsInserted, bar, showCount);
    QObject::connect(proxy, &QAbstractItemModel::modelReset, bar, showCount);
}

} // namespace portlens::ui
