// The store on its own, on every backend (SQLite and PostgreSQL, test_backends.h):
// decisions and four eyes, two writers racing on one alert, concurrent writers keeping one
// linear audit chain, a writer waiting for the lock and giving up, the audit chain against
// edits and deletions made behind its back, schema versions. Alerts come from a tiny
// hand-made index, so no list is loaded here (monitor_test.cc uses the real lists).
#include "store/store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "store/monitor.h"
#include "store/test_backends.h"

namespace embargo::store {
namespace {

namespace fs = std::filesystem;

model::Entity Person(std::string id, std::string name) {
  model::Entity e;
  e.id = std::move(id);
  e.dataset = "test_list";
  e.schema = model::Schema::kPerson;
  model::Name n;
  n.full = std::move(name);
  e.names.push_back(std::move(n));
  return e;
}

screen::Query Customer(std::string id, std::string name, std::string dob = {}) {
  screen::Query q;
  q.id = std::move(id);
  q.names = {std::move(name)};
  q.facts.schema = model::Schema::kPerson;
  if (!dob.empty()) q.facts.birth_dates.push_back(*model::PartialDate::FromIso(dob));
  return q;
}

using backends::TestBackend;

class StoreTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    targets_ =
        std::make_unique<backends::Targets>(GetParam(), backends::TestDir("embargo_store_test_"));
    auto target = targets_->Target("embargo.db");
    ASSERT_TRUE(target) << target.error().ToString();
    path_ = *target;
    auto st = Store::Open(path_);
    ASSERT_TRUE(st) << st.error().ToString();
    store_ = std::move(*st);
    index_ = index::Index::Build({Person("t-1", "PUTIN, Vladimir Vladimirovich"),
                                  Person("t-2", "LAVROV, Sergei Viktorovich")});
    ASSERT_TRUE(store_->AddUser("ann", Role::kAnalyst, "test"));
    ASSERT_TRUE(store_->AddUser("bob", Role::kAnalyst, "test"));
    ASSERT_TRUE(store_->AddUser("sue", Role::kSupervisor, "test"));
    ASSERT_TRUE(store_->AddUser("sam", Role::kSupervisor, "test"));
  }
  void TearDown() override {
    store_.reset();
    targets_.reset();
  }
  RunSummary Screen(std::vector<screen::Query> customers) {
    EXPECT_TRUE(store_->UpsertCustomers(customers, "test", "test"));
    auto r = ScreenPending(*store_, {index_.get(), {}}, {});
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : RunSummary{};
  }
  int64_t OnlyOpenAlert() {
    auto alerts = store_->Alerts("open");
    EXPECT_TRUE(alerts);
    EXPECT_EQ(alerts->size(), 1u);
    return alerts->empty() ? 0 : alerts->front().id;
  }

  std::unique_ptr<backends::Targets> targets_;
  std::string path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<const index::Index> index_;
};

TEST_P(StoreTest, FalsePositiveSuppressesUntilTheCustomerChanges) {
  EXPECT_EQ(Screen({Customer("c1", "Vladimir Putin"), Customer("c2", "Jane Doe")}).alerts, 1u);
  int64_t id = OnlyOpenAlert();
  auto d = store_->Decide(id, Decision::kFalsePositive, "ann", "another Vladimir Putin");
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->status, "decided");  // a plain false positive needs no approval

  auto again = RunFull(*store_, {index_.get(), {}}, {});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->alerts, 0u);
  EXPECT_EQ(again->suppressed, 1u);

  // The customer record changes: the pair alerts again and says what changed.
  auto changed = Screen({Customer("c1", "Vladimir Putin", "1952-10-07")});
  EXPECT_EQ(changed.customers, 1u);
  EXPECT_EQ(changed.alerts, 1u);
  EXPECT_EQ(changed.realerts, 1u);
  auto alert = store_->GetAlert(OnlyOpenAlert());
  ASSERT_TRUE(alert);
  ASSERT_TRUE(alert->changes.contains("customer")) << alert->changes.dump();
  EXPECT_EQ(alert->changes["customer"][0]["field"], "birthDate");
  EXPECT_EQ(alert->changes["customer"][0]["new"][0], "1952-10-07");
}

