// The lists as they stood on a past day, for `POST /match/{dataset}?as_of=YYYY-MM-DD` and
// `GET /search/{dataset}?as_of=...`: the versions in force that day are read from the
// version store of the data folder (history/history.h), loaded and indexed once, and kept
// in a small LRU cache keyed by the versions themselves, so every day between two list
// updates shares one snapshot and a version recorded later (a back-dated import) gives a
// new one.
//
// A snapshot from here has no scanner: it serves /match and /search only.
//
// Thread-safety: Get() is safe from many threads. Concurrent requests for the same
// versions wait for one build; requests for cached versions only take a short lock.
#ifndef EMBARGO_SERVER_AS_OF_H_
#define EMBARGO_SERVER_AS_OF_H_

#include <cstddef>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "common/error.h"
#include "server/service.h"

namespace embargo::server {

class AsOfSnapshots {
 public:
  // `data_dir`: the folder whose .embargo/history holds the versions. `capacity`: snapshots
  // kept (each is a whole index; at least 1).
  AsOfSnapshots(std::string data_dir, size_t capacity);

  // The lists in force on `day`. kInvalidArgument for a malformed day, kNotFound when no
  // version was in force then (or there is no history), kCorrupt for a damaged store.
  Result<std::shared_ptr<const Snapshot>> Get(std::string_view day);

  size_t builds() const;  // snapshots built so far (tests check the cache)

 private:
  using Built = std::shared_future<Result<std::shared_ptr<const Snapshot>>>;

  std::string data_dir_;
  size_t capacity_;
  mutable std::mutex mu_;
  std::list<std::pair<std::string, Built>> lru_;  // guarded by mu_; most recent first
  size_t builds_ = 0;                             // guarded by mu_
};

}  // namespace embargo::server

#endif  // EMBARGO_SERVER_AS_OF_H_
