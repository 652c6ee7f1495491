// The cross-field rules of the risk entities (matrix.hpp): what one field allows of
// another, found without the database.
#include "domain/errors.hpp"
#include "domain/risk/matrix.hpp"

namespace styrkort::risk {

namespace json = boost::json;

namespace {

bool present(const json::object& r, const char* name) {
    const auto* v = r.if_contains(name);
    if (v == nullptr || v->is_null()) return false;
    return !v->is_array() || !v->as_array().empty();
}

void four_or_none(const json::object& r, const char* name) {
    const auto* v = r.if_contains(name);
    if (v == nullptr || !v->is_array() || v->as_array().empty() || v->as_array().size() == scale_steps) return;
    throw InputError(name, {"ska ha fyra steg (1–4) eller inga", "must have four steps (1–4) or none"}, "length");
}

void matrix_rules(const json::object& r) {
    four_or_none(r, "probability_labels");
    four_or_none(r, "consequence_labels");
}

void risk_rules(const json::object& r) {
    bool p = present(r, "residual_probability"), c = present(r, "residual_consequence");
    if (p != c) {
        throw InputError(p ? "residual_consequence" : "residual_probability",
                         {"kvarvarande risk anges med både sannolikhet och konsekvens efter åtgärder",
                          "a residual risk needs both probability and consequence after actions"},
                         "required");
    }
}

void action_rules(const json::object& r) {
    std::string kind(r.at("kind").as_string());
    for (const char* k : {"activity", "assignment", "control_point"}) {
        std::string field = std::string(k) + "_id";
        bool set = present(r, field.c_str());
        if (k == kind && !set) {
            throw InputError(field, {"krävs när åtgärden är av typen " + kind, "is required when the action is of kind " + kind},
                             "required");
        }
        if (k != kind && set) {
            throw InputError(field, {"hör inte till en åtgärd av typen " + kind + " (en åtgärd pekar på en sak)",
                                     "does not belong to an action of kind " + kind + " (an action points to one thing)"},
                             "exclusive");
        }
    }
}

void result_rules(const json::object& r) {
    bool done = r.at("performed").as_string() == "done";
    if (done && !present(r, "outcome")) {
        throw InputError("outcome", {"krävs när kontrollen är genomförd (avvikelse eller ingen avvikelse)",
                                     "is required when the control was done (deviation or no deviation)"},
                         "required");
    }
    if (!done && present(r, "outcome")) {
        throw InputError("outcome", {"kan inte anges för en kontroll som inte är genomförd",
                                     "cannot be given for a control that was not done"},
                         "exclusive");
    }
}

void deviation_action_rules(const json::object& r) {
    if (r.at("action_status").as_string() == "closed" && !present(r, "closed_date")) {
        throw InputError("closed_date", {"krävs när åtgärden är stängd", "is required when the action is closed"},
                         "required");
    }
}

}  // namespace

void check_risk_record_rules(const Entity& e, const json::object& r) {
    if (e.name == "risk_matrix") matrix_rules(r);
    if (e.name == "risk") risk_rules(r);
    if (e.name == "risk_action") action_rules(r);
    if (e.name == "control_result") result_rules(r);
    if (e.name == "deviation_action") deviation_action_rules(r);
}

}  // namespace styrkort::risk
