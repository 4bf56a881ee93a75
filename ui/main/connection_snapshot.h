// ConnectionSnapshot: one connection as the GUI sees it, a plain value handed from the analysis
// thread to the GUI thread. The worker moves the pipeline's judged rows into snapshots; after the
// hand-off nothing is shared, so the GUI never touches the worker's flow table.
#pragma once

#include "core/flow/connection.h"
#include "core/verdict/verdict.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <vector>

// ThreadSanitizer builds (preset tsan) get the two annotations below.
#if defined(__SANITIZE_THREAD__)
#define PORTLENS_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PORTLENS_THREAD_SANITIZER 1
#endif
#endif
#ifdef PORTLENS_THREAD_SANITIZER
#include <sanitizer/tsan_interface.h>
#endif

namespace portlens::ui {

struct ConnectionSnapshot {
    Connection connection;              // with its kept payload (for the details and payload views)
    // The pipeline's verdict, whole (kind, severity, reason, notes, the port's service): the
    // table, details pane, export and training rows show it as it is; nothing judges again.
    Verdict verdict;
    bool open = false;                  // still open when taken: later batches update it
    quint16 capture = 0;                // which capture it came from (AnalysisWorker's numbering)
    QString process;                    // live capture: the local program owning it ("" if none or a file)
};

// Batches travel as one shared pointer, so a queued signal copies a pointer, not thousands of
// payloads. The receiver may move the rows out when it holds the only reference.
using ConnectionBatch = std::shared_ptr<std::vector<ConnectionSnapshot>>;

// An object handed from one thread to another through Qt (a queued signal, a thread told to
// quit that then deletes its worker): Qt orders the two sides with its own mutexes, which
// ThreadSanitizer cannot see (Qt's libraries are not built with it), so the sending side marks
// the hand-over and the receiving side takes it. No code in other builds.
inline void handOverToThread([[maybe_unused]] const void *object)
{
#ifdef PORTLENS_THREAD_SANITIZER
    __tsan_release(const_cast<void *>(object));
#endif
}
inline void takeOverFromThread([[maybe_unused]] const void *object)
{
#ifdef PORTLENS_THREAD_SANITIZER
    __tsan_acquire(const_cast<void *>(object));
#endif
}
// A batch is filled on the worker thread and read on the GUI thread after a queued signal;
// nothing else is shared.
inline void handOverBatch(const ConnectionBatch &batch) { handOverToThread(batch.get()); }
inline void takeOverBatch(const ConnectionBatch &batch) { takeOverFromThread(batch.get()); }

// Progress of a running analysis, across all files of the request.
struct AnalysisProgressInfo {
    int percent = -1;                   // -1 when unknown (a pipe)
    double packetsPerSecond = 0;
    quint64 packets = 0;                // so far, all files of the request
    quint64 bytesRead = 0;
    quint64 evicted = 0;                // by the flow cap so far, in the capture being read
    QString currentName;
};

// What one capture contributed, for the status bar summary.
struct CaptureSummary {
    quint64 packets = 0;
    quint64 wireBytes = 0;
    quint64 connections = 0;
    quint64 flagged = 0;
    quint64 evicted = 0;                // pushed out by the flow cap (memory bound)
    quint64 notIp = 0;                  // ICMP, fragments, non-IP, malformed: not connections
};

} // namespace portlens::ui

Q_DECLARE_METATYPE(portlens::ui::ConnectionBatch)
Q_DECLARE_METATYPE(portlens::ui::AnalysisProgressInfo)
Q_DECLARE_METATYPE(portlens::ui::CaptureSummary)
