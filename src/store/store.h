// The screening memory: customers, the alerts their screenings raised, the decisions taken
// on them (with four eyes), and a tamper-evident audit log, in one SQLite file (default
// <data>/.embargo/embargo.db; embedded, nothing to set up) or in a PostgreSQL database
// given by a postgresql:// URL (shared by a team). Called by the CLI (`embargo monitor`,
// `alerts`, `users`, `audit`), the server's alert desk, and store/monitor.h, which screens
// customers and writes runs here. Both backends behave the same (store_test.cc runs every
// test on each).
//
// Guarantees: every change of more than one row is one transaction, and the audit entry
// describing it is appended in that same transaction, so a crash leaves either both or
// neither. Writers take the database's one write lock up front (db.h: BEGIN IMMEDIATE, or
// a PostgreSQL advisory lock) and re-check state under it, so two processes deciding one
// alert cannot both succeed and the audit chain stays linear. The schema version is kept
// in the database (kSchemaVersion); Open() migrates older ones and refuses newer ones.
//
// Audit chain: row n holds hash_n = SHA-256(hash_{n-1} || canonical {seq, time, actor,
// action, payload}), hash_0 = 64 zeros. Editing, deleting or reordering a row breaks the
// chain at that row; cutting off the newest rows is only visible against a head hash kept
// elsewhere (VerifyAudit reports it).
//
// Thread-safety: a Store is one connection, used by one thread; open one per thread or
// process.
#ifndef EMBARGO_STORE_STORE_H_
#define EMBARGO_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "screen/screen.h"
#include "store/db.h"

namespace embargo::store {

inline constexpr int kSchemaVersion = 1;

// StoreOptions (defaults in brackets):
//   now [system clock]   ISO 8601 UTC timestamps for rows and audit entries
//   busy_ms [60000]      how long a writer waits for another writer's lock (a run over 1M
//                        customers holds it ~5-10 s while writing)
struct StoreOptions {
  std::function<std::string()> now;
  int busy_ms = 60000;
};

enum class Role { kAnalyst, kSupervisor, kAdmin };
std::string_view RoleName(Role role);  // "analyst", "supervisor", "admin"
std::optional<Role> ParseRole(std::string_view name);

enum class Decision { kTrueMatch, kFalsePositive, kEscalate };
std::string_view DecisionName(Decision d);  // "true_match", "false_positive", "escalate"
std::optional<Decision> ParseDecision(std::string_view name);

struct Customer {
  std::string id, name, schema, birth_date, country, id_number;
  nlohmann::json record;  // CustomerRecord(): the query it is screened as
  std::string record_hash, added_at, changed_at;
  bool screened = false;  // screened since its last change
};

struct ImportCounts {
  size_t added = 0, changed = 0, unchanged = 0;
};

// Alert statuses: "open" (new), "escalated", "pending_approval" (a decision waits for a
// supervisor), "decided".
struct Alert {
  int64_t id = 0;
  std::string customer_id, customer_name, entity_id, entity_caption, dataset, list_version;
  double score = 0;
  nlohmann::json explanation;  // screen::HitToJson() of the hit
  std::string status, created_at;
  int64_t screening_id = 0;
  std::string entity_hash, customer_hash;
  nlohmann::json changes;  // raised again after a change: {"customer": [...], "entity": [...]}
  // The latest decision, when any.
  std::string decision, decided_by, comment, decided_at, approved_by, approved_at;
  bool whitelisted = false;  // the decision whitelists the pair
};

// An alert as JSON, as `embargo alerts --json` prints it and GET /alerts answers it.
nlohmann::json AlertJson(const Alert& alert);

struct AuditCheck {
  bool ok = true;
  uint64_t rows = 0;
  int64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;        // what is wrong at first_bad_seq
  std::string head_hash;      // hash of the newest row (keep it elsewhere to detect cuts)
};

class Store {
 public:
  // `path`: a SQLite file, opened or created (with its folder), or a postgresql:// or
  // postgres:// URL of an existing PostgreSQL database, whose tables are created on first
  // use (e.g. postgresql://user:pw@host:5432/embargo, or postgresql:///embargo?host=/run/x).
  // kCorrupt for a file that is no database; kInvalidArgument for a schema newer than this
  // build; kIo when the server cannot be reached (the message says why).
  static Result<std::unique_ptr<Store>> Open(const std::string& path, StoreOptions options = {});
  // <data_dir>/.embargo/embargo.db
  static std::string DefaultPath(const std::string& data_dir);

  Status AddUser(std::string_view name, Role role, std::string_view actor);
  Result<std::optional<Role>> UserRole(std::string_view name);

  // Inserts or updates customers by id (the last of a repeated id wins), one transaction.
  // A changed or new customer is pending: the next screening screens it.
  Result<ImportCounts> UpsertCustomers(const std::vector<screen::Query>& customers,
                                       std::string_view source, std::string_view actor);
  Result<std::vector<Customer>> Customers(size_t limit = 0);  // 0 = all, by id
  Result<size_t> CustomerCount();

  // Alerts with `status` ("" = all), newest first: `limit` of them (0 = all) after skipping
  // `offset`; AlertCount() says how many there are.
  Result<std::vector<Alert>> Alerts(std::string_view status = {}, size_t limit = 0,
                                    size_t offset = 0);
  Result<size_t> AlertCount(std::string_view status = {});
  Result<Alert> GetAlert(int64_t id);  // kNotFound when absent

  // Records a decision by `user` (any role) on an open or escalated alert. true_match, a
  // whitelisting false_positive (the pair never alerts again, whatever changes), and a
  // false_positive on a pair once confirmed as a true match wait for a supervisor's
  // approval (status pending_approval); escalate sets status escalated; a plain
  // false_positive closes it (decided). Errors: kNotFound (alert, user), kInvalidArgument
  // when the alert is not open (someone decided first) or the comment is empty. Returns
  // the alert after the decision.
  Result<Alert> Decide(int64_t alert_id, Decision decision, std::string_view user,
                       std::string_view comment, bool whitelist = false);
  // Four eyes: a supervisor other than the decider approves a pending decision.
  Result<Alert> Approve(int64_t alert_id, std::string_view user);

  // Walks the whole audit chain; ok == false names the first broken row.
  Result<AuditCheck> VerifyAudit();
  // Appends one audit entry. REQUIRES: inside a transaction of db() (the change it logs).
  Status AppendAudit(std::string_view actor, std::string_view action,
                     const nlohmann::json& payload);
  // Appends several, in order, reading the chain's head once. REQUIRES: as AppendAudit.
  struct AuditAppend {
    std::string actor, action;
    nlohmann::json payload;
  };
  Status AppendAudits(const std::vector<AuditAppend>& entries);

  std::string Now() const;
  Db& db() { return *db_; }

 private:
  explicit Store(std::unique_ptr<Db> db, StoreOptions options)
      : db_(std::move(db)), options_(std::move(options)) {}
  Status Migrate();

  std::unique_ptr<Db> db_;
  StoreOptions options_;
};

}  // namespace embargo::store

#endif  // EMBARGO_STORE_STORE_H_
