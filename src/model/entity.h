// The one entity model every list is read into, and every later stage (index, match,
// scan, serve, store) works on. It follows FollowTheMoney (FtM), the interchange format
// of this field, closely enough to round-trip through it (see model/ftm.h), while keeping
// what the official lists say that FtM flattens (date ranges, "circa", weak aliases,
// identifier issuers).
//
// All strings are UTF-8. Countries are ISO 3166-1 alpha-2, lower case ("ru"), as in FtM;
// see model/country.h. Plain values: copy and move freely; no invariants beyond the
// comments on each field.
#ifndef EMBARGO_MODEL_ENTITY_H_
#define EMBARGO_MODEL_ENTITY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace embargo::model {

// FtM schemata that can be screened. LegalEntity is the generic "someone" when a list
// does not say whether it is a person or an organisation.
enum class Schema : uint8_t { kLegalEntity, kPerson, kOrganization, kCompany, kVessel, kAirplane };

// FtM schema name ("Person", "LegalEntity", ...).
std::string_view SchemaName(Schema schema);
// Inverse of SchemaName; also accepts FtM's "Organization" subtypes we do not model
// ("PublicBody" -> kOrganization). nullopt when not a screenable schema.
std::optional<Schema> ParseSchema(std::string_view name);
// True when a query of schema `query` may match a list entity of schema `candidate`
// (Person never matches Vessel; LegalEntity matches people and organisations).
bool SchemataCompatible(Schema query, Schema candidate);

enum class NameKind : uint8_t {
  kPrimary,    // the listed name (FtM "name")
  kAlias,      // strong a.k.a. (FtM "alias"; UN quality "Good"/"a.k.a.")
  kWeakAlias,  // weak/low-quality a.k.a. (FtM "weakAlias"; OFAC quoted a.k.a., UN "Low")
  kPrevious,   // former name, f.k.a. (FtM "previousName")
};
std::string_view NameKindName(NameKind kind);  // "name", "alias", "weakAlias", "previousName"

struct Name {
  std::string full;     // as listed, e.g. "PUTIN, Vladimir Vladimirovich"
  NameKind kind = NameKind::kPrimary;
  std::string script;   // ISO 15924 code when known ("Latn", "Cyrl", "Arab", "Hani", ...)
  std::string lang;     // ISO 639 code when the list says (may be empty)
  // Parts, when the list gives them separately (UN FIRST_NAME..FOURTH_NAME, FtM
  // firstName/lastName). Empty when unknown; `full` is always set.
  std::string first_name, middle_name, last_name, patronymic;
};

// A calendar date of known precision: year only, year-month, or a full day.
struct PartialDate {
  int16_t year = 0;   // 0 = unknown
  int8_t month = 0;   // 1-12, 0 = unknown
  int8_t day = 0;     // 1-31, 0 = unknown
  bool empty() const { return year == 0; }
  // ISO 8601 prefix: "1952", "1952-10", "1952-10-07"; "" when empty.
  std::string ToIso() const;
  // Parses the ISO prefix forms above; nullopt otherwise.
  static std::optional<PartialDate> FromIso(std::string_view s);
  friend bool operator==(const PartialDate&, const PartialDate&) = default;
};

// A date as the lists state it: one day/month/year, a range ("Between 1957 and 1962",
// UN FROM_YEAR/TO_YEAR), possibly approximate ("circa 1960", UN "APPROXIMATELY").
struct DateSpec {
  PartialDate from;      // the date, or the start of a range
  PartialDate to;        // the end of a range; empty() for a single date
  bool circa = false;    // approximate
  std::string original;  // the text as listed, for display ("circa 1960")
  bool is_range() const { return !to.empty() && !(to == from); }
  friend bool operator==(const DateSpec&, const DateSpec&) = default;
};

enum class Gender : uint8_t { kUnknown, kMale, kFemale, kOther };
std::string_view GenderName(Gender g);  // "", "male", "female", "other" (FtM values)

