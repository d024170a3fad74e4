// Monitoring runs (see monitor.h). A run has three phases:
//   1. hash every listed entity (FtM JSON, SHA-256): the list state and its digest;
//   2. read the customers to screen through one SELECT (one consistent snapshot, no lock
//      held against writers), screening chunks of kChunk on every core; only customers
//      with a hit at or above the threshold are kept in memory, with (rowid, hash) of each
//      pending one (new or changed: the others are marked screened already);
//   3. one write transaction: the screening row, its records, the alerts (after the
//      suppression rules), customers marked screened (only when their record is still the
//      one screened), the list state, the audit entry.
#include "store/monitor.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>
#include <unordered_map>

#include "store/record.h"

namespace embargo::store {
namespace {

constexpr size_t kChunk = 4096;

template <typename F>
void ParallelFor(size_t n, unsigned threads, F&& f) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(n, 1)));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) f(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

nlohmann::json ConfigJson(const screen::Options& o) {
  return {{"threshold", o.threshold},           {"limit", o.limit},
          {"min_score", o.min_score},           {"candidates", o.candidates},
          {"prescore_ratio", o.prescore_ratio}, {"datasets", o.datasets}};
}

screen::Options OptionsFromConfig(const nlohmann::json& c) {
  screen::Options o;
  o.threshold = c.value("threshold", o.threshold);
  o.limit = c.value("limit", o.limit);
  o.min_score = c.value("min_score", o.min_score);
  o.candidates = c.value("candidates", o.candidates);
  o.prescore_ratio = c.value("prescore_ratio", o.prescore_ratio);
  o.datasets = c.value("datasets", std::vector<std::string>{});
  return o;
}

nlohmann::json ListsJson(const std::vector<model::Dataset>& datasets) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : datasets) out.push_back({{"dataset", d.name}, {"version", d.version}});
  return out;
}

// The recorded form of a response: what Replay compares.
nlohmann::json ResultJson(const index::Index& index, const screen::Response& r) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : r.hits)
    out.push_back({{"id", index.entities()[h.entity].id},
                   {"score", std::round(h.score.score * 1e6) / 1e6},
                   {"match", h.match}});
  return out;
}

// A screening (bind kind, started_at, finished_at, lists, lists_digest, engine_version,
// config, config_hash, customers, entities) and one of its recorded results.
constexpr const char* kInsertScreeningSql =
    "INSERT INTO screenings(kind, started_at, finished_at, lists, lists_digest, "
    "engine_version, config, config_hash, customers, entities, alerts, suppressed) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0) RETURNING id";
constexpr const char* kInsertResultSql =
    "INSERT INTO screening_results(screening_id, customer_id, query, result) VALUES (?,?,?,?)";

// Runs a bound INSERT ... RETURNING id to its end and gives the id.
Result<int64_t> InsertedId(Stmt& insert) {
  auto row = insert.Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kInternal, "INSERT ... RETURNING id gave no row");
  int64_t id = insert.Int(0);
  if (auto s = insert.Run(); !s) return Fail(s.error());  // to its end
  return id;
}

struct ListState {
  std::vector<std::string> hashes;  // per index entity
  std::string digest;               // SHA-256 over sorted "id hash" lines
};

ListState HashLists(const index::Index& index, unsigned threads) {
  const auto& es = index.entities();
  ListState s;
  s.hashes.resize(es.size());
  ParallelFor(es.size(), threads, [&](size_t i) { s.hashes[i] = EntityHash(es[i]); });
  std::vector<std::string> lines(es.size());
  for (size_t i = 0; i < es.size(); ++i) lines[i] = es[i].id + ' ' + s.hashes[i] + '\n';
  std::sort(lines.begin(), lines.end());
  std::string all;
  for (const auto& l : lines) all += l;
  s.digest = Sha256Hex(all);
  return s;
}

struct Screened {
  int64_t rowid;
  std::string hash;
};

struct Matched {
  std::string customer_id, record_hash, record;  // record: canonical customer JSON
  bool pending;                                  // new or changed: screened against every entity
  screen::Response response;
};

// How one customer is screened: returns the response and which of its hits may alert.
using ScreenFn = std::function<screen::Response(const screen::Query&)>;

struct Collected {
  size_t customers = 0;            // screened
  std::vector<Screened> screened;  // those of them to mark screened (they were pending)
  std::vector<Matched> matched;
};

