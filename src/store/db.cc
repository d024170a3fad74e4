// SQLite plumbing: prepared statements with typed binds, BEGIN IMMEDIATE transactions, and
// error conversion. Statements are prepared with sqlite3_prepare_v3 and finalized by
// their owner; text is bound SQLITE_TRANSIENT (copied) so callers may pass temporaries.
#include "store/db.h"

#include <sqlite3.h>

#include <string>

namespace embargo::store {

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    return MakeError(ErrorCode::kLimit,
                     "the database stayed locked by another process (" + msg + ")",
                     std::string(what));
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    return MakeError(ErrorCode::kCorrupt, msg, std::string(what));
  return MakeError(ErrorCode::kIo, msg, std::string(what));
}

Stmt::~Stmt() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  // A default string_view has no data pointer, which SQLite would bind as NULL.
  sqlite3_bind_text(stmt_, i, v.data() ? v.data() : "", static_cast<int>(v.size()),
                    SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, double v) {
  sqlite3_bind_double(stmt_, i, v);
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

Result<bool> Stmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e = SqliteError(db_, rc, sqlite3_sql(stmt_));
  sqlite3_reset(stmt_);
  return Fail(e);
}

Status Stmt::Run() {
  auto r = Step();
  while (r && *r) r = Step();
  Reset();
  if (!r) return Fail(r.error());
  return OkStatus();
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Stmt::Double(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Stmt::Text(int col) const {
  const unsigned char* t = sqlite3_column_text(stmt_, col);
  if (t == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(t),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}
bool Stmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, int busy_ms) {
  std::unique_ptr<Db> db(new Db());
  db->path_ = path;
  int rc =
      sqlite3_open_v2(path.c_str(), &db->db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) return Fail(SqliteError(db->db_, rc, path));
  sqlite3_busy_timeout(db->db_, busy_ms);
  // synchronous=FULL: a committed decision survives a power cut, not only a killed process.
  if (auto s = db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                        "PRAGMA foreign_keys=ON;");
      !s) {
    Error e = s.error();
    e.where = path;
    return Fail(e);
  }
  return db;
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

Status Db::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, sql.substr(0, 60)));
  return OkStatus();
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &st, nullptr);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, sql.substr(0, 60)));
  return Stmt(db_, st);
}

int64_t Db::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int64_t Db::Changes() const { return sqlite3_changes64(db_); }

Result<std::unique_ptr<Txn>> Txn::Begin(Db& db) {
  if (auto s = db.Exec("BEGIN IMMEDIATE"); !s) return Fail(s.error());
  return std::unique_ptr<Txn>(new Txn(db));
}

Txn::~Txn() {
  if (!done_) (void)db_.Exec("ROLLBACK");
}

Status Txn::Commit() {
  auto s = db_.Exec("COMMIT");
  if (s) done_ = true;
  return s;
}

}  // namespace embargo::store
