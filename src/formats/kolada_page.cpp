#include "formats/kolada_page.hpp"

#include <boost/json.hpp>

#include <set>

#include "domain/errors.hpp"
#include "json/read.hpp"

namespace styrkort::formats::kolada {
namespace {

namespace bj = boost::json;

[[noreturn]] void fail(const std::string& path, Text why, const char* code = "invalid") {
    throw InputError(path, std::move(why), code);
}

const bj::object& object_at(const bj::value& v, const std::string& path) {
    if (!v.is_object()) fail(path, {"ska vara ett objekt", "must be an object"});
    return v.get_object();
}

const bj::value* member(const bj::object& o, std::string_view name) {
    auto it = o.find(name);
    return it == o.end() ? nullptr : &it->value();
}

// Kolada's ids are short codes ("N00945", "0025", "G124033"): anything else is not one.
std::string id_at(const bj::object& o, std::string_view name, const std::string& path) {
    auto where = path + "." + std::string(name);
    const auto* v = member(o, name);
    if (!v) fail(where, {"saknas", "is missing"}, "required");
    if (!v->is_string()) fail(where, {"ska vara en text (ett id)", "must be a string (an id)"});
    std::string id(v->get_string());
    bool ok = !id.empty() && id.size() <= 64;
    for (char ch : id) {
        ok = ok && ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-');
    }
    if (!ok) fail(where, {"är inget giltigt id (1–64 tecken A–Z, a–z, 0–9, _ eller -)",
                          "is not a valid id (1–64 characters A–Z, a–z, 0–9, _ or -)"});
    return id;
}

std::optional<std::string> optional_text(const bj::object& o, std::string_view name, const std::string& path) {
    const auto* v = member(o, name);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_string()) fail(path + "." + std::string(name), {"ska vara en text", "must be a string"});
    return std::string(v->get_string());
}

std::string required_text(const bj::object& o, std::string_view name, const std::string& path) {
    auto text = optional_text(o, name, path);
    if (!text || text->empty()) fail(path + "." + std::string(name), {"saknas", "is missing"}, "required");
    return *text;
}

bool optional_bool(const bj::object& o, std::string_view name, const std::string& path) {
    const auto* v = member(o, name);
    if (!v || v->is_null()) return false;
    if (!v->is_bool()) fail(path + "." + std::string(name), {"ska vara true eller false", "must be true or false"});
    return v->get_bool();
}

std::optional<std::int64_t> optional_integer(const bj::object& o, std::string_view name, const std::string& path) {
    const auto* v = member(o, name);
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return static_cast<std::int64_t>(v->get_uint64());
    }
    fail(path + "." + std::string(name), {"ska vara ett heltal", "must be an integer"});
}

Kpi read_kpi(const bj::value& v, const std::string& path) {
    const auto& o = object_at(v, path);
    Kpi k;
    k.path = path;
    k.id = id_at(o, "id", path);
    k.title = required_text(o, "title", path);
    k.description = optional_text(o, "description", path);
    k.operating_area = optional_text(o, "operating_area", path);
    k.municipality_type = optional_text(o, "municipality_type", path);
    k.divided_by_gender = optional_bool(o, "is_divided_by_gender", path);
    return k;
}

Municipality read_municipality(const bj::value& v, const std::string& path) {
    const auto& o = object_at(v, path);
    Municipality m;
    m.path = path;
    m.id = id_at(o, "id", path);
    m.title = required_text(o, "title", path);
    m.type = required_text(o, "type", path);
    if (m.type != "K" && m.type != "L") {
        fail(path + ".type", {"ska vara K (kommun) eller L (region)", "must be K (municipality) or L (region)"});
    }
    return m;
}

Group read_group(const bj::value& v, const std::string& path) {
    const auto& o = object_at(v, path);
    Group g;
    g.path = path;
    g.id = id_at(o, "id", path);
    g.title = required_text(o, "title", path);
    const auto* members = member(o, "members");
    if (!members || !members->is_array()) {
        fail(path + ".members", {"ska vara en lista av kommuner", "must be a list of municipalities"});
    }
    std::set<std::string> seen;
    std::size_t i = 0;
    for (const auto& m : members->get_array()) {
        auto at = path + ".members[" + std::to_string(i++) + "]";
        auto id = id_at(object_at(m, at), "id", at);
        if (seen.insert(id).second) g.members.push_back(id);
    }
    return g;
}

Value read_value(const bj::value& v, const std::string& path) {
    const auto& o = object_at(v, path);
    Value out;
    auto gender = required_text(o, "gender", path);
    if (gender != "T" && gender != "K" && gender != "M") {
        fail(path + ".gender", {"ska vara T (totalt), K (kvinnor) eller M (män)", "must be T (total), K (women) or M (men)"});
    }
    out.gender = gender;
    if (const auto* value = member(o, "value"); value && !value->is_null()) {
        if (!value->is_number()) fail(path + ".value", {"ska vara ett tal eller null", "must be a number or null"});
        out.value = value->to_number<double>();
    }
    out.count = optional_integer(o, "count", path);
    out.status = optional_text(o, "status", path).value_or("");
    out.deleted = optional_bool(o, "isdeleted", path);
    return out;
}

