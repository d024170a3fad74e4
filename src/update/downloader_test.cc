// Downloader against a fake Transport: the install protocol (temp file, checks,
// validation, rename) without any network. The real libcurl transport is covered by
// update_test.cc against a local HTTP server.
#include "update/downloader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "common/file.h"

namespace embargo::update {
namespace {

// Serves a canned answer and remembers the last request.
class FakeTransport : public Transport {
 public:
  long status = 200;
  std::string body;
  std::optional<uint64_t> content_length;  // declared; defaults to body.size()
  bool declare_length = true;
  std::string etag = "\"v1\"";
  FetchRequest last;

  Result<FetchResponse> Fetch(const FetchRequest& request, const BodySink& sink) override {
    last = request;
    FetchResponse r;
    r.status = status;
    r.etag = etag;
    r.last_modified = "Fri, 27 Nov 2026 10:00:00 GMT";
    if (declare_length) r.content_length = content_length ? *content_length : body.size();
    if (status == 200) {
      // Two chunks, to exercise streaming.
      size_t half = body.size() / 2;
      if (Status s = sink(std::string_view(body).substr(0, half)); !s) return Fail(s.error());
      if (Status s = sink(std::string_view(body).substr(half)); !s) return Fail(s.error());
      r.body_bytes = body.size();
    }
    return r;
  }
};

Clock FixedClock(int64_t seconds) {
  return [seconds] { return std::chrono::system_clock::time_point(std::chrono::seconds(seconds)); };
}

class DownloaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/downloader_test_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    source_ = {"ofac", "http://fake/SDN.CSV", "ofac/sdn.csv", 1000};
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Files in the target folder other than the target itself (leftover temporaries).
  std::vector<std::string> Strays() {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_ + "/ofac", ec)) {
      if (e.path().filename() != "sdn.csv") out.push_back(e.path().filename().string());
    }
    return out;
  }

  std::string dir_;
  Source source_;
  FakeTransport fake_;
};

TEST_F(DownloaderTest, InstallsFileWithRecord) {
  fake_.body = "abc";
  Downloader d(&fake_, FixedClock(0));
  Validator count_bytes = [](const std::string& path) -> Result<size_t> {
    auto data = ReadFile(path);
    if (!data) return Fail(data.error());
    return data->size();
  };
  auto r = d.Fetch(source_, dir_, nullptr, count_bytes);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->outcome, DownloadOutcome::kUpdated);
  EXPECT_EQ(*ReadFile(dir_ + "/ofac/sdn.csv"), "abc");
  // SHA-256("abc") from FIPS 180-2, appendix B.1.
  EXPECT_EQ(r->record.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(*Sha256OfFile(dir_ + "/ofac/sdn.csv"), r->record.sha256);
  EXPECT_EQ(r->record.bytes, 3u);
  EXPECT_EQ(r->record.record_count, 3u);
  EXPECT_EQ(r->record.fetched_at, "1970-01-01T00:00:00Z");
  EXPECT_EQ(r->record.etag, "\"v1\"");
  EXPECT_EQ(r->record.status, AttemptStatus::kOk);
  EXPECT_TRUE(fake_.last.if_none_match.empty());
  EXPECT_EQ(fake_.last.max_bytes, 1000u);
  EXPECT_TRUE(Strays().empty());
}

TEST_F(DownloaderTest, ConditionalHeadersOnlyWhenFileInForceMatchesRecord) {
  fake_.body = "abc";
  Downloader d(&fake_, FixedClock(0));
  auto first = d.Fetch(source_, dir_, nullptr, nullptr);
  ASSERT_TRUE(first);
  VersionRecord previous = first->record;

  ASSERT_TRUE(d.Fetch(source_, dir_, &previous, nullptr));
  EXPECT_EQ(fake_.last.if_none_match, "\"v1\"");
  EXPECT_EQ(fake_.last.if_modified_since, "Fri, 27 Nov 2026 10:00:00 GMT");

  Downloader forced(&fake_, FixedClock(0), DownloadOptions{.conditional = false});
  ASSERT_TRUE(forced.Fetch(source_, dir_, &previous, nullptr));
  EXPECT_TRUE(fake_.last.if_none_match.empty());

  std::filesystem::remove(dir_ + "/ofac/sdn.csv");  // file lost: must not ask for a 304
  ASSERT_TRUE(d.Fetch(source_, dir_, &previous, nullptr));
  EXPECT_TRUE(fake_.last.if_none_match.empty());
  EXPECT_TRUE(fake_.last.if_modified_since.empty());
}

