#include "ingest/sema.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "common/utf8.h"

namespace embargo::ingest {
namespace {

using model::Entity;
using model::NameKind;

struct Loaded {
  std::vector<Entity> entities;
  LoadReport report;
  const Entity* Find(const std::string& id) const {
    for (const Entity& e : entities)
      if (e.id == id) return &e;
    return nullptr;
  }
};

Loaded Parse(std::string_view data, std::string_view name = "sema.xml") {
  Loaded l;
  l.report = ParseSemaXml(data, name, [&l](Entity&& e) { l.entities.push_back(std::move(e)); });
  return l;
}

std::string ReadOrFail(const std::string& path) {
  auto r = ReadFile(path);
  if (!r) {
    ADD_FAILURE() << "cannot read test data " << path << ": " << r.error().ToString()
                  << " (set EMBARGO_TEST_DATA to the shared data folder)";
    return {};
  }
  return *r;
}

size_t Count(std::string_view hay, std::string_view needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string_view::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

std::vector<std::pair<std::string, NameKind>> Names(const Entity& e) {
  std::vector<std::pair<std::string, NameKind>> out;
  for (const auto& n : e.names) out.emplace_back(n.full, n.kind);
  return out;
}

class SemaRealFileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new std::string(ReadOrFail(testing::TestDataPath("ca/sema-lmes-2020-04.xml")));
    loaded_ = new Loaded(Parse(*data_, "sema-lmes-2020-04.xml"));
  }
  static void TearDownTestSuite() {
    delete loaded_;
    delete data_;
  }
  static const Entity& Get(const std::string& id) {
    const Entity* e = loaded_->Find(id);
    if (e == nullptr) {
      ADD_FAILURE() << "no entity " << id;
      static const Entity* kEmpty = [] {
        auto* e = new Entity;
        e->names.emplace_back();
        return e;
      }();
      return *kEmpty;
    }
    return *e;
  }
  static std::string* data_;
  static Loaded* loaded_;
};
std::string* SemaRealFileTest::data_ = nullptr;
Loaded* SemaRealFileTest::loaded_ = nullptr;

TEST_F(SemaRealFileTest, CountsMatchAnIndependentCount) {
  ASSERT_FALSE(data_->empty());
  const size_t records = Count(*data_, "<record>");
  EXPECT_EQ(records, 1369u);
  const LoadReport& r = loaded_->report;
  EXPECT_EQ(r.records_read, records) << r.Summary();
  EXPECT_EQ(r.entities, records) << r.Summary();
  EXPECT_EQ(r.skipped, 0u) << r.Summary();
  size_t persons = 0, orgs = 0;
  std::set<std::string> ids;
  for (const Entity& e : loaded_->entities) {
    persons += e.schema == model::Schema::kPerson;
    orgs += e.schema == model::Schema::kOrganization;
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate id " << e.id;
    EXPECT_EQ(e.id.rfind("ca-sema-", 0), 0u);
    EXPECT_EQ(e.dataset, "ca_dfatd_sema_sanctions");
    ASSERT_FALSE(e.names.empty());
    EXPECT_FALSE(e.names[0].full.empty());
    EXPECT_EQ(e.programs.size(), 1u) << e.id;
    for (const auto& n : e.names) {
      EXPECT_TRUE(IsValidUtf8(n.full));
      EXPECT_EQ(n.full, CollapseSpaces(n.full)) << e.id << " '" << n.full << "'";
      EXPECT_EQ(n.full.find("\xc2\xa0"), std::string::npos) << e.id << " '" << n.full << "'";
    }
  }
  // Independent counts: a person has a <LastName> or a <GivenName>; an organisation has an
  // <Entity>. Three people have only a LastName.
  EXPECT_EQ(orgs, Count(*data_, "<Entity>"));
  EXPECT_EQ(persons, records - orgs);
  EXPECT_EQ(persons, Count(*data_, "<LastName>"));
  // Every DateOfBirth form is understood: YYYY, YYYY-MM, YYYY-MM-DD, "A or B".
  size_t dates = 0;
  for (const Entity& e : loaded_->entities) dates += e.birth_dates.size();
  EXPECT_EQ(dates, Count(*data_, "<DateOfBirth>") + 1);  // one "A or B"
  for (const Error& p : r.problems)
    EXPECT_EQ(p.message.find("unrecognised date"), std::string::npos) << p.ToString();
}

TEST_F(SemaRealFileTest, OrganizationWithAliasesAndRegime) {
  const Entity& e = Get("ca-sema-burma-1-1");
  EXPECT_EQ(e.schema, model::Schema::kOrganization);
  EXPECT_EQ(Names(e), (std::vector<std::pair<std::string, NameKind>>{
                          {"Air Bagan", NameKind::kPrimary},
                          {"Air Bagan Holdings Pte. Ltd.", NameKind::kAlias},
                          {"Air Bagan Limited", NameKind::kAlias}}));
  EXPECT_EQ(e.programs, std::vector<std::string>{"SEMA Burma"});
  EXPECT_EQ(e.countries, std::vector<std::string>{"mm"});  // via model::CountryCode
  EXPECT_EQ(e.remarks, std::vector<std::string>{"Schedule 1, Item 1"});
  // Bilingual names: English name, French alias.
  const Entity& navy = Get("ca-sema-iran-1-33");
  EXPECT_EQ(Names(navy), (std::vector<std::pair<std::string, NameKind>>{
                             {"Iranian Navy", NameKind::kPrimary},
                             {"Force navale iranienne", NameKind::kAlias}}));
  EXPECT_EQ(navy.names[1].lang, "fra");
  // "(Rosselkhozbank)" is unwrapped.
  EXPECT_EQ(Get("ca-sema-russia-2-5").names.at(1).full, "Rosselkhozbank");
}

TEST_F(SemaRealFileTest, PersonAliasRules) {
  // Spelling of the first given name -> the whole name with that spelling.
  const Entity& akimov = Get("ca-sema-russia-1-94");
  EXPECT_EQ(akimov.schema, model::Schema::kPerson);
  EXPECT_EQ(Names(akimov), (std::vector<std::pair<std::string, NameKind>>{
                               {"Andrey Igorevich AKIMOV", NameKind::kPrimary},
                               {"Andrei Igorevich AKIMOV", NameKind::kAlias}}));
  EXPECT_EQ(akimov.names[0].first_name, "Andrey Igorevich");
  EXPECT_EQ(akimov.names[0].last_name, "AKIMOV");
  ASSERT_EQ(akimov.birth_dates.size(), 1u);
  EXPECT_EQ(akimov.birth_dates[0].from.ToIso(), "1953-09-22");
  // A full alias as written.
  EXPECT_EQ(Get("ca-sema-russia-1-43").names.at(1).full, "Igor STRELKOV");
  // A nickname is a weak alias.
  const Entity& pavlov = Get("ca-sema-ukraine-1-83");
  ASSERT_EQ(pavlov.names.size(), 2u);
  EXPECT_EQ(pavlov.names[1].full, "Motorola");
  EXPECT_EQ(pavlov.names[1].kind, NameKind::kWeakAlias);
  // An ALL-CAPS word is a surname variant.
  const Entity& pashchenko = Get("ca-sema-ukraine-1-121");
  ASSERT_EQ(pashchenko.names.size(), 2u);
  EXPECT_EQ(pashchenko.names[1].full, "Natalya Aleksandrovna PASHENKO");
  EXPECT_EQ(pashchenko.names[1].kind, NameKind::kAlias);
}

TEST_F(SemaRealFileTest, JvcforRegimeAndTwoDates) {
  const Entity& e = Get("ca-sema-jvcfor-1-54");  // ABAHUSSAIN, "1972-08-10 or 1972-08-11"
  EXPECT_EQ(e.names[0].full, "Mansour Othman ABAHUSSAIN");
  EXPECT_EQ(e.programs, std::vector<std::string>{"JVCFOR"});
  EXPECT_TRUE(e.countries.empty());
  ASSERT_EQ(e.birth_dates.size(), 2u);
  EXPECT_EQ(e.birth_dates[0].from.ToIso(), "1972-08-10");
  EXPECT_EQ(e.birth_dates[1].from.ToIso(), "1972-08-11");
}

TEST_F(SemaRealFileTest, TitlesTakeTheEnglishHalf) {
  size_t titled = 0;
  for (const Entity& e : loaded_->entities) {
    for (const std::string& t : e.titles) {
      ++titled;
      EXPECT_EQ(t.find('/'), std::string::npos) << e.id << " " << t;
    }
  }
  EXPECT_EQ(titled, Count(*data_, "<Title>"));
}

// NOTE: needs model::CountryCode (another helper's work) to know the regime countries.
TEST_F(SemaRealFileTest, RegimeCountriesAreKnown) {
  EXPECT_EQ(loaded_->report.warnings, 0u) << loaded_->report.Summary();
  for (const Error& p : loaded_->report.problems) ADD_FAILURE() << p.ToString();
}

// ---- the later spelling of the format ---------------------------------------------

TEST(SemaFormatTest, LaterElementNamesShipsAndBilingualTags) {
  const Loaded l = Parse(R"(<?xml version="1.0" encoding="UTF-8"?>
<data-set>
  <record>
    <Country-Pays>Russia / Russie</Country-Pays>
    <EntityOrShip-EntiteOuNavire>SIRIUS (vessel)</EntityOrShip-EntiteOuNavire>
    <TitleOrShip-TitreOuNavire>Crude Oil Tanker</TitleOrShip-TitreOuNavire>
    <ShipIMONumber-NumeroOMIDuNavire>IMO 9123456</ShipIMONumber-NumeroOMIDuNavire>
    <DateOfBirthOrShipBuildDate-DateDeNaissanceOuDateDeConstructionDuNavire>2001</DateOfBirthOrShipBuildDate-DateDeNaissanceOuDateDeConstructionDuNavire>
    <Schedule-Annexe>1, Part 6</Schedule-Annexe>
    <Item-NumeroDarticle>7</Item-NumeroDarticle>
    <DateOfListing-DateDinscription>2024-02-23</DateOfListing-DateDinscription>
  </record>
  <record>
    <Country>Belarus / Bélarus</Country>
    <LastName>Atabekov</LastName>
    <GivenName>Khazalbek Bakhtibekovich</GivenName>
    <DateOfBirthOrShipBuildDate>1967-02</DateOfBirthOrShipBuildDate>
    <Schedule>1, Part 1</Schedule>
    <Item>1</Item>
    <DateOfListing>2020-09-28</DateOfListing>
  </record>
</data-set>)");
  EXPECT_EQ(l.report.skipped, 0u) << l.report.Summary();
  ASSERT_EQ(l.entities.size(), 2u);
  const Entity& ship = l.entities[0];
  EXPECT_EQ(ship.id, "ca-sema-russia-1-part-6-7");
  EXPECT_EQ(ship.schema, model::Schema::kVessel);
  EXPECT_EQ(ship.vessel_type, "Crude Oil Tanker");
  ASSERT_EQ(ship.identifiers.size(), 1u);
  EXPECT_EQ(ship.identifiers[0].type, model::IdType::kImo);
  EXPECT_EQ(ship.identifiers[0].value, "9123456");
  EXPECT_TRUE(ship.birth_dates.empty());
  EXPECT_EQ(ship.extra, (std::vector<std::pair<std::string, std::string>>{{"buildDate", "2001"}}));
  EXPECT_EQ(ship.listed_on, "2024-02-23");
  const Entity& p = l.entities[1];
  EXPECT_EQ(p.id, "ca-sema-belarus-1-part-1-1");
  EXPECT_EQ(p.schema, model::Schema::kPerson);
  ASSERT_EQ(p.birth_dates.size(), 1u);
  EXPECT_EQ(p.birth_dates[0].from.ToIso(), "1967-02");
  EXPECT_EQ(p.listed_on, "2020-09-28");
}

TEST(SemaFormatTest, MissingNamesItemsAndDuplicates) {
  const Loaded l = Parse(
      "<data-set>\n"
      "<record><Country>Iran</Country><Schedule>1</Schedule><Item>1</Item></record>\n"
      "<record><Country>Iran</Country><Entity>A Co</Entity></record>\n"
      "<record><Country>Iran</Country><Entity>B Co</Entity><Item>2</Item></record>\n"
      "<record><Country>Iran</Country><Entity>C Co</Entity><Item>2</Item></record>\n"
      "<record><Country>Iran</Country><Entity>D Co</Entity><Colour>red</Colour></record>\n"
      "<note/>\n"
      "</data-set>",
      "m.xml");
  EXPECT_EQ(l.report.records_read, 5u);
  ASSERT_EQ(l.entities.size(), 3u);
  EXPECT_EQ(l.report.skip_reasons.at("missing name"), 1u);
  EXPECT_EQ(l.report.skip_reasons.at("duplicate id"), 1u);
  EXPECT_EQ(l.report.problems[0].where, "m.xml:2:1");
  // Without an Item the id is a hash of regime and name: stable, and distinct per name.
  EXPECT_TRUE(std::regex_match(l.entities[0].id, std::regex("ca-sema-[0-9a-f]{16}")));
  EXPECT_NE(l.entities[0].id, l.entities[2].id);
  EXPECT_EQ(l.entities[0].id, Parse("<data-set><record><Country>Iran</Country><Entity>A Co"
                                    "</Entity></record></data-set>")
                                  .entities.at(0)
                                  .id);
  EXPECT_EQ(l.entities[1].id, "ca-sema-iran-x-2");
  size_t unknown = 0;
  for (const Error& p : l.report.problems) unknown += p.message.find("unknown element") == 0;
  EXPECT_EQ(unknown, 2u);  // <Colour> and <note>
}

// ---- damaged input ----------------------------------------------------------------

TEST(SemaDamagedTest, TruncatedAndGarbledCopies) {
  const std::string data = ReadOrFail(testing::TestDataPath("ca/sema-lmes-2020-04.xml"));
  ASSERT_FALSE(data.empty());
  const Loaded full = Parse(data);
  std::map<std::string, size_t> name_counts;
  for (const Entity& e : full.entities) name_counts[e.id] = e.names.size();
  const std::regex where(R"(^cut\.xml:\d+:\d+$)");
  size_t previous = 0;
  for (size_t cut = 0; cut < data.size(); cut += data.size() / 151 + 1) {
    const Loaded l = Parse(std::string_view(data.data(), cut), "cut.xml");
    ASSERT_GE(l.report.skipped, 1u) << "cut " << cut;
    EXPECT_TRUE(std::regex_match(l.report.problems.at(0).where, where))
        << l.report.problems[0].ToString();
    for (const Entity& e : l.entities) EXPECT_EQ(e.names.size(), name_counts[e.id]) << e.id;
    EXPECT_GE(l.entities.size(), previous);
    previous = l.entities.size();
  }
  EXPECT_GT(previous, 1300u);

  std::mt19937 rng(2020);
  for (int round = 0; round < 100; ++round) {
    std::string g = data;
    for (int k = 0; k <= round % 6; ++k) {
      const size_t at = rng() % g.size();
      g[at] = static_cast<char>(g[at] ^ (1 + rng() % 255));
    }
    const Loaded l = Parse(g, "garbled.xml");
    EXPECT_EQ(l.report.entities, l.entities.size());
    if (l.entities.size() < full.entities.size()) {
      EXPECT_FALSE(l.report.problems.empty());
    }
    for (const Entity& e : l.entities)
      for (const auto& n : e.names) EXPECT_TRUE(IsValidUtf8(n.full)) << e.id;
  }
}

// ---- hand-written fixtures: y_* must parse cleanly, n_* must fail ------------------

std::vector<std::filesystem::path> Fixtures(const char* prefix) {
  std::vector<std::filesystem::path> out;
  const auto dir = std::filesystem::path(testing::SourceDir()) / "tests/data/sema";
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec))
    if (f.path().filename().string().rfind(prefix, 0) == 0) out.push_back(f.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SemaFixturesTest, YesFilesParseCleanly) {
  const auto files = Fixtures("y_");
  ASSERT_GE(files.size(), 2u) << "fixtures missing under tests/data/sema";
  for (const auto& f : files) {
    const Loaded l = Parse(ReadOrFail(f.string()), f.filename().string());
    EXPECT_EQ(l.report.skipped, 0u) << f << ": " << l.report.Summary();
    EXPECT_GE(l.report.entities, 1u) << f;
  }
}

TEST(SemaFixturesTest, NoFilesFailWithAReason) {
  const auto files = Fixtures("n_");
  ASSERT_GE(files.size(), 3u) << "fixtures missing under tests/data/sema";
  for (const auto& f : files) {
    const Loaded l = Parse(ReadOrFail(f.string()), f.filename().string());
    EXPECT_GE(l.report.skipped, 1u) << f << ": " << l.report.Summary();
    ASSERT_FALSE(l.report.problems.empty()) << f;
    EXPECT_EQ(l.report.problems[0].where.rfind(f.filename().string(), 0), 0u)
        << l.report.problems[0].ToString();
  }
}

}  // namespace
}  // namespace embargo::ingest
