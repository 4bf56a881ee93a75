#include "ui/ports/port_reference_pane.h"

#include "ui/ports/localised_ports.h"
#include "ui/ports/port_card.h"
#include "ui/ports/port_results_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace portlens::ui {

PortReferencePane::PortReferencePane(QWidget *parent) : PortReferencePane(localisedPortKnowledge(), parent) {}

PortReferencePane::PortReferencePane(const PortKnowledge &knowledge, QWidget *parent)
    : QDockWidget(tr("Port reference"), parent),
      m_knowledge(knowledge),
      m_model(new PortResultsModel(knowledge, this)),
      m_search(new QLineEdit),
      m_count(new QLabel),
      m_results(new QTableView),
      m_card(new QTextBrowser),
      m_showConnections(new QPushButton(tr("Show connections on this port"))),
      m_capture(new QPushButton(tr("Capture this port"))),
      m_typing(new QTimer(this))
{
    setObjectName(QStringLiteral("portReferencePane"));
    m_search->setObjectName(QStringLiteral("portSearch"));
    m_search->setPlaceholderText(tr("Port, 5353/udp, 5350-5360, name or keyword"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Examples: 22 · 5353/udp · 5350-5360 · ssh · netbios · multicast · mail · encrypted"));
    m_search->setAccessibleName(tr("Search ports"));
    m_count->setObjectName(QStringLiteral("portMatchCount"));

    m_results->setObjectName(QStringLiteral("portResults"));
    m_results->setModel(m_model);
    m_results->setAccessibleName(tr("Matching ports"));
    m_results->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->verticalHeader()->hide();
    m_results->verticalHeader()->setDefaultSectionSize(m_results->fontMetrics().height() + 6); // a list, not a form
    m_results->setShowGrid(false);
    m_results->setAlternatingRowColors(true);
    m_results->setWordWrap(false);
    m_results->horizontalHeader()->setStretchLastSection(true);
    m_results->horizontalHeader()->setSectionResizeMode(PortResultsModel::PortColumn, QHeaderView::ResizeToContents);

    m_card->setObjectName(QStringLiteral("portCard"));
    m_card->setOpenLinks(false);
    m_card->setAccessibleName(tr("Port card"));
    m_card->setPlaceholderText(tr("Type a port number or a name above, then pick a result to read what it is for."));
    m_showConnections->setObjectName(QStringLiteral("showConnectionsButton"));
    m_capture->setObjectName(QStringLiteral("captureButton"));
    m_showConnections->setEnabled(false);
    m_capture->setEnabled(false);
    m_capture->setToolTip(tr("Fills the capture filter with this port; available once live capture is"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_showConnections);
    buttons->addWidget(m_capture);
    buttons->addStretch();
    auto *cardBox = new QWidget;
    auto *cardLayout = new QVBoxLayout(cardBox);
    cardLayout->setContentsMargins(0, 0, 0, 0);
    cardLayout->addWidget(m_card);
    cardLayout->addLayout(buttons);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_results);
    splitter->addWidget(cardBox);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_count);
    layout->addLayout(searchRow);
    layout->addWidget(splitter, 1);
    setWidget(content);

    // A search takes well under a millisecond; the short delay only coalesces fast typing.
    m_typing->setSingleShot(true);
    m_typing->setInterval(40);
    connect(m_typing, &QTimer::timeout, this, &PortReferencePane::runQuery);
    connect(m_search, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_typing->stop();
        runQuery();
        if (!m_current && m_model->rowCount() > 0) selectRow(0);
    });
    connect(m_results->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showCard(m_model->serviceAt(current.row())); });
    connect(m_card, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        quint16 port = 0;
        quint8 transport = 0;
        if (parsePortKey(url.toString(), port, transport)) explainPort(port, transport);
    });
    connect(m_showConnections, &QPushButton::clicked, this, [this] {
        if (m_current) emit showConnectionsRequested(m_current->port, m_current->transport);
    });
    connect(m_capture, &QPushButton::clicked, this, [this] {
        if (m_current)
            emit captureFilterRequested(QStringLiteral("port %1 and %2")
                                            .arg(m_current->port)
                                            .arg(QString::fromStdString(std::string(transportText(m_current->transport)))));
    });
}

void PortReferencePane::setLiveCaptureAvailable(bool available)
{
    m_liveCapture = available;
    m_capture->setEnabled(available && m_current && (m_current->transport == 6 || m_current->transport == 17));
}

void PortReferencePane::setQuery(const QString &query)
{
    m_search->setText(query);
    m_typing->stop();
    runQuery();
}

void PortReferencePane::explainPort(quint16 port, quint8 transport)
{
    setQuery(portKeyText(port, transport));
    const int row = m_model->rowOf(port, transport);
    if (row >= 0) selectRow(row);
    else showCard(m_knowledge.registered(port, transport));
    if (!m_current) m_card->setHtml(tr("<p>%1 is not in the IANA registry: nothing is assigned to it.</p>")
                                        .arg(portKeyText(port, transport)));
    show();
    raise();
}

void PortReferencePane::runQuery()
{
    const QString query = m_search->text();
    m_model->setQuery(query);
    const int total = m_model->totalMatches();
    m_count->setText(query.trimmed().isEmpty() ? QString()
                     : total > m_model->rowCount()
                         ? tr("%1 of %2").arg(m_model->rowCount()).arg(total)
                         : total == 1 ? tr("1 match") : tr("%1 matches").arg(total));
    // Keep the card of a port that is still listed; otherwise show the best answer's card when
    // it is an exact one, so typing "22" reads the SSH card at once.
    if (m_current) {
        const int row = m_model->rowOf(m_current->port, m_current->transport);
        if (row >= 0) {
            selectRow(row);
            return;
        }
    }
    if (m_model->rowCount() > 0 && m_model->index(0, 0).data(PortResultsModel::ExactRole).toBool()) selectRow(0);
    else showCard(nullptr);
}

void PortReferencePane::selectRow(int row)
{
    const QModelIndex index = m_model->index(row, 0);
    m_results->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_results->scrollTo(index);
    showCard(m_model->serviceAt(row));
}

void PortReferencePane::showCard(const PortService *service)
{
    m_current = service;
    m_showConnections->setEnabled(service != nullptr);
    setLiveCaptureAvailable(m_liveCapture);
    if (!service) {
        m_card->clear();
        return;
    }
    m_card->setHtml(portCardHtml(*service, m_knowledge));
}

} // namespace portlens::ui
