// HelperProcess: runs portlens-capture as a child (for the CLI and tests; the GUI uses QProcess)
// with its pcapng on one pipe and its status lines on another, read by a small thread.
#pragma once

#include "core/capture/helper_protocol.h"

#include <sys/types.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace portlens {

class HelperProcess {
public:
    using StatusCallback = std::function<void(const HelperMessage &)>;

    // Starts helper with arguments; onStatus is called from the reader thread for every line.
    // nullptr and a message in error when the program cannot be started.
    static std::unique_ptr<HelperProcess> start(const std::string &helper, const std::vector<std::string> &arguments,
                                                StatusCallback onStatus, std::string &error);
    ~HelperProcess();
    HelperProcess(const HelperProcess &) = delete;
    HelperProcess &operator=(const HelperProcess &) = delete;

    // The pcapng stream; the caller takes ownership (PacketSource::openStream closes it).
    std::FILE *takeStream();
    // Asks the helper to stop (SIGTERM): it finishes the pcapng and exits.
    void stop();
    // Waits for the helper and its status lines; returns the exit code, or 128 + signal.
    int wait();
    [[nodiscard]] pid_t pid() const { return m_pid; }

private:
    HelperProcess() = default;

    pid_t m_pid = -1;
    std::FILE *m_stream = nullptr;
    int m_statusFd = -1;
    std::thread m_statusReader;
    int m_exitCode = -1;
};

} // namespace portlens
