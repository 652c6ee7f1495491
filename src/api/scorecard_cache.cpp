#include "api/scorecard_cache.hpp"

namespace styrkort::api {

std::optional<std::string> ScorecardCache::find(const std::string& key, std::int64_t version) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.first != version) return std::nullopt;
    return it->second.second;
}

void ScorecardCache::store(const std::string& key, std::int64_t version, std::string body) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries && !entries_.count(key)) entries_.clear();
    auto& entry = entries_[key];
    // A slower request must not replace a newer entry with an older one.
    if (entry.second.empty() || version >= entry.first) entry = {version, std::move(body)};
}

}  // namespace styrkort::api
