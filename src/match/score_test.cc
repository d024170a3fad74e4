// Token similarity and name alignment on hand-made tokens: the rules that decide
// whether a spelling counts, and how parts left out on the list side weigh.
#include "match/score.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>

#include "text/phonetic.h"

namespace embargo::match {
namespace {

// A name token with its phonetic key and letter mask, as the index prepares it.
NameToken T(std::string_view text, float weight = 5.0f) {
  static std::deque<std::string> storage;  // views must outlive the test
  storage.emplace_back(text);
  NameToken t;
  t.text = storage.back();
  t.weight = weight;
  t.letters = LetterMask(t.text);
  storage.push_back(text::PhoneticKey(t.text));
  t.phonetic = storage.back();
  return t;
}

PreparedName N(std::vector<NameToken> tokens) {
  PreparedName p;
  p.tokens = std::move(tokens);
  return p;
}

TEST(TokenSimilarityTest, EditsAloneNeedSevenTenths) {
  // Two edits in five letters (0.63) is another name, not a typo.
  EXPECT_EQ(TokenSimilarity(T("amara"), T("mark")), 0.0);
  EXPECT_EQ(TokenSimilarity(T("wang"), T("chang")), 0.0);
  EXPECT_EQ(TokenSimilarity(T("jones"), T("james")), 0.0);
  // One typo in a longer name still counts.
  std::string how;
  EXPECT_NEAR(TokenSimilarity(T("vladimir"), T("vladimri"), &how), 0.9125, 1e-9);
  EXPECT_EQ(how, "typo");
  EXPECT_GT(TokenSimilarity(T("nelson"), T("wilson")), 0.7);  // exactly two of six: kept
}

// A token romanised from Arabic or Hebrew script lacks the short vowels: against a
// spelling with the same consonants and its long vowels in place it is that spelling
// (0.9), not a typo of it; otherwise it scores as any spelling does.
TEST(TokenSimilarityTest, AbjadTokensMeetTheirVowelledSpellings) {
  struct Case {
    const char* abjad;
    const char* latin;
    bool same;
  };
  const Case cases[] = {
      {"mrad", "murad", true},      // a short vowel unwritten
      {"hsin", "hussein", true},    // and a doubled letter
      {"nurzi", "noorzai", true},   // long vowels spelt otherwise
      {"thrut", "tharwat", true},   // waw read as a vowel
      {"shhath", "shihata", true},  // final heh unwritten in Latin
      {"mshh", "moshe", true},      // Hebrew: final he
      {"dwd", "david", true},       // Hebrew: vav as v
      {"mrad", "mirza", false},     // other consonants
      {"ali", "ola", false},        // one consonant says too little
      {"aymn", "amin", false},      // the romaniser's y is a consonant: Ayman is not Amin
      {"hsin", "hassan", false},    // Husayn's long i is not Hassan's a
      {"jmal", "jamil", false},     // Jamal is not Jamil
      {"hamd", "ahmad", false},     // Hamid does not start with a vowel, Ahmad does
      {"ahsan", "hasan", false},    // Ihsan does
  };
  for (const Case& c : cases) {
    NameToken a = T(c.abjad), b = T(c.latin);
    a.abjad = true;
    std::string how;
    // The same letters typed in Latin are a misspelling, scored by their edits.
    const double typed = TokenSimilarity(T(c.abjad), b);
    EXPECT_LT(typed, 0.9) << c.abjad << " " << c.latin;
    if (c.same) {
      EXPECT_EQ(TokenSimilarity(a, b, &how), 0.9) << c.abjad << " " << c.latin;
      EXPECT_EQ(how, "phonetic") << c.abjad;
    } else {
      EXPECT_EQ(TokenSimilarity(a, b), typed) << c.abjad << " " << c.latin;
    }
  }
  // Given names the lists know apart stay apart.
  NameToken mhmd = T("mhmd"), mahmud = T("mahmud");
  mhmd.abjad = true;
  EXPECT_EQ(TokenSimilarity(mhmd, mahmud), 0.9);
  mhmd.equivalence = 1;
  mahmud.equivalence = 2;
  EXPECT_LT(TokenSimilarity(mhmd, mahmud), 0.9);
}

TEST(TokenSimilarityTest, PhoneticLiftIsWeakForShortOrDistantSpellings) {
  struct Case {
    const char* a;
    const char* b;
    double want;
  };
  const Case cases[] = {
      {"lisa", "luis", 0.7},      // short: the consonants agree by chance
      {"mary", "mayra", 0.7},     // short
      {"torres", "teresa", 0.7},  // under 0.6 from the letters
      {"hsn", "hassan", 0.8},     // a consonant skeleton (abjad script): all it has
      {"yusuf", "yousef", 0.8},   // long enough and close enough
  };
  for (const Case& c : cases) {
    NameToken a = T(c.a), b = T(c.b);
    ASSERT_EQ(a.phonetic, b.phonetic) << c.a << " " << c.b;
    std::string how;
    EXPECT_NEAR(TokenSimilarity(a, b, &how), c.want, 1e-9) << c.a << " " << c.b;
    EXPECT_EQ(how, "phonetic") << c.a << " " << c.b;
  }
}

TEST(CompareNamesTest, ListPartsHeavierThanTheMatchedOnesCostMore) {
  // Two common parts matched, two rarer list parts missing: below the alert line
  // (0.9 * 0.778 = 0.70); with the flat 0.15 it scored 12 / (12 + 0.15 * 18) = 0.816.
  double common =
      CompareNames(N({T("carlos", 5.7f), T("perez", 6.3f)}),
                   N({T("carlos", 5.7f), T("alfredo", 9.0f), T("perez", 6.3f), T("ampueda", 9.0f)}))
          .score;
  EXPECT_NEAR(common, 12.0 / (12.0 + 0.5 * 18.0), 1e-9);  // 0.25 * 1.5^2, at most 0.5
  EXPECT_LT(common, 0.7 / 0.9);
  // A missing patronymic lighter than what matched keeps the flat 0.15.
  double patronymic =
      CompareNames(N({T("vladimir", 7.0f), T("putin", 9.0f)}),
                   N({T("vladimir", 7.0f), T("vladimirovich", 8.0f), T("putin", 9.0f)}))
          .score;
  EXPECT_NEAR(patronymic, 16.0 / (16.0 + 0.15 * 8.0), 1e-9);
}

TEST(CompareNamesTest, TwoMissingListPartsCostMoreThanOne) {
  // "Carlos Ramirez" ~ "RAMIREZ DUQUE, Carlos Manuel": a second surname and a second
  // given name left out, lighter together than what matched: 0.25 of their weight.
  const double two =
      CompareNames(N({T("carlos", 5.7f), T("ramirez", 6.5f)}),
                   N({T("ramirez", 6.5f), T("duque", 6.0f), T("carlos", 5.7f), T("manuel", 5.0f)}))
          .score;
  EXPECT_NEAR(two, 12.2 / (12.2 + 0.25 * 11.0), 1e-6);
  // One part of the same weight left out keeps 0.15.
  const double one = CompareNames(N({T("carlos", 5.7f), T("ramirez", 6.5f)}),
                                  N({T("ramirez", 6.5f), T("duque", 11.0f), T("carlos", 5.7f)}))
                         .score;
  EXPECT_NEAR(one, 12.2 / (12.2 + 0.15 * 11.0), 1e-6);
  EXPECT_LT(two, one);
}

TEST(CompareNamesTest, OneExtraQueryPartCostsLessWhenTheRestMatched) {
  // "Vladimir Vladimirovich Putin" ~ "Vladimir Putin": the patronymic the list leaves
  // out costs 0.7 of its weight.
  const double extra =
      CompareNames(N({T("vladimir", 7.0f), T("vladimirovich", 8.0f), T("putin", 9.0f)}),
                   N({T("vladimir", 7.0f), T("putin", 9.0f)}))
          .score;
  EXPECT_NEAR(extra, 16.0 / (16.0 + 0.7 * 8.0), 1e-9);
  // Not when only one part matched, nor when the list name lacks a part too.
  const double one =
      CompareNames(N({T("vladimir", 7.0f), T("putin", 9.0f)}), N({T("putin", 9.0f)})).score;
  EXPECT_NEAR(one, 9.0 / (9.0 + 7.0), 1e-9);
  const double both =
      CompareNames(N({T("vladimir", 7.0f), T("vladimirovich", 8.0f), T("putin", 9.0f)}),
                   N({T("vladimir", 7.0f), T("putin", 9.0f), T("spiridonovich", 8.0f)}))
          .score;
  EXPECT_NEAR(both, 16.0 / (16.0 + 8.0 + 0.15 * 8.0), 1e-9);
}

// The country detail of ScoreEvidence, or "" when it gave no country feature.
std::string CountryDetail(const std::vector<std::string>& query, const model::Entity& e) {
  NameComparison name;
  name.score = 0.9;
  QueryFacts facts;
  facts.countries = query;
  for (const Feature& f : ScoreEvidence(name, facts, e).features)
    if (f.name == "country") return f.detail;
  return "";
}

TEST(ScoreEvidenceTest, CountriesFromEverySourceAgreeOrConflictSortedOnce) {
  model::Entity e;
  e.nationalities = {"ru", "ir"};
  e.citizenships = {"ru"};
  e.countries = {"sy"};
  e.addresses.resize(2);
  e.addresses[0].country = "by";  // the second address has no country
  EXPECT_EQ(CountryDetail({"cu"}, e), "conflict: cu vs listed by,ir,ru,sy");
  EXPECT_EQ(CountryDetail({"de", "by"}, e), "agree: by");
  EXPECT_EQ(CountryDetail({"sy", "ir"}, e), "agree: ir");  // the last query country listed
  EXPECT_EQ(CountryDetail({""}, e), "conflict:  vs listed by,ir,ru,sy");

  model::Entity vessel;
  vessel.flag = "pa";
  EXPECT_EQ(CountryDetail({"pa"}, vessel), "agree: pa");
  EXPECT_EQ(CountryDetail({"lr", "mh"}, vessel), "conflict: lr,mh vs listed pa");

  model::Entity none;
  none.addresses.resize(1);  // an address without a country lists none
  EXPECT_EQ(CountryDetail({"ru"}, none), "");
}

}  // namespace
}  // namespace embargo::match
