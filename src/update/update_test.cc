// Update() end to end: the libcurl transport against tests/update/http_server.py on
// 127.0.0.1 (a free port chosen by the server), serving the real lists from the shared
// test data through symlinks. No test touches the internet.
#include "update/update.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "history/history.h"

namespace embargo::update {
namespace {

namespace fs = std::filesystem;

// The Python test server as a child process. The child gets SIGKILL if the test process
// dies (PR_SET_PDEATHSIG) and exits on its own when its stdin closes; Stop() closes
// stdin, sends SIGTERM and reaps it.
class TestServer {
 public:
  ~TestServer() { Stop(); }

  Status Start(const std::string& root) {
    std::string script = embargo::testing::SourceDir() + "/tests/update/http_server.py";
    if (!fs::exists(script)) return Fail(ErrorCode::kNotFound, "test server missing", script);
    int to_child[2], from_child[2];
    if (::pipe2(to_child, O_CLOEXEC) != 0 || ::pipe2(from_child, O_CLOEXEC) != 0) {
      return Fail(ErrorCode::kIo, "pipe failed");
    }
    pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) return Fail(ErrorCode::kIo, "fork failed");
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(1);
      ::dup2(to_child[0], 0);
      ::dup2(from_child[1], 1);
      ::execlp("python3", "python3", script.c_str(), "--root", root.c_str(), nullptr);
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    stdin_fd_ = to_child[1];
    // Read "PORT <n>\n", waiting at most 20 s for the interpreter to start.
    std::string line;
    pollfd p{from_child[0], POLLIN, 0};
    while (line.find('\n') == std::string::npos && ::poll(&p, 1, 20000) > 0) {
      char buf[64];
      ssize_t n = ::read(from_child[0], buf, sizeof(buf));
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
    ::close(from_child[0]);
    if (std::sscanf(line.c_str(), "PORT %d", &port_) != 1 || port_ <= 0) {
      Stop();
      return Fail(ErrorCode::kNetwork, "test server did not report a port, said '" + line + "'");
    }
    return OkStatus();
  }

  void Stop() {
    if (stdin_fd_ >= 0) ::close(stdin_fd_);
    stdin_fd_ = -1;
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int port_ = 0;
};

// A clock that advances one minute per call, from 2026-11-28T00:00:00Z.
Clock SteppingClock() {
  auto calls = std::make_shared<int64_t>(0);
  return [calls] {
    int64_t seconds = 1795824000 + 60 * (*calls)++;
    return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
  };
}

// Stands in for the parsers: CSV must start with a digit, XML must be the UN list;
// neither may hold NUL bytes. Counts lines / INDIVIDUAL+ENTITY elements.
Result<size_t> TestValidator(const Source& source, const std::string& path) {
  auto data = ReadFile(path);
  if (!data) return Fail(data.error());
  if (data->empty()) return Fail(ErrorCode::kParse, "empty file", path);
  if (data->find('\0') != std::string::npos) return Fail(ErrorCode::kParse, "binary data", path);
  if (source.relative_path.ends_with(".xml")) {
    if (data->find("<CONSOLIDATED_LIST") == std::string::npos) {
      return Fail(ErrorCode::kParse, "expected <CONSOLIDATED_LIST>", path);
    }
    size_t n = 0;
    for (const char* tag : {"<INDIVIDUAL>", "<ENTITY>"}) {
      for (size_t at = data->find(tag); at != std::string::npos; at = data->find(tag, at + 1)) ++n;
    }
    return n;
  }
  if (!std::isdigit(static_cast<unsigned char>((*data)[0]))) {
    return Fail(ErrorCode::kParse, "expected a record number first", path);
  }
  return static_cast<size_t>(std::count(data->begin(), data->end(), '\n'));
}

// sha256sum(1), so the check does not share code with the downloader.
std::string Sha256Sum(const std::string& path) {
  std::string cmd = "sha256sum '" + path + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return "popen failed";
  char buf[65] = {0};
  size_t n = std::fread(buf, 1, 64, p);
  ::pclose(p);
  return std::string(buf, n);
}

std::string Slurp(const std::string& path) {
  auto data = ReadFile(path);
  return data ? *data : "<unreadable " + path + ">";
}

const std::pair<const char*, const char*> kServed[] = {
    {"ofac/SDN.CSV", "ofac/current/sdn.csv"},
    {"ofac/ALT.CSV", "ofac/current/alt.csv"},
    {"ofac/ADD.CSV", "ofac/current/add.csv"},
    {"ofac/SDN_COMMENTS.CSV", "ofac/current/sdn_comments.csv"},
    {"ofac/CONS_PRIM.CSV", "ofac/current/cons_prim.csv"},
    {"ofac/CONS_ALT.CSV", "ofac/current/cons_alt.csv"},
    {"ofac/CONS_ADD.CSV", "ofac/current/cons_add.csv"},
    {"ofac/CONS_COMMENTS.CSV", "ofac/current/cons_comments.csv"},
    {"un/consolidated.xml", "un/consolidated-2026-02-27.xml"},
};

class UpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("NO_PROXY", "127.0.0.1,localhost", 1);  // never route the tests via a proxy
    ::setenv("no_proxy", "127.0.0.1,localhost", 1);
    root_ = ::testing::TempDir() + "/update_test_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    served_ = root_ + "/served";
    data_ = root_ + "/data";
    for (const auto& [url_path, real] : kServed) {
      std::string target = embargo::testing::TestDataPath(real);
      ASSERT_TRUE(fs::exists(target))
          << "missing test data " << target << " (set EMBARGO_TEST_DATA)";
      fs::create_directories(fs::path(served_ + "/" + url_path).parent_path());
      fs::create_symlink(target, served_ + "/" + url_path);
    }
    Status started = server_.Start(served_);
    ASSERT_TRUE(started) << started.error().ToString();
    auto transport = NewCurlTransport();
    ASSERT_TRUE(transport) << transport.error().ToString();
    transport_ = std::move(*transport);
    options_.data_dir = data_;
    options_.catalogue.ofac_base_url = server_.Url("/files/ofac/");
    options_.catalogue.un_url = server_.Url("/files/un/consolidated.xml");
    options_.download.connect_timeout_seconds = 10;
  }

