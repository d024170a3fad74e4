// ScreeningLog: every queued screening reaches the store with its lists digest, a failing
// store is retried without losing one, and a writer too far behind makes Add() refuse.
#include "server/screening_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "common/testing/testdata.h"
#include "store/store.h"

namespace embargo::server {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class ScreeningLogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lists = ingest::LoadFile(testing::TestDataPath("ofac/history/sdn-2022-02-26.csv"));
    ASSERT_TRUE(lists) << lists.error().ToString();
    lists_ = new std::shared_ptr<const Snapshot>(BuildListsSnapshot(std::move(*lists)));
  }
  static void TearDownTestSuite() { delete lists_; }
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("embargo_screening_log_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  StoreOpener Opener() const {
    std::string path = (dir_ / "s.db").string();
    return [path] { return store::Store::Open(path); };
  }
  static store::AdHocScreening Screening(const std::string& name) {
    screen::Query q;
    q.id = name;
    q.names = {name};
    q.facts.schema = model::Schema::kPerson;
    const index::Index& idx = *(*lists_)->index;
    store::AdHocScreening s;
    s.actor = "tester";
    s.records.push_back(store::MakeScreeningRecord(idx, q, screen::Screen(idx, q, s.options)));
    return s;
  }
  int64_t Count(const std::string& sql) {
    auto st = store::Store::Open((dir_ / "s.db").string());
    EXPECT_TRUE(st);
    auto q = (*st)->db().Prepare(sql);
    EXPECT_TRUE(q);
    auto row = q->Step();
    EXPECT_TRUE(row && *row);
    return q->Int(0);
  }

  static std::shared_ptr<const Snapshot>* lists_;
  fs::path dir_;
};
std::shared_ptr<const Snapshot>* ScreeningLogTest::lists_ = nullptr;

TEST_F(ScreeningLogTest, WritesEveryScreeningWithTheListsDigest) {
  {
    ScreeningLog log(Opener());
    for (const char* name : {"Vladimir Putin", "Sergei Lavrov", "John Smith Example"})
      ASSERT_TRUE(log.Add(*lists_, Screening(name)));
    ASSERT_TRUE(log.Flush(30s));
    EXPECT_EQ(log.stats().recorded, 3u);
    EXPECT_EQ(log.stats().pending, 0u);
    ASSERT_TRUE(log.Add(*lists_, Screening("Igor Sechin")));  // written by the destructor
  }
  EXPECT_EQ(Count("SELECT count(*) FROM screenings WHERE kind = 'match'"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM audit WHERE action = 'screening.match'"), 4);
  auto st = store::Store::Open((dir_ / "s.db").string());
  ASSERT_TRUE(st);
  auto q = (*st)->db().Prepare("SELECT DISTINCT lists_digest, entities FROM screenings");
  ASSERT_TRUE(q);
  ASSERT_TRUE(*q->Step());
  EXPECT_EQ(q->Text(0), store::ListsDigest(*(*lists_)->index));
  EXPECT_EQ(static_cast<size_t>(q->Int(1)), (*lists_)->index->entities().size());
  EXPECT_FALSE(*q->Step());  // one digest for the one snapshot
  // What was recorded replays against the same lists.
  auto replay = store::Replay(**st, 2, {(*lists_)->index.get(), (*lists_)->datasets});
  ASSERT_TRUE(replay) << replay.error().ToString();
  EXPECT_TRUE(replay->lists_same);
  EXPECT_EQ(replay->same, 1u);
}

TEST_F(ScreeningLogTest, RetriesAFailingStoreWithoutLosingAScreening) {
  std::atomic<int> attempts{0};
  StoreOpener flaky = [&attempts, ok = Opener()]() -> Result<std::unique_ptr<store::Store>> {
    if (attempts.fetch_add(1) < 2) return Fail(ErrorCode::kIo, "store unreachable (test)");
    return ok();
  };
  ScreeningLogOptions options;
  options.retry_interval = 10ms;
  ScreeningLog log(flaky, options);
  ASSERT_TRUE(log.Add(*lists_, Screening("Vladimir Putin")));
  ASSERT_TRUE(log.Add(*lists_, Screening("Sergei Lavrov")));
  ASSERT_TRUE(log.Flush(30s));
  EXPECT_EQ(log.stats().write_errors, 2u);
  EXPECT_EQ(log.stats().recorded, 2u);
  EXPECT_EQ(Count("SELECT count(*) FROM screenings"), 2);
}

TEST_F(ScreeningLogTest, RefusesWhenTheWriterIsTooFarBehind) {
  std::atomic<bool> release{false};
  StoreOpener stuck = [&release, ok = Opener()]() -> Result<std::unique_ptr<store::Store>> {
    while (!release) std::this_thread::sleep_for(1ms);
    return ok();
  };
  ScreeningLogOptions options;
  options.max_pending = 1;
  options.add_wait = 50ms;
  ScreeningLog log(stuck, options);
  // The writer takes the first and blocks opening the store; the second waits in the queue.
  ASSERT_TRUE(log.Add(*lists_, Screening("Vladimir Putin")));
  for (int i = 0; i < 10000 && log.stats().pending > 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(log.stats().pending, 0u);
  ASSERT_TRUE(log.Add(*lists_, Screening("Sergei Lavrov")));
  EXPECT_FALSE(log.Add(*lists_, Screening("Igor Sechin")));
  EXPECT_EQ(log.stats().refused, 1u);
  release = true;
  ASSERT_TRUE(log.Flush(30s));
  EXPECT_EQ(log.stats().recorded, 2u);
  EXPECT_EQ(Count("SELECT count(*) FROM screenings"), 2);
}

}  // namespace
}  // namespace embargo::server