enum class IdType : uint8_t {
  kOther,
  kPassport,
  kNationalId,
  kTaxId,
  kRegistration,   // company / business registration number, OGRN, KPP, ...
  kImo,            // vessel or company IMO number
  kMmsi,
  kCallSign,
  kLei,
  kBic,            // SWIFT/BIC code
  kCryptoWallet,   // `label` holds the currency (e.g. "XBT")
  kEmail,
  kWebsite,
  kPhone,
  kDriversLicense,
  kSocialSecurity,
  kAircraftSerial, // manufacturer serial number or tail/registration mark
  kDuns,
};
// Stable lower-case name ("passport", "imo", "crypto_wallet", ...).
std::string_view IdTypeName(IdType type);
std::optional<IdType> ParseIdType(std::string_view name);

struct Identifier {
  IdType type = IdType::kOther;
  std::string value;    // as listed, e.g. "4521087953"
  std::string country;  // issuing country, ISO alpha-2 lower case, may be empty
  std::string label;    // the list's own label ("Cedula No.", "Digital Currency Address - ETH")
  std::string note;     // extra detail ("expires 2025", "issued 12 Jan 2004")
  friend bool operator==(const Identifier&, const Identifier&) = default;
};

struct Address {
  std::string full;         // the whole address as one line
  std::string street, city, region, postal_code;
  std::string country;      // ISO alpha-2 lower case, may be empty
  std::string remarks;
  friend bool operator==(const Address&, const Address&) = default;
};

// A relation to another entity, e.g. OFAC's "Linked To: RUSSIAN DIRECT INVESTMENT FUND".
struct Link {
  std::string relation;   // "linked_to", "owned_by", "director_of", ...
  std::string target_name;
  std::string target_id;  // entity id when resolved, else empty
  friend bool operator==(const Link&, const Link&) = default;
};

struct Entity {
  std::string id;        // stable, e.g. "ofac-35096", "unsc-6908555" (see ingest/README.md)
  std::string dataset;   // OpenSanctions dataset name, e.g. "us_ofac_sdn"
  Schema schema = Schema::kLegalEntity;
  std::vector<Name> names;  // names[0] is the primary name; never empty after ingest

  // Person facts (birth_dates doubles as incorporation date for organisations).
  std::vector<DateSpec> birth_dates;
  std::vector<DateSpec> death_dates;
  std::vector<std::string> birth_places;
  Gender gender = Gender::kUnknown;
  std::vector<std::string> titles;     // "President of the Russian Federation"
  std::vector<std::string> positions;

  std::vector<std::string> nationalities;   // ISO alpha-2
  std::vector<std::string> citizenships;    // ISO alpha-2
  std::vector<std::string> countries;       // residence / jurisdiction / address countries
  std::vector<Identifier> identifiers;
  std::vector<Address> addresses;

  // Vessels and aircraft.
  std::string vessel_type, flag /* ISO alpha-2 */, tonnage, gross_tonnage, owner;
  std::string aircraft_model;

  std::vector<std::string> programs;  // "RUSSIA-EO14024", "DPRK3"
  std::string listed_on;              // ISO date of designation, may be empty
  std::string source_url;
  std::vector<std::string> remarks;   // free text left after structured parsing
  std::vector<Link> links;

  // FtM properties embargo has no field for, kept so FtM round-trips: (property, value).
  std::vector<std::pair<std::string, std::string>> extra;

  const Name& primary_name() const { return names.front(); }  // REQUIRES: !names.empty()
  // "PUTIN, Vladimir Vladimirovich": the primary name, or the id when there is none.
  std::string_view caption() const { return names.empty() ? std::string_view(id) : names.front().full; }
};

// Description of one loaded list.
struct Dataset {
  std::string name;       // "us_ofac_sdn"
  std::string title;      // "US OFAC Specially Designated Nationals (SDN) List"
  std::string publisher;  // "US Treasury OFAC"
  std::string version;    // publication date or file date as known, ISO
  std::vector<std::string> files;  // source files read
  bool is_sample = false; // the bundled hand-written sample, not the official list
};

}  // namespace embargo::model

#endif  // EMBARGO_MODEL_ENTITY_H_
