// Jaro and Jaro-Winkler similarity for the matcher's scoring step: short personal and
// company names, where shared prefixes and nearby transposed letters signal the same
// name ("MARTHA" / "MARHTA" = 0.961).
//
// Inputs are byte strings already normalised by text/ to Latin ASCII lower case; other
// bytes are still compared correctly, byte by byte. Definitions (see reference.h):
// matches are equal bytes at most max(|a|,|b|)/2 - 1 apart; two empty strings score 1.0,
// one empty string 0.0. Winkler's boost applies above Jaro 0.7, for a common prefix of
// up to 4 bytes, with prefix_weight clamped to [0, 0.25] (0.1 is Winkler's value).
//
// Cutoffs: results below `score_cutoff` are returned as 0.0. Upper bounds from the
// lengths and then from the match count let most hopeless pairs stop early.
//
// Complexity: bit-parallel (flagging matches with masks inside the search window):
// O(|a| * (1 + window/64)) plus O(|b|) for the masks; the cached scorer builds the masks
// of the query once. Results equal reference::JaroWinkler bit for bit.
//
// Thread-safety: free functions are stateless; CachedJaroWinkler is immutable after
// construction and safe to share between threads.
#ifndef EMBARGO_MATCH_JARO_WINKLER_H_
#define EMBARGO_MATCH_JARO_WINKLER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::match {

// Jaro similarity in [0, 1]; 0.0 when below `score_cutoff`.
double Jaro(std::string_view a, std::string_view b, double score_cutoff = 0.0);

// Jaro-Winkler similarity in [0, 1]; 0.0 when below `score_cutoff`.
double JaroWinkler(std::string_view a, std::string_view b, double prefix_weight = 0.1,
                   double score_cutoff = 0.0);

// One query scored against many candidates; the query's match masks are built once.
// Results equal JaroWinkler(query, candidate, prefix_weight, score_cutoff) exactly.
class CachedJaroWinkler {
 public:
  // Copies `query`; the caller's buffer need not outlive the scorer.
  explicit CachedJaroWinkler(std::string_view query, double prefix_weight = 0.1);

  const std::string& query() const { return query_; }
  double prefix_weight() const { return prefix_weight_; }

  double Similarity(std::string_view candidate, double score_cutoff = 0.0) const;
  double Jaro(std::string_view candidate, double score_cutoff = 0.0) const;

 private:
  std::string query_;
  double prefix_weight_;       // clamped to [0, 0.25]
  size_t words_;               // ceil(|query| / 64)
  std::vector<uint64_t> peq_;  // peq_[c * words_ + w]: bit i set when query[64w + i] == c
};

}  // namespace embargo::match

#endif  // EMBARGO_MATCH_JARO_WINKLER_H_