// Phase 2: streams `sql` (rowid, id, record, record_hash) and screens each customer with
// `pick(pending)` (which screening applies), keeping those with a match.
Result<Collected> Collect(Store& store, const std::string& sql, const MonitorOptions& o,
                          const std::function<const ScreenFn*(bool pending)>& pick, size_t total) {
  auto st = store.db().Prepare(sql);
  if (!st) return Fail(st.error());
  Collected out;
  struct Row {
    int64_t rowid;
    std::string id, record, hash;
    bool pending;
  };
  std::vector<Row> rows;
  std::vector<std::optional<screen::Response>> responses;
  for (bool more = true; more;) {
    rows.clear();
    while (rows.size() < kChunk) {
      auto r = st->Step();
      if (!r) return Fail(r.error());
      if (!*r) {
        more = false;
        break;
      }
      rows.push_back({st->Int(0), st->Text(1), st->Text(2), st->Text(3), st->Int(4) != 0});
    }
    responses.assign(rows.size(), std::nullopt);
    ParallelFor(rows.size(), o.threads, [&](size_t i) {
      const ScreenFn* fn = pick(rows[i].pending);
      if (fn == nullptr) return;
      auto j = nlohmann::json::parse(rows[i].record, nullptr, false);
      auto q = j.is_discarded() ? Result<screen::Query>(Fail(ErrorCode::kParse, "bad record"))
                                : screen::QueryFromJson(j);
      if (!q) return;
      auto r = (*fn)(*q);
      bool match = false;
      for (const auto& h : r.hits) match |= h.match;
      if (match) responses[i] = std::move(r);
    });
    for (size_t i = 0; i < rows.size(); ++i) {
      ++out.customers;
      if (rows[i].pending) out.screened.push_back({rows[i].rowid, rows[i].hash});
      if (responses[i])
        out.matched.push_back({std::move(rows[i].id), std::move(rows[i].hash),
                               std::move(rows[i].record), rows[i].pending,
                               std::move(*responses[i])});
    }
    if (o.progress) o.progress(out.customers, total);
  }
  return out;
}

Result<int64_t> Count(Store& store, const std::string& sql) {
  auto st = store.db().Prepare(sql);
  if (!st) return Fail(st.error());
  auto r = st->Step();
  if (!r) return Fail(r.error());
  return st->Int(0);
}

constexpr const char* kPendingSql = "(screened_hash IS NULL OR screened_hash != record_hash)";

struct RunPlan {
  std::string kind;
  std::string where;            // SQL condition on customers ("" = all)
  std::vector<char> alertable;  // per index entity: may raise alerts (empty = all)
  size_t entities = 0;
  bool record_state = false;  // replace list_entities with this state
  bool full_fallback = false;
};

// Marks customers screened, each only when its record is still the one screened. On
// PostgreSQL kMarkBatch customers per statement (two arrays), sparing a statement each.
Status MarkScreened(Db& db, const std::vector<Screened>& screened) {
  if (db.backend() == Backend::kPostgres) {
    constexpr size_t kMarkBatch = 5000;
    auto mark = db.Prepare(
        "UPDATE customers c SET screened_hash = c.record_hash FROM "
        "unnest(CAST(? AS BIGINT[]), CAST(? AS TEXT[])) AS u(r, h) "
        "WHERE c.rowid = u.r AND c.record_hash = u.h");
    if (!mark) return Fail(mark.error());
    for (size_t i = 0; i < screened.size(); i += kMarkBatch) {
      std::string rowids = "{", hashes = "{";
      for (size_t j = i; j < std::min(screened.size(), i + kMarkBatch); ++j) {
        if (j > i) rowids += ',', hashes += ',';
        rowids += std::to_string(screened[j].rowid);
        hashes += '"';  // quoted, whatever the stored hash holds
        for (char ch : screened[j].hash) {
          if (ch == '"' || ch == '\\') hashes += '\\';
          hashes += ch;
        }
        hashes += '"';
      }
      if (auto s = mark->BindAll(rowids + "}", hashes + "}").Run(); !s) return s;
    }
    return OkStatus();
  }
  auto mark = db.Prepare(
      "UPDATE customers SET screened_hash = record_hash WHERE rowid = ? AND record_hash = ?");
  if (!mark) return Fail(mark.error());
  for (const auto& s : screened)
    if (auto r = mark->BindAll(s.rowid, s.hash).Run(); !r) return r;
  return OkStatus();
}

