// Screening over the real OFAC list: known designations found, scores graded as the
// matching issue asks, schema respected, explanations present.
#include "screen/screen.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "common/testing/testdata.h"
#include "ingest/loader.h"
#include "screen/pairs.h"
#include "screen/verify.h"

namespace embargo::screen {
namespace {

const index::Index& Ofac() {
  static const index::Index* idx = [] {
    auto lists = ingest::LoadDataDir(embargo::testing::TestDataPath("ofac/current"));
    EXPECT_TRUE(lists.has_value()) << (lists ? "" : lists.error().ToString());
    return index::Index::Build(lists ? std::move(lists->entities) : std::vector<model::Entity>{})
        .release();
  }();
  return *idx;
}

Query Q(std::string name, model::Schema schema = model::Schema::kPerson) {
  Query q;
  q.names = {std::move(name)};
  q.facts.schema = schema;
  return q;
}

double ScoreOf(const Response& r, std::string_view id) {
  for (const auto& h : r.hits)
    if (Ofac().entities()[h.entity].id == id) return h.score.score;
  return 0;
}

TEST(ScreenTest, FindsLavrovAndPutinOnTop) {
  for (auto [name, id] : {std::pair{"Sergei Lavrov", "ofac-35233"},
                          {"Vladimir Putin", "ofac-35096"},
                          {"Путин Владимир", "ofac-35096"}}) {
    Response r = Screen(Ofac(), Q(name));
    ASSERT_FALSE(r.hits.empty()) << name;
    EXPECT_EQ(Ofac().entities()[r.hits[0].entity].id, id) << name;
    EXPECT_TRUE(r.hits[0].match) << name;
    EXPECT_FALSE(r.hits[0].score.name.parts.empty()) << "explanation missing for " << name;
  }
}

// In "FAMILY, Given" a one-word family name is a surname even when it is also a title
// word ("SHEIKH, ...", "HAJI, ...", "KING, ..."): dropping it left a query in natural
// order with a heavy part the list name seemed to lack.
TEST(ScreenTest, AOneWordFamilyNameThatIsATitleIsKept) {
  std::vector<model::Entity> ents(2);
  ents[0].id = "x-1";
  ents[0].names.emplace_back().full = "KING, Tobias Wrenfield";
  ents[1].id = "x-2";
  ents[1].names.emplace_back().full = "Dr. Tobias Wrenfield";
  for (auto& e : ents) e.schema = model::Schema::kPerson;
  auto idx = index::Index::Build(std::move(ents));
  Response r = Screen(*idx, Q("Tobias Wrenfield King"));
  ASSERT_FALSE(r.hits.empty());
  const Hit& top = r.hits[0];
  EXPECT_EQ(idx->entities()[top.entity].id, "x-1");
  EXPECT_TRUE(top.score.name.query_extra.empty()) << top.score.name_score;
  EXPECT_GT(top.score.name_score, 0.95);
  // A title leading a name in natural order is still a title.
  Response dr = Screen(*idx, Q("Tobias Wrenfield"));
  ASSERT_FALSE(dr.hits.empty());
  EXPECT_EQ(idx->entities()[dr.hits[0].entity].id, "x-2");
  EXPECT_TRUE(dr.hits[0].score.name.candidate_extra.empty());
}

// An initial and a common family name ("U. ALI"): every entity of that family name
// used to tie in candidate generation, the initial adding nothing, so the one whose
// given name starts with the initial could fall outside the candidates. The letter of
// an initial that another query part starts with too ("A. AHMED") counts only for a
// name with a second part starting with it.
TEST(ScreenTest, AnInitialRanksItsEntityAmongManySharingTheFamilyName) {
  for (auto [family, given, query] :
       {std::tuple{"ALI", "Usama", "U. ALI"}, {"AHMED", "Ameen", "A. AHMED"}}) {
    std::vector<model::Entity> ents;
    for (int i = 0; i < 150; ++i) {  // given names starting b..s, all different
      std::string word{static_cast<char>('b' + i % 18), 'a', 'r'};
      word += static_cast<char>('a' + i / 18);
      word += "om";
      auto& e = ents.emplace_back();
      e.id = "x-" + std::to_string(i);
      e.names.emplace_back().full = std::string(family) + ", " + word;
    }
    auto& target = ents.emplace_back();
    target.id = "x-target";
    target.names.emplace_back().full = std::string(family) + ", " + given;
    for (auto& e : ents) e.schema = model::Schema::kPerson;
    auto idx = index::Index::Build(std::move(ents));
    Response r = Screen(*idx, Q(query));
    ASSERT_FALSE(r.hits.empty()) << query;
    EXPECT_EQ(idx->entities()[r.hits[0].entity].id, "x-target") << query;
  }
}

// Lebanon's "S.A.L." is written "SAL" too: read as a "S.A.R.L." with a letter dropped
// on the list and as a name in the query, the query seemed to have a heavy part the
// list name lacked.
TEST(ScreenTest, LebaneseSalMatchesDotted) {
  std::vector<model::Entity> ents(2);
  ents[0].id = "x-1";
  ents[0].names.emplace_back().full = "CAPITAL S.A.L.";
  ents[1].id = "x-2";
  ents[1].names.emplace_back().full = "BEIRUT GEM SAL";
  for (auto& e : ents) e.schema = model::Schema::kOrganization;
  auto idx = index::Index::Build(std::move(ents));
  for (auto [name, id] : {std::pair{"capital sal", "x-1"}, {"Beirut Gem S.A.L.", "x-2"}}) {
    Response r = Screen(*idx, Q(name, model::Schema::kOrganization));
    ASSERT_FALSE(r.hits.empty()) << name;
    EXPECT_EQ(idx->entities()[r.hits[0].entity].id, id) << name;
    EXPECT_TRUE(r.hits[0].match) << name << " " << r.hits[0].score.score;
  }
}

// A list name that opens with a title word (a vessel "CAPTAIN ...", a firm "KING-PAI
// ...") is also indexed with it as a name part: a query that reorders or misspells
// the word reads it as a name, which the list name then seemed to lack.
TEST(ScreenTest, LeadingTitleWordsOfAListNameAreAlsoNameParts) {
  std::vector<model::Entity> ents(1);
  ents[0].id = "x-1";
  ents[0].schema = model::Schema::kVessel;
  ents[0].names.emplace_back().full = "CAPTAIN ZORVALENKO";
  auto idx = index::Index::Build(std::move(ents));
  for (const char* name : {"CAPTAIN ZORVALENKO", "ZORVALENKO CAPTAIN", "CATPAIN ZORVALENKO"}) {
    Response r = Screen(*idx, Q(name, model::Schema::kVessel));
    ASSERT_FALSE(r.hits.empty()) << name;
    EXPECT_TRUE(r.hits[0].match) << name << " " << r.hits[0].score.score;
    EXPECT_TRUE(r.hits[0].score.name.query_extra.empty()) << name;
  }
}

// A query part that one list writes as one word and another as two ("HOERYONG
// SHIPPING CO LTD", the vessel "HOE RYONG") finds both: a part the lists know is also
// tried split.
TEST(ScreenTest, AKnownPartIsAlsoTriedSplit) {
  std::vector<model::Entity> ents(2);
  ents[0].id = "x-1";
  ents[0].names.emplace_back().full = "HOE RYONG";
  ents[1].id = "x-2";
  ents[1].names.emplace_back().full = "HOERYONG SHIPPING CO LTD";
  for (auto& e : ents) e.schema = model::Schema::kOrganization;
  auto idx = index::Index::Build(std::move(ents));
  Response r = Screen(*idx, Q("HOERYONG", model::Schema::kOrganization));
  bool found = false;
  for (const Hit& h : r.hits) found |= idx->entities()[h.entity].id == "x-1" && h.match;
  EXPECT_TRUE(found);
}

// A name typed in Arabic script finds its Latin listing: the romanisation lacks the short
// vowels ("hkim mrad"), which the lists spell out; the same letters typed in Latin are
// misspellings and score lower.
TEST(ScreenTest, AnArabicScriptQueryMeetsTheVowelledListName) {
  std::vector<model::Entity> ents(1);
  ents[0].id = "x-1";
  ents[0].schema = model::Schema::kPerson;
  ents[0].names.emplace_back().full = "HAKIM MURAD";
  auto idx = index::Index::Build(std::move(ents));
  Response arabic = Screen(*idx, Q("حكيم مراد"));
  ASSERT_FALSE(arabic.hits.empty());
  EXPECT_TRUE(arabic.hits[0].match) << arabic.hits[0].score.score;
  for (const auto& p : arabic.hits[0].score.name.parts) EXPECT_EQ(p.similarity, 0.9) << p.query;
  Response latin = Screen(*idx, Q("hkim mrad"));
  ASSERT_FALSE(latin.hits.empty());
  EXPECT_LT(latin.hits[0].score.score, arabic.hits[0].score.score);
}

TEST(ScreenTest, ScoresAreGraded) {
  Query with_dob = Q("Vladimir Putin");
  with_dob.facts.birth_dates = {*model::PartialDate::FromIso("1952-10-07")};
  double dob = ScoreOf(Screen(Ofac(), with_dob), "ofac-35096");
  double name_only = ScoreOf(Screen(Ofac(), Q("Vladimir Putin")), "ofac-35096");
  double typo = ScoreOf(Screen(Ofac(), Q("Vladimir Putn")), "ofac-35096");
  Query conflict = Q("Vladimir Putin");
  conflict.facts.birth_dates = {*model::PartialDate::FromIso("1980-01-01")};
  double wrong_dob = ScoreOf(Screen(Ofac(), conflict), "ofac-35096");
  double other_person = ScoreOf(Screen(Ofac(), Q("Vladimir Smirnov")), "ofac-35096");
  EXPECT_GT(dob, name_only);
  EXPECT_GT(name_only, typo);
  EXPECT_GT(typo, other_person);
  EXPECT_LT(wrong_dob, name_only);
  EXPECT_LT(dob, 1.0) << "scores must not saturate";
  EXPECT_LT(other_person, 0.7) << "people sharing only a given name must score low";
}

// The score-only, memoised alignment Screen uses must equal the explained one exactly,
// with one scratch reused across queries (a stale memo entry would show here), both
// with the dense table of Start() (as Screen uses it) and with the hash memo alone.
TEST(ScreenTest, ScreenEachEqualsSeparateScreenings) {
  // One name, several sets of facts (a payment party met in several fields): the names
  // are scored once, yet each response must be the one a screening of its own gives,
  // explanations included, under a threshold that cuts and a limit that bites.
  const auto& idx = Ofac();
  auto facts = [](std::vector<std::string> countries, std::vector<std::string> dobs,
                  std::vector<std::string> ids) {
    match::QueryFacts f;
    f.schema = model::Schema::kLegalEntity;
    f.countries = std::move(countries);
    for (const auto& d : dobs) f.birth_dates.push_back(*model::PartialDate::FromIso(d));
    f.identifiers = std::move(ids);
    return f;
  };
  std::vector<match::QueryFacts> sets = {
      facts({}, {}, {}), facts({"ru"}, {"1950-03-21"}, {}), facts({"fr"}, {}, {}),
      facts({}, {"1961-01-01"}, {"4509123456"}), facts({"ru"}, {}, {})};
  size_t hits = 0;
  for (const char* name : {"LAVROV SERGEI", "ROSNEFT OIL COMPANY", "Ivan Ivanov"}) {
    for (double min_score : {0.0, 0.8}) {
      Options o;
      o.min_score = min_score;
      o.threshold = 0.8;
      o.limit = 3;
      o.candidates = 16;
      auto each = ScreenEach(idx, {name}, sets, o);
      ASSERT_EQ(each.size(), sets.size());
      for (size_t k = 0; k < sets.size(); ++k) {
        Query q;
        q.names = {name};
        q.facts = sets[k];
        auto alone = Screen(idx, q, o);
        SCOPED_TRACE(std::string(name) + " facts " + std::to_string(k));
        EXPECT_EQ(each[k].total, alone.total);
        ASSERT_EQ(each[k].hits.size(), alone.hits.size());
        for (size_t h = 0; h < alone.hits.size(); ++h) {
          EXPECT_EQ(each[k].hits[h].score.score, alone.hits[h].score.score);
          EXPECT_EQ(HitToJson(idx, each[k].hits[h]), HitToJson(idx, alone.hits[h]));
          EXPECT_EQ(ExplainText(idx, each[k].hits[h]), ExplainText(idx, alone.hits[h]));
          ++hits;
        }
      }
    }
  }
  EXPECT_GE(hits, 20u);  // the case is about hits, not about empty responses
}

TEST(ScreenTest, MemoisedScoresEqualExplainedScores) {
  const auto& idx = Ofac();
  match::CompareScratch scratch;
  const char* kinds[] = {"typo1", "order", "typo2", "join_split", "initials", "drop_middle"};
  size_t compared = 0;
  for (uint32_t e = 0; e < idx.entities().size(); e += 97) {
    const auto& ent = idx.entities()[e];
    if (ent.names.empty()) continue;
    std::string name = Vary(ent.names[0].full, kinds[e % 6], e);
    if (name.empty()) name = ent.names[0].full;
    auto query = idx.PrepareQuery(name);
    if ((e / 97) % 2 == 0) {
      scratch.Start(query);
    } else {
      scratch.Clear();
    }
    auto cands = idx.Candidates(query, model::Schema::kLegalEntity, 32, &scratch);
    for (const auto& c : cands) {
      for (const auto& list_name : idx.EntityNames(c.entity)) {
        for (const auto& qn : query) {
          double fast = match::CompareNamesScore(qn, list_name, scratch);
          double slow = match::CompareNames(qn, list_name).score;
          ASSERT_EQ(fast, slow) << name << " vs " << list_name.display;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 1000u);
}

// The letter masks only let the scorer skip pairs whose edit distance could not pass:
// with them unset (0, the bound off) every score is the same.
TEST(ScreenTest, LetterMasksNeverChangeAScore) {
  const auto& idx = Ofac();
  auto unmasked = [](match::PreparedName p) {
    for (auto& t : p.tokens) t.letters = 0;
    return p;
  };
  const char* kinds[] = {"typo1", "typo2", "join_split", "translit", "initials", "order"};
  size_t compared = 0;
  for (uint32_t e = 0; e < idx.entities().size(); e += 89) {
    const auto& ent = idx.entities()[e];
    if (ent.names.empty()) continue;
    std::string name = Vary(ent.names[0].full, kinds[e % 6], e);
    if (name.empty()) name = ent.names[0].full;
    auto query = idx.PrepareQuery(name);
    for (const auto& c : idx.Candidates(query, model::Schema::kLegalEntity, 16)) {
      for (const auto& list_name : idx.EntityNames(c.entity)) {
        for (const auto& qn : query) {
          double masked = match::CompareNames(qn, list_name).score;
          double plain = match::CompareNames(unmasked(qn), unmasked(list_name)).score;
          ASSERT_EQ(masked, plain) << name << " vs " << list_name.display;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 1000u);
}

// The candidate cut selects before it sorts: any limit must give the same order as the
// full ranking, cut (prescores down, ties by shorter names, then entity number).
TEST(ScreenTest, CandidateCutIsAPrefixOfTheFullRanking) {
  const auto& idx = Ofac();
  size_t compared = 0;
  for (const char* name : {"Muhammad Ali", "Mohammed", "Bank", "Trading Company LLC",
                           "Sergei Lavrov", "Ahmad Hasan", "Oil Shipping", "Li Wei"}) {
    auto query = idx.PrepareQuery(name);
    auto all = idx.Candidates(query, model::Schema::kLegalEntity, 1u << 30);
    for (size_t i = 1; i < all.size(); ++i) ASSERT_GE(all[i - 1].prescore, all[i].prescore) << name;
    for (size_t limit : {1, 5, 64, 300}) {
      auto cut = idx.Candidates(query, model::Schema::kLegalEntity, limit);
      ASSERT_EQ(cut.size(), std::min(limit, all.size())) << name;
      for (size_t i = 0; i < cut.size(); ++i) {
        ASSERT_EQ(cut[i].entity, all[i].entity) << name << " limit " << limit << " at " << i;
        ASSERT_EQ(cut[i].prescore, all[i].prescore);
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 500u);
}

// Explanations are built only for the hits returned: they must still describe the score.
TEST(ScreenTest, ReturnedHitsCarryTheirExplanation) {
  Options o;
  o.limit = 3;
  auto r = Screen(Ofac(), Q("Sergey Viktorovich Lavrov"), o);
  ASSERT_FALSE(r.hits.empty());
  for (const auto& h : r.hits) {
    EXPECT_FALSE(h.score.name.parts.empty());
    EXPECT_DOUBLE_EQ(h.score.name.score, h.score.name_score);
  }
  EXPECT_GE(r.total, r.hits.size());
}

TEST(PairsTest, CountsMatchesFalseAlertsAndMinimums) {
  std::vector<NamePair> pairs = {
      {"Vladimir Putin", "PUTIN, Vladimir Vladimirovich", "people", 1, -1, ""},
      {"Владимир Путин", "Vladimir Putin", "Cyrillic", 1, 0.8, ""},
      {"James Smith", "PUTIN, Vladimir Vladimirovich", "people", 0, -1, ""},
      {"Vladimir Putin", "Vladimir Putin", "people", 1, 1.0, ""},  // 0.9 at most: unmet
  };
  PairsReport r = EvaluatePairs(Ofac(), pairs, 0.70);
  EXPECT_EQ(r.all.positives, 3u);
  EXPECT_EQ(r.all.true_pos, 3u);
  EXPECT_EQ(r.all.negatives, 1u);
  EXPECT_EQ(r.all.false_pos, 0u);
  EXPECT_EQ(r.all.with_min, 2u);
  EXPECT_EQ(r.all.min_met, 1u);
  EXPECT_EQ(r.groups.at("Cyrillic").true_pos, 1u);
  ASSERT_EQ(r.misses.size(), 1u);
  EXPECT_NE(r.misses[0].find("below 1.00"), std::string::npos);
  EXPECT_LT(PairScore(Ofac(), "James Smith", "Vladimir Putin"), 0.3);
}

TEST(ScreenTest, PersonQueryNeverMatchesVessel) {
  // DILBAR (ofac-35301) is a vessel.
  Response r = Screen(Ofac(), Q("Dilbar"));
  for (const auto& h : r.hits)
    EXPECT_NE(Ofac().entities()[h.entity].schema, model::Schema::kVessel);
  Response v = Screen(Ofac(), Q("Dilbar", model::Schema::kVessel));
  EXPECT_GT(ScoreOf(v, "ofac-35301"), 0.7);
}

TEST(ScreenTest, QueryFromYenteJson) {
  auto j = nlohmann::json::parse(
      R"({"id":"c1","schema":"Person","properties":{"name":["Sergei Lavrov"],"birthDate":["1950-03-21"],"nationality":["ru"]}})");
  auto q = QueryFromJson(j);
  ASSERT_TRUE(q.has_value()) << q.error().ToString();
  EXPECT_EQ(q->id, "c1");
  EXPECT_EQ(q->facts.countries, std::vector<std::string>{"ru"});
  auto bad = QueryFromJson(
      nlohmann::json::parse(R"({"properties":{"birthDate":["31 Feb"],"name":["x"]}})"));
  EXPECT_FALSE(bad.has_value());
}

TEST(VerifyTest, VariationsDifferFromTheName) {
  const std::string name = "PUTIN, Vladimir Vladimirovich";
  EXPECT_EQ(Vary(name, "exact", 1), name);
  for (const char* kind : {"typo1", "typo2", "order", "drop_middle", "initials", "case_punct"}) {
    std::string v = Vary(name, kind, 1);
    EXPECT_FALSE(v.empty()) << kind;
    EXPECT_NE(v, name) << kind;
  }
  EXPECT_EQ(Vary(name, "drop_middle", 1), "Vladimir PUTIN");
  EXPECT_EQ(Vary(name, "initials", 1), "V. Vladimirovich PUTIN");
  EXPECT_EQ(Vary("HAMAS", "drop_middle", 1), "");
}

// A variation that is literally another entity's listed name ("Chol KIM", "KIM, Chol
// Nam" without its middle part, is "KIM, Chol") rightly puts that entity first: that is
// no wrong top hit.
TEST(VerifyTest, AVariationThatIsAnotherListedNameIsNoWrongTop) {
  std::vector<model::Entity> ents(2);
  ents[0].id = "x-1";
  ents[0].names.emplace_back().full = "KIM, Chol Nam";
  ents[1].id = "x-2";
  ents[1].names.emplace_back().full = "KIM, Chol";
  for (auto& e : ents) e.schema = model::Schema::kPerson;
  auto idx = index::Index::Build(std::move(ents));
  VerifyOptions opts;
  opts.placebos = 0;
  opts.threads = 1;
  VerifyReport rep = Verify(*idx, opts);
  bool seen = false;
  for (const auto& s : rep.scenarios) {
    if (s.name != "drop_middle") continue;
    seen = true;
    EXPECT_EQ(s.queries, 1u);
    EXPECT_EQ(s.wrong_top, 0u);
  }
  EXPECT_TRUE(seen);
}

// An organisation's comma is punctuation, not "FAMILY, Given": its variations keep the
// written order, and "order" moves a trailing legal form whole to the front.
TEST(VerifyTest, OrganisationVariationsKeepTheirOrderAndForms) {
  EXPECT_EQ(Vary("CHINA SPACESAT CO., LTD.", "drop_middle", 1, false), "CHINA CO., LTD.");
  EXPECT_EQ(Vary("CHINA SPACESAT CO., LTD.", "case_punct", 1, false), "china spacesat co ltd");
  EXPECT_EQ(Vary("ALFA ONE, C.A.", "join_split", 1, false), "ALFAONE, C.A.");
  EXPECT_EQ(Vary("IRAN CHEMICAL INVESTMENT COMPANY PUBLIC JOINT STOCK", "order", 1, false),
            "PUBLIC JOINT STOCK IRAN CHEMICAL INVESTMENT COMPANY");
  EXPECT_EQ(Vary("RGS HOLDING OOO", "order", 1, false), "OOO RGS HOLDING");
  EXPECT_EQ(Vary("KOREA KUMRYONG TRADING CORPORATION", "order", 1, false),
            "CORPORATION KOREA KUMRYONG TRADING");
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const std::string v = Vary("DIMACO TECHNOLOGY, S.A.", "typo1", seed, false);
    EXPECT_EQ(v.substr(v.size() - 6), ", S.A.") << v;
  }
  // A person's comma still gives the natural order.
  EXPECT_EQ(Vary("KIM, Chol Nam", "order", 1), "KIM Nam Chol");
}

// Transliteration conventions respell transliterated names, not Latin abbreviations or
// English words of legal forms and suffixes: no "UO" for "OOO", "DJOINT" for "JOINT".
TEST(VerifyTest, TransliterationLeavesLegalFormsAndSuffixesAlone) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    std::string v = Vary("OOO VOSTOK", "translit", seed, false);
    EXPECT_EQ(v.substr(0, 4), "OOO ") << seed;
    v = Vary("JOINT STOCK COMPANY SHCHUKINO", "translit", seed, false);
    EXPECT_EQ(v.substr(0, 20), "JOINT STOCK COMPANY ") << seed;
    EXPECT_NE(v, "JOINT STOCK COMPANY SHCHUKINO") << seed;
    v = Vary("TRANSPORTADORA JUAREZ, S.A. DE C.V.", "translit", seed, false);
    EXPECT_NE(v.find("S.A. DE C.V."), std::string::npos) << seed;
    v = Vary("LAVILLA, Ruben Pestano, Jr.", "translit", seed);
    EXPECT_NE(v.find("Jr."), std::string::npos) << seed;
  }
}

}  // namespace
}  // namespace embargo::screen
