// A one-line progress bar on standard error, drawn only when standard error is a terminal.
#pragma once

#include "core/analysis/analysis_pipeline.h"

#include <chrono>
#include <string>

namespace portlens::cli {

class ProgressBar {
public:
    explicit ProgressBar(std::string label);
    ~ProgressBar();

    // Redraws at most ten times a second; returns true (never cancels).
    bool update(const AnalysisProgress &progress);
    void clear();

    static bool wanted();

private:
    std::string m_label;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
    bool m_drawn = false;
};

} // namespace portlens::cli