// The newest alert of each (customer, entity) pair of the matched customers, read
// kLookupBatch customers per query (on PostgreSQL a round trip each, not one per hit). A
// run alerts each pair at most once, so what it writes never changes these.
struct LastAlert {
  std::string status, entity_hash, customer_hash, customer_record;
};
using LastAlertMap = std::map<std::pair<std::string, std::string>, LastAlert>;

Result<LastAlertMap> LastAlerts(Db& db, const std::vector<Matched>& matched) {
  constexpr size_t kLookupBatch = 500;
  LastAlertMap out;
  for (size_t i = 0; i < matched.size(); i += kLookupBatch) {
    size_t n = std::min(kLookupBatch, matched.size() - i);
    std::string sql =
        "SELECT customer_id, entity_id, status, entity_hash, customer_hash, customer_record "
        "FROM alerts WHERE customer_id IN (?";
    for (size_t j = 1; j < n; ++j) sql += ", ?";
    auto st = db.Prepare(sql + ") ORDER BY id");
    if (!st) return Fail(st.error());
    for (size_t j = 0; j < n; ++j) st->Bind(static_cast<int>(j + 1), matched[i + j].customer_id);
    for (;;) {
      auto row = st->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      out[{st->Text(0), st->Text(1)}] = {st->Text(2), st->Text(3), st->Text(4), st->Text(5)};
    }
  }
  return out;
}

