// The SQLite backend of db.h: prepared statements with typed binds, BEGIN IMMEDIATE
// transactions (the database-wide write lock, waited for up to busy_ms), the schema version
// in PRAGMA user_version, and error conversion. Statements are prepared with
// sqlite3_prepare_v3 and finalized by their owner; text is bound SQLITE_TRANSIENT (copied)
// so callers may pass temporaries.
#include <sqlite3.h>

#include <string>

#include "store/db.h"

namespace embargo::store {
namespace {

// kIo, or kLimit when the database stayed locked, kCorrupt when it is no database.
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

class SqliteStmt : public Stmt::Impl {
 public:
  SqliteStmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStmt() override { sqlite3_finalize(stmt_); }

  void Bind(int i, std::string_view v) override {
    // A default string_view has no data pointer, which SQLite would bind as NULL.
    sqlite3_bind_text(stmt_, i, v.data() ? v.data() : "", static_cast<int>(v.size()),
                      SQLITE_TRANSIENT);
  }
  void Bind(int i, int64_t v) override { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, double v) override { sqlite3_bind_double(stmt_, i, v); }
  void BindNull(int i) override { sqlite3_bind_null(stmt_, i); }

  Result<bool> Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error e = SqliteError(db_, rc, sqlite3_sql(stmt_));
    sqlite3_reset(stmt_);
    return Fail(e);
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const override {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    if (t == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(t),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb : public Db {
 public:
  explicit SqliteDb(std::string path) { path_ = std::move(path); }
  ~SqliteDb() override {
    if (db_) sqlite3_close_v2(db_);
  }

  Status Open(int busy_ms) {
    int rc =
        sqlite3_open_v2(path_.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, path_));
    sqlite3_busy_timeout(db_, busy_ms);
    // synchronous=FULL: a committed decision survives a power cut, not only a killed process.
    if (auto s = Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                      "PRAGMA foreign_keys=ON;");
        !s) {
      Error e = s.error();
      e.where = path_;
      return Fail(e);
    }
    return OkStatus();
  }

  Backend backend() const override { return Backend::kSqlite; }

  Status Exec(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, sql.substr(0, 60)));
    return OkStatus();
  }

  Result<Stmt> Prepare(std::string_view sql) override {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &st, nullptr);
    if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, sql.substr(0, 60)));
    return Stmt(std::make_unique<SqliteStmt>(db_, st));
  }

  int64_t LastInsertId() override { return sqlite3_last_insert_rowid(db_); }
  int64_t Changes() override { return sqlite3_changes64(db_); }

  Status BeginWrite() override { return Exec("BEGIN IMMEDIATE"); }
  Status Commit() override { return Exec("COMMIT"); }
  void Rollback() override { (void)Exec("ROLLBACK"); }

  Result<int64_t> SchemaVersion() override {
    auto st = Prepare("PRAGMA user_version");
    if (!st) return Fail(st.error());
    auto row = st->Step();
    if (!row) return Fail(row.error());
    return *row ? st->Int(0) : 0;
  }
  Status SetSchemaVersion(int64_t version) override {
    return Exec("PRAGMA user_version = " + std::to_string(version));
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

Result<std::unique_ptr<Db>> OpenSqlite(const std::string& path, int busy_ms) {
  auto db = std::make_unique<SqliteDb>(path);
  if (auto s = db->Open(busy_ms); !s) return Fail(s.error());
  return std::unique_ptr<Db>(std::move(db));
}

}  // namespace embargo::store
