#pragma once
// The plan file (docs/plan-format.md): whole plans with their organisation and org
// tree, as JSON that round-trips byte for byte.
#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/audit.hpp"
#include "storage/sql.hpp"

namespace styrkort::formats {

inline constexpr std::string_view plan_file_format = "styrkort-plan";
inline constexpr int plan_file_version = 1;

struct ExportSelection {
    std::optional<std::string> organisation;  // key; none = every organisation
    std::vector<std::string> plans;           // keys; empty = every plan (and every unit)
};

// Throws NotFound for an organisation or plan key that does not exist.
boost::json::value export_plans(storage::Connection& c, const ExportSelection& selection);

struct ImportSummary {
    int organisations_created = 0;
    int units_created = 0;
    int units_updated = 0;
    std::vector<std::string> plans;          // keys of the plans imported
    std::map<std::string, int> items;        // per plan-file collection, e.g. "activities": 55
};

// Imports every organisation, unit and plan in the file on the caller's transaction;
// throws InputError located at file:line for the first problem (the caller rolls back).
ImportSummary import_plans(storage::Connection& c, std::string_view text, const std::string& file_name,
                           const storage::Actor& actor);

}  // namespace styrkort::formats
