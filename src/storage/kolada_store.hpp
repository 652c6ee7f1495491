#pragma once
// Reading Kolada's data as stored (migration 0016, docs/kolada.md) and the link of a
// measure to a Kolada KPI. The writes of an import are in formats/kolada_import.
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "storage/audit.hpp"
#include "storage/sql.hpp"

namespace styrkort::storage::kolada {

struct KpiInfo {
    std::string id;
    std::string title;
    std::optional<std::string> description;
    std::optional<std::string> operating_area;
    bool divided_by_gender = false;
};

struct MunicipalityInfo {
    std::string id;
    std::string title;
    std::string type;  // K or L
};

struct StoredValue {
    std::string kpi;
    std::string municipality;
    int period = 0;
    std::string gender;  // T, K, M
    std::optional<double> value;
    std::optional<std::int64_t> count;
    std::string status;
};

std::optional<KpiInfo> find_kpi(Connection& c, Id org, const std::string& id);
std::optional<MunicipalityInfo> find_municipality(Connection& c, Id org, const std::string& id);
std::vector<MunicipalityInfo> municipalities_of_type(Connection& c, Id org, const std::string& type);
// The group's members (municipality ids); nullopt when the group is not stored.
std::optional<std::vector<std::string>> group_members(Connection& c, Id org, const std::string& group);
std::optional<std::string> group_title(Connection& c, Id org, const std::string& group);

// KPIs whose id or title contains `query` (case-insensitive for ASCII), by id.
std::vector<KpiInfo> search_kpis(Connection& c, Id org, const std::string& query, int limit);

// Values of one KPI, ordered by municipality, period, gender. Empty `municipalities`
// means all; `year` limits to one period.
std::vector<StoredValue> values(Connection& c, Id org, const std::string& kpi,
                                const std::vector<std::string>& municipalities, std::optional<int> year);

// How many earlier versions a value has (kolada_value_history).
std::int64_t history_count(Connection& c, Id org, const std::string& kpi, const std::string& municipality);

struct Link {
    Id measure_id = 0;
    std::string kpi;
    std::string municipality;          // the organisation itself in Kolada (0025: Region Norrbotten)
    std::optional<std::string> group;  // the chosen jämförelsegrupp
    std::int64_t row_version = 1;
};

std::optional<Link> find_link(Connection& c, Id org, Id measure);
// Creates or changes the link (audited); the KPI must be in the catalogue and the group,
// when given, among the stored groups (else InputError), the measure in the organisation (NotFound).
Link set_link(Connection& c, Id org, Id measure, const std::string& kpi, const std::string& municipality,
              const std::optional<std::string>& group, const Actor& actor);
// Removes the link (audited); false when there was none.
bool remove_link(Connection& c, Id org, Id measure, const Actor& actor);
// A new plan version's measures take the links of the measures they were copied from
// (plan_lineage); the caller audits the new version as a whole.
void copy_links(Connection& c, Id org, Id new_plan);

}  // namespace styrkort::storage::kolada

namespace styrkort::storage::kolada {

// The comparison of a linked measure (docs/kolada.md, "Comparison"): the raw Kolada
// values of the organisation, the nation, every region and the group's members (with
// the source line "Källa: Kolada"), the processed figures per period and gender (rank,
// percentile, difference to the nation, group mean, trend; their source is Styrkort's
// computation, never Kolada), the measure's own outcomes and targets, and each target
// "I nivå med riket" judged against the nation's value of the same period.
// `group` overrides the link's group. NotFound when the measure has no link.
boost::json::object comparison(Connection& c, Id org, Id measure, const std::optional<std::string>& group);

}  // namespace styrkort::storage::kolada
