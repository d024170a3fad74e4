// The store on its own: decisions and four eyes, two writers racing on one alert, the audit
// chain against edits and deletions made behind its back, schema versions. Alerts come from
// a tiny hand-made index, so no list is loaded here (monitor_test.cc uses the real lists).
#include "store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "store/monitor.h"

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

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("embargo_store_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    path_ = (dir_ / "embargo.db").string();
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
    fs::remove_all(dir_);
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

  fs::path dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<const index::Index> index_;
};

TEST_F(StoreTest, FalsePositiveSuppressesUntilTheCustomerChanges) {
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

TEST_F(StoreTest, FourEyes) {
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

TEST_F(StoreTest, ConcurrentDecisionsExactlyOneWins) {
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

TEST_F(StoreTest, AuditChainDetectsEditsAndDeletions) {
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

TEST_F(StoreTest, AuditChainDetectsADeletedRow) {
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

TEST_F(StoreTest, RefusesANewerSchema) {
  ASSERT_TRUE(store_->db().Exec("PRAGMA user_version = 99"));
  store_.reset();
  auto st = Store::Open(path_);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("newer"), std::string::npos) << st.error().message;
}

TEST_F(StoreTest, ReopeningKeepsEverything) {
  Screen({Customer("c1", "Vladimir Putin")});
  store_.reset();
  auto st = Store::Open(path_);
  ASSERT_TRUE(st);
  EXPECT_EQ(*(*st)->CustomerCount(), 1u);
  EXPECT_EQ((*st)->Alerts()->size(), 1u);
  EXPECT_TRUE((*st)->VerifyAudit()->ok);
}

}  // namespace
}  // namespace embargo::store
