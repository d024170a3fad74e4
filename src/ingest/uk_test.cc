#include "ingest/uk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "common/utf8.h"
#include "ingest/zip_xml.h"

namespace embargo::ingest {
namespace {

std::string ReadOrDie(const std::string& path) {
  auto data = ReadFile(path);
  EXPECT_TRUE(data.has_value()) << "missing test data " << path;
  return data ? *data : "";
}

const char kRealFile[] = "uk/fcdo-uk-sanctions-list-2025-08-11-summary.ods";

struct Loaded {
  LoadReport report;
  std::vector<model::Entity> entities;
  const model::Entity* Find(std::string_view id) const {
    for (const auto& e : entities)
      if (e.id == id) return &e;
    return nullptr;
  }
};

Loaded LoadOds(std::string_view data, std::string_view name = "uk.ods") {
  Loaded l;
  l.report = ParseUkOds(data, name, [&](model::Entity&& e) { l.entities.push_back(std::move(e)); });
  return l;
}

Loaded LoadSheet(const Sheet& sheet, std::string_view name = "uk.ods") {
  Loaded l;
  l.report =
      ParseUkSheet(sheet, name, [&](model::Entity&& e) { l.entities.push_back(std::move(e)); });
  return l;
}

// Counts from the table reader, independently of the parser: rows after the header
// with a Unique ID and a Name.
TEST(ParseUkOds, RealFileCounts) {
  std::string data = ReadOrDie(testing::TestDataPath(kRealFile));
  auto sheet = ReadOdsFirstTable(data);
  ASSERT_TRUE(sheet.has_value()) << sheet.error().ToString();
  ASSERT_GT(sheet->rows.size(), 1u);
  EXPECT_EQ(sheet->name, "UK_Sanction_List");
  EXPECT_EQ(sheet->rows[0].cells.size(), 8u);  // the 16376 padding cells are not expanded
  size_t rows = 0, complete = 0;
  for (size_t r = 1; r < sheet->rows.size(); ++r) {
    const auto& c = sheet->rows[r].cells;
    ++rows;
    complete += c.size() > 2 && !Trim(c[0]).empty() && !Trim(c[2]).empty();
  }
  Loaded l = LoadOds(data, "fcdo.ods");
  EXPECT_EQ(rows, 5302u);
  EXPECT_EQ(l.report.records_read, rows);
  EXPECT_EQ(l.entities.size(), complete);
  EXPECT_EQ(l.entities.size(), 5300u);
  // Two rows of the real export have an empty Name cell (BEL0174, RUS1467).
  EXPECT_EQ(l.report.skipped, 2u);
  ASSERT_EQ(l.report.problems.size(), 2u);
  EXPECT_EQ(l.report.problems[0].where, "fcdo.ods UK_Sanction_List!C649 field 'Name'");
  std::set<std::string> ids;
  size_t people = 0, ships = 0;
  for (const auto& e : l.entities) {
    EXPECT_TRUE(ids.insert(e.id).second) << e.id;
    EXPECT_FALSE(e.listed_on.empty()) << e.id;
    people += e.schema == model::Schema::kPerson;
    ships += e.schema == model::Schema::kVessel;
  }
  EXPECT_EQ(people, 3752u);
  EXPECT_EQ(ships, 461u);
}

TEST(ParseUkOds, RealFileKnownEntity) {
  Loaded l = LoadOds(ReadOrDie(testing::TestDataPath(kRealFile)));
  const model::Entity* e = l.Find("gb-fcdo-AFG0001");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->dataset, "gb_fcdo_sanctions");
  EXPECT_EQ(e->primary_name().full, "HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE");
  EXPECT_EQ(e->schema, model::Schema::kOrganization);
  EXPECT_EQ(e->programs, (std::vector<std::string>{"Afghanistan"}));
  EXPECT_EQ(e->listed_on, "2012-06-29");
  ASSERT_EQ(e->identifiers.size(), 1u);
  EXPECT_EQ(e->identifiers[0].value, "12703");
  EXPECT_EQ(e->identifiers[0].label, "OFSI Group ID");
  EXPECT_NE(std::find(e->extra.begin(), e->extra.end(),
                      std::pair<std::string, std::string>("designationSource", "UN")),
            e->extra.end());
}

TEST(ParseUkSheet, HandMadeContentXml) {
  std::string xml = ReadOrDie(testing::SourceDir() + "/tests/data/uk/small-content.xml");
  auto sheet = ParseOdsContentXml(xml);
  ASSERT_TRUE(sheet.has_value()) << sheet.error().ToString();
  Loaded l = LoadSheet(*sheet, "s.ods");
  ASSERT_EQ(l.entities.size(), 3u) << l.report.Summary();
  EXPECT_EQ(l.report.records_read, 5u);
  const auto& ivan = l.entities[0];
  EXPECT_EQ(ivan.id, "gb-fcdo-RUS0001");
  EXPECT_EQ(ivan.primary_name().full, "IVANOV, Ivan");  // <text:s c=2/> collapsed
  EXPECT_EQ(ivan.listed_on, "2022-03-01");
  EXPECT_NE(
      std::find(ivan.extra.begin(), ivan.extra.end(),
                std::pair<std::string, std::string>("sanctionsImposed", "Asset freeze Travel Ban")),
      ivan.extra.end());
  EXPECT_EQ(l.entities[1].schema, model::Schema::kVessel);
  EXPECT_TRUE(l.entities[1].listed_on.empty());
  EXPECT_EQ(l.entities[2].schema, model::Schema::kLegalEntity);
  std::vector<std::string> wheres;
  for (const auto& p : l.report.problems) wheres.push_back(p.where);
  EXPECT_EQ(wheres, (std::vector<std::string>{
                        "s.ods UK_Sanction_List!G7 field 'Date Designated'",
                        "s.ods UK_Sanction_List!A8 field 'Unique ID'",
                        "s.ods UK_Sanction_List!E9 field 'Type'",
                        "s.ods UK_Sanction_List!A10 field 'Unique ID'",
                    }));
  EXPECT_EQ(l.report.skip_reasons.at("duplicate id"), 1u);
  EXPECT_EQ(l.report.skip_reasons.at("missing id"), 1u);
}

TEST(ParseOdsContentXml, RepeatsAreBounded) {
  // A million-row repeat of a non-empty row must stop at the cell cap, not eat memory.
  std::string xml =
      "<office:document-content xmlns:table=\"t\" xmlns:text=\"x\"><table:table>"
      "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell "
      "table:number-columns-repeated=\"1000\"><text:p>x</text:p></table:table-cell>"
      "</table:table-row></table:table></office:document-content>";
  auto sheet = ParseOdsContentXml(xml);
  ASSERT_FALSE(sheet.has_value());
  EXPECT_EQ(sheet.error().code, ErrorCode::kLimit);
  EXPECT_FALSE(ParseOdsContentXml("<a><b>").has_value());
  EXPECT_FALSE(ParseOdsContentXml("<a/>").has_value());
}

TEST(ParseUkOds, TruncatedAndFlippedCopiesNeverCrash) {
  std::string data = ReadOrDie(testing::TestDataPath(kRealFile));
  for (size_t cut :
       {size_t{0}, size_t{10}, size_t{100}, data.size() / 2, data.size() - 22, data.size() - 1}) {
    Loaded l = LoadOds(std::string_view(data).substr(0, cut));
    EXPECT_TRUE(l.entities.empty()) << "cut at " << cut;
    EXPECT_EQ(l.report.problems.size(), 1u) << "cut at " << cut;
  }
  for (size_t pos = 500; pos < data.size(); pos += data.size() / 5) {
    std::string copy = data;
    copy[pos] ^= 0x33;
    Loaded l = LoadOds(copy);
    EXPECT_LE(l.entities.size(), 5300u) << "flip at " << pos;
  }
  // The XML itself cut short: a clear parse error, never a crash.
  auto xml = ReadZipMember(data, "content.xml");
  ASSERT_TRUE(xml.has_value());
  for (size_t cut = 0; cut < xml->size(); cut += xml->size() / 9) {
    auto sheet = ParseOdsContentXml(std::string_view(*xml).substr(0, cut));
    EXPECT_FALSE(sheet.has_value()) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace embargo::ingest
