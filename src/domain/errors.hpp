#pragma once
// The error rule of Styrkort: failures are exceptions, thrown where they are found and
// caught only at the boundaries (HTTP handler, CLI command, import job), which turn them
// into a 4xx/5xx JSON error or a message and exit status. Nothing else catches them.
// "Not found" on a lookup is not a failure and is returned as std::optional.
#include <optional>
#include <stdexcept>
#include <string>

#include "domain/text.hpp"

namespace styrkort {

// Bad input from a user or a file: names where (path, line) and why, in both languages.
class InputError : public std::runtime_error {
public:
    InputError(std::string path, Text why, std::string code = "invalid")
        : std::runtime_error(path.empty() ? why.en : path + ": " + why.en),
          path_(std::move(path)),
          why_(std::move(why)),
          code_(std::move(code)) {}

    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] const Text& why() const { return why_; }
    [[nodiscard]] const std::string& code() const { return code_; }
    [[nodiscard]] std::optional<int> line() const { return line_; }
    [[nodiscard]] const std::string& file() const { return file_; }

    // Files add where the error is, once the JSON path is known.
    void locate(std::string file, std::optional<int> line) {
        file_ = std::move(file);
        line_ = line;
    }
    // Nested validators prefix the path of the object they validated.
    void prefix_path(const std::string& outer) {
        path_ = path_.empty() ? outer : (path_.front() == '[' ? outer + path_ : outer + "." + path_);
    }
    [[nodiscard]] std::string describe(Language lang) const;

private:
    std::string path_;
    Text why_;
    std::string code_;
    std::string file_;
    std::optional<int> line_;
};

// The thing asked for does not exist (in this organisation).
class NotFound : public std::runtime_error {
public:
    explicit NotFound(Text what) : std::runtime_error(what.en), what_(std::move(what)) {}
    [[nodiscard]] const Text& what_text() const { return what_; }

private:
    Text what_;
};

// The request is well-formed but clashes with the stored state (duplicate key,
// deleting something still referred to).
class Conflict : public std::runtime_error {
public:
    explicit Conflict(Text what) : std::runtime_error(what.en), what_(std::move(what)) {}
    [[nodiscard]] const Text& what_text() const { return what_; }

private:
    Text what_;
};

// The database or the environment failed; not the user's fault.
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace styrkort
