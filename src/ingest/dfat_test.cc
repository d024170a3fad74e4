#include "ingest/dfat.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "ingest/zip_xml.h"

namespace embargo::ingest {
namespace {

std::string ReadOrDie(const std::string& relative) {
  std::string path = testing::TestDataPath(relative);
  auto data = ReadFile(path);
  EXPECT_TRUE(data.has_value()) << "missing test data " << path;
  return data ? *data : "";
}

// Builds a zip archive in memory (deflate) from (name, contents) pairs.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& members) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  EXPECT_NE(za, nullptr);
  for (const auto& [name, data] : members) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8);
  }
  zip_close(za);
  std::string out;
  if (zip_source_open(src) == 0) {
    char buf[65536];
    zip_int64_t n;
    while ((n = zip_source_read(src, buf, sizeof buf)) > 0) out.append(buf, n);
    zip_source_close(src);
  }
  zip_source_free(src);
  return out;
}

struct Loaded {
  LoadReport report;
  std::vector<model::Entity> entities;
  const model::Entity* Find(std::string_view id) const {
    for (const auto& e : entities)
      if (e.id == id) return &e;
    return nullptr;
  }
};

Loaded LoadXlsx(std::string_view data, std::string_view name = "dfat.xlsx") {
  Loaded l;
  l.report =
      ParseDfatXlsx(data, name, [&](model::Entity&& e) { l.entities.push_back(std::move(e)); });
  return l;
}

std::string SheetXml(const std::vector<std::vector<std::string>>& rows) {
  std::string xml =
      "<?xml version=\"1.0\"?><worksheet "
      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
  for (size_t r = 0; r < rows.size(); ++r) {
    xml += "<row r=\"" + std::to_string(r + 1) + "\">";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (rows[r][c].empty()) continue;
      std::string ref = ColumnName(c) + std::to_string(r + 1);
      const std::string& v = rows[r][c];
      bool number = std::all_of(v.begin(), v.end(), ::isdigit);
      if (number) {
        xml += "<c r=\"" + ref + "\"><v>" + v + "</v></c>";
      } else {
        xml += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + v + "</t></is></c>";
      }
    }
    xml += "</row>";
  }
  return xml + "</sheetData></worksheet>";
}

const std::vector<std::string> kHeader = {"Reference",
                                          "Name of Individual or Entity",
                                          "Type",
                                          "Name Type",
                                          "Date of Birth",
                                          "Place of Birth",
                                          "Citizenship",
                                          "Address",
                                          "Additional Information",
                                          "Listing Information",
                                          "Committees",
                                          "Control Date"};

TEST(ExcelSerialToIso, Table) {
  struct Case {
    double serial;
    std::string_view iso;
  } cases[] = {{1, "1900-01-01"},
               {59, "1900-02-28"},
               {60, "1900-02-29"},
               {61, "1900-03-01"},
               {25569, "1970-01-01"},
               {41988, "2014-12-15"},
               {45303, "2024-01-12"},
               {2958465, "9999-12-31"},
               {0, ""},
               {-5, ""},
               {3e9, ""}};
  for (const auto& c : cases) EXPECT_EQ(ExcelSerialToIso(c.serial), c.iso) << c.serial;
}

TEST(ColumnName, Table) {
  EXPECT_EQ(ColumnName(0), "A");
  EXPECT_EQ(ColumnName(25), "Z");
  EXPECT_EQ(ColumnName(26), "AA");
  EXPECT_EQ(ColumnName(254), "IU");
  EXPECT_EQ(CellRef("Sheet1", 1, 12), "Sheet1!B12");
}

