// The store's schema, its migrations, and the transactions on customers, alerts, decisions
// and the audit chain (see store.h for the guarantees).
//
// Schema (version 1):
//   meta(key, value)
//   users(name PK, role, added_at)
//   customers(id PK, name, schema, birth_date, country, id_number, record JSON,
//             record_hash, screened_hash NULL until screened, added_at, changed_at)
//   screenings(id PK, kind add|full|delta, started_at, finished_at, lists JSON
//              [{dataset, version}], lists_digest, engine_version, config JSON,
//              config_hash, customers, entities, alerts, suppressed)
//   screening_results(id PK, screening_id FK, customer_id, query JSON, result JSON)
//              one per customer with an alert-level hit: what `audit replay` reruns
//   list_entities(entity_id PK, hash)           the list state last screened in full
//   entity_snapshots(hash PK, entity_id, record FtM JSON)   entities alerts point at
//   alerts(id PK, customer_id FK, entity_id, entity_caption, dataset, list_version,
//          score, explanation JSON, status, screening_id FK, entity_hash,
//          customer_hash, customer_record JSON, changes JSON, created_at)
//   decisions(id PK, alert_id FK, decision, user FK, comment, decided_at,
//             needs_approval, whitelist, approved_by FK, approved_at)
//   audit(seq PK, at, actor, action, payload JSON, prev_hash, hash)
// The same tables on both backends (kSchemaV1, kSchemaV1Postgres); the version is
// PRAGMA user_version on SQLite and meta('schema_version') on PostgreSQL (db.h).
#include "store/store.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <utility>

#include "store/record.h"

namespace embargo::store {
namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE users(
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('analyst', 'supervisor', 'admin')),
  added_at TEXT NOT NULL);
CREATE TABLE customers(
  id TEXT PRIMARY KEY, name TEXT NOT NULL, schema TEXT NOT NULL, birth_date TEXT,
  country TEXT, id_number TEXT, record TEXT NOT NULL, record_hash TEXT NOT NULL,
  screened_hash TEXT, added_at TEXT NOT NULL, changed_at TEXT NOT NULL);
CREATE TABLE screenings(
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL, lists TEXT NOT NULL, lists_digest TEXT NOT NULL,
  engine_version TEXT NOT NULL, config TEXT NOT NULL, config_hash TEXT NOT NULL,
  customers INTEGER NOT NULL, entities INTEGER NOT NULL, alerts INTEGER NOT NULL,
  suppressed INTEGER NOT NULL);
CREATE TABLE screening_results(
  id INTEGER PRIMARY KEY, screening_id INTEGER NOT NULL REFERENCES screenings(id),
  customer_id TEXT NOT NULL, query TEXT NOT NULL, result TEXT NOT NULL);
CREATE INDEX screening_results_run ON screening_results(screening_id);
CREATE TABLE list_entities(entity_id TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE entity_snapshots(
  hash TEXT PRIMARY KEY, entity_id TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE alerts(
  id INTEGER PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id),
  entity_id TEXT NOT NULL, entity_caption TEXT NOT NULL, dataset TEXT NOT NULL,
  list_version TEXT NOT NULL, score REAL NOT NULL, explanation TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'escalated', 'pending_approval', 'decided')),
  screening_id INTEGER NOT NULL REFERENCES screenings(id), entity_hash TEXT NOT NULL,
  customer_hash TEXT NOT NULL, customer_record TEXT NOT NULL, changes TEXT,
  created_at TEXT NOT NULL);
CREATE INDEX alerts_pair ON alerts(customer_id, entity_id);
CREATE INDEX alerts_status ON alerts(status);
CREATE TABLE decisions(
  id INTEGER PRIMARY KEY, alert_id INTEGER NOT NULL REFERENCES alerts(id),
  decision TEXT NOT NULL CHECK (decision IN ('true_match', 'false_positive', 'escalate')),
  user TEXT NOT NULL REFERENCES users(name), comment TEXT NOT NULL,
  decided_at TEXT NOT NULL, needs_approval INTEGER NOT NULL, whitelist INTEGER NOT NULL,
  approved_by TEXT REFERENCES users(name), approved_at TEXT);