TEST_P(StoreTest, AlertsComeInPagesNewestFirst) {
  EXPECT_EQ(Screen({Customer("c1", "Vladimir Putin"), Customer("c2", "Sergei Lavrov"),
                    Customer("c3", "Vladimir V. Putin")})
                .alerts,
            3u);
  auto all = store_->Alerts();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_GT((*all)[0].id, (*all)[1].id);
  auto page = store_->Alerts("open", 1, 1);
  ASSERT_TRUE(page) << page.error().ToString();
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().id, (*all)[1].id);
  EXPECT_EQ(store_->Alerts("open", 10, 2)->size(), 1u);
  EXPECT_TRUE(store_->Alerts("open", 10, 3)->empty());
  EXPECT_EQ(*store_->AlertCount(), 3u);
  EXPECT_EQ(*store_->AlertCount("open"), 3u);
  EXPECT_EQ(*store_->AlertCount("decided"), 0u);
}

TEST_P(StoreTest, FourEyes) {
  Screen({Customer("c1", "Vladimir Putin")});
  int64_t id = OnlyOpenAlert();
  auto nobody = store_->Decide(id, Decision::kTrueMatch, "mallory", "listed");
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(store_->Decide(id, Decision::kTrueMatch, "ann", ""));  // a comment is required

  auto d = store_->Decide(id, Decision::kTrueMatch, "sue", "same person");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, "pending_approval");
  auto self = store_->Approve(id, "sue");
  ASSERT_FALSE(self);
  EXPECT_NE(self.error().message.find("four eyes"), std::string::npos) << self.error().message;
  auto analyst = store_->Approve(id, "bob");
  ASSERT_FALSE(analyst);
  EXPECT_NE(analyst.error().message.find("only a supervisor"), std::string::npos);
  auto ok = store_->Approve(id, "sam");
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->status, "decided");
  EXPECT_EQ(ok->approved_by, "sam");
  EXPECT_FALSE(store_->Approve(id, "sam"));  // nothing pending any more

  // Clearing a confirmed match later needs four eyes too: the customer changes, the pair
  // alerts again, and a false positive on it waits for a supervisor.
  Screen({Customer("c1", "Vladimir Putin", "1960-01-01")});
  int64_t again = OnlyOpenAlert();
  auto fp = store_->Decide(again, Decision::kFalsePositive, "ann", "born 1960, not him");
  ASSERT_TRUE(fp);
  EXPECT_EQ(fp->status, "pending_approval");
  EXPECT_TRUE(store_->Approve(again, "sue"));

  // Whitelisting a pair needs four eyes, and then holds even when the customer changes.
  Screen({Customer("c3", "Vladimir Putin")});
  int64_t wl = OnlyOpenAlert();
  EXPECT_FALSE(store_->Decide(wl, Decision::kTrueMatch, "ann", "x", /*whitelist=*/true));
  auto w = store_->Decide(wl, Decision::kFalsePositive, "ann", "our own Putin", true);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, "pending_approval");
  EXPECT_TRUE(w->whitelisted);
  EXPECT_FALSE(store_->Approve(wl, "bob"));
  EXPECT_TRUE(store_->Approve(wl, "sam"));
  auto changed = Screen({Customer("c3", "Vladimir Putin", "1970-05-05")});
  EXPECT_EQ(changed.alerts, 0u);
  EXPECT_EQ(changed.suppressed, 1u);

  // Escalation keeps the alert undecided; anyone may then decide it.
  Screen({Customer("c2", "Sergei Lavrov")});
  int64_t esc = OnlyOpenAlert();
  auto e = store_->Decide(esc, Decision::kEscalate, "ann", "not sure");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->status, "escalated");
  EXPECT_EQ(store_->Decide(esc, Decision::kFalsePositive, "sue", "different person")->status,
            "decided");
}

