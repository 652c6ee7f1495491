#include "process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace styrkort::testing {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::string describe(const ProcessResult& r) {
    return "exit " + std::to_string(r.status) + (r.signal ? " (signal " + std::to_string(r.signal) + ")" : "") +
           "\nstdout: " + r.out.substr(0, 2000) + "\nstderr: " + r.err.substr(0, 2000);
}

namespace {

std::vector<std::string> child_environment() {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry(*e);
        if (entry.rfind("LC_ALL=", 0) == 0 || entry.rfind("LANG=", 0) == 0 || entry.rfind("STYRKORT_", 0) == 0) continue;
        env.push_back(entry);
    }
    env.emplace_back("LC_ALL=C.UTF-8");
    env.emplace_back("LANG=C.UTF-8");
    return env;
}

std::vector<char*> c_strings(std::vector<std::string>& texts) {
    std::vector<char*> out;
    for (auto& t : texts) out.push_back(t.data());
    out.push_back(nullptr);
    return out;
}

// Several processes run at once in one test: each gets its own output files.
std::string next_suffix() {
    static std::atomic<int> counter{0};
    return std::to_string(counter++);
}

}  // namespace

StyrkortProcess::StyrkortProcess(const std::vector<std::string>& args, std::string dir,
                                 const std::vector<std::string>& env)
    : dir_(std::move(dir)) {
    std::vector<std::string> argv_text{STYRKORT_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    auto env_text = child_environment();
    env_text.insert(env_text.end(), env.begin(), env.end());
    auto argv = c_strings(argv_text);
    auto envp = c_strings(env_text);

    auto suffix = next_suffix();
    out_path_ = dir_ + "/stdout-" + suffix + ".txt";
    err_path_ = dir_ + "/stderr-" + suffix + ".txt";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addchdir_np(&actions, dir_.c_str());
    int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error(std::string("posix_spawn failed: ") + std::strerror(rc));
}

StyrkortProcess::~StyrkortProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        reap(true);
    }
}

bool StyrkortProcess::reap(bool block) {
    while (true) {
        pid_t r = waitpid(pid_, &wstatus_, block ? 0 : WNOHANG);
        if (r == pid_) {
            pid_ = -1;
            return true;
        }
        if (r == 0) return false;
        if (errno != EINTR) throw std::runtime_error("waitpid failed");
    }
}

std::optional<std::string> StyrkortProcess::wait_for_error_output(const std::string& text,
                                                                  std::chrono::seconds deadline) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
        auto err = read_text(err_path_);
        // stderr is unbuffered, so a line may arrive in pieces: wait until it is whole.
        auto at = err.find(text);
        if (at != std::string::npos && err.find('\n', at) != std::string::npos) return err;
        if (pid_ <= 0 || reap(false)) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::nullopt;
}

void StyrkortProcess::send_signal(int signal) const {
    if (pid_ > 0) kill(pid_, signal);
}

ProcessResult StyrkortProcess::wait(std::chrono::seconds deadline) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (pid_ > 0 && !reap(false)) {
        if (std::chrono::steady_clock::now() >= until) {
            kill(pid_, SIGKILL);
            reap(true);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ProcessResult r;
    r.status = WIFEXITED(wstatus_) ? WEXITSTATUS(wstatus_) : -1;
    r.signal = WIFSIGNALED(wstatus_) ? WTERMSIG(wstatus_) : 0;
    r.out = read_text(out_path_);
    r.err = read_text(err_path_);
    return r;
}

void ProcessTest::SetUp() {
    dir_ = make_temp_dir();
    db_ = std::make_unique<TestDatabase>(GetParam());
}

void ProcessTest::TearDown() {
    db_.reset();
    std::filesystem::remove_all(dir_);
}

ProcessResult run_styrkort(const std::vector<std::string>& args, const std::string& dir) {
    StyrkortProcess process(args, dir);
    return process.wait(std::chrono::seconds(600));
}

}  // namespace styrkort::testing
