// Screening: one query (names in any script plus what else is known) against the
// index, giving the listed entities that may be the same one, ranked, each with a score,
// a match decision at the threshold, and the explanation of both.
//
// Called by the CLI (`embargo match`, batch, verify) and later by the server. Combines
// index/ (candidates) and match/ (name alignment, evidence).
//
// Thread-safety: Screen() is safe from many threads on one shared Index.
#ifndef EMBARGO_SCREEN_SCREEN_H_
#define EMBARGO_SCREEN_SCREEN_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "index/index.h"
#include "match/score.h"

namespace embargo::screen {

struct Query {
  std::string id;                  // caller's key, echoed in results
  std::vector<std::string> names;  // at least one
  match::QueryFacts facts;
};

// Options (defaults in brackets):
//   threshold [0.70]   score at or above which a result is a match (an alert)
//   limit [5]          results returned per query, best first
//   min_score [0.50]   results scoring below are not returned at all
//   candidates [64]    entities the index hands to the full scorer
//   prescore_ratio [0.35] only candidates whose index prescore is at least this share
//                      of the best candidate's are fully scored (0 = all)
//   datasets []        only entities of these datasets (empty = all)
struct Options {
  double threshold = 0.70;
  size_t limit = 5;
  double min_score = 0.50;
  size_t candidates = 64;
  double prescore_ratio = 0.35;
  std::vector<std::string> datasets;
};

struct Hit {
  uint32_t entity = 0;  // index into Index::entities()
  match::Score score;
  bool match = false;          // score >= threshold
  std::string matched_name;    // the list name that met the query
  std::string query_name;      // the query name (as given) that met it
  uint32_t query_variant = 0;  // which prepared form of the query names met it
};

struct Response {
  std::vector<Hit> hits;  // best first, at most limit
  size_t total = 0;       // results at or above min_score before the limit
};

// REQUIRES: !query.names.empty() (otherwise the response is empty).
Response Screen(const index::Index& index, const Query& query, const Options& options = {});

// Screen(index, {names, facts[i]}, options) for each set of facts, with the names
// prepared, their candidates found and scored once: facts enter only through
// match::ScoreEvidence, so the responses are exactly those of separate screenings.
// REQUIRES: every facts[i].schema is the same (it chooses the candidates).
std::vector<Response> ScreenEach(const index::Index& index, const std::vector<std::string>& names,
                                 const std::vector<match::QueryFacts>& facts,
                                 const Options& options = {});

// Human-readable explanation of one hit, several lines, no trailing newline.
std::string ExplainText(const index::Index& index, const Hit& hit);

// One result in OpenSanctions yente's shape: id, caption, schema, datasets, score,
// match, explanations (embargo's own structure: names, parts, features).
nlohmann::json HitToJson(const index::Index& index, const Hit& hit);

// Parses one query in yente's /match shape: {"id": .., "schema": "Person",
// "properties": {"name": [..], "birthDate": [..], "nationality": [..], "country": [..],
// "gender": [..], "idNumber": [..], "passportNumber": [..], ...}}.
Result<Query> QueryFromJson(const nlohmann::json& j);

}  // namespace embargo::screen

#endif  // EMBARGO_SCREEN_SCREEN_H_