CREATE INDEX decisions_alert ON decisions(alert_id);
CREATE TABLE audit(
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
)sql";

// The same schema for PostgreSQL: identity columns for SQLite's INTEGER PRIMARY KEY, BIGINT
// counts, DOUBLE PRECISION scores, "user" quoted (a reserved word there), and a `rowid`
// column on customers (SQLite's implicit one, which monitoring uses to mark rows).
constexpr const char* kSchemaV1Postgres = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE users(
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('analyst', 'supervisor', 'admin')),
  added_at TEXT NOT NULL);
CREATE TABLE customers(
  id TEXT PRIMARY KEY, rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, name TEXT NOT NULL,
  schema TEXT NOT NULL, birth_date TEXT, country TEXT, id_number TEXT, record TEXT NOT NULL,
  record_hash TEXT NOT NULL, screened_hash TEXT, added_at TEXT NOT NULL,
  changed_at TEXT NOT NULL);
CREATE TABLE screenings(
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, kind TEXT NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT NOT NULL, lists TEXT NOT NULL,
  lists_digest TEXT NOT NULL, engine_version TEXT NOT NULL, config TEXT NOT NULL,
  config_hash TEXT NOT NULL, customers BIGINT NOT NULL, entities BIGINT NOT NULL,
  alerts BIGINT NOT NULL, suppressed BIGINT NOT NULL);
CREATE TABLE screening_results(
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  screening_id BIGINT NOT NULL REFERENCES screenings(id),
  customer_id TEXT NOT NULL, query TEXT NOT NULL, result TEXT NOT NULL);
CREATE INDEX screening_results_run ON screening_results(screening_id);
CREATE TABLE list_entities(entity_id TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE entity_snapshots(
  hash TEXT PRIMARY KEY, entity_id TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE alerts(
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  entity_id TEXT NOT NULL, entity_caption TEXT NOT NULL, dataset TEXT NOT NULL,
  list_version TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, explanation TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'escalated', 'pending_approval', 'decided')),
  screening_id BIGINT NOT NULL REFERENCES screenings(id), entity_hash TEXT NOT NULL,
  customer_hash TEXT NOT NULL, customer_record TEXT NOT NULL, changes TEXT,
  created_at TEXT NOT NULL);
CREATE INDEX alerts_pair ON alerts(customer_id, entity_id);
CREATE INDEX alerts_status ON alerts(status);
CREATE TABLE decisions(
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  alert_id BIGINT NOT NULL REFERENCES alerts(id),
  decision TEXT NOT NULL CHECK (decision IN ('true_match', 'false_positive', 'escalate')),
  "user" TEXT NOT NULL REFERENCES users(name), comment TEXT NOT NULL,
  decided_at TEXT NOT NULL, needs_approval INTEGER NOT NULL, whitelist INTEGER NOT NULL,
  approved_by TEXT REFERENCES users(name), approved_at TEXT);
CREATE INDEX decisions_alert ON decisions(alert_id);
CREATE TABLE audit(
  seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
)sql";

const std::string kZeroHash(64, '0');

std::string SystemNow() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

// The bytes hashed for an audit row after the previous hash.
std::string AuditContent(int64_t seq, const std::string& at, const std::string& actor,
                         const std::string& action, const std::string& payload) {
  nlohmann::json p = nlohmann::json::parse(payload, nullptr, false);
  if (p.is_discarded()) p = payload;  // an edited, unparseable payload still hashes
  return Canonical(
      {{"seq", seq}, {"time", at}, {"actor", actor}, {"action", action}, {"payload", p}});
}

std::string First(const nlohmann::json& props, const char* key) {
  auto it = props.find(key);
  if (it == props.end() || !it->is_array() || it->empty() || !(*it)[0].is_string()) return {};
  return (*it)[0].get<std::string>();
}

