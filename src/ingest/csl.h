// Parsers for two US trade lists:
//
//  - the Consolidated Screening List (CSL) CSV published by trade.gov, which merges eleven
//    export-screening lists of Commerce, State and Treasury (Denied Persons, Entity List,
//    Unverified List, ITAR Debarred, Nonproliferation Sanctions, SDN, SSI, PLC, CAPTA,
//    ...) into one table with a header row;
//  - the BIS Denied Persons List (DPL) as its own tab-separated file with a header row.
//
// Called by ingest/loader (dataset names "us_trade_csl" and "us_bis_denied") and by the
// tests and fuzzers. Columns are found by header name, never by position, so added or
// reordered columns do not shift fields; a missing required column is a file-level
// error in the report and nothing is emitted.
//
// Entity ids:
//   CSL: "us-csl-<entity_number>" when the row has one (the Treasury sub-lists), else
//        "us-csl-<16 hex digits>" = FNV-1a 64 of "<source>|<NAME>" where NAME is the
//        primary name upper-cased with spaces collapsed. Rows that yield the same id are
//        merged into one entity (their aliases, addresses, ids are united).
//   DPL: "us-bis-dpl-<16 hex digits>" = FNV-1a 64 of the upper-cased, space-collapsed
//        name. The DPL repeats a person on one row per address or order; those rows are
//        merged into one entity.
// FNV-1a is used because it is tiny, stable across platforms and versions, and needs
// no dependency; collisions among a few thousand names are negligible (2^-40).
//
// Thread-safety: stateless functions; the sink is called on the caller's thread.
#ifndef EMBARGO_INGEST_CSL_H_
#define EMBARGO_INGEST_CSL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/report.h"
#include "ingest/xml_util.h"  // Fnv1a64

namespace embargo::ingest {

// Parses the CSL CSV `data` (whole file contents; UTF-8 or Windows-1252). Each entity
// carries programs from the `programs` column plus the sub-list's short code from
// `source` ("DPL", "EL", "SDN", "ISN", ...); the full source title is kept in
// extra("sourceList", ...). `file_name` only labels problems ("csl.csv:42 field 'ids'").
LoadReport ParseCsl(std::string_view data, std::string_view file_name, const EntitySink& sink);

// Parses the BIS Denied Persons List TSV (Name, Street_Address, City, State, Country,
// Postal_Code, Effective_Date, Expiration_Date, Standard_Order, Last_Update, Action,
// FR_Citation). listed_on is the earliest Effective_Date of the merged rows.
LoadReport ParseDpl(std::string_view data, std::string_view file_name, const EntitySink& sink);


// The short code of a CSL source title: the last parenthesised group,
// "Entity List (EL) - Bureau of Industry and Security" -> "EL"; the title itself
// when it has none.
std::string CslSourceCode(std::string_view source);

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_CSL_H_