TEST(ParseDfatDates, Forms) {
  struct Case {
    std::string_view text;
    std::vector<std::string> iso;  // from, or from..to
    size_t bad;
  } cases[] = {
      {"1969", {"1969"}, 0},
      {"25569", {"1970-01-01"}, 0},
      {"26 Dec. 1955", {"1955-12-26"}, 0},
      {"14 Mar 1974 ", {"1974-03-14"}, 0},
      {" 19/08/1974", {"1974-08-19"}, 0},
      {"Approximately 1963", {"1963"}, 0},
      {"a) Approximately 1955- 1958 b) Approximately 1945-1950", {"1955..1958", "1945..1950"}, 0},
      {"Between 1975 and 1980", {"1975..1980"}, 0},
      {"a) 1965 b) 1 Jan. 1966", {"1965", "1966-01-01"}, 0},
      {"a)1960 b)1961 c)1962", {"1960", "1961", "1962"}, 0},
      {"1950 or 1951 or 1952", {"1950", "1951", "1952"}, 0},
      {"01/02/1960; alt DOB: 03/04/1961", {"1960-02-01", "1961-04-03"}, 0},
      {"Between Aug. and Sep 1960", {"1960-08..1960-09"}, 0},
      {"na", {}, 0},
      {"Between 1963 to 1968", {"1963..1968"}, 0},
      {"March 1968 to March 1969", {"1968-03..1969-03"}, 0},
      {"19-Dec-1992", {"1992-12-19"}, 0},
      {"March 16, 1972", {"1972-03-16"}, 0},
      {"03/1965", {"1965-03"}, 0},
      {"(Aug. 1961)", {"1961-08"}, 0},
      {"31/02/1970", {}, 1},
      {"a) 1 Apr. 1970 b) 05/02/1390 (Hijri Calendar)", {"1970-04-01"}, 1},
      {"sometime in the sixties", {}, 1},
  };
  for (const auto& c : cases) {
    std::vector<model::DateSpec> out;
    auto bad = ParseDfatDates(c.text, &out);
    std::vector<std::string> got;
    for (const auto& d : out)
      got.push_back(d.is_range() ? d.from.ToIso() + ".." + d.to.ToIso() : d.from.ToIso());
    EXPECT_EQ(got, c.iso) << c.text;
    EXPECT_EQ(bad.size(), c.bad) << c.text;
  }
  std::vector<model::DateSpec> out;
  ParseDfatDates("Approximately 1963", &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].circa);
}

TEST(ParseDfatXlsx, RealFileCountsFromRowReader) {
  std::string data = ReadOrDie("au/dfat-consolidated-2024-12.xlsx");
  auto sheet = ReadXlsxFirstSheet(data);
  ASSERT_TRUE(sheet.has_value()) << sheet.error().ToString();
  ASSERT_FALSE(sheet->rows.empty());
  EXPECT_EQ(sheet->rows[0].cells[0], "Reference");
  std::set<std::string> bases;
  for (size_t r = 1; r < sheet->rows.size(); ++r) {
    std::string ref = sheet->rows[r].cells.empty() ? "" : sheet->rows[r].cells[0];
    size_t n = 0;
    while (n < ref.size() && isdigit(static_cast<unsigned char>(ref[n]))) ++n;
    if (n > 0) bases.insert(ref.substr(0, n));
  }
  Loaded l = LoadXlsx(data, "dfat-consolidated-2024-12.xlsx");
  EXPECT_EQ(l.report.records_read, sheet->rows.size() - 1);
  EXPECT_EQ(l.report.records_read, 9553u);  // rows 2..9554 of Sheet1
  EXPECT_EQ(l.entities.size(), bases.size());
  EXPECT_GT(l.entities.size(), 2900u);
  EXPECT_EQ(l.report.skipped, 0u) << l.report.Summary();
  size_t persons = 0, with_dob = 0;
  for (const auto& e : l.entities) {
    ASSERT_FALSE(e.names.empty());
    EXPECT_EQ(e.names[0].kind, model::NameKind::kPrimary) << e.id;
    persons += e.schema == model::Schema::kPerson;
    with_dob += !e.birth_dates.empty();
  }
  EXPECT_GT(persons, 1500u);
  EXPECT_GT(with_dob, 1400u);
  std::cout << l.report.Summary() << "\n"
            << persons << " persons, " << with_dob << " with a birth date\n";
}

