// The PostgreSQL backend of db.h, over libpq.
//
//  - Placeholders: `?` and `?N` (SQLite's) are rewritten to $N outside quotes; a plain `?`
//    takes the largest number so far plus one, as in SQLite. Parameters go as text with
//    no declared type, so the server infers each from its use.
//  - Statements are prepared once per connection (cached by their SQL) and executed in
//    single-row mode, so a SELECT over a million customers streams instead of landing in
//    memory at once. One connection runs one command at a time: when another statement
//    needs the connection while one still streams, the rest of its rows are buffered.
//  - Inside a transaction, Stmt::Run (INSERT/UPDATE/DELETE) is pipelined: sent without
//    waiting for its answer, up to kPipelineDepth at once; the answers are read when the
//    connection is next needed (a Step, an Exec, Commit). The first error among them fails
//    that call, and the transaction with it, so nothing commits past a failed write. This
//    saves a round trip per row on imports and on marking a run's customers screened.
//  - Writers: BEGIN (READ COMMITTED) then pg_advisory_xact_lock(kWriteLockKey), the
//    store's one write lock per database, released at COMMIT or ROLLBACK. After it, every
//    statement reads what the previous writer committed, as after SQLite's BEGIN
//    IMMEDIATE. lock_timeout = busy_ms bounds the wait (SQLSTATE 55P03 -> kLimit).
//  - The schema version lives in meta('schema_version'); 0 when there is no meta table.
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/db.h"

namespace embargo::store {
namespace {

// "embargo" in ASCII: the advisory lock every writer of one database takes.
constexpr int64_t kWriteLockKey = 0x656d626172676f;
// Pipelined writes sent before their answers are read (bounds memory and error latency).
constexpr size_t kPipelineDepth = 2000;

// The URL with any password replaced by "***", for messages.
std::string Redact(const std::string& url) {
  std::string out = url;
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = out.find_first_of("/?", start);
    size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at > start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  size_t p = out.find("password=");
  if (p != std::string::npos) {
    size_t end = out.find('&', p);
    out.replace(p + 9, (end == std::string::npos ? out.size() : end) - p - 9, "***");
  }
  return out;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// An Error for a failed command: kLimit when a lock wait or the statement timed out, or a
// deadlock or serialisation failure; kCorrupt for data corruption; else kIo.
Error PgError(const PGresult* res, PGconn* conn, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg =
      Trim(res && PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  if (msg.starts_with("ERROR:  ")) msg = msg.substr(8);
  std::string code = state ? state : "";
  std::string where(what.substr(0, 60));
  if (code == "55P03" || code == "57014" || code == "40P01" || code == "40001")
    return MakeError(ErrorCode::kLimit,
                     "the database stayed locked by another writer (" + msg + ")", where);
  if (code == "XX001" || code == "XX002") return MakeError(ErrorCode::kCorrupt, msg, where);
  if (code.starts_with("08") || PQstatus(conn) != CONNECTION_OK)
    return MakeError(ErrorCode::kIo, "lost the connection to PostgreSQL: " + msg, where);
  return MakeError(ErrorCode::kIo, msg, where);
}

// `?`/`?N` -> `$N` outside '...' and "..." and -- comments; *nparams = the largest N.
std::string RewritePlaceholders(std::string_view sql, int* nparams) {
  std::string out;
  out.reserve(sql.size() + 16);
  int max = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      size_t end = sql.find(c, i + 1);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '?') {
      size_t j = i + 1;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
      int n = max + 1;
      if (j > i + 1) std::from_chars(sql.data() + i + 1, sql.data() + j, n);
      if (n > max) max = n;
      out += '$';
      out += std::to_string(n);
      i = j - 1;
    } else {
      out += c;
    }
  }
  *nparams = max;
  return out;
}

class PgStmt;

class PgDb : public Db {
 public:
  PgDb(std::string redacted, PGconn* conn) : conn_(conn) { path_ = std::move(redacted); }
  ~PgDb() override { PQfinish(conn_); }

  Backend backend() const override { return Backend::kPostgres; }
  Status Exec(std::string_view sql) override;
  Result<Stmt> Prepare(std::string_view sql) override;
  int64_t LastInsertId() override;
  int64_t Changes() override {
    Sync();
    return changes_;
  }
  Status BeginWrite() override;
  Status Commit() override;
  void Rollback() override {
    (void)Idle();  // drops a deferred error: rolling back is the answer to it
    (void)Exec("ROLLBACK");
  }
  Result<int64_t> SchemaVersion() override;
  Status SetSchemaVersion(int64_t version) override;

