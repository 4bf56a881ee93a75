// The connections a training card shows: one simple row per connection, so the main window can
// hand over the open capture's connections (from its model) without training mode knowing the
// connection table. Without an open capture, connectionsFromCapture() analyses a file itself
// (the bundled sample capture) through the core, as `portlens-cli analyze` does.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace portlens {
struct Connection;
struct Verdict;
} // namespace portlens

namespace portlens::ui {


struct TrainingConnection {
    quint16 port = 0;        // the server's port
    quint8 transport = 0;    // 6 TCP, 17 UDP
    QString endpoints;       // "192.0.2.10:50000 → 198.51.100.1:22"
    QString protocol;        // detected protocol, empty if none
    QString verdict;         // verdict kind and reason, one line
    bool flagged = false;    // mismatch, unexpected content or a warning: shown first
    QByteArray evidence;     // the payload bytes around the evidence (what the detector saw)
    int evidenceOffset = 0;  // where the evidence starts in `evidence`
    int evidenceLength = 0;  // how many bytes of it are the evidence (0: none)
    QString evidenceText;    // the detector's sentence about them
};

// One analysed connection as a training row (the main window converts its model's rows).
TrainingConnection trainingConnection(const Connection &connection, const Verdict &verdict);

// Analyses a pcap or pcapng file with detection and verdicts; empty with error on failure.
QList<TrainingConnection> connectionsFromCapture(const QString &path, QString *error = nullptr);

} // namespace portlens::ui
