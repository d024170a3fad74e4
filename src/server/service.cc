#include "server/service.h"

#include <fmt/format.h>
#include <malloc.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "model/country.h"
#include "model/ftm.h"
#include "payment/payment.h"
#include "scan/document.h"
#include "screen/screen.h"
#include "server/alerts.h"
#include "server/as_of.h"
#include "server/openapi.h"
#include "server/screening_log.h"
#include "server/web_assets.h"

namespace embargo::server {
namespace {

using nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kAlgorithm = "embargo-v1";
constexpr size_t kMaxExcludedIds = 50;  // yente's bound on exclude_entity_ids

Response JsonResponse(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

Response Error(int status, std::string_view detail) {
  return JsonResponse(status, json{{"detail", detail}});
}

std::string Sha256(std::string_view s) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

Params ParseQuery(std::string_view query) {
  Params out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = UrlDecode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1));
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

const std::string* Param(const Params& params, std::string_view key) {
  for (const auto& [k, v] : params)
    if (k == key) return &v;
  return nullptr;
}

std::vector<std::string> AllParams(const Params& params, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& [k, v] : params)
    if (k == key) out.push_back(v);
  return out;
}

// Numeric query parameter: nullopt when absent; an error response when malformed.
template <typename T>
Result<std::optional<T>> Number(const Params& params, std::string_view key, T lo, T hi) {
  const std::string* v = Param(params, key);
  if (!v) return std::optional<T>();
  T out{};
  const char* end = v->data() + v->size();
  auto [ptr, ec] = std::from_chars(v->data(), end, out);
  if (ec != std::errc() || ptr != end || !(out >= lo && out <= hi))
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("query parameter '{}': expected a number from {} to {}, got '{}'", key,
                            lo, hi, *v));
  return std::optional<T>(out);
}

// Datasets a request may see: the path's dataset ("default", "sanctions" and "all" mean
// every loaded list) narrowed by include_dataset and exclude_dataset. nullopt when the
// path names no loaded dataset (404).
std::optional<std::vector<std::string>> SelectDatasets(const Snapshot& s, std::string_view name,
                                                       const Params& params) {
  std::set<std::string> loaded;
  for (const auto& d : s.datasets) loaded.insert(d.name);
  std::set<std::string> chosen;
  if (name == "default" || name == "sanctions" || name == "all") {
    chosen = loaded;
  } else if (loaded.count(std::string(name))) {
    chosen.insert(std::string(name));
  } else {
    return std::nullopt;
  }
  std::vector<std::string> include = AllParams(params, "include_dataset");
  if (!include.empty()) {
    std::set<std::string> keep;
    for (const auto& d : include)
      if (chosen.count(d)) keep.insert(d);
    chosen = std::move(keep);
    if (chosen.empty()) chosen.insert("\x01none");  // nothing matches, not "all"
  }
  for (const auto& d : AllParams(params, "exclude_dataset")) chosen.erase(d);
  if (chosen.empty()) chosen.insert("\x01none");
  if (chosen == loaded) return std::vector<std::string>();  // no filter needed
  return std::vector<std::string>(chosen.begin(), chosen.end());
}

// One result in yente's ScoredEntityResponse shape: HitToJson plus properties, target,
// and features as a {name: contribution} map.
// A result's "properties" are a marker until the answer is text: SpliceProperties() then
// puts the entity's cached properties text (PropertiesText) in the marker's place. The
// marker is a control character (written \u0001 in JSON text), a random nonce drawn once
// per process, and the entity's number, so no text that a client sends or a list holds
// can pose as one.
const std::string& MarkerNonce() {
  static const std::string nonce = [] {
    std::random_device rd;
    return fmt::format("{:08x}{:08x}", rd(), rd());
  }();
  return nonce;
}

std::string PropertiesMarker(uint32_t entity) {
  return "\x01" + MarkerNonce() + std::to_string(entity);
}

void SpliceProperties(const Snapshot& s, std::string* body) {
  const std::string prefix = "\"\\u0001" + MarkerNonce();
  size_t at = body->find(prefix);
  if (at == std::string::npos) return;
  std::string out;
  out.reserve(body->size() * 2);
  size_t done = 0;
  while (at != std::string::npos) {
    const size_t digits = at + prefix.size();
    uint32_t entity = 0;
    auto [ptr, ec] = std::from_chars(body->data() + digits, body->data() + body->size(), entity);
    const size_t end = static_cast<size_t>(ptr - body->data());
    if (ec != std::errc() || end >= body->size() || (*body)[end] != '"' ||
        entity >= s.index->entities().size()) {
      at = body->find(prefix, at + 1);  // not a marker of ours: left as it is
      continue;
    }
    out.append(*body, done, at - done);
    out += s.properties->Get(*s.index, entity);
    done = end + 1;
    at = body->find(prefix, done);
  }
  out.append(*body, done, std::string::npos);
  *body = std::move(out);
}

