#include "storage/reporting_period_store.hpp"

#include "domain/errors.hpp"
#include "domain/reporting/completeness.hpp"
#include "domain/schema.hpp"
#include "storage/completeness_reader.hpp"
#include "storage/followup_carry.hpp"
#include "storage/record_store.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;

Record period_record(Connection& c, Id org, Id id) {
    auto found = RecordStore(c).find(entity("reporting_period"), org, id);
    if (!found) {
        throw NotFound({"rapporteringsperiod " + std::to_string(id) + " finns inte",
                        "reporting period " + std::to_string(id) + " does not exist"});
    }
    return std::move(*found);
}

void set_status(Connection& c, Id org, Id id, const std::string& status) {
    c.execute("UPDATE reporting_period SET status = ?, row_version = row_version + 1 WHERE org_id = ? AND id = ?",
              {status, org, id});
}

}  // namespace

json::array unsubmitted_json(const std::vector<Unsubmitted>& list) {
    json::array out;
    for (const auto& u : list) {
        out.push_back(json::object{{"unit_id", u.unit},
                                   {"key", u.key},
                                   {"name", u.name},
                                   {"state", u.state},
                                   {"report_id", u.report ? json::value(*u.report) : json::value(nullptr)}});
    }
    return out;
}

json::object to_json(const CloseOutcome& o) {
    return {{"period", o.period}, {"closed", o.closed}, {"forced", o.forced}, {"unsubmitted", unsubmitted_json(o.unsubmitted)}};
}

std::vector<Unsubmitted> unsubmitted_reports(Connection& c, Id org, Id period) {
    std::vector<Unsubmitted> out;
    auto roots = c.query("SELECT id FROM org_unit WHERE org_id = ? AND parent_id IS NULL ORDER BY position, id", {org});
    for (const auto& root : roots) {
        auto result = completeness_of(c, org, period, std::to_string(as_int(root[0])));
        for (const auto& u : result.units) {
            const auto& report = u.parts.at(reporting::Part::report);
            if (report.required > 0 && report.done < report.required) {
                out.push_back({u.id, u.key, u.name, u.report_state, u.report_id});
            }
        }
    }
    return out;
}

json::object open_period(Connection& c, Id org, Id period, const Actor& actor) {
    auto before = period_record(c, org, period);
    bool already_open = before.at("status") == "open";
    if (!already_open) set_status(c, org, period, "open");

    // The plans in force that year which replaced an earlier version: what was added to
    // the earlier version since comes over (followup_carry.hpp).
    json::object carried;
    auto year = before.at("year").as_int64();
    for (const auto& r : c.query("SELECT p.id, p.key, v.previous_plan_id FROM plan p JOIN plan_version v ON "
                                 "v.org_id = p.org_id AND v.plan_id = p.id JOIN plan prev ON prev.org_id = v.org_id AND "
                                 "prev.id = v.previous_plan_id WHERE p.org_id = ? AND p.status = 'approved' AND "
                                 "prev.status = 'archived' AND p.first_year <= ? AND p.last_year >= ? ORDER BY p.position, p.id",
                                 {org, year, year})) {
        auto moved = carry_followup(c, org, as_int(r[2]), as_int(r[0]));
        carried[as_text(r[1])] = to_json(moved);
    }
    auto after = period_record(c, org, period);
    json::object logged{{"period", after}, {"carried", carried}};
    auto audit_id = append_audit(c, org, actor, "open", "reporting_period", period, before, logged);
    // Reopening a closed period is a correction of it (docs/followup.md).
    if (before.at("status") == "closed") {
        append_corrections(c, org, audit_id, {PeriodRef{year, std::string(before.at("point").as_string())}});
    }
    return {{"period", std::move(after)}, {"carried", std::move(carried)}, {"already_open", already_open}};
}

CloseOutcome close_period(Connection& c, Id org, Id period, bool force, const std::string& comment, const Actor& actor) {
    auto before = period_record(c, org, period);
    if (before.at("status") == "closed") {
        throw Conflict({"rapporteringsperioden " + std::to_string(period) + " är redan stängd",
                        "the reporting period " + std::to_string(period) + " is already closed"});
    }
    CloseOutcome out;
    out.unsubmitted = unsubmitted_reports(c, org, period);
    out.period = before;
    if (!out.unsubmitted.empty() && !force) return out;
    set_status(c, org, period, "closed");
    out.closed = true;
    out.forced = force && !out.unsubmitted.empty();
    out.period = period_record(c, org, period);
    json::object logged{{"period", out.period}, {"forced", out.forced}, {"unsubmitted", unsubmitted_json(out.unsubmitted)}};
    if (!comment.empty()) logged["comment"] = comment;
    append_audit(c, org, actor, out.forced ? "force_close" : "close", "reporting_period", period, before, logged);
    return out;
}

}  // namespace styrkort::storage
