#pragma once
// One page of Kolada's API v3 as it is served (docs/kolada.md): a KPI list, a
// municipality list, a municipality group list or a data page, each
// {"count": N, "values": [...], "next_url": "…" | null, "previous_url": …}. Pure: text in,
// page out, or InputError naming the JSON path of the offending element (and, once
// located, the file and line). What kind of page it is follows from its elements.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace styrkort::formats::kolada {

enum class PageKind { empty, kpi, municipality, group, data };

struct Kpi {
    std::string id;
    std::string title;
    std::optional<std::string> description;
    std::optional<std::string> operating_area;
    std::optional<std::string> municipality_type;
    bool divided_by_gender = false;
    std::string path;  // JSON path in its page, for errors found later
};

struct Municipality {
    std::string id;
    std::string title;
    std::string type;  // "K" or "L"
    std::string path;
};

struct Group {
    std::string id;
    std::string title;
    std::vector<std::string> members;  // municipality ids
    std::string path;
};

struct Value {
    std::string gender;  // "T", "K" or "M"
    std::optional<double> value;
    std::optional<std::int64_t> count;
    std::string status;
    bool deleted = false;  // the element carried "isdeleted": true
};

struct DataRow {
    std::string kpi;
    std::string municipality;
    int period = 0;
    bool deleted = false;  // "isdeleted": true on the row: every gender of it is gone
    std::vector<Value> values;
    std::string path;
};

struct Page {
    PageKind kind = PageKind::empty;
    std::vector<Kpi> kpis;
    std::vector<Municipality> municipalities;
    std::vector<Group> groups;
    std::vector<DataRow> rows;
    std::optional<std::string> next_url;
};

// Throws InputError (path such as "values[3].values[1].gender", located in `file`).
Page parse_page(std::string_view text, const std::string& file);

// The file a next_url is read from when pages are imported from disk: the URL's path
// and query, without the leading '/', every character other than A–Z a–z 0–9 . , = -
// written as '_', and ".json" appended. E.g.
// https://host/v3/data/kpi/N00945/municipality/0025/year/2023?page=2&per_page=1000 →
// v3_data_kpi_N00945_municipality_0025_year_2023_page=2_per_page=1000.json
// Throws InputError when the URL has no path.
std::string file_name_for_url(std::string_view url);

// The path and query of a URL ("/v3/…?page=2"), or empty when it is not http(s)://.
std::string path_and_query(std::string_view url);

}  // namespace styrkort::formats::kolada