TEST_P(StoreTest, ConcurrentDecisionsExactlyOneWins) {
  for (int round = 0; round < 10; ++round) {
    Screen({Customer("c" + std::to_string(round), "Vladimir Putin")});
    int64_t id = OnlyOpenAlert();
    std::atomic<int> wins{0}, refused{0};
    std::atomic<bool> go{false};
    auto decide = [&](const char* user) {
      auto st = Store::Open(path_);  // one connection per thread, as two processes would
      ASSERT_TRUE(st);
      while (!go) std::this_thread::yield();
      auto r = (*st)->Decide(id, Decision::kFalsePositive, user, "race");
      if (r) {
        ++wins;
      } else {
        EXPECT_NE(r.error().message.find("already"), std::string::npos) << r.error().message;
        ++refused;
      }
    };
    std::thread a(decide, "ann"), b(decide, "bob");
    go = true;
    a.join();
    b.join();
    EXPECT_EQ(wins, 1) << "round " << round;
    EXPECT_EQ(refused, 1) << "round " << round;
  }
  auto check = store_->VerifyAudit();
  ASSERT_TRUE(check);
  EXPECT_TRUE(check->ok) << check->problem;
}

TEST_P(StoreTest, AuditChainDetectsEditsAndDeletions) {
  Screen({Customer("c1", "Vladimir Putin")});
  ASSERT_TRUE(store_->Decide(OnlyOpenAlert(), Decision::kFalsePositive, "ann", "not him"));
  Screen({Customer("c2", "Jane Doe")});
  auto check = store_->VerifyAudit();
  ASSERT_TRUE(check);
  ASSERT_TRUE(check->ok) << check->problem;
  // 4 users, import, screening, decision, import, screening.
  EXPECT_EQ(check->rows, 9u);
  EXPECT_EQ(check->head_hash.size(), 64u);

  // Someone rewrites the decision's comment behind the store's back.
  ASSERT_TRUE(store_->db().Exec(
      "UPDATE audit SET payload = replace(payload, 'not him', 'him') WHERE action = "
      "'alert.decide'"));
  check = store_->VerifyAudit();
  ASSERT_TRUE(check);
  EXPECT_FALSE(check->ok);
  EXPECT_EQ(check->first_bad_seq, 7);
  EXPECT_NE(check->problem.find("edited"), std::string::npos) << check->problem;
  ASSERT_TRUE(store_->db().Exec(
      "UPDATE audit SET payload = replace(payload, '\"him\"', '\"not him\"') WHERE action = "
      "'alert.decide'"));
  ASSERT_TRUE(store_->VerifyAudit()->ok);

  // An edited time is an edit too.
  ASSERT_TRUE(store_->db().Exec("UPDATE audit SET at = '2000-01-01T00:00:00.000Z' WHERE seq = 2"));
  EXPECT_EQ(store_->VerifyAudit()->first_bad_seq, 2);
}

TEST_P(StoreTest, AuditChainDetectsADeletedRow) {
  Screen({Customer("c1", "Vladimir Putin")});
  ASSERT_TRUE(store_->db().Exec("DELETE FROM audit WHERE seq = 5"));
  auto check = store_->VerifyAudit();
  ASSERT_TRUE(check);
  EXPECT_FALSE(check->ok);
  EXPECT_EQ(check->first_bad_seq, 6);
  EXPECT_NE(check->problem.find("deleted"), std::string::npos) << check->problem;

  // Renumbering after the deletion does not hide it: the chain of hashes breaks instead.
  ASSERT_TRUE(store_->db().Exec("UPDATE audit SET seq = seq - 1 WHERE seq > 5"));
  check = store_->VerifyAudit();
  EXPECT_FALSE(check->ok);
  EXPECT_EQ(check->first_bad_seq, 5);
}

