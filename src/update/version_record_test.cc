#include "update/version_record.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/file.h"

namespace embargo::update {
namespace {

VersionRecord Sample() {
  VersionRecord r;
  r.list = "ofac";
  r.url = "https://example.org/SDN.CSV";
  r.fetched_at = "2026-11-28T01:02:03Z";
  r.sha256 = std::string(64, 'a');
  r.bytes = 5000000000ull;  // beyond 32 bits
  r.record_count = 17000;
  r.etag = "\"abc\"";
  r.last_modified = "Fri, 27 Nov 2026 10:00:00 GMT";
  r.checked_at = "2026-11-28T01:02:04Z";
  r.status = AttemptStatus::kFailed;
  r.message = "connection closed after 10 bytes";
  return r;
}

void ExpectSame(const VersionRecord& a, const VersionRecord& b) {
  EXPECT_EQ(a.list, b.list);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.fetched_at, b.fetched_at);
  EXPECT_EQ(a.sha256, b.sha256);
  EXPECT_EQ(a.bytes, b.bytes);
  EXPECT_EQ(a.record_count, b.record_count);
  EXPECT_EQ(a.etag, b.etag);
  EXPECT_EQ(a.last_modified, b.last_modified);
  EXPECT_EQ(a.checked_at, b.checked_at);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.message, b.message);
}

TEST(VersionRecordTest, RoundTrip) {
  VersionBook book;
  book["ofac/sdn.csv"] = Sample();
  VersionRecord un = Sample();
  un.status = AttemptStatus::kUnchanged;
  un.message.clear();
  book["un/consolidated.xml"] = un;
  auto parsed = ParseVersionBook(SerializeVersionBook(book));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->size(), 2u);
  ExpectSame(parsed->at("ofac/sdn.csv"), book["ofac/sdn.csv"]);
  ExpectSame(parsed->at("un/consolidated.xml"), un);
}

TEST(VersionRecordTest, InvalidUtf8FromServerDoesNotBreakSerialisation) {
  VersionBook book;
  VersionRecord r = Sample();
  r.etag = "\"\xff\xfe\"";
  book["x"] = r;
  auto parsed = ParseVersionBook(SerializeVersionBook(book));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_NE(parsed->at("x").etag, "");
}

TEST(VersionRecordTest, RejectsMalformed) {
  const struct {
    const char* json;
    ErrorCode code;
  } kCases[] = {
      {"", ErrorCode::kParse},
      {"[]", ErrorCode::kParse},
      {"{\"files\": {}}", ErrorCode::kParse},
      {"{\"format\": 2, \"files\": {}}", ErrorCode::kParse},
      {"{\"format\": 1, \"files\": []}", ErrorCode::kParse},
      {"{\"format\": 1, \"files\": {\"a\": 3}}", ErrorCode::kParse},
      {"{\"format\": 1, \"files\": {\"a\": {\"status\": \"great\"}}}", ErrorCode::kParse},
      {"{\"format\": 1, \"files\": {\"a\": {\"status\": \"ok\", \"bytes\": -1}}}",
       ErrorCode::kParse},
      {"{\"format\": 1, \"files\": {\"a\": {\"status\": \"ok\", \"url\": 7}}}", ErrorCode::kParse},
      {"{\"format\": 1, \"files\": {\"a\": {\"status\": \"ok\"}}", ErrorCode::kParse},
      {"{\"format\": 1, \"files\": {\"a\": {\"status\": \"ok\", \"x\": [[[[[[[[[[[[[[[[[[[]]]]]]]]]"
       "]]]]]]]]]]}}}",
       ErrorCode::kParse},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.json);
    auto parsed = ParseVersionBook(c.json);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, c.code);
    EXPECT_FALSE(parsed.error().message.empty());
  }
}

TEST(VersionRecordTest, IgnoresUnknownKeysAndMissingOptionalFields) {
  auto parsed = ParseVersionBook(
      R"({"format": 1, "future": true, "files": {"a": {"status": "ok", "new_field": [1]}}})");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->at("a").status, AttemptStatus::kOk);
  EXPECT_EQ(parsed->at("a").bytes, 0u);
}

TEST(VersionRecordTest, SaveAndLoad) {
  std::string dir = ::testing::TempDir() + "/version_record_test";
  std::filesystem::remove_all(dir);
  auto empty = LoadVersionBook(dir);
  ASSERT_TRUE(empty) << empty.error().ToString();  // missing file = empty book
  EXPECT_TRUE(empty->empty());
  VersionBook book;
  book["ofac/sdn.csv"] = Sample();
  ASSERT_TRUE(SaveVersionBook(dir, book));
  auto loaded = LoadVersionBook(dir);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  ExpectSame(loaded->at("ofac/sdn.csv"), Sample());
  ASSERT_TRUE(WriteFileAtomic(VersionBookPath(dir), "{not json"));
  auto corrupt = LoadVersionBook(dir);
  ASSERT_FALSE(corrupt);
  EXPECT_EQ(corrupt.error().where, VersionBookPath(dir));
  std::filesystem::remove_all(dir);
}

TEST(VersionRecordTest, FormatsUtc) {
  using namespace std::chrono;
  EXPECT_EQ(FormatIso8601Utc(system_clock::time_point(seconds(0))), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIso8601Utc(system_clock::time_point(seconds(1795827446))),
            "2026-11-28T00:57:26Z");
}

}  // namespace
}  // namespace embargo::update
