#pragma once
// Rows of the first sheet of an XLSX workbook, streamed: the sheet's XML is inflated
// (minizip) and parsed (expat) 64 KiB at a time, so memory does not grow with the
// number of rows. The shared-strings table is held in memory: it grows with the
// number of distinct texts (keys of plans, measures, units ...), not with the rows.
// Numbers come as the shortest decimal text that is exactly the cell's number
// ("2021", "12.5"); texts as written ("12,5" stays "12,5").
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace styrkort::formats {

class XlsxSheetReader {
public:
    // From a file on disk (read as needed) or from bytes in memory (an HTTP body,
    // which must outlive the reader). `name` names the input in errors.
    static XlsxSheetReader open_file(const std::string& path, const std::string& name);
    static XlsxSheetReader open_bytes(const std::string& bytes, const std::string& name);
    XlsxSheetReader(XlsxSheetReader&&) noexcept;
    ~XlsxSheetReader();

    // The next row that has a non-empty cell, cells by column (A = 0) up to the last
    // non-empty one; false at the end of the sheet.
    bool next(std::vector<std::string>& cells);
    [[nodiscard]] int row() const { return row_; }  // the sheet's row number of the last row returned
    [[nodiscard]] const std::string& sheet_name() const { return sheet_; }
    [[nodiscard]] const std::string& name() const { return name_; }
    // Bytes of the sheet's XML read so far, and in all (for progress).
    [[nodiscard]] std::uint64_t bytes_read() const { return bytes_read_; }
    [[nodiscard]] std::uint64_t bytes_total() const { return bytes_total_; }

    struct Parsed {
        int row = 0;
        std::vector<std::string> cells;
    };

private:
    struct State;
    explicit XlsxSheetReader(std::unique_ptr<State> state, std::string name);
    void start();
    bool fill();  // parses the next chunk; false at the end

    std::unique_ptr<State> s_;
    std::string name_;
    std::string sheet_;
    int row_ = 0;
    std::uint64_t bytes_read_ = 0;
    std::uint64_t bytes_total_ = 0;
};

// "A" -> 0, "AB3" -> 27 (the letters of a cell reference); nullopt when there are none.
std::optional<int> column_index(const std::string& reference);
// 0 -> "A", 27 -> "AB".
std::string column_letters(int index);

}  // namespace styrkort::formats
