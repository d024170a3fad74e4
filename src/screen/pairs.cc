#include "screen/pairs.h"

#include <fmt/format.h>

#include <algorithm>

#include "match/score.h"

namespace embargo::screen {

double PairScore(const index::Index& index, const std::string& query, const std::string& listed) {
  auto q = index.PrepareQuery(query);
  auto l = index.PrepareQuery(listed);
  double best = 0;
  for (const auto& a : q)
    for (const auto& b : l) best = std::max(best, match::CompareNames(a, b).score);
  return match::kNameScale * best;
}

namespace {

nlohmann::json GroupJson(const PairGroup& g) {
  nlohmann::json j = {{"positives", g.positives},     {"true_positives", g.true_pos},
                      {"negatives", g.negatives},     {"false_positives", g.false_pos},
                      {"with_min_score", g.with_min}, {"min_score_met", g.min_met}};
  if (g.positives) j["recall"] = double(g.true_pos) / g.positives;
  if (g.negatives) j["false_positive_rate"] = double(g.false_pos) / g.negatives;
  return j;
}

}  // namespace

PairsReport EvaluatePairs(const index::Index& index, const std::vector<NamePair>& pairs,
                          double threshold) {
  PairsReport r;
  r.threshold = threshold;
  for (const auto& p : pairs) {
    double s = PairScore(index, p.query, p.listed);
    PairGroup& g = r.groups[p.group];
    for (PairGroup* t : {&r.all, &g}) {
      if (p.label == 1) {
        ++t->positives;
        t->true_pos += s >= threshold;
      } else if (p.label == 0) {
        ++t->negatives;
        t->false_pos += s >= threshold;
      }
      if (p.min_score >= 0) {
        ++t->with_min;
        t->min_met += s >= p.min_score;
      }
    }
    if (p.label == 1 && s < threshold)
      r.misses.push_back(
          fmt::format("missed [{}] '{}' ~ '{}': {:.3f}", p.group, p.query, p.listed, s));
    else if (p.label == 0 && s >= threshold)
      r.misses.push_back(
          fmt::format("false alert [{}] '{}' ~ '{}': {:.3f}", p.group, p.query, p.listed, s));
    if (p.min_score >= 0 && s < p.min_score)
      r.misses.push_back(fmt::format("below {:.2f} [{}] '{}' ~ '{}': {:.3f}", p.min_score, p.group,
                                     p.query, p.listed, s));
  }
  return r;
}

nlohmann::json PairsReport::ToJson() const {
  nlohmann::json groups_json = nlohmann::json::object();
  for (const auto& [name, g] : groups) groups_json[name] = GroupJson(g);
  return {{"threshold", threshold},
          {"all", GroupJson(all)},
          {"groups", groups_json},
          {"misses", misses}};
}

}  // namespace embargo::screen
