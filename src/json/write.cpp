#include "json/write.hpp"

#include <charconv>
#include <cmath>

namespace styrkort::json_text {
namespace {

namespace json = boost::json;

void write_string(std::string& out, std::string_view s) {
    out += '"';
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    static constexpr char hex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0xf];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

void write_double(std::string& out, double d) {
    if (!std::isfinite(d)) {
        out += "null";  // JSON has no NaN or infinity; our validators never store them
        return;
    }
    if (d == std::trunc(d) && std::fabs(d) < 1e15) {
        out += std::to_string(static_cast<long long>(d));
        return;
    }
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    out.append(buf, end);
}

void write(std::string& out, const json::value& v, int indent, int depth) {
    auto newline = [&](int level) {
        if (indent == 0) return;
        out += '\n';
        out.append(static_cast<std::size_t>(level * indent), ' ');
    };
    switch (v.kind()) {
        case json::kind::null: out += "null"; break;
        case json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
        case json::kind::int64: out += std::to_string(v.get_int64()); break;
        case json::kind::uint64: out += std::to_string(v.get_uint64()); break;
        case json::kind::double_: write_double(out, v.get_double()); break;
        case json::kind::string: write_string(out, v.get_string()); break;
        case json::kind::array: {
            const auto& a = v.get_array();
            if (a.empty()) {
                out += "[]";
                break;
            }
            out += '[';
            bool first = true;
            for (const auto& item : a) {
                if (!first) out += ',';
                first = false;
                newline(depth + 1);
                write(out, item, indent, depth + 1);
            }
            newline(depth);
            out += ']';
            break;
        }
        case json::kind::object: {
            const auto& o = v.get_object();
            if (o.empty()) {
                out += "{}";
                break;
            }
            out += '{';
            bool first = true;
            for (const auto& [key, item] : o) {
                if (!first) out += ',';
                first = false;
                newline(depth + 1);
                write_string(out, key);
                out += indent == 0 ? ":" : ": ";
                write(out, item, indent, depth + 1);
            }
            newline(depth);
            out += '}';
            break;
        }
    }
}

}  // namespace

std::string pretty(const json::value& v) {
    std::string out;
    write(out, v, 2, 0);
    out += '\n';
    return out;
}

std::string compact(const json::value& v) {
    std::string out;
    write(out, v, 0, 0);
    return out;
}

}  // namespace styrkort::json_text
