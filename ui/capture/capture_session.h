// CaptureSession: one live capture, from Start to Stop, run by the portlens-capture helper.
//
// The GUI never captures itself: it starts the helper with QProcess (the helper alone has capture
// rights), gives it a pipe as standard output for the pcapng stream, and reads its status lines
// from standard error. The helper also writes every packet to a temporary pcapng owned by the
// session, so nothing is lost when the analysis falls behind or something fails, and "Save
// capture as" copies it. Helper faults become one clear, translated sentence (permission with the
// how-to, missing or down interface, invalid filter, crash).
//
// Integration: after started(), the analysis worker calls takeStreamFd() once and reads the
// pcapng from it on its own thread (fdopen(fd, "rb") + PacketSource::openStream), exactly as it
// reads a file. The stream ends when the helper stops.
#pragma once

#include "core/capture/helper_protocol.h"

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

class QTemporaryDir;

namespace portlens::ui {

class CaptureSession : public QObject {
    Q_OBJECT

public:
    enum class Fault {
        None,
        Permission,
        NoSuchInterface,
        InterfaceDown,
        InvalidFilter,
        Output,
        HelperMissing,
        HelperCrashed,
        Other,
    };
    Q_ENUM(Fault)

    struct Settings {
        QString interface;
        QString filter;
        int snapLength = 65535; // the helper's ring holds buffer / snap length packets
        bool promiscuous = true;
    };

    explicit CaptureSession(QObject *parent = nullptr);
    ~CaptureSession() override;

    // The helper found by findCaptureHelper(), or another program (tests run it through capsh:
    // program "capsh", leading arguments up to the helper's path).
    void setHelperCommand(const QString &program, const QStringList &leadingArguments = {});
    [[nodiscard]] QString helperProgram() const { return m_program; }

    // Starts the helper; false (and failed() emitted) when it cannot even start.
    bool start(const Settings &settings);
    // Ends the capture cleanly: the helper completes the pcapng and exits; finished() follows.
    void stop();
    [[nodiscard]] bool isRunning() const;

    // The read end of the pcapng pipe; the caller owns it from now on. -1 when taken or not running.
    int takeStreamFd();
    // The temporary pcapng the helper writes (complete once finished() was emitted).
    [[nodiscard]] QString temporaryCapturePath() const { return m_capturePath; }
    // Copies the capture to path (after finished()); false with a translated message otherwise.
    bool saveCaptureAs(const QString &path, QString *error = nullptr) const;
    [[nodiscard]] const CaptureStatistics &statistics() const { return m_stats; }
    [[nodiscard]] Fault lastFault() const { return m_fault; }

signals:
    void started(const QString &interface);             // the helper opened the interface
    void statisticsChanged(const portlens::CaptureStatistics &statistics);
    void warning(const QString &message);
    void failed(portlens::ui::CaptureSession::Fault fault, const QString &message);
    void finished(bool clean);                          // the helper exited; the capture file is complete

private:
    void readStatus();
    void handleLine(const QByteArray &line);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void fail(Fault fault, const QString &message);
    void closeStream();

    QString m_program;
    QStringList m_leadingArguments;
    QProcess *m_process = nullptr;
    std::unique_ptr<QTemporaryDir> m_directory;
    QString m_capturePath;
    QByteArray m_pendingStatus;
    int m_readFd = -1;
    bool m_stopRequested = false;
    bool m_faultReported = false;
    Fault m_fault = Fault::None;
    CaptureStatistics m_stats;
};

} // namespace portlens::ui

Q_DECLARE_METATYPE(portlens::CaptureStatistics)
