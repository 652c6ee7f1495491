#include "formats/outcome_xlsx.hpp"

#include "domain/errors.hpp"

namespace styrkort::formats {
namespace {

// A sheet row is the sheet's row number; a cell is named by its column and reference.
class SheetLocator final : public RowLocator {
public:
    explicit SheetLocator(const XlsxSheetReader& sheet) : sheet_(sheet) {}
    [[nodiscard]] std::string file() const override { return sheet_.name() + ":" + sheet_.sheet_name(); }
    [[nodiscard]] int row() const override { return sheet_.row(); }
    [[nodiscard]] std::string column(const std::string& name, int index) const override {
        if (index < 0) return name;
        return name + " (" + column_letters(index) + std::to_string(sheet_.row()) + ")";
    }

private:
    const XlsxSheetReader& sheet_;
};

}  // namespace

OutcomeImportSummary import_outcomes_xlsx(storage::Connection& c, std::int64_t org, XlsxSheetReader& sheet,
                                          const std::string& sha256, const storage::Actor& actor,
                                          const OutcomeImportOptions& options) {
    if (c.dialect() == storage::Dialect::sqlite) c.execute("PRAGMA cache_size = -32768");  // as for CSV
    SheetLocator where(sheet);
    OutcomeImporter importer(c, org, where, options.scope);
    std::vector<std::string> cells;
    if (!sheet.next(cells)) {
        InputError e("", {"bladet är tomt: en rubrikrad behövs", "the sheet is empty: a header row is needed"}, "csv_header");
        e.locate(where.file(), 1);
        throw e;
    }
    // Empty cells between headers would be unnamed columns: the importer refuses them.
    importer.header(cells);
    std::size_t width = cells.size();
    std::int64_t n = 0;
    while (sheet.next(cells)) {
        // A sheet leaves out empty cells at the end of a row.
        if (cells.size() < width) cells.resize(width);
        importer.row(cells);
        if (options.progress && ++n % 1000 == 0) options.progress(n, sheet.bytes_read());
    }
    if (options.progress) options.progress(importer.rows(), sheet.bytes_read());
    return importer.finish(actor, sha256);
}

std::int64_t count_xlsx_records(XlsxSheetReader& sheet) {
    std::vector<std::string> cells;
    std::int64_t n = -1;  // the header
    while (sheet.next(cells)) ++n;
    return n < 0 ? 0 : n;
}

bool looks_like_xlsx(const std::string& first_bytes) { return first_bytes.rfind("PK\x03\x04", 0) == 0; }

}  // namespace styrkort::formats
