#include "formats/outcome_csv.hpp"

#include "domain/errors.hpp"
#include "formats/csv_reader.hpp"
#include "formats/hashing_stream.hpp"

namespace styrkort::formats {
namespace {

// A CSV row is a line of the file; the column is named by its header.
class CsvLocator final : public RowLocator {
public:
    explicit CsvLocator(const CsvReader& csv) : csv_(csv) {}
    [[nodiscard]] std::string file() const override { return csv_.file(); }
    [[nodiscard]] int row() const override { return csv_.line(); }
    [[nodiscard]] std::string column(const std::string& name, int) const override { return name; }

private:
    const CsvReader& csv_;
};

}  // namespace

OutcomeImportSummary import_outcomes(storage::Connection& c, std::int64_t org, std::istream& in,
                                     const std::string& file, const storage::Actor& actor,
                                     const OutcomeImportOptions& options) {
    if (c.dialect() == storage::Dialect::sqlite) {
        // The outcome indexes of a large organisation outgrow SQLite's default 2 MiB
        // page cache, and every insert then reads index pages back from the file.
        // 32 MiB keeps them in memory (the import stays within 64 MiB).
        c.execute("PRAGMA cache_size = -32768");
    }
    HashingIstream hashed(in);
    CsvReader csv(hashed, file);
    CsvLocator where(csv);
    OutcomeImporter importer(c, org, where, options.scope);
    auto header = csv.next();
    if (!header) {
        InputError e("", {"filen är tom: en rubrikrad behövs", "the file is empty: a header row is needed"}, "csv_header");
        e.locate(file, 1);
        throw e;
    }
    importer.header(*header);
    std::int64_t n = 0;
    std::vector<std::string> fields;
    while (csv.next(fields)) {
        importer.row(fields);
        if (options.progress && ++n % 1000 == 0) options.progress(n, csv.bytes_read());
    }
    if (options.progress) options.progress(importer.rows(), csv.bytes_read());
    return importer.finish(actor, hashed.hex_digest());
}

std::int64_t count_csv_records(std::istream& in) {
    CsvReader csv(in, "");
    std::int64_t n = -1;  // the header
    while (csv.next()) ++n;
    return n < 0 ? 0 : n;
}

}  // namespace styrkort::formats