TEST(ParseDfatXlsx, RealFileKnownEntity) {
  Loaded l = LoadXlsx(ReadOrDie("au/dfat-consolidated-2024-12.xlsx"));
  const model::Entity* e = l.Find("au-dfat-2");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->dataset, "au_dfat_sanctions");
  EXPECT_EQ(e->schema, model::Schema::kPerson);
  EXPECT_EQ(e->primary_name().full, "MOHAMMAD HASSAN AKHUND");
  ASSERT_EQ(e->names.size(), 2u);
  EXPECT_EQ(e->names[1].kind, model::NameKind::kAlias);
  EXPECT_EQ(e->names[1].script, "Arab");
  ASSERT_EQ(e->birth_dates.size(), 2u);
  EXPECT_TRUE(e->birth_dates[0].circa);
  EXPECT_EQ(e->birth_dates[0].from.year, 1955);
  EXPECT_EQ(e->birth_dates[0].to.year, 1958);
  EXPECT_EQ(e->birth_places,
            (std::vector<std::string>{
                "Pashmul village, Panjwai District, Kandahar Province, Afghanistan"}));
  EXPECT_EQ(e->programs, (std::vector<std::string>{"1988 (Taliban)"}));
  EXPECT_TRUE(e->addresses.empty());  // "NA"
  EXPECT_NE(std::find(e->extra.begin(), e->extra.end(),
                      std::pair<std::string, std::string>("modifiedAt", "2014-12-15")),
            e->extra.end());
  // Needs model::CountryCode("Afghanistan").
  EXPECT_EQ(e->citizenships, (std::vector<std::string>{"af"}));

  const model::Entity* k = l.Find("au-dfat-3");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->names.size(), 3u);
  EXPECT_EQ(k->names[1].full, "A. Kabir");
}

TEST(ParseDfatXlsx, HandMadeSheetGroupsAliasesAndReportsCells) {
  std::vector<std::vector<std::string>> rows = {
      {"List title"},
      kHeader,
      {"7", "ALPHA, Bob", "Individual", "Primary Name", "1 Jan. 1960", "", "", "1 Main St"},
      {"7a", "Bobby Alpha", "Individual", "aka", "1 Jan. 1960"},
      {"7b", "Боб Альфа", "Individual", "Original Script"},
      {"x9", "NO REF DIGITS", "Entity", "Primary Name"},
      {"8", "", "Entity", "Primary Name"},
      {"9a", "ONLY ALIAS CO", "Entity", "aka", "", "", "", "", "", "", "", "45303"},
      {"10", "DATE CO", "Entity", "Primary Name", "31/02/1999"},
  };
  std::string xlsx = MakeZip({{"xl/worksheets/sheet1.xml", SheetXml(rows)}});
  Loaded l = LoadXlsx(xlsx, "t.xlsx");
  ASSERT_EQ(l.entities.size(), 3u) << l.report.Summary();
  EXPECT_EQ(l.report.records_read, 7u);
  EXPECT_EQ(l.report.skipped, 2u);
  const auto& bob = l.entities[0];
  EXPECT_EQ(bob.id, "au-dfat-7");
  EXPECT_EQ(bob.names.size(), 3u);
  EXPECT_EQ(bob.names[2].script, "Cyrl");
  EXPECT_EQ(bob.birth_dates.size(), 1u);
  EXPECT_EQ(bob.addresses.size(), 1u);
  EXPECT_EQ(l.entities[1].primary_name().full, "ONLY ALIAS CO");
  EXPECT_EQ(l.entities[1].primary_name().kind, model::NameKind::kPrimary);
  std::vector<std::string> wheres;
  for (const auto& p : l.report.problems) wheres.push_back(p.where);
  EXPECT_NE(std::find(wheres.begin(), wheres.end(), "t.xlsx Sheet1!A6 field 'Reference'"),
            wheres.end());
  EXPECT_NE(std::find(wheres.begin(), wheres.end(),
                      "t.xlsx Sheet1!B7 field 'Name of Individual or Entity'"),
            wheres.end());
  EXPECT_NE(std::find(wheres.begin(), wheres.end(), "t.xlsx Sheet1!E9 field 'Date of Birth'"),
            wheres.end());
}

TEST(ParseDfatXlsx, MissingHeaderIsFileError) {
  std::string xlsx = MakeZip({{"xl/worksheets/sheet1.xml", SheetXml({{"a", "b"}, {"1", "x"}})}});
  Loaded l = LoadXlsx(xlsx);
  EXPECT_TRUE(l.entities.empty());
  EXPECT_EQ(l.report.skip_reasons.count("missing header"), 1u);
}

TEST(ParseDfatXlsx, NotAZipIsOneClearError) {
  Loaded l = LoadXlsx("this is not a zip", "bad.xlsx");
  EXPECT_TRUE(l.entities.empty());
  ASSERT_EQ(l.report.problems.size(), 1u);
  EXPECT_EQ(l.report.problems[0].code, ErrorCode::kParse);
  EXPECT_NE(l.report.problems[0].message.find("expected a zip archive"), std::string::npos);
}

