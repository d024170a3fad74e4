// Monitoring against the real lists, on every backend (test_backends.h): alerts for a listed name
// and none for a placebo, a delta run over the 97 designations of 2022-02-26 giving exactly what a
// full run gives, an entity change raising a decided pair again, and replay of a recorded
// screening.
#include "store/monitor.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "common/testing/testdata.h"
#include "ingest/loader.h"
#include "store/test_backends.h"

namespace embargo::store {
namespace {

namespace fs = std::filesystem;

struct Lists {
  std::unique_ptr<const index::Index> index;
  std::vector<model::Dataset> datasets;
  ScreeningLists view() const { return {index.get(), datasets}; }
};

Lists Load(const std::string& relative) {
  std::string path = testing::TestDataPath(relative);
  auto l = fs::is_directory(path) ? ingest::LoadDataDir(path) : ingest::LoadFile(path);
  EXPECT_TRUE(l) << path << ": " << l.error().ToString();
  if (!l) return {index::Index::Build({}), {}};
  return {index::Index::Build(std::move(l->entities)), l->datasets};
}

screen::Query Customer(std::string id, std::string name, std::string dob = {},
                       std::string country = {}) {
  screen::Query q;
  q.id = std::move(id);
  q.names = {std::move(name)};
  q.facts.schema = model::Schema::kPerson;
  if (!dob.empty()) q.facts.birth_dates.push_back(*model::PartialDate::FromIso(dob));
  if (!country.empty()) q.facts.countries.push_back(country);
  return q;
}

using backends::TestBackend;

class MonitorTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  static void SetUpTestSuite() {
    feb23_ = new Lists(Load("ofac/history/sdn-2022-02-23.csv"));
    feb26_ = new Lists(Load("ofac/history/sdn-2022-02-26.csv"));
  }
  static void TearDownTestSuite() {
    delete feb23_;
    delete feb26_;
  }
  void SetUp() override {
    targets_ =
        std::make_unique<backends::Targets>(GetParam(), backends::TestDir("embargo_monitor_test_"));
  }
  void TearDown() override { targets_.reset(); }
  // A new store; the test stops (fatal failure) when it cannot be opened.
  std::unique_ptr<Store> Open(const std::string& name) {
    auto target = targets_->Target(name);
    EXPECT_TRUE(target) << target.error().ToString();
    if (!target) return nullptr;
    auto st = Store::Open(*target);
    EXPECT_TRUE(st) << st.error().ToString();
    return st ? std::move(*st) : nullptr;
  }
  // Customers: three named ones plus names of the 2022-02-23 list (every 40th entity),
  // so the delta run has customers matching unchanged entities too.
  static std::vector<screen::Query> Customers() {
    std::vector<screen::Query> out = {Customer("putin", "Vladimir Putin", "1952-10-07", "ru"),
                                      Customer("lavrov", "Sergei Lavrov"),
                                      Customer("sechin", "Igor Sechin"),
                                      Customer("smith", "John Smith Example", "1980-01-01")};
    const auto& es = feb23_->index->entities();
    for (size_t i = 0; i < es.size(); i += 40) {
      screen::Query q;
      q.id = "list-" + es[i].id;
      q.names = {std::string(es[i].caption())};
      q.facts.schema = es[i].schema;
      out.push_back(std::move(q));
    }
    return out;
  }
  static std::set<std::pair<std::string, std::string>> Pairs(Store& st) {
    std::set<std::pair<std::string, std::string>> out;
    auto alerts = st.Alerts();
    for (const auto& a : *alerts) out.insert({a.customer_id, a.entity_id});
    return out;
  }

  static Lists* feb23_;
  static Lists* feb26_;
  std::unique_ptr<backends::Targets> targets_;
};
Lists* MonitorTest::feb23_ = nullptr;
Lists* MonitorTest::feb26_ = nullptr;

TEST_P(MonitorTest, PutinAlertsAgainstCurrentListsJohnSmithDoesNot) {
  Lists current = Load("ofac/current");
  auto st = Open("current.db");
  ASSERT_NE(st, nullptr);
  ASSERT_TRUE(st->UpsertCustomers(
      {Customer("putin", "Vladimir Putin"), Customer("smith", "John Smith Example")}, "test",
      "test"));
  auto r = ScreenPending(*st, current.view(), {});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->customers, 2u);
  std::set<std::string> putin;
  auto alerts = st->Alerts();
  ASSERT_TRUE(alerts);
  for (const auto& a : *alerts) {
    EXPECT_EQ(a.customer_id, "putin") << a.entity_id << " " << a.entity_caption;
    EXPECT_GE(a.score, 0.70);
    EXPECT_FALSE(a.list_version.empty());
    EXPECT_TRUE(a.explanation.contains("explanations") || a.explanation.contains("score"));
    putin.insert(a.entity_id);
  }
  EXPECT_TRUE(putin.count("ofac-35096")) << "PUTIN, Vladimir Vladimirovich not alerted";
}

