#pragma once
// A streaming CSV reader (RFC 4180 plus what Swedish spreadsheets write): the
// separator is ';' or ',' (decided by the header line), fields may be quoted with ""
// as an escaped quote and line breaks inside quotes, CRLF or LF, an optional UTF-8
// BOM. It holds one record at a time, so memory does not grow with the file.
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace styrkort::formats {

class CsvReader {
public:
    // `file` names the input in error messages.
    CsvReader(std::istream& in, std::string file);

    // The next record, or nullopt at the end. The first call returns the header.
    std::optional<std::vector<std::string>> next();
    // The same into `fields`, reusing its strings; false at the end.
    bool next(std::vector<std::string>& fields);
    // The line on which the record last returned starts (1-based).
    [[nodiscard]] int line() const { return record_line_; }
    [[nodiscard]] char separator() const { return separator_; }
    [[nodiscard]] const std::string& file() const { return file_; }
    // Bytes read so far (for progress).
    [[nodiscard]] std::size_t bytes_read() const { return bytes_; }

private:
    bool read_line(std::string& line);
    std::istream& in_;
    std::string file_;
    char separator_ = 0;
    int line_ = 0;
    int record_line_ = 0;
    std::size_t bytes_ = 0;
    std::string buffer_;
};

// A decimal number as written in Sweden or elsewhere: "12,5", "12.5", "-3", "1 234,5"
// (spaces or no-break spaces between digit groups). nullopt when it is not one.
std::optional<double> parse_decimal(const std::string& text);

}  // namespace styrkort::formats
