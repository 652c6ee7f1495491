#include "domain/checks/plan_access.hpp"

namespace styrkort::checks {

namespace json = boost::json;

const json::array& items(const json::object& o, const char* name) {
    static const json::array none;
    const auto* v = o.if_contains(name);
    return v != nullptr && v->is_array() ? v->get_array() : none;
}

std::string text_of(const json::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string{};
}

std::optional<long long> int_of(const json::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    if (v == nullptr || !v->is_number()) return std::nullopt;
    return v->to_number<long long>();
}

UnitTree::UnitTree(const json::object& organisation) {
    for (const auto& u : items(organisation, "units")) {
        const auto& unit = u.as_object();
        by_key_[text_of(unit, "key")] = &unit;
    }
}

const json::object* UnitTree::find(const std::string& key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? nullptr : it->second;
}

bool UnitTree::within(const std::string& unit, const std::string& ancestor) const {
    std::string at = unit;
    for (std::size_t depth = 0; depth <= by_key_.size() && !at.empty(); ++depth) {
        if (at == ancestor) return true;
        const auto* u = find(at);
        if (u == nullptr) return false;
        at = text_of(*u, "parent");
    }
    return false;
}

}  // namespace styrkort::checks
