#include "domain/validation.hpp"

#include <cmath>
#include <set>

#include "domain/errors.hpp"
#include "domain/reminders/rules.hpp"
#include "domain/risk/matrix.hpp"
#include "domain/plan_markdown.hpp"

namespace styrkort {
namespace {

namespace json = boost::json;

constexpr std::size_t max_string_bytes = 4000;
constexpr std::size_t max_text_bytes = 1'000'000;
constexpr std::size_t max_list_items = 1000;

Text expected(const char* sv, const char* en) { return {std::string("måste vara ") + sv, std::string("must be ") + en}; }

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

std::optional<long long> as_integer(const json::value& v) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return static_cast<long long>(v.get_uint64());
    }
    if (v.is_double()) {
        double d = v.get_double();
        if (d >= -9.0e15 && d <= 9.0e15 && d == static_cast<double>(static_cast<long long>(d))) {
            return static_cast<long long>(d);
        }
    }
    return std::nullopt;
}

json::value check_string(const Field& f, const json::value& v, std::size_t limit) {
    if (!v.is_string()) throw InputError(f.name, expected("en text", "a string"), "type");
    const auto& s = v.get_string();
    if (s.size() > limit) {
        throw InputError(f.name, {"är för lång (högst " + std::to_string(limit) + " byte)",
                                  "is too long (at most " + std::to_string(limit) + " bytes)"},
                         "too_long");
    }
    if (f.required && s.find_first_not_of(" \t\r\n") == json::string::npos) {
        throw InputError(f.name, {"får inte vara tom", "must not be empty"}, "required");
    }
    if (f.type == FieldType::string && s.find_first_of("\r\n") != json::string::npos) {
        throw InputError(f.name, {"får inte innehålla radbrytningar", "must not contain line breaks"});
    }
    return v;
}

long long check_integer(const Field& f, const json::value& v, const std::string& path) {
    auto i = as_integer(v);
    if (!i) throw InputError(path, expected("ett heltal", "an integer"), "type");
    if ((f.min && *i < *f.min) || (f.max && *i > *f.max)) {
        throw InputError(path, {"måste vara mellan " + std::to_string(*f.min) + " och " + std::to_string(*f.max),
                                "must be between " + std::to_string(*f.min) + " and " + std::to_string(*f.max)},
                         "range");
    }
    return *i;
}

// Money is whole kronor: 1250.5 is refused rather than rounded, so no öre is lost or
// invented on the way in. Bounded so that sums of many amounts cannot overflow.
long long check_amount(const Field& f, const json::value& v) {
    constexpr long long limit = 1'000'000'000'000'000;  // 10^15 kr, far above any budget
    bool fractional = v.is_double() && std::isfinite(v.get_double()) &&
                      v.get_double() != static_cast<double>(static_cast<long long>(v.get_double()));
    if (fractional) {
        throw InputError(f.name, {"måste vara ett belopp i hela kronor (inga decimaler)",
                                  "must be an amount in whole kronor (no decimals)"},
                         "amount_decimals");
    }
    auto i = as_integer(v);
    if (!i) throw InputError(f.name, expected("ett belopp i hela kronor (heltal)", "an amount in whole kronor (an integer)"), "type");
    if (*i > limit || *i < -limit) {
        throw InputError(f.name, {"är orimligt stort (högst 10^15 kr)", "is unreasonably large (at most 10^15 kr)"}, "range");
    }
    return *i;
}

const std::string& check_choice(const Field& f, const json::value& v, const std::string& path) {
    static const std::string none;
    if (!v.is_string()) throw InputError(path, expected("en text", "a string"), "type");
    for (const auto& c : f.choices) {
        if (c == v.get_string()) return c;
    }
    throw InputError(path, {"måste vara en av " + join(f.choices), "must be one of " + join(f.choices)}, "choice");
}

