// The version store on the real OFAC SDN files of four days (../shared/data/ofac/history):
// import, as-of, diff between versions, rejection of damaged input, and a manifest that
// survives processes killed while adding versions.
#include "history/history.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "history/diff.h"

namespace embargo::history {
namespace {

namespace fs = std::filesystem;

std::string Sdn(const std::string& day) {
  return embargo::testing::TestDataPath("ofac/history/sdn-" + day + ".csv");
}

std::string MakeTempDir() {
  std::string pattern = (fs::temp_directory_path() / "embargo-history-XXXXXX").string();
  char* made = ::mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  return pattern;
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

bool HasId(const ingest::LoadedLists& lists, const std::string& id) {
  return std::any_of(lists.entities.begin(), lists.entities.end(),
                     [&](const model::Entity& e) { return e.id == id; });
}

bool HasDelta(const std::vector<EntityDelta>& v, const std::string& id) {
  return std::any_of(v.begin(), v.end(), [&](const EntityDelta& d) { return d.id == id; });
}

// The four real SDN files imported once for the read-only tests.
class HistoryRealTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    for (const char* day : {"2021-08-18", "2022-02-23", "2022-02-26", "2024-05-03"}) {
      auto v = Import(*dir_, "ofac", day, {Sdn(day)});
      ASSERT_TRUE(v) << v.error().ToString();
    }
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }
  static std::string* dir_;
};
std::string* HistoryRealTest::dir_ = nullptr;

TEST_F(HistoryRealTest, ListsEveryImportedVersionInDateOrder) {
  auto versions = ListVersions(*dir_);
  ASSERT_TRUE(versions) << versions.error().ToString();
  ASSERT_EQ(versions->size(), 4u);
  EXPECT_EQ((*versions)[0].effective_date, "2021-08-18");
  EXPECT_EQ((*versions)[3].effective_date, "2024-05-03");
  EXPECT_EQ((*versions)[2].id, 3u);
  EXPECT_EQ((*versions)[2].origin, "import");
  ASSERT_EQ((*versions)[2].files.size(), 1u);
  EXPECT_EQ((*versions)[2].files[0].name, "sdn-2022-02-26.csv");
  EXPECT_EQ((*versions)[2].files[0].bytes, 2112579u);
  EXPECT_EQ((*versions)[2].files[0].records, 9218u);
  EXPECT_EQ((*versions)[3].files[0].records, 14965u);
  EXPECT_EQ((*versions)[0].files[0].sha256.size(), 64u);
  EXPECT_TRUE(ListVersions(*dir_, "un")->empty());
}

TEST_F(HistoryRealTest, DiffOfTheInvasionWeekends97DesignationsAndNoRemoval) {
  auto versions = ListVersions(*dir_);
  ASSERT_TRUE(versions);
  auto diff = DiffVersions(*dir_, (*versions)[1], (*versions)[2]);
  ASSERT_TRUE(diff) << diff.error().ToString();
  EXPECT_EQ(diff->added.size(), 97u);
  EXPECT_EQ(diff->removed.size(), 0u);
  EXPECT_TRUE(HasDelta(diff->added, "ofac-35096"));  // PUTIN, Vladimir Vladimirovich
  EXPECT_TRUE(HasDelta(diff->added, "ofac-35233"));  // LAVROV, Sergei Viktorovich
  EXPECT_EQ(diff->old_entities + diff->added.size() - diff->removed.size(), diff->new_entities);
  // SECHIN was listed before; that weekend OFAC added his full name and the new program.
  auto sechin = std::find_if(diff->changed.begin(), diff->changed.end(),
                             [](const EntityDelta& d) { return d.id == "ofac-16692"; });
  ASSERT_NE(sechin, diff->changed.end());
  auto program = std::find_if(sechin->changes.begin(), sechin->changes.end(),
                              [](const FieldChange& c) { return c.field == "program"; });
  ASSERT_NE(program, sechin->changes.end());
  EXPECT_EQ(program->new_values, std::vector<std::string>{"RUSSIA-EO14024"});
  // The reverse direction removes what was added.
  auto back = DiffVersions(*dir_, (*versions)[2], (*versions)[1]);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->removed.size(), 97u);
  EXPECT_EQ(back->added.size(), 0u);
}

TEST_F(HistoryRealTest, AsOfPicksTheVersionInForceThatDay) {
  auto before = LoadAsOf(*dir_, "2022-02-24");
  ASSERT_TRUE(before) << before.error().ToString();
  EXPECT_FALSE(HasId(*before, "ofac-35096"));
  ASSERT_EQ(before->datasets.size(), 1u);
  EXPECT_EQ(before->datasets[0].version, "2022-02-23");

  auto after = LoadAsOf(*dir_, "2022-02-27");
  ASSERT_TRUE(after) << after.error().ToString();
  EXPECT_TRUE(HasId(*after, "ofac-35096"));
  EXPECT_EQ(after->datasets[0].version, "2022-02-26");

  // The effective day itself counts, and later days keep the last version.
  EXPECT_EQ(VersionsAsOf(*dir_, "2022-02-26")->front().id, 3u);
  EXPECT_EQ(VersionsAsOf(*dir_, "2030-01-01")->front().id, 4u);
}

