// Parser for the Australian DFAT Consolidated List (Department of Foreign Affairs and
// Trade, "regulation8_consolidated.xlsx"): one Excel worksheet, one row per NAME.
//
// Called by ingest/loader (dataset "au_dfat_sanctions"), the tests and fuzz/fuzz_xlsx.
//
// Layout: a header row (found among the first rows by its "Reference" cell) naming the
// columns; they are read by header name, never by position: Reference, Name of
// Individual or Entity, Type, Name Type, Date of Birth, Place of Birth, Citizenship,
// Address, Additional Information, Listing Information, Committees, Control Date.
// Alias rows repeat the entity's facts under a suffixed reference: "2" (Primary Name),
// "2a" (Original Script), "3a" (aka), "2529b1": all rows whose references start with
// the same digits form one entity with id "au-dfat-<digits>". Name Type maps to
// NameKind: Primary Name -> primary, aka -> alias, Original Script -> alias with its
// script set, Formerly known as / Previously listed as -> previous.
//
// Dates of birth are free text ("a) 01/02/1960; b) Approximately 1955-1958",
// "26 Dec. 1955", "Between 1975 and 1980") or Excel numbers: four digits are a year,
// larger numbers are 1900-system date serials. Day/month/year order is Australian
// (DD/MM/YYYY). Parts that cannot be read are warned about (sheet!E<row>) and kept in
// remarks; Hijri-calendar dates are kept in remarks only.
//
// Malformed rows (no reference digits, no name) are skipped with their cell address
// ("Sheet1!A42"). A damaged archive gives one problem and no entities.
//
// Thread-safety: stateless; the sink is called on the caller's thread.
#ifndef EMBARGO_INGEST_DFAT_H_
#define EMBARGO_INGEST_DFAT_H_

#include <string_view>
#include <vector>

#include "ingest/report.h"
#include "ingest/zip_xml.h"
#include "model/entity.h"

namespace embargo::ingest {

// Parses the whole .xlsx file `data`. `file_name` labels problems.
LoadReport ParseDfatXlsx(std::string_view data, std::string_view file_name, const EntitySink& sink);

// The same, from rows already read (the first worksheet); used by the xlsx fuzzer and
// tests with hand-made sheets.
LoadReport ParseDfatSheet(const Sheet& sheet, std::string_view file_name, const EntitySink& sink);

// Parses a DFAT "Date of Birth" cell into `out`. Returns the parts that could not be
// read (empty when all were).
std::vector<std::string> ParseDfatDates(std::string_view text, std::vector<model::DateSpec>* out);

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_DFAT_H_
