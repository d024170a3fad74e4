// The backend-neutral part of the database layer: choosing a backend from the target,
// stepping a statement to its end, and transactions on top of Db's lock primitives.
#include "store/db.h"

namespace embargo::store {

Status Stmt::Impl::Run() {
  auto r = Step();
  while (r && *r) r = Step();
  Reset();
  if (!r) return Fail(r.error());
  return OkStatus();
}

bool Db::IsPostgresUrl(std::string_view target) {
  return target.starts_with("postgresql://") || target.starts_with("postgres://");
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& target, int busy_ms) {
  if (IsPostgresUrl(target)) return OpenPostgres(target, busy_ms);
  return OpenSqlite(target, busy_ms);
}

Result<std::unique_ptr<Txn>> Txn::Begin(Db& db) {
  if (auto s = db.BeginWrite(); !s) return Fail(s.error());
  return std::unique_ptr<Txn>(new Txn(db));
}

Txn::~Txn() {
  if (!done_) db_.Rollback();
}

Status Txn::Commit() {
  auto s = db_.Commit();
  if (s) done_ = true;
  return s;
}

}  // namespace embargo::store