TEST_F(HistoryRealTest, ADayBeforeEveryVersionIsAClearError) {
  auto r = LoadAsOf(*dir_, "2020-01-01");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("no list version on or before 2020-01-01"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("2021-08-18"), std::string::npos) << r.error().message;

  auto bad = LoadAsOf(*dir_, "2022-02-30");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(HistoryRealTest, FindVersionByIdOrDay) {
  auto versions = *ListVersions(*dir_);
  struct Case {
    const char* list;
    const char* spec;
    uint64_t id;  // 0 = error expected
  } cases[] = {
      {"", "3", 3},          {"ofac", "3", 3},      {"un", "3", 0},
      {"", "9", 0},          {"", "2022-02-25", 2}, {"ofac", "2022-02-26", 3},
      {"", "2019-01-01", 0}, {"", "yesterday", 0},  {"ofac", "2099-12-31", 4},
  };
  for (const auto& c : cases) {
    auto v = FindVersion(versions, c.list, c.spec);
    if (c.id == 0) {
      ASSERT_FALSE(v) << c.list << " " << c.spec;
      EXPECT_FALSE(v.error().message.empty());
    } else {
      ASSERT_TRUE(v) << c.spec << ": " << v.error().ToString();
      EXPECT_EQ(v->id, c.id) << c.spec;
    }
  }
}

class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir(); }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string dir_;
};

TEST_F(HistoryTest, TruncatedOrCorruptedFileIsRejectedAndThePreviousVersionStays) {
  ASSERT_TRUE(Import(dir_, "ofac", "2022-02-23", {Sdn("2022-02-23")}));
  auto full = ReadFile(Sdn("2022-02-26"));
  ASSERT_TRUE(full);
  // Cut in the middle of a record, as an interrupted copy leaves it.
  std::string truncated = dir_ + "/sdn.csv";
  WriteText(truncated, full->substr(0, 1000000));
  auto r = Import(dir_, "ofac", "2022-02-26", {truncated});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_NE(r.error().message.find("truncated"), std::string::npos) << r.error().ToString();
  EXPECT_NE(r.error().message.find("previous version stays in force"), std::string::npos);

  // Overwritten with garbage halfway: most records are malformed.
  std::string garbled = full->substr(0, 200000);
  std::mt19937 rng(7);
  for (size_t i = 0; i < full->size() - 200000; ++i) garbled.push_back(char(rng() % 256));
  garbled += "\r\n";
  std::string corrupted = dir_ + "/sdn-corrupted.csv";
  WriteText(corrupted, garbled);
  EXPECT_FALSE(Import(dir_, "ofac", "2022-02-26", {corrupted}));

  auto versions = ListVersions(dir_);
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 1u);
  auto in_force = VersionsAsOf(dir_, "2022-02-27");
  ASSERT_TRUE(in_force);
  EXPECT_EQ(in_force->front().effective_date, "2022-02-23");
  auto lists = LoadAsOf(dir_, "2022-02-27");
  ASSERT_TRUE(lists);
  EXPECT_EQ(lists->entities.size(), 9121u);
}

TEST_F(HistoryTest, SameBytesAreStoredOnceAndTheSameImportTwiceIsOneVersion) {
  auto a = Import(dir_, "ofac", "2022-02-23", {Sdn("2022-02-23")});
  ASSERT_TRUE(a);
  auto again = Import(dir_, "ofac", "2022-02-23", {Sdn("2022-02-23")});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, a->id);
  auto copy = Import(dir_, "ofac-copy", "2022-02-24", {Sdn("2022-02-23")});
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->id, a->id + 1);
  size_t objects = std::distance(fs::directory_iterator(HistoryDir(dir_) + "/objects"),
                                 fs::directory_iterator());
  EXPECT_EQ(objects, 1u);
  EXPECT_EQ(ListVersions(dir_)->size(), 2u);
}

TEST_F(HistoryTest, AListIsAbsentBeforeItsFirstVersion) {
  ASSERT_TRUE(Import(dir_, "ofac", "2022-02-23", {Sdn("2022-02-23")}));
  std::string mine = dir_ + "/mine.csv";
  WriteText(mine, "id,schema,name\nx1,Person,John Example\n");
  ASSERT_TRUE(Import(dir_, "internal", "2023-01-01", {mine}));
  auto early = LoadAsOf(dir_, "2022-06-01");
  ASSERT_TRUE(early);
  EXPECT_EQ(early->datasets.size(), 1u);
  auto late = LoadAsOf(dir_, "2023-06-01");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->datasets.size(), 2u);
  EXPECT_EQ(late->entities.size(), 9122u);
}