// Phase 3 of every run.
Result<RunSummary> Write(Store& store, const ScreeningLists& lists, const MonitorOptions& o,
                         const RunPlan& plan, const ListState& state, const Collected& c,
                         const std::string& started, std::chrono::steady_clock::time_point t0) {
  const index::Index& index = *lists.index;
  RunSummary sum;
  sum.kind = plan.kind;
  sum.customers = c.customers;
  sum.entities = plan.entities;
  sum.full_fallback = plan.full_fallback;
  std::map<std::string, std::string> versions;
  for (const auto& d : lists.datasets) versions[d.name] = d.version;
  nlohmann::json config = ConfigJson(o.screen);
  if (plan.kind == "delta") config["delta_prefilter"] = o.delta_prefilter;

  Db& db = store.db();
  auto w0 = std::chrono::steady_clock::now();
  auto txn = Txn::Begin(db);
  if (!txn) return Fail(txn.error());
  auto ins_run = db.Prepare(kInsertScreeningSql);
  if (!ins_run) return Fail(ins_run.error());
  ins_run->BindAll(plan.kind, started, store.Now(), Canonical(ListsJson(lists.datasets)),
                   state.digest, o.engine_version, Canonical(config), Sha256Hex(Canonical(config)),
                   sum.customers, sum.entities);
  auto run_id = InsertedId(*ins_run);
  if (!run_id) return Fail(run_id.error());
  sum.screening_id = *run_id;

  auto ins_rec = db.Prepare(kInsertResultSql);
  auto snap_get = db.Prepare("SELECT record FROM entity_snapshots WHERE hash = ?");
  auto snap_put = db.Prepare(
      "INSERT INTO entity_snapshots(hash, entity_id, record) VALUES (?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  auto ins_alert = db.Prepare(
      "INSERT INTO alerts(customer_id, entity_id, entity_caption, dataset, list_version, score, "
      "explanation, status, screening_id, entity_hash, customer_hash, customer_record, changes, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)");
  auto white = db.Prepare(
      "SELECT 1 FROM decisions d JOIN alerts a ON a.id = d.alert_id WHERE a.customer_id = ? "
      "AND a.entity_id = ? AND d.whitelist = 1 AND d.approved_by IS NOT NULL LIMIT 1");
  for (auto* s : {&ins_rec, &snap_get, &snap_put, &ins_alert, &white})
    if (!*s) return Fail(s->error());
  auto last_alerts = LastAlerts(db, c.matched);
  if (!last_alerts) return Fail(last_alerts.error());
  std::string now = store.Now();
  for (const auto& m : c.matched) {
    nlohmann::json record = nlohmann::json::parse(m.record, nullptr, false);
    if (auto s = ins_rec
                     ->BindAll(sum.screening_id, m.customer_id, m.record,
                               Canonical(ResultJson(index, m.response)))
                     .Run();
        !s)
      return Fail(s.error());
    for (const auto& h : m.response.hits) {
      if (!h.match) continue;
      if (!m.pending && !plan.alertable.empty() && !plan.alertable[h.entity]) continue;
      const model::Entity& e = index.entities()[h.entity];
      const std::string& ehash = state.hashes[h.entity];
      auto prior = last_alerts->find({m.customer_id, e.id});
      nlohmann::json changes;
      if (prior != last_alerts->end()) {
        const std::string &status = prior->second.status, &old_ehash = prior->second.entity_hash,
                          &old_chash = prior->second.customer_hash;
        nlohmann::json old_record =
            nlohmann::json::parse(prior->second.customer_record, nullptr, false);
        if (status != "decided") {
          ++sum.already_open;
          continue;
        }
        bool same = old_ehash == ehash && old_chash == m.record_hash;
        if (!same) {
          white->BindAll(m.customer_id, e.id);
          auto w = white->Step();
          if (!w) return Fail(w.error());
          same = *w;
          white->Reset();
        }
        if (same) {
          ++sum.suppressed;
          continue;
        }
        changes = nlohmann::json::object();
        if (old_chash != m.record_hash) changes["customer"] = RecordChanges(old_record, record);
        if (old_ehash != ehash) {
          snap_get->BindAll(old_ehash);
          auto srow = snap_get->Step();
          if (!srow) return Fail(srow.error());
          nlohmann::json old_entity =
              *srow ? nlohmann::json::parse(snap_get->Text(0), nullptr, false) : nlohmann::json();
          snap_get->Reset();
          changes["entity"] = RecordChanges(old_entity, EntityRecord(e));
        }
        ++sum.realerts;
      }
      if (auto s = snap_put->BindAll(ehash, e.id, Canonical(EntityRecord(e))).Run(); !s)
        return Fail(s.error());
      auto v = versions.find(e.dataset);
      ins_alert->BindAll(m.customer_id, e.id, std::string(e.caption()), e.dataset,
                         v == versions.end() ? std::string() : v->second, h.score.score,
                         Canonical(screen::HitToJson(index, h)), sum.screening_id, ehash,
                         m.record_hash, m.record);
      if (changes.is_null())
        ins_alert->BindNull(12);
      else
        ins_alert->Bind(12, Canonical(changes));
      ins_alert->Bind(13, now);
      if (auto s = ins_alert->Run(); !s) return Fail(s.error());
      ++sum.alerts;
    }
  }
  if (auto s = MarkScreened(db, c.screened); !s) return Fail(s.error());
  if (plan.record_state) {
    if (auto s = db.Exec("DELETE FROM list_entities"); !s) return Fail(s.error());
    auto put = db.Prepare(
        "INSERT INTO list_entities(entity_id, hash) VALUES (?, ?) "
        "ON CONFLICT(entity_id) DO UPDATE SET hash = excluded.hash");
    if (!put) return Fail(put.error());
    const auto& es = index.entities();
    for (size_t i = 0; i < es.size(); ++i)
      if (auto s = put->BindAll(es[i].id, state.hashes[i]).Run(); !s) return Fail(s.error());
  }
  auto upd = db.Prepare("UPDATE screenings SET alerts = ?, suppressed = ? WHERE id = ?");
  if (!upd) return Fail(upd.error());
  if (auto s = upd->BindAll(sum.alerts, sum.suppressed, sum.screening_id).Run(); !s)
    return Fail(s.error());
  if (auto s = store.AppendAudit(o.actor, "screening.run",
                                 {{"screening", sum.screening_id},
                                  {"kind", plan.kind},
                                  {"lists", ListsJson(lists.datasets)},
                                  {"lists_digest", state.digest},
                                  {"engine_version", o.engine_version},
                                  {"config_hash", Sha256Hex(Canonical(config))},
                                  {"customers", sum.customers},
                                  {"entities", sum.entities},
                                  {"records", c.matched.size()},
                                  {"alerts", sum.alerts},
                                  {"suppressed", sum.suppressed}});
      !s)
    return Fail(s.error());
  if (auto s = (*txn)->Commit(); !s) return Fail(s.error());
  auto t1 = std::chrono::steady_clock::now();
  sum.seconds = std::chrono::duration<double>(t1 - t0).count();
  sum.write_seconds = std::chrono::duration<double>(t1 - w0).count();
  return sum;
}