TEST(ParseDfatXlsx, TruncatedAndFlippedCopiesNeverCrash) {
  std::string data = ReadOrDie("au/dfat-consolidated-2024-12.xlsx");
  for (size_t cut : {size_t{0}, size_t{1}, size_t{22}, size_t{100}, data.size() / 3,
                     data.size() / 2, data.size() - 23, data.size() - 1}) {
    Loaded l = LoadXlsx(std::string_view(data).substr(0, cut));
    EXPECT_TRUE(l.entities.empty()) << "cut at " << cut;  // the directory is at the end
    EXPECT_EQ(l.report.problems.size(), 1u) << "cut at " << cut;
  }
  // Flipped bytes inside compressed data: a CRC/inflate error or a partial sheet.
  for (size_t pos = 1000; pos < data.size(); pos += data.size() / 7) {
    std::string copy = data;
    copy[pos] ^= 0x5a;
    Loaded l = LoadXlsx(copy);
    EXPECT_TRUE(l.entities.empty() || l.report.problems.size() < LoadReport::kMaxKeptProblems)
        << "flip at " << pos;
  }
}

TEST(ReadZipMember, BombIsRefusedByRatio) {
  std::string zeros(64u << 20, '\0');
  std::string zip = MakeZip({{"bomb.xml", zeros}});
  zeros.clear();
  zeros.shrink_to_fit();
  ASSERT_LT(zip.size(), 1u << 20);
  auto r = ReadZipMember(zip, "bomb.xml");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
}

TEST(ReadZipMember, LimitsMembersAndSizes) {
  std::string zip = MakeZip({{"a", std::string(3u << 20, 'a')}, {"b", "bee"}});
  EXPECT_EQ(*ReadZipMember(zip, "b"), "bee");
  EXPECT_EQ(ReadZipMember(zip, "c").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ReadZipMember(zip, "b", {.max_total_bytes = 1u << 20}).error().code, ErrorCode::kLimit);
  EXPECT_EQ(ReadZipMember(zip, "b", {.max_members = 1}).error().code, ErrorCode::kLimit);
  EXPECT_EQ(ReadZipMember(zip, "a", {.max_member_bytes = 1u << 20}).error().code,
            ErrorCode::kLimit);
}

// A member whose headers declare fewer bytes than it inflates to must not be read past
// its declared size.
TEST(ReadZipMember, LyingDeclaredSizeIsCaught) {
  std::string payload;
  for (int i = 0; i < 20000; ++i) payload += std::to_string(i * 7919 % 10007) + ",";
  std::string zip = MakeZip({{"m", payload}});
  const uint32_t fake = 1000;
  auto patch = [&](size_t at) { memcpy(&zip[at], &fake, 4); };
  for (size_t i = 0; i + 4 <= zip.size(); ++i) {
    if (memcmp(&zip[i], "PK\x03\x04", 4) == 0) patch(i + 22);
    if (memcmp(&zip[i], "PK\x01\x02", 4) == 0) patch(i + 24);
  }
  auto r = ReadZipMember(zip, "m");
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(r.error().code == ErrorCode::kLimit || r.error().code == ErrorCode::kCorrupt)
      << r.error().ToString();
}

TEST(ParseXlsxSheetXml, SharedStringsAndBadIndex) {
  auto sst = ParseXlsxSharedStrings(
      "<sst><si><t>plain</t></si><si><r><t>ri</t></r><r><t>ch</t></r><rPh><t>x</t></rPh></si></"
      "sst>");
  ASSERT_TRUE(sst.has_value());
  EXPECT_EQ(*sst, (std::vector<std::string>{"plain", "rich"}));
  auto sheet = ParseXlsxSheetXml(
      "<worksheet><sheetData><row r=\"3\"><c r=\"C3\" t=\"s\"><v>1</v></c><c r=\"D3\" "
      "t=\"s\"><v>99</v></c><c><v>5</v></c></row></sheetData></worksheet>",
      *sst);
  ASSERT_TRUE(sheet.has_value());
  ASSERT_EQ(sheet->rows.size(), 1u);
  EXPECT_EQ(sheet->rows[0].number, 3u);
  EXPECT_EQ(sheet->rows[0].cells, (std::vector<std::string>{"", "", "rich", "", "5"}));
  EXPECT_EQ(sheet->warnings.size(), 1u);
  EXPECT_FALSE(ParseXlsxSheetXml("<worksheet><sheetData><row>", *sst).has_value());
}

}  // namespace
}  // namespace embargo::ingest
