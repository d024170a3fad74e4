#include "ingest/report.h"

#include <fmt/format.h>

namespace embargo::ingest {

void LoadReport::Skip(Error error, const std::string& reason) {
  ++skipped;
  ++skip_reasons[reason];
  if (problems.size() < kMaxKeptProblems) problems.push_back(std::move(error));
}

void LoadReport::Warn(Error error) {
  ++warnings;
  if (problems.size() < kMaxKeptProblems) problems.push_back(std::move(error));
}

void LoadReport::Merge(const LoadReport& other) {
  if (!other.source.empty()) source += (source.empty() ? "" : ", ") + other.source;
  records_read += other.records_read;
  entities += other.entities;
  skipped += other.skipped;
  warnings += other.warnings;
  for (const auto& p : other.problems)
    if (problems.size() < kMaxKeptProblems) problems.push_back(p);
  for (const auto& [k, v] : other.skip_reasons) skip_reasons[k] += v;
  clauses_total += other.clauses_total;
  clauses_unclassified += other.clauses_unclassified;
}

std::string LoadReport::Summary() const {
  std::string s = fmt::format("{}: {} records read, {} entities, {} skipped, {} warnings",
                              source.empty() ? dataset : source, records_read, entities, skipped,
                              warnings);
  if (clauses_total > 0) {
    s += fmt::format(", remarks clauses {} ({} unclassified, {:.2f}%)", clauses_total,
                     clauses_unclassified, 100.0 * clauses_unclassified / clauses_total);
  }
  if (!skip_reasons.empty()) {
    s += "; skipped because:";
    for (const auto& [k, v] : skip_reasons) s += fmt::format(" {} x{};", k, v);
  }
  return s;
}

}  // namespace embargo::ingest
