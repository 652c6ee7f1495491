#pragma once
// A progress bar on standard error for long imports: a bar and the per cent of the
// input read, rows done and rows per second, redrawn in place (\r) a few times a
// second. Only on a terminal; elsewhere (a log, a pipe) it prints nothing.
#include <chrono>
#include <cstdint>
#include <ostream>

namespace styrkort::cli {

class ProgressBar {
public:
    // `total_bytes` 0 = unknown (no bar, rows and rate only).
    ProgressBar(std::ostream& out, bool terminal, std::uint64_t total_bytes, bool english);
    void update(std::int64_t rows, std::uint64_t bytes);
    void finish(std::int64_t rows, std::uint64_t bytes);  // the last state, and a line break

private:
    void draw(std::int64_t rows, std::uint64_t bytes);
    std::ostream& out_;
    bool terminal_;
    std::uint64_t total_;
    bool english_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace styrkort::cli
