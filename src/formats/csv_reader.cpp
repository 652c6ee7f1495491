#include "formats/csv_reader.hpp"

#include <charconv>
#include <string_view>
#include <cmath>

#include "domain/errors.hpp"

namespace styrkort::formats {

CsvReader::CsvReader(std::istream& in, std::string file) : in_(in), file_(std::move(file)) {}

bool CsvReader::read_line(std::string& line) {
    if (!std::getline(in_, line)) return false;
    ++line_;
    bytes_ += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_ == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    return true;
}

std::optional<std::vector<std::string>> CsvReader::next() {
    std::vector<std::string> fields;
    if (!next(fields)) return std::nullopt;
    return fields;
}

bool CsvReader::next(std::vector<std::string>& fields) {
    std::string& line = buffer_;
    // Blank lines between records are skipped (spreadsheets add them at the end).
    do {
        if (!read_line(line)) return false;
    } while (line.find_first_not_of(" \t") == std::string::npos);
    record_line_ = line_;
    if (separator_ == 0) {
        // The header decides: Swedish spreadsheets write ';' (the comma is the decimal sign).
        separator_ = line.find(';') != std::string::npos ? ';' : ',';
    }
    // The strings of the previous record are reused: their capacity stays.
    std::size_t count = 0;
    auto field = [&]() -> std::string& {
        if (count == fields.size()) fields.emplace_back();
        return fields[count];
    };
    field().clear();
    bool quoted = false;
    bool was_quoted = false;
    for (std::size_t i = 0;; ++i) {
        if (i == line.size()) {
            if (!quoted) break;
            // A line break inside quotes belongs to the field.
            if (!read_line(line)) {
                InputError e("", {"citattecknet som börjar på rad " + std::to_string(record_line_) + " avslutas aldrig",
                                  "the quote that starts on line " + std::to_string(record_line_) + " never ends"},
                             "csv");
                e.locate(file_, record_line_);
                throw e;
            }
            field() += '\n';
            i = static_cast<std::size_t>(-1);
            continue;
        }
        char c = line[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') {
                    field() += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field() += c;
            }
        } else if (c == '"' && field().empty() && !was_quoted) {
            quoted = was_quoted = true;
        } else if (c == separator_) {
            ++count;
            field().clear();
            was_quoted = false;
        } else if (c == '"') {
            field() += c;  // a quote inside an unquoted field is text
        } else {
            // Plain text up to the next separator or quote, in one piece.
            auto stop = line.find_first_of(std::string_view(separator_ == ';' ? ";\"" : ",\"", 2), i);
            if (stop == std::string::npos) stop = line.size();
            field().append(line, i, stop - i);
            i = stop - 1;
        }
    }
    fields.resize(count + 1);
    return true;
}

std::optional<double> parse_decimal(const std::string& text) {
    std::string s;
    s.reserve(text.size());
    bool decimal_seen = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ' ' || c == '\t') continue;
        // U+00A0 and U+202F: the group separators spreadsheets write in Swedish.
        if (text.compare(i, 2, "\xC2\xA0") == 0) {
            ++i;
            continue;
        }
        if (text.compare(i, 3, "\xE2\x80\xAF") == 0) {
            i += 2;
            continue;
        }
        if (c == ',' || c == '.') {
            if (decimal_seen) return std::nullopt;  // "1.234,5" is ambiguous: refuse it
            decimal_seen = true;
            s += '.';
        } else if ((c >= '0' && c <= '9') || ((c == '-' || c == '+' || c == '\xE2') && s.empty())) {
            if (c == '\xE2') {  // U+2212 MINUS SIGN
                if (text.compare(i, 3, "\xE2\x88\x92") != 0) return std::nullopt;
                i += 2;
                s += '-';
            } else if (c != '+') {
                s += c;
            }
        } else {
            return std::nullopt;
        }
    }
    if (s.empty() || s == "-" || s == "." || s == "-.") return std::nullopt;
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

}  // namespace styrkort::formats
