#pragma once
// Runs an external program (the PDF and DOCX renderers) as a child process: arguments
// passed as a list, never through a shell, in a process group of its own that is killed
// whole when it takes longer than allowed.
#include <chrono>
#include <string>
#include <vector>

namespace styrkort::reports {

struct ChildResult {
    int status = -1;         // exit status; -1 when it did not exit normally
    bool timed_out = false;  // killed after the timeout
    bool not_found = false;  // the program does not exist on PATH
    std::string output;      // the end of its standard output and error, for messages
};

// `argv[0]` is looked up on PATH. `env` ("NAME=value") is added to this process's
// environment. Standard input is /dev/null; output goes to `log_path` in a folder the
// caller owns.
ChildResult run_child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                      std::chrono::milliseconds timeout, const std::string& log_path);

// True when `program` is found on PATH and executable.
bool on_path(const std::string& program);

}  // namespace styrkort::reports