nlohmann::json ParseOr(const std::string& s, nlohmann::json fallback = nullptr) {
  if (s.empty()) return fallback;
  auto j = nlohmann::json::parse(s, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

constexpr const char* kAlertColumns =
    "a.id, a.customer_id, c.name, a.entity_id, a.entity_caption, a.dataset, a.list_version, "
    "a.score, a.explanation, a.status, a.created_at, a.screening_id, a.entity_hash, "
    "a.customer_hash, a.changes, d.decision, d.user, d.comment, d.decided_at, d.approved_by, "
    "d.approved_at, d.whitelist FROM alerts a JOIN customers c ON c.id = a.customer_id LEFT JOIN "
    "decisions d "
    "ON d.id = (SELECT max(id) FROM decisions WHERE alert_id = a.id)";

Alert AlertFromRow(const Stmt& s) {
  Alert a;
  a.id = s.Int(0);
  a.customer_id = s.Text(1);
  a.customer_name = s.Text(2);
  a.entity_id = s.Text(3);
  a.entity_caption = s.Text(4);
  a.dataset = s.Text(5);
  a.list_version = s.Text(6);
  a.score = s.Double(7);
  a.explanation = ParseOr(s.Text(8));
  a.status = s.Text(9);
  a.created_at = s.Text(10);
  a.screening_id = s.Int(11);
  a.entity_hash = s.Text(12);
  a.customer_hash = s.Text(13);
  a.changes = ParseOr(s.Text(14));
  a.decision = s.Text(15);
  a.decided_by = s.Text(16);
  a.comment = s.Text(17);
  a.decided_at = s.Text(18);
  a.approved_by = s.Text(19);
  a.approved_at = s.Text(20);
  a.whitelisted = s.Int(21) != 0;
  return a;
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAnalyst:
      return "analyst";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kAdmin:
      return "admin";
  }
  return "analyst";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kAnalyst, Role::kSupervisor, Role::kAdmin})
    if (RoleName(r) == name) return r;
  return std::nullopt;
}

std::string_view DecisionName(Decision d) {
  switch (d) {
    case Decision::kTrueMatch:
      return "true_match";
    case Decision::kFalsePositive:
      return "false_positive";
    case Decision::kEscalate:
      return "escalate";
  }
  return "escalate";
}

std::optional<Decision> ParseDecision(std::string_view name) {
  for (Decision d : {Decision::kTrueMatch, Decision::kFalsePositive, Decision::kEscalate})
    if (DecisionName(d) == name) return d;
  return std::nullopt;
}

std::string Store::DefaultPath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / ".embargo" / "embargo.db").string();
}

std::string Store::Now() const { return options_.now ? options_.now() : SystemNow(); }

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, StoreOptions options) {
  if (!Db::IsPostgresUrl(path)) {
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot create folder: " + ec.message(), parent.string());
  }
  auto db = Db::Open(path, options.busy_ms);
  if (!db) return Fail(db.error());
  std::unique_ptr<Store> store(new Store(std::move(*db), std::move(options)));
  if (auto s = store->Migrate(); !s) {
    Error e = s.error();
    const std::string& shown = store->db_->path();  // a URL without its password
    if (e.where.empty() || e.where.size() < shown.size()) e.where = shown;
    return Fail(e);
  }
  return store;
}

Status Store::Migrate() {
  auto txn = Txn::Begin(*db_);
  if (!txn) return Fail(txn.error());
  auto current = db_->SchemaVersion();
  if (!current) return Fail(current.error());
  int64_t version = *current;
  if (version > kSchemaVersion)
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("the database has schema version {}, newer than this embargo "
                            "understands ({}); use a newer embargo",
                            version, kSchemaVersion));
  if (version == kSchemaVersion) return OkStatus();  // Txn rolls back the empty transaction
  // Version 0 is an empty database. Later versions add `if (version < N) { ALTER ... }`
  // steps, one per backend.
  bool pg = db_->backend() == Backend::kPostgres;
  if (version < 1) {
    if (auto s = db_->Exec(pg ? kSchemaV1Postgres : kSchemaV1); !s) return s;
  }
  if (auto s = db_->SetSchemaVersion(kSchemaVersion); !s) return s;
  return (*txn)->Commit();
}