TEST_F(DownloaderTest, NotModifiedKeepsFileAndUpdatesCheckTime) {
  fake_.body = "abc";
  auto first = Downloader(&fake_, FixedClock(0)).Fetch(source_, dir_, nullptr, nullptr);
  ASSERT_TRUE(first);
  fake_.status = 304;
  auto second = Downloader(&fake_, FixedClock(60)).Fetch(source_, dir_, &first->record, nullptr);
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->outcome, DownloadOutcome::kUnchanged);
  EXPECT_EQ(second->record.status, AttemptStatus::kUnchanged);
  EXPECT_EQ(second->record.fetched_at, "1970-01-01T00:00:00Z");
  EXPECT_EQ(second->record.checked_at, "1970-01-01T00:01:00Z");
  EXPECT_EQ(second->record.sha256, first->record.sha256);
  EXPECT_TRUE(Strays().empty());
}

TEST_F(DownloaderTest, IdenticalBytesWithoutValidatorsAreUnchanged) {
  fake_.body = "abc";
  fake_.etag = "";
  auto first = Downloader(&fake_, FixedClock(0)).Fetch(source_, dir_, nullptr, nullptr);
  ASSERT_TRUE(first);
  struct stat before;
  ASSERT_EQ(::stat((dir_ + "/ofac/sdn.csv").c_str(), &before), 0);
  auto second = Downloader(&fake_, FixedClock(60)).Fetch(source_, dir_, &first->record, nullptr);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->outcome, DownloadOutcome::kUnchanged);
  struct stat after;
  ASSERT_EQ(::stat((dir_ + "/ofac/sdn.csv").c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);  // not replaced
  EXPECT_TRUE(Strays().empty());
}

TEST_F(DownloaderTest, FailuresLeaveNothingBehind) {
  const struct {
    const char* name;
    long status;
    std::string body;
    std::optional<uint64_t> declared;
    std::string relative_path;
    bool validator_fails;
    ErrorCode code;
  } kCases[] = {
      {"truncated", 200, "abc", 10, "ofac/sdn.csv", false, ErrorCode::kNetwork},
      {"304 unasked", 304, "", std::nullopt, "ofac/sdn.csv", false, ErrorCode::kNetwork},
      {"over limit", 200, std::string(1001, 'x'), std::nullopt, "ofac/sdn.csv", false,
       ErrorCode::kLimit},
      {"invalid", 200, "abc", std::nullopt, "ofac/sdn.csv", true, ErrorCode::kParse},
      {"escape", 200, "abc", std::nullopt, "../sdn.csv", false, ErrorCode::kInvalidArgument},
      {"absolute", 200, "abc", std::nullopt, "/tmp/sdn.csv", false, ErrorCode::kInvalidArgument},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    fake_.status = c.status;
    fake_.body = c.body;
    fake_.content_length = c.declared;
    Source source = source_;
    source.relative_path = c.relative_path;
    Validator reject = [](const std::string&) -> Result<size_t> {
      return Fail(ErrorCode::kParse, "expected CSV");
    };
    auto r = Downloader(&fake_, FixedClock(0))
                 .Fetch(source, dir_, nullptr, c.validator_fails ? reject : nullptr);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, c.code) << r.error().ToString();
    EXPECT_FALSE(std::filesystem::exists(dir_ + "/ofac/sdn.csv"));
    EXPECT_TRUE(Strays().empty());
  }
}

}  // namespace
}  // namespace embargo::update
