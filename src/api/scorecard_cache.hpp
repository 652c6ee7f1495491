#pragma once
// Computed scorecards, kept per (organisation, unit, period, thresholds, plan) with the
// organisation's data version they were computed at. A change anywhere in the
// organisation raises the version (storage::data_version), so an entry is served only
// while nothing has changed since; the version is read before the data, on the same
// connection (so on the same server, primary or standby, whose state only moves
// forward), so an entry can only be labelled older than its data, never newer.
// The answer depends on nothing else: who asks only decides whether they may see it
// (membership of the organisation, checked before every lookup, fast path or not).
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace styrkort::api {

class ScorecardCache {
public:
    struct Entry {
        std::string body;
        std::string etag;  // of body (api/etag.hpp), computed once when stored
    };
    std::shared_ptr<const Entry> find(const std::string& key, std::int64_t version);
    void store(const std::string& key, std::int64_t version, std::string body);

private:
    static constexpr std::size_t max_entries = 512;  // then start afresh: simple, bounded
    std::mutex mutex_;
    std::map<std::string, std::pair<std::int64_t, std::shared_ptr<const Entry>>, std::less<>> entries_;
};

}  // namespace styrkort::api
