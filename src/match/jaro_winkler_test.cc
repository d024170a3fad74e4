#include "match/jaro_winkler.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "match/reference.h"

namespace embargo::match {
namespace {

struct JaroCase {
  std::string a;
  std::string b;
  double jaro;
  double jaro_winkler;  // prefix weight 0.1
};

// Published values (Winkler 1990; the usual textbook examples), to 4 decimals.
const std::vector<JaroCase>& KnownCases() {
  static const auto* cases = new std::vector<JaroCase>{
      {"MARTHA", "MARHTA", 0.9444, 0.9611},
      {"DWAYNE", "DUANE", 0.8222, 0.84},
      {"DIXON", "DICKSONX", 0.7667, 0.8133},
      {"JONES", "JOHNSON", 0.7905, 0.8324},
      {"CRATE", "TRACE", 0.7333, 0.7333},  // no common prefix
      {"ABC", "XYZ", 0.0, 0.0},
      {"", "", 1.0, 1.0},
      {"", "a", 0.0, 0.0},
      {"a", "a", 1.0, 1.0},
      {"a", "b", 0.0, 0.0},
      {"ab", "ba", 0.0, 0.0},  // window 0: no matches
      {"abcd", "abcd", 1.0, 1.0},
  };
  return *cases;
}

TEST(JaroWinklerTest, KnownValues) {
  for (const JaroCase& c : KnownCases()) {
    SCOPED_TRACE("'" + c.a + "' vs '" + c.b + "'");
    EXPECT_NEAR(reference::Jaro(c.a, c.b), c.jaro, 5e-5);
    EXPECT_NEAR(reference::JaroWinkler(c.a, c.b), c.jaro_winkler, 5e-5);
    EXPECT_NEAR(Jaro(c.a, c.b), c.jaro, 5e-5);
    EXPECT_NEAR(JaroWinkler(c.a, c.b), c.jaro_winkler, 5e-5);
    EXPECT_NEAR(JaroWinkler(c.b, c.a), c.jaro_winkler, 5e-5);
    const CachedJaroWinkler cached(c.a);
    EXPECT_NEAR(cached.Jaro(c.b), c.jaro, 5e-5);
    EXPECT_NEAR(cached.Similarity(c.b), c.jaro_winkler, 5e-5);
  }
}

TEST(JaroWinklerTest, PrefixWeightAndCutoff) {
  EXPECT_DOUBLE_EQ(JaroWinkler("MARTHA", "MARHTA", 0.0), Jaro("MARTHA", "MARHTA"));
  // Weights above 0.25 would push scores past 1; they are clamped.
  EXPECT_DOUBLE_EQ(JaroWinkler("MARTHA", "MARHTA", 0.9), JaroWinkler("MARTHA", "MARHTA", 0.25));
  EXPECT_LE(JaroWinkler("abcdx", "abcdy", 0.9), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("MARTHA", "MARHTA", -1.0), Jaro("MARTHA", "MARHTA"));
  EXPECT_NEAR(JaroWinkler("MARTHA", "MARHTA", 0.1, 0.96), 0.9611, 5e-5);
  EXPECT_EQ(JaroWinkler("MARTHA", "MARHTA", 0.1, 0.97), 0.0);
  EXPECT_EQ(Jaro("MARTHA", "MARHTA", 0.95), 0.0);
  EXPECT_EQ(JaroWinkler("a", "abcdefghij", 0.1, 0.9), 0.0);  // length bound
  EXPECT_EQ(JaroWinkler("", "", 0.1, 1.5), 0.0);
  EXPECT_EQ(CachedJaroWinkler("MARTHA").Similarity("MARHTA", 0.97), 0.0);
  EXPECT_EQ(CachedJaroWinkler("MARTHA", 0.9).prefix_weight(), 0.25);
}

std::string RandomString(std::mt19937_64& rng, size_t max_len, int first, int alphabet) {
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<int> byte(first, first + alphabet - 1);
  std::string s(len(rng), '\0');
  for (char& c : s) c = static_cast<char>(byte(rng));
  return s;
}

// Keeps a's prefix and shuffles nearby bytes so pairs land above 0.7 and get boosted.
std::string Perturb(std::mt19937_64& rng, std::string s, int first, int alphabet) {
  std::uniform_int_distribution<int> edits(0, 4);
  for (int e = edits(rng); e > 0 && s.size() >= 2; --e) {
    const size_t pos = rng() % (s.size() - 1);
    if (rng() % 2 == 0) {
      std::swap(s[pos], s[pos + 1]);
    } else {
      s[pos] = static_cast<char>(first + rng() % alphabet);
    }
  }
  if (rng() % 3 == 0) s += static_cast<char>(first + rng() % alphabet);
  return s;
}

double Expected(double score, double cutoff) { return score >= cutoff ? score : 0.0; }

TEST(JaroWinklerTest, MatchesReferenceOnRandomPairs) {
  std::mt19937_64 rng(20261128);
  struct Alphabet {
    int first;
    int size;
  };
  const Alphabet alphabets[] = {{'a', 2}, {'a', 4}, {'a', 26}, {0, 256}};
  int pairs = 0;
  for (const Alphabet& al : alphabets) {
    for (int iter = 0; iter < 1500; ++iter) {
      const size_t max_len = iter % 3 == 0 ? 200 : (iter % 3 == 1 ? 70 : 30);
      const std::string a = RandomString(rng, max_len, al.first, al.size);
      const std::string b = iter % 2 == 0 ? Perturb(rng, a, al.first, al.size)
                                          : RandomString(rng, max_len, al.first, al.size);
      const double weight = iter % 5 == 0 ? 0.25 : 0.1;
      const double jaro = reference::Jaro(a, b);
      const double jw = reference::JaroWinkler(a, b, weight);
      SCOPED_TRACE("a='" + a + "' b='" + b + "'");
      // Jaro's greedy matching is symmetric; the cached scorer relies on it.
      ASSERT_EQ(reference::Jaro(b, a), jaro);
      const CachedJaroWinkler cached(a, weight);
      for (double cutoff : {0.0, 0.5, 0.7, 0.85, 0.95, jw, jaro}) {
        ASSERT_NEAR(JaroWinkler(a, b, weight, cutoff), Expected(jw, cutoff), 1e-12) << cutoff;
        ASSERT_NEAR(JaroWinkler(b, a, weight, cutoff), Expected(jw, cutoff), 1e-12) << cutoff;
        ASSERT_NEAR(cached.Similarity(b, cutoff), Expected(jw, cutoff), 1e-12) << cutoff;
        ASSERT_NEAR(Jaro(a, b, cutoff), Expected(jaro, cutoff), 1e-12) << cutoff;
        ASSERT_NEAR(cached.Jaro(b, cutoff), Expected(jaro, cutoff), 1e-12) << cutoff;
      }
      // In fact the expressions are the same, so the values are identical.
      ASSERT_EQ(JaroWinkler(a, b, weight), jw);
      ASSERT_EQ(cached.Similarity(b), jw);
      ++pairs;
    }
  }
  EXPECT_EQ(pairs, 6000);
}

TEST(JaroWinklerTest, MatchesReferenceAtWordBoundaries) {
  std::mt19937_64 rng(11);
  for (size_t len : {63, 64, 65, 127, 128, 129, 200}) {
    for (int iter = 0; iter < 40; ++iter) {
      std::string a;
      while (a.size() < len) a += static_cast<char>('a' + rng() % 5);
      const std::string b = Perturb(rng, a, 'a', 5);
      SCOPED_TRACE("len " + std::to_string(len) + " a='" + a + "' b='" + b + "'");
      ASSERT_EQ(JaroWinkler(a, b), reference::JaroWinkler(a, b));
      ASSERT_EQ(JaroWinkler(b, a), reference::JaroWinkler(b, a));
      ASSERT_EQ(CachedJaroWinkler(a).Similarity(b), reference::JaroWinkler(a, b));
      ASSERT_EQ(CachedJaroWinkler(b).Similarity(a), reference::JaroWinkler(a, b));
    }
  }
}

}  // namespace
}  // namespace embargo::match
