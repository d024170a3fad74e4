// The OFAC remarks mini-language: the last column of sdn.csv / cons_prim.csv packs an
// entity's structured facts into ';'-separated clauses such as
//   DOB 07 Oct 1952; POB Leningrad, Russia; nationality Russia; Gender Male;
//   Passport 123 (Iran) issued 01 Jan 2000 expires 2010; a.k.a. 'X'; Linked To: Y.
// ParseOfacRemarks turns each clause into entity fields (birth dates, places,
// nationalities, identifiers, weak aliases, links, ...). A clause that no rule
// recognises is kept verbatim in Entity::remarks, so nothing is lost; a clause whose
// label is recognised but whose value is bad ("DOB 31 Feb 1970") is also kept there and
// reported as a warning.
//
// Called by ingest/ofac.cc for each row; separate so the mini-language can be tested
// and fuzzed on its own.
//
// Thread-safety: stateless functions (the label tables are immutable statics).
#ifndef EMBARGO_INGEST_OFAC_REMARKS_H_
#define EMBARGO_INGEST_OFAC_REMARKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "ingest/report.h"
#include "model/entity.h"

namespace embargo::ingest {

// Remarks longer than this are truncated before parsing (hostile input stays bounded;
// the longest real remarks are about 4 KB).
inline constexpr size_t kMaxRemarksBytes = 64 * 1024;

// Parses `remarks` (UTF-8, may be empty or "-0-") into `e`. `where` locates the
// remarks for warnings ("sdn.csv:1042 field 'Remarks'"). Adds to
// report->clauses_total / clauses_unclassified and report->Warn()s bad values.
// REQUIRES: e and report are not null. Uses e->schema (set it first): for people, a
// plain-text clause without digits ("President of the Russian Federation") is a
// position.
void ParseOfacRemarks(std::string_view remarks, const std::string& where, model::Entity* e,
                      LoadReport* report);

// Splits remarks into trimmed clauses on ';', ignoring ';' inside parentheses and
// inside quoted names ('X; Y'). Drops empty clauses and the final '.' of the text.
// Views point into `remarks`.
std::vector<std::string_view> SplitOfacClauses(std::string_view remarks);

// Parses an OFAC date expression: "07 Oct 1952", "Oct 1952", "1952", "circa 1960",
// "circa 1958 to 1960", "Between 1957 and 1962", "1960 to 1962",
// "01 Jan 1960 to 31 Dec 1962". Fails with kParse and a message such as
// "expected a date, got '31 Feb 1970'".
Result<model::DateSpec> ParseOfacDate(std::string_view text);

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_OFAC_REMARKS_H_
