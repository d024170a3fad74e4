// Scoring one query against one listed entity: align the query's name parts to each of
// the entity's names, then weigh the other evidence (birth date, country, gender,
// identifiers), and explain every step so a reviewer can read why.
//
// Called by screen/ for each candidate the index returns. Inputs are prepared names
// (normalised tokens with their rarity weight, see PreparedName); the index prepares
// the list side once, screen/ prepares the query once.
//
// Score scale (all in [0, 1], never exactly 1 from the name alone, so reviewers keep
// an ordering): name similarity n in [0, 1] from the alignment; base = 0.9 * n;
// positive evidence p_i each closes part of the remaining gap, base + (1 - base) *
// (1 - prod(1 - p_i)); conflicts multiply by (1 - c_i). An identifier match never
// lifts a weak name above kIdCapOverName + n.
//
// Thread-safety: pure functions.
#ifndef EMBARGO_MATCH_SCORE_H_
#define EMBARGO_MATCH_SCORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/entity.h"
#include "text/name.h"

namespace embargo::match {

// One normalised name part with what the scorer needs to know about it.
// Views point into the index (list names) or into PreparedName::owned (queries).
struct NameToken {
  std::string_view text;  // normalised ("vladimirovich"); legal forms: canonical class
  text::TokenKind kind = text::TokenKind::kName;
  // Romanised from an abjad (Arabic, Persian, Urdu, Hebrew script), which leaves short
  // vowels unwritten: "mrad" for مراد, listed as "MURAD". Set on query tokens only.
  bool abjad = false;
  float weight = 1.0f;        // rarity across the lists (IDF), already scaled by kind
  uint32_t equivalence = 0;   // given-name spelling class, 0 = none
  std::string_view phonetic;  // text::PhoneticKey(text)
  uint32_t id = kNoTokenId;   // the index's token id (list names); kNoTokenId for queries
  uint64_t letters = 0;       // LetterMask(text), lets the scorer skip hopeless pairs; 0 = unset
  static constexpr uint32_t kNoTokenId = UINT32_MAX;
};

// Bit (c & 63) for every byte c of `text`: a letter missing on one side costs an edit.
inline uint64_t LetterMask(std::string_view text) {
  uint64_t m = 0;
  for (unsigned char c : text) m |= uint64_t{1} << (c & 63);
  return m;
}

struct PreparedName {
  std::vector<NameToken> tokens;
  std::string_view display;  // the name as listed or asked
  model::NameKind kind = model::NameKind::kPrimary;
  // Storage for the views of a query name (shared so copies stay valid); empty for
  // list names, whose views point into the immutable index.
  std::shared_ptr<const std::vector<std::string>> owned;
};

// How one query part met one list part.
struct PartMatch {
  std::string query;      // query token(s), joined with ' ' when several were merged
  std::string candidate;  // list token(s)
  double similarity = 0;  // 0..1
  double weight = 0;      // rarity weight of the pair
  std::string how;        // "exact", "equivalent", "typo", "phonetic", "initial", "joined"
};

struct NameComparison {
  double score = 0;                          // 0..1
  std::vector<PartMatch> parts;              // aligned pairs
  std::vector<std::string> query_extra;      // query parts with no partner
  std::vector<std::string> candidate_extra;  // list parts with no partner
};

// Aligns `query` to `candidate` order-free: each part pairs with at most one part on the
// other side (adjacent parts may be joined, "abdul rahman" ~ "abdulrahman"); unmatched
// parts cost their weight, list-only parts less so (a missing middle name or patronymic
// is tolerated when at least two parts matched).
NameComparison CompareNames(const PreparedName& query, const PreparedName& candidate);

// Reusable state for comparing one query against many list names on one thread: the token
// similarities already computed and the alignment buffers. Two memos:
//  - after Start(query), a dense table for the query's own tokens: one row per list token
//    id met, one cell per query token (and per pair of adjacent query tokens, joined),
//    so the alignment reads a pair's similarity instead of recomputing it;
//  - a hash memo for the rest (joined list parts, query names not given to Start), keyed
//    by the query token's address and the list token's id.
// Both are keyed by addresses of the query's tokens: its PreparedNames must stay put
// while the scratch serves them. Start() (or Clear()) before the next query.
class CompareScratch;

// CompareNames(query, candidate).score, without building the explanation, and with the
// token similarities memoised in `scratch` (list tokens need their index id).
double CompareNamesScore(const PreparedName& query, const PreparedName& candidate,
                         CompareScratch& scratch);

// TokenSimilarity(query, list) memoised in `scratch`, as CompareNamesScore memoises it.
double TokenSimilarity(const NameToken& query, const NameToken& list, CompareScratch& scratch);

class CompareScratch {
 public:
  CompareScratch();
  // Forgets every memoised value (the next query begins).
  void Clear();
  // Clear(), then serves the names of `query` from the dense table. `query` must stay
  // in place (not moved or resized) until the next Start() or Clear().
  void Start(const std::vector<PreparedName>& query);