json ResultJson(const index::Index& index, const screen::Hit& hit) {
  json r = screen::HitToJson(index, hit);
  const model::Entity& e = index.entities()[hit.entity];
  r["properties"] = PropertiesMarker(hit.entity);
  r["referents"] = json::array();
  r["target"] = true;
  json features = json::object();
  features["name"] = hit.score.name_score;
  for (const auto& f : hit.score.features) features[f.name] = f.contribution;
  r["features"] = std::move(features);
  if (!e.listed_on.empty()) r["first_seen"] = e.listed_on;
  return r;
}

bool HasCountry(const model::Entity& e, const std::set<std::string>& countries) {
  for (const auto* list : {&e.countries, &e.nationalities, &e.citizenships})
    for (const auto& c : *list)
      if (countries.count(c)) return true;
  return false;
}

json MatcherJson() {
  return {{"name", kAlgorithm},
          {"description",
           "Order-free alignment of name parts weighted by rarity on the lists (Levenshtein "
           "and Jaro-Winkler per part, transliteration and given-name equivalents), then "
           "evidence: birth date, nationality or country, gender, identifiers, schema."},
          {"features",
           {{"name", "name similarity after part alignment, 0..1"},
            {"birth_date", "same day / year / one year apart / conflicting"},
            {"country", "nationality or country agrees or conflicts"},
            {"gender", "gender conflicts"},
            {"identifier", "an identifier (passport, tax id, IMO, ...) equal on both"}}}};
}

}  // namespace

std::string UrlDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

PropertiesText::PropertiesText(size_t entities)
    : slots_(new std::atomic<const std::string*>[entities]), size_(entities) {
  for (size_t i = 0; i < size_; ++i) slots_[i].store(nullptr, std::memory_order_relaxed);
}

PropertiesText::~PropertiesText() {
  for (size_t i = 0; i < size_; ++i) delete slots_[i].load(std::memory_order_relaxed);
}

const std::string& PropertiesText::Get(const index::Index& index, uint32_t entity) const {
  std::atomic<const std::string*>& slot = slots_[entity];
  if (const std::string* text = slot.load(std::memory_order_acquire)) return *text;
  json ftm = model::ToFtm(index.entities()[entity]);
  auto made = std::make_unique<const std::string>(
      ftm["properties"].dump(-1, ' ', false, json::error_handler_t::replace));
  const std::string* expected = nullptr;
  if (slot.compare_exchange_strong(expected, made.get(), std::memory_order_acq_rel))
    return *made.release();
  return *expected;  // another request made it first
}

namespace {

// The snapshot's lists and index; the scanners are added by BuildSnapshot().
std::shared_ptr<Snapshot> BuildIndexed(ingest::LoadedLists lists,
                                       std::unique_ptr<const index::Index> prebuilt = {}) {
  auto s = std::make_shared<Snapshot>();
  s->datasets = std::move(lists.datasets);
  s->reports = std::move(lists.reports);
  std::string fingerprint;
  json versions = json::array();
  for (const auto& d : s->datasets) {
    fingerprint += d.name + '\0' + d.version + '\0';
    for (const auto& f : d.files) fingerprint += f + '\0';
    versions.push_back({{"dataset", d.name}, {"version", d.version}});
  }
  fingerprint += std::to_string(prebuilt ? prebuilt->entities().size() : lists.entities.size());
  s->lists_json = versions.dump(-1, ' ', false, json::error_handler_t::replace);
  s->index = prebuilt ? std::move(prebuilt) : index::Index::Build(std::move(lists.entities));
  s->properties = std::make_unique<const PropertiesText>(s->index->entities().size());
  s->version = fmt::format("{:016x}", XXH3_64bits(fingerprint.data(), fingerprint.size()));
  return s;
}

// Adds "lists" (the versions screened against) and, for a past day, "as_of" to a JSON
// object answer, without parsing it again.
void AddLists(const Snapshot& s, const std::string* as_of, Response* r) {
  if (r->body.empty() || r->body.back() != '}') return;
  r->body.pop_back();
  r->body += ",\"lists\":";
  r->body += s.lists_json;
  if (as_of) r->body += ",\"as_of\":" + json(*as_of).dump();
  r->body += '}';
}

}  // namespace

