// Scan evaluation: plants list names, under the name variations of self-verification
// (screen/verify.h), into ordinary text and measures how many the Scanner finds, and
// how many other mentions the surrounding text raises (false alerts).
//
// Called by `embargo verify --scan-corpus FILE` and the tests.
//
// Each planted sample is a document: a stretch of the corpus, the varied name
// (persons in natural order, Title Case; organisations as listed), another stretch.
// Detected = a mention overlapping the planted span names the source entity.
//
// Each miss gets one cause, the first that applies, so the figures say what a miss is:
//   another_entity   a mention over the plant names another entity (the same name
//                    listed twice, or the entity cut by Options::max_per_span)
//   below_threshold  `embargo match` with the planted text as the query scores the
//                    entity below the threshold: no scanner could report it
//   by_design        the noise rules keep it quiet: a person's one word, or only
//                    words of at most 3 letters, English words and given names (an
//                    organisation's three or more English words are no excuse)
//   scanner          the rest: tokenisation, candidate lookup, window or span rules
//
// Thread-safety: single-threaded; the Scanner may be shared.
#ifndef EMBARGO_SCAN_EVALUATE_H_
#define EMBARGO_SCAN_EVALUATE_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "scan/scanner.h"

namespace embargo::scan {

struct ScanEvalOptions {
  size_t max_entities = 2000;  // deterministic sample of Person/Organization entities
  uint64_t seed = 20261128;
  size_t context_bytes = 300;   // corpus text on each side of a planted name
  size_t misses_per_kind = 40;  // misses kept in ScanEvalReport::misses per kind and cause
};

struct ScanEvalKind {
  std::string kind;  // exact, upper, typo1, order, typo2, drop_middle, initials, ...
  size_t planted = 0;
  size_t detected = 0;
  std::map<std::string, size_t> missed_by;  // cause -> misses (see above)
  double rate() const { return planted ? double(detected) / planted : 0; }
};

struct ScanEvalReport {
  std::vector<ScanEvalKind> kinds;
  size_t context_bytes_scanned = 0;  // corpus text around the plants
  size_t context_alerts = 0;         // mentions outside the planted spans
  std::vector<std::string> misses;   // sample of misses, "kind cause: name (id)"

  nlohmann::json ToJson() const;
};

// REQUIRES: corpus holds at least 2 * context_bytes bytes.
ScanEvalReport EvaluateScan(const Scanner& scanner, std::string_view corpus,
                            const ScanEvalOptions& options = {});

}  // namespace embargo::scan

#endif  // EMBARGO_SCAN_EVALUATE_H_
