// Tests for the OFAC legacy CSV parser: a hand-written fixture set with the real files'
// quirks (tests/data/ofac: Windows-1252 bytes, CRLF, 0x1A, "-0-", an alias for an
// unknown entity, a comments continuation, malformed rows), the real lists in
// ofac/current, ofac/2019-01, ofac/2021-07 and ofac/history, and truncated and garbled
// copies of the real sdn.csv.
#include "ingest/ofac.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/file.h"
#include "common/testing/testdata.h"

namespace embargo::ingest {
namespace {

std::string Read(const std::string& path) {
  auto data = ReadFile(path);
  EXPECT_TRUE(data.has_value()) << "cannot read " << path << ": "
                                << (data ? "" : data.error().ToString());
  return data ? *data : std::string();
}

std::string Fixture(const std::string& name) {
  return Read(embargo::testing::SourceDir() + "/tests/data/ofac/" + name);
}

std::string RealData(const std::string& rel) { return Read(embargo::testing::TestDataPath(rel)); }

struct Loaded {
  LoadReport report;
  std::vector<model::Entity> entities;
  std::map<std::string, size_t> by_id;
  const model::Entity* Find(const std::string& id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : &entities[it->second];
  }
};

Loaded Load(const OfacSources& src, std::string_view dataset = kOfacSdnDataset) {
  Loaded out;
  out.report = ParseOfac(src, dataset, [&](model::Entity&& e) {
    out.by_id[e.id] = out.entities.size();
    out.entities.push_back(std::move(e));
  });
  return out;
}

bool HasProblem(const LoadReport& r, std::string_view needle) {
  return std::any_of(r.problems.begin(), r.problems.end(), [&](const Error& e) {
    return e.ToString().find(needle) != std::string::npos;
  });
}

TEST(SplitOfacProgramsTest, Forms) {
  using V = std::vector<std::string>;
  EXPECT_EQ(SplitOfacPrograms("[RUSSIA-EO14024] [UKRAINE-EO13660]"),
            (V{"RUSSIA-EO14024", "UKRAINE-EO13660"}));
  EXPECT_EQ(SplitOfacPrograms("RUSSIA-EO14024] [UKRAINE-EO13660"),
            (V{"RUSSIA-EO14024", "UKRAINE-EO13660"}));
  EXPECT_EQ(SplitOfacPrograms("IRAN] [SDGT] [IRGC] [IFSR"), (V{"IRAN", "SDGT", "IRGC", "IFSR"}));
  EXPECT_EQ(SplitOfacPrograms("SDGT"), (V{"SDGT"}));
  EXPECT_EQ(SplitOfacPrograms("SDGT] [SDGT"), (V{"SDGT"}));
  EXPECT_EQ(SplitOfacPrograms("-0- "), V{});
  EXPECT_EQ(SplitOfacPrograms(""), V{});
  EXPECT_EQ(SplitOfacPrograms("[]] ["), V{});
}

class OfacFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sdn_ = Fixture("sdn.csv");
    alt_ = Fixture("alt.csv");
    add_ = Fixture("add.csv");
    comments_ = Fixture("sdn_comments.csv");
    ASSERT_FALSE(sdn_.empty());
    OfacSources src;
    src.sdn = sdn_;
    src.alt = alt_;
    src.add = add_;
    src.comments = comments_;
    loaded_ = Load(src);
  }
  std::string sdn_, alt_, add_, comments_;
  Loaded loaded_;
};

TEST_F(OfacFixtureTest, CountsAndMalformedRows) {
  const LoadReport& r = loaded_.report;
  EXPECT_EQ(r.dataset, "us_ofac_sdn");
  EXPECT_EQ(r.entities, 4u);
  EXPECT_EQ(loaded_.entities.size(), 4u);
  EXPECT_EQ(r.skipped, 2u);
  EXPECT_EQ(r.skip_reasons.at("bad ent_num"), 1u);
  EXPECT_EQ(r.skip_reasons.at("wrong column count"), 1u);
  EXPECT_TRUE(HasProblem(r, "sdn.csv:3 field 'ent_num': expected a numeric ent_num, got '12x'"));
  EXPECT_TRUE(HasProblem(r, "sdn.csv:5: expected 12 columns, got 3"));
  // Rows after the malformed ones are kept, in file order.
  std::vector<std::string> ids;
  for (const auto& e : loaded_.entities) ids.push_back(e.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"ofac-100", "ofac-200", "ofac-300", "ofac-500"}));
}