TEST_P(StoreTest, RefusesANewerSchema) {
  ASSERT_TRUE(store_->db().SetSchemaVersion(99));
  store_.reset();
  auto st = Store::Open(path_);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("newer"), std::string::npos) << st.error().message;
}

TEST_P(StoreTest, ReopeningKeepsEverything) {
  Screen({Customer("c1", "Vladimir Putin")});
  store_.reset();
  auto st = Store::Open(path_);
  ASSERT_TRUE(st);
  EXPECT_EQ(*(*st)->CustomerCount(), 1u);
  EXPECT_EQ((*st)->Alerts()->size(), 1u);
  EXPECT_TRUE((*st)->VerifyAudit()->ok);
}

// Writers on their own connections, all at once: every audit entry is appended exactly
// once, in one linear chain (each writer reads the head under the write lock).
TEST_P(StoreTest, ConcurrentWritersKeepOneLinearAuditChain) {
  constexpr int kThreads = 4, kUsers = 10;
  std::atomic<bool> go{false};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto st = Store::Open(path_);
      if (!st) {
        ++failed;
        return;
      }
      while (!go) std::this_thread::yield();
      for (int i = 0; i < kUsers; ++i)
        if (!(*st)->AddUser(fmt::format("u{}_{}", t, i), Role::kAnalyst, "race")) ++failed;
    });
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed, 0);
  auto check = store_->VerifyAudit();
  ASSERT_TRUE(check);
  EXPECT_TRUE(check->ok) << check->problem;
  EXPECT_EQ(check->rows, 4u + kThreads * kUsers);  // the 4 users of SetUp, then these
  auto role = store_->UserRole("u3_9");
  ASSERT_TRUE(role);
  EXPECT_EQ(*role, Role::kAnalyst);
}

// While one writer holds the lock, another waits busy_ms, then gives up with kLimit and
// changes nothing; once the lock is free it succeeds.
TEST_P(StoreTest, AWriterWaitsForTheLockThenGivesUp) {
  Screen({Customer("c1", "Vladimir Putin")});
  int64_t id = OnlyOpenAlert();
  StoreOptions quick;
  quick.busy_ms = 300;
  auto other = Store::Open(path_, quick);
  ASSERT_TRUE(other) << other.error().ToString();
  {
    auto txn = Txn::Begin(store_->db());
    ASSERT_TRUE(txn) << txn.error().ToString();
    auto t0 = std::chrono::steady_clock::now();
    auto blocked = (*other)->Decide(id, Decision::kFalsePositive, "ann", "waits");
    double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_FALSE(blocked);
    EXPECT_EQ(blocked.error().code, ErrorCode::kLimit) << blocked.error().ToString();
    EXPECT_NE(blocked.error().message.find("locked"), std::string::npos) << blocked.error().message;
    EXPECT_GE(waited, 0.25);
  }  // the holder rolls back
  auto d = (*other)->Decide(id, Decision::kFalsePositive, "ann", "now");
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->status, "decided");
  EXPECT_EQ(d->comment, "now");
  EXPECT_TRUE(store_->VerifyAudit()->ok);
}

// Imports span several lookup batches (500 ids each): every customer is counted once, and
// a re-import finds exactly the changed ones.
TEST_P(StoreTest, LargeImportsCountAddedChangedAndUnchanged) {
  std::vector<screen::Query> customers;
  for (int i = 0; i < 1234; ++i)
    customers.push_back(Customer(fmt::format("k{:05}", i), fmt::format("Person Number{}", i)));
  auto first = store_->UpsertCustomers(customers, "test", "test");
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->added, 1234u);
  EXPECT_EQ(first->changed + first->unchanged, 0u);
  for (int i : {0, 499, 500, 1233}) customers[i].names[0] += " Changed";
  customers.push_back(Customer("k99999", "Someone New"));
  auto again = store_->UpsertCustomers(customers, "test", "test");
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->added, 1u);
  EXPECT_EQ(again->changed, 4u);
  EXPECT_EQ(again->unchanged, 1230u);
  EXPECT_EQ(*store_->CustomerCount(), 1235u);
  auto listed = store_->Customers(2);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "Person Number0 Changed");
  EXPECT_FALSE((*listed)[0].screened);
}

