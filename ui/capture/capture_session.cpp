#include "ui/capture/capture_session.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>

#include <fcntl.h>
#include <unistd.h>

namespace portlens::ui {

namespace {

CaptureSession::Fault faultFor(HelperErrorKind kind)
{
    switch (kind) {
    case HelperErrorKind::Permission: return CaptureSession::Fault::Permission;
    case HelperErrorKind::NoSuchInterface: return CaptureSession::Fault::NoSuchInterface;
    case HelperErrorKind::InterfaceDown: return CaptureSession::Fault::InterfaceDown;
    case HelperErrorKind::InvalidFilter: return CaptureSession::Fault::InvalidFilter;
    case HelperErrorKind::Output: return CaptureSession::Fault::Output;
    case HelperErrorKind::Other: break;
    }
    return CaptureSession::Fault::Other;
}

} // namespace

CaptureSession::CaptureSession(QObject *parent)
    : QObject(parent)
    , m_program(QString::fromStdString(findCaptureHelper()))
{
    qRegisterMetaType<portlens::CaptureStatistics>();
}

CaptureSession::~CaptureSession()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_stopRequested = true;
        m_process->terminate();
        if (!m_process->waitForFinished(3000)) m_process->kill();
        m_process->waitForFinished(1000);
    }
    closeStream();
}

void CaptureSession::setHelperCommand(const QString &program, const QStringList &leadingArguments)
{
    m_program = program;
    m_leadingArguments = leadingArguments;
}

bool CaptureSession::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

void CaptureSession::closeStream()
{
    if (m_readFd >= 0) ::close(m_readFd);
    m_readFd = -1;
}

int CaptureSession::takeStreamFd()
{
    const int fd = m_readFd;
    m_readFd = -1;
    return fd;
}

void CaptureSession::fail(Fault fault, const QString &message)
{
    if (m_faultReported) return;
    m_faultReported = true;
    m_fault = fault;
    emit failed(fault, message);
}

bool CaptureSession::start(const Settings &settings)
{
    if (isRunning()) return false;
    m_fault = Fault::None;
    m_faultReported = false;
    m_stopRequested = false;
    m_stats = {};
    m_pendingStatus.clear();
    closeStream();
    if (m_program.isEmpty()) {
        fail(Fault::HelperMissing, tr("The capture helper portlens-capture was not found. Reinstall PortLens, or set "
                                      "PORTLENS_CAPTURE_HELPER to its path."));
        return false;
    }
    m_directory = std::make_unique<QTemporaryDir>();
    if (!m_directory->isValid()) {
        fail(Fault::Output, tr("No temporary folder for the capture: %1").arg(m_directory->errorString()));
        return false;
    }
    m_capturePath = m_directory->filePath(QStringLiteral("%1-%2.pcapng")
                                              .arg(settings.interface,
                                                   QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        fail(Fault::Other, tr("Cannot create a pipe for the capture."));
        return false;
    }
    m_readFd = fds[0];
    const int writeFd = fds[1];

    QStringList arguments = m_leadingArguments;
    arguments << QStringLiteral("-i") << settings.interface << QStringLiteral("-s") << QString::number(settings.snapLength)
              << QStringLiteral("-w") << m_capturePath << QStringLiteral("-w") << QStringLiteral("-");
    if (!settings.filter.trimmed().isEmpty()) arguments << QStringLiteral("-f") << settings.filter.trimmed();
    if (!settings.promiscuous) arguments << QStringLiteral("-p");

    delete m_process;
    m_process = new QProcess(this);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    // Runs in the child after QProcess has set up its standard channels: the pipe becomes stdout.
    m_process->setChildProcessModifier([writeFd] { ::dup2(writeFd, STDOUT_FILENO); });
    connect(m_process, &QProcess::readyReadStandardError, this, &CaptureSession::readStatus);
    connect(m_process, &QProcess::finished, this, &CaptureSession::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(Fault::HelperMissing,
                 tr("The capture helper %1 could not be started: %2").arg(m_program, m_process->errorString()));
    });
    m_process->start(m_program, arguments);
    ::close(writeFd); // the helper holds the only write end: its exit ends the stream
    if (!m_process->waitForStarted(5000)) {
        closeStream();
        return false;
    }
    return true;
}

