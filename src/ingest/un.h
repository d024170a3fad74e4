// Parser for the United Nations Security Council Consolidated List, XML edition
// (https://scsanctions.un.org/resources/xml/en/consolidated.xml): root
// <CONSOLIDATED_LIST> with <INDIVIDUALS><INDIVIDUAL>... and <ENTITIES><ENTITY>....
// Called by ingest/loader.cc for files whose root element is CONSOLIDATED_LIST.
//
// Mapping (dataset "un_sc_sanctions", id "unsc-<DATAID>"):
//   INDIVIDUAL -> Person, ENTITY -> Organization
//   FIRST_NAME..FOURTH_NAME  -> primary Name; full = parts joined by a space; for people
//                               first_name = FIRST, last_name = last given part, middle =
//                               the parts between
//   NAME_ORIGINAL_SCRIPT     -> kAlias Name, script detected from its characters
//   *_ALIAS QUALITY          -> "Good", "a.k.a." => kAlias; "Low" => kWeakAlias;
//                               "f.k.a." or NOTE "previously/formerly listed as" => kPrevious
//   *_ALIAS DATE_OF_BIRTH, CITY_OF_BIRTH, COUNTRY_OF_BIRTH -> birth_dates / birth_places
//   INDIVIDUAL_DATE_OF_BIRTH -> DateSpec: EXACT DATE|YEAR, APPROXIMATELY (circa),
//                               BETWEEN FROM_YEAR..TO_YEAR, NOTE "Approximately" (circa),
//                               NOTE "Nov. 1973" / "Sep." + YEAR / "Between Aug. and Sep.
//                               1977"; other NOTEs ("30-35 years old", Hijri dates) are
//                               kept in remarks and counted as warnings
//   INDIVIDUAL_PLACE_OF_BIRTH -> birth_places "street, city, province, country (note)"
//   NATIONALITY/VALUE        -> nationalities (ISO codes via model::CountryCode; names
//                               it does not know are warnings and kept in remarks)
//   TITLE/VALUE, DESIGNATION/VALUE -> titles, positions
//   INDIVIDUAL_DOCUMENT      -> Identifier: passport, national id (refined by
//                               TYPE_OF_DOCUMENT2: social security, driver's licence, tax
//                               code), issuing country, note "issued <date> in <city>; NOTE"
//   *_ADDRESS                -> Address (+ the country code into `countries`)
//   UN_LIST_TYPE -> programs; REFERENCE_NUMBER -> Identifier kOther label "UN reference
//   number"; LISTED_ON -> listed_on; GENDER -> gender; COMMENTS1 -> remarks.
//   VERSIONNUM, LIST_TYPE, LAST_DAY_UPDATED, SORT_KEY*, SUBMITTED_* are ignored; other
//   unknown elements are reported once per name as a warning.
//
// Damaged input: malformed XML yields the records complete before the error plus a
// skip "bad XML" whose `where` is "file:line:col"; the record the error cut short is
// skipped as "truncated record". A record with no DATAID or no name is skipped.
//
// Thread-safety: reentrant; the sink is called on the caller's thread.
#ifndef EMBARGO_INGEST_UN_H_
#define EMBARGO_INGEST_UN_H_

#include <string_view>

#include "ingest/report.h"

namespace embargo::ingest {

inline constexpr std::string_view kUnDataset = "un_sc_sanctions";

// Parses the whole UN consolidated XML `data` and hands each entity to `sink`.
// `file_name` is used in messages ("consolidated.xml:1042:7"). Never throws; every
// problem is in the returned report. Inputs above kMaxXmlBytes (xml_util.h) are refused.
LoadReport ParseUnXml(std::string_view data, std::string_view file_name, const EntitySink& sink);

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_UN_H_
