#include "fuzz_database.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "formats/plan_file.hpp"

namespace styrkort::fuzz {
namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

storage::Database& database(bool with_plans) {
    static std::unique_ptr<storage::Database> db = [with_plans] {
        // In memory (/dev/shm) where there is one: every commit's fsync on a busy disk
        // cost an input seconds of waiting (libFuzzer's -timeout is wall time, so CI's
        // 60-second runs timed out on a shared machine); the fuzzer tests the code, not
        // the disk, and the database is thrown away at exit.
        std::error_code no_shm;
        auto base = std::filesystem::is_directory("/dev/shm", no_shm) ? std::filesystem::path("/dev/shm")
                                                                      : std::filesystem::temp_directory_path();
        auto dir = base / ("styrkort-fuzz-" + std::to_string(static_cast<long>(::getpid())));
        std::filesystem::create_directories(dir);
        static const std::filesystem::path made_dir = dir;
        std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(made_dir, ignored);
        });
        auto made = std::make_unique<storage::Database>(storage::DatabaseConfig{.sqlite_path = (dir / "fuzz.db").string()});
        if (with_plans) {
            for (const auto& f : std::filesystem::directory_iterator(STYRKORT_SOURCE_DIR "/data")) {
                if (f.path().extension() != ".json") continue;
                made->write([&](storage::Connection& c) {
                    formats::import_plans(c, read_file(f.path()), f.path().string(), {"fuzz", ""});
                });
            }
        }
        return made;
    }();
    return *db;
}

std::int64_t norrbotten(storage::Database& db) {
    return db.read([](storage::Connection& c) {
        auto rows = c.query("SELECT id FROM organisation WHERE key = 'region-norrbotten'");
        return rows.empty() ? std::int64_t{0} : storage::as_int(rows.at(0).at(0));
    });
}

}  // namespace styrkort::fuzz

// libFuzzer calls this once before the first input: loading the plans takes longer
// than one input may (-timeout), so it is not counted as one.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)styrkort::fuzz::database(true);
    return 0;
}
