#pragma once
// Small readers of the plan-file JSON that several rule families need.
#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>

namespace styrkort::checks {

const boost::json::array& items(const boost::json::object& o, const char* name);
std::string text_of(const boost::json::object& o, const char* name);  // "" for null/absent
std::optional<long long> int_of(const boost::json::object& o, const char* name);

// Units of the organisation by key, with their parent key.
class UnitTree {
public:
    explicit UnitTree(const boost::json::object& organisation);
    [[nodiscard]] const boost::json::object* find(const std::string& key) const;
    // True when `unit` is `ancestor` or below it.
    [[nodiscard]] bool within(const std::string& unit, const std::string& ancestor) const;

private:
    std::map<std::string, const boost::json::object*> by_key_;
};

// "p2025:a1" names an item of another plan; keys of this plan have no colon.
inline bool is_foreign_key(const std::string& key) { return key.find(':') != std::string::npos; }

}  // namespace styrkort::checks
