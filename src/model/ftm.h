// Converts the entity model to and from FollowTheMoney (FtM) entity JSON, the interchange
// format of OpenSanctions: {"id","schema","properties":{prop:[values]},"datasets":[...]}.
// Called by ingest/opensanctions (import) and by the export command (export).
//
// Property mapping (FtM name -> Entity field):
//   name/alias/weakAlias/previousName -> names (NameKind); firstName/middleName/lastName/
//   fatherName -> parts of names[0]; birthDate (Person) or incorporationDate (others) ->
//   birth_dates; deathDate (Person) or dissolutionDate (others) -> death_dates;
//   birthPlace, gender, nationality, citizenship, country + jurisdiction -> countries,
//   title, position, notes -> remarks, programId -> programs, createdAt -> listed_on,
//   sourceUrl, address -> addresses (full), passportNumber/idNumber/taxNumber/innCode/
//   vatCode/registrationNumber/ogrnCode/kppCode/okpoCode/imoNumber/mmsi/callSign/leiCode/
//   swiftBic/email/website/phone/dunsCode/serialNumber -> identifiers;
//   Vessel: type/flag/tonnage/grossRegisteredTonnage/owner; Airplane: model.
//   Everything else (topics, program, addressEntity, wikidataId, ...) is kept verbatim
//   in Entity::extra and written back unchanged. Values a field cannot hold exactly
//   (an invalid date "NA", an upper-case country "SA", an empty string, a second
//   sourceUrl) also stay in extra under their property, so nothing is lost.
//
// Lossless round trip. FtM has no place for date ranges, "circa", name scripts,
// identifier issuers/labels, address parts or links. ToFtm writes the flat FtM form
// (a range of year-only endpoints <= 10 years apart exports as every year, any other
// range as its two endpoints; circa exports the date itself) and, only for the parts of
// an entity the flat form would lose, an extra top-level member
//   "embargo": {"names":[...],"birthDates":[...],"deathDates":[...],
//               "identifiers":[...],"addresses":[...],"links":[...]}
// that FtM tools ignore. FromFtm uses a section of it only when the flat values it
// implies are all present in "properties" (so an edited file is read from its flat
// values). Hence: FromFtm(ToFtm(e)) == e for any entity whose extra is sorted by
// property and whose names are grouped by kind (name, alias, weakAlias, previousName)
// — the order FromFtm produces — and ToFtm(FromFtm(j)) has the same properties as j
// (order-insensitive; a scalar property value comes back as a one-element list).
// Other top-level members (referents, first_seen, target, a 2nd+ dataset, ...) are kept
// in extra as "@member" -> compact JSON; "caption" is recomputed from the primary name.
// Extra key prefixes: "@" top-level member, "$" non-string property value as JSON,
// "#" bookkeeping (e.g. "#jurisdiction": a country that came from jurisdiction),
// "%" escapes a property whose own name starts with one of "@$#%".
//
// Thread-safety: pure functions.
#ifndef EMBARGO_MODEL_FTM_H_
#define EMBARGO_MODEL_FTM_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/error.h"
#include "model/entity.h"

namespace embargo::model {

// One FtM entity object for `e` (with "caption" = e.caption()).
nlohmann::json ToFtm(const Entity& e);

// ToFtm(e) as compact JSON on one line (no trailing newline), UTF-8 kept as is.
std::string ToFtmLine(const Entity& e);

// Reads one FtM entity object. `where` ("file:line") goes into errors.
// Errors: kParse when `j` is not an object, "id" or "schema" is missing or not a
// string, "properties" is not an object, or the entity has no usable name;
// kNotFound when the schema is valid FtM but not screenable (Sanction, Ownership,
// Address, Family, ...): callers count those as skipped, not as failures.
// The dataset is "datasets"[0] when present, else empty (the caller fills it in).
Result<Entity> FromFtm(const nlohmann::json& j, std::string_view where);

// Field-by-field equality of two entities (the model has no operator==); for
// round-trip tests and the fuzzer.
bool SameEntity(const Entity& a, const Entity& b);

}  // namespace embargo::model

#endif  // EMBARGO_MODEL_FTM_H_