// A write that fails inside a transaction fails it (at once on SQLite; on PostgreSQL
// perhaps only at Commit, as writes are pipelined): nothing of it is committed.
TEST_P(StoreTest, AFailedWriteNeverCommits) {
  Db& db = store_->db();
  ASSERT_TRUE(db.Exec("CREATE TABLE t(x INTEGER PRIMARY KEY)"));
  {
    auto txn = Txn::Begin(db);
    ASSERT_TRUE(txn);
    auto ins = db.Prepare("INSERT INTO t(x) VALUES (?)");
    ASSERT_TRUE(ins) << ins.error().ToString();
    Status s = OkStatus();
    for (int x : {1, 2, 3, 2, 4})  // the second 2 violates the primary key
      if (s) s = ins->BindAll(x).Run();
    if (s) s = (*txn)->Commit();
    ASSERT_FALSE(s);
    const std::string& m = s.error().message;  // PostgreSQL's words, then SQLite's
    EXPECT_TRUE(m.find("duplicate key") != std::string::npos ||
                m.find("UNIQUE constraint") != std::string::npos)
        << s.error().ToString();
  }
  auto count = db.Prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count);
  ASSERT_TRUE(count->Step().value_or(false));
  EXPECT_EQ(count->Int(0), 0);
  // The connection is usable again.
  EXPECT_TRUE(store_->AddUser("zoe", Role::kAnalyst, "test"));
  EXPECT_TRUE(store_->VerifyAudit()->ok);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreTest, ::testing::Values(TestBackend::kSqlite));
INSTANTIATE_TEST_SUITE_P(Postgres, StoreTest, ::testing::Values(TestBackend::kPostgres));

// PostgreSQL only: what a wrong URL says.
class PostgresStoreTest : public ::testing::TestWithParam<TestBackend> {};

TEST_P(PostgresStoreTest, AMissingDatabaseIsNamedWithoutThePassword) {
  const auto& admin = backends::PgServer::AdminUrl();
  ASSERT_TRUE(admin) << admin.error().ToString();
  std::string url = backends::WithDatabase(*admin, "no_such_db");
  url.insert(url.find("://") + 3, "postgres:s3cret@");
  auto st = Store::Open(url);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kIo);
  EXPECT_NE(st.error().message.find("no_such_db"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("createdb"), std::string::npos) << st.error().message;
  EXPECT_EQ(st.error().ToString().find("s3cret"), std::string::npos) << st.error().ToString();
  EXPECT_NE(st.error().where.find("***"), std::string::npos) << st.error().where;
}

INSTANTIATE_TEST_SUITE_P(Postgres, PostgresStoreTest, ::testing::Values(TestBackend::kPostgres));

TEST(DbTest, PostgresUrlsChooseThePostgresBackend) {
  EXPECT_TRUE(Db::IsPostgresUrl("postgresql://u@h/db"));
  EXPECT_TRUE(Db::IsPostgresUrl("postgres:///db?host=/tmp"));
  EXPECT_FALSE(Db::IsPostgresUrl("/var/lib/embargo/embargo.db"));
  EXPECT_FALSE(Db::IsPostgresUrl("postgresql.db"));
  EXPECT_EQ(backends::WithDatabase("postgresql:///postgres?host=/tmp/x&user=p", "t1"),
            "postgresql:///t1?host=/tmp/x&user=p");
  EXPECT_EQ(backends::WithDatabase("postgres://u:p@h:5432/a", "b"), "postgres://u:p@h:5432/b");
}

}  // namespace
}  // namespace embargo::store
