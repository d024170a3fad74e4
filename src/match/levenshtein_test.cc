#include "match/levenshtein.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "match/reference.h"

namespace embargo::match {
namespace {

struct DistanceCase {
  std::string a;
  std::string b;
  size_t levenshtein;
  size_t osa;
};

const std::vector<DistanceCase>& KnownCases() {
  static const auto* cases = new std::vector<DistanceCase>{
      {"", "", 0, 0},
      {"", "abc", 3, 3},
      {"abc", "", 3, 3},
      {"kitten", "sitting", 3, 3},
      {"sitting", "kitten", 3, 3},
      {"flaw", "lawn", 2, 2},
      {"saturday", "sunday", 3, 3},
      {"ab", "ba", 2, 1},
      {"ca", "abc", 3, 3},  // OSA may not edit a transposed pair again
      {"abcdef", "abdcef", 2, 1},
      {"muhammad", "muhammed", 1, 1},
      {"mohammed", "muhammad", 2, 2},
      {"gaddafi", "qadhafi", 2, 2},
      {"hussein", "husein", 1, 1},
      {"vladimir putin", "vladimir puitn", 2, 1},
      {"al qaida", "al qaeda", 1, 1},
      {"qaida", "qeada", 2, 2},
      {std::string("a\0b", 3), std::string("a\0c", 3), 1, 1},
      {"\xff\xfe", "\xfe\xff", 2, 1},
      {std::string(64, 'a'), std::string(64, 'b'), 64, 64},
      {std::string(65, 'a'), std::string(65, 'a'), 0, 0},
      {std::string(130, 'x') + "ab", std::string(130, 'x') + "ba", 2, 1},
      {"ab" + std::string(130, 'x'), "ba" + std::string(129, 'x') + "y", 3, 2},
  };
  return *cases;
}

TEST(LevenshteinTest, KnownValues) {
  for (const DistanceCase& c : KnownCases()) {
    SCOPED_TRACE("'" + c.a + "' vs '" + c.b + "'");
    EXPECT_EQ(reference::Levenshtein(c.a, c.b), c.levenshtein);
    EXPECT_EQ(reference::OsaDistance(c.a, c.b), c.osa);
    EXPECT_EQ(Levenshtein(c.a, c.b), c.levenshtein);
    EXPECT_EQ(OsaDistance(c.a, c.b), c.osa);
    CachedLevenshtein cached(c.a);
    EXPECT_EQ(cached.Distance(c.b), c.levenshtein);
    EXPECT_EQ(cached.OsaDistance(c.b), c.osa);
  }
}

TEST(LevenshteinTest, CutoffReturnsCutoffPlusOne) {
  EXPECT_EQ(Levenshtein("kitten", "sitting", 3), 3u);
  EXPECT_EQ(Levenshtein("kitten", "sitting", 2), 3u);
  EXPECT_EQ(Levenshtein("kitten", "sitting", 0), 1u);
  EXPECT_EQ(Levenshtein("abc", "abcdefgh", 4), 5u);  // length bound alone
  EXPECT_EQ(Levenshtein("abc", "abc", 0), 0u);
  EXPECT_EQ(OsaDistance("ab", "ba", 0), 1u);
  EXPECT_EQ(OsaDistance("ab", "ba", 1), 1u);
  EXPECT_EQ(Levenshtein("a", "b", SIZE_MAX), 1u);
  EXPECT_EQ(CachedLevenshtein("kitten").Distance("sitting", 1), 2u);
}

TEST(LevenshteinTest, Similarity) {
  EXPECT_DOUBLE_EQ(LevenshteinSimilarity("", ""), 1.0);
  EXPECT_DOUBLE_EQ(LevenshteinSimilarity("abc", ""), 0.0);
  EXPECT_DOUBLE_EQ(LevenshteinSimilarity("kitten", "sitting"), 1.0 - 3.0 / 7.0);
  EXPECT_DOUBLE_EQ(LevenshteinSimilarity("kitten", "sitting", 0.57), 1.0 - 3.0 / 7.0);
  EXPECT_EQ(LevenshteinSimilarity("kitten", "sitting", 0.58), 0.0);
  EXPECT_DOUBLE_EQ(OsaSimilarity("ab", "ba"), 0.5);
  EXPECT_EQ(OsaSimilarity("ab", "ba", 0.51), 0.0);
  EXPECT_EQ(LevenshteinSimilarity("abc", "abc", 1.5), 0.0);
  EXPECT_DOUBLE_EQ(LevenshteinSimilarity("abc", "abc", 1.0), 1.0);
  EXPECT_DOUBLE_EQ(CachedLevenshtein("kitten").Similarity("sitting"), 1.0 - 3.0 / 7.0);
}

// Random strings over `alphabet` bytes starting at `first` (alphabet 256: every byte).
std::string RandomString(std::mt19937_64& rng, size_t max_len, int first, int alphabet) {
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<int> byte(first, first + alphabet - 1);
  std::string s(len(rng), '\0');
  for (char& c : s) c = static_cast<char>(byte(rng));
  return s;
}

// Mutates `s` with a few random edits, so that pairs are close and cutoffs bite.
std::string Mutate(std::mt19937_64& rng, std::string s, int first, int alphabet) {
  std::uniform_int_distribution<int> edits(0, 6), op(0, 3);
  std::uniform_int_distribution<int> byte(first, first + alphabet - 1);
  for (int e = edits(rng); e > 0; --e) {
    const size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (op(rng)) {
      case 0:
        s.insert(s.begin() + pos, static_cast<char>(byte(rng)));
        break;
      case 1:
        if (pos < s.size()) s.erase(pos, 1);
        break;
      case 2:
        if (pos < s.size()) s[pos] = static_cast<char>(byte(rng));
        break;
      default:
        if (pos + 1 < s.size()) std::swap(s[pos], s[pos + 1]);
        break;
    }
  }
  return s;
}

size_t Expected(size_t d, size_t cutoff) { return d <= cutoff ? d : cutoff + 1; }

double ExpectedSim(size_t d, size_t len_a, size_t len_b, double cutoff) {
  const size_t max_len = std::max(len_a, len_b);
  const double sim = max_len == 0 ? 1.0 : 1.0 - static_cast<double>(d) / max_len;
  return sim >= cutoff ? sim : 0.0;
}

TEST(LevenshteinTest, MatchesReferenceOnRandomPairs) {
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
      const std::string b = iter % 2 == 0 ? Mutate(rng, a, al.first, al.size)
                                          : RandomString(rng, max_len, al.first, al.size);
      const size_t lev = reference::Levenshtein(a, b);
      const size_t osa = reference::OsaDistance(a, b);
      const size_t cutoffs[] = {SIZE_MAX, 0, 1, lev, lev == 0 ? 0 : lev - 1, rng() % 20};
      const double sim_cutoffs[] = {0.0, 0.5, 0.8, ExpectedSim(lev, a.size(), b.size(), 0.0)};
      const CachedLevenshtein cached(a);
      SCOPED_TRACE("a='" + a + "' b='" + b + "'");
      for (size_t cutoff : cutoffs) {
        ASSERT_EQ(Levenshtein(a, b, cutoff), Expected(lev, cutoff)) << "cutoff " << cutoff;
        ASSERT_EQ(Levenshtein(b, a, cutoff), Expected(lev, cutoff)) << "cutoff " << cutoff;
        ASSERT_EQ(cached.Distance(b, cutoff), Expected(lev, cutoff)) << "cutoff " << cutoff;
        ASSERT_EQ(OsaDistance(a, b, cutoff), Expected(osa, cutoff)) << "cutoff " << cutoff;
        ASSERT_EQ(cached.OsaDistance(b, cutoff), Expected(osa, cutoff)) << "cutoff " << cutoff;
      }
      for (double cutoff : sim_cutoffs) {
        ASSERT_EQ(LevenshteinSimilarity(a, b, cutoff),
                  ExpectedSim(lev, a.size(), b.size(), cutoff));
        ASSERT_EQ(cached.Similarity(b, cutoff), ExpectedSim(lev, a.size(), b.size(), cutoff));
        ASSERT_EQ(OsaSimilarity(a, b, cutoff), ExpectedSim(osa, a.size(), b.size(), cutoff));
        ASSERT_EQ(cached.OsaSimilarity(b, cutoff), ExpectedSim(osa, a.size(), b.size(), cutoff));
      }
      ++pairs;
    }
  }
  EXPECT_EQ(pairs, 6000);
}

// Word boundaries of the blocked version: pattern lengths around multiples of 64.
TEST(LevenshteinTest, MatchesReferenceAtWordBoundaries) {
  std::mt19937_64 rng(7);
  for (size_t len : {63, 64, 65, 127, 128, 129, 191, 192, 193}) {
    for (int iter = 0; iter < 40; ++iter) {
      std::string a = RandomString(rng, 0, 'a', 3);
      while (a.size() < len) a += static_cast<char>('a' + rng() % 3);
      const std::string b = Mutate(rng, a, 'a', 3);
      SCOPED_TRACE("len " + std::to_string(len) + " a='" + a + "' b='" + b + "'");
      ASSERT_EQ(Levenshtein(a, b), reference::Levenshtein(a, b));
      ASSERT_EQ(OsaDistance(a, b), reference::OsaDistance(a, b));
      ASSERT_EQ(CachedLevenshtein(a).Distance(b), reference::Levenshtein(a, b));
      ASSERT_EQ(CachedLevenshtein(b).OsaDistance(a), reference::OsaDistance(a, b));
    }
  }
}

}  // namespace
}  // namespace embargo::match
