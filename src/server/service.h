// The HTTP API of `embargo serve`, independent of any transport: a request goes in, a
// response comes out. Endpoints follow OpenSanctions yente so its clients work
// unchanged (POST /match/{dataset}, GET /search/{dataset}, GET /entities/{id},
// GET /catalog, GET /algorithms, GET /healthz, GET /readyz), plus embargo's own
// POST /scan (text, HTML, PDF or payment messages), GET /metrics (Prometheus),
// GET /openapi.json, POST /admin/reload and the analyst web page at `/`. With a store, the
// alert queue and decisions (/alerts, server/alerts.h); with a version store, /match and
// /search as the lists stood on a day (?as_of=YYYY-MM-DD, server/as_of.h).
//
// The lists live in an immutable Snapshot (entities, index, scanner, payment screener).
// Reload() builds a new one from the loader and swaps it in atomically: requests in
// flight finish on the snapshot they started with; when a reload fails the last good
// snapshot keeps serving and /readyz reports the failure.
//
//   server::Service service(loader, options);
//   if (auto ok = service.Reload(); !ok) ...;          // first load
//   server::Response r = service.Handle(request);      // from any thread
//
// Thread-safety: Handle() is safe from many threads; Reload() may run concurrently with
// Handle() (reloads themselves are serialised).
#ifndef EMBARGO_SERVER_SERVICE_H_
#define EMBARGO_SERVER_SERVICE_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "index/index.h"
#include "ingest/loader.h"
#include "scan/payment_screen.h"
#include "scan/scanner.h"
#include "server/metrics.h"

namespace embargo::store {
class Store;
}

namespace embargo::server {

class AlertDesk;
class AsOfSnapshots;
class ScreeningLog;

struct Request {
  std::string method;  // "GET", "POST", "OPTIONS", ...
  std::string target;  // path and query string as received ("/search/default?q=x")
  std::string body;
  std::string content_type;   // Content-Type header
  std::string authorization;  // Authorization header ("ApiKey K" or "Bearer K")
  std::string api_key;        // X-API-Key header
  std::string origin;         // Origin header (CORS)
  std::string user;           // X-Embargo-User header: who acts on /alerts
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  Endpoint endpoint = Endpoint::kOther;                      // for metrics and the log
};

// The FtM "properties" of each listed entity as JSON text, made on first use and kept
// for the snapshot's life: building them costs more than screening the query that names
// the entity, and answers name the same few entities again and again.
// Thread-safe; at most one text is kept per entity (a racing duplicate is discarded).
class PropertiesText {
 public:
  explicit PropertiesText(size_t entities);
  ~PropertiesText();
  PropertiesText(const PropertiesText&) = delete;
  PropertiesText& operator=(const PropertiesText&) = delete;
  // REQUIRES: entity < the size given, and index the snapshot's own.
  const std::string& Get(const index::Index& index, uint32_t entity) const;