Status Store::AppendAudit(std::string_view actor, std::string_view action,
                          const nlohmann::json& payload) {
  return AppendAudits({{std::string(actor), std::string(action), payload}});
}

Status Store::AppendAudits(const std::vector<AuditAppend>& entries) {
  if (entries.empty()) return {};
  auto last = db_->Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
  if (!last) return Fail(last.error());
  auto row = last->Step();
  if (!row) return Fail(row.error());
  int64_t seq = *row ? last->Int(0) : 0;
  std::string prev = *row ? last->Text(1) : kZeroHash;
  last->Reset();
  auto ins = db_->Prepare(
      "INSERT INTO audit(seq, at, actor, action, payload, prev_hash, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!ins) return Fail(ins.error());
  std::string at = Now();
  for (const auto& e : entries) {
    ++seq;
    std::string p = Canonical(e.payload);
    std::string hash = Sha256Hex(prev + AuditContent(seq, at, e.actor, e.action, p));
    if (auto s = ins->BindAll(seq, at, e.actor, e.action, p, prev, hash).Run(); !s) return s;
    prev = std::move(hash);
  }
  return {};
}

Result<AuditCheck> Store::VerifyAudit() {
  auto st = db_->Prepare(
      "SELECT seq, at, actor, action, payload, prev_hash, hash FROM audit ORDER BY seq");
  if (!st) return Fail(st.error());
  AuditCheck check;
  std::string prev = kZeroHash;
  int64_t expect = 1;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    ++check.rows;
    int64_t seq = st->Int(0);
    std::string hash = st->Text(6);
    auto broken = [&](std::string problem) {
      check.ok = false;
      check.first_bad_seq = seq;
      check.problem = std::move(problem);
    };
    if (seq != expect) {
      std::string missing = seq == expect + 1 ? fmt::format("entry {} missing (deleted)", expect)
                            : seq > expect
                                ? fmt::format("entries {}..{} missing (deleted)", expect, seq - 1)
                                : std::string("out of order (renumbered)");
      broken(fmt::format("entry {} follows entry {}: {}", seq, expect - 1, missing));
    } else if (st->Text(5) != prev) {
      broken(
          fmt::format("entry {}: prev_hash does not match the hash of entry {} (a row was "
                      "replaced or removed)",
                      seq, seq - 1));
    } else if (Sha256Hex(prev + AuditContent(seq, st->Text(1), st->Text(2), st->Text(3),
                                             st->Text(4))) != hash) {
      broken(fmt::format("entry {} ({} by {}): its content does not match its hash (edited)", seq,
                         st->Text(3), st->Text(2)));
    }
    if (!check.ok) break;
    prev = hash;
    ++expect;
  }
  check.head_hash = prev;
  return check;
}

Status Store::AddUser(std::string_view name, Role role, std::string_view actor) {
  if (name.empty()) return Fail(ErrorCode::kInvalidArgument, "a user needs a name");
  auto txn = Txn::Begin(*db_);
  if (!txn) return Fail(txn.error());
  auto st = db_->Prepare(
      "INSERT INTO users(name, role, added_at) VALUES (?, ?, ?) "
      "ON CONFLICT(name) DO UPDATE SET role = excluded.role");
  if (!st) return Fail(st.error());
  if (auto s = st->BindAll(name, RoleName(role), Now()).Run(); !s) return s;
  if (auto s = AppendAudit(actor, "user.add",
                           {{"user", std::string(name)}, {"role", std::string(RoleName(role))}});
      !s)
    return s;
  return (*txn)->Commit();
}

