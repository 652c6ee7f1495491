#include "api/workflow_guard.hpp"

#include "domain/errors.hpp"
#include "domain/workflow/frozen_plan.hpp"
#include "storage/workflow_store.hpp"

namespace styrkort::api {
namespace {

using storage::Id;
using storage::Record;

workflow::State state_of(const Record& plan) {
    const auto* s = plan.if_contains("status");
    return s && s->is_string() ? workflow::parse_state(std::string(s->as_string())).value_or(workflow::State::draft)
                               : workflow::State::draft;
}

// The plan a record of plan content belongs to.
std::optional<Record> plan_of(storage::Connection& c, const Entity& e, Id org, const Record& r) {
    storage::RecordStore store(c);
    const Entity* cur_e = &e;
    Record cur = r;
    for (int depth = 0; depth < 16; ++depth) {
        if (cur_e->name == "plan") return cur;
        const Field* parent = cur_e->parent();
        if (parent == nullptr) return std::nullopt;
        const auto* id = cur.if_contains(parent->name);
        if (id == nullptr || !id->is_int64()) return std::nullopt;
        auto next = store.find(entity(parent->target), org, id->as_int64());
        if (!next) return std::nullopt;
        cur_e = &entity(parent->target);
        cur = std::move(*next);
    }
    return std::nullopt;
}

void refuse_if_frozen(const Record& plan, Id org) {
    auto state = state_of(plan);
    if (!workflow::plan_frozen(state)) return;
    throw Conflict(workflow::frozen_plan_message(std::string(plan.at("key").as_string()), state, std::to_string(org),
                                                 plan.at("id").as_int64()));
}

void check_plan(const Record* before, const Record* after, Id org, const auth::Principal* p) {
    if (before) refuse_if_frozen(*before, org);
    if (!after) return;
    auto to = state_of(*after);
    if (!before) {
        // The operator may register a plan decided elsewhere, as a plan file import does.
        if (to != workflow::State::draft && !(p && p->installation_admin())) {
            throw InputError("status",
                             {"en ny plan börjar som utkast (draft); den skickas in och godkänns genom arbetsflödet",
                              "a new plan starts as a draft; it is submitted and approved through the workflow"},
                             "workflow");
        }
        return;
    }
    if (to != state_of(*before)) {
        auto id = std::to_string(before->at("id").as_int64());
        auto base = "/api/v1/organisations/" + std::to_string(org) + "/plans/" + id;
        throw InputError("status",
                         {"ändras bara genom arbetsflödet: POST " + base + "/submit, /approve, /return, /withdraw, /reopen",
                          "changes only through the workflow: POST " + base + "/submit, /approve, /return, /withdraw, /reopen"},
                         "workflow");
    }
}

void check_followup(storage::Connection& c, const Entity& e, Id org, const Record& r) {
    const auto* year = r.if_contains("year");
    const auto* point = r.if_contains("point");
    if (!year || !point || !year->is_int64() || !point->is_string()) return;
    auto unit = auth::owning_unit(c, e, org, r);
    if (!unit) return;
    auto report = storage::WorkflowStore(c).report_for(org, *unit, year->as_int64(), std::string(point->as_string()));
    if (!report || !workflow::followup_locked(report->state)) return;
    auto period = std::to_string(report->year) + " " + report->point;
    auto id = std::to_string(report->id);
    // The unit by its name, as the person reading the message knows it.
    auto names = c.query("SELECT name FROM org_unit WHERE org_id = ? AND id = ?", {org, *unit});
    auto unit_name = names.empty() ? "enhet " + std::to_string(*unit) : storage::as_text(names[0][0]);
    throw Conflict(
        {"uppföljningsrapporten " + id + " för " + unit_name + " " + period + " är " +
             workflow::state_label(report->state).sv + "; " + e.label_sv + " kan inte ändras" +
             (report->state == workflow::State::submitted
                  ? " förrän rapporten dras tillbaka eller återsänds"
                  : " (den godkända uppföljningen är en allmän handling)"),
         "the follow-up report " + id + " of " + (names.empty() ? "unit " + std::to_string(*unit) : unit_name) + " " + period + " is " +
             workflow::state_label(report->state).en + "; the " + e.label_en + " cannot change" +
             (report->state == workflow::State::submitted ? " until the report is withdrawn or returned"
                                                          : " (approved follow-up is a public record)")});
}

}  // namespace

void check_workflow_write(storage::Connection& c, const Entity& e, Id org, const Record* before, const Record* after,
                          const auth::Principal* principal) {
    if (e.name == "plan") {
        check_plan(before, after, org, principal);
        return;
    }
    if (e.period_bound) {
        if (before) check_followup(c, e, org, *before);
        if (after) check_followup(c, e, org, *after);
        return;
    }
    if (!workflow::is_plan_content(e)) return;
    for (const Record* r : {before, after}) {
        if (r == nullptr || workflow::open_in_frozen_plan(e, *r)) continue;
        if (auto plan = plan_of(c, e, org, *r)) refuse_if_frozen(*plan, org);
    }
}

}  // namespace styrkort::api
