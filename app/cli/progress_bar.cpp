#include "app/cli/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace portlens::cli {

ProgressBar::ProgressBar(std::string label)
    : m_label(std::move(label))
    , m_start(std::chrono::steady_clock::now())
{
}

ProgressBar::~ProgressBar()
{
    clear();
}

bool ProgressBar::wanted()
{
    return isatty(STDERR_FILENO) == 1;
}

bool ProgressBar::update(const AnalysisProgress &progress)
{
    const auto now = std::chrono::steady_clock::now();
    if (m_drawn && now - m_lastDraw < std::chrono::milliseconds(100))
        return true;
    m_lastDraw = now;
    m_drawn = true;
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const double rate = seconds > 0 ? static_cast<double>(progress.packets) / seconds : 0;
    constexpr int kWidth = 30;
    const double fraction = progress.totalBytes > 0
                                ? std::min(1.0, static_cast<double>(progress.bytesRead) / static_cast<double>(progress.totalBytes))
                                : 0.0;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '.');
    std::fprintf(stderr, "\r%s [%s] %3.0f%%  %llu packets  %.0f packets/s  %zu open connections\x1b[K",
                 m_label.c_str(), bar.c_str(), fraction * 100, static_cast<unsigned long long>(progress.packets), rate,
                 progress.activeConnections);
    std::fflush(stderr);
    return true;
}

void ProgressBar::clear()
{
    if (!m_drawn)
        return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    m_drawn = false;
}

} // namespace portlens::cli
