// Levenshtein and optimal-string-alignment (OSA, "restricted Damerau") edit distances
// for the matcher's scoring step: one query name scored against many candidate names.
//
// Inputs are byte strings. The matcher normalises names (text/) to Latin ASCII lower
// case before scoring, so one byte is one character; any other bytes (NUL, 0x80-0xFF)
// are still compared correctly, byte by byte. There is no UTF-32 overload on purpose.
//
// Cutoffs: every distance takes `score_cutoff`; when the distance is larger the result
// is `score_cutoff + 1` and the work stops early (length difference bound first, then
// per column). Similarities take a minimum score and return 0.0 below it.
//
// Complexity: bit-parallel (Myers 1999, Hyyro 2001/2003): O(ceil(min(m,n)/64) * n)
// words of work, plus O(m + n) to strip the common prefix and suffix. The textbook
// O(m*n) versions live in reference.h and are what tests and fuzzers compare against.
//
// Thread-safety: the free functions are stateless. CachedLevenshtein is immutable
// after construction; share one instance between threads freely.
#ifndef EMBARGO_MATCH_LEVENSHTEIN_H_
#define EMBARGO_MATCH_LEVENSHTEIN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::match {

// Unit-cost edit distance (insert, delete, substitute one byte). Returns
// `score_cutoff + 1` when the distance exceeds `score_cutoff` (saturating at SIZE_MAX).
size_t Levenshtein(std::string_view a, std::string_view b, size_t score_cutoff = SIZE_MAX);

// 1 - Levenshtein(a, b) / max(|a|, |b|), in [0, 1]; 1.0 for two empty strings.
// Returns 0.0 when the similarity is below `score_cutoff`.
double LevenshteinSimilarity(std::string_view a, std::string_view b, double score_cutoff = 0.0);

// Optimal string alignment distance: Levenshtein plus swapping two adjacent bytes at
// cost 1, no substring edited twice ("ab" -> "ba" is 1, "ca" -> "abc" is 3).
// Same cutoff contract as Levenshtein.
size_t OsaDistance(std::string_view a, std::string_view b, size_t score_cutoff = SIZE_MAX);

// 1 - OsaDistance(a, b) / max(|a|, |b|); same contract as LevenshteinSimilarity.
double OsaSimilarity(std::string_view a, std::string_view b, double score_cutoff = 0.0);

// One query scored against many candidates: the query's match bitmasks (256 x
// ceil(|query|/64) words) are built once. Results equal the free functions exactly.
class CachedLevenshtein {
 public:
  // Copies `query`; the caller's buffer need not outlive the scorer.
  explicit CachedLevenshtein(std::string_view query);

  const std::string& query() const { return query_; }

  size_t Distance(std::string_view candidate, size_t score_cutoff = SIZE_MAX) const;
  double Similarity(std::string_view candidate, double score_cutoff = 0.0) const;
  size_t OsaDistance(std::string_view candidate, size_t score_cutoff = SIZE_MAX) const;
  double OsaSimilarity(std::string_view candidate, double score_cutoff = 0.0) const;

 private:
  std::string query_;
  size_t words_;               // ceil(|query| / 64)
  std::vector<uint64_t> peq_;  // peq_[c * words_ + w]: bit i set when query[64w + i] == c
};

}  // namespace embargo::match

#endif  // EMBARGO_MATCH_LEVENSHTEIN_H_
