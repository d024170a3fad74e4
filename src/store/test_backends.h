// Test-only (included by store_test.cc and monitor_test.cc): the backends every store test
// runs on, one suite over each (instantiated as Sqlite/... and Postgres/...).
//  - SQLite: files in a temporary folder.
//  - PostgreSQL: one fresh database per target, on a throw-away server that
//    tests/store/pg_server.sh starts on first use in this process and stops at its exit
//    (a watcher stops it when the process dies instead). EMBARGO_TEST_PG_URL, when set,
//    names a server of your own instead: the URL of a database whose user may CREATE
//    DATABASE. No server (binaries missing, start failed): every PostgreSQL test fails with
//    the script's message; nothing is skipped.
//
// Thread-safety: Targets belong to the test's thread; the server is started once.
#ifndef EMBARGO_STORE_TEST_BACKENDS_H_
#define EMBARGO_STORE_TEST_BACKENDS_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "common/error.h"
#include "store/db.h"

namespace embargo::store::backends {

enum class TestBackend { kSqlite, kPostgres };
inline void PrintTo(TestBackend b, std::ostream* os) {
  *os << (b == TestBackend::kSqlite ? "sqlite" : "postgres");
}

// The URL `url` with its database name replaced by `db`.
inline std::string WithDatabase(const std::string& url, const std::string& db) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : url.find('/', start + 3);
  if (start == std::string::npos) return url + "/" + db;
  size_t end = url.find('?', start);
  return url.substr(0, start + 1) + db + (end == std::string::npos ? "" : url.substr(end));
}

// The throw-away server of this process.
class PgServer {
 public:
  // The URL of its `postgres` database, or why there is none.
  static const Result<std::string>& AdminUrl() {
    static PgServer server;
    return server.url_;
  }

 private:
  PgServer() {
    if (const char* own = std::getenv("EMBARGO_TEST_PG_URL"); own != nullptr && *own) {
      url_ = std::string(own);
      return;
    }
    char tmpl[] = "/tmp/embargo_pg_XXXXXX";
    if (mkdtemp(tmpl) == nullptr) {
      url_ = Fail(ErrorCode::kIo, "cannot create a folder for the PostgreSQL test server");
      return;
    }
    dir_ = tmpl;
    std::string cmd = std::string("bash '") + EMBARGO_PG_SERVER_SCRIPT + "' start '" + dir_ + "' " +
                      std::to_string(getpid()) + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    while (p && fgets(buf, sizeof buf, p)) out += buf;
    int rc = p ? pclose(p) : -1;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    size_t last = out.rfind('\n');
    std::string url = last == std::string::npos ? out : out.substr(last + 1);
    if (rc != 0 || !Db::IsPostgresUrl(url)) {
      url_ = Fail(ErrorCode::kIo,
                  "could not start a PostgreSQL server for the PostgreSQL store tests (" +
                      std::string(EMBARGO_PG_SERVER_SCRIPT) + "): " + out);
      return;
    }
    url_ = url;
  }
  ~PgServer() {
    if (dir_.empty()) return;
    std::string cmd =
        std::string("bash '") + EMBARGO_PG_SERVER_SCRIPT + "' stop '" + dir_ + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "stopping %s failed\n", dir_.c_str());
  }

  std::string dir_;
  Result<std::string> url_ = std::string();
};

// The stores one test opens: Target(name) gives a SQLite path or the URL of a new
// PostgreSQL database; the destructor removes them.
class Targets {
 public:
  Targets(TestBackend backend, std::filesystem::path dir)
      : backend_(backend), dir_(std::move(dir)) {
    std::filesystem::remove_all(dir_);
  }
  ~Targets() {
    if (admin_)
      for (const auto& db : databases_)
        (void)admin_->Exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    std::filesystem::remove_all(dir_);
  }

  Result<std::string> Target(const std::string& name) {
    if (backend_ == TestBackend::kSqlite) return (dir_ / name).string();
    const auto& url = PgServer::AdminUrl();
    if (!url) return Fail(url.error());
    if (!admin_) {
      auto db = Db::Open(*url, 10000);
      if (!db) return Fail(db.error());
      admin_ = std::move(*db);
    }
    static int counter = 0;
    std::string db = "embargo_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    if (auto s = admin_->Exec("CREATE DATABASE " + db); !s) return Fail(s.error());
    databases_.push_back(db);
    return WithDatabase(*url, db);
  }

 private:
  TestBackend backend_;
  std::filesystem::path dir_;
  std::unique_ptr<Db> admin_;
  std::vector<std::string> databases_;
};

inline std::filesystem::path TestDir(const std::string& prefix) {
  std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  for (char& c : name)
    if (c == '/') c = '_';
  return std::filesystem::temp_directory_path() / (prefix + std::to_string(getpid()) + "_" + name);
}

}  // namespace embargo::store::backends

#endif  // EMBARGO_STORE_TEST_BACKENDS_H_
