#include "ui/main/analysis_runner.h"

#include "ui/main/analysis_worker.h"

#include <QThread>

namespace portlens::ui {

AnalysisRunner::AnalysisRunner(QObject *parent) : QObject(parent) {}

AnalysisRunner::~AnalysisRunner()
{
    // Closing the window mid-analysis: stop the worker and wait for it, so it never outlives
    // the objects its signals would reach.
    // Disconnecting here, on this thread, also means the worker's thread never destroys the
    // functors of these connections (it would when it deletes the worker), which this thread
    // may have just called.
    if (m_worker) {
        m_worker->cancel();
        disconnect(m_worker, nullptr, this, nullptr);
        handOverToThread(m_worker); // its thread deletes it once it ends
    }
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
    }
}

AnalysisWorker *AnalysisRunner::startWorker()
{
    retire();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("PortLens analysis"));
    auto *worker = new AnalysisWorker(m_config);
    worker->setBatchInterval(m_batchIntervalMs);
    worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, worker, &QObject::deleteLater);

    // Capture numbers restart at 0 in each worker; offset them so they stay unique in the model.
    const int base = m_captureBase;
    connect(worker, &AnalysisWorker::captureStarted, this, [this, base](int capture, const QString &name) {
        m_capturesInRequest = std::max(m_capturesInRequest, capture + 1);
        Q_EMIT captureStarted(base + capture, name);
    });
    connect(worker, &AnalysisWorker::connectionsAvailable, this, [this, base](const ConnectionBatch &batch) {
        takeOverBatch(batch); // from the worker's thread (see connection_snapshot.h)
        if (base != 0)
            for (ConnectionSnapshot &s : *batch) s.capture = static_cast<quint16>(s.capture + base);
        Q_EMIT connectionsAvailable(batch);
    });
    connect(worker, &AnalysisWorker::progressChanged, this, &AnalysisRunner::progressChanged);
    connect(worker, &AnalysisWorker::captureProblem, this,
            [this, base](int capture, const QString &name, const QString &message, bool partial) {
                Q_EMIT captureProblem(base + capture, name, message, partial);
            });
    connect(worker, &AnalysisWorker::captureWarning, this, [this, base](int capture, const QString &name, const QString &message) {
        Q_EMIT captureWarning(base + capture, name, message);
    });
    connect(worker, &AnalysisWorker::captureFinished, this,
            [this, base](int capture, const CaptureSummary &summary) { Q_EMIT captureFinished(base + capture, summary); });
    connect(worker, &AnalysisWorker::analysisFinished, this, [this](bool cancelled) {
        m_running = false;
        m_captureBase += m_capturesInRequest;
        m_capturesInRequest = 0;
        Q_EMIT analysisFinished(cancelled);
    });
    m_worker = worker;
    m_thread->start();
    m_running = true;
    return worker;
}

void AnalysisRunner::retire()
{
    if (!m_thread) return;
    // The old worker may still be reading: cut it loose. Its thread ends when the worker's
    // current slot returns (cancel makes that quick) and then deletes both.
    m_worker->cancel();
    disconnect(m_worker, nullptr, this, nullptr);
    handOverToThread(m_worker); // its thread deletes it once it ends
    QThread *old = m_thread;
    old->setParent(nullptr);
    connect(old, &QThread::finished, old, &QObject::deleteLater);
    old->quit();
    if (m_running) {
        m_captureBase += m_capturesInRequest;
        m_capturesInRequest = 0;
    }
    m_thread = nullptr;
    m_worker = nullptr;
    m_running = false;
}

void AnalysisRunner::analyzeFiles(const QStringList &paths)
{
    AnalysisWorker *worker = startWorker();
    QMetaObject::invokeMethod(worker, [worker, paths] { worker->analyzeFiles(paths); }, Qt::QueuedConnection);
}

void AnalysisRunner::analyzeStream(int fd, const QString &name)
{
    AnalysisWorker *worker = startWorker();
    QMetaObject::invokeMethod(worker, [worker, fd, name] { worker->analyzeStream(fd, name); }, Qt::QueuedConnection);
}

void AnalysisRunner::cancel()
{
    if (m_worker) m_worker->cancel();
}

} // namespace portlens::ui
