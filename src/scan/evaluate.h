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
// Thread-safety: single-threaded; the Scanner may be shared.
#ifndef EMBARGO_SCAN_EVALUATE_H_
#define EMBARGO_SCAN_EVALUATE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "scan/scanner.h"

namespace embargo::scan {

struct ScanEvalOptions {
  size_t max_entities = 2000;  // deterministic sample of Person/Organization entities
  uint64_t seed = 20261128;
  size_t context_bytes = 300;  // corpus text on each side of a planted name
};

struct ScanEvalKind {
  std::string kind;  // exact, upper, typo1, order, typo2, drop_middle, initials, ...
  size_t planted = 0;
  size_t detected = 0;
  double rate() const { return planted ? double(detected) / planted : 0; }
};

struct ScanEvalReport {
  std::vector<ScanEvalKind> kinds;
  size_t context_bytes_scanned = 0;  // corpus text around the plants
  size_t context_alerts = 0;         // mentions outside the planted spans
  std::vector<std::string> misses;   // sample of missed plants
  nlohmann::json ToJson() const;
};

// REQUIRES: corpus holds at least 2 * context_bytes bytes.
ScanEvalReport EvaluateScan(const Scanner& scanner, std::string_view corpus,
                            const ScanEvalOptions& options = {});

}  // namespace embargo::scan

#endif  // EMBARGO_SCAN_EVALUATE_H_
