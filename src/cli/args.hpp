#pragma once
// Command-line arguments: positionals and --name value / --name=value options.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace styrkort::cli {

class Args {
public:
    // `flags` are options without a value (e.g. --all).
    Args(const std::vector<std::string>& argv, const std::set<std::string>& flags);

    [[nodiscard]] const std::vector<std::string>& positional() const { return positional_; }
    [[nodiscard]] std::optional<std::string> option(const std::string& name) const;
    [[nodiscard]] bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    // Throws InputError naming the first option not in `known`.
    void allow_only(const std::set<std::string>& known) const;

private:
    std::vector<std::string> positional_;
    std::map<std::string, std::string> options_;
    std::set<std::string> flags_;
};

}  // namespace styrkort::cli
