#pragma once
// Latencies and outcomes of the load generator's requests, per kind ("sign-in",
// "read", "write", "static"): every latency is kept (a million requests are 8 MB),
// so p50 and p99 are exact, not estimated from buckets.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace styrkort::load {

struct Tally {
    std::vector<std::int64_t> micros;  // latency of each answered request
    std::int64_t ok = 0;               // 2xx (and the expected 401 of a signed-out /auth/me)
    std::int64_t conflicts = 0;        // 409: an honest version conflict (stale row_version)
    std::int64_t errors = 0;           // any other status, or no answer
    std::map<int, std::int64_t> by_status;
    std::int64_t bytes = 0;            // response bodies

    void add(std::chrono::steady_clock::duration took, int status, std::size_t body_bytes) {
        micros.push_back(std::chrono::duration_cast<std::chrono::microseconds>(took).count());
        ++by_status[status];
        bytes += static_cast<std::int64_t>(body_bytes);
        if (status >= 200 && status < 300) {
            ++ok;
        } else if (status == 409) {
            ++conflicts;
        } else {
            ++errors;
        }
    }
    void failed() {
        ++errors;
        ++by_status[0];
    }
    void merge(const Tally& o) {
        micros.insert(micros.end(), o.micros.begin(), o.micros.end());
        ok += o.ok;
        conflicts += o.conflicts;
        errors += o.errors;
        bytes += o.bytes;
        for (auto [s, n] : o.by_status) by_status[s] += n;
    }
    [[nodiscard]] std::int64_t requests() const { return ok + conflicts + errors; }
    // The q-quantile in milliseconds (nearest rank); 0 without samples.
    [[nodiscard]] double quantile_ms(double q) {
        if (micros.empty()) return 0;
        std::sort(micros.begin(), micros.end());
        auto rank = static_cast<std::size_t>(q * static_cast<double>(micros.size() - 1) + 0.5);
        return static_cast<double>(micros[std::min(rank, micros.size() - 1)]) / 1000.0;
    }
};

}  // namespace styrkort::load