TEST_F(OfacFixtureTest, UnknownEntNumsAreOneWarningPerFile) {
  const LoadReport& r = loaded_.report;
  EXPECT_TRUE(HasProblem(r, "alt.csv: 2 alias rows name an ent_num missing"));
  EXPECT_TRUE(HasProblem(r, "e.g. ofac-999, ofac-998"));
  EXPECT_TRUE(HasProblem(r, "add.csv: 1 address rows name an ent_num missing"));
  // The vessel's bad DOB is the only other warning.
  EXPECT_TRUE(
      HasProblem(r, "sdn.csv:4 field 'Remarks': expected a date after 'DOB', got '31 Feb 1970'"));
  EXPECT_EQ(r.warnings, 3u);
}

TEST_F(OfacFixtureTest, PersonFromLatin1Row) {
  const model::Entity* e = loaded_.Find("ofac-100");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, model::Schema::kPerson);
  EXPECT_EQ(e->dataset, "us_ofac_sdn");
  EXPECT_EQ(e->caption(), "M\xC3\x9CLLER, Jos\xC3\xA9");  // MÜLLER, José
  EXPECT_EQ(e->programs, (std::vector<std::string>{"SDGT", "IRAQ2"}));
  ASSERT_EQ(e->birth_dates.size(), 2u);
  EXPECT_EQ(e->birth_dates[0].from.ToIso(), "1960-02-01");
  EXPECT_EQ(e->birth_dates[1].from.ToIso(), "1961");
  EXPECT_EQ(e->birth_places, (std::vector<std::string>{"Z\xC3\xBCrich, Switzerland"}));
  EXPECT_EQ(e->nationalities, (std::vector<std::string>{"ch"}));
  EXPECT_EQ(e->gender, model::Gender::kMale);
  ASSERT_EQ(e->identifiers.size(), 1u);
  EXPECT_EQ(e->identifiers[0].type, model::IdType::kPassport);
  EXPECT_EQ(e->identifiers[0].value, "X1");
  EXPECT_EQ(e->identifiers[0].country, "ch");
  EXPECT_EQ(e->identifiers[0].note, "issued 2001");
  // Names: primary, alt.csv aliases, then the remarks' weak aliases.
  ASSERT_EQ(e->names.size(), 3u);
  EXPECT_EQ(e->names[1].full, "MUELLER, Jose");
  EXPECT_EQ(e->names[1].kind, model::NameKind::kAlias);
  EXPECT_EQ(e->names[2].full, "PEPE");
  EXPECT_EQ(e->names[2].kind, model::NameKind::kWeakAlias);
  // The link names entity 200 exactly, so it is resolved to its id.
  ASSERT_EQ(e->links.size(), 1u);
  EXPECT_EQ(e->links[0].target_name, "ACME TRADING, S.A.");
  EXPECT_EQ(e->links[0].target_id, "ofac-200");
  ASSERT_EQ(e->addresses.size(), 1u);
  EXPECT_EQ(e->addresses[0].full,
            "Bahnhofstra\xC3\x9F"
            "e 1, Z\xC3\xBCrich 8001, Switzerland");
  EXPECT_EQ(e->addresses[0].country, "ch");
  EXPECT_EQ(e->countries, (std::vector<std::string>{"ch"}));
}

