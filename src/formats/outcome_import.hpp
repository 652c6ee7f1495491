#pragma once
// Outcomes (utfall) from a table of rows, whatever file they came from (CSV, XLSX):
// the columns documented in docs/followup.md, validated row by row and written in
// batches on the caller's transaction. Every reference is checked against maps
// loaded once at the start (measures, units, closed periods, the units the actor
// may report for); the database's own constraints stay on as a second guard. Memory
// does not grow with the input, and any bad row throws an InputError naming the
// file, row, column and why, so that the caller's rollback leaves nothing behind.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/errors.hpp"
#include "domain/followup/breakdowns.hpp"
#include "storage/audit.hpp"
#include "storage/sql.hpp"

namespace styrkort::formats {

struct OutcomeImportSummary {
    std::int64_t rows = 0;  // outcomes created (one per data row)
};

// Called every few thousand rows with rows done and bytes read so far.
using ImportProgress = std::function<void(std::int64_t rows, std::size_t bytes)>;

// Which units the importing user may report outcomes for. nullopt units = every unit
// of the organisation; organisation_wide = also rows without a unit (the organisation
// as a whole). Loaded once by the caller (auth::reporting_scope).
struct ReportingScope {
    std::optional<std::set<storage::Id>> units;
    bool organisation_wide = true;
};

struct OutcomeImportOptions {
    ImportProgress progress;
    ReportingScope scope;
};

// Where a row (and a cell in it) is: names it in errors.
class RowLocator {
public:
    virtual ~RowLocator() = default;
    [[nodiscard]] virtual std::string file() const = 0;
    [[nodiscard]] virtual int row() const = 0;
    // The path of the error: the column's name, with the cell where a sheet has one.
    [[nodiscard]] virtual std::string column(const std::string& name, int index) const = 0;
};

class OutcomeImporter {
public:
    OutcomeImporter(storage::Connection& c, storage::Id org, const RowLocator& where, ReportingScope scope);
    OutcomeImporter(const OutcomeImporter&) = delete;
    OutcomeImporter& operator=(const OutcomeImporter&) = delete;

    // The header row: column names, English or Swedish, in any order.
    void header(const std::vector<std::string>& names);
    // One data row (cells as text; numbers as the sheet or file wrote them).
    void row(const std::vector<std::string>& fields);
    // Writes what is pending and the one audit record of the import: which file,
    // how many outcomes, the first id, and the SHA-256 of the input's bytes.
    OutcomeImportSummary finish(const storage::Actor& actor, const std::string& sha256);

    [[nodiscard]] std::int64_t rows() const { return rows_ + pending_rows(); }

private:
    enum Column { plan, measure, measure_id, unit, year, point, sex, age_group, municipality, value, status,
                  source, note, column_count };
    static constexpr std::size_t insert_width = 12;  // values per outcome in the INSERT

    [[noreturn]] void fail(Column col, Text why, const std::string& code) const;
    [[noreturn]] void fail_at(int row, const std::string& path, Text why, const std::string& code) const;
    [[nodiscard]] const std::string& cell(Column col) const;
    void load_lookups();
    storage::Id resolve_measure();
    void check_period_open(std::int64_t year, const std::string& point);
    void check_scope(std::optional<storage::Id> unit, const std::string& key);
    void check_breakdowns(storage::Id measure, const std::optional<std::string>& sex) const;
    void check_report_open(std::optional<storage::Id> unit, storage::Id measure, std::int64_t year,
                           const std::string& point) const;
    storage::SqlValue text_or_null(Column col);
    [[nodiscard]] std::int64_t pending_rows() const {
        return static_cast<std::int64_t>(batch_.size() / insert_width);
    }
    void flush();
    [[nodiscard]] bool copied() const { return c_.dialect() == storage::Dialect::postgres; }
    void copy_batch();  // PostgreSQL: the batch by COPY into outcome, in a savepoint
    std::optional<storage::Id> stored_id(std::size_t i);
    void report_duplicate(bool undone);

    storage::Connection& c_;
    storage::Id org_;
    const RowLocator& where_;
    ReportingScope scope_;
    std::size_t batch_rows_;
    std::array<int, column_count> index_{};
    std::size_t width_ = 0;
    const std::vector<std::string>* fields_ = nullptr;
    std::vector<std::string> trimmed_;  // the current row's cells, trimmed, by column
    std::unordered_map<std::string, storage::Id> units_;
    std::unordered_map<storage::Id, std::string> unit_keys_;
    std::unordered_map<std::string, storage::Id> measures_;  // "plan\nmeasure" -> id
    std::set<storage::Id> measure_ids_;
    // The measure's name (for messages) and the breakdowns it declares.
    std::unordered_map<storage::Id, std::pair<std::string, followup::Breakdowns>> measure_breakdowns_;
    std::map<std::pair<std::int64_t, std::string>, bool> closed_;  // (year, point) -> closed?
    std::unordered_map<storage::Id, storage::Id> plan_owner_;        // measure -> its plan's owner unit
    std::set<std::tuple<storage::Id, std::int64_t, std::string>> locked_;  // (unit, year, point) reported
    std::vector<storage::SqlValue> batch_;                          // insert_width values per pending row
    std::vector<int> batch_lines_;                                  // the row each pending outcome came from
    std::string copy_buffer_;                                       // PostgreSQL: the batch as COPY text
    std::int64_t rows_ = 0;                                         // outcomes written
    std::optional<storage::Id> first_id_;
    std::optional<storage::Id> last_id_;  // SQLite: the highest outcome id before the pending batch
};

}  // namespace styrkort::formats
