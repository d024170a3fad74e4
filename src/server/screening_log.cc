// The writer of ScreeningLog: takes up to max_batch requests off the queue, writes them in
// one transaction (RecordScreenings), and only then removes them; on a failure it keeps
// them, waits retry_interval and tries again (reopening the store).
#include "server/screening_log.h"

#include <fmt/format.h>

#include <cstdio>

namespace embargo::server {

ScreeningLog::ScreeningLog(StoreOpener open, ScreeningLogOptions options)
    : open_(std::move(open)), options_(options) {
  writer_ = std::thread([this] { Run(); });
}

ScreeningLog::~ScreeningLog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

bool ScreeningLog::Add(std::shared_ptr<const Snapshot> lists, store::AdHocScreening screening) {
  screening.datasets = lists->datasets;
  screening.entities = lists->index->entities().size();
  std::unique_lock<std::mutex> lock(mu_);
  if (!room_.wait_for(lock, options_.add_wait,
                      [&] { return stop_ || queue_.size() < options_.max_pending; }) ||
      stop_) {
    ++stats_.refused;
    return false;
  }
  queue_.push_back({std::move(lists), std::move(screening)});
  ++queued_total_;
  lock.unlock();
  wake_.notify_one();
  return true;
}

bool ScreeningLog::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  uint64_t target = queued_total_;
  return written_.wait_for(lock, timeout, [&] { return written_total_ >= target; });
}

ScreeningLog::Stats ScreeningLog::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  Stats s = stats_;
  s.pending = queue_.size();
  return s;
}

Status ScreeningLog::Write(std::deque<Item>& batch) {
  if (!store_) {
    auto st = open_();
    if (!st) return Fail(st.error());
    store_ = std::move(*st);
  }
  std::vector<store::AdHocScreening> screenings;
  screenings.reserve(batch.size());
  for (auto& item : batch) {
    std::erase_if(digests_, [](const auto& d) { return d.first.expired(); });
    const std::string* digest = nullptr;
    for (const auto& d : digests_)
      if (!d.first.owner_before(item.lists) && !item.lists.owner_before(d.first))
        digest = &d.second;
    if (digest == nullptr) {
      digests_.emplace_back(item.lists, store::ListsDigest(*item.lists->index, 1));
      digest = &digests_.back().second;
    }
    screenings.push_back(item.screening);
    screenings.back().lists_digest = *digest;
  }
  auto ids = store::RecordScreenings(*store_, screenings);
  if (!ids) {
    store_.reset();  // a broken connection is reopened on the next attempt
    return Fail(ids.error());
  }
  return {};
}

void ScreeningLog::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    size_t n = std::min(queue_.size(), options_.max_batch);
    std::deque<Item> batch(std::make_move_iterator(queue_.begin()),
                           std::make_move_iterator(queue_.begin() + n));
    queue_.erase(queue_.begin(), queue_.begin() + n);
    lock.unlock();
    Status written = Write(batch);
    lock.lock();
    if (!written) {
      ++stats_.write_errors;
      fmt::print(stderr, "embargo serve: recording {} screenings for the audit failed: {}\n", n,
                 written.error().ToString());
      // Back to the front, in order, and try again later (sooner when stopping).
      queue_.insert(queue_.begin(), std::make_move_iterator(batch.begin()),
                    std::make_move_iterator(batch.end()));
      wake_.wait_for(lock, stop_ ? options_.retry_interval / 10 : options_.retry_interval,
                     [&] { return false; });
      if (stop_ && stats_.write_errors > 20) {
        fmt::print(stderr, "embargo serve: {} screenings could not be recorded at shutdown\n",
                   queue_.size());
        return;
      }
      continue;
    }
    stats_.recorded += n;
    written_total_ += n;
    room_.notify_all();
    written_.notify_all();
  }
}

}  // namespace embargo::server
