#include "cli/args.hpp"

#include "domain/errors.hpp"

namespace styrkort::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const auto& a = argv[i];
        if (a.size() < 3 || a.rfind("--", 0) != 0) {
            positional_.push_back(a);
            continue;
        }
        auto eq = a.find('=');
        auto name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
        if (flags.count(name)) {
            if (eq != std::string::npos) {
                throw InputError("--" + name, {"tar inget värde", "takes no value"}, "usage");
            }
            flags_.insert(name);
        } else if (eq != std::string::npos) {
            options_[name] = a.substr(eq + 1);
        } else if (i + 1 < argv.size()) {
            options_[name] = argv[++i];
        } else {
            throw InputError("--" + name, {"saknar värde", "needs a value"}, "usage");
        }
    }
}

std::optional<std::string> Args::option(const std::string& name) const {
    auto it = options_.find(name);
    if (it == options_.end()) return std::nullopt;
    return it->second;
}

void Args::allow_only(const std::set<std::string>& known) const {
    for (const auto& [name, value] : options_) {
        if (!known.count(name)) throw InputError("--" + name, {"är ingen känd flagga här", "is not an option here"}, "usage");
    }
    for (const auto& name : flags_) {
        if (!known.count(name)) throw InputError("--" + name, {"är ingen känd flagga här", "is not an option here"}, "usage");
    }
}

}  // namespace styrkort::cli
