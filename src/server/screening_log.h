// The audit of ad-hoc screenings over HTTP: every POST /match request is recorded in the
// store (store/monitor.h RecordScreenings: a screening of kind "match" with its queries,
// results, list versions and lists digest, and its entry on the audit chain) without the
// store sitting on the screening path. Request threads queue what they screened; one
// writer thread drains the queue, many requests per transaction, and computes each
// snapshot's lists digest once.
//
// Fail closed: a screening that cannot be queued (the writer is more than max_pending
// requests behind for longer than add_wait) is refused, and the request answers 503
// instead of results nobody recorded. A failed write is retried (every retry_interval)
// with nothing dropped; the destructor writes what is queued before it returns.
//
// Thread-safety: Add() and stats() are safe from many threads.
#ifndef EMBARGO_SERVER_SCREENING_LOG_H_
#define EMBARGO_SERVER_SCREENING_LOG_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "server/service.h"
#include "store/monitor.h"

namespace embargo::server {

struct ScreeningLogOptions {
  size_t max_pending = 10000;  // requests queued before Add() waits
  std::chrono::milliseconds add_wait{5000};
  size_t max_batch = 500;  // requests written in one transaction
  std::chrono::milliseconds retry_interval{1000};
};

class ScreeningLog {
 public:
  ScreeningLog(StoreOpener open, ScreeningLogOptions options = {});
  ~ScreeningLog();

  ScreeningLog(const ScreeningLog&) = delete;
  ScreeningLog& operator=(const ScreeningLog&) = delete;

  // Queues the screening of one request against `lists` (kept alive until written); fills
  // in its datasets, digest and entity count. false: refused (see above).
  bool Add(std::shared_ptr<const Snapshot> lists, store::AdHocScreening screening);

  // Blocks until everything queued before the call is written, or `timeout` passes.
  bool Flush(std::chrono::milliseconds timeout);

  struct Stats {
    uint64_t recorded = 0;      // screenings written
    uint64_t refused = 0;       // Add() calls that returned false
    uint64_t write_errors = 0;  // failed attempts to open the store or write a batch
    size_t pending = 0;         // queued, not yet written
  };
  Stats stats() const;

 private:
  struct Item {
    std::shared_ptr<const Snapshot> lists;
    store::AdHocScreening screening;
  };
  void Run();
  Status Write(std::deque<Item>& batch);

  StoreOpener open_;
  ScreeningLogOptions options_;
  mutable std::mutex mu_;
  std::condition_variable wake_, room_, written_;
  std::deque<Item> queue_;  // guarded by mu_
  uint64_t queued_total_ = 0, written_total_ = 0;
  Stats stats_;
  bool stop_ = false;
  // Writer thread only.
  std::unique_ptr<store::Store> store_;
  // Lists digests of the snapshots seen lately; weak, so no old index is kept alive.
  std::vector<std::pair<std::weak_ptr<const Snapshot>, std::string>> digests_;
  std::thread writer_;
};

}  // namespace embargo::server

#endif  // EMBARGO_SERVER_SCREENING_LOG_H_