std::shared_ptr<const Snapshot> BuildSnapshot(ingest::LoadedLists lists,
                                              const scan::Options& scan_options,
                                              const scan::PaymentOptions& payment_options,
                                              std::unique_ptr<const index::Index> prebuilt) {
  auto start = std::chrono::steady_clock::now();
  std::shared_ptr<Snapshot> s = BuildIndexed(std::move(lists), std::move(prebuilt));
  s->scanner = scan::Scanner::Build(*s->index, scan_options);
  s->payments = scan::PaymentScreener::Build(*s->scanner, payment_options);
  s->loaded_at = std::chrono::system_clock::now();
  s->build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

std::shared_ptr<const Snapshot> BuildListsSnapshot(ingest::LoadedLists lists) {
  auto start = std::chrono::steady_clock::now();
  std::shared_ptr<Snapshot> s = BuildIndexed(std::move(lists));
  s->loaded_at = std::chrono::system_clock::now();
  s->build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

Service::Service(Loader loader, ServiceOptions options)
    : loader_(std::move(loader)), options_(std::move(options)) {
  for (const auto& k : options_.api_keys) key_digests_.push_back(Sha256(k));
  if (options_.open_store) alerts_ = std::make_unique<AlertDesk>(options_.open_store);
  if (!options_.history_dir.empty())
    as_of_ = std::make_unique<AsOfSnapshots>(options_.history_dir, options_.as_of_cache);
  if (options_.record_store) log_ = std::make_unique<ScreeningLog>(options_.record_store);
  recording_ = log_ && !options_.record_when;
}

bool Service::Recording() {
  if (!log_) return false;
  if (recording_.load(std::memory_order_relaxed)) return true;
  // Asked at most once a second, by whichever request comes first after that.
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  int64_t next = next_record_check_.load(std::memory_order_relaxed);
  if (now < next || !next_record_check_.compare_exchange_strong(next, now + 1000)) return false;
  if (!options_.record_when()) return false;
  recording_.store(true, std::memory_order_relaxed);
  return true;
}

Service::~Service() = default;

Result<void> Service::Reload() {
  std::lock_guard<std::mutex> lock(reload_mu_);
  Result<ingest::LoadedLists> lists = Fail(ErrorCode::kInternal, "no list loader");
  std::unique_ptr<const index::Index> prebuilt;
  if (options_.index_loader) {
    lists = ingest::LoadedLists{};
    auto loaded = options_.index_loader(&*lists);
    if (loaded)
      prebuilt = std::move(*loaded);
    else
      lists = Fail(loaded.error());
  } else if (loader_) {
    lists = loader_();
  }
  if (!lists) {
    metrics_.reloads_failed.fetch_add(1);
    std::lock_guard<std::mutex> el(error_mu_);
    last_error_ = lists.error().ToString();
    last_error_at_ = std::chrono::system_clock::now();
    return Fail(lists.error());
  }
  std::shared_ptr<const Snapshot> old = snapshot_.exchange(
      BuildSnapshot(std::move(*lists), options_.scan, options_.payments, std::move(prebuilt)));
  metrics_.reloads_ok.fetch_add(1);
  // Free the old lists here once the requests still reading them are done (they hold
  // their own reference), then hand the freed pages back to the system: without that,
  // each swap left the old index's memory in malloc's arenas and RSS grew per swap.
  for (int i = 0; old && old.use_count() > 1 && i < 500; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  old.reset();
  malloc_trim(0);
  std::lock_guard<std::mutex> el(error_mu_);
  last_error_.clear();
  return {};
}

int Service::KeyIndex(const Request& request) const {
  if (key_digests_.empty()) return -1;
  std::string_view key = request.api_key;
  std::string_view auth = request.authorization;
  for (std::string_view scheme : {"ApiKey ", "Bearer "})
    if (key.empty() && auth.size() > scheme.size() && auth.substr(0, scheme.size()) == scheme)
      key = auth.substr(scheme.size());
  if (key.empty()) return -1;
  // Compare digests, always against every key, so the time taken says nothing about
  // how much of which key was right.
  std::string digest = Sha256(key);
  int found = -1;
  for (size_t i = 0; i < key_digests_.size(); ++i) {
    const auto& d = key_digests_[i];
    bool same = CRYPTO_memcmp(d.data(), digest.data(), d.size()) == 0;
    found = same ? static_cast<int>(i) : found;
  }
  return found;
}

void Service::AddCors(const Request& request, Response* response) const {
  if (request.origin.empty() || options_.cors_origins.empty()) return;
  bool any = false, listed = false;
  for (const auto& o : options_.cors_origins) {
    if (o == "*") any = true;
    if (o == request.origin) listed = true;
  }
  if (!any && !listed) return;
  response->headers.emplace_back("Access-Control-Allow-Origin", listed ? request.origin : "*");
  if (listed) response->headers.emplace_back("Vary", "Origin");
}

Response Service::Handle(const Request& request) {
  std::string_view target = request.target;
  size_t qmark = target.find('?');
  std::string path = UrlDecode(target.substr(0, qmark), false);
  std::string query = qmark == std::string_view::npos ? "" : std::string(target.substr(qmark + 1));
  Response r;
  try {
    if (request.method == "OPTIONS") {
      r.status = 204;
      r.content_type.clear();
      if (!options_.cors_origins.empty() && !request.origin.empty()) {
        r.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        r.headers.emplace_back("Access-Control-Allow-Headers",
                               "Authorization, Content-Type, X-API-Key, X-Embargo-User");
        r.headers.emplace_back("Access-Control-Max-Age", "600");
      }
    } else {
      r = Route(request, path, query);
    }
  } catch (const std::exception& e) {
    r = Error(500, std::string("internal error: ") + e.what());
  }
  AddCors(request, &r);
  return r;
}

Response Service::Route(const Request& request, const std::string& path, const std::string& query) {
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  auto method_not_allowed = [] { return Error(405, "Method Not Allowed"); };

  // Open endpoints: the web page and the probes.
  if (std::string_view content_type; get && WebAsset(path, &content_type).data()) {
    Response r;
    r.endpoint = Endpoint::kStatic;
    r.body = std::string(WebAsset(path, &content_type));
    r.content_type = std::string(content_type);
    r.headers.emplace_back("Cache-Control", "no-cache");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'");
    return r;
  }
  if (path == "/healthz") {
    Response r = JsonResponse(200, json{{"status", "ok"}});
    r.endpoint = Endpoint::kHealth;
    return r;
  }
  std::shared_ptr<const Snapshot> snap = snapshot_.load();
  if (path == "/readyz") {
    Response r;
    std::string error;
    {
      std::lock_guard<std::mutex> el(error_mu_);
      error = last_error_;
    }
    if (!snap) {
      r = Error(503, error.empty() ? "Index not ready" : "Index not ready: " + error);
    } else {
      json j = {{"status", error.empty() ? "ok" : "stale"},
                {"version", snap->version},
                {"entities", snap->index->entities().size()}};
      if (!error.empty()) j["last_reload_error"] = error;
      r = JsonResponse(200, j);
    }
    r.endpoint = Endpoint::kHealth;
    return r;
  }

  const int key = KeyIndex(request);
  if (!key_digests_.empty() && key < 0) {
    metrics_.rejected_auth.fetch_add(1, std::memory_order_relaxed);
    Response r = Error(401, "Invalid or missing API key");
    r.headers.emplace_back("WWW-Authenticate", "ApiKey");
    return r;
  }
  // The acting user (alert decisions, the audit of /match): the key's user when the key
  // names one (X-Embargo-User may only repeat it), else the X-Embargo-User header.
  std::string user = request.user;
  if (key >= 0 && static_cast<size_t>(key) < options_.api_key_users.size() &&
      !options_.api_key_users[key].empty()) {
    const std::string& bound = options_.api_key_users[key];
    if (!user.empty() && user != bound)
      return Error(403, fmt::format("this API key acts for '{}', not for '{}' (X-Embargo-User)",
                                    bound, user));
    user = bound;
  }

  if (path == "/openapi.json") {
    if (!get) return method_not_allowed();
    Response r = JsonResponse(200, OpenApiDocument(options_.engine_version));
    r.endpoint = Endpoint::kOther;
    return r;
  }
  if (path == "/admin/reload") {
    if (!post) return method_not_allowed();
    Result<void> ok = Reload();
    Response r =
        ok ? JsonResponse(200, json{{"status", "ok"}, {"version", snapshot()->version}})
           : Error(500, "reload failed, previous lists still serving: " + ok.error().ToString());
    r.endpoint = Endpoint::kAdmin;
    return r;
  }
  // The alert queue needs the store, not the lists.
  if (path.compare(0, 7, "/alerts") == 0 && (path.size() == 7 || path[7] == '/')) {
    if (!alerts_) {
      Response r = Error(404, "this server keeps no alert store (embargo serve --db PATH)");
      r.endpoint = Endpoint::kAlerts;
      return r;
    }
    return alerts_->Handle(request, user, path, query);
  }
  if (!snap) return Error(503, "Index not ready");
  const index::Index& index = *snap->index;
  Params params = ParseQuery(query);

  if (path == "/metrics") {
    if (!get) return method_not_allowed();
    Response r;
    r.endpoint = Endpoint::kMetrics;
    r.content_type = "text/plain; version=0.0.4";
    r.body = metrics_.Render();
    index::IndexStats st = index.stats();
    r.body += "# HELP embargo_list_info Loaded lists, one series per dataset and version.\n";
    r.body += "# TYPE embargo_list_info gauge\n";
    for (const auto& d : snap->datasets)
      r.body +=
          fmt::format("embargo_list_info{{dataset=\"{}\",version=\"{}\"}} 1\n", d.name, d.version);
    r.body += "# HELP embargo_list_entities Entities loaded per dataset.\n";
    r.body += "# TYPE embargo_list_entities gauge\n";
    for (const auto& rep : snap->reports)
      r.body +=
          fmt::format("embargo_list_entities{{dataset=\"{}\"}} {}\n", rep.dataset, rep.entities);
    r.body += "# TYPE embargo_index_entities gauge\n";
    r.body += fmt::format("embargo_index_entities {}\n", st.entities);
    r.body += "# TYPE embargo_index_names gauge\n";
    r.body += fmt::format("embargo_index_names {}\n", st.names);
    r.body += "# TYPE embargo_index_tokens gauge\n";
    r.body += fmt::format("embargo_index_tokens {}\n", st.tokens);
    r.body += "# TYPE embargo_index_memory_bytes gauge\n";
    r.body += fmt::format("embargo_index_memory_bytes {}\n", st.memory_bytes);
    r.body += "# TYPE embargo_index_loaded_timestamp_seconds gauge\n";
    r.body += fmt::format(
        "embargo_index_loaded_timestamp_seconds {}\n",
        std::chrono::duration_cast<std::chrono::seconds>(snap->loaded_at.time_since_epoch())
            .count());
    r.body += "# TYPE embargo_index_build_seconds gauge\n";
    r.body += fmt::format("embargo_index_build_seconds {:.3f}\n", snap->build_seconds);
    if (as_of_) {
      r.body += "# HELP embargo_as_of_builds_total Past-day list snapshots built for ?as_of=.\n";
      r.body += "# TYPE embargo_as_of_builds_total counter\n";
      r.body += fmt::format("embargo_as_of_builds_total {}\n", as_of_->builds());
    }
    if (log_) {
      ScreeningLog::Stats ls = log_->stats();
      r.body += "# HELP embargo_screenings_recorded_total /match requests written to the audit.\n";
      r.body += "# TYPE embargo_screenings_recorded_total counter\n";
      r.body += fmt::format("embargo_screenings_recorded_total {}\n", ls.recorded);
      r.body +=
          "# HELP embargo_screenings_refused_total /match requests refused (503): the "
          "audit writer was too far behind.\n";
      r.body += "# TYPE embargo_screenings_refused_total counter\n";
      r.body += fmt::format("embargo_screenings_refused_total {}\n", ls.refused);
      r.body += "# TYPE embargo_screening_log_write_errors_total counter\n";
      r.body += fmt::format("embargo_screening_log_write_errors_total {}\n", ls.write_errors);
      r.body += "# TYPE embargo_screening_log_pending gauge\n";
      r.body += fmt::format("embargo_screening_log_pending {}\n", ls.pending);
    }
    return r;
  }

  if (path == "/catalog") {
    if (!get) return method_not_allowed();
    json datasets = json::array();
    json names = json::array();
    for (size_t i = 0; i < snap->datasets.size(); ++i) {
      const auto& d = snap->datasets[i];
      json j = {{"name", d.name},
                {"title", d.title},
                {"publisher", d.publisher},
                {"version", d.version},
                {"is_sample", d.is_sample}};
      if (i < snap->reports.size()) j["entity_count"] = snap->reports[i].entities;
      datasets.push_back(std::move(j));
      names.push_back(d.name);
    }
    std::string error;
    {
      std::lock_guard<std::mutex> el(error_mu_);
      error = last_error_;
    }
    Response r = JsonResponse(200, json{{"datasets", datasets},
                                        {"current", names},
                                        {"outdated", json::array()},
                                        {"index_stale", !error.empty()},
                                        {"index_version", snap->version}});
    r.endpoint = Endpoint::kCatalog;
    return r;
  }

  if (path == "/algorithms") {
    if (!get) return method_not_allowed();
    Response r = JsonResponse(200, json{{"algorithms", json::array({MatcherJson()})},
                                        {"default", kAlgorithm},
                                        {"best", kAlgorithm}});
    r.endpoint = Endpoint::kAlgorithms;
    return r;
  }

  if (path.rfind("/entities/", 0) == 0) {
    if (!get) return method_not_allowed();
    std::string id = path.substr(10);
    const model::Entity* e = index.Find(id);
    Response r = e ? JsonResponse(200, model::ToFtm(*e)) : Error(404, "No such entity!");
    r.endpoint = Endpoint::kEntity;
    return r;
  }

  if (path.rfind("/search/", 0) == 0 || path.rfind("/match/", 0) == 0) {
    const bool is_match = path[1] == 'm';
    if (is_match ? !post : !get) return method_not_allowed();
    std::string dataset = path.substr(is_match ? 7 : 8);
    // ?as_of=YYYY-MM-DD: the lists as they stood that day (built once, then cached).
    const Snapshot* lists = snap.get();
    std::shared_ptr<const Snapshot> past;
    const std::string* as_of = Param(params, "as_of");
    if (as_of) {
      if (!as_of_) {
        Response e = Error(400, "as_of: this server keeps no list history");
        e.endpoint = is_match ? Endpoint::kMatch : Endpoint::kSearch;
        return e;
      }
      auto got = as_of_->Get(*as_of);
      if (!got) {
        int status = got.error().code == ErrorCode::kInvalidArgument ? 400
                     : got.error().code == ErrorCode::kNotFound      ? 404
                                                                     : 500;
        Response e = Error(status, "as_of: " + got.error().ToString());
        e.endpoint = is_match ? Endpoint::kMatch : Endpoint::kSearch;
        return e;
      }
      past = std::move(*got);
      lists = past.get();
    }
    const index::Index& idx = *lists->index;
    auto datasets = SelectDatasets(*lists, dataset, params);
    if (!datasets) {
      Response r = Error(404, "No such dataset.");
      r.endpoint = is_match ? Endpoint::kMatch : Endpoint::kSearch;
      return r;
    }
    auto limit = Number<size_t>(params, "limit", 0, options_.max_limit);
    auto offset = Number<size_t>(params, "offset", 0, 10'000);
    auto threshold = Number<double>(params, "threshold", 0.0, 1.0);
    auto cutoff = Number<double>(params, "cutoff", 0.0, 1.0);
    for (const auto* p : {&limit, &offset})
      if (!*p) return Error(422, p->error().message);
    for (const auto* p : {&threshold, &cutoff})
      if (!*p) return Error(422, p->error().message);
    if (const std::string* algo = Param(params, "algorithm");
        algo && *algo != kAlgorithm && *algo != "best" && *algo != "default")
      // yente answers unknown algorithms with 400; accept its own names as aliases of ours.
      if (algo->rfind("logic-", 0) != 0 && algo->rfind("name-", 0) != 0 &&
          *algo != "regression-v1" && *algo != "regression-v3")
        return Error(400, "Invalid algorithm: " + *algo);
    std::set<std::string> excluded_schemata;
    for (const auto& s : AllParams(params, "exclude_schema")) excluded_schemata.insert(s);

    screen::Options so;
    so.datasets = std::move(*datasets);
    so.threshold = threshold->value_or(0.70);

    if (!is_match) {
      // Simple search: the text is one name; results are scored but none is "the" match.
      const std::string* q = Param(params, "q");
      std::string schema_name = Param(params, "schema") ? *Param(params, "schema") : "Thing";
      auto schema = schema_name == "Thing" ? std::optional(model::Schema::kLegalEntity)
                                           : model::ParseSchema(schema_name);
      if (!schema) return Error(400, "Invalid schema");
      std::set<std::string> countries;
      for (const auto& c : AllParams(params, "countries")) {
        std::string code = model::CountryCode(c);
        if (code.empty()) return Error(400, "Invalid country: " + c);
        countries.insert(code);
      }
      size_t lim = limit->value_or(10), off = offset->value_or(0);
      json results = json::array();
      size_t total = 0;
      if (q && !q->empty()) {
        screen::Query query;
        query.names.push_back(*q);
        query.facts.schema = *schema;
        so.limit = lim + off;
        so.min_score = cutoff->value_or(0.5);
        so.candidates = std::max<size_t>(64, so.limit * 2);
        screen::Response resp = screen::Screen(idx, query, so);
        size_t i = 0;
        for (const auto& hit : resp.hits) {
          const model::Entity& e = idx.entities()[hit.entity];
          if (!countries.empty() && !HasCountry(e, countries)) continue;
          if (excluded_schemata.count(std::string(model::SchemaName(e.schema)))) continue;
          if (i++ < off) continue;
          if (results.size() < lim) results.push_back(ResultJson(idx, hit));
        }
        total = countries.empty() && excluded_schemata.empty() ? resp.total : i;
      }
      Response r = JsonResponse(200, json{{"results", results},
                                          {"total", {{"value", total}, {"relation", "eq"}}},
                                          {"limit", lim},
                                          {"offset", off},
                                          {"facets", json::object()}});
      SpliceProperties(*lists, &r.body);
      r.endpoint = Endpoint::kSearch;
      AddLists(*lists, as_of, &r);
      return r;
    }

    // /match: a batch of query-by-example entities.
    Response r;
    r.endpoint = Endpoint::kMatch;
    json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      Response e = Error(422, "request body: expected a JSON object {\"queries\": {...}}");
      e.endpoint = Endpoint::kMatch;
      return e;
    }
    auto qs = body.find("queries");
    if (qs == body.end() || !qs->is_object()) {
      Response e = Error(422, "request body: \"queries\" must be an object of example entities");
      e.endpoint = Endpoint::kMatch;
      return e;
    }
    if (qs->size() > options_.max_queries) {
      Response e = Error(
          400, fmt::format("Too many queries in one batch (limit: {})", options_.max_queries));
      e.endpoint = Endpoint::kMatch;
      return e;
    }
    std::set<std::string> excluded_ids;
    for (const auto& id : AllParams(params, "exclude_entity_ids")) excluded_ids.insert(id);
    if (excluded_ids.size() > kMaxExcludedIds) {
      Response e = Error(422, fmt::format("exclude_entity_ids: at most {} ids", kMaxExcludedIds));
      e.endpoint = Endpoint::kMatch;
      return e;
    }
    size_t lim = limit->value_or(5);
    so.limit = lim + excluded_ids.size();
    so.min_score = std::min(cutoff->value_or(0.5), so.threshold);
    json responses = json::object();
    size_t n = 0;
    std::vector<store::ScreeningRecord> records;
    const bool record = Recording();
    for (auto it = qs->begin(); it != qs->end(); ++it) {
      if (it->is_null()) continue;
      Result<screen::Query> query = Fail(ErrorCode::kParse, "expected an object");
      if (it->is_object()) query = screen::QueryFromJson(*it);
      if (!query) {
        Response e =
            Error(400, "Cannot parse example entity '" + it.key() + "': " + query.error().message);
        e.endpoint = Endpoint::kMatch;
        return e;
      }
      screen::Response resp = screen::Screen(idx, *query, so);
      if (record) {
        query->id = it.key();
        records.push_back(store::MakeScreeningRecord(idx, *query, resp));
      }
      json results = json::array();
      size_t total = resp.total;
      for (const auto& hit : resp.hits) {
        const model::Entity& e = idx.entities()[hit.entity];
        if (excluded_ids.count(e.id) ||
            excluded_schemata.count(std::string(model::SchemaName(e.schema)))) {
          if (total > 0) --total;
          continue;
        }
        if (results.size() < lim) results.push_back(ResultJson(idx, hit));
      }
      json echo = {{"id", it.key()},
                   {"schema", it->value("schema", std::string("LegalEntity"))},
                   {"properties", it->value("properties", json::object())}};
      responses[it.key()] = {{"status", 200},
                             {"results", std::move(results)},
                             {"total", {{"value", total}, {"relation", "eq"}}},
                             {"query", std::move(echo)}};
      ++n;
    }
    if (n == 0) {
      Response e = Error(400, "No queries provided.");
      e.endpoint = Endpoint::kMatch;
      return e;
    }
    if (record) {
      store::AdHocScreening recorded;
      recorded.actor = user.empty() ? "http" : user;
      recorded.options = so;
      recorded.engine_version = options_.engine_version;
      recorded.records = std::move(records);
      if (!log_->Add(past ? past : snap, std::move(recorded))) {
        Response e = Error(503, "the audit log cannot keep up: screening not recorded, try again");
        e.endpoint = Endpoint::kMatch;
        return e;
      }
    }
    r = JsonResponse(
        200, json{{"responses", std::move(responses)}, {"matcher", MatcherJson()}, {"limit", lim}});
    SpliceProperties(*lists, &r.body);
    r.endpoint = Endpoint::kMatch;
    r.headers.emplace_back("x-batch-size", std::to_string(n));
    AddLists(*lists, as_of, &r);
    return r;
  }

  if (path == "/scan") {
    if (!post) return method_not_allowed();
    Response r;
    r.endpoint = Endpoint::kScan;
    std::string_view ct = request.content_type;
    std::string text_storage;
    std::string_view data;
    std::string format = "auto";
    std::string payment;
    bool is_payment = false;
    double threshold = 0;
    if (ct.rfind("application/json", 0) == 0 || ct.empty() ||
        ct.rfind("application/x-www-form-urlencoded", 0) == 0) {  // curl -d without -H
      json body = json::parse(request.body, nullptr, false);
      if (body.is_discarded() || !body.is_object()) {
        r = Error(422, "request body: expected {\"text\": \"...\"} or {\"payment\": \"...\"}");
        r.endpoint = Endpoint::kScan;
        return r;
      }
      if (auto t = body.find("text"); t != body.end() && t->is_string()) {
        text_storage = t->get<std::string>();
        data = text_storage;
        format = body.value("format", std::string("auto"));
      } else if (auto p = body.find("payment"); p != body.end() && p->is_string()) {
        payment = p->get<std::string>();
        is_payment = true;
      } else {
        r = Error(422, "request body: expected a string field \"text\" or \"payment\"");
        r.endpoint = Endpoint::kScan;
        return r;
      }
      if (auto t = body.find("threshold"); t != body.end()) {
        if (!t->is_number() || t->get<double>() < 0 || t->get<double>() > 1) {
          r = Error(422, "threshold: expected a number from 0 to 1");
          r.endpoint = Endpoint::kScan;
          return r;
        }
        threshold = t->get<double>();
      }
    } else if (ct.rfind("text/html", 0) == 0) {
      data = request.body, format = "html";
    } else if (ct.rfind("application/pdf", 0) == 0) {
      data = request.body, format = "pdf";
    } else if (ct.rfind("text/plain", 0) == 0) {
      data = request.body, format = "text";
    } else {
      r = Error(415,
                "Content-Type: expected application/json, text/plain, text/html or "
                "application/pdf");
      r.endpoint = Endpoint::kScan;
      return r;
    }

    if (is_payment) {
      // One entry per message; a malformed one carries its error and the rest are screened.
      auto messages = payment::ParseMessageBatch(payment, "request");
      if (!messages) {
        r = Error(422, messages.error().ToString());
      } else {
        json results = json::array();
        bool alert = false;
        size_t errors = 0;
        for (size_t i = 0; i < messages->size(); ++i) {
          const Result<payment::Message>& m = (*messages)[i];
          if (!m) {
            ++errors;
            results.push_back({{"message", i + 1}, {"error", m.error().ToString()}});
            continue;
          }
          scan::PaymentResult pr = snap->payments->Screen(*m);
          alert = alert || !pr.hits.empty();
          results.push_back(scan::PaymentResultToJson(index, pr));
          results.back()["message"] = i + 1;
        }
        if (errors == messages->size()) {
          r = Error(422, (*messages)[0].error().ToString());
        } else {
          r = JsonResponse(
              200, json{{"messages", std::move(results)}, {"alert", alert}, {"errors", errors}});
        }
      }
      r.endpoint = Endpoint::kScan;
      return r;
    }
    scan::DocumentFormat fmt_kind;
    if (format == "auto") {
      fmt_kind = scan::DetectDocumentFormat("", data.substr(0, 4096));
    } else if (format == "text") {
      fmt_kind = scan::DocumentFormat::kText;
    } else if (format == "html") {
      fmt_kind = scan::DocumentFormat::kHtml;
    } else if (format == "pdf") {
      fmt_kind = scan::DocumentFormat::kPdf;
    } else {
      r = Error(422, "format: expected auto, text, html or pdf, got '" + format + "'");
      r.endpoint = Endpoint::kScan;
      return r;
    }
    auto doc = scan::ExtractText(data, fmt_kind, "request");
    if (!doc) {
      r = Error(422, doc.error().ToString());
      r.endpoint = Endpoint::kScan;
      return r;
    }
    std::vector<scan::Mention> mentions = snap->scanner->Scan(doc->text);
    scan::CharCounter counter(doc->text);
    json out = json::array();
    for (const auto& m : mentions) {
      if (m.hit.score.score < threshold) continue;
      json j = scan::MentionToJson(index, doc->text, m, &counter);
      if (!doc->source_begin.empty()) {
        auto [b, e] = doc->SourceRange(m.begin, m.end);
        j["source_byte_start"] = b;
        j["source_byte_end"] = e;
      }
      if (size_t page = doc->PageAt(m.begin); page > 0) j["page"] = page;
      out.push_back(std::move(j));
    }
    json body = {{"format", scan::DocumentFormatName(doc->format)},
                 {"mentions", out},
                 {"total", out.size()}};
    if (doc->format != scan::DocumentFormat::kText) body["text"] = doc->text;
    r = JsonResponse(200, body);
    r.endpoint = Endpoint::kScan;
    return r;
  }

  return Error(404, "Not Found");
}

}  // namespace embargo::server
