#pragma once
// Importing Kolada's pages (formats/kolada_page.hpp) into an organisation: the
// catalogue (KPIs, municipalities, groups) and the values, all or nothing, idempotent.
// A value that differs from the stored one replaces it and the old one goes to
// kolada_value_history; an element marked isdeleted removes the stored value (kept in
// the history too). Nothing is written until every page has been read and checked.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "formats/kolada_page.hpp"
#include "storage/audit.hpp"
#include "storage/sql.hpp"

namespace styrkort::formats::kolada {

// A page with where it came from (a file path or a URL) and its text, for errors.
struct SourcedPage {
    std::string source;
    std::string text;
    Page page;
};

// Reads the files and, for each, the chain of pages its next_url leads to: the file
// file_name_for_url(next_url) in the same folder (docs/kolada.md). A page reached twice
// is read once. Throws InputError naming the file and "next_url" when that file is missing.
std::vector<SourcedPage> read_page_files(const std::vector<std::string>& files);

struct ImportSummary {
    std::int64_t pages = 0;
    std::int64_t kpis_added = 0, kpis_changed = 0;
    std::int64_t municipalities_added = 0, municipalities_changed = 0;
    std::int64_t groups_added = 0, groups_changed = 0;
    std::int64_t values_added = 0, values_replaced = 0, values_deleted = 0, values_unchanged = 0;
    [[nodiscard]] bool changed_anything() const;
};

// Every data row's KPI must be in the pages or already stored (else InputError with the
// page's source and "values[i].kpi"). One audit entry when anything changed.
ImportSummary import_pages(storage::Connection& c, std::int64_t org, const std::vector<SourcedPage>& pages,
                           const storage::Actor& actor);

}  // namespace styrkort::formats::kolada