 private:
  friend struct Aligner;
  friend double CompareNamesScore(const PreparedName& query, const PreparedName& candidate,
                                  CompareScratch& scratch);
  friend double TokenSimilarity(const NameToken& query, const NameToken& list,
                                CompareScratch& scratch);
  struct Pair {
    int q0, q1;  // query tokens (q1 == q0, or q0 + 1 when two adjacent ones are joined)
    int c0, c1;  // list tokens (c1 == c0, or another one when two are joined)
    double sim;
    double weight;
    uint8_t how;
    double key = 0;  // sim * weight, the greedy order
  };
  struct Entry {
    uint64_t k1 = 0;  // query token address | kind
    uint64_t k2 = 0;  // list token id(s)
    double sim = 0;
    uint32_t gen = 0;  // filled in generation `gen`; other generations are empty slots
    uint8_t how = 0;
  };
  Entry* Find(uint64_t k1, uint64_t k2);  // the slot holding the key, or the empty one for it
  void Grow();
  // The dense table. A query name's cells in a row: its n tokens, then its n - 1 joins of
  // adjacent tokens, from `base`.
  struct Variant {
    const NameToken* tokens;
    uint32_t n;
    uint32_t base;
  };
  static constexpr uint8_t kUnknown = 0xFF;  // a cell not computed yet
  static constexpr uint32_t kMaxWidth = 96;  // cells per row; wider queries use the hash memo
  const Variant* FindVariant(const NameToken* tokens) const;
  const Variant* VariantOf(const NameToken* token) const;  // the one holding `token`
  uint32_t Row(uint32_t list_token);  // the row of a list token id, made on first use
  std::vector<Entry> table_;
  size_t used_ = 0;
  uint32_t gen_ = 1;
  std::vector<Variant> variants_;
  uint32_t width_ = 0;            // cells per row; 0 = no dense table
  std::vector<uint64_t> row_of_;  // per list token id: gen_ << 32 | row
  uint32_t rows_ = 0;
  std::vector<double> sims_;   // rows_ * width_
  std::vector<uint8_t> hows_;  // rows_ * width_, kUnknown until computed
  std::vector<Pair> pairs_;
  std::vector<char> q_used_, c_used_;
};

// Similarity of two single tokens in [0, 1] and how it was found (see PartMatch::how).
double TokenSimilarity(const NameToken& a, const NameToken& b, std::string* how = nullptr);

// What the user knows besides the name.
struct QueryFacts {
  model::Schema schema = model::Schema::kLegalEntity;
  std::vector<model::PartialDate> birth_dates;
  std::vector<std::string> countries;  // ISO alpha-2 lower case (nationality or country)
  model::Gender gender = model::Gender::kUnknown;
  std::vector<std::string> identifiers;  // raw values; compared alphanumerics-only, upper case
};

struct Feature {
  std::string name;         // "birth_date", "country", "gender", "identifier"
  std::string detail;       // "same day 1952-10-07", "conflict: ru vs ir"
  double contribution = 0;  // signed change of the final score
};

struct Score {
  double score = 0;               // final, 0..1
  double name_score = 0;          // the best name alignment, 0..1
  size_t name_index = 0;          // which of the candidate's names met the query
  size_t query_name_index = 0;    // which of the query's names
  NameComparison name;            // the winning alignment
  std::vector<Feature> features;  // evidence, in order applied
};

inline constexpr double kNameScale = 0.9;       // base = kNameScale * name similarity
inline constexpr double kIdCapOverName = 0.15;  // an id match adds at most this over 0.9 * n

// Scores evidence for an entity given the best name similarity.
Score ScoreEvidence(NameComparison name, const QueryFacts& facts, const model::Entity& entity);

// Upper-case alphanumerics of an identifier ("AB 12-34" -> "AB1234").
std::string NormalizeIdentifier(std::string_view raw);

}  // namespace embargo::match

#endif  // EMBARGO_MATCH_SCORE_H_
