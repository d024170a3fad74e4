// DiffEntity / DiffEntities on hand-built entities: each field change is found with its old
// and new values, reordering is no change, and the text and JSON forms are as documented.
#include "history/diff.h"

#include <gtest/gtest.h>

#include <functional>

namespace embargo::history {
namespace {

model::Name N(std::string full, model::NameKind kind) {
  model::Name n;
  n.full = std::move(full);
  n.kind = kind;
  return n;
}

model::Entity Putin() {
  model::Entity e;
  e.id = "ofac-35096";
  e.dataset = "us_ofac_sdn";
  e.schema = model::Schema::kPerson;
  e.names = {N("PUTIN, Vladimir Vladimirovich", model::NameKind::kPrimary),
             N("PUTIN, Vladimir", model::NameKind::kAlias)};
  model::DateSpec dob;
  dob.from = {1952, 10, 7};
  e.birth_dates = {dob};
  e.nationalities = {"ru"};
  e.programs = {"RUSSIA-EO14024"};
  e.identifiers = {{model::IdType::kPassport, "123", "ru", "Passport", ""}};
  e.addresses = {{"", "Kremlin", "Moscow", "", "", "ru", ""}};
  return e;
}

struct Case {
  const char* what;
  std::function<void(model::Entity&)> edit;
  const char* field;  // nullptr: no change expected
  std::vector<std::string> old_values, new_values;
};

TEST(DiffEntityTest, FindsEachFieldWithOldAndNewValues) {
  const Case cases[] = {
      {"alias added",
       [](auto& e) { e.names.push_back(N("PUTIN, V.", model::NameKind::kAlias)); },
       "alias",
       {},
       {"PUTIN, V."}},
      {"primary renamed",
       [](auto& e) { e.names[0].full = "PUTIN, V. V."; },
       "name",
       {"PUTIN, Vladimir Vladimirovich"},
       {"PUTIN, V. V."}},
      {"birth date",
       [](auto& e) { e.birth_dates[0].from.day = 8; },
       "birthDate",
       {"1952-10-07"},
       {"1952-10-08"}},
      {"birth date circa",
       [](auto& e) { e.birth_dates[0].circa = true; },
       "birthDate",
       {"1952-10-07"},
       {"circa 1952-10-07"}},
      {"identifier",
       [](auto& e) { e.identifiers[0].value = "456"; },
       "identifier",
       {"passport 123 [ru]"},
       {"passport 456 [ru]"}},
      {"program",
       [](auto& e) { e.programs.push_back("UKRAINE-EO13660"); },
       "program",
       {},
       {"UKRAINE-EO13660"}},
      {"address",
       [](auto& e) { e.addresses[0].city = "Sochi"; },
       "address",
       {"Kremlin, Moscow [ru]"},
       {"Kremlin, Sochi [ru]"}},
      {"nationality", [](auto& e) { e.nationalities = {"by"}; }, "nationality", {"ru"}, {"by"}},
      {"country", [](auto& e) { e.countries = {"ru"}; }, "country", {}, {"ru"}},
      {"gender", [](auto& e) { e.gender = model::Gender::kMale; }, "gender", {}, {"male"}},
      {"schema",
       [](auto& e) { e.schema = model::Schema::kLegalEntity; },
       "schema",
       {"Person"},
       {"LegalEntity"}},
      {"remarks", [](auto& e) { e.remarks = {"a note"}; }, "notes", {}, {"a note"}},
      {"link",
       [](auto& e) {
         e.links = {{"linked_to", "ROSNEFT", "ofac-1"}};
       },
       "link",
       {},
       {"linked_to: ROSNEFT (ofac-1)"}},
      {"vessel flag", [](auto& e) { e.flag = "pa"; }, "flag", {}, {"pa"}},
      {"listed on", [](auto& e) { e.listed_on = "2022-02-25"; }, "listedOn", {}, {"2022-02-25"}},
      {"reordered names and identifiers",
       [](auto& e) {
         std::swap(e.names[0], e.names[1]);
         e.identifiers.insert(e.identifiers.begin(), {model::IdType::kTaxId, "7", "", "", ""});
         std::swap(e.identifiers[0], e.identifiers[1]);
         e.identifiers.pop_back();
       },
       nullptr,
       {},
       {}},
      {"name script only", [](auto& e) { e.names[0].script = "Latn"; }, nullptr, {}, {}},
  };
  for (const auto& c : cases) {
    model::Entity before = Putin(), after = Putin();
    c.edit(after);
    auto changes = DiffEntity(before, after);
    if (c.field == nullptr) {
      EXPECT_TRUE(changes.empty()) << c.what << ": " << changes.front().field;
      continue;
    }
    ASSERT_EQ(changes.size(), 1u) << c.what;
    EXPECT_EQ(changes[0].field, c.field) << c.what;
    EXPECT_EQ(changes[0].old_values, c.old_values) << c.what;
    EXPECT_EQ(changes[0].new_values, c.new_values) << c.what;
  }
}

TEST(DiffEntityTest, AWeakenedAliasMovesBetweenFields) {
  model::Entity before = Putin(), after = Putin();
  after.names[1].kind = model::NameKind::kWeakAlias;
  auto changes = DiffEntity(before, after);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].field, "alias");
  EXPECT_EQ(changes[0].old_values, std::vector<std::string>{"PUTIN, Vladimir"});
  EXPECT_EQ(changes[1].field, "weakAlias");
  EXPECT_EQ(changes[1].new_values, std::vector<std::string>{"PUTIN, Vladimir"});
}

