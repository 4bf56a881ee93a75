#include "ui/capture/capture_bar.h"

#include "ui/capture/capture_session.h"
#include "ui/capture/filter_editor.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QToolButton>

namespace portlens::ui {

namespace {

constexpr int kHistorySize = 15;
const QString kHistoryKey = QStringLiteral("capture/filterHistory");

} // namespace

CaptureBar::CaptureBar(QWidget *parent)
    : QWidget(parent)
    , m_interfaces(new QComboBox(this))
    , m_filter(new FilterEditor(this))
    , m_filterMenuButton(new QToolButton(this))
    , m_startStopButton(new QToolButton(this))
    , m_startStop(new QAction(tr("Start capture"), this))
    , m_validation(new QLabel(this))
    , m_counters(new QLabel(this))
{
    m_interfaces->setToolTip(tr("Interface to capture on"));
    m_interfaces->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_filterMenuButton->setText(tr("Filters"));
    m_filterMenuButton->setToolTip(tr("Presets and recently used filters"));
    m_filterMenuButton->setPopupMode(QToolButton::InstantPopup);
    m_filterMenuButton->setMenu(new QMenu(m_filterMenuButton));
    m_startStop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_startStop->setShortcutContext(Qt::WindowShortcut);
    m_startStop->setToolTip(tr("Start or stop capturing (Ctrl+E)"));
    m_startStopButton->setDefaultAction(m_startStop);
    m_startStopButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    addAction(m_startStop);
    m_validation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_counters->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(new QLabel(tr("Interface:"), this));
    layout->addWidget(m_interfaces);
    layout->addWidget(new QLabel(tr("Filter:"), this));
    layout->addWidget(m_filter, 1);
    layout->addWidget(m_filterMenuButton);
    layout->addWidget(m_startStopButton);
    layout->addWidget(m_validation);
    layout->addWidget(m_counters);

    connect(m_startStop, &QAction::triggered, this, &CaptureBar::toggle);
    connect(m_filter, &FilterEditor::submitted, this, [this] {
        if (!m_capturing) toggle();
    });
    connect(m_filter, &FilterEditor::validityChanged, this, [this](bool valid, const QString &message) {
        m_validation->setText(valid ? QString() : message);
        updateStartEnabled();
    });
    connect(m_interfaces, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0 && std::size_t(index) < m_interfaceList.size())
            m_filter->setLinkType(m_interfaceList[std::size_t(index)].linkType);
        updateStartEnabled();
    });

    setHistory(QSettings().value(kHistoryKey).toStringList());
    setCounters(0, 0, 0, 0);
    refreshInterfaces();
}

QStringList CaptureBar::presets()
{
    return {QStringLiteral("port 53"),
            QStringLiteral("tcp port 22"),
            QStringLiteral("tcp port 443"),
            QStringLiteral("tcp port 80 or tcp port 8080"),
            QStringLiteral("udp and not port 53"),
            QStringLiteral("udp port 5353 or udp port 1900 or udp port 5355"),
            QStringLiteral("tcp[tcpflags] & tcp-syn != 0"),
            QStringLiteral("not port 22")};
}

void CaptureBar::setInterfaces(const std::vector<CaptureInterface> &interfaces)
{
    const QString previous = currentInterface();
    m_interfaceList = interfaces;
    const QSignalBlocker blocker(m_interfaces);
    m_interfaces->clear();
    for (const CaptureInterface &i : interfaces) {
        QStringList details;
        if (i.loopback) details << tr("loopback");
        if (!i.up) details << tr("down");
        if (i.wireless) details << tr("wireless");
        QString label = QString::fromStdString(i.name);
        if (!i.addresses.empty()) details << QString::fromStdString(i.addresses.front());
        if (!details.isEmpty()) label += QStringLiteral(" (") + details.join(QStringLiteral(", ")) + QLatin1Char(')');
        m_interfaces->addItem(label, QString::fromStdString(i.name));
        QStringList tip;
        if (!i.description.empty()) tip << QString::fromStdString(i.description);
        for (const std::string &a : i.addresses) tip << QString::fromStdString(a);
        m_interfaces->setItemData(m_interfaces->count() - 1, tip.join(QLatin1Char('\n')), Qt::ToolTipRole);
    }
    setCurrentInterface(previous);
    if (m_interfaces->currentIndex() < 0 && m_interfaces->count() > 0) m_interfaces->setCurrentIndex(0);
    const int index = m_interfaces->currentIndex();
    if (index >= 0) m_filter->setLinkType(m_interfaceList[std::size_t(index)].linkType);
    updateStartEnabled();
}

void CaptureBar::refreshInterfaces()
{
    std::string error;
    setInterfaces(listCaptureInterfaces(error));
    if (!error.empty()) showMessage(tr("Cannot list the interfaces: %1").arg(QString::fromStdString(error)), true);
}

QString CaptureBar::currentInterface() const
{
    return m_interfaces->currentData().toString();
}

void CaptureBar::setCurrentInterface(const QString &name)
{
    const int index = m_interfaces->findData(name);
    if (index >= 0) m_interfaces->setCurrentIndex(index);
}

