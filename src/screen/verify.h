// Self-verification: screens list entities against the index under controlled name
// variations and reports, per scenario, the detection rate, the wrong-top-hit rate and
// (for placebo names that are on no list) the false-alert rate. Compliance teams show
// this to auditors; developers use it as the tuning loop.
//
// Scenarios (each run without and with the entity's birth date and country):
//   exact        the primary name as listed
//   minor        typo1 (one edit in one part), case_punct, order (parts reversed)
//   major        typo2 (two edits), drop_middle, initials, join_split, translit
//                (another transliteration convention), alias (a strong alias instead of
//                the primary name)
//   placebo      ordinary given name + surname combinations; one that is literally a
//                listed name (all parts exact, none extra) is left out
// Entities are split in two halves by a hash of their id: "tune" and "holdout"; report
// both and tune on one only, so the other stays honest.
//
// Thread-safety: Verify() uses `threads` workers over one shared Index.
#ifndef EMBARGO_SCREEN_VERIFY_H_
#define EMBARGO_SCREEN_VERIFY_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "index/index.h"
#include "screen/screen.h"

namespace embargo::screen {

struct VerifyOptions {
  double threshold = 0.70;   // decision threshold under test
  size_t max_entities = 0;   // 0 = every entity; else a deterministic sample
  size_t placebos = 5000;    // placebo queries
  uint64_t seed = 20261128;  // variations are deterministic for a seed
  unsigned threads = 0;      // 0 = every core
  std::string half;          // "", "tune" or "holdout"
  size_t max_misses = 300;   // misses (and placebo alerts) kept in the report, with reasons
};

struct ScenarioResult {
  std::string name;   // "typo1", "typo1+facts", ...
  std::string group;  // "exact", "minor", "major", "placebo"
  size_t queries = 0;
  size_t detected = 0;   // the source entity was returned as a match
  size_t wrong_top = 0;  // another entity outscored the source entity at the top
  size_t alerts = 0;     // placebo: queries with any match
  double detection_rate() const { return queries ? double(detected) / queries : 0; }
  double wrong_top_rate() const { return queries ? double(wrong_top) / queries : 0; }
  double alert_rate() const { return queries ? double(alerts) / queries : 0; }
};

struct VerifyReport {
  std::vector<ScenarioResult> scenarios;
  std::vector<ScenarioResult> groups;  // totals per group
  double seconds = 0;
  size_t entities = 0;
  double threshold = 0;
  std::vector<std::string> misses;  // missed queries and placebo alerts (up to max_misses)
  size_t not_testable = 0;          // VerifyOriginalScript: entities with no Latin-script name
  nlohmann::json ToJson() const;
  std::string ToHtml() const;
};

VerifyReport Verify(const index::Index& index, const VerifyOptions& options);

// Original-script names (group "original_script", one scenario per ISO 15924 script and
// person or other, each without and with birth date and country): every non-Latin name is removed
// from a copy of the lists, the index is built again from the rest (about a second), and each
// removed name is screened against it, so only transliteration and the entity's Latin names can
// find it. `half` and `max_entities` choose among the entities that have both kinds of names;
// entities named in other scripts only cannot be tested and are counted in not_testable.
// Placebos (group "placebo", one scenario per script with 10+ two-word person names): the
// first word of one removed name and the last word of another, screened the same way;
// "Latn placebo" combines the primary Latin names of the same entities, for comparison.
VerifyReport VerifyOriginalScript(const index::Index& index, const VerifyOptions& options);

// The name variations, exposed for tests: `kind` is a scenario name without "+facts".
// Returns "" when the variation does not apply to this name (e.g. drop_middle on a
// two-part name, initials on anything but a person). `person` says whose name it is:
// "order" reverses a person's name parts but moves an organisation's last word, or the
// legal form that ends it, to the front ("RGS HOLDING OOO" -> "OOO RGS HOLDING", "IRAN
// CHEMICAL PUBLIC JOINT STOCK" -> "PUBLIC JOINT STOCK IRAN CHEMICAL"), as people reorder
// them. Only a person's "FAMILY, Given" is put in natural order: an organisation's comma
// ("CHINA SPACESAT CO., LTD.") is punctuation.
std::string Vary(const std::string& name, const std::string& kind, uint64_t seed,
                 bool person = true);

}  // namespace embargo::screen

#endif  // EMBARGO_SCREEN_VERIFY_H_
