#include "ingest/internal_csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/file.h"
#include "common/testing/testdata.h"

namespace embargo::ingest {
namespace {

struct Loaded {
  LoadReport report;
  std::vector<model::Entity> entities;
};

Loaded Load(std::string_view data, std::string_view dataset = "acme_internal") {
  Loaded l;
  l.report = ParseInternalCsv(data, "list.csv", dataset,
                              [&](model::Entity&& e) { l.entities.push_back(std::move(e)); });
  return l;
}

std::vector<std::string> Wheres(const LoadReport& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) out.push_back(p.where);
  return out;
}

TEST(ParseInternalCsv, DocumentedExample) {
  std::string path = testing::SourceDir() + "/tests/data/internal/example.csv";
  auto data = ReadFile(path);
  ASSERT_TRUE(data.has_value()) << "missing fixture " << path;
  Loaded l = Load(*data);
  EXPECT_EQ(l.report.records_read, 4u);
  EXPECT_EQ(l.report.skipped, 0u) << l.report.Summary();
  EXPECT_EQ(l.report.warnings, 0u) << l.report.Summary();
  ASSERT_EQ(l.entities.size(), 4u);
  const auto& doe = l.entities[0];
  EXPECT_EQ(doe.id, "acme_internal-C-1001");
  EXPECT_EQ(doe.dataset, "acme_internal");
  EXPECT_EQ(doe.schema, model::Schema::kPerson);
  ASSERT_EQ(doe.names.size(), 3u);
  EXPECT_EQ(doe.names[0].full, "DOE, John");
  EXPECT_EQ(doe.names[2].full, "J. DOE");
  EXPECT_EQ(doe.names[2].kind, model::NameKind::kAlias);
  ASSERT_EQ(doe.birth_dates.size(), 1u);
  EXPECT_EQ(doe.birth_dates[0].from.ToIso(), "1970-05-12");
  EXPECT_EQ(doe.nationalities, (std::vector<std::string>{"gb"}));
  EXPECT_EQ(doe.countries, (std::vector<std::string>{"gb", "fr"}));
  ASSERT_EQ(doe.identifiers.size(), 2u);
  EXPECT_EQ(doe.identifiers[0].type, model::IdType::kPassport);
  EXPECT_EQ(doe.identifiers[0].value, "123456789");
  EXPECT_EQ(doe.identifiers[0].country, "gb");
  EXPECT_EQ(doe.identifiers[1].type, model::IdType::kTaxId);
  EXPECT_EQ(doe.identifiers[1].value, "GB-99-1");
  EXPECT_EQ(doe.programs, (std::vector<std::string>{"INTERNAL-BLOCK"}));
  EXPECT_EQ(doe.listed_on, "2024-01-15");
  EXPECT_EQ(doe.remarks, (std::vector<std::string>{"Former customer; account closed"}));
  EXPECT_EQ(l.entities[1].schema, model::Schema::kCompany);
  EXPECT_EQ(l.entities[2].identifiers[0].type, model::IdType::kImo);
  EXPECT_EQ(l.entities[2].remarks[0], "IMO from a news report, \"unconfirmed\"");
  const auto& someone = l.entities[3];
  EXPECT_EQ(someone.schema, model::Schema::kLegalEntity);
  ASSERT_EQ(someone.birth_dates.size(), 1u);
  EXPECT_TRUE(someone.birth_dates[0].is_range());
  EXPECT_EQ(someone.birth_dates[0].to.year, 1960);
}

TEST(ParseInternalCsv, RowErrorsAreSkippedWithLineAndField) {
  std::string data =
      "ID,Name,Schema\n"
      "a1,Alice,person\n"
      ",Nobody,Person\n"
      "bad id!,Bob,Person\n"
      "a2,,Person\n"
      "a3,Carol,Robot\n"
      "a1,Alice Again,Person\n"
      "a4,Dave,\n";
  Loaded l = Load(data);
  EXPECT_EQ(l.report.records_read, 7u);
  ASSERT_EQ(l.entities.size(), 2u);
  EXPECT_EQ(l.entities[0].schema, model::Schema::kPerson);  // case-insensitive
  EXPECT_EQ(l.entities[1].id, "acme_internal-a4");
  EXPECT_EQ(l.report.skipped, 5u);
  EXPECT_EQ(Wheres(l.report),
            (std::vector<std::string>{"list.csv:3 field 'id'", "list.csv:4 field 'id'",
                                      "list.csv:5 field 'name'", "list.csv:6 field 'schema'",
                                      "list.csv:7 field 'id'"}));
  EXPECT_EQ(l.report.skip_reasons.at("duplicate id"), 1u);
  EXPECT_NE(l.report.problems[3].message.find("got 'Robot'"), std::string::npos);
}

TEST(ParseInternalCsv, ValueErrorsAreWarningsAndTheRowIsKept) {
  struct Case {
    std::string column, value, field;
    size_t kept_values;  // values of that field that survive
  } cases[] = {
      {"birth_date", "31/02/1970", "birth_date", 0},
      {"birth_date", "1970|1971-13", "birth_date", 1},
      {"birth_date", "1960..1950", "birth_date", 0},
      {"birth_date", "1950..19x0|1950..1960-03", "birth_date", 1},
      {"listed_on", "2024", "listed_on", 0},
      {"nationality", "Atlantis|fr", "nationality", 1},
      {"id_numbers", "passport|imo:", "id_numbers", 0},
  };
  for (const auto& c : cases) {
    Loaded l = Load("id,name," + c.column + "\n1,N,\"" + c.value + "\"\n");
    ASSERT_EQ(l.entities.size(), 1u) << c.value;
    const auto& e = l.entities[0];
    size_t kept = c.column == "birth_date"    ? e.birth_dates.size()
                  : c.column == "listed_on"   ? !e.listed_on.empty()
                  : c.column == "nationality" ? e.nationalities.size()
                                              : e.identifiers.size();
    EXPECT_EQ(kept, c.kept_values) << c.value;
    ASSERT_FALSE(l.report.problems.empty()) << c.value;
    EXPECT_EQ(l.report.problems[0].where, "list.csv:2 field '" + c.field + "'") << c.value;
  }
  Loaded l = Load("id,name,id_numbers\n1,N,website:https://x.example:|colour:blue\n");
  EXPECT_EQ(l.entities[0].identifiers[0].value, "https://x.example");
  EXPECT_EQ(l.entities[0].identifiers[0].type, model::IdType::kWebsite);
  EXPECT_EQ(l.entities[0].identifiers[1].label, "colour");
}

TEST(ParseInternalCsv, HeaderProblems) {
  Loaded missing = Load("name,schema\nAlice,Person\n");
  EXPECT_TRUE(missing.entities.empty());
  EXPECT_EQ(missing.report.skip_reasons.at("missing column"), 1u);
  EXPECT_NE(missing.report.problems[0].message.find("'id'"), std::string::npos);

  Loaded unknown = Load("id,name,favourite_colour\n1,Alice,blue\n");
  EXPECT_EQ(unknown.entities.size(), 1u);
  EXPECT_EQ(unknown.report.warnings, 1u);
  EXPECT_NE(unknown.report.problems[0].message.find("favourite_colour"), std::string::npos);

  EXPECT_EQ(Load("").report.skip_reasons.at("missing header"), 1u);
  EXPECT_TRUE(Load("id,name\n1,A\n", "").entities.empty());
}

TEST(ParseInternalCsv, EncodingAndShapeOddities) {
  // Latin-1 byte, BOM, CRLF, a short row, a long row.
  Loaded l = Load("\xEF\xBB\xBFid,name,notes\r\n1,Jos\xE9\r\n2,B,n,extra\r\n");
  ASSERT_EQ(l.entities.size(), 2u);
  EXPECT_EQ(l.entities[0].names[0].full, "Jos\xC3\xA9");
  EXPECT_EQ(l.report.warnings, 2u);
  // An unterminated quote at the end keeps the rows before it.
  Loaded cut = Load("id,name\n1,A\n2,\"B\n");
  EXPECT_EQ(cut.entities.size(), 1u);
  EXPECT_EQ(cut.report.skip_reasons.count("malformed CSV"), 1u);
}

TEST(ParseInternalCsv, TruncatedCopiesNeverCrash) {
  auto data = ReadFile(testing::SourceDir() + "/tests/data/internal/example.csv");
  ASSERT_TRUE(data.has_value());
  for (size_t cut = 0; cut <= data->size(); ++cut) {
    Loaded l = Load(std::string_view(*data).substr(0, cut));
    EXPECT_LE(l.entities.size(), 4u);
  }
  for (size_t pos = 0; pos < data->size(); ++pos) {
    std::string copy = *data;
    copy[pos] = '"';
    Loaded l = Load(copy);
    EXPECT_LE(l.entities.size(), 4u);
  }
}

}  // namespace
}  // namespace embargo::ingest