TEST_F(OfacFixtureTest, OrganizationWithCommentsContinuation) {
  const model::Entity* e = loaded_.Find("ofac-200");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, model::Schema::kOrganization);
  EXPECT_EQ(e->programs, (std::vector<std::string>{"RUSSIA-EO14024", "UKRAINE-EO13660"}));
  // "Registration Num" + "ber 1027700132195 (Russia); ..." from sdn_comments.csv.
  ASSERT_EQ(e->identifiers.size(), 2u);
  EXPECT_EQ(e->identifiers[0].type, model::IdType::kTaxId);
  EXPECT_EQ(e->identifiers[1].type, model::IdType::kRegistration);
  EXPECT_EQ(e->identifiers[1].value, "1027700132195");
  EXPECT_EQ(e->identifiers[1].country, "ru");
  ASSERT_EQ(e->names.size(), 4u);
  EXPECT_EQ(e->names[1].full, "OLD ACME");
  EXPECT_EQ(e->names[1].kind, model::NameKind::kPrevious);  // fka
  EXPECT_EQ(e->names[2].full, "NEW ACME");
  EXPECT_EQ(e->names[2].kind, model::NameKind::kAlias);  // nka
  EXPECT_EQ(e->names[3].full, "ACME");
  EXPECT_EQ(e->names[3].kind, model::NameKind::kWeakAlias);
  ASSERT_EQ(e->addresses.size(), 2u);
  EXPECT_EQ(e->addresses[0].full, "Moscow, Russia");
  EXPECT_EQ(e->addresses[1].remarks, "Branch office");
  EXPECT_EQ(e->countries, (std::vector<std::string>{"ru", "it"}));
  EXPECT_TRUE(e->remarks.empty());
}

TEST_F(OfacFixtureTest, VesselAndAircraft) {
  const model::Entity* v = loaded_.Find("ofac-300");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->schema, model::Schema::kVessel);
  EXPECT_EQ(v->vessel_type, "Crude Oil Tanker");
  EXPECT_EQ(v->tonnage, "150,000");
  EXPECT_EQ(v->gross_tonnage, "80,000");
  EXPECT_EQ(v->flag, "mt");
  EXPECT_EQ(v->owner, "NATIONAL IRANIAN TANKER CO.");
  ASSERT_EQ(v->identifiers.size(), 3u);
  EXPECT_EQ(v->identifiers[0].type, model::IdType::kCallSign);
  EXPECT_EQ(v->identifiers[0].value, "9HA1234");
  EXPECT_EQ(v->identifiers[1].type, model::IdType::kImo);
  EXPECT_EQ(v->identifiers[1].value, "9283007");
  EXPECT_EQ(v->identifiers[2].type, model::IdType::kMmsi);
  // The bad DOB stays in remarks.
  EXPECT_EQ(v->remarks, (std::vector<std::string>{"DOB 31 Feb 1970"}));

  const model::Entity* a = loaded_.Find("ofac-500");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->schema, model::Schema::kAirplane);
  EXPECT_EQ(a->aircraft_model, "B747-400");
  ASSERT_EQ(a->identifiers.size(), 1u);
  EXPECT_EQ(a->identifiers[0].type, model::IdType::kAircraftSerial);
  EXPECT_EQ(a->identifiers[0].value, "24383");
}

TEST_F(OfacFixtureTest, PrimaryFileAloneLoads) {
  OfacSources src;
  src.sdn = sdn_;
  Loaded only = Load(src, kOfacConsDataset);
  EXPECT_EQ(only.report.entities, 4u);
  EXPECT_EQ(only.entities[0].dataset, "us_ofac_cons");
  EXPECT_EQ(only.entities[0].names.size(), 2u);  // primary + weak alias from remarks
}

TEST(OfacEdgeTest, EmptyAndTinyInputs) {
  for (std::string_view data : {"", "\x1a", "\r\n\r\n", "\"", "1,", "-0- ", ",,,,,,,,,,,"}) {
    OfacSources src;
    src.sdn = data;
    src.alt = data;
    src.add = data;
    src.comments = data;
    Loaded l = Load(src);
    EXPECT_EQ(l.report.entities, 0u) << "input: '" << data << "'";
  }
}

// ---- Real data ------------------------------------------------------------------------

struct RealSet {
  std::string sdn, alt, add, comments;
  OfacSources Sources(bool cons = false) const {
    OfacSources s = cons ? ConsolidatedNames() : OfacSources{};
    s.sdn = sdn;
    s.alt = alt;
    s.add = add;
    s.comments = comments;
    return s;
  }
};

RealSet ReadSet(const std::string& dir, bool cons = false) {
  OfacSources names = cons ? ConsolidatedNames() : OfacSources{};
  return RealSet{RealData(dir + "/" + names.sdn_name), RealData(dir + "/" + names.alt_name),
                 RealData(dir + "/" + names.add_name), RealData(dir + "/" + names.comments_name)};
}