  void TearDown() override {
    server_.Stop();
    fs::remove_all(root_);
  }

  UpdateReport Run() { return Update(options_, *transport_, clock_, TestValidator); }

  UpdateReport RunOne(const std::string& url, uint64_t max_bytes = 64 << 20) {
    Source s{"ofac", url, "ofac/sdn.csv", max_bytes};
    return UpdateSources({s}, options_, *transport_, clock_, TestValidator);
  }

  // The server's request log.
  nlohmann::json Log() {
    std::string body;
    FetchRequest request;
    request.url = server_.Url("/log");
    auto r = transport_->Fetch(request, [&](std::string_view chunk) {
      body.append(chunk);
      return OkStatus();
    });
    EXPECT_TRUE(r);
    return nlohmann::json::parse(body, nullptr, false);
  }

  std::vector<std::string> FilesIn(const std::string& folder) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(folder, ec)) {
      names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string root_, served_, data_;
  TestServer server_;
  std::unique_ptr<Transport> transport_;
  UpdateOptions options_;
  Clock clock_ = SteppingClock();
};

TEST_F(UpdateTest, FirstRunInstallsEveryFileWithItsRecord) {
  UpdateReport report = Run();
  ASSERT_FALSE(report.fatal) << report.fatal->ToString();
  EXPECT_TRUE(report.ok()) << report.Summary();
  ASSERT_EQ(report.files.size(), 9u);
  EXPECT_EQ(report.Count(FileOutcome::kUpdated), 9u);
  auto book = LoadVersionBook(data_);
  ASSERT_TRUE(book) << book.error().ToString();
  for (size_t i = 0; i < report.files.size(); ++i) {
    const FileReport& f = report.files[i];
    SCOPED_TRACE(f.source.relative_path);
    std::string installed = data_ + "/" + f.source.relative_path;
    std::string original = embargo::testing::TestDataPath(kServed[i].second);
    EXPECT_TRUE(Slurp(installed) == Slurp(original)) << "content differs";
    EXPECT_EQ(f.record.sha256, Sha256Sum(original));
    EXPECT_EQ(f.record.bytes, fs::file_size(original));
    EXPECT_EQ(f.record.status, AttemptStatus::kOk);
    EXPECT_EQ(f.record.url, f.source.url);
    EXPECT_EQ(f.record.list, f.source.list);
    EXPECT_FALSE(f.record.etag.empty());
    EXPECT_FALSE(f.record.last_modified.empty());
    EXPECT_EQ(f.record.fetched_at.size(), 20u);  // YYYY-MM-DDTHH:MM:SSZ
    EXPECT_TRUE(f.record.fetched_at.starts_with("2026-11-28T")) << f.record.fetched_at;
    EXPECT_GT(f.record.record_count, 0u);
    ASSERT_EQ(book->count(f.source.relative_path), 1u);
    EXPECT_EQ(book->at(f.source.relative_path).sha256, f.record.sha256);
    EXPECT_EQ(book->at(f.source.relative_path).record_count, f.record.record_count);
  }
  // The UN file of 2026-02-27 holds 730 individuals and 273 entities.
  EXPECT_EQ(report.files[8].record.record_count, 730u + 273u);
  EXPECT_EQ(FilesIn(data_ + "/ofac").size(), 8u);  // no temporaries left
}

TEST_F(UpdateTest, SecondRunIsAnsweredNotModifiedAndChangesNothing) {
  UpdateReport first = Run();
  ASSERT_TRUE(first.ok()) << first.Summary();
  struct stat before;
  ASSERT_EQ(::stat((data_ + "/ofac/sdn.csv").c_str(), &before), 0);
  std::string book_before = Slurp(VersionBookPath(data_));

  UpdateReport second = Run();
  ASSERT_TRUE(second.ok()) << second.Summary();
  EXPECT_EQ(second.Count(FileOutcome::kUnchanged), 9u) << second.Summary();
  struct stat after;
  ASSERT_EQ(::stat((data_ + "/ofac/sdn.csv").c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);
  EXPECT_EQ(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
  EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
  for (size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(second.files[i].record.sha256, first.files[i].record.sha256);
    EXPECT_EQ(second.files[i].record.fetched_at, first.files[i].record.fetched_at);
    EXPECT_NE(second.files[i].record.checked_at, first.files[i].record.checked_at);
    EXPECT_EQ(second.files[i].record.status, AttemptStatus::kUnchanged);
  }
  // The server saw 9 conditional requests, all answered 304.
  nlohmann::json log = Log();
  ASSERT_TRUE(log.is_array());
  ASSERT_EQ(log.size(), 18u);
  for (size_t i = 9; i < 18; ++i) {
    EXPECT_EQ(log[i]["status"], 304) << log[i].dump();
    EXPECT_EQ(log[i]["if_none_match"], first.files[i - 9].record.etag);
    EXPECT_NE(log[i]["if_modified_since"], "");
  }
  EXPECT_NE(Slurp(VersionBookPath(data_)), book_before);  // checked_at moved on
}

TEST_F(UpdateTest, ChangedUpstreamFileIsReplaced) {
  ASSERT_TRUE(Run().ok());
  fs::remove(served_ + "/ofac/SDN.CSV");
  std::string older = embargo::testing::TestDataPath("ofac/2021-07/sdn.csv");
  fs::create_symlink(older, served_ + "/ofac/SDN.CSV");
  UpdateReport report = Run();
  ASSERT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(report.files[0].outcome, FileOutcome::kUpdated);
  EXPECT_EQ(report.Count(FileOutcome::kUnchanged), 8u);
  EXPECT_TRUE(Slurp(data_ + "/ofac/sdn.csv") == Slurp(older));
  EXPECT_EQ(report.files[0].record.sha256, Sha256Sum(older));
}

TEST_F(UpdateTest, UpdatedListsBecomeVersionsOfTheHistory) {
  ASSERT_TRUE(Run().ok());
  auto first = history::ListVersions(data_);
  ASSERT_TRUE(first) << first.error().ToString();
  ASSERT_EQ(first->size(), 2u);  // ofac (8 files) and un, ordered by list name
  EXPECT_EQ((*first)[0].list, "ofac");
  EXPECT_EQ((*first)[0].files.size(), 8u);
  EXPECT_EQ((*first)[0].origin, "update");
  EXPECT_EQ((*first)[0].effective_date, "2026-11-28");  // the fetch day
  EXPECT_EQ((*first)[1].list, "un");
  EXPECT_EQ((*first)[1].files[0].records, 730u + 273u);

  ASSERT_TRUE(Run().ok());  // nothing changed upstream: no new version
  EXPECT_EQ(history::ListVersions(data_)->size(), 2u);

  fs::remove(served_ + "/ofac/SDN.CSV");
  std::string older = embargo::testing::TestDataPath("ofac/2021-07/sdn.csv");
  fs::create_symlink(older, served_ + "/ofac/SDN.CSV");
  ASSERT_TRUE(Run().ok());
  auto ofac = history::ListVersions(data_, "ofac");
  ASSERT_TRUE(ofac);
  ASSERT_EQ(ofac->size(), 2u);
  // The new version holds the whole list: the new sdn.csv and the seven unchanged files.
  const history::Version& now = ofac->back();
  ASSERT_EQ(now.files.size(), 8u);
  EXPECT_EQ(now.files[0].name, "sdn.csv");
  EXPECT_EQ(now.files[0].sha256, Sha256Sum(older));
  for (size_t i = 1; i < 8; ++i) EXPECT_EQ(now.files[i].sha256, ofac->front().files[i].sha256);
  auto lists = history::LoadVersion(data_, now);
  ASSERT_TRUE(lists) << lists.error().ToString();
  EXPECT_GT(lists->entities.size(), 1000u);
}

TEST_F(UpdateTest, FailuresKeepThePreviousFileByteForByte) {
  const struct {
    const char* name;
    std::string path;
    uint64_t max_bytes;
    ErrorCode code;
  } kCases[] = {
      {"closed midway", "/truncate/ofac/SDN.CSV", 64 << 20, ErrorCode::kNetwork},
      {"garbage", "/garbage", 64 << 20, ErrorCode::kParse},
      {"oversize, declared", "/big/200000", 100000, ErrorCode::kLimit},
      {"oversize, undeclared", "/bignolength/200000", 100000, ErrorCode::kLimit},
      {"stalled", "/slow", 64 << 20, ErrorCode::kNetwork},
      {"redirect loop", "/redirect/9/files/ofac/SDN.CSV", 64 << 20, ErrorCode::kNetwork},
      {"not found", "/files/ofac/NOPE.CSV", 64 << 20, ErrorCode::kNetwork},
      {"server error", "/status/503", 64 << 20, ErrorCode::kNetwork},
  };
  options_.download.low_speed_limit = 1000;  // the slow route sends 5 bytes/s
  options_.download.low_speed_time_seconds = 1;
  UpdateReport first = RunOne(server_.Url("/files/ofac/SDN.CSV"));
  ASSERT_TRUE(first.ok()) << first.Summary();
  const std::string good = Slurp(data_ + "/ofac/sdn.csv");
  const VersionRecord good_record = first.files[0].record;
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    UpdateReport report = RunOne(server_.Url(c.path), c.max_bytes);
    ASSERT_FALSE(report.fatal);
    ASSERT_EQ(report.files.size(), 1u);
    const FileReport& f = report.files[0];
    EXPECT_EQ(f.outcome, FileOutcome::kFailed);
    ASSERT_TRUE(f.error);
    EXPECT_EQ(f.error->code, c.code) << f.error->ToString();
    EXPECT_TRUE(Slurp(data_ + "/ofac/sdn.csv") == good) << "previous file was changed";
    EXPECT_EQ(FilesIn(data_ + "/ofac"), std::vector<std::string>{"sdn.csv"});
    auto book = LoadVersionBook(data_);
    ASSERT_TRUE(book);
    const VersionRecord& r = book->at("ofac/sdn.csv");
    EXPECT_EQ(r.status, AttemptStatus::kFailed);
    EXPECT_FALSE(r.message.empty());
    EXPECT_EQ(r.sha256, good_record.sha256);  // still describes the file in force
    EXPECT_EQ(r.fetched_at, good_record.fetched_at);
    EXPECT_EQ(r.url, good_record.url);
  }
}

TEST_F(UpdateTest, RedirectsWithinTheLimitAreFollowed) {
  UpdateReport report = RunOne(server_.Url("/redirect/3/files/ofac/SDN.CSV"));
  ASSERT_TRUE(report.ok()) << report.Summary();
  EXPECT_TRUE(Slurp(data_ + "/ofac/sdn.csv") ==
              Slurp(embargo::testing::TestDataPath("ofac/current/sdn.csv")));
}

TEST_F(UpdateTest, BodyWithoutContentLengthIsAccepted) {
  UpdateReport report = RunOne(server_.Url("/nolength/ofac/SDN.CSV"));
  ASSERT_TRUE(report.ok()) << report.Summary();
  EXPECT_TRUE(report.files[0].record.etag.empty());
  EXPECT_EQ(report.files[0].record.sha256,
            Sha256Sum(embargo::testing::TestDataPath("ofac/current/sdn.csv")));
}

TEST_F(UpdateTest, FailingListDoesNotStopTheOthers) {
  options_.catalogue.un_url = server_.Url("/status/500");
  options_.catalogue.ofac_base_url = server_.Url("/files/ofac/");
  fs::remove(served_ + "/ofac/ALT.CSV");  // 404 in the middle of the OFAC files
  std::vector<std::string> progress;
  options_.on_file = [&](const FileReport& f) { progress.push_back(f.source.relative_path); };
  UpdateReport report = Run();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.Count(FileOutcome::kUpdated), 7u);
  EXPECT_EQ(report.Count(FileOutcome::kFailed), 2u);
  EXPECT_EQ(report.files[1].outcome, FileOutcome::kFailed);
  EXPECT_EQ(report.files[8].outcome, FileOutcome::kFailed);
  EXPECT_EQ(progress.size(), 9u);
  EXPECT_FALSE(fs::exists(data_ + "/ofac/alt.csv"));
  std::string summary = report.Summary();
  EXPECT_NE(summary.find("ofac/alt.csv: failed"), std::string::npos) << summary;
  EXPECT_NE(summary.find("HTTP 500"), std::string::npos) << summary;
  EXPECT_NE(summary.find("7 updated, 0 unchanged, 2 failed"), std::string::npos) << summary;
}

TEST_F(UpdateTest, SecondUpdaterIsLockedOut) {
  fs::create_directories(data_ + "/.embargo");
  int fd = ::open((data_ + "/.embargo/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  UpdateReport report = Run();
  ::close(fd);
  ASSERT_TRUE(report.fatal);
  EXPECT_NE(report.fatal->message.find("another embargo update"), std::string::npos);
  EXPECT_TRUE(report.files.empty());
  EXPECT_TRUE(Run().ok());  // the lock is released with the descriptor
}

TEST_F(UpdateTest, CorruptVersionFileIsAWarningAndGetsRewritten) {
  fs::create_directories(data_ + "/.embargo");
  ASSERT_TRUE(WriteFileAtomic(VersionBookPath(data_), "{\"format\": 1, \"files\": [}"));
  UpdateReport report = Run();
  EXPECT_TRUE(report.ok()) << report.Summary();
  ASSERT_EQ(report.warnings.size(), 1u);
  auto book = LoadVersionBook(data_);
  ASSERT_TRUE(book) << book.error().ToString();
  EXPECT_EQ(book->size(), 9u);
}

TEST_F(UpdateTest, StaleTemporaryFilesAreRemoved) {
  fs::create_directories(data_ + "/ofac");
  ASSERT_TRUE(WriteFileAtomic(data_ + "/ofac/" + TempFilePrefix("sdn.csv") + "abc123", "junk"));
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(FilesIn(data_ + "/ofac").size(), 8u);
}

TEST(DefaultDataDirTest, FollowsEnvironment) {
  const struct {
    const char* embargo_data;
    const char* xdg;
    const char* home;
    const char* want;  // nullptr: an error
  } kCases[] = {
      {"/srv/lists", "/x", "/home/a", "/srv/lists"},
      {nullptr, "/x/share", "/home/a", "/x/share/embargo"},
      {"", "/x/share", "/home/a", "/x/share/embargo"},
      {nullptr, "relative", "/home/a", "/home/a/.local/share/embargo"},
      {nullptr, nullptr, "/home/a", "/home/a/.local/share/embargo"},
      {nullptr, nullptr, nullptr, nullptr},
  };
  for (const auto& c : kCases) {
    EnvLookup env = [&c](const char* name) -> const char* {
      std::string_view n(name);
      if (n == "EMBARGO_DATA") return c.embargo_data;
      if (n == "XDG_DATA_HOME") return c.xdg;
      if (n == "HOME") return c.home;
      return nullptr;
    };
    auto dir = DefaultDataDir(env);
    if (c.want == nullptr) {
      ASSERT_FALSE(dir);
      EXPECT_EQ(dir.error().code, ErrorCode::kNotFound);
    } else {
      ASSERT_TRUE(dir) << dir.error().ToString();
      EXPECT_EQ(*dir, c.want);
    }
  }
}

TEST(UpdateOptionsTest, MissingDataDirIsFatal) {
  auto transport = NewCurlTransport();
  ASSERT_TRUE(transport);
  UpdateReport report = Update(UpdateOptions{}, **transport, SystemClock(), nullptr);
  ASSERT_TRUE(report.fatal);
  EXPECT_EQ(report.fatal->code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace embargo::update
