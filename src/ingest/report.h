// What every parser hands back besides entities: a LoadReport that counts what was
// read, kept and skipped, and keeps the first problems with their location, so every
// load ends with a summary a user can act on. Parsers stream entities into an
// EntitySink as they complete them.
//
// Thread-safety: a LoadReport is a plain value owned by one load.
#ifndef EMBARGO_INGEST_REPORT_H_
#define EMBARGO_INGEST_REPORT_H_

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "model/entity.h"

namespace embargo::ingest {

// Receives each entity once it is complete. Called on the parser's thread.
using EntitySink = std::function<void(model::Entity&&)>;

struct LoadReport {
  // Problems beyond this many are counted but not kept (hostile input stays bounded).
  static constexpr size_t kMaxKeptProblems = 100;

  std::string source;            // file name(s) read, for the summary
  std::string dataset;           // dataset name, e.g. "us_ofac_sdn"
  size_t records_read = 0;       // records (rows, XML elements, JSON lines) seen
  size_t entities = 0;           // entities emitted to the sink
  size_t skipped = 0;            // records dropped as malformed
  size_t warnings = 0;           // problems that did not drop a record
  std::vector<Error> problems;   // first kMaxKeptProblems problems, in order
  std::map<std::string, size_t> skip_reasons;  // short reason -> count

  // OFAC remarks mini-language (other parsers leave these 0).
  size_t clauses_total = 0;
  size_t clauses_unclassified = 0;

  // Records a problem that made the parser drop a record; `reason` is a short key
  // for the summary ("missing name", "bad XML").
  void Skip(Error error, const std::string& reason);
  // Records a problem the parser worked around (the record is kept).
  void Warn(Error error);

  // Adds the counts of `other` into this report (for multi-file lists).
  void Merge(const LoadReport& other);

  // One-paragraph human summary: "sdn.csv: 14965 records, 14965 entities, 0 skipped ...".
  std::string Summary() const;
};

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_REPORT_H_
