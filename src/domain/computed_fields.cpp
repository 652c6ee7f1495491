#include "domain/computed_fields.hpp"

#include <map>
#include <optional>

#include "domain/economy/rules.hpp"

namespace styrkort {
namespace {

namespace json = boost::json;

std::optional<long long> amount(const json::object& r, const char* name) {
    const auto* v = r.if_contains(name);
    if (v == nullptr || !v->is_int64()) return std::nullopt;
    return v->get_int64();
}

// Deviation of outcome or forecast from the budget (economy::deviation): kronor, and
// per cent to one decimal (from tenths of a per cent, so it is exactly what the exports show).
ComputedField deviation_kronor(const std::string& of) {
    return {of + "_deviation", true, "(" + of + " − budget) in whole kronor; null without " + of,
            [of](const json::object& r) -> json::value {
                auto budget = amount(r, "budget");
                auto value = amount(r, of.c_str());
                if (!budget || !value) return nullptr;
                return economy::deviation(*budget, *value).kronor;
            }};
}
ComputedField deviation_percent(const std::string& of) {
    return {of + "_deviation_percent", false,
            "(" + of + " − budget) / |budget| in per cent, one decimal; null without " + of + " or with a zero budget",
            [of](const json::object& r) -> json::value {
                auto budget = amount(r, "budget");
                auto value = amount(r, of.c_str());
                if (!budget || !value) return nullptr;
                auto d = economy::deviation(*budget, *value);
                if (!d.per_mille) return nullptr;
                return static_cast<double>(*d.per_mille) / 10.0;
            }};
}

const std::map<std::string, std::vector<ComputedField>>& all() {
    static const std::map<std::string, std::vector<ComputedField>> fields{
        {"cost_frame_line",
         {{"closing", true,
           "closing frame (UB) = opening + wage_price_index + increase + reduction + reallocation (empty counts as 0); "
           "computed, never typed; stated_closing is the UB as published",
           [](const json::object& r) -> json::value {
               auto ub = economy::closing_frame({amount(r, "opening"), amount(r, "wage_price_index"),
                                                 amount(r, "increase"), amount(r, "reduction"),
                                                 amount(r, "reallocation")});
               return ub ? json::value(*ub) : json::value(nullptr);
           }}}},
        {"budget_follow_up",
         {deviation_kronor("outcome"), deviation_kronor("forecast"), deviation_percent("outcome"),
          deviation_percent("forecast")}},
    };
    return fields;
}

}  // namespace

const std::vector<ComputedField>& computed_fields(const std::string& entity_name) {
    static const std::vector<ComputedField> none;
    auto it = all().find(entity_name);
    return it == all().end() ? none : it->second;
}

void add_computed_fields(const std::string& entity_name, json::object& record) {
    for (const auto& f : computed_fields(entity_name)) record[f.name] = f.compute(record);
}

void drop_computed_fields(const std::string& entity_name, json::value& body) {
    if (!body.is_object()) return;
    for (const auto& f : computed_fields(entity_name)) body.get_object().erase(f.name);
}

}  // namespace styrkort
