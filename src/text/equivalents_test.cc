#include "text/equivalents.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/testing/testdata.h"

namespace embargo::text {
namespace {

NameEquivalents Builtins() {
  EquivalenceBuilder b;
  b.AddBuiltins();
  return std::move(b).Build();
}

TEST(NameEquivalents, BuiltinGroups) {
  NameEquivalents eq = Builtins();
  const std::vector<std::pair<const char*, const char*>> same = {
      {"sergei", "sergey"},       {"sergey", "serhiy"},   {"serguei", "sergii"},
      {"mohammed", "muhammad"},   {"mohamed", "mohamad"}, {"aleksandr", "alexander"},
      {"oleksandr", "alexander"}, {"yuri", "iurii"},      {"yury", "yuriy"},
      {"osama", "usama"},         {"hussein", "husayn"},  {"qaddafi", "gadhafi"},
  };
  for (const auto& [a, b] : same) EXPECT_TRUE(eq.Equivalent(a, b)) << a << " ~ " << b;
  const std::vector<std::pair<const char*, const char*>> different = {
      {"muhammad", "mahmoud"}, {"ali", "alexander"}, {"sergey", "yuri"},
      {"hasan", "husayn"},     {"omar", "osama"},    {"unknown", "other"},
  };
  for (const auto& [a, b] : different) EXPECT_FALSE(eq.Equivalent(a, b)) << a << " !~ " << b;
  EXPECT_TRUE(eq.Equivalent("zzz", "zzz"));
  EXPECT_FALSE(eq.ClassOf("zzz").has_value());
  EXPECT_EQ(eq.Canonical("serhiy"), "sergei");  // alphabetically first member
  EXPECT_EQ(eq.Canonical("zzz"), "zzz");
  auto id = eq.ClassOf("sergey");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(eq.Members(*id).front(), "sergei");
}

TEST(EquivalenceBuilder, AliasPairs) {
  struct Case {
    const char* a;
    const char* b;
    size_t linked;
    const char* x;  // then x ~ y must hold iff linked > 0
    const char* y;
  };
  const Case cases[] = {
      // One token differs by transliteration; the others anchor the pair.
      {"Sergei Viktorovich LAVROV", "Sergey Viktorovich LAVROV", 1, "sergei", "sergey"},
      {"LAVROV, Sergei Viktorovich", "Sergey Viktorovich Lavrov", 1, "sergei", "sergey"},
      {"Abdelkader Belmokhtar", "Abdelqader Belmokhtar", 1, "abdelkader", "abdelqader"},
      {"Mokhtar Belmokhtar", "Mukhtar Belmokhtar", 1, "mokhtar", "mukhtar"},
      // Different names, not spellings: nothing linked.
      {"Muhammad Ali", "Mahmoud Ali", 0, "muhammad", "mahmoud"},
      {"Ali Hasan", "Ala Hasan", 0, "ali", "ala"},
      {"Ivan Petrov", "Ivan Sidorov", 0, "petrov", "sidorov"},
      // No anchor: every token differs.
      {"Sergei Lavrov", "Sergey Lawrow", 0, "sergei", "sergey"},
      // Different token counts.
      {"Sergei Lavrov", "Sergey Viktorovich Lavrov", 0, "sergei", "sergey"},
      // A single token has no anchor.
      {"Sergei", "Sergey", 0, "sergei", "sergey"},
      // One bad pair spoils the whole alias pair.
      {"Sergei Ivanov Lavrov", "Sergey Petrov Lavrov", 0, "sergei", "sergey"},
  };
  for (const Case& c : cases) {
    EquivalenceBuilder b(EquivalenceOptions{.min_support = 1});
    EXPECT_EQ(b.AddAliasPair(c.a, c.b), c.linked) << c.a << " / " << c.b;
    NameEquivalents eq = std::move(b).Build();
    EXPECT_EQ(eq.Equivalent(c.x, c.y), c.linked > 0) << c.a << " / " << c.b;
  }
}

TEST(EquivalenceBuilder, ClassSizeIsCapped) {
  EquivalenceBuilder b;
  std::vector<std::string> big;
  for (int i = 0; i < 40; ++i)
    big.push_back("name" + std::string(1, static_cast<char>('a' + i % 26)) +
                  std::string(1, static_cast<char>('a' + i / 26)));
  b.AddGroup(big);
  NameEquivalents eq = std::move(b).Build();
  for (size_t c = 0; c < eq.class_count(); ++c) EXPECT_LE(eq.Members(c).size(), kMaxClassSize);
}

TEST(EquivalenceBuilder, NeedsSupportFromTwoEntities) {
  EquivalenceBuilder one;
  one.AddAliases({"Sergei Viktorovich Lavrov", "Sergey Viktorovich Lavrov", "Sergei V Lavrov"});
  one.AddAliasPair("Ivan Sergei Petrov", "Ivan Sergei Petrov");
  EXPECT_FALSE(std::move(one).Build().Equivalent("sergei", "sergey"));

  EquivalenceBuilder two;
  two.AddAliases({"Sergei Viktorovich Lavrov", "Sergey Viktorovich Lavrov"});
  two.AddAliases({"Sergei Kuzhugetovich Shoigu", "Sergey Kuzhugetovich Shoigu"});
  EXPECT_TRUE(std::move(two).Build().Equivalent("sergei", "sergey"));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Tag(const std::string& block, size_t at, size_t len) {
  return block.substr(at + len, block.find('<', at + len) - at - len);
}

// Every INDIVIDUAL of a UN list: main name and aliases.
std::vector<std::vector<std::string>> UnEntities(const std::string& xml) {
  std::vector<std::vector<std::string>> out;
  size_t p = 0;
  while ((p = xml.find("<INDIVIDUAL>", p)) != std::string::npos) {
    size_t e = xml.find("</INDIVIDUAL>", p);
    if (e == std::string::npos) break;
    std::string block = xml.substr(p, e - p);
    p = e;
    std::string main;
    for (const char* tag : {"<FIRST_NAME>", "<SECOND_NAME>", "<THIRD_NAME>", "<FOURTH_NAME>"}) {
      std::string open = tag;
      size_t s = block.find(open);
      if (s != std::string::npos) main += Tag(block, s, open.size()) + " ";
    }
    std::vector<std::string> names{main};
    for (size_t s = 0; (s = block.find("<ALIAS_NAME>", s)) != std::string::npos; s += 12)
      names.push_back(Tag(block, s, 12));
    out.push_back(std::move(names));
  }
  return out;
}

// Fields of one OFAC CSV line (double quotes, no embedded newlines needed here).
std::vector<std::string> CsvFields(const std::string& line) {
  std::vector<std::string> f(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      f.emplace_back();
    } else {
      f.back().push_back(c);
    }
  }
  return f;
}

// OFAC SDN individuals: sdn.csv primary name plus alt.csv aliases by ent_num.
std::vector<std::vector<std::string>> OfacEntities(const std::string& sdn, const std::string& alt) {
  std::map<std::string, std::vector<std::string>> by_id;
  std::istringstream s(sdn), a(alt);
  std::string line;
  while (std::getline(s, line)) {
    auto f = CsvFields(line);
    if (f.size() > 2 && f[2].find("individual") != std::string::npos) by_id[f[0]].push_back(f[1]);
  }
  while (std::getline(a, line)) {
    auto f = CsvFields(line);
    auto it = f.size() > 3 ? by_id.find(f[0]) : by_id.end();
    if (it != by_id.end()) it->second.push_back(f[3]);
  }
  std::vector<std::vector<std::string>> out;
  for (auto& [id, names] : by_id) out.push_back(std::move(names));
  return out;
}

// Feeds the aliases of every individual on the UN list and OFAC's SDN list, and checks
// the result stays conservative; prints what was linked for review.
TEST(EquivalenceBuilder, RealListAliases) {
  const std::string un_path = testing::TestDataPath("un/consolidated-2026-02-27.xml");
  const std::string sdn_path = testing::TestDataPath("ofac/current/sdn.csv");
  const std::string alt_path = testing::TestDataPath("ofac/current/alt.csv");
  const std::string un = ReadFile(un_path), sdn = ReadFile(sdn_path), alt = ReadFile(alt_path);
  ASSERT_FALSE(un.empty()) << "missing test data: " << un_path;
  ASSERT_FALSE(sdn.empty()) << "missing test data: " << sdn_path;
  ASSERT_FALSE(alt.empty()) << "missing test data: " << alt_path;
  auto entities = UnEntities(un);
  auto ofac = OfacEntities(sdn, alt);
  entities.insert(entities.end(), ofac.begin(), ofac.end());
  EquivalenceBuilder b;
  b.AddBuiltins();  // as the index does: curated groups first
  size_t candidates = 0;
  for (const auto& names : entities) candidates += b.AddAliases(names);
  NameEquivalents eq = std::move(b).Build();
  std::printf(
      "UN 2026-02-27 + OFAC SDN individuals: %zu entities, %zu candidate pairs, "
      "%zu classes, %zu tokens\n",
      entities.size(), candidates, eq.class_count(), eq.token_count());
  for (size_t c = 0; c < eq.class_count(); ++c) {
    std::string line;
    for (const auto& m : eq.Members(c)) line += m + " ";
    std::printf("  %s\n", line.c_str());
  }
  EXPECT_GT(entities.size(), 5000u);
  EXPECT_GT(eq.class_count(), 0u);
  for (size_t c = 0; c < eq.class_count(); ++c) EXPECT_LE(eq.Members(c).size(), kMaxClassSize);
  EXPECT_FALSE(eq.Equivalent("muhammad", "mahmoud"));
  EXPECT_FALSE(eq.Equivalent("ali", "ala"));
  EXPECT_FALSE(eq.Equivalent("amr", "omar"));
}

}  // namespace
}  // namespace embargo::text