TEST_P(MonitorTest, DeltaRunGivesWhatAFullRunGives) {
  auto customers = Customers();
  // A: screened against 2022-02-23, then a delta run against 2022-02-26.
  auto a = Open("a.db");
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(a->UpsertCustomers(customers, "test", "test"));
  auto first = ScreenPending(*a, feb23_->view(), {});
  ASSERT_TRUE(first) << first.error().ToString();
  auto before = a->Alerts();
  for (const auto& al : *before) EXPECT_NE(al.customer_id, "putin") << al.entity_id;
  auto delta = RunDelta(*a, feb26_->view(), {});
  ASSERT_TRUE(delta) << delta.error().ToString();
  EXPECT_EQ(delta->kind, "delta");
  EXPECT_FALSE(delta->full_fallback);
  EXPECT_EQ(delta->entities, 97u + 6u);  // added and changed (see README "History")
  EXPECT_EQ(delta->customers, customers.size());
  // B: the same customers screened in full against 2022-02-26 only.
  auto b = Open("b.db");
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(b->UpsertCustomers(customers, "test", "test"));
  ASSERT_TRUE(ScreenPending(*b, feb26_->view(), {}));
  auto pa = Pairs(*a), pb = Pairs(*b);
  EXPECT_EQ(pa, pb);
  EXPECT_TRUE(pa.count({"putin", "ofac-35096"}));
  EXPECT_TRUE(pa.count({"lavrov", "ofac-35233"}));
  for (const auto& [c, e] : pa) EXPECT_NE(c, "smith") << e;

  // Nothing changed since: a second delta screens nobody against nothing.
  auto none = RunDelta(*a, feb26_->view(), {});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->entities, 0u);
  EXPECT_EQ(none->alerts, 0u);
}

TEST_P(MonitorTest, DeltaWithoutARecordedListStateRunsInFull) {
  auto st = Open("f.db");
  ASSERT_NE(st, nullptr);
  ASSERT_TRUE(st->UpsertCustomers({Customer("putin", "Vladimir Putin")}, "test", "test"));
  auto r = RunDelta(*st, feb26_->view(), {});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_TRUE(r->full_fallback);
  EXPECT_EQ(r->kind, "full");
  EXPECT_EQ(r->entities, feb26_->index->entities().size());
  EXPECT_GE(r->alerts, 1u);
}

TEST_P(MonitorTest, EntityChangeRaisesADecidedPairAgain) {
  auto st = Open("c.db");
  ASSERT_NE(st, nullptr);
  ASSERT_TRUE(st->AddUser("ann", Role::kAnalyst, "test"));
  ASSERT_TRUE(st->UpsertCustomers({Customer("sechin", "Igor Sechin")}, "test", "test"));
  ASSERT_TRUE(ScreenPending(*st, feb23_->view(), {}));
  auto alerts = *st->Alerts("open");
  ASSERT_FALSE(alerts.empty());
  const Alert* sechin = nullptr;
  for (const auto& a : alerts)
    if (a.entity_id == "ofac-16692") sechin = &a;
  ASSERT_NE(sechin, nullptr);
  ASSERT_TRUE(st->Decide(sechin->id, Decision::kFalsePositive, "ann", "a namesake"));
  // Unchanged lists: suppressed.
  auto same = RunFull(*st, feb23_->view(), {});
  ASSERT_TRUE(same);
  EXPECT_GE(same->suppressed, 1u);
  // SECHIN changed on 2022-02-26 (full name, program): the pair alerts again.
  auto delta = RunDelta(*st, feb26_->view(), {});
  ASSERT_TRUE(delta);
  EXPECT_GE(delta->realerts, 1u);
  bool found = false;
  auto open = st->Alerts("open");
  for (const auto& a : *open) {
    if (a.entity_id != "ofac-16692") continue;
    found = true;
    ASSERT_TRUE(a.changes.contains("entity")) << a.changes.dump();
    EXPECT_NE(a.changes["entity"].dump().find("RUSSIA-EO14024"), std::string::npos)
        << a.changes.dump();
  }
  EXPECT_TRUE(found);
}

