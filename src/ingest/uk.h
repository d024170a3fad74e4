// Parser for the UK FCDO Sanctions List in its SUMMARY spreadsheet export (.ods), as
// published by the Foreign, Commonwealth & Development Office alongside the full list.
//
// Called by ingest/loader (dataset "gb_fcdo_sanctions"), the tests and fuzz/fuzz_xlsx.
//
// The summary has one row per designation and only these columns (read by header
// name): Unique ID ("RUS0001"), OFSI Group ID, Name, Regime Name, Type (Individual,
// Entity, Ship), Designation source (UK, UN, "UK|UN"), Date Designated (DD-MM-YYYY),
// Sanctions Imposed. It has NO aliases, birth dates or addresses: the full UK list
// format carries those. Mapping:
//   id          "gb-fcdo-<Unique ID>"
//   schema      Individual -> Person, Entity -> Organization, Ship -> Vessel
//   programs    Regime Name ("Russia")
//   listed_on   Date Designated as ISO
//   identifiers OFSI Group ID (IdType::kOther, label "OFSI Group ID")
//   extra       designationSource, sanctionsImposed
// Rows without a Unique ID or Name are skipped with their cell ("Sheet!C12"); a repeated
// Unique ID is skipped as a duplicate.
//
// Thread-safety: stateless; the sink is called on the caller's thread.
#ifndef EMBARGO_INGEST_UK_H_
#define EMBARGO_INGEST_UK_H_

#include <string_view>

#include "ingest/report.h"
#include "ingest/zip_xml.h"

namespace embargo::ingest {

// Parses the whole .ods file `data`. `file_name` labels problems.
LoadReport ParseUkOds(std::string_view data, std::string_view file_name, const EntitySink& sink);

// The same, from the table already read; for tests and fuzzers.
LoadReport ParseUkSheet(const Sheet& sheet, std::string_view file_name, const EntitySink& sink);

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_UK_H_