  PGconn* conn() { return conn_; }
  // Frees the connection for a new command: buffers the rest of a streaming statement and
  // reads the answers of pipelined writes. Fails with the first error among those.
  Status Idle();
  // Idle() that keeps the error for the next Idle().
  void Sync();
  // Whether Run may pipeline: inside a transaction, or already pipelining.
  bool CanPipeline() const { return pipeline_ || PQtransactionStatus(conn_) == PQTRANS_INTRANS; }
  // Sends one execution of a prepared statement without waiting for its answer.
  Status Queue(const std::string& name, const std::vector<const char*>& values,
               const std::string& sql);
  void set_streaming(PgStmt* s) { streaming_ = s; }
  PgStmt* streaming() const { return streaming_; }
  void set_changes(int64_t n) { changes_ = n; }

 private:
  Status Flush();  // reads every pipelined answer and leaves pipeline mode

  PGconn* conn_;
  PgStmt* streaming_ = nullptr;
  int64_t changes_ = 0;
  bool pipeline_ = false;
  std::vector<std::string> queued_;  // SQL (for messages) of each pipelined write
  std::optional<Error> deferred_;    // met by Sync(), returned by the next Idle()
  struct Prepared {
    std::string name;
    int nparams;
  };
  std::unordered_map<std::string, Prepared> prepared_;  // by the original SQL
};

class PgStmt : public Stmt::Impl {
 public:
  PgStmt(PgDb* db, std::string name, int nparams, std::string sql)
      : db_(db),
        name_(std::move(name)),
        sql_(std::move(sql)),
        values_(nparams),
        is_null_(nparams, 1) {}
  ~PgStmt() override { Reset(); }

  void Bind(int i, std::string_view v) override { Set(i, std::string(v)); }
  void Bind(int i, int64_t v) override { Set(i, std::to_string(v)); }
  void Bind(int i, double v) override {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
    Set(i, std::string(buf, r.ptr));
  }
  void BindNull(int i) override {
    if (i >= 1 && i <= static_cast<int>(is_null_.size())) is_null_[i - 1] = 1;
  }

  Result<bool> Step() override {
    Clear(row_);
    if (state_ == kIdle) {
      if (auto s = db_->Idle(); !s) return Fail(s.error());
      std::vector<const char*> vals = Values();
      if (!PQsendQueryPrepared(db_->conn(), name_.c_str(), static_cast<int>(vals.size()),
                               vals.data(), nullptr, nullptr, 0))
        return Fail(PgError(nullptr, db_->conn(), sql_));
      PQsetSingleRowMode(db_->conn());
      state_ = kStreaming;
      db_->set_streaming(this);
    }
    if (!buffered_.empty()) {
      row_ = buffered_.front();
      buffered_.pop_front();
      return true;
    }
    if (state_ == kDone) {
      if (error_) {
        Error e = *error_;
        error_.reset();
        return Fail(e);
      }
      return false;
    }
    return Fetch(&row_);
  }

  Status Run() override {
    if (state_ != kIdle || !db_->CanPipeline()) return Stmt::Impl::Run();
    auto s = db_->Queue(name_, Values(), sql_);
    Reset();
    return s;
  }

  void Reset() override {
    Clear(row_);
    if (state_ == kStreaming) {
      PGresult* r = nullptr;
      while (true) {
        auto more = Fetch(&r);
        if (!more || !*more) break;
        Clear(r);
      }
    }
    for (auto* r : buffered_) PQclear(r);
    buffered_.clear();
    error_.reset();
    state_ = kIdle;
    std::fill(is_null_.begin(), is_null_.end(), 1);
  }

  // Moves the rest of the rows into memory (the connection is needed elsewhere).
  void Buffer() {
    while (state_ == kStreaming) {
      PGresult* r = nullptr;
      auto more = Fetch(&r);
      if (!more) {
        error_ = more.error();
        break;
      }
      if (!*more) break;
      buffered_.push_back(r);
    }
  }

