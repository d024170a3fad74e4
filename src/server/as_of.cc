// Snapshots of past list versions. The cache key is the ids of the versions in force on
// the day ("3,7"), so the manifest is read on every request (a small JSON file) and the
// lists only on a miss. A failed build is not cached: the next request tries again.
#include "server/as_of.h"

#include <unordered_set>

#include "history/history.h"

namespace embargo::server {

AsOfSnapshots::AsOfSnapshots(std::string data_dir, size_t capacity)
    : data_dir_(std::move(data_dir)), capacity_(capacity == 0 ? 1 : capacity) {}

size_t AsOfSnapshots::builds() const {
  std::lock_guard<std::mutex> lock(mu_);
  return builds_;
}

Result<std::shared_ptr<const Snapshot>> AsOfSnapshots::Get(std::string_view day) {
  auto versions = history::VersionsAsOf(data_dir_, day);
  if (!versions) return Fail(versions.error());
  std::string key;
  for (const auto& v : *versions) key += std::to_string(v.id) + ',';

  std::promise<Result<std::shared_ptr<const Snapshot>>> promise;
  Built built;
  bool mine = false;  // this request builds the entry
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = lru_.begin(); it != lru_.end(); ++it) {
      if (it->first != key) continue;
      lru_.splice(lru_.begin(), lru_, it);
      built = it->second;
      break;
    }
    if (!built.valid()) {
      mine = true;
      built = promise.get_future().share();
      lru_.emplace_front(key, built);
      // Requests still waiting on an evicted entry hold their own copy of its future.
      while (lru_.size() > capacity_) lru_.pop_back();
      ++builds_;
    }
  }
  if (!mine) return built.get();

  Result<std::shared_ptr<const Snapshot>> result =
      [&]() -> Result<std::shared_ptr<const Snapshot>> {
    // history::LoadAsOf() for exactly these versions (it would look them up again).
    ingest::LoadedLists lists;
    std::unordered_set<std::string> seen;
    for (const auto& v : *versions) {
      auto one = history::LoadVersion(data_dir_, v);
      if (!one) return Fail(one.error());
      for (auto& e : one->entities)
        if (seen.insert(e.id).second) lists.entities.push_back(std::move(e));
      for (auto& d : one->datasets) lists.datasets.push_back(std::move(d));  // version: the day
      for (auto& r : one->reports) lists.reports.push_back(std::move(r));
    }
    return BuildListsSnapshot(std::move(lists));
  }();
  if (!result) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = lru_.begin(); it != lru_.end(); ++it)
      if (it->first == key) {
        lru_.erase(it);
        break;
      }
  }
  promise.set_value(result);
  return result;
}

}  // namespace embargo::server
