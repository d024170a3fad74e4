// A thin RAII layer over SQLite for the store: one connection (Db), prepared statements
// (Stmt) and write transactions (Txn, BEGIN IMMEDIATE so two writers queue on the lock
// instead of failing half-way). Every SQLite failure becomes an Error here, at the edge;
// callers above see Result/Status only.
//
// Thread-safety: a Db and its statements belong to one thread. Other threads and processes
// open their own Db on the same file; SQLite (WAL mode) serialises writers.
#ifndef EMBARGO_STORE_DB_H_
#define EMBARGO_STORE_DB_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace embargo::store {

class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Stmt(Stmt&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Binds parameter i (1-based). Text is copied by SQLite.
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, size_t v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, double v);
  Stmt& BindNull(int i);
  // Binds every argument in order from parameter 1.
  template <typename... Args>
  Stmt& BindAll(const Args&... args) {
    int i = 0;
    (Bind(++i, args), ...);
    return *this;
  }

  // true: a row is ready; false: done. Errors carry SQLite's message.
  Result<bool> Step();
  // Steps to the end (for INSERT/UPDATE/DELETE), then resets for reuse.
  Status Run();
  // Clears the bindings and rewinds, for the next row.
  void Reset();

  int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;  // "" for NULL
  bool IsNull(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Db {
 public:
  // Opens (creating when absent) the database at `path`, with WAL journaling, foreign keys
  // and a busy timeout of `busy_ms` (how long a writer waits for another's lock).
  static Result<std::unique_ptr<Db>> Open(const std::string& path, int busy_ms);
  ~Db();

  Status Exec(std::string_view sql);  // one or more statements, no results
  Result<Stmt> Prepare(std::string_view sql);
  int64_t LastInsertId() const;
  int64_t Changes() const;  // rows changed by the last statement
  const std::string& path() const { return path_; }

 private:
  Db() = default;
  sqlite3* db_ = nullptr;
  std::string path_;
};

// A write transaction: BEGIN IMMEDIATE on construction (Begin), ROLLBACK on destruction
// unless Commit() succeeded.
class Txn {
 public:
  static Result<std::unique_ptr<Txn>> Begin(Db& db);
  ~Txn();
  Status Commit();

 private:
  explicit Txn(Db& db) : db_(db) {}
  Db& db_;
  bool done_ = false;
};

// Error for a failed SQLite call: kIo, or kLimit when the database stayed locked.
Error SqliteError(sqlite3* db, int rc, std::string_view what);

}  // namespace embargo::store

#endif  // EMBARGO_STORE_DB_H_
