// Original-script verification: the removed names really are gone from the index it
// screens against, entities named only in another script are counted apart, and the
// per-script counts add up.
#include <gtest/gtest.h>

#include "screen/verify.h"

namespace embargo::screen {
namespace {

model::Entity Person(std::string id, std::vector<std::pair<std::string, std::string>> names) {
  model::Entity e;
  e.id = std::move(id);
  e.schema = model::Schema::kPerson;
  for (auto& [full, script] : names) {
    auto& n = e.names.emplace_back();
    n.full = full;
    n.script = script;
    n.kind = e.names.size() == 1 ? model::NameKind::kPrimary : model::NameKind::kAlias;
  }
  return e;
}

TEST(VerifyOriginalScriptTest, ScreensEachNonLatinNameWithoutIt) {
  std::vector<model::Entity> ents;
  // Its Cyrillic name transliterates to its Latin one: found.
  ents.push_back(Person("x-1", {{"Vladimir Tobolkin", "Latn"}, {"Владимир Тоболкин", "Cyrl"}}));
  // Its Cyrillic name is another name altogether: found only if it were still indexed.
  ents.push_back(Person("x-2", {{"Gregor Wainwright", "Latn"}, {"Иван Петрович Сидоров", "Cyrl"}}));
  // Named in Cyrillic only: nothing Latin to find it by.
  ents.push_back(Person("x-3", {{"Олег Кузнецов", "Cyrl"}}));
  auto idx = index::Index::Build(std::move(ents));
  VerifyOptions o;
  o.threads = 1;
  VerifyReport rep = VerifyOriginalScript(*idx, o);
  EXPECT_EQ(rep.entities, 2u);
  EXPECT_EQ(rep.not_testable, 1u);
  ASSERT_EQ(rep.scenarios.size(), 1u);  // no facts: no "+facts" scenario
  EXPECT_EQ(rep.scenarios[0].name, "Cyrl person");
  EXPECT_EQ(rep.scenarios[0].group, "original_script");
  EXPECT_EQ(rep.scenarios[0].queries, 2u);
  EXPECT_EQ(rep.scenarios[0].detected, 1u);
  ASSERT_EQ(rep.groups.size(), 2u);
  EXPECT_EQ(rep.groups[0].queries, 2u);
  EXPECT_EQ(rep.groups[1].queries, 0u);
  ASSERT_EQ(rep.misses.size(), 1u);
  EXPECT_NE(rep.misses[0].find("x-2"), std::string::npos) << rep.misses[0];
  // The full index still finds the removed name: the miss comes from the removal.
  Query q;
  q.names = {"Иван Петрович Сидоров"};
  Response r = Screen(*idx, q);
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(idx->entities()[r.hits[0].entity].id, "x-2");
  EXPECT_EQ(rep.ToJson()["not_testable"], 1);
}

}  // namespace
}  // namespace embargo::screen