DataRow read_row(const bj::value& v, const std::string& path) {
    const auto& o = object_at(v, path);
    DataRow r;
    r.path = path;
    r.kpi = id_at(o, "kpi", path);
    r.municipality = id_at(o, "municipality", path);
    auto period = optional_integer(o, "period", path);
    if (!period) fail(path + ".period", {"saknas", "is missing"}, "required");
    if (*period < 1900 || *period > 2200) fail(path + ".period", {"ska vara ett år (1900–2200)", "must be a year (1900–2200)"});
    r.period = static_cast<int>(*period);
    r.deleted = optional_bool(o, "isdeleted", path);
    const auto* values = member(o, "values");
    if (!values || !values->is_array()) {
        if (r.deleted && !values) return r;  // a deleted row may come without its values
        fail(path + ".values", {"ska vara en lista av värden", "must be a list of values"});
    }
    std::set<std::string> genders;
    std::size_t i = 0;
    for (const auto& value : values->get_array()) {
        auto at = path + ".values[" + std::to_string(i++) + "]";
        auto read = read_value(value, at);
        if (!genders.insert(read.gender).second) {
            fail(at + ".gender", {"samma kön förekommer två gånger i raden", "the same gender occurs twice in the row"},
                 "duplicate");
        }
        r.values.push_back(std::move(read));
    }
    return r;
}

PageKind kind_of(const bj::value& first) {
    if (!first.is_object()) return PageKind::kpi;  // read_kpi names the problem
    const auto& o = first.get_object();
    if (o.contains("period") || o.contains("kpi")) return PageKind::data;
    if (o.contains("members")) return PageKind::group;
    if (o.contains("type")) return PageKind::municipality;
    return PageKind::kpi;
}

Page parse_document(const bj::value& doc) {
    const auto& top = object_at(doc, "");
    Page page;
    const auto* values = member(top, "values");
    if (!values) fail("values", {"saknas: en sida från Koladas API v3 har en lista values", "is missing: a page of Kolada's API v3 has a list values"}, "required");
    if (!values->is_array()) fail("values", {"ska vara en lista", "must be a list"});
    if (const auto* next = member(top, "next_url"); next && !next->is_null()) {
        if (!next->is_string()) fail("next_url", {"ska vara en URL eller null", "must be a URL or null"});
        page.next_url = std::string(next->get_string());
        if (page.next_url->empty()) page.next_url.reset();
    }
    if (auto count = optional_integer(top, "count", ""); count && *count < 0) {
        fail("count", {"kan inte vara negativt", "cannot be negative"});
    }
    const auto& list = values->get_array();
    if (list.empty()) return page;
    page.kind = kind_of(list.front());
    std::set<std::string> seen;
    auto once = [&](const std::string& key, const std::string& path) {
        if (!seen.insert(key).second) fail(path, {"förekommer två gånger på sidan", "occurs twice on the page"}, "duplicate");
    };
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto path = "values[" + std::to_string(i) + "]";
        switch (page.kind) {
            case PageKind::kpi:
                page.kpis.push_back(read_kpi(list[i], path));
                once(page.kpis.back().id, path + ".id");
                break;
            case PageKind::municipality:
                page.municipalities.push_back(read_municipality(list[i], path));
                once(page.municipalities.back().id, path + ".id");
                break;
            case PageKind::group:
                page.groups.push_back(read_group(list[i], path));
                once(page.groups.back().id, path + ".id");
                break;
            case PageKind::data: {
                page.rows.push_back(read_row(list[i], path));
                const auto& r = page.rows.back();
                once(r.kpi + '\x1f' + r.municipality + '\x1f' + std::to_string(r.period), path);
                break;
            }
            case PageKind::empty:
                break;
        }
    }
    return page;
}

}  // namespace

Page parse_page(std::string_view text, const std::string& file) {
    try {
        return parse_document(json_text::parse(text));
    } catch (InputError& e) {
        e.locate(file, e.line() ? e.line() : json_text::line_of_path(text, e.path()));
        throw;
    }
}

std::string path_and_query(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    auto s = url.substr(0, scheme);
    if (s != "http" && s != "https") return {};
    auto rest = url.substr(scheme + 3);
    auto slash = rest.find_first_of("/?");
    if (slash == std::string_view::npos) return {};
    auto out = std::string(rest.substr(slash));
    if (auto hash = out.find('#'); hash != std::string::npos) out.erase(hash);
    if (out.front() == '?') out.insert(out.begin(), '/');
    return out;
}

std::string file_name_for_url(std::string_view url) {
    auto pq = path_and_query(url);
    if (pq.size() <= 1) {
        fail("next_url", {"är ingen http(s)-URL med en sökväg", "is not an http(s) URL with a path"});
    }
    std::string name;
    for (char ch : std::string_view(pq).substr(1)) {
        bool keep = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                    ch == ',' || ch == '=' || ch == '-';
        name += keep ? ch : '_';
    }
    if (name.size() > 200) name.resize(200);  // file systems stop at 255 bytes
    return name + ".json";
}

}  // namespace styrkort::formats::kolada