QString CaptureBar::filter() const
{
    return m_filter->filter().trimmed();
}

void CaptureBar::setFilter(const QString &filter)
{
    m_filter->setFilter(filter);
}

void CaptureBar::captureThisPort(quint16 port, const QString &transport)
{
    const QString t = transport.toLower();
    if (t == QStringLiteral("tcp") || t == QStringLiteral("udp"))
        setFilter(QStringLiteral("%1 port %2").arg(t).arg(port));
    else
        setFilter(QStringLiteral("port %1").arg(port));
    m_filter->setFocus();
}

void CaptureBar::toggle()
{
    if (m_capturing) {
        emit stopRequested();
        return;
    }
    if (!m_filter->isValid() || currentInterface().isEmpty()) return;
    rememberFilter(filter());
    emit startRequested(currentInterface(), filter());
}

void CaptureBar::setCapturing(bool capturing)
{
    m_capturing = capturing;
    m_startStop->setText(capturing ? tr("Stop capture") : tr("Start capture"));
    m_interfaces->setEnabled(!capturing);
    m_filter->setReadOnly(capturing);
    m_filterMenuButton->setEnabled(!capturing);
    updateStartEnabled();
}

void CaptureBar::updateStartEnabled()
{
    m_startStop->setEnabled(m_capturing || (m_filter->isValid() && !currentInterface().isEmpty()));
}

void CaptureBar::rememberFilter(const QString &filter)
{
    if (filter.isEmpty()) return;
    m_history.removeAll(filter);
    m_history.prepend(filter);
    while (m_history.size() > kHistorySize) m_history.removeLast();
    QSettings().setValue(kHistoryKey, m_history);
    rebuildFilterMenu();
}

void CaptureBar::setHistory(const QStringList &history)
{
    m_history = history.mid(0, kHistorySize);
    rebuildFilterMenu();
}

void CaptureBar::rebuildFilterMenu()
{
    QMenu *menu = m_filterMenuButton->menu();
    menu->clear();
    auto addEntries = [this, menu](const QString &title, const QStringList &filters) {
        menu->addSection(title);
        for (const QString &f : filters)
            menu->addAction(f, this, [this, f] { setFilter(f); });
    };
    addEntries(tr("Presets"), presets());
    if (!m_history.isEmpty()) addEntries(tr("Recent"), m_history);
}

void CaptureBar::setCaptureStatistics(quint64 packets, quint64 kernelDrops)
{
    setCounters(packets, m_connections, m_flagged, kernelDrops);
}

void CaptureBar::setAnalysisCounts(quint64 connections, quint64 flagged)
{
    setCounters(m_packets, connections, flagged, m_kernelDrops);
}

void CaptureBar::setCounters(quint64 packets, quint64 connections, quint64 flagged, quint64 kernelDrops)
{
    m_packets = packets;
    m_connections = connections;
    m_flagged = flagged;
    m_kernelDrops = kernelDrops;
    const QLocale locale;
    QString text = tr("%1 packets, %2 connections, %3 flagged")
                       .arg(locale.toString(packets), locale.toString(connections), locale.toString(flagged));
    if (kernelDrops > 0) text += QStringLiteral(", ") + tr("%1 dropped by the kernel").arg(locale.toString(kernelDrops));
    m_counters->setText(text);
}

QString CaptureBar::countersText() const
{
    return m_counters->text();
}

void CaptureBar::showMessage(const QString &message, bool error)
{
    m_validation->setText(message);
    m_validation->setToolTip(message);
    QPalette p = m_validation->palette();
    p.setColor(QPalette::WindowText, error ? QColor(0xc0, 0x1c, 0x28) : palette().color(QPalette::WindowText));
    m_validation->setPalette(p);
}

void connectCaptureBar(CaptureBar *bar, CaptureSession *session)
{
    QObject::connect(bar, &CaptureBar::startRequested, session, [bar, session](const QString &interface, const QString &filter) {
        CaptureSession::Settings settings;
        settings.interface = interface;
        settings.filter = filter;
        bar->setCounters(0, 0, 0, 0);
        bar->showMessage({}, false);
        if (session->start(settings)) bar->setCapturing(true);
    });
    QObject::connect(bar, &CaptureBar::stopRequested, session, &CaptureSession::stop);
    QObject::connect(session, &CaptureSession::started, bar, [bar](const QString &interface) {
        bar->showMessage(CaptureBar::tr("Capturing on %1").arg(interface), false);
    });
    QObject::connect(session, &CaptureSession::failed, bar,
                     [bar](CaptureSession::Fault, const QString &message) { bar->showMessage(message, true); });
    QObject::connect(session, &CaptureSession::warning, bar,
                     [bar](const QString &message) { bar->showMessage(message, false); });
    QObject::connect(session, &CaptureSession::statisticsChanged, bar, [bar](const CaptureStatistics &s) {
        bar->setCaptureStatistics(s.captured, s.droppedKernel);
    });
    QObject::connect(session, &CaptureSession::finished, bar, [bar](bool) { bar->setCapturing(false); });
}

} // namespace portlens::ui