long long check_id(const json::value& v, const std::string& path) {
    auto i = as_integer(v);
    if (!i || *i <= 0) throw InputError(path, expected("ett id (positivt heltal)", "an id (a positive integer)"), "type");
    return *i;
}

const json::array& check_array(const Field& f, const json::value& v) {
    if (!v.is_array()) throw InputError(f.name, expected("en lista", "an array"), "type");
    if (v.get_array().size() > max_list_items) {
        throw InputError(f.name, {"har för många element", "has too many items"}, "too_long");
    }
    return v.get_array();
}

template <typename T>
void require_distinct(std::set<T>& seen, const T& item, const std::string& path) {
    if (!seen.insert(item).second) throw InputError(path, {"förekommer två gånger", "occurs twice"}, "duplicate");
}

json::value normalize_value(const Field& f, const json::value& v) {
    switch (f.type) {
        case FieldType::key:
            if (!v.is_string() || !is_valid_key(std::string(v.get_string()))) {
                throw InputError(f.name,
                                 {"måste vara 1–100 tecken av a–z, 0–9, '.', '_' och '-' och börja med bokstav eller siffra",
                                  "must be 1–100 characters of a–z, 0–9, '.', '_' and '-', starting with a letter or digit"},
                                 "key");
            }
            return v;
        case FieldType::string: return check_string(f, v, max_string_bytes);
        case FieldType::text: return check_string(f, v, max_text_bytes);
        case FieldType::integer: return check_integer(f, v, f.name);
        case FieldType::number:
            if (!v.is_number() || !std::isfinite(v.to_number<double>())) {
                throw InputError(f.name, expected("ett ändligt tal", "a finite number"), "type");
            }
            return json::value(v.to_number<double>());
        case FieldType::amount: return check_amount(f, v);
        case FieldType::date:
            if (!v.is_string() || !is_valid_date(std::string(v.get_string()))) {
                throw InputError(f.name, expected("ett datum ÅÅÅÅ-MM-DD", "a date YYYY-MM-DD"), "date");
            }
            return v;
        case FieldType::choice: return json::value(check_choice(f, v, f.name));
        case FieldType::ref: return check_id(v, f.name);
        case FieldType::ref_list: {
            json::array out;
            std::set<long long> seen;
            const auto& items = check_array(f, v);
            for (std::size_t i = 0; i < items.size(); ++i) {
                auto path = f.name + "[" + std::to_string(i) + "]";
                auto id = check_id(items[i], path);
                require_distinct(seen, id, path);
                out.push_back(id);
            }
            return out;
        }
        case FieldType::string_list: {
            const auto& items = check_array(f, v);
            Field item = f;
            item.type = FieldType::string;
            item.required = true;
            for (std::size_t i = 0; i < items.size(); ++i) {
                try {
                    check_string(item, items[i], max_string_bytes);
                } catch (InputError& e) {
                    throw InputError(f.name + "[" + std::to_string(i) + "]", e.why(), e.code());
                }
            }
            return items;
        }
        case FieldType::choice_list: {
            json::array out;
            std::set<std::string> seen;
            const auto& items = check_array(f, v);
            for (std::size_t i = 0; i < items.size(); ++i) {
                auto path = f.name + "[" + std::to_string(i) + "]";
                const auto& c = check_choice(f, items[i], path);
                require_distinct(seen, c, path);
                out.push_back(json::value(c));
            }
            return out;
        }
        case FieldType::integer_list: {
            json::array out;
            std::set<long long> seen;
            const auto& items = check_array(f, v);
            for (std::size_t i = 0; i < items.size(); ++i) {
                auto path = f.name + "[" + std::to_string(i) + "]";
                auto n = check_integer(f, items[i], path);
                require_distinct(seen, n, path);
                out.push_back(n);
            }
            return out;
        }
    }
    return v;
}

bool is_list(FieldType t) {
    return t == FieldType::ref_list || t == FieldType::string_list || t == FieldType::choice_list ||
           t == FieldType::integer_list;
}

}  // namespace

