// Parser for Canada's Consolidated Special Economic Measures Act (SEMA) and JVCFOA
// autonomous sanctions list, XML edition (sema-lmes.xml): a flat <data-set> of <record>
// elements. Called by ingest/loader.cc for files whose root element is <data-set>.
//
// Both published element spellings are read: the 2020 one (<Entity>, <Title>,
// <DateOfBirth>) and the later one (<EntityOrShip>, <TitleOrShip>, <ShipIMONumber>,
// <DateOfBirthOrShipBuildDate>, <DateOfListing>), also with bilingual suffixes
// (<EntityOrShip-EntiteOuNavire>): an element name is read up to its first '-'.
//
// Mapping (dataset "ca_dfatd_sema_sanctions"):
//   LastName/GivenName   -> Person "Given Last" (first_name = GivenName, last_name =
//                           LastName)
//   Entity/EntityOrShip  -> Organization ("English/Français" -> English name + French
//                           alias), or Vessel when ShipIMONumber is given or the
//                           name says "(vessel)"; IMO -> Identifier kImo; TitleOrShip ->
//                           vessel_type; the build date -> extra "buildDate"
//   Country              -> the sanctions regime, bilingual ("Burma / Birmanie"): the
//                           English half gives programs "SEMA Burma" and countries "mm";
//                           a regulation name with an acronym ("... (JVCFOR) / ...")
//                           gives programs "JVCFOR" and no country
//   Title                -> titles (English half of "Major General/major-général")
//   DateOfBirth          -> birth_dates: YYYY, YYYY-MM, YYYY-MM-DD, "A or B"
//   DateOfListing        -> listed_on;  Schedule + Item -> remarks "Schedule 1, Item 17"
//   Aliases              -> one text, split on ',', ';' and '/'; "(X)" -> X. For a person
//                           an item of several words is an alias as written; one
//                           ALL-CAPS word is a surname variant ("Given VARIANT"); one
//                           word close to the first given name is a spelling variant
//                           ("Andrei" for "Andrey Igorevich" -> "Andrei Igorevich
//                           AKIMOV"); any other single word is a nickname (kWeakAlias).
//
// Ids: the list has no record id. The stable key is regime + Schedule + Item, which is
// unique within the list and stays put while an entry is listed:
//   "ca-sema-<slug(English regime)>-<slug(Schedule) or 'x'>-<slug(Item)>"
//   e.g. "ca-sema-burma-1-17", "ca-sema-russia-1-part-2-5", "ca-sema-jvcfor-x-12"
// (slug = lower-case ASCII letters and digits, other runs -> '-'). A record without an
// Item gets "ca-sema-<16 hex digits of FNV-1a 64 of regime|name>". Duplicate ids within
// one file are skipped as "duplicate id".
//
// Damaged input: as for the UN parser (un.h): records complete before an XML error are
// kept, the error is a skip "bad XML" at "file:line:col", a record the error cut short is
// skipped "truncated record", a record with no name is skipped "missing name".
//
// Thread-safety: reentrant; the sink is called on the caller's thread.
#ifndef EMBARGO_INGEST_SEMA_H_
#define EMBARGO_INGEST_SEMA_H_

#include <string_view>

#include "ingest/report.h"

namespace embargo::ingest {

inline constexpr std::string_view kSemaDataset = "ca_dfatd_sema_sanctions";

// Parses the whole SEMA XML `data` and hands each entity to `sink`. `file_name` is used
// in messages. Never throws; inputs above kMaxXmlBytes (xml_util.h) are refused.
LoadReport ParseSemaXml(std::string_view data, std::string_view file_name, const EntitySink& sink);

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_SEMA_H_
