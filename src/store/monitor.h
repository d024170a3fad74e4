// Ongoing monitoring: screens the customers kept in a Store against the loaded lists and
// turns hits at or above the threshold into alerts, remembering decisions:
//  - ScreenPending: customers added or changed since their last screening (`monitor add`);
//  - RunFull: every customer against every entity (`monitor run`);
//  - RunDelta: pending customers in full, every other customer only against the entities
//    added or changed since the list state of the last full or delta run (`monitor run
//    --delta`). The changed entities get an index of their own; a customer whose names
//    come near one of them (score >= delta_prefilter there) is screened again against the
//    full index, so scores and ranks are those a full run would give.
// A pair (customer, entity) decided false_positive (or confirmed true_match) is not raised
// again while both record hashes are unchanged; after a change it is, with the changed
// fields. A whitelisted pair (approved) is never raised again. Each run is one transaction with its
// audit entry, and stores for every customer with an alert the query and the result, which Replay()
// reruns.
//
// Thread-safety: functions screen on opts.threads threads; the Store is used from the
// calling thread only.
#ifndef EMBARGO_STORE_MONITOR_H_
#define EMBARGO_STORE_MONITOR_H_

#include <functional>
#include <string>
#include <vector>

#include "index/index.h"
#include "model/entity.h"
#include "screen/screen.h"
#include "store/store.h"

namespace embargo::store {

// MonitorOptions (defaults in brackets):
//   screen [threshold 0.70, limit 5, ...]  the screening options (screen/screen.h)
//   threads [0 = every core]
//   engine_version [""]     recorded with each run
//   actor ["embargo"]       who ran it, for the audit log
//   delta_prefilter [0.40]  RunDelta: score against the changed entities alone from which a
//                           customer is screened again against the full lists
//   progress [none]         called after each chunk with (customers done, total)
struct MonitorOptions {
  screen::Options screen;
  unsigned threads = 0;
  std::string engine_version;
  std::string actor = "embargo";
  double delta_prefilter = 0.40;
  std::function<void(size_t, size_t)> progress;
};

// The lists screened against. REQUIRES: index outlives the call.
struct ScreeningLists {
  const index::Index* index = nullptr;
  std::vector<model::Dataset> datasets;  // names and versions, recorded with the run
};

struct RunSummary {
  int64_t screening_id = 0;
  std::string kind;            // "add", "full" or "delta"
  size_t customers = 0;        // customers screened
  size_t entities = 0;         // entities screened against (delta: added or changed ones)
  size_t alerts = 0;           // new alerts
  size_t realerts = 0;         // of which raised again after a record changed
  size_t suppressed = 0;       // hits on pairs already decided, both records unchanged
  size_t already_open = 0;     // hits on pairs with an alert still open
  bool full_fallback = false;  // delta asked, but no list state was recorded: ran in full
  double seconds = 0;
  double write_seconds = 0;  // of which the write transaction (other writers wait)
};

Result<RunSummary> ScreenPending(Store& store, const ScreeningLists& lists,
                                 const MonitorOptions& options);
Result<RunSummary> RunFull(Store& store, const ScreeningLists& lists,
                           const MonitorOptions& options);
Result<RunSummary> RunDelta(Store& store, const ScreeningLists& lists,
                            const MonitorOptions& options);

// Ad-hoc screenings (`embargo match`, POST /match) are kept for the audit too: each request
// becomes a screening of kind "match" (or "batch" for a chunk of `embargo match --input`)
// with every query and what it returned, so `audit replay` reruns it like a monitoring run.

// The digest of the entities in `index` recorded with every screening (lists_digest): equal
// exactly when the same entities, unchanged, are screened against. Hashes every entity:
// compute it once per index.
std::string ListsDigest(const index::Index& index, unsigned threads = 0);

// One query of a screening as recorded: its id (else its first name), the query as CustomerRecord() JSON and the
// result as Replay() compares it ([{"id", "score", "match"}]), both canonical JSON text.
struct ScreeningRecord {
  std::string id, query, result;
  bool match = false;  // some hit at or above the threshold
};
ScreeningRecord MakeScreeningRecord(const index::Index& index, const screen::Query& query,
                                    const screen::Response& response);

struct AdHocScreening {
  std::string kind = "match";
  std::string actor;                     // who asked: a user name, "http", ...
  std::string started_at;                // UTC ISO 8601; "" = when recorded
  std::vector<model::Dataset> datasets;  // the lists screened against (names, versions)
  std::string lists_digest;              // ListsDigest() of their index
  size_t entities = 0;                   // entities in that index
  screen::Options options;
  std::string engine_version;
  std::vector<ScreeningRecord> records;
};

// Writes each screening with its records and its audit entry ("screening.match"), all in one
// transaction; returns their ids in order.
Result<std::vector<int64_t>> RecordScreenings(Store& store,
                                              const std::vector<AdHocScreening>& screenings);

struct ReplayResult {
  int64_t screening_id = 0;
  std::string kind, started_at;
  bool lists_same = false;        // the lists given hold exactly the entities screened then
  nlohmann::json recorded_lists;  // [{dataset, version}] of the run
  size_t records = 0, same = 0;
  std::vector<std::string> differences;  // one line per record that differs
};

// Reruns the queries recorded by screening `screening_id` with its recorded options against
// `lists`. kNotFound when there is no such screening.
Result<ReplayResult> Replay(Store& store, int64_t screening_id, const ScreeningLists& lists,
                            unsigned threads = 0);

}  // namespace embargo::store

#endif  // EMBARGO_STORE_MONITOR_H_
