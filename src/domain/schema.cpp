#include "domain/schema.hpp"

#include <algorithm>
#include <stdexcept>

namespace styrkort {

std::string Field::file_name() const {
    auto strip = [&](const std::string& suffix) {
        return name.size() > suffix.size() && name.ends_with(suffix)
                   ? name.substr(0, name.size() - suffix.size())
                   : std::string{};
    };
    if (type == FieldType::ref) {
        if (auto s = strip("_id"); !s.empty()) return s;
    }
    if (type == FieldType::ref_list) {
        if (auto s = strip("_ids"); !s.empty()) return s + "s";
    }
    return name;
}

const Field* Entity::field(const std::string& field_name) const {
    auto it = std::find_if(fields.begin(), fields.end(),
                           [&](const Field& f) { return f.name == field_name; });
    return it == fields.end() ? nullptr : &*it;
}

std::string Entity::link_table(const Field& f) const {
    return table + "_" + f.file_name();
}

const Entity* find_entity_by_collection(const std::string& collection) {
    for (const auto& e : entities()) {
        if (e.collection == collection) return &e;
    }
    return nullptr;
}

const Entity& entity(const std::string& name) {
    for (const auto& e : entities()) {
        if (e.name == name) return e;
    }
    throw std::logic_error("unknown entity " + name);
}

bool is_valid_key(const std::string& key) {
    if (key.empty() || key.size() > 100) return false;
    auto ok = [](char c, bool first) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        return alnum || (!first && (c == '.' || c == '_' || c == '-'));
    };
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (!ok(key[i], i == 0)) return false;
    }
    return true;
}

bool is_valid_date(const std::string& date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (date[i] < '0' || date[i] > '9') return false;
    }
    int y = std::stoi(date.substr(0, 4));
    int m = std::stoi(date.substr(5, 2));
    int d = std::stoi(date.substr(8, 2));
    if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + ((m == 2 && leap) ? 1 : 0);
}

}  // namespace styrkort
