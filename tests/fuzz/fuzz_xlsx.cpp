// The XLSX reader (minizip + expat) and the outcome import from a workbook: any bytes
// either read or throw InputError; never a crash, leak, other exception or hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/errors.hpp"
#include "formats/outcome_xlsx.hpp"
#include "formats/xlsx_reader.hpp"
#include "fuzz_database.hpp"
#include "rollback.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace styrkort;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    (void)formats::looks_like_xlsx(bytes.substr(0, 8));
    try {
        auto sheet = formats::XlsxSheetReader::open_bytes(bytes, "fuzz.xlsx");
        std::vector<std::string> cells;
        while (sheet.next(cells)) (void)formats::column_index("A" + std::to_string(sheet.row()));
    } catch (const InputError&) {
        return 0;  // not a workbook: the import below would say the same
    }
    auto& db = fuzz::database(true);
    static const std::int64_t org = fuzz::norrbotten(db);
    fuzz::in_rolled_back_transaction(db, [&](storage::Connection& c) {
        try {
            auto sheet = formats::XlsxSheetReader::open_bytes(bytes, "fuzz.xlsx");
            formats::import_outcomes_xlsx(c, org, sheet, "0", {"fuzz", ""});
        } catch (const InputError&) {
        } catch (const NotFound&) {
        } catch (const Conflict&) {
        }
    });
    return 0;
}
