#include "formats/economy_export.hpp"

#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

#include "domain/economy/amounts.hpp"
#include "domain/errors.hpp"

namespace styrkort::formats {
namespace {

// Excel number format showing kronor in the unit: trailing commas divide by 1 000 each.
std::string number_format(const std::string& unit, int decimals) {
    std::string f = "[$-41D]#,##0";  // Swedish (sv-SE): space between thousands, decimal comma
    if (decimals > 0) f += "." + std::string(static_cast<std::size_t>(decimals), '0');
    if (unit == "tkr") f += ",";
    if (unit == "mnkr") f += ",,";
    return f;
}

bool is_sum_row(const std::vector<SheetCell>& row) {
    for (const auto& c : row) {
        if (const auto* s = std::get_if<std::string>(&c)) {
            if (s->rfind("Summa", 0) == 0 || s->rfind("Delsumma", 0) == 0 || s->rfind("Totalsumma", 0) == 0) return true;
        }
    }
    return false;
}

class TempFile {
public:
    TempFile() {
        auto pattern = (std::filesystem::temp_directory_path() / "styrkort-XXXXXX.xlsx").string();
        int fd = mkstemps(pattern.data(), 5);
        if (fd < 0) throw StorageError("cannot create a temporary file for the XLSX export");
        close(fd);
        path_ = pattern;
    }
    ~TempFile() { std::remove(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    std::string path_;
};

void check(lxw_error e, const char* what) {
    if (e != LXW_NO_ERROR) {
        throw StorageError(std::string("the XLSX file could not be written (") + what + ": " + lxw_strerror(e) + ")");
    }
}

}  // namespace

std::string economy_xlsx(const std::vector<Sheet>& sheets) {
    TempFile file;
    lxw_workbook* wb = workbook_new(file.path().c_str());
    if (wb == nullptr) throw StorageError("the XLSX file could not be created");
    lxw_format* title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 13);
    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_bottom(header, LXW_BORDER_THIN);
    format_set_align(header, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* percent = workbook_add_format(wb);
    format_set_num_format(percent, "[$-41D]0.0 %");
    std::map<std::pair<std::string, bool>, lxw_format*> numbers;
    auto number = [&](const Sheet& s, bool strong) {
        auto key = std::pair{number_format(s.unit, s.decimals), strong};
        auto& f = numbers[key];
        if (f == nullptr) {
            f = workbook_add_format(wb);
            format_set_num_format(f, key.first.c_str());
            if (strong) format_set_bold(f);
        }
        return f;
    };
    for (const auto& s : sheets) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, s.name.c_str());
        if (ws == nullptr) {
            workbook_close(wb);
            throw StorageError("the XLSX sheet " + s.name + " could not be created");
        }
        worksheet_write_string(ws, 0, 0, s.title.c_str(), title);
        if (!s.unit.empty()) {  // no unit: plain numbers (the risk register's scales and values)
            worksheet_write_string(ws, 1, 0, ("Belopp i " + s.unit + " (cellerna håller exakta kronor)").c_str(), nullptr);
        }
        for (std::size_t c = 0; c < s.header.size(); ++c) {
            worksheet_write_string(ws, 2, static_cast<lxw_col_t>(c), s.header[c].c_str(), header);
        }
        for (std::size_t c = 0; c < s.widths.size(); ++c) {
            worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), s.widths[c], nullptr);
        }
        worksheet_freeze_panes(ws, first_data_row - 1, 1);
        for (std::size_t r = 0; r < s.rows.size(); ++r) {
            auto row = static_cast<lxw_row_t>(first_data_row - 1 + r);
            bool strong = is_sum_row(s.rows[r]);
            for (std::size_t c = 0; c < s.rows[r].size(); ++c) {
                auto col = static_cast<lxw_col_t>(c);
                const auto& cell = s.rows[r][c];
                if (const auto* text = std::get_if<std::string>(&cell)) {
                    if (!text->empty()) worksheet_write_string(ws, row, col, text->c_str(), strong ? bold : nullptr);
                } else if (const auto* kr = std::get_if<long long>(&cell)) {
                    worksheet_write_number(ws, row, col, static_cast<double>(*kr), number(s, strong));
                } else if (const auto* f = std::get_if<SheetFormula>(&cell)) {
                    // No cached result: the spreadsheet computes every formula itself.
                    worksheet_write_formula(ws, row, col, ("=" + f->formula).c_str(), number(s, strong));
                } else if (const auto* ratio = std::get_if<SheetRatio>(&cell)) {
                    worksheet_write_formula(ws, row, col, ("=" + ratio->formula).c_str(), percent);
                }
            }
        }
    }
    check(workbook_close(wb), "workbook_close");
    std::ifstream in(file.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

namespace {

std::string csv_field(const std::string& s) {
    if (s.find_first_of(";\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_amount(long long kronor, const Sheet& s) {
    if (s.unit.empty()) return std::to_string(kronor);
    auto text = economy::format_amount(kronor, s.unit, s.decimals);
    std::string out;
    for (char c : text) {
        if (c != ' ') out += c;  // no thousands separator: spreadsheets read "1234,5" as a number
    }
    return out;
}

}  // namespace

std::string economy_csv(const std::vector<Sheet>& sheets) {
    std::string out;
    for (const auto& s : sheets) {
        if (!out.empty()) out += "\r\n";
        bool unit_in_title = s.unit.empty() || s.title.find(s.unit) != std::string::npos;
        out += csv_field(unit_in_title ? s.title : s.title + " (" + s.unit + ")") + "\r\n";
        for (std::size_t c = 0; c < s.header.size(); ++c) out += (c ? ";" : "") + csv_field(s.header[c]);
        out += "\r\n";
        for (const auto& row : s.rows) {
            for (std::size_t c = 0; c < row.size(); ++c) {
                if (c) out += ';';
                const auto& cell = row[c];
                if (const auto* text = std::get_if<std::string>(&cell)) out += csv_field(*text);
                if (const auto* kr = std::get_if<long long>(&cell)) out += csv_amount(*kr, s);
                if (const auto* f = std::get_if<SheetFormula>(&cell)) out += csv_amount(f->value, s);
                if (const auto* ratio = std::get_if<SheetRatio>(&cell); ratio && ratio->per_mille) {
                    long long pm = *ratio->per_mille;  // tenths of a per cent, written "-3,5"
                    out += (pm < 0 ? "-" : "") + std::to_string(std::llabs(pm) / 10) + "," + std::to_string(std::llabs(pm) % 10);
                }
            }
            out += "\r\n";
        }
    }
    return out;
}

}  // namespace styrkort::formats