Result<RunSummary> Run(Store& store, const ScreeningLists& lists, const MonitorOptions& o,
                       std::string kind) {
  if (lists.index == nullptr) return Fail(ErrorCode::kInvalidArgument, "no index given");
  const index::Index& full = *lists.index;
  auto t0 = std::chrono::steady_clock::now();
  std::string started = store.Now();
  ListState state = HashLists(full, o.threads);
  auto recorded = Count(store, "SELECT count(*) FROM list_entities");
  if (!recorded) return Fail(recorded.error());

  RunPlan plan;
  plan.kind = kind;
  plan.entities = full.entities().size();
  std::unique_ptr<const index::Index> small;
  ScreenFn screen_full = [&](const screen::Query& q) { return screen::Screen(full, q, o.screen); };
  ScreenFn screen_delta;
  if (kind == "delta" && *recorded == 0) {
    plan.kind = kind = "full";
    plan.full_fallback = true;
  }
  if (kind == "add") {
    plan.where = kPendingSql;
    plan.record_state = *recorded == 0;
  } else if (kind == "full") {
    plan.record_state = true;
  } else {
    plan.record_state = true;
    std::unordered_map<std::string, std::string> old;
    auto st = store.db().Prepare("SELECT entity_id, hash FROM list_entities");
    if (!st) return Fail(st.error());
    for (;;) {
      auto r = st->Step();
      if (!r) return Fail(r.error());
      if (!*r) break;
      old.emplace(st->Text(0), st->Text(1));
    }
    const auto& es = full.entities();
    plan.alertable.assign(es.size(), 0);
    std::vector<model::Entity> changed;
    for (size_t i = 0; i < es.size(); ++i) {
      auto it = old.find(es[i].id);
      if (it == old.end() || it->second != state.hashes[i]) {
        plan.alertable[i] = 1;
        changed.push_back(es[i]);
      }
    }
    plan.entities = changed.size();
    if (!changed.empty()) small = index::Index::Build(std::move(changed));
    screen::Options pre = o.screen;
    pre.threshold = pre.min_score = o.delta_prefilter;
    pre.limit = 1;
    screen_delta = [&, pre](const screen::Query& q) {
      if (!small || screen::Screen(*small, q, pre).hits.empty()) return screen::Response{};
      return screen::Screen(full, q, o.screen);
    };
  }
  std::string count_sql = "SELECT count(*) FROM customers";
  if (!plan.where.empty()) count_sql += " WHERE " + plan.where;
  auto total = Count(store, count_sql);
  if (!total) return Fail(total.error());
  std::string sql = fmt::format(
      "SELECT rowid, id, record, record_hash, CASE WHEN {} THEN 1 ELSE 0 END "
      "FROM customers",
      kPendingSql);
  if (!plan.where.empty()) sql += " WHERE " + plan.where;
  const ScreenFn* delta_fn = screen_delta ? &screen_delta : nullptr;
  auto collected = Collect(
      store, sql, o,
      [&](bool pending) -> const ScreenFn* {
        if (kind != "delta" || pending) return &screen_full;
        return delta_fn;
      },
      static_cast<size_t>(*total));
  if (!collected) return Fail(collected.error());
  return Write(store, lists, o, plan, state, *collected, started, t0);
}

}  // namespace

Result<RunSummary> ScreenPending(Store& store, const ScreeningLists& lists,
                                 const MonitorOptions& options) {
  return Run(store, lists, options, "add");
}

Result<RunSummary> RunFull(Store& store, const ScreeningLists& lists,
                           const MonitorOptions& options) {
  return Run(store, lists, options, "full");
}

Result<RunSummary> RunDelta(Store& store, const ScreeningLists& lists,
                            const MonitorOptions& options) {
  return Run(store, lists, options, "delta");
}

std::string ListsDigest(const index::Index& index, unsigned threads) {
  return HashLists(index, threads).digest;
}

ScreeningRecord MakeScreeningRecord(const index::Index& index, const screen::Query& query,
                                    const screen::Response& response) {
  ScreeningRecord r;
  r.id = query.id.empty() && !query.names.empty() ? query.names.front() : query.id;
  r.query = Canonical(CustomerRecord(query));
  r.result = Canonical(ResultJson(index, response));
  for (const auto& h : response.hits) r.match |= h.match;
  return r;
}

