// Parser for OFAC's legacy CSV files: the SDN list (sdn.csv, alt.csv, add.csv,
// sdn_comments.csv) and the non-SDN consolidated list (cons_prim.csv, cons_alt.csv,
// cons_add.csv, cons_comments.csv), which share one layout (no header row):
//   primary:  ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
//             Tonnage, GRT, Vess_flag, Vess_owner, Remarks
//   alt:      ent_num, alt_num, alt_type (aka/fka/nka), alt_name, alt_remarks
//   add:      ent_num, add_num, address, city/state/postal, country, add_remarks
//   comments: ent_num, continuation of the entity's Remarks (joined before parsing)
// "-0- " means empty. Files are Windows-1252 with CRLF and a trailing 0x1A.
//
// Entity ids are "ofac-<ent_num>". SDN_Type maps individual -> Person, vessel ->
// Vessel, aircraft -> Airplane, and "-0-"/entity -> Organization. We keep
// Organization for all of them (no Company): the list does not say which entities are
// companies, and a registration number in the remarks is also given for state bodies
// and foundations, so guessing would mislabel some; matching treats both alike.
//
// Aliases and addresses whose ent_num is not in the primary file are normal (alt.csv
// and add.csv are often newer than sdn.csv): they are counted and reported in one
// warning, not one per row.
//
// Called by the CLI/update code with the file contents already read (ReadFile). One
// call parses one set; entities are emitted in primary-file order once complete.
//
// Thread-safety: stateless; concurrent calls on different inputs are fine.
#ifndef EMBARGO_INGEST_OFAC_H_
#define EMBARGO_INGEST_OFAC_H_

#include <string>
#include <string_view>

#include "ingest/report.h"

namespace embargo::ingest {

// Contents of one OFAC file set. Views must stay valid during ParseOfac. alt, add and
// comments may be empty (missing files); the *_name fields are used in `where`.
struct OfacSources {
  std::string_view sdn, alt, add, comments;
  std::string sdn_name = "sdn.csv";
  std::string alt_name = "alt.csv";
  std::string add_name = "add.csv";
  std::string comments_name = "sdn_comments.csv";
};

// The file names of the consolidated (non-SDN) set, for OfacSources.
inline OfacSources ConsolidatedNames() {
  OfacSources s;
  s.sdn_name = "cons_prim.csv";
  s.alt_name = "cons_alt.csv";
  s.add_name = "cons_add.csv";
  s.comments_name = "cons_comments.csv";
  return s;
}

// Dataset names: "us_ofac_sdn" for the SDN set, "us_ofac_cons" for the consolidated.
inline constexpr std::string_view kOfacSdnDataset = "us_ofac_sdn";
inline constexpr std::string_view kOfacConsDataset = "us_ofac_cons";

// Limits that bound what hostile input may cost.
inline constexpr size_t kMaxOfacEntities = 1'000'000;   // more primary rows are skipped
inline constexpr size_t kMaxOfacNamesPerEntity = 1000;  // more aliases are dropped

// Parses the set and calls `sink` once per entity (id "ofac-<ent_num>", dataset
// `dataset`). Malformed rows (too few columns, non-numeric or duplicate ent_num, no
// name) are skipped and reported; a CSV syntax error (unterminated quote) ends that
// file, keeping what was read before it. Never fails as a whole: the report says what
// was kept.
LoadReport ParseOfac(const OfacSources& src, std::string_view dataset, const EntitySink& sink);

// Splits OFAC's Program column into program codes:
// "[RUSSIA-EO14024] [UKRAINE-EO13660]" and "RUSSIA-EO14024] [UKRAINE-EO13660" both give
// {"RUSSIA-EO14024", "UKRAINE-EO13660"}; "SDGT" gives {"SDGT"}; "-0-" gives {}.
std::vector<std::string> SplitOfacPrograms(std::string_view programs);

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_OFAC_H_
