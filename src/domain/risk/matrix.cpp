#include "domain/risk/matrix.hpp"

namespace styrkort::risk {

namespace json = boost::json;

namespace {

std::optional<int> int_field(const json::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    if (v == nullptr || !v->is_int64()) return std::nullopt;
    return static_cast<int>(v->as_int64());
}

void labels_from(const json::object& o, const char* name, std::array<std::string, scale_steps>& out) {
    const auto* v = o.if_contains(name);
    if (v == nullptr || !v->is_array() || v->as_array().size() != scale_steps) return;
    for (std::size_t i = 0; i < scale_steps; ++i) {
        if (v->as_array()[i].is_string()) out[i] = std::string(v->as_array()[i].get_string());
    }
}

void text_from(const json::object& o, const char* name, std::string& out) {
    const auto* v = o.if_contains(name);
    if (v != nullptr && v->is_string() && !v->get_string().empty()) out = std::string(v->get_string());
}

}  // namespace

const RiskScale& default_scale() {
    static const RiskScale scale{{"Osannolik", "Mindre sannolik", "Möjlig", "Sannolik"},
                                 {"Försumbar", "Lindrig", "Kännbar", "Allvarlig"},
                                 9,
                                 "Kräver inte särskild åtgärd",
                                 "Kräver åtgärder för att minimera risker"};
    return scale;
}

RiskScale scale_from(const json::object* matrix) {
    RiskScale s = default_scale();
    if (matrix == nullptr) return s;
    labels_from(*matrix, "probability_labels", s.probability_labels);
    labels_from(*matrix, "consequence_labels", s.consequence_labels);
    if (auto t = int_field(*matrix, "action_threshold")) s.action_threshold = *t;
    text_from(*matrix, "below_label", s.below_label);
    text_from(*matrix, "at_or_above_label", s.at_or_above_label);
    return s;
}

int risk_value(int probability, int consequence) { return probability * consequence; }

bool requires_action(const RiskScale& scale, int value) { return value >= scale.action_threshold; }

int Assessment::residual_value() const {
    return has_residual() ? risk_value(*residual_probability, *residual_consequence) : value();
}

Assessment assessment_of(const json::object& risk) {
    Assessment a;
    a.probability = int_field(risk, "probability").value_or(1);
    a.consequence = int_field(risk, "consequence").value_or(1);
    a.residual_probability = int_field(risk, "residual_probability");
    a.residual_consequence = int_field(risk, "residual_consequence");
    return a;
}

HeatMap heat_map(const std::vector<Assessment>& risks, const RiskScale& scale) {
    HeatMap m;
    auto in_scale = [](int v) { return v >= 1 && v <= scale_steps; };
    for (const auto& r : risks) {
        if (!in_scale(r.probability) || !in_scale(r.consequence)) continue;
        ++m.before[r.probability - 1][r.consequence - 1];
        if (requires_action(scale, r.value())) ++m.requiring_action_before;
        int p = r.has_residual() ? *r.residual_probability : r.probability;
        int c = r.has_residual() ? *r.residual_consequence : r.consequence;
        if (!in_scale(p) || !in_scale(c)) continue;
        ++m.after[p - 1][c - 1];
        if (requires_action(scale, r.residual_value())) ++m.requiring_action_after;
    }
    return m;
}

bool is_risk_content(const Entity& e) {
    return e.name == "risk_matrix" || e.name == "risk" || e.name == "internal_control_plan" ||
           e.name == "control_point" || e.name == "risk_action";
}

}  // namespace styrkort::risk
