// The outcome CSV import (POST …/outcomes/import, `styrkort import outcomes x.csv`)
// against the shipped Norrbotten plans: any bytes either import or throw InputError
// (or Conflict/NotFound, which the API answers as 409/404); never anything else.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "domain/errors.hpp"
#include "formats/outcome_csv.hpp"
#include "fuzz_database.hpp"
#include "rollback.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace styrkort;
    auto& db = fuzz::database(true);
    static const std::int64_t org = fuzz::norrbotten(db);
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        // The import job counts the rows first (for its progress), inside its error boundary.
        std::istringstream in(text);
        (void)formats::count_csv_records(in);
    } catch (const InputError&) {
    }
    fuzz::in_rolled_back_transaction(db, [&](storage::Connection& c) {
        std::istringstream in(text);
        try {
            formats::import_outcomes(c, org, in, "fuzz.csv", {"fuzz", ""});
        } catch (const InputError&) {
        } catch (const NotFound&) {
        } catch (const Conflict&) {
        }
    });
    return 0;
}
