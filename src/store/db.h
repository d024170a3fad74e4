// The store's database layer, backend-neutral: one connection (Db), prepared statements
// (Stmt) and write transactions (Txn), over SQLite (a file path; sqlite_db.cc) or
// PostgreSQL (a postgresql:// or postgres:// URL; postgres_db.cc). Every backend failure
// becomes an Error here, at the edge; callers above see Result/Status only.
//
// One SQL for both: statements use `?` or `?N` placeholders (the PostgreSQL backend
// rewrites them to $N) and the syntax both accept (INSERT ... ON CONFLICT, RETURNING,
// CASE instead of boolean columns). Only the schema differs per backend (store.cc).
//
// Single writer: Txn::Begin takes the database's one write lock before anything is read
// (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-level advisory lock), so writers
// queue instead of failing half-way, and whatever a writer reads after Begin is the latest
// committed state: no lost update, no two decisions on one alert, one linear audit chain.
// A writer waits at most `busy_ms` for the lock, then gets kLimit.
//
// Thread-safety: a Db and its statements belong to one thread. Other threads and processes
// open their own Db on the same file or database.
#ifndef EMBARGO_STORE_DB_H_
#define EMBARGO_STORE_DB_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.h"

namespace embargo::store {

enum class Backend { kSqlite, kPostgres };

class Stmt {
 public:
  // What a backend implements (see Stmt's methods for the contracts).
  class Impl {
   public:
    virtual ~Impl() = default;
    virtual void Bind(int i, std::string_view v) = 0;
    virtual void Bind(int i, int64_t v) = 0;
    virtual void Bind(int i, double v) = 0;
    virtual void BindNull(int i) = 0;
    virtual Result<bool> Step() = 0;
    virtual void Reset() = 0;
    // Default: Step to the end, then Reset. A backend may defer the result inside a
    // transaction (PostgreSQL pipelines writes); a deferred error then fails the next call
    // on the connection, at the latest Commit, so a transaction never commits past it.
    virtual Status Run();
    virtual int64_t Int(int col) const = 0;
    virtual double Double(int col) const = 0;
    virtual std::string Text(int col) const = 0;
    virtual bool IsNull(int col) const = 0;
  };

  explicit Stmt(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
  Stmt(Stmt&&) noexcept = default;
  Stmt& operator=(Stmt&&) noexcept = default;

  // Binds parameter i (1-based). Text is copied.
  Stmt& Bind(int i, std::string_view v) {
    impl_->Bind(i, v);
    return *this;
  }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, int64_t v) {
    impl_->Bind(i, v);
    return *this;
  }
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, size_t v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, double v) {
    impl_->Bind(i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    impl_->BindNull(i);
    return *this;
  }
  // Binds every argument in order from parameter 1.
  template <typename... Args>
  Stmt& BindAll(const Args&... args) {
    int i = 0;
    (Bind(++i, args), ...);
    return *this;
  }

  // true: a row is ready; false: done. Errors carry the backend's message.
  Result<bool> Step() { return impl_->Step(); }
  // Steps to the end (for INSERT/UPDATE/DELETE), then resets for reuse. Inside a
  // transaction an error may surface only at a later call (see Impl::Run).
  Status Run() { return impl_->Run(); }
  // Clears the bindings and rewinds, for the next row.
  void Reset() { impl_->Reset(); }

  // Columns of the current row (0-based). A boolean column reads as 1 or 0.
  int64_t Int(int col) const { return impl_->Int(col); }
  double Double(int col) const { return impl_->Double(col); }
  std::string Text(int col) const { return impl_->Text(col); }  // "" for NULL
  bool IsNull(int col) const { return impl_->IsNull(col); }

 private:
  std::unique_ptr<Impl> impl_;
};

class Db {
 public:
  // true for "postgresql://..." and "postgres://..." (libpq connection URIs).
  static bool IsPostgresUrl(std::string_view target);
  // A PostgreSQL URL (IsPostgresUrl) connects to that database, which must exist; anything
  // else opens (creating when absent) the SQLite file at that path, with WAL journaling,
  // foreign keys and synchronous=FULL. `busy_ms`: how long a writer waits for the lock.
  static Result<std::unique_ptr<Db>> Open(const std::string& target, int busy_ms);
  virtual ~Db() = default;

  virtual Backend backend() const = 0;
  virtual Status Exec(std::string_view sql) = 0;  // one or more statements, no results
  virtual Result<Stmt> Prepare(std::string_view sql) = 0;
  virtual int64_t LastInsertId() = 0;
  virtual int64_t Changes() = 0;  // rows changed by the last statement

  // Transactions; use Txn rather than these.
  virtual Status BeginWrite() = 0;  // takes the write lock (see above)
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;

  // The schema version the store recorded (0 for an empty database) and its update.
  // REQUIRES for SetSchemaVersion on PostgreSQL: the store's `meta` table exists.
  virtual Result<int64_t> SchemaVersion() = 0;
  virtual Status SetSchemaVersion(int64_t version) = 0;

  // The file path, or the URL without its password: for messages.
  const std::string& path() const { return path_; }

 protected:
  std::string path_;
};

// A write transaction: Db::BeginWrite on construction (Begin), rollback on destruction
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

// The backends, for Db::Open (sqlite_db.cc, postgres_db.cc).
Result<std::unique_ptr<Db>> OpenSqlite(const std::string& path, int busy_ms);
Result<std::unique_ptr<Db>> OpenPostgres(const std::string& url, int busy_ms);

}  // namespace embargo::store

#endif  // EMBARGO_STORE_DB_H_