TEST(OfacRealDataTest, CurrentSdn) {
  RealSet set = ReadSet("ofac/current");
  ASSERT_FALSE(set.sdn.empty());
  Loaded l = Load(set.Sources());
  const LoadReport& r = l.report;
  std::cout << r.Summary() << "\n";
  EXPECT_EQ(r.entities, 14965u);
  EXPECT_EQ(r.skipped, 0u);
  // alt.csv and add.csv are newer than sdn.csv: one summary warning each, not thousands.
  EXPECT_TRUE(HasProblem(r, "alt.csv: 2727 alias rows name an ent_num missing"));
  EXPECT_TRUE(HasProblem(r, "address rows name an ent_num missing"));
  EXPECT_LT(r.warnings, 10u);
  // Target: at most 1% of remarks clauses unclassified.
  EXPECT_GT(r.clauses_total, 60000u);
  EXPECT_LT(r.clauses_unclassified * 100, r.clauses_total);

  const model::Entity* putin = l.Find("ofac-35096");
  ASSERT_NE(putin, nullptr);
  EXPECT_EQ(putin->caption(), "PUTIN, Vladimir Vladimirovich");
  EXPECT_EQ(putin->schema, model::Schema::kPerson);
  ASSERT_EQ(putin->birth_dates.size(), 1u);
  EXPECT_EQ(putin->birth_dates[0].from, (model::PartialDate{1952, 10, 7}));
  EXPECT_FALSE(putin->birth_dates[0].is_range());
  ASSERT_EQ(putin->birth_places.size(), 1u);
  EXPECT_NE(putin->birth_places[0].find("Leningrad"), std::string::npos);
  EXPECT_EQ(putin->nationalities, (std::vector<std::string>{"ru"}));
  EXPECT_EQ(putin->citizenships, (std::vector<std::string>{"ru"}));
  EXPECT_EQ(putin->gender, model::Gender::kMale);
  EXPECT_EQ(putin->programs, (std::vector<std::string>{"RUSSIA-EO14024"}));
  EXPECT_EQ(putin->titles, (std::vector<std::string>{"President of the Russian Federation"}));
  bool alias = false;
  for (const auto& n : putin->names) {
    alias |= n.full == "PUTIN, Vladimir" && n.kind == model::NameKind::kAlias;
  }
  EXPECT_TRUE(alias);
  EXPECT_EQ(putin->addresses.size(), 4u);
  EXPECT_EQ(putin->countries, (std::vector<std::string>{"ru"}));
  EXPECT_TRUE(putin->remarks.empty());

  // Schema counts follow SDN_Type.
  std::map<model::Schema, size_t> schemas;
  for (const auto& e : l.entities) schemas[e.schema]++;
  EXPECT_EQ(schemas[model::Schema::kPerson], 6854u);
  EXPECT_EQ(schemas[model::Schema::kVessel], 851u);
  EXPECT_EQ(schemas[model::Schema::kAirplane], 376u);
  EXPECT_EQ(schemas[model::Schema::kOrganization], 6884u);
}

TEST(OfacRealDataTest, CurrentConsolidated) {
  RealSet set = ReadSet("ofac/current", /*cons=*/true);
  ASSERT_FALSE(set.sdn.empty());
  Loaded l = Load(set.Sources(/*cons=*/true), kOfacConsDataset);
  std::cout << l.report.Summary() << "\n";
  EXPECT_EQ(l.report.entities, 442u);
  EXPECT_EQ(l.report.skipped, 0u);
  EXPECT_LT(l.report.clauses_unclassified * 100, l.report.clauses_total);
  ASSERT_FALSE(l.entities.empty());
  EXPECT_EQ(l.entities[0].dataset, "us_ofac_cons");
}

TEST(OfacRealDataTest, OlderSetsLoad) {
  const struct {
    const char* dir;
    size_t entities;
  } kSets[] = {{"ofac/2019-01", 7379}, {"ofac/2021-07", 8976}};
  for (const auto& s : kSets) {
    RealSet set = ReadSet(s.dir);
    ASSERT_FALSE(set.sdn.empty()) << s.dir;
    Loaded l = Load(set.Sources());
    EXPECT_EQ(l.report.entities, s.entities) << s.dir;
    EXPECT_EQ(l.report.skipped, 0u) << s.dir;
    EXPECT_LT(l.report.clauses_unclassified * 100, l.report.clauses_total) << s.dir;
  }
}