Result<std::vector<int64_t>> RecordScreenings(Store& store,
                                              const std::vector<AdHocScreening>& screenings) {
  std::vector<int64_t> ids;
  if (screenings.empty()) return ids;
  Db& db = store.db();
  auto txn = Txn::Begin(db);
  if (!txn) return Fail(txn.error());
  auto ins_run = db.Prepare(kInsertScreeningSql);
  auto ins_rec = db.Prepare(kInsertResultSql);
  for (auto* st : {&ins_run, &ins_rec})
    if (!*st) return Fail(st->error());
  std::string now = store.Now();
  std::vector<Store::AuditAppend> audit;
  audit.reserve(screenings.size());
  for (const auto& s : screenings) {
    nlohmann::json config = ConfigJson(s.options);
    std::string config_text = Canonical(config), config_hash = Sha256Hex(config_text);
    nlohmann::json lists = ListsJson(s.datasets);
    ins_run->BindAll(s.kind, s.started_at.empty() ? now : s.started_at, now, Canonical(lists),
                     s.lists_digest, s.engine_version, config_text, config_hash, s.records.size(),
                     s.entities);
    auto inserted = InsertedId(*ins_run);
    if (!inserted) return Fail(inserted.error());
    int64_t id = *inserted;
    size_t matches = 0;
    for (const auto& r : s.records) {
      matches += r.match;
      if (auto st = ins_rec->BindAll(id, r.id, r.query, r.result).Run(); !st)
        return Fail(st.error());
    }
    audit.push_back({s.actor, "screening." + s.kind,
                     nlohmann::json{{"screening", id},
                                    {"kind", s.kind},
                                    {"lists", std::move(lists)},
                                    {"lists_digest", s.lists_digest},
                                    {"engine_version", s.engine_version},
                                    {"config_hash", config_hash},
                                    {"queries", s.records.size()},
                                    {"matches", matches}}});
    ids.push_back(id);
  }
  if (auto st = store.AppendAudits(audit); !st) return Fail(st.error());
  if (auto st = (*txn)->Commit(); !st) return Fail(st.error());
  return ids;
}

Result<ReplayResult> Replay(Store& store, int64_t screening_id, const ScreeningLists& lists,
                            unsigned threads) {
  auto st = store.db().Prepare(
      "SELECT kind, started_at, lists, lists_digest, config FROM screenings WHERE id = ?");
  if (!st) return Fail(st.error());
  st->BindAll(screening_id);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no screening {}", screening_id));
  ReplayResult out;
  out.screening_id = screening_id;
  out.kind = st->Text(0);
  out.started_at = st->Text(1);
  out.recorded_lists = nlohmann::json::parse(st->Text(2), nullptr, false);
  std::string digest = st->Text(3);
  screen::Options opts = OptionsFromConfig(nlohmann::json::parse(st->Text(4), nullptr, false));
  st->Reset();
  out.lists_same = HashLists(*lists.index, threads).digest == digest;

  auto rec = store.db().Prepare(
      "SELECT customer_id, query, result FROM screening_results WHERE screening_id = ? "
      "ORDER BY id");
  if (!rec) return Fail(rec.error());
  rec->BindAll(screening_id);
  struct Record {
    std::string customer, query, result;
  };
  std::vector<Record> records;
  for (;;) {
    auto r = rec->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    records.push_back({rec->Text(0), rec->Text(1), rec->Text(2)});
  }
  std::vector<std::string> diffs(records.size());
  ParallelFor(records.size(), threads, [&](size_t i) {
    auto q = screen::QueryFromJson(nlohmann::json::parse(records[i].query, nullptr, false));
    if (!q) {
      diffs[i] = fmt::format("{}: recorded query unreadable: {}", records[i].customer,
                             q.error().ToString());
      return;
    }
    std::string now = Canonical(ResultJson(*lists.index, screen::Screen(*lists.index, *q, opts)));
    if (now != records[i].result)
      diffs[i] = fmt::format("{}: recorded {} now {}", records[i].customer, records[i].result, now);
  });
  out.records = records.size();
  for (auto& d : diffs) {
    if (d.empty())
      ++out.same;
    else
      out.differences.push_back(std::move(d));
  }
  return out;
}

}  // namespace embargo::store