TEST_F(HistoryTest, ADamagedStoredFileIsReportedNotScreened) {
  auto v = Import(dir_, "ofac", "2022-02-23", {Sdn("2022-02-23")});
  ASSERT_TRUE(v);
  std::string object = HistoryDir(dir_) + "/objects/" + v->files[0].sha256;
  fs::permissions(object, fs::perms::owner_write, fs::perm_options::add);
  {
    std::fstream f(object, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(1000);
    f.put('#');
  }
  auto r = LoadAsOf(dir_, "2022-02-23");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(r.error().message.find("no longer matches its sha256"), std::string::npos);
}

TEST_F(HistoryTest, ADamagedManifestIsAnErrorAndIsNeverOverwritten) {
  ASSERT_TRUE(Import(dir_, "ofac", "2022-02-23", {Sdn("2022-02-23")}));
  std::string manifest = HistoryDir(dir_) + "/manifest.json";
  auto text = ReadFile(manifest);
  ASSERT_TRUE(text);
  WriteText(manifest, text->substr(0, text->size() / 2));
  auto list = ListVersions(dir_);
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(list.error().message.find("restore it from a backup"), std::string::npos);
  EXPECT_FALSE(Import(dir_, "ofac", "2022-02-26", {Sdn("2022-02-26")}));
  EXPECT_EQ(ReadFile(manifest)->size(), text->size() / 2);  // left for the user to repair
}

TEST_F(HistoryTest, RejectsBadArguments) {
  EXPECT_FALSE(Import(dir_, "ofac", "26.02.2022", {Sdn("2022-02-26")}));
  EXPECT_FALSE(Import(dir_, "../etc", "2022-02-26", {Sdn("2022-02-26")}));
  EXPECT_FALSE(Import(dir_, "ofac", "2022-02-26", {}));
  auto missing = Import(dir_, "ofac", "2022-02-26", {dir_ + "/nope.csv"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  std::string readme = dir_ + "/README.txt";
  WriteText(readme, "not a list\n");
  EXPECT_FALSE(Import(dir_, "ofac", "2022-02-26", {readme}));
  EXPECT_FALSE(fs::exists(HistoryDir(dir_) + "/manifest.json"));
}

TEST(IsIsoDayTest, AcceptsOnlyRealDays) {
  EXPECT_TRUE(IsIsoDay("2022-02-24"));
  EXPECT_TRUE(IsIsoDay("2024-02-29"));
  EXPECT_FALSE(IsIsoDay("2023-02-29"));
  EXPECT_FALSE(IsIsoDay("2022-2-24"));
  EXPECT_FALSE(IsIsoDay("2022-02-24T00"));
  EXPECT_FALSE(IsIsoDay("20220224"));
  EXPECT_FALSE(IsIsoDay(""));
}

// Processes killed (SIGKILL) at random moments while adding versions: whatever survives,
// the manifest parses and every version it names loads with intact files.
TEST_F(HistoryTest, ManifestSurvivesProcessesKilledWhileAddingVersions) {
  std::mt19937 rng(42);
  fs::create_directories(dir_ + "/in");
  for (int round = 0; round < 8; ++round) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      for (int i = 0; i < 100000; ++i) {
        std::string path = dir_ + "/in/" + std::to_string(round) + "-" + std::to_string(i);
        WriteText(path, "id,schema,name\nx" + std::to_string(i) + ",Person,Round " +
                            std::to_string(round) + " Name " + std::to_string(i) + "\n");
        if (!AddVersion(dir_, "mine", "2024-01-01", "import", {{path, "mine.csv", 1, ""}}))
          ::_exit(3);
      }
      ::_exit(0);
    }
    ::usleep(20000 + rng() % 80000);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself: " << status;
    // A half-written temporary manifest of the killed writer may be lying around.
    WriteText(HistoryDir(dir_) + "/manifest.json.tmp.99999", "{\"format\": 1, \"vers");
  }
  auto versions = ListVersions(dir_);
  ASSERT_TRUE(versions) << versions.error().ToString();
  EXPECT_GE(versions->size(), 4u);
  for (size_t i = 0; i < versions->size(); ++i) {
    EXPECT_EQ((*versions)[i].id, i + 1);  // no id lost or repeated
    if (i % 10 != 0 && i + 1 != versions->size()) continue;
    auto lists = LoadVersion(dir_, (*versions)[i]);
    ASSERT_TRUE(lists) << lists.error().ToString();
    EXPECT_EQ(lists->entities.size(), 1u);
  }
  // And the store still takes new versions.
  EXPECT_TRUE(Import(dir_, "ofac", "2022-02-23", {Sdn("2022-02-23")}));
}

}  // namespace
}  // namespace embargo::history