TEST(OfacRealDataTest, HistoryFilesLoad) {
  const struct {
    const char* file;
    size_t entities;
  } kFiles[] = {{"ofac/history/sdn-2021-08-18.csv", 9083},
                {"ofac/history/sdn-2022-02-23.csv", 9121},
                {"ofac/history/sdn-2022-02-26.csv", 9218},
                {"ofac/history/sdn-2024-05-03.csv", 14965}};
  for (const auto& f : kFiles) {
    std::string data = RealData(f.file);
    ASSERT_FALSE(data.empty()) << f.file;
    OfacSources src;
    src.sdn = data;
    Loaded l = Load(src);
    EXPECT_EQ(l.report.entities, f.entities) << f.file;
    EXPECT_EQ(l.report.skipped, 0u) << f.file;
    // Putin and Lavrov were designated between 2022-02-23 and 2022-02-26.
    bool late = std::string_view(f.file) >= "ofac/history/sdn-2022-02-26.csv";
    EXPECT_EQ(l.Find("ofac-35096") != nullptr, late) << f.file;
    EXPECT_EQ(l.Find("ofac-35233") != nullptr, late) << f.file;
  }
}

TEST(OfacRobustnessTest, TruncatedCopiesLoadPartially) {
  std::string sdn = RealData("ofac/current/sdn.csv");
  ASSERT_GT(sdn.size(), 1000000u);
  // A cut inside the quoted remarks of Putin's row.
  size_t putin = sdn.find("35096,\"PUTIN");
  ASSERT_NE(putin, std::string::npos);
  size_t inside_quote = sdn.find("Leningrad", putin);
  std::vector<size_t> cuts = {
      1, 17, 1000, sdn.size() / 3, sdn.size() / 2, inside_quote, sdn.size() - 3};
  for (size_t cut : cuts) {
    OfacSources src;
    std::string_view part(sdn.data(), cut);
    src.sdn = part;
    Loaded l = Load(src);
    const LoadReport& r = l.report;
    EXPECT_LE(r.entities, 14965u) << "cut " << cut;
    EXPECT_EQ(r.entities + r.skipped, r.records_read) << "cut " << cut;
    if (cut > 100000) {
      EXPECT_GT(r.entities, 14965u * cut / sdn.size() / 2) << "cut " << cut;
    }
    if (cut == inside_quote) {
      EXPECT_EQ(r.skip_reasons.count("csv syntax"), 1u);
      EXPECT_TRUE(HasProblem(r, "unterminated quoted field"));
      EXPECT_EQ(l.Find("ofac-35096"), nullptr);
    }
  }
}

TEST(OfacRobustnessTest, GarbledCopiesNeverCrash) {
  RealSet set = ReadSet("ofac/current");
  ASSERT_FALSE(set.sdn.empty());
  std::mt19937 rng(20240503);
  for (int round = 0; round < 4; ++round) {
    RealSet g = set;
    for (std::string* f : {&g.sdn, &g.alt, &g.add, &g.comments}) {
      if (f->empty()) continue;
      std::uniform_int_distribution<size_t> pos(0, f->size() - 1);
      std::uniform_int_distribution<int> byte(0, 255);
      int flips = round == 0 ? 10 : 200 * round;
      for (int i = 0; i < flips; ++i) (*f)[pos(rng)] = static_cast<char>(byte(rng));
    }
    Loaded l = Load(g.Sources());
    const LoadReport& r = l.report;
    EXPECT_GT(r.entities, 0u) << "round " << round;
    EXPECT_LE(r.entities, 14965u) << "round " << round;
    EXPECT_LE(r.problems.size(), LoadReport::kMaxKeptProblems);
    for (const auto& e : l.entities) {
      ASSERT_FALSE(e.names.empty()) << e.id;
      ASSERT_EQ(e.id.rfind("ofac-", 0), 0u);
    }
  }
}

}  // namespace
}  // namespace embargo::ingest