 private:
  std::unique_ptr<std::atomic<const std::string*>[]> slots_;
  size_t size_;
};

// Everything a request reads, built once per list version and never changed.
struct Snapshot {
  std::vector<model::Dataset> datasets;
  std::vector<ingest::LoadReport> reports;
  std::unique_ptr<const index::Index> index;
  std::unique_ptr<const scan::Scanner> scanner;
  std::unique_ptr<const scan::PaymentScreener> payments;
  std::string version;     // short hash of the datasets' names, versions and files
  std::string lists_json;  // [{"dataset", "version"}] as JSON text, added to /match answers
  std::unique_ptr<const PropertiesText> properties;  // per entity of `index`
  std::chrono::system_clock::time_point loaded_at;
  double build_seconds = 0;
};

// Builds a snapshot from loaded lists (takes the entities), or, when `prebuilt` is given,
// around that index (lists.entities then unused: an index snapshot file's).
std::shared_ptr<const Snapshot> BuildSnapshot(ingest::LoadedLists lists,
                                              const scan::Options& scan_options,
                                              const scan::PaymentOptions& payment_options,
                                              std::unique_ptr<const index::Index> prebuilt = {});

// The index alone (no scanner, no payment screener): serves /match and /search only.
std::shared_ptr<const Snapshot> BuildListsSnapshot(ingest::LoadedLists lists);

// Where lists come from: called by every Reload().
using Loader = std::function<Result<ingest::LoadedLists>()>;
// Where a prebuilt index comes from (an index snapshot file): fills the lists' datasets
// and reports and returns the index.
using IndexLoader =
    std::function<Result<std::unique_ptr<const index::Index>>(ingest::LoadedLists*)>;

// Opens the alert store (store/store.h) on first use of /alerts; kNotFound = none yet.
using StoreOpener = std::function<Result<std::unique_ptr<store::Store>>()>;

// Options (defaults in brackets):
//   max_queries [100]   queries accepted in one /match request (yente's MAX_BATCH)
//   max_limit [500]     largest `limit` accepted
//   api_keys []         when set, every endpoint but /, /healthz, /readyz needs one
//                       ("Authorization: ApiKey K", "Authorization: Bearer K" or
//                       "X-API-Key: K"), compared in constant time
//   api_key_users []    the user each key acts for ("" = none): a key with a user
//                       authenticates that user for /alerts decisions and the audit of
//                       /match; X-Embargo-User may only repeat it (else 403)
//   cors_origins []     origins allowed to call the API from a browser ("*" = any)
//   open_store [none]   the alert store for /alerts; none = /alerts answers 404
//   record_store [none] the store every /match request is recorded in for the audit
//                       (server/screening_log.h); none = not recorded
//   record_when [none]  with record_store: /match is recorded only once this returns
//                       true, asked at most once a second until it does (the default store
//                       that `embargo monitor` creates after the server started)
//   history_dir [""]    data folder whose version store answers ?as_of= ("" = 400)
//   as_of_cache [2]     past-day snapshots kept (each holds a whole index)
//   index_loader [none] when set, Reload() takes the index from it instead of building
//                       one from the Loader's lists (the Loader is not called)
struct ServiceOptions {
  size_t max_queries = 100;
  size_t max_limit = 500;
  std::vector<std::string> api_keys;
  std::vector<std::string> api_key_users;  // per api_keys entry: the user it acts for, or ""
  std::vector<std::string> cors_origins;
  scan::Options scan;
  scan::PaymentOptions payments;
  std::string engine_version = "0.1.0";
  StoreOpener open_store;
  StoreOpener record_store;
  std::function<bool()> record_when;
  std::string history_dir;
  size_t as_of_cache = 2;
  IndexLoader index_loader;
};

class Service {
 public:
  Service(Loader loader, ServiceOptions options);
  ~Service();

  // Loads the lists and swaps the new snapshot in. On failure the current snapshot (if
  // any) stays and the error is kept for /readyz.
  Result<void> Reload();

  // Handles one request. Never throws.
  Response Handle(const Request& request);

  std::shared_ptr<const Snapshot> snapshot() const { return snapshot_.load(); }
  Metrics& metrics() { return metrics_; }
  const ServiceOptions& options() const { return options_; }

 private:
  Response Route(const Request& request, const std::string& path, const std::string& query);
  // Index of the API key the request carries; -1 for none or a wrong one.
  int KeyIndex(const Request& request) const;
  void AddCors(const Request& request, Response* response) const;
  // Whether this /match request is recorded (log_ set, and record_when has said yes).
  bool Recording();

  Loader loader_;
  ServiceOptions options_;
  std::vector<std::string> key_digests_;  // SHA-256 of each API key
  std::atomic<std::shared_ptr<const Snapshot>> snapshot_;
  Metrics metrics_;
  std::unique_ptr<AlertDesk> alerts_;          // null without options_.open_store
  std::unique_ptr<AsOfSnapshots> as_of_;       // null without options_.history_dir
  std::unique_ptr<ScreeningLog> log_;          // null without options_.record_store
  std::atomic<bool> recording_{false};         // record_when said yes (or there is none)
  std::atomic<int64_t> next_record_check_{0};  // steady-clock ms of the next ask
  std::mutex reload_mu_;                       // one reload at a time
  mutable std::mutex error_mu_;
  std::string last_error_;  // of the last failed reload, "" after a good one
  std::chrono::system_clock::time_point last_error_at_;
};

// Percent-decodes a URL component ('+' as space when `plus_is_space`).
std::string UrlDecode(std::string_view s, bool plus_is_space = true);

}  // namespace embargo::server

#endif  // EMBARGO_SERVER_SERVICE_H_