  int64_t Int(int col) const override {
    if (!row_ || PQgetisnull(row_, 0, col)) return 0;
    const char* v = PQgetvalue(row_, 0, col);
    if (v[0] == 't' && v[1] == '\0') return 1;  // boolean
    if (v[0] == 'f' && v[1] == '\0') return 0;
    return std::strtoll(v, nullptr, 10);
  }
  double Double(int col) const override {
    if (!row_ || PQgetisnull(row_, 0, col)) return 0;
    return std::strtod(PQgetvalue(row_, 0, col), nullptr);
  }
  std::string Text(int col) const override {
    if (!row_ || PQgetisnull(row_, 0, col)) return {};
    return std::string(PQgetvalue(row_, 0, col), static_cast<size_t>(PQgetlength(row_, 0, col)));
  }
  bool IsNull(int col) const override { return !row_ || PQgetisnull(row_, 0, col); }

 private:
  enum State { kIdle, kStreaming, kDone };

  std::vector<const char*> Values() const {
    std::vector<const char*> vals(values_.size());
    for (size_t i = 0; i < values_.size(); ++i)
      vals[i] = is_null_[i] ? nullptr : values_[i].c_str();
    return vals;
  }
  void Set(int i, std::string v) {
    if (i < 1 || i > static_cast<int>(values_.size())) return;
    values_[i - 1] = std::move(v);
    is_null_[i - 1] = 0;
  }
  static void Clear(PGresult*& r) {
    if (r) PQclear(r);
    r = nullptr;
  }

  // The next row of the running command: true with *row set, false at its end (the
  // connection then is free again).
  Result<bool> Fetch(PGresult** row) {
    PGresult* res = PQgetResult(db_->conn());
    if (res && PQresultStatus(res) == PGRES_SINGLE_TUPLE) {
      *row = res;
      return true;
    }
    std::optional<Error> err;
    if (res == nullptr) {
      err = PgError(nullptr, db_->conn(), sql_);
    } else if (PQresultStatus(res) == PGRES_TUPLES_OK || PQresultStatus(res) == PGRES_COMMAND_OK) {
      const char* n = PQcmdTuples(res);
      db_->set_changes(n[0] ? std::strtoll(n, nullptr, 10) : 0);
    } else {
      err = PgError(res, db_->conn(), sql_);
    }
    if (res) PQclear(res);
    while ((res = PQgetResult(db_->conn())) != nullptr) PQclear(res);
    state_ = kDone;
    if (db_->streaming() == this) db_->set_streaming(nullptr);
    if (err) return Fail(*err);
    return false;
  }

  PgDb* db_;
  std::string name_, sql_;
  std::vector<std::string> values_;
  std::vector<char> is_null_;
  State state_ = kIdle;
  PGresult* row_ = nullptr;
  std::deque<PGresult*> buffered_;
  std::optional<Error> error_;  // met while buffering; returned after the buffered rows
};

void PgDb::Sync() {
  if (streaming_) streaming_->Buffer();
  streaming_ = nullptr;
  if (pipeline_) {
    auto s = Flush();
    if (!s && !deferred_) deferred_ = s.error();
  }
}

Status PgDb::Idle() {
  Sync();
  if (!deferred_) return OkStatus();
  Error e = *deferred_;
  deferred_.reset();
  return Fail(e);
}

Status PgDb::Queue(const std::string& name, const std::vector<const char*>& values,
                   const std::string& sql) {
  if (!pipeline_) {
    if (auto s = Idle(); !s) return s;
    if (PQenterPipelineMode(conn_) != 1) return Fail(PgError(nullptr, conn_, sql));
    pipeline_ = true;
  }
  if (!PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                           nullptr, nullptr, 0)) {
    Error e = PgError(nullptr, conn_, sql);
    (void)Flush();
    return Fail(e);
  }
  queued_.push_back(sql);
  if (queued_.size() >= kPipelineDepth) return Flush();
  return OkStatus();
}

Status PgDb::Flush() {
  std::optional<Error> first;
  if (PQpipelineSync(conn_) != 1) {
    first = PgError(nullptr, conn_, "pipeline sync");
  } else {
    // Each write answers with one result and a NULL; the sync with PGRES_PIPELINE_SYNC.
    size_t nulls = 0;
    for (;;) {
      PGresult* r = PQgetResult(conn_);
      if (r == nullptr) {
        if (++nulls > queued_.size() || PQstatus(conn_) != CONNECTION_OK) {
          if (!first) first = PgError(nullptr, conn_, "pipeline");
          break;
        }
        continue;
      }
      ExecStatusType st = PQresultStatus(r);
      if (st == PGRES_PIPELINE_SYNC) {
        PQclear(r);
        break;
      }
      if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        const char* n = PQcmdTuples(r);
        changes_ = n[0] ? std::strtoll(n, nullptr, 10) : 0;
      } else if (st != PGRES_PIPELINE_ABORTED && !first) {
        first =
            PgError(r, conn_, queued_.empty() ? "" : queued_[std::min(nulls, queued_.size() - 1)]);
      }
      PQclear(r);
    }
  }
  PQexitPipelineMode(conn_);
  pipeline_ = false;
  queued_.clear();
  if (first) return Fail(*first);
  return OkStatus();
}

