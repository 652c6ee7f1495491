#include "storage/runner_liveness.hpp"

#include <sys/types.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "domain/errors.hpp"


namespace styrkort::storage {
namespace {

// The advisory lock class of import job runners (the migrations use 5317201 alone).
constexpr std::int64_t lock_class = 5317202;

std::string host_name() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0) return "unknown-host";
    return buf;
}

// The process's start time in clock ticks since boot (field 22 of /proc/PID/stat);
// nullopt when there is no such process.
std::optional<std::string> start_time_of(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    if (!in || !std::getline(in, stat)) return std::nullopt;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    auto close = stat.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(stat.substr(close + 1));
    std::string f;
    for (int i = 3; i <= 22; ++i) {
        if (!(fields >> f)) return std::nullopt;
    }
    return f;
}

std::vector<std::string> split(const std::string& s, char sep, std::size_t parts) {
    std::vector<std::string> out;
    std::size_t from = 0;
    while (out.size() + 1 < parts) {
        auto at = s.find(sep, from);
        if (at == std::string::npos) break;
        out.push_back(s.substr(from, at - from));
        from = at + 1;
    }
    out.push_back(s.substr(from));
    return out;
}

std::optional<std::int64_t> number(const std::string& s) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return n;
}

// A positive 31-bit number from the system's random source (not a secret: it only
// tells processes apart): the second half of the advisory lock's key.
std::int64_t random_key() {
    std::random_device source;
    return static_cast<std::int64_t>(source() & 0x7fffffffu);
}

}  // namespace

RunnerLease::RunnerLease(const Database& db) {
    auto pid = std::to_string(getpid());
    if (db.dialect() == Dialect::postgres) {
        url_ = db.config().postgres_url;
        holder_ = open_postgres(url_);
        // Another process holding the same random key is unlikely but possible: draw again.
        for (;;) {
            auto key = random_key();
            auto got = holder_->query("SELECT pg_try_advisory_lock(?, ?)", {lock_class, key});
            if (as_int(got.front().front()) == 1) {
                key_ = key;
                id_ = "pg/" + std::to_string(key) + "/" + pid + "/" + host_name();
                break;
            }
        }
    } else {
        id_ = sqlite_runner_id(getpid()).value();  // this process exists
    }
}

RunnerLease::~RunnerLease() = default;  // closing the connection releases the lock

void RunnerLease::keep_held() {
    std::lock_guard lock(mutex_);
    if (!holder_ || holder_->usable()) return;
    auto fresh = open_postgres(url_);
    auto got = fresh->query("SELECT pg_try_advisory_lock(?, ?)", {lock_class, key_});
    if (as_int(got.front().front()) != 1) {
        throw StorageError("import job runner: lock " + std::to_string(key_) + " is held by another process");
    }
    holder_ = std::move(fresh);
}

std::optional<std::string> sqlite_runner_id(long pid) {
    auto started = start_time_of(pid);
    if (!started) return std::nullopt;
    return "sqlite/" + std::to_string(pid) + "/" + *started + "/" + host_name();
}

bool runner_alive(Connection& c, const std::string& runner) {
    auto parts = split(runner, '/', 4);
    if (parts.size() != 4) return false;
    if (parts[0] == "pg" && c.dialect() == Dialect::postgres) {
        auto key = number(parts[1]);
        if (!key) return false;
        // Free means its holder is gone. The lock taken to find out lasts to the end of
        // this transaction (or statement) and keeps nobody out: no runner asks for it.
        auto free = c.query("SELECT pg_try_advisory_xact_lock(?, ?)", {lock_class, *key});
        return as_int(free.front().front()) == 0;
    }
    if (parts[0] == "sqlite" && c.dialect() == Dialect::sqlite) {
        auto pid = number(parts[1]);
        if (!pid || parts[3] != host_name()) return false;
        auto started = start_time_of(static_cast<long>(*pid));
        return started && *started == parts[2];
    }
    return false;
}

}  // namespace styrkort::storage
