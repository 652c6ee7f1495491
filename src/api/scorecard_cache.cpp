#include "api/scorecard_cache.hpp"

#include "api/etag.hpp"

namespace styrkort::api {

std::shared_ptr<const ScorecardCache::Entry> ScorecardCache::find(const std::string& key, std::int64_t version) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.first != version) return nullptr;
    return it->second.second;  // shared: the body is copied once, into the response, outside the lock
}

void ScorecardCache::store(const std::string& key, std::int64_t version, std::string body) {
    auto tag = etag_of(body);
    auto entry = std::make_shared<const Entry>(Entry{std::move(body), std::move(tag)});
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries && !entries_.count(key)) entries_.clear();
    auto& slot = entries_[key];
    // A slower request must not replace a newer entry with an older one.
    if (!slot.second || version >= slot.first) slot = {version, std::move(entry)};
}

}  // namespace styrkort::api