TEST_P(MonitorTest, ReplayReproducesARecordedScreening) {
  auto st = Open("r.db");
  ASSERT_NE(st, nullptr);
  ASSERT_TRUE(st->UpsertCustomers(Customers(), "test", "test"));
  auto r = ScreenPending(*st, feb26_->view(), {});
  ASSERT_TRUE(r);
  auto same = Replay(*st, r->screening_id, feb26_->view());
  ASSERT_TRUE(same) << same.error().ToString();
  EXPECT_TRUE(same->lists_same);
  EXPECT_GT(same->records, 10u);
  EXPECT_EQ(same->same, same->records);
  EXPECT_TRUE(same->differences.empty());
  // Against the older lists: other entities, and Putin's result is gone.
  auto older = Replay(*st, r->screening_id, feb23_->view());
  ASSERT_TRUE(older);
  EXPECT_FALSE(older->lists_same);
  EXPECT_FALSE(older->differences.empty());
  EXPECT_FALSE(Replay(*st, 999, feb26_->view()));
}

// An ad-hoc screening (embargo match, POST /match) is recorded with its queries and results,
// appended to the audit chain with the list versions and digest, and replays like a run.
TEST_P(MonitorTest, AdHocScreeningIsAuditedAndReplays) {
  auto st = Open("adhoc.db");
  ASSERT_NE(st, nullptr);
  screen::Options opts;
  opts.limit = 3;
  AdHocScreening s;
  s.actor = "analyst1";
  s.datasets = feb26_->datasets;
  s.lists_digest = ListsDigest(*feb26_->index);
  s.entities = feb26_->index->entities().size();
  s.options = opts;
  s.engine_version = "test";
  for (const auto& q :
       {Customer("q1", "Vladimir Putin", "1952-10-07"), Customer("q2", "John Smith Example")})
    s.records.push_back(
        MakeScreeningRecord(*feb26_->index, q, screen::Screen(*feb26_->index, q, opts)));
  EXPECT_TRUE(s.records[0].match);
  EXPECT_FALSE(s.records[1].match);
  EXPECT_EQ(s.records[0].id, "q1");
  AdHocScreening batch = s;
  batch.kind = "batch";
  batch.records.pop_back();
  auto ids = RecordScreenings(*st, {s, batch});
  ASSERT_TRUE(ids) << ids.error().ToString();
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_LT((*ids)[0], (*ids)[1]);

  auto audit = st->db().Prepare("SELECT actor, action, payload FROM audit ORDER BY seq");
  ASSERT_TRUE(audit);
  std::vector<nlohmann::json> entries;
  for (;;) {
    auto row = audit->Step();
    ASSERT_TRUE(row);
    if (!*row) break;
    EXPECT_EQ(audit->Text(0), "analyst1");
    EXPECT_EQ(audit->Text(1), entries.empty() ? "screening.match" : "screening.batch");
    entries.push_back(nlohmann::json::parse(audit->Text(2)));
  }
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]["screening"], (*ids)[0]);
  EXPECT_EQ(entries[0]["queries"], 2);
  EXPECT_EQ(entries[0]["matches"], 1);
  EXPECT_EQ(entries[0]["lists_digest"], s.lists_digest);
  EXPECT_EQ(entries[0]["lists"][0]["version"], feb26_->datasets[0].version);
  EXPECT_EQ(entries[1]["queries"], 1);
  auto chain = st->VerifyAudit();
  ASSERT_TRUE(chain);
  EXPECT_TRUE(chain->ok);

  auto same = Replay(*st, (*ids)[0], feb26_->view());
  ASSERT_TRUE(same) << same.error().ToString();
  EXPECT_EQ(same->kind, "match");
  EXPECT_TRUE(same->lists_same);
  EXPECT_EQ(same->records, 2u);
  EXPECT_EQ(same->same, 2u);
  auto older = Replay(*st, (*ids)[0], feb23_->view());  // Putin was listed on 2022-02-25
  ASSERT_TRUE(older);
  EXPECT_FALSE(older->lists_same);
  EXPECT_EQ(older->same, 1u);
  ASSERT_EQ(older->differences.size(), 1u);
  EXPECT_EQ(older->differences[0].rfind("q1:", 0), 0u) << older->differences[0];
}

INSTANTIATE_TEST_SUITE_P(Sqlite, MonitorTest, ::testing::Values(TestBackend::kSqlite));
INSTANTIATE_TEST_SUITE_P(Postgres, MonitorTest, ::testing::Values(TestBackend::kPostgres));

}  // namespace
}  // namespace embargo::store
