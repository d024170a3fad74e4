#include "ingest/opensanctions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "model/ftm.h"

namespace embargo::ingest {
namespace {

using model::Entity;

std::string ReadData(const std::string& relative) {
  auto data = ReadFile(testing::TestDataPath(relative));
  EXPECT_TRUE(data.has_value()) << "missing test data " << relative << ": "
                                << (data ? "" : data.error().ToString());
  return data ? *data : std::string();
}

// Independent count: the first "schema" member of each non-blank line.
std::map<std::string, size_t> SchemaCounts(const std::string& data, size_t* lines) {
  static const std::regex kSchema(R"re("schema"\s*:\s*"([A-Za-z]+)")re");
  std::map<std::string, size_t> counts;
  *lines = 0;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t end = data.find('\n', pos);
    if (end == std::string::npos) end = data.size();
    std::string line = data.substr(pos, end - pos);
    pos = end + 1;
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    ++*lines;
    std::smatch m;
    if (std::regex_search(line, m, kSchema)) ++counts[m[1]];
  }
  return counts;
}

struct FileCase {
  const char* path;
  bool nested;
  const char* dataset;  // datasets[0] of the entities in the file
};

TEST(OpenSanctionsTest, CountsPerSchemaOnRealFiles) {
  const FileCase files[] = {
      {"opensanctions/zala-cluster.ftm.json", false, nullptr},
      {"opensanctions/t1.ftm.json", false, nullptr},
      {"opensanctions/wd_peps_sa-2024-03/entities.ftm.json", false, "sa_wiki_peps_v2"},
      {"opensanctions/wd_peps_sa-2024-03/targets.nested.json", true, "wd_persons"},
  };
  const std::set<std::string> screenable = {"Person",      "Company", "Organization",
                                            "LegalEntity", "Vessel",  "Airplane"};
  for (const auto& f : files) {
    std::string data = ReadData(f.path);
    ASSERT_FALSE(data.empty()) << f.path;
    size_t lines = 0;
    auto expected = SchemaCounts(data, &lines);
    std::map<std::string, size_t> got;
    std::set<std::string> ids;
    auto sink = [&](Entity&& e) {
      ++got[std::string(model::SchemaName(e.schema))];
      EXPECT_FALSE(e.names.empty()) << e.id;
      EXPECT_FALSE(e.dataset.empty()) << e.id;
      if (f.dataset) {
        EXPECT_EQ(e.dataset, f.dataset) << e.id;
      }
      EXPECT_TRUE(ids.insert(e.id).second) << "duplicate " << e.id;
    };
    LoadReport r = f.nested ? ParseTargetsNested(data, "x.json", "default_ds", sink)
                            : ParseFtmLines(data, "x.json", "default_ds", sink);
    EXPECT_EQ(r.records_read, lines) << f.path;
    EXPECT_EQ(r.skipped, 0u) << f.path << " " << r.Summary();
    EXPECT_TRUE(r.problems.empty()) << f.path;
    size_t total = 0;
    for (const auto& [schema, n] : expected) {
      if (screenable.count(schema)) {
        EXPECT_EQ(got[schema], n) << f.path << " " << schema;
        total += n;
      } else {
        EXPECT_EQ(r.skip_reasons["non-screenable schema " + schema], n) << f.path << " " << schema;
      }
    }
    EXPECT_EQ(r.entities, total) << f.path;
    EXPECT_GT(total, 0u) << f.path;
  }
}

TEST(OpenSanctionsTest, SanctionsAddProgramsAndListingDate) {
  // The sanction comes after its entity (second pass needed) and names a new program.
  std::string data =
      R"({"id":"p1","schema":"Person","properties":{"name":["Ivan Petrov"],"programId":["A"]},"datasets":["ds1"]})"
      "\n"
      R"({"id":"p2","schema":"Person","properties":{"name":["Olga"],"createdAt":["2020-01-01"]}})"
      "\n"
      R"({"id":"s1","schema":"Sanction","properties":{"entity":["p1","p2"],"programId":["B","A"],"listingDate":["2023-05-01"],"startDate":["2022-03-01"]}})"
      "\n"
      R"({"id":"s2","schema":"Sanction","properties":{"entity":["p1"],"program":["Some regulation"],"startDate":["2021-13-01"]}})"
      "\n";
  std::vector<Entity> got;
  LoadReport r = ParseFtmLines(data, "s.json", "fallback", [&](Entity&& e) { got.push_back(e); });
  ASSERT_EQ(got.size(), 2u) << r.Summary();
  EXPECT_EQ(got[0].programs, (std::vector<std::string>{"A", "B", "Some regulation"}));
  EXPECT_EQ(got[0].listed_on, "2022-03-01");
  EXPECT_EQ(got[0].dataset, "ds1");
  EXPECT_EQ(got[1].programs, (std::vector<std::string>{"B", "A"}));
  EXPECT_EQ(got[1].listed_on, "2020-01-01");  // its own createdAt wins
  EXPECT_EQ(got[1].dataset, "fallback");
  EXPECT_EQ(r.skip_reasons["non-screenable schema Sanction"], 2u);
  EXPECT_EQ(r.skipped, 0u);
}

TEST(OpenSanctionsTest, KnownZalaCompany) {
  std::string data = ReadData("opensanctions/zala-cluster.ftm.json");
  std::vector<Entity> got;
  ParseFtmLines(data, "zala.json", "x", [&](Entity&& e) {
    if (e.id == "NK-abdzbEBkqyT29GyREbiURZ") got.push_back(e);
  });
  ASSERT_EQ(got.size(), 1u);
  const Entity& e = got[0];
  EXPECT_EQ(e.schema, model::Schema::kCompany);
  EXPECT_EQ(e.primary_name().full.empty(), false);
  EXPECT_EQ(e.dataset, "mc_fund_freezes");
  EXPECT_EQ(e.listed_on, "2023-02-24");
  for (const char* p :
       {"UA-WS-MILIND", "AU-RUSSIA", "US-BIS-EL", "UA-SA1644", "US-RUSHAR", "NZ-RSA2022", "CA-SEMA",
        "SECO-UKRAINE", "UA-WS-UAVS", "GB-RUS", "EU-UKR"}) {
    EXPECT_NE(std::find(e.programs.begin(), e.programs.end(), p), e.programs.end()) << p;
  }
  EXPECT_FALSE(e.addresses.empty());
  EXPECT_FALSE(e.identifiers.empty());
}

TEST(OpenSanctionsTest, NestedTargetsAreFlattened) {
  std::string data = ReadData("opensanctions/wd_peps_sa-2024-03/targets.nested.json");
  std::map<std::string, Entity> by_id;
  ParseTargetsNested(data, "targets.nested.json", "x", [&](Entity&& e) { by_id.emplace(e.id, e); });
  ASSERT_TRUE(by_id.count("Q296771"));
  const Entity& hariri = by_id["Q296771"];
  EXPECT_EQ(hariri.primary_name().full, "Hariri");
  EXPECT_EQ(hariri.nationalities, (std::vector<std::string>{"lb", "fr", "sa"}));
  auto mother = std::find_if(hariri.links.begin(), hariri.links.end(),
                             [](const model::Link& l) { return l.target_id == "Q20424718"; });
  ASSERT_NE(mother, hariri.links.end());
  EXPECT_EQ(mother->relation, "family:mother");
  EXPECT_EQ(mother->target_name, "Nidal Boustany");
  // Nested objects are not left in extra.
  for (const auto& [k, v] : hariri.extra) EXPECT_NE(k, "$familyPerson");

  // Synthetic nested facts: address, passport with issuer, sanction.
  std::string line =
      R"({"id":"n1","schema":"Person","properties":{"name":["Ali"],"passportNumber":["P1"],)"
      R"("addressEntity":[{"id":"a1","schema":"Address","properties":{"full":["1 Main St, Kabul"],"city":["Kabul"],"country":["af"]}}],)"
      R"("identification":[{"id":"i1","schema":"Passport","properties":{"number":["P1"],"country":["af"]}},)"
      R"({"id":"i2","schema":"Identification","properties":{"number":["N9"],"type":["National ID"],"country":["pk"]}}],)"
      R"("sanctions":[{"id":"s1","schema":"Sanction","properties":{"programId":["UN-1267"],"listingDate":["2001-01-25"]}}]}})";
  std::vector<Entity> got;
  LoadReport r = ParseTargetsNested(line, "n.json", "un_sc", [&](Entity&& e) { got.push_back(e); });
  ASSERT_EQ(got.size(), 1u) << r.Summary();
  const Entity& e = got[0];
  ASSERT_EQ(e.addresses.size(), 1u);
  EXPECT_EQ(e.addresses[0].city, "Kabul");
  EXPECT_EQ(e.addresses[0].country, "af");
  EXPECT_EQ(e.countries, std::vector<std::string>{"af"});
  ASSERT_EQ(e.identifiers.size(), 2u);
  EXPECT_EQ(e.identifiers[0].type, model::IdType::kPassport);
  EXPECT_EQ(e.identifiers[0].country, "af");
  EXPECT_EQ(e.identifiers[1].type, model::IdType::kNationalId);
  EXPECT_EQ(e.identifiers[1].country, "pk");
  EXPECT_EQ(e.programs, std::vector<std::string>{"UN-1267"});
  EXPECT_EQ(e.listed_on, "2001-01-25");
  EXPECT_EQ(e.dataset, "un_sc");
}

TEST(OpenSanctionsTest, MalformedLinesAreReportedAndSkipped) {
  const std::string good = R"({"id":"ok1","schema":"Company","properties":{"name":["ACME"]}})";
  std::string data;
  data += good + "\r\n";  // 1
  data += "{not json\n";  // 2
  data += R"({"schema":"Person","properties":{"name":["X"]}})"
          "\n";  // 3
  data += R"({"id":"x","properties":{"name":["X"]}})"
          "\n";                                                                       // 4
  data += "[1,2,3]\n";                                                                // 5
  data += "\n";                                                                       // 6 blank
  data += "{\"id\":\"big\",\"x\":\"" + std::string(kMaxFtmLineBytes, 'a') + "\"}\n";  // 7
  data += std::string(100000, '[') + std::string(100000, ']') + "\n";                 // 8
  data += R"({"id":"x","schema":"Person","properties":{"name":[""]}})"
          "\n";                                                             // 9
  data += R"({"id":"ok2","schema":"Person","properties":{"name":["Y"]}})";  // 10, no newline
  std::vector<std::string> ids;
  LoadReport r = ParseFtmLines(data, "bad.json", "ds", [&](Entity&& e) { ids.push_back(e.id); });
  EXPECT_EQ(ids, (std::vector<std::string>{"ok1", "ok2"}));
  EXPECT_EQ(r.records_read, 9u);
  EXPECT_EQ(r.entities, 2u);
  EXPECT_EQ(r.skipped, 7u);
  const std::map<std::string, size_t> reasons = {
      {"bad JSON", 1},      {"missing id", 1},        {"missing schema", 1}, {"not an object", 1},
      {"line too long", 1}, {"too deeply nested", 1}, {"missing name", 1}};
  EXPECT_EQ(r.skip_reasons, reasons);
  std::vector<std::string> where;
  for (const auto& p : r.problems) where.push_back(p.where);
  EXPECT_EQ(where, (std::vector<std::string>{"bad.json:2", "bad.json:3", "bad.json:4", "bad.json:5",
                                             "bad.json:7", "bad.json:8", "bad.json:9"}));
}

TEST(OpenSanctionsTest, AcceptsJsonArrayFile) {
  std::string data =
      "\xEF\xBB\xBF [\n"
      R"({"id":"a","schema":"Person","properties":{"name":["A"]}},)"
      "\n"
      R"({"id":"s","schema":"Sanction","properties":{"entity":["a"],"programId":["P"]}},)"
      "\n"
      R"(17])";
  std::vector<Entity> got;
  LoadReport r = ParseFtmLines(data, "arr.json", "ds", [&](Entity&& e) { got.push_back(e); });
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].programs, std::vector<std::string>{"P"});
  EXPECT_EQ(r.records_read, 3u);
  EXPECT_EQ(r.skip_reasons["not an object"], 1u);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].where, "arr.json element 3");

  LoadReport bad = ParseFtmLines("[{\"id\":", "broken.json", "ds", [](Entity&&) {});
  EXPECT_EQ(bad.skip_reasons["bad JSON"], 1u);
  EXPECT_EQ(bad.entities, 0u);
}

TEST(OpenSanctionsTest, ExportedLinesLoadBack) {
  // ToFtmLine output is valid entities.ftm.json input.
  std::string data = ReadData("opensanctions/zala-cluster.ftm.json");
  std::vector<Entity> first;
  ParseFtmLines(data, "zala.json", "x", [&](Entity&& e) { first.push_back(e); });
  std::string exported;
  for (const auto& e : first) exported += model::ToFtmLine(e) + "\n";
  std::vector<Entity> second;
  LoadReport r =
      ParseFtmLines(exported, "export.json", "x", [&](Entity&& e) { second.push_back(e); });
  ASSERT_EQ(second.size(), first.size()) << r.Summary();
  for (size_t i = 0; i < first.size(); ++i)
    EXPECT_TRUE(model::SameEntity(first[i], second[i])) << first[i].id;
}

}  // namespace
}  // namespace embargo::ingest
