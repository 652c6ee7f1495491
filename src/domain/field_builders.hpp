#pragma once
// Short constructors for the fields of the catalogue (plan_model.cpp, followup_model.cpp,
// economy_model.cpp), so that each entity reads as a list of its fields.
#include <string>
#include <utility>
#include <vector>

#include "domain/schema.hpp"

namespace styrkort::fields {

inline Field field(std::string name, FieldType type, bool required, std::string sv, std::string en) {
    Field f;
    f.name = std::move(name);
    f.type = type;
    f.required = required;
    f.label_sv = std::move(sv);
    f.label_en = std::move(en);
    return f;
}
inline Field key() { return field("key", FieldType::key, true, "Nyckel", "Key"); }
inline Field str(std::string name, bool required, std::string sv, std::string en) {
    return field(std::move(name), FieldType::string, required, std::move(sv), std::move(en));
}
inline Field text(std::string name, bool required, std::string sv, std::string en) {
    return field(std::move(name), FieldType::text, required, std::move(sv), std::move(en));
}
inline Field amount(std::string name, bool required, std::string sv, std::string en) {
    return field(std::move(name), FieldType::amount, required, std::move(sv), std::move(en));
}
inline Field integer(std::string name, bool required, long long min, long long max, std::string sv, std::string en) {
    auto f = field(std::move(name), FieldType::integer, required, std::move(sv), std::move(en));
    f.min = min;
    f.max = max;
    return f;
}
inline Field year() { return integer("year", true, 1900, 2200, "År", "Year"); }
inline Field date(std::string name, std::string sv, std::string en) {
    return field(std::move(name), FieldType::date, false, std::move(sv), std::move(en));
}
inline Field choice(std::string name, bool required, std::vector<std::string> choices, std::string sv, std::string en) {
    auto f = field(std::move(name), FieldType::choice, required, std::move(sv), std::move(en));
    f.choices = std::move(choices);
    return f;
}
inline Field ref(std::string name, std::string target, bool required, std::string sv, std::string en) {
    auto f = field(std::move(name), FieldType::ref, required, std::move(sv), std::move(en));
    f.target = std::move(target);
    return f;
}
// The reference to the owning entity: deleting the owner deletes this.
inline Field owner(std::string name, std::string target, std::string sv, std::string en) {
    auto f = ref(std::move(name), std::move(target), true, std::move(sv), std::move(en));
    f.owner = true;
    return f;
}
inline Field plan_owner() { return owner("plan_id", "plan", "Plan", "Plan"); }
inline Field strings(std::string name, std::string sv, std::string en) {
    return field(std::move(name), FieldType::string_list, false, std::move(sv), std::move(en));
}

}  // namespace styrkort::fields