Result<std::optional<Role>> Store::UserRole(std::string_view name) {
  auto st = db_->Prepare("SELECT role FROM users WHERE name = ?");
  if (!st) return Fail(st.error());
  st->BindAll(name);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<Role>();
  return ParseRole(st->Text(0));
}

Result<ImportCounts> Store::UpsertCustomers(const std::vector<screen::Query>& customers,
                                            std::string_view source, std::string_view actor) {
  // The last of a repeated id wins.
  std::map<std::string, const screen::Query*> by_id;
  for (const auto& q : customers) {
    if (q.id.empty())
      return Fail(ErrorCode::kInvalidArgument, "every customer needs an id",
                  q.names.empty() ? std::string() : q.names[0]);
    by_id[q.id] = &q;
  }
  auto txn = Txn::Begin(*db_);
  if (!txn) return Fail(txn.error());
  auto put = db_->Prepare(
      "INSERT INTO customers(id, name, schema, birth_date, country, id_number, record, "
      "record_hash, added_at, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) "
      "ON CONFLICT(id) DO UPDATE SET name = ?2, schema = ?3, birth_date = ?4, country = ?5, "
      "id_number = ?6, record = ?7, record_hash = ?8, changed_at = ?9");
  if (!put) return Fail(put.error());
  ImportCounts counts;
  std::string now = Now();
  std::string digest_input;
  // The stored hashes are read kLookupBatch ids per query, then that batch is written: on
  // PostgreSQL one round trip per batch rather than per customer (writes are pipelined).
  constexpr size_t kLookupBatch = 500;
  std::vector<std::pair<const std::string*, const screen::Query*>> batch;
  std::unordered_map<std::string, std::string> stored;
  for (auto it = by_id.begin(); it != by_id.end();) {
    batch.clear();
    for (; it != by_id.end() && batch.size() < kLookupBatch; ++it)
      batch.emplace_back(&it->first, it->second);
    std::string sql = "SELECT id, record_hash FROM customers WHERE id IN (?";
    for (size_t i = 1; i < batch.size(); ++i) sql += ", ?";
    auto get = db_->Prepare(sql + ")");
    if (!get) return Fail(get.error());
    for (size_t i = 0; i < batch.size(); ++i) get->Bind(static_cast<int>(i + 1), *batch[i].first);
    stored.clear();
    for (;;) {
      auto row = get->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      stored.emplace(get->Text(0), get->Text(1));
    }
    for (const auto& [id, q] : batch) {
      nlohmann::json rec = CustomerRecord(*q);
      std::string text = Canonical(rec), hash = Sha256Hex(text);
      digest_input += *id + ' ' + hash + '\n';
      auto old = stored.find(*id);
      bool exists = old != stored.end();
      if (exists && old->second == hash) {
        ++counts.unchanged;
        continue;
      }
      ++(exists ? counts.changed : counts.added);
      const auto& props = rec["properties"];
      if (auto s = put->BindAll(*id, First(props, "name"), rec["schema"].get<std::string>(),
                                First(props, "birthDate"), First(props, "country"),
                                First(props, "idNumber"), text, hash, now)
                       .Run();
          !s)
        return Fail(s.error());
    }
  }
  if (auto s = AppendAudit(actor, "customers.import",
                           {{"source", std::string(source)},
                            {"records", by_id.size()},
                            {"added", counts.added},
                            {"changed", counts.changed},
                            {"unchanged", counts.unchanged},
                            {"digest", Sha256Hex(digest_input)}});
      !s)
    return Fail(s.error());
  if (auto s = (*txn)->Commit(); !s) return Fail(s.error());
  return counts;
}

Result<std::vector<Customer>> Store::Customers(size_t limit) {
  auto st = db_->Prepare(
      "SELECT id, name, schema, birth_date, country, id_number, record, record_hash, "
      "added_at, changed_at, CASE WHEN screened_hash = record_hash THEN 1 ELSE 0 END "
      "FROM customers ORDER BY id LIMIT ?");
  if (!st) return Fail(st.error());
  st->BindAll(limit == 0 ? INT64_MAX : static_cast<int64_t>(limit));
  std::vector<Customer> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    Customer c{st->Text(0), st->Text(1), st->Text(2),          st->Text(3),
               st->Text(4), st->Text(5), ParseOr(st->Text(6)), st->Text(7),
               st->Text(8), st->Text(9), st->Int(10) != 0};
    out.push_back(std::move(c));
  }
  return out;
}

