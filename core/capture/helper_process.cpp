#include "core/capture/helper_process.h"

#include "core/util/error_text.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace portlens {

std::unique_ptr<HelperProcess> HelperProcess::start(const std::string &helper, const std::vector<std::string> &arguments,
                                                    StatusCallback onStatus, std::string &error)
{
    int streamPipe[2];
    int statusPipe[2];
    if (::pipe2(streamPipe, O_CLOEXEC) != 0) {
        error = std::string("cannot create a pipe: ") + errorText(errno);
        return nullptr;
    }
    if (::pipe2(statusPipe, O_CLOEXEC) != 0) {
        error = std::string("cannot create a pipe: ") + errorText(errno);
        ::close(streamPipe[0]);
        ::close(streamPipe[1]);
        return nullptr;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, streamPipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, statusPipe[1], STDERR_FILENO);

    std::vector<std::string> storage;
    storage.reserve(arguments.size() + 1);
    storage.push_back(helper);
    storage.insert(storage.end(), arguments.begin(), arguments.end());
    std::vector<char *> argv;
    argv.reserve(storage.size() + 1);
    for (std::string &s : storage) argv.push_back(s.data());
    argv.push_back(nullptr);

    pid_t pid = -1;
    const int spawnError = posix_spawn(&pid, helper.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(streamPipe[1]);
    ::close(statusPipe[1]);
    if (spawnError != 0) {
        error = "cannot start " + helper + ": " + errorText(spawnError);
        ::close(streamPipe[0]);
        ::close(statusPipe[0]);
        return nullptr;
    }
    std::unique_ptr<HelperProcess> process(new HelperProcess);
    process->m_pid = pid;
    process->m_stream = ::fdopen(streamPipe[0], "rb");
    process->m_statusFd = statusPipe[0];
    process->m_statusReader = std::thread([fd = statusPipe[0], callback = std::move(onStatus)] {
        std::string pending;
        char buffer[4096];
        while (true) {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            pending.append(buffer, static_cast<std::size_t>(n));
            std::size_t newline;
            while ((newline = pending.find('\n')) != std::string::npos) {
                if (callback) callback(parseHelperLine(std::string_view(pending).substr(0, newline)));
                pending.erase(0, newline + 1);
            }
        }
        if (!pending.empty() && callback) callback(parseHelperLine(pending));
    });
    return process;
}

HelperProcess::~HelperProcess()
{
    if (m_pid > 0 && m_exitCode < 0) {
        stop();
        wait();
    }
    if (m_statusReader.joinable()) m_statusReader.join();
    if (m_statusFd >= 0) ::close(m_statusFd);
    if (m_stream) std::fclose(m_stream);
}

std::FILE *HelperProcess::takeStream()
{
    std::FILE *stream = m_stream;
    m_stream = nullptr;
    return stream;
}

void HelperProcess::stop()
{
    if (m_pid > 0 && m_exitCode < 0) ::kill(m_pid, SIGTERM);
}

int HelperProcess::wait()
{
    if (m_exitCode >= 0) return m_exitCode;
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (m_statusReader.joinable()) m_statusReader.join();
    return m_exitCode;
}

} // namespace portlens
