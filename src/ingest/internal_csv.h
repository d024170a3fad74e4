// Parser for embargo's own CSV format for a firm's internal lists (its own blocked
// customers, adverse-media hits, local regulator lists): the format is specified in
// docs/internal-list-format.md, which is the contract; this header summarises it.
//
// Called by ingest/loader for datasets configured as "internal", the tests and
// fuzz/fuzz_internal_csv.
//
// UTF-8 CSV (RFC 4180, comma, optional BOM) with a header row. Columns, any order,
// names case-insensitive:
//   id          required, unique, [A-Za-z0-9._-]{1,128}     -> entity id "<dataset>-<id>"
//   name        required                                      -> primary name
//   schema      Person|Organization|Company|Vessel|Airplane|LegalEntity (default LegalEntity)
//   aliases     '|'-separated                                 -> alias names
//   birth_date  '|'-separated YYYY, YYYY-MM, YYYY-MM-DD or YYYY..YYYY (range)
//   nationality '|'-separated country names or ISO codes      -> nationalities
//   country     '|'-separated country names or ISO codes      -> countries
//   id_numbers  '|'-separated type:value[:CC]; type is an IdTypeName ("passport",
//               "tax_id", "imo", ...) or any other word (kept as label, type other)
//   program     '|'-separated                                 -> programs
//   listed_on   YYYY-MM-DD
//   notes       free text                                     -> remarks
// Errors: a missing required column is a file-level error (nothing loaded); an unknown
// column is a warning (ignored). A row without id or name, with a bad id, a duplicate
// id or an unknown schema is skipped with "file:line field 'x'"; a bad date, country or
// id number is a warning and only that value is dropped. Bytes that are not UTF-8 are
// read as Windows-1252 with a warning.
//
// Thread-safety: stateless; the sink is called on the caller's thread.
#ifndef EMBARGO_INGEST_INTERNAL_CSV_H_
#define EMBARGO_INGEST_INTERNAL_CSV_H_

#include <string_view>

#include "ingest/report.h"

namespace embargo::ingest {

// Parses the internal-list CSV `data` into entities of dataset `dataset`.
// REQUIRES: `dataset` is non-empty (it prefixes every id); an empty one is reported
// as an error and nothing is loaded.
LoadReport ParseInternalCsv(std::string_view data, std::string_view file_name,
                            std::string_view dataset, const EntitySink& sink);

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_INTERNAL_CSV_H_