Status PgDb::Exec(std::string_view sql) {
  if (auto s = Idle(); !s) return s;
  std::string s(sql);
  PGresult* res = PQexec(conn_, s.c_str());
  ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    Error e = PgError(res, conn_, sql);
    PQclear(res);
    return Fail(e);
  }
  const char* n = PQcmdTuples(res);
  changes_ = n[0] ? std::strtoll(n, nullptr, 10) : 0;
  // COMMIT of a transaction that failed earlier answers ROLLBACK, not an error.
  bool rolled_back = s == "COMMIT" && std::string_view(PQcmdStatus(res)) == "ROLLBACK";
  PQclear(res);
  if (rolled_back)
    return Fail(ErrorCode::kIo, "the transaction failed earlier and was rolled back", "COMMIT");
  return OkStatus();
}

Result<Stmt> PgDb::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it == prepared_.end()) {
    if (auto s = Idle(); !s) return Fail(s.error());
    int nparams = 0;
    std::string text = RewritePlaceholders(sql, &nparams);
    std::string name = "embargo_" + std::to_string(prepared_.size() + 1);
    PGresult* res = PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
    if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
      Error e = PgError(res, conn_, sql);
      PQclear(res);
      return Fail(e);
    }
    PQclear(res);
    it = prepared_.emplace(std::move(key), Prepared{std::move(name), nparams}).first;
  }
  return Stmt(std::make_unique<PgStmt>(this, it->second.name, it->second.nparams,
                                       std::string(sql.substr(0, 60))));
}

int64_t PgDb::LastInsertId() {
  auto st = Prepare("SELECT lastval()");
  if (!st) return 0;
  auto row = st->Step();
  return row && *row ? st->Int(0) : 0;
}

Status PgDb::BeginWrite() {
  // Both in one round trip; a lock wait beyond lock_timeout fails the second.
  auto s = Exec("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" +
                std::to_string(kWriteLockKey) + ")");
  if (!s) {
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) Rollback();
    Error e = s.error();
    e.where = path_;
    return Fail(e);
  }
  return OkStatus();
}

Status PgDb::Commit() { return Exec("COMMIT"); }

Result<int64_t> PgDb::SchemaVersion() {
  auto has = Prepare("SELECT to_regclass('meta') IS NOT NULL");
  if (!has) return Fail(has.error());
  auto row = has->Step();
  if (!row) return Fail(row.error());
  bool exists = *row && has->Int(0) != 0;
  has->Reset();
  if (!exists) return 0;
  auto st = Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!st) return Fail(st.error());
  row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return 0;
  return std::strtoll(st->Text(0).c_str(), nullptr, 10);
}

Status PgDb::SetSchemaVersion(int64_t version) {
  auto st = Prepare(
      "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!st) return Fail(st.error());
  return st->BindAll(std::to_string(version)).Run();
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

Result<std::unique_ptr<Db>> OpenPostgres(const std::string& url, int busy_ms) {
  std::string redacted = Redact(url);
  const char* keys[] = {"dbname", "fallback_application_name", nullptr};
  const char* values[] = {url.c_str(), "embargo", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr)
    return Fail(ErrorCode::kIo, "cannot connect to PostgreSQL: out of memory", redacted);
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = Trim(PQerrorMessage(conn));
    PQfinish(conn);
    std::string hint;
    if (msg.find("does not exist") != std::string::npos &&
        msg.find("database") != std::string::npos)
      hint = " (create it first, e.g. `createdb NAME`)";
    return Fail(ErrorCode::kIo, "cannot connect to PostgreSQL: " + msg + hint, redacted);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  auto db = std::make_unique<PgDb>(redacted, conn);
  if (auto s = db->Exec("SET lock_timeout = " + std::to_string(busy_ms) +
                        "; SET client_encoding = 'UTF8'");
      !s) {
    Error e = s.error();
    e.where = redacted;
    return Fail(e);
  }
  return std::unique_ptr<Db>(std::move(db));
}

}  // namespace embargo::store
