#pragma once
// The styrkort binary run as a child process, as a script or an operator would run it:
// in a Swedish UTF-8 locale, without the caller's STYRKORT_* settings, standard output
// and error captured in files (no pipe can fill up and block it).
#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/test_database.hpp"

namespace styrkort::testing {

struct ProcessResult {
    int status = -1;  // exit status; -1 if it did not exit normally
    int signal = 0;   // the signal that ended it, if one did
    std::string out;
    std::string err;
};

std::string describe(const ProcessResult& r);
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

class StyrkortProcess {
public:
    // Starts STYRKORT_BINARY with `args` in `dir`, with `env` ("NAME=value") added to
    // its environment; its output goes to files in `dir`.
    StyrkortProcess(const std::vector<std::string>& args, std::string dir, const std::vector<std::string>& env = {});
    ~StyrkortProcess();  // kills it (SIGKILL) if it is still running
    StyrkortProcess(const StyrkortProcess&) = delete;
    StyrkortProcess& operator=(const StyrkortProcess&) = delete;

    // Waits until standard error holds the whole line with `text` and returns what it holds then, or
    // nullopt when the process exits or the deadline passes first.
    std::optional<std::string> wait_for_error_output(const std::string& text, std::chrono::seconds deadline);
    void send_signal(int signal) const;
    // Waits for the process to end (SIGKILL after the deadline) and collects its output.
    ProcessResult wait(std::chrono::seconds deadline = std::chrono::seconds(60));
    [[nodiscard]] bool running() const { return pid_ > 0; }

private:
    bool reap(bool block);
    pid_t pid_ = -1;
    int wstatus_ = 0;
    std::string dir_;
    std::string out_path_;
    std::string err_path_;
};

// A test that runs styrkort processes: a temporary working folder and a fresh database
// of the backend under test (SQLite file or PostgreSQL schema), both removed afterwards.
class ProcessTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override;
    void TearDown() override;
    std::string dir_;
    std::unique_ptr<TestDatabase> db_;
};

// Runs styrkort to completion.
ProcessResult run_styrkort(const std::vector<std::string>& args, const std::string& dir);

}  // namespace styrkort::testing
