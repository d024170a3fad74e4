#include "ingest/csv.h"

#include <gtest/gtest.h>

namespace embargo::ingest {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view data, CsvOptions o = {},
                                              std::string* error = nullptr) {
  CsvReader r(data, o);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string_view> f;
  while (r.Next(&f)) rows.emplace_back(f.begin(), f.end());
  if (error) *error = r.error();
  return rows;
}

TEST(CsvReaderTest, OfacStyleRowsWithCrlfAndEof) {
  auto rows = ReadAll("36,\"AEROCARIBBEAN\",-0- ,\"CUBA\"\r\n306,\"B \"\"X\"\"\",-0- ,\r\n\x1A");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"36", "AEROCARIBBEAN", "-0- ", "CUBA"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"306", "B \"X\"", "-0- ", ""}));
}

TEST(CsvReaderTest, QuotedNewlineCountsLines) {
  CsvReader r("a,\"x\ny\"\nb,c\n");
  std::vector<std::string_view> f;
  ASSERT_TRUE(r.Next(&f));
  EXPECT_EQ(f[1], "x\ny");
  EXPECT_EQ(r.line(), 1u);
  ASSERT_TRUE(r.Next(&f));
  EXPECT_EQ(r.line(), 3u);
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnError) {
  std::string err;
  auto rows = ReadAll("a,b\nc,\"d\n", {}, &err);
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_NE(err.find("unterminated"), std::string::npos);
}

TEST(CsvReaderTest, TabSeparated) {
  auto rows = ReadAll("a\tb\tc\n", {.separator = '\t'});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].size(), 3u);
}

TEST(CsvReaderTest, FieldLimit) {
  std::string err;
  ReadAll(std::string(100, 'x'), {.max_field_bytes = 10}, &err);
  EXPECT_FALSE(err.empty());
}

}  // namespace
}  // namespace embargo::ingest