json::object normalize_record(const Entity& entity, const json::value& input) {
    if (!input.is_object()) throw InputError("", expected("ett JSON-objekt", "a JSON object"), "type");
    const auto& in = input.get_object();
    for (const auto& [name, value] : in) {
        std::string n(name);
        if (entity.field(n) == nullptr && n != "position" && !is_read_only_field(n)) {
            throw InputError(n, {"är inget fält i " + entity.label_sv, "is not a field of " + entity.label_en},
                             "unknown_field");
        }
    }
    json::object out;
    for (const auto& f : entity.fields) {
        const auto* v = in.if_contains(f.name);
        if ((v == nullptr || v->is_null()) && !f.default_value.empty()) {
            out[f.name] = f.default_value;
            continue;
        }
        if (v == nullptr || v->is_null()) {
            if (f.required) throw InputError(f.name, {"saknas", "is required"}, "required");
            out[f.name] = is_list(f.type) ? json::value(json::array{}) : json::value(nullptr);
            continue;
        }
        out[f.name] = normalize_value(f, *v);
    }
    if (const auto* p = in.if_contains("position"); p != nullptr && !p->is_null()) {
        Field pos{.name = "position", .type = FieldType::integer, .min = 0, .max = 1'000'000};
        out["position"] = check_integer(pos, *p, "position");
    }
    return out;
}

namespace {

bool present(const json::object& r, const char* name) {
    const auto* v = r.if_contains(name);
    return v != nullptr && !v->is_null();
}

void require_order(const json::object& r, const char* first, const char* last, Text why) {
    if (!present(r, first) || !present(r, last)) return;
    const auto& a = r.at(first);
    const auto& b = r.at(last);
    bool out_of_order = a.is_string() ? a.get_string() > b.get_string() : a.as_int64() > b.as_int64();
    if (out_of_order) throw InputError(last, std::move(why), "order");
}

}  // namespace

void check_record_rules(const Entity& entity, const json::object& r) {
    risk::check_risk_record_rules(entity, r);
    reminders::check_rule_record(entity, r);
    // Texts are the restricted Markdown of docs/plan-format.md: no HTML, images or odd links.
    for (const auto& f : entity.fields) {
        if (f.type == FieldType::text && r.at(f.name).is_string()) check_plan_markdown(f.name, r.at(f.name).get_string());
    }
    if (entity.name == "plan") {
        require_order(r, "first_year", "last_year",
                      {"får inte vara före första året", "must not be before the first year"});
    } else if (entity.name == "unit") {
        require_order(r, "valid_from", "valid_to", {"får inte vara före gäller från", "must not be before valid from"});
    } else if (entity.name == "activity") {
        require_order(r, "start_date", "end_date", {"får inte vara före start", "must not be before the start"});
        if (r.at("level").as_string() != "board" && !present(r, "owner_unit_id")) {
            throw InputError("owner_unit_id",
                             {"krävs för aktiviteter på divisions-, verksamhetsområdes- och enhetsnivå",
                              "is required for activities at division, area and unit level"},
                             "required");
        }
    } else if (entity.name == "target") {
        bool value = present(r, "value");
        bool qualitative = present(r, "qualitative");
        if (value == qualitative) {
            throw InputError(value ? "qualitative" : "value",
                             {"ange antingen value (ett tal) eller qualitative, inte båda och inte inget",
                              "give either value (a number) or qualitative, not both and not neither"},
                             "exclusive");
        }
        if (qualitative && r.at("qualitative").as_string() == "text" && !present(r, "text")) {
            throw InputError("text", {"krävs när qualitative är text", "is required when qualitative is text"},
                             "required");
        }
    }
}

json::object validate_record(const Entity& entity, const json::value& input) {
    auto record = normalize_record(entity, input);
    check_record_rules(entity, record);
    return record;
}

}  // namespace styrkort