void CaptureSession::stop()
{
    if (!isRunning()) return;
    m_stopRequested = true;
    m_process->terminate(); // SIGTERM: the helper ends the pcapng with its statistics
}

void CaptureSession::readStatus()
{
    m_pendingStatus += m_process->readAllStandardError();
    qsizetype newline;
    while ((newline = m_pendingStatus.indexOf('\n')) >= 0) {
        handleLine(m_pendingStatus.left(newline));
        m_pendingStatus.remove(0, newline + 1);
    }
}

void CaptureSession::handleLine(const QByteArray &line)
{
    const HelperMessage message = parseHelperLine(std::string_view(line.constData(), std::size_t(line.size())));
    const QString text = QString::fromStdString(message.text);
    switch (message.type) {
    case HelperMessage::Type::Ready: emit started(QString::fromStdString(message.fields.at(0))); break;
    case HelperMessage::Type::Stats:
        m_stats = message.stats;
        emit statisticsChanged(m_stats);
        break;
    case HelperMessage::Type::Warning: emit warning(text); break;
    case HelperMessage::Type::Error: {
        const Fault fault = faultFor(message.errorKind);
        QString sentence;
        switch (fault) {
        case Fault::Permission:
            sentence = tr("No permission to capture: %1.").arg(text) + QLatin1Char('\n') +
                       QCoreApplication::translate("CaptureHelper", helperPermissionHowTo()).arg(m_program);
            break;
        case Fault::NoSuchInterface: sentence = tr("The interface is missing: %1.").arg(text); break;
        case Fault::InterfaceDown:
            sentence = tr("%1. The packets captured so far are kept.").arg(text);
            break;
        case Fault::InvalidFilter: sentence = tr("The capture filter is not valid: %1").arg(text); break;
        case Fault::Output: sentence = tr("The capture could not be written: %1").arg(text); break;
        default: sentence = tr("The capture failed: %1").arg(text); break;
        }
        fail(fault, sentence);
        break;
    }
    case HelperMessage::Type::Unknown:
        if (!text.isEmpty()) emit warning(text);
        break;
    default: break;
    }
}

void CaptureSession::onFinished(int exitCode, QProcess::ExitStatus status)
{
    readStatus();
    if (!m_pendingStatus.isEmpty()) handleLine(m_pendingStatus);
    m_pendingStatus.clear();
    const bool killedByUs = m_stopRequested && status == QProcess::CrashExit;
    if (status == QProcess::CrashExit && !killedByUs) {
        fail(Fault::HelperCrashed, tr("The capture helper stopped unexpectedly. The packets captured until then are "
                                      "kept and can be saved."));
    } else if (status == QProcess::NormalExit && exitCode != HelperOk && !m_faultReported) {
        fail(Fault::Other, tr("The capture helper failed (exit code %1).").arg(exitCode));
    }
    emit finished(!m_faultReported);
}

bool CaptureSession::saveCaptureAs(const QString &path, QString *error) const
{
    auto failWith = [error](const QString &why) {
        if (error) *error = why;
        return false;
    };
    if (isRunning()) return failWith(tr("Stop the capture before saving it."));
    if (m_capturePath.isEmpty() || !QFile::exists(m_capturePath)) return failWith(tr("There is no capture to save."));
    if (QFile::exists(path) && !QFile::remove(path)) return failWith(tr("Cannot replace %1.").arg(path));
    QFile source(m_capturePath);
    if (!source.copy(path)) return failWith(tr("Cannot save the capture to %1: %2").arg(path, source.errorString()));
    return true;
}

} // namespace portlens::ui
