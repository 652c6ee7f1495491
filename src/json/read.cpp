#include "json/read.hpp"

#include <boost/json/stream_parser.hpp>

#include <algorithm>
#include <set>
#include <vector>

#include "domain/errors.hpp"

namespace styrkort::json_text {
namespace {

namespace json = boost::json;

int line_at(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

struct Cursor {
    std::string_view s;
    std::size_t i = 0;
    void skip_ws() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
    }
    bool skip_string() {
        if (i >= s.size() || s[i] != '"') return false;
        for (++i; i < s.size(); ++i) {
            if (s[i] == '\\') {
                ++i;
            } else if (s[i] == '"') {
                ++i;
                return true;
            }
        }
        return false;
    }
    std::string read_key() {
        std::size_t start = i + 1;
        skip_string();
        return std::string(s.substr(start, i - start - 1));  // keys we look for have no escapes
    }
    // Offset of the first key that repeats within its object, if any. Boost.JSON keeps
    // the last of duplicate keys; in a plan file that would silently drop data.
    std::optional<std::size_t> find_duplicate_key(int depth = 0) {
        skip_ws();
        if (i >= s.size() || depth > 128) return std::nullopt;
        char c = s[i];
        if (c == '"') {
            skip_string();
            return std::nullopt;
        }
        if (c != '{' && c != '[') {
            skip_value();
            return std::nullopt;
        }
        char close = c == '{' ? '}' : ']';
        std::set<std::string> keys;
        ++i;
        for (;;) {
            skip_ws();
            if (i >= s.size()) return std::nullopt;
            if (s[i] == close) {
                ++i;
                return std::nullopt;
            }
            if (c == '{') {
                std::size_t at = i;
                if (!keys.insert(read_key()).second) return at;
                skip_ws();
                ++i;  // ':'
            }
            if (auto d = find_duplicate_key(depth + 1)) return d;
            skip_ws();
            if (i < s.size() && s[i] == ',') ++i;
        }
    }
    bool skip_value(int depth = 0) {
        if (depth > 128) return false;
        skip_ws();
        if (i >= s.size()) return false;
        char c = s[i];
        if (c == '"') return skip_string();
        if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            ++i;
            for (;;) {
                skip_ws();
                if (i >= s.size()) return false;
                if (s[i] == close) {
                    ++i;
                    return true;
                }
                if (c == '{') {
                    if (!skip_string()) return false;
                    skip_ws();
                    if (i >= s.size() || s[i] != ':') return false;
                    ++i;
                }
                if (!skip_value(depth + 1)) return false;
                skip_ws();
                if (i < s.size() && s[i] == ',') ++i;
            }
        }
        while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\n') ++i;
        return true;
    }
};

// "a.b[2].c" -> {"a", "b", 2, "c"} as strings, indices marked by a leading '['.
std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : path) {
        if (c == '.' || c == '[') {
            if (!cur.empty()) parts.push_back(cur);
            cur = c == '[' ? "[" : "";
        } else if (c != ']') {
            cur += c;
        }
    }
    if (!cur.empty()) parts.push_back(cur);
    return parts;
}

}  // namespace

json::value parse(std::string_view text) {
    json::parse_options opt;
    opt.max_depth = 64;
    json::stream_parser p({}, opt);
    json::error_code ec;
    std::size_t used = p.write_some(text.data(), text.size(), ec);
    if (!ec && used < text.size()) ec = json::error::extra_data;
    if (!ec) p.finish(ec);
    if (ec) {
        std::size_t offset = std::min(used, text.size());
        int line = line_at(text, offset);
        auto newline = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
        auto col = newline == std::string_view::npos ? offset : offset - newline - 1;
        InputError e("", {"ogiltig JSON (kolumn " + std::to_string(col + 1) + "): " + ec.message(),
                          "invalid JSON (column " + std::to_string(col + 1) + "): " + ec.message()},
                     "json");
        e.locate("", line);
        throw e;
    }
    if (auto dup = Cursor{text}.find_duplicate_key()) {
        InputError e("", {"samma nyckel förekommer två gånger i ett objekt", "the same key occurs twice in an object"},
                     "json");
        e.locate("", line_at(text, *dup));
        throw e;
    }
    return p.release();
}

std::optional<int> line_of_path(std::string_view text, std::string_view path) {
    Cursor c{text};
    std::size_t best = 0;
    for (const auto& part : split_path(path)) {
        c.skip_ws();
        if (c.i >= text.size()) break;
        if (part.front() == '[') {
            if (text[c.i] != '[') break;
            auto index = std::stoul(part.substr(1));
            ++c.i;
            bool found = true;
            for (std::size_t n = 0; n < index; ++n) {
                if (!c.skip_value()) return std::nullopt;
                c.skip_ws();
                if (c.i >= text.size() || text[c.i] != ',') {
                    found = false;
                    break;
                }
                ++c.i;
            }
            if (!found) break;
            c.skip_ws();
            best = c.i;
        } else {
            if (text[c.i] != '{') break;
            ++c.i;
            bool found = false;
            for (;;) {
                c.skip_ws();
                if (c.i >= text.size() || text[c.i] != '"') break;
                std::size_t key_at = c.i;
                auto key = c.read_key();
                c.skip_ws();
                if (c.i >= text.size() || text[c.i] != ':') return std::nullopt;
                ++c.i;
                if (key == part) {
                    best = key_at;
                    found = true;
                    break;
                }
                if (!c.skip_value()) return std::nullopt;
                c.skip_ws();
                if (c.i < text.size() && text[c.i] == ',') ++c.i;
            }
            if (!found) break;
        }
    }
    return line_at(text, best);
}

}  // namespace styrkort::json_text
