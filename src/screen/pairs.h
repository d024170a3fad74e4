// Pair evaluation: how screening scores given pairs of names, judged against labels
// (OpenSanctions' benchmarks/name-pairs-labelled.csv: is_match) or against minimum scores
// (benchmarks/cross-script-pairs.csv). The first name plays the query, the second the
// listed name; token rarity comes from `index` (the lists loaded), as in screening.
//
//   std::vector<NamePair> pairs = ...;   // cli/ reads the CSV files
//   PairsReport r = EvaluatePairs(index, pairs, 0.70);
//
// Thread-safety: pure functions over an immutable index.
#ifndef EMBARGO_SCREEN_PAIRS_H_
#define EMBARGO_SCREEN_PAIRS_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "index/index.h"

namespace embargo::screen {

struct NamePair {
  std::string query;
  std::string listed;
  std::string group;      // case group or script ("nk_checks", "Cyrillic", ...)
  int label = -1;         // 1 the same party, 0 not, -1 unlabelled
  double min_score = -1;  // the score the pair should reach, -1 none
  std::string note;
};

struct PairGroup {
  size_t positives = 0, true_pos = 0;   // labelled matches, and those at the threshold
  size_t negatives = 0, false_pos = 0;  // labelled non-matches, and those at the threshold
  size_t with_min = 0, min_met = 0;     // pairs with a minimum score, and those reaching it
};

struct PairsReport {
  double threshold = 0;
  PairGroup all;
  std::map<std::string, PairGroup> groups;
  std::vector<std::string> misses;  // missed matches, false alerts, minimums not met
  nlohmann::json ToJson() const;
};

// The name-only screening score of `query` against `listed` (best transliteration
// variant on each side), as screen::Screen reports it.
double PairScore(const index::Index& index, const std::string& query, const std::string& listed);

PairsReport EvaluatePairs(const index::Index& index, const std::vector<NamePair>& pairs,
                          double threshold);

}  // namespace embargo::screen

#endif  // EMBARGO_SCREEN_PAIRS_H_