TEST(DiffEntitiesTest, PairsByIdAndCounts) {
  model::Entity a = Putin(), b = Putin(), c = Putin();
  b.id = "ofac-2";
  b.names[0].full = "B";
  c.id = "ofac-3";
  c.names[0].full = "C";
  model::Entity a2 = Putin();
  a2.programs.push_back("X");
  Diff d = DiffEntities({a, b}, {c, a2, b});
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].id, "ofac-3");
  EXPECT_EQ(d.added[0].caption, "C");
  EXPECT_TRUE(d.removed.empty());
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].id, "ofac-35096");
  EXPECT_EQ(d.unchanged, 1u);
  EXPECT_EQ(d.old_entities, 2u);
  EXPECT_EQ(d.new_entities, 3u);

  Diff r = DiffEntities({c, a2, b}, {a, b});
  ASSERT_EQ(r.removed.size(), 1u);
  EXPECT_EQ(r.removed[0].id, "ofac-3");
}

TEST(DiffToTextTest, GoldenOutput) {
  model::Entity a = Putin(), b = Putin(), c = Putin();
  b.programs.push_back("UKRAINE-EO13660");
  b.names.push_back(N("PUTIN, V.", model::NameKind::kAlias));
  c.id = "ofac-35233";
  c.names = {N("LAVROV, Sergei Viktorovich", model::NameKind::kPrimary)};
  Diff d = DiffEntities({a}, {b, c});
  EXPECT_EQ(DiffToText(d),
            "1 added, 0 removed, 1 changed, 0 unchanged (1 -> 2 entities)\n"
            "\nAdded (1):\n"
            "+ ofac-35233     LAVROV, Sergei Viktorovich (Person, us_ofac_sdn)\n"
            "\nChanged (1):\n"
            "~ ofac-35096     PUTIN, Vladimir Vladimirovich (Person, us_ofac_sdn)\n"
            "    alias: + \"PUTIN, V.\"\n"
            "    program: + \"UKRAINE-EO13660\"\n");
  auto j = DiffToJson(d);
  EXPECT_EQ(j["added"], 1);
  EXPECT_EQ(j["changed"], 1);
  EXPECT_EQ(j["entities"]["added"][0]["id"], "ofac-35233");
  EXPECT_EQ(j["entities"]["changed"][0]["changes"][1]["field"], "program");
  EXPECT_EQ(j["entities"]["changed"][0]["changes"][1]["new"][0], "UKRAINE-EO13660");
  // A limit counts what it leaves out.
  Diff many = DiffEntities({}, {a, c});
  EXPECT_NE(DiffToText(many, 1).find("... 1 more"), std::string::npos);
}

}  // namespace
}  // namespace embargo::history