Result<size_t> Store::CustomerCount() {
  auto st = db_->Prepare("SELECT count(*) FROM customers");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return static_cast<size_t>(st->Int(0));
}

Result<std::vector<Alert>> Store::Alerts(std::string_view status, size_t limit, size_t offset) {
  auto st = db_->Prepare(
      fmt::format("SELECT {} WHERE ?1 = '' OR a.status = ?1 ORDER BY a.id DESC LIMIT ?2 OFFSET ?3",
                  kAlertColumns));
  if (!st) return Fail(st.error());
  constexpr int64_t kAll = int64_t{1} << 62;
  auto clamp = [](size_t n) { return static_cast<int64_t>(std::min<size_t>(n, kAll)); };
  st->BindAll(status, limit == 0 ? kAll : clamp(limit), clamp(offset));
  std::vector<Alert> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(AlertFromRow(*st));
  }
  return out;
}

nlohmann::json AlertJson(const Alert& a) {
  using nlohmann::json;
  return {{"id", a.id},
          {"status", a.status},
          {"customer", a.customer_id},
          {"customer_name", a.customer_name},
          {"entity", a.entity_id},
          {"caption", a.entity_caption},
          {"dataset", a.dataset},
          {"list_version", a.list_version},
          {"score", a.score},
          {"screening", a.screening_id},
          {"created_at", a.created_at},
          {"entity_hash", a.entity_hash},
          {"customer_hash", a.customer_hash},
          {"changes", a.changes},
          {"decision", a.decision.empty() ? json() : json(a.decision)},
          {"decided_by", a.decided_by},
          {"comment", a.comment},
          {"decided_at", a.decided_at},
          {"approved_by", a.approved_by},
          {"approved_at", a.approved_at},
          {"whitelisted", a.whitelisted},
          {"explanation", a.explanation}};
}

Result<size_t> Store::AlertCount(std::string_view status) {
  auto st = db_->Prepare("SELECT count(*) FROM alerts WHERE ?1 = '' OR status = ?1");
  if (!st) return Fail(st.error());
  st->BindAll(status);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return static_cast<size_t>(st->Int(0));
}

Result<Alert> Store::GetAlert(int64_t id) {
  auto st = db_->Prepare(fmt::format("SELECT {} WHERE a.id = ?", kAlertColumns));
  if (!st) return Fail(st.error());
  st->BindAll(id);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no alert {}", id));
  return AlertFromRow(*st);
}

