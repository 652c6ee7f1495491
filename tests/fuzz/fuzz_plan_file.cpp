// The plan file import (POST /api/v1/import, `styrkort import`): any bytes either import
// or throw an InputError; nothing else (no crash, leak, other exception or hang).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/errors.hpp"
#include "formats/plan_file.hpp"
#include "fuzz_database.hpp"
#include "rollback.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace styrkort;
    auto& db = fuzz::database(true);  // imports meet existing organisations and units too
    std::string_view text(reinterpret_cast<const char*>(data), size);
    fuzz::in_rolled_back_transaction(db, [&](storage::Connection& c) {
        try {
            formats::import_plans(c, text, "fuzz.json", {"fuzz", ""});
        } catch (const InputError&) {
        } catch (const NotFound&) {
        } catch (const Conflict&) {
        }
    });
    return 0;
}
