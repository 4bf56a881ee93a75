#include "ui/main/analysis_status.h"

#include "ui/main/analysis_runner.h"
#include "ui/main/connection_model.h"

#include <QAction>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

namespace portlens::ui {

AnalysisStatus::AnalysisStatus(QStatusBar *bar, QAction *cancel, const ConnectionModel *model, const AnalysisRunner *runner)
    : QObject(bar), m_model(model), m_summaryLabel(new QLabel(bar)), m_progressBox(new QWidget(bar)),
      m_progressBar(new QProgressBar(m_progressBox)), m_rateLabel(new QLabel(m_progressBox)), m_bar(bar)
{
    // Permanent, so passing messages ("Copied 3 connections") never hide the counts.
    bar->addPermanentWidget(m_summaryLabel);

    auto *layout = new QHBoxLayout(m_progressBox);
    layout->setContentsMargins(0, 0, 0, 0);
    m_progressBar->setMaximumWidth(200);
    m_progressBar->setRange(0, 100);
    auto *cancelButton = new QToolButton(m_progressBox);
    cancelButton->setDefaultAction(cancel);
    cancelButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    cancelButton->setText(tr("Cancel"));
    layout->addWidget(m_rateLabel);
    layout->addWidget(m_progressBar);
    layout->addWidget(cancelButton);
    bar->addPermanentWidget(m_progressBox);
    m_progressBox->hide();

    connect(runner, &AnalysisRunner::captureStarted, this, [this](int, const QString &name) {
        m_bar->showMessage(tr("Reading %1…").arg(QFileInfo(name).fileName()));
    });
    connect(runner, &AnalysisRunner::progressChanged, this, &AnalysisStatus::showProgress);
    connect(runner, &AnalysisRunner::captureFinished, this, [this](int, const CaptureSummary &summary) { addCapture(summary); });
    connect(runner, &AnalysisRunner::analysisFinished, this, &AnalysisStatus::finish);
    connect(model, &QAbstractItemModel::rowsInserted, this, &AnalysisStatus::update);
    connect(model, &QAbstractItemModel::modelReset, this, &AnalysisStatus::update);
    connect(model, &ConnectionModel::rowsDropped, this, &AnalysisStatus::update);
    connect(model, &ConnectionModel::queueDrained, this, [this] {
        if (m_finishPending) finish(m_finishCancelled);
    });
    update();
}

void AnalysisStatus::start()
{
    m_finishPending = false;
    m_totals = {};
    m_livePackets = 0;
    m_liveEvicted = 0;
    m_progressBar->setValue(0);
    m_rateLabel->clear();
    m_progressBox->show();
    update();
}

void AnalysisStatus::clearTotals()
{
    m_totals = {};
    update();
}

void AnalysisStatus::finish(bool cancelled)
{
    m_finishPending = m_model->queuedRows() > 0; // finish once every row is in
    m_finishCancelled = cancelled;
    if (m_finishPending) return;
    m_progressBox->hide();
    m_bar->showMessage(cancelled ? tr("Stopped: the %n connection(s) analysed so far are shown.", "", m_model->rowCount())
                                 : tr("Analysis finished."),
                       8000);
    update();
    Q_EMIT finished(cancelled);
}

void AnalysisStatus::showProgress(const AnalysisProgressInfo &progress)
{
    m_livePackets = progress.packets;
    m_liveEvicted = progress.evicted;
    if (progress.percent < 0) m_progressBar->setRange(0, 0);
    else {
        m_progressBar->setRange(0, 100);
        m_progressBar->setValue(progress.percent);
    }
    const QLocale locale;
    m_rateLabel->setText(tr("%1 packets, %2 packets/s")
                             .arg(locale.toString(progress.packets))
                             .arg(locale.toString(static_cast<qulonglong>(progress.packetsPerSecond))));
    update();
}

void AnalysisStatus::addCapture(const CaptureSummary &summary)
{
    m_totals.packets += summary.packets;
    m_totals.wireBytes += summary.wireBytes;
    m_totals.connections += summary.connections;
    m_totals.flagged += summary.flagged;
    m_totals.evicted += summary.evicted;
    m_totals.notIp += summary.notIp;
    m_livePackets = 0;
    m_liveEvicted = 0;
    update();
}

void AnalysisStatus::update()
{
    const QLocale locale;
    const quint64 packets = m_totals.packets + m_livePackets;
    QString text = tr("Packets: %1 · Connections: %2 · Flagged: %3 · Evicted: %4")
                       .arg(locale.toString(packets))
                       .arg(locale.toString(m_model->rowCount()))
                       .arg(locale.toString(m_model->flaggedCount()))
                       .arg(locale.toString(m_totals.evicted + m_liveEvicted));
    if (m_totals.notIp) text += tr(" · Not TCP/UDP: %1 packets").arg(locale.toString(m_totals.notIp));
    if (const quint64 dropped = m_model->droppedRows()) {
        text += m_model->droppedFlagged() ? tr(" · Not shown (table full at %1): %2, %3 of them flagged")
                                                .arg(locale.toString(static_cast<qulonglong>(m_model->rowLimit())),
                                                     locale.toString(dropped), locale.toString(m_model->droppedFlagged()))
                                          : tr(" · Not shown (table full at %1): %2")
                                                .arg(locale.toString(static_cast<qulonglong>(m_model->rowLimit())),
                                                     locale.toString(dropped));
    }
    m_summaryLabel->setText(text);
}

QString AnalysisStatus::summaryText() const { return m_summaryLabel->text(); }

} // namespace portlens::ui
