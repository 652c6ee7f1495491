#include "cli/progress_bar.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace styrkort::cli {

ProgressBar::ProgressBar(std::ostream& out, bool terminal, std::uint64_t total_bytes, bool english)
    : out_(out), terminal_(terminal), total_(total_bytes), english_(english) {}

void ProgressBar::update(std::int64_t rows, std::uint64_t bytes) {
    if (!terminal_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;  // a few redraws a second is enough
    last_ = now;
    draw(rows, bytes);
}

void ProgressBar::finish(std::int64_t rows, std::uint64_t bytes) {
    if (!terminal_) return;
    draw(rows, bytes);
    out_ << '\n' << std::flush;
}

void ProgressBar::draw(std::int64_t rows, std::uint64_t bytes) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    auto rate = seconds > 0 ? static_cast<long long>(static_cast<double>(rows) / seconds) : 0LL;
    std::string line = "\r";
    if (total_ > 0) {
        constexpr int width = 30;
        auto percent = static_cast<int>(std::min<std::uint64_t>(100, bytes * 100 / total_));
        int filled = percent * width / 100;
        line += "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(width - filled), '.') + "] ";
        char p[8];
        std::snprintf(p, sizeof p, "%3d %%", percent);
        line += p;
        line += "  ";
    }
    line += std::to_string(rows) + (english_ ? " rows, " : " rader, ") + std::to_string(rate) +
            (english_ ? " rows/s" : " rader/s");
    out_ << line << "\x1b[K" << std::flush;  // erase what a longer previous line left
}

}  // namespace styrkort::cli