Result<Alert> Store::Decide(int64_t alert_id, Decision decision, std::string_view user,
                            std::string_view comment, bool whitelist) {
  if (comment.empty())
    return Fail(ErrorCode::kInvalidArgument, "a decision needs a comment saying why", "--comment");
  if (whitelist && decision != Decision::kFalsePositive)
    return Fail(ErrorCode::kInvalidArgument, "only a false_positive can whitelist a pair",
                "--whitelist");
  auto txn = Txn::Begin(*db_);
  if (!txn) return Fail(txn.error());
  // Under the write lock: whatever another process did before us is visible now.
  auto role = UserRole(user);
  if (!role) return Fail(role.error());
  if (!*role)
    return Fail(ErrorCode::kNotFound,
                fmt::format("no user '{}' (add one with `embargo users add`)", user), "--user");
  auto alert = GetAlert(alert_id);
  if (!alert) return Fail(alert.error());
  if (alert->status != "open" && alert->status != "escalated")
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("alert {} is already {}: {} by {} at {}", alert_id, alert->status,
                            alert->decision, alert->decided_by, alert->decided_at));
  bool needs_approval = decision == Decision::kTrueMatch;
  if (decision == Decision::kFalsePositive) {
    // Clearing a pair once confirmed as a true match needs four eyes too.
    auto st = db_->Prepare(
        "SELECT count(*) FROM decisions d JOIN alerts a ON a.id = d.alert_id WHERE "
        "a.customer_id = ? AND a.entity_id = ? AND d.decision = 'true_match' AND "
        "d.approved_by IS NOT NULL");
    if (!st) return Fail(st.error());
    st->BindAll(alert->customer_id, alert->entity_id);
    auto row = st->Step();
    if (!row) return Fail(row.error());
    needs_approval = whitelist || st->Int(0) > 0;
  }
  std::string now = Now();
  auto ins = db_->Prepare(
      "INSERT INTO decisions(alert_id, decision, \"user\", comment, decided_at, needs_approval, "
      "whitelist) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!ins) return Fail(ins.error());
  if (auto s = ins->BindAll(alert_id, DecisionName(decision), user, comment, now,
                            needs_approval ? 1 : 0, whitelist ? 1 : 0)
                   .Run();
      !s)
    return Fail(s.error());
  std::string status = decision == Decision::kEscalate ? "escalated"
                       : needs_approval                ? "pending_approval"
                                                       : "decided";
  auto upd = db_->Prepare("UPDATE alerts SET status = ? WHERE id = ?");
  if (!upd) return Fail(upd.error());
  if (auto s = upd->BindAll(status, alert_id).Run(); !s) return Fail(s.error());
  if (auto s = AppendAudit(user, "alert.decide",
                           {{"alert", alert_id},
                            {"customer", alert->customer_id},
                            {"entity", alert->entity_id},
                            {"decision", std::string(DecisionName(decision))},
                            {"comment", std::string(comment)},
                            {"whitelist", whitelist},
                            {"status", status}});
      !s)
    return Fail(s.error());
  if (auto s = (*txn)->Commit(); !s) return Fail(s.error());
  return GetAlert(alert_id);
}

Result<Alert> Store::Approve(int64_t alert_id, std::string_view user) {
  auto txn = Txn::Begin(*db_);
  if (!txn) return Fail(txn.error());
  auto role = UserRole(user);
  if (!role) return Fail(role.error());
  if (!*role) return Fail(ErrorCode::kNotFound, fmt::format("no user '{}'", user), "--user");
  if (**role != Role::kSupervisor)
    return Fail(
        ErrorCode::kInvalidArgument,
        fmt::format("'{}' is {}; only a supervisor can approve a decision", user, RoleName(**role)),
        "--user");
  auto alert = GetAlert(alert_id);
  if (!alert) return Fail(alert.error());
  if (alert->status != "pending_approval")
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("alert {} is {}, not waiting for approval", alert_id, alert->status));
  if (alert->decided_by == user)
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("'{}' took the decision on alert {}; four eyes: another supervisor "
                            "must approve it",
                            user, alert_id),
                "--user");
  std::string now = Now();
  auto upd = db_->Prepare(
      "UPDATE decisions SET approved_by = ?, approved_at = ? WHERE id = "
      "(SELECT max(id) FROM decisions WHERE alert_id = ?)");
  if (!upd) return Fail(upd.error());
  if (auto s = upd->BindAll(user, now, alert_id).Run(); !s) return Fail(s.error());
  auto st = db_->Prepare("UPDATE alerts SET status = 'decided' WHERE id = ?");
  if (!st) return Fail(st.error());
  if (auto s = st->BindAll(alert_id).Run(); !s) return Fail(s.error());
  if (auto s = AppendAudit(
          user, "alert.approve",
          {{"alert", alert_id}, {"decision", alert->decision}, {"decided_by", alert->decided_by}});
      !s)
    return Fail(s.error());
  if (auto s = (*txn)->Commit(); !s) return Fail(s.error());
  return GetAlert(alert_id);
}

}  // namespace embargo::store
