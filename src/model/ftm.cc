// FollowTheMoney entity JSON <-> Entity (see ftm.h for the property table).
//
// Import works on a "bag": property -> remaining string values. Each field importer
// takes the values it can hold exactly (re-serialising to the same text) out of the
// bag; whatever is left ends in Entity::extra under its property. Export is the
// mirror: field values first, then extra values, per property.
//
// Lossless sections (names, dates, identifiers, addresses, links): ToFtm exports a
// section flat, imports that flat form again, and only when the result differs from
// the section writes the section whole into the top-level "embargo" member. FromFtm
// takes such a section only when every flat value it implies is present in the bag,
// and removes those values, so flat values added by someone else still load.
#include "model/ftm.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "model/country.h"

namespace embargo::model {
namespace {

using json = nlohmann::json;
using Bag = std::map<std::string, std::vector<std::string>>;
using Pairs = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kEmbargoMember = "embargo";

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// True for property names that must be escaped with '%' in extra ("" included).
bool IsSpecialKey(std::string_view k) {
  return k.empty() || k[0] == '@' || k[0] == '$' || k[0] == '#' || k[0] == '%';
}

// Moves the values of `prop` that `take` accepts out of the bag.
template <typename F>
void Take(Bag* bag, const std::string& prop, F&& take) {
  auto it = bag->find(prop);
  if (it == bag->end()) return;
  std::vector<std::string> keep;
  for (auto& v : it->second)
    if (!take(v)) keep.push_back(std::move(v));
  if (keep.empty()) {
    bag->erase(it);
  } else {
    it->second = std::move(keep);
  }
}

Bag ToBag(const Pairs& pairs) {
  Bag bag;
  for (const auto& [p, v] : pairs) bag[p].push_back(v);
  return bag;
}

// Removes every pair from `bag` (one occurrence each); false (bag unchanged) when one
// is missing.
bool ConsumeAll(const Pairs& pairs, Bag* bag) {
  Bag copy = *bag;
  for (const auto& [p, v] : pairs) {
    auto it = copy.find(p);
    if (it == copy.end()) return false;
    auto vit = std::find(it->second.begin(), it->second.end(), v);
    if (vit == it->second.end()) return false;
    it->second.erase(vit);
    if (it->second.empty()) copy.erase(it);
  }
  *bag = std::move(copy);
  return true;
}

// ---- Names -------------------------------------------------------------------------

constexpr std::array<NameKind, 4> kNameKinds = {NameKind::kPrimary, NameKind::kAlias,
                                                NameKind::kWeakAlias, NameKind::kPrevious};
struct NamePart {
  const char* prop;
  const char* key;  // in the "embargo" section
  std::string Name::*field;
};
const std::array<NamePart, 4> kNameParts = {{{"firstName", "first", &Name::first_name},
                                             {"middleName", "middle", &Name::middle_name},
                                             {"lastName", "last", &Name::last_name},
                                             {"fatherName", "patronymic", &Name::patronymic}}};

bool SameName(const Name& a, const Name& b) {
  return a.full == b.full && a.kind == b.kind && a.script == b.script && a.lang == b.lang &&
         a.first_name == b.first_name && a.middle_name == b.middle_name &&
         a.last_name == b.last_name && a.patronymic == b.patronymic;
}
bool SameNames(const std::vector<Name>& a, const std::vector<Name>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), SameName);
}

void ExportNames(const std::vector<Name>& names, Pairs* out) {
  for (const Name& n : names) out->emplace_back(NameKindName(n.kind), n.full);
  if (names.empty()) return;
  for (const auto& part : kNameParts)
    if (!(names[0].*part.field).empty()) out->emplace_back(part.prop, names[0].*part.field);
}

void ImportNames(Bag* bag, std::vector<Name>* names) {
  for (NameKind kind : kNameKinds) {
    Take(bag, std::string(NameKindName(kind)), [&](const std::string& v) {
      if (v.empty()) return false;
      Name n;
      n.full = v;
      n.kind = kind;
      names->push_back(std::move(n));
      return true;
    });
  }
  for (const auto& part : kNameParts) {
    Take(bag, part.prop, [&](const std::string& v) {
      if (v.empty() || names->empty() || !((*names)[0].*part.field).empty()) return false;
      (*names)[0].*part.field = v;
      return true;
    });
  }
}

// ---- Dates -------------------------------------------------------------------------

// A range of whole years at most this long exports as every year in it (as OpenSanctions
// does for "between 1957 and 1962"); longer or finer ranges export their endpoints.
constexpr int kMaxExpandedYears = 10;

void ExportDates(const std::vector<DateSpec>& dates, const std::string& prop, Pairs* out) {
  for (const DateSpec& d : dates) {
    if (d.from.empty()) continue;
    if (!d.is_range()) {
      out->emplace_back(prop, d.from.ToIso());
    } else if (d.from.month == 0 && d.to.month == 0 && d.to.year >= d.from.year &&
               d.to.year - d.from.year <= kMaxExpandedYears) {
      for (int y = d.from.year; y <= d.to.year; ++y)
        out->emplace_back(prop, PartialDate{static_cast<int16_t>(y), 0, 0}.ToIso());
    } else {
      out->emplace_back(prop, d.from.ToIso());
      out->emplace_back(prop, d.to.ToIso());
    }
  }
}

void ImportDates(Bag* bag, const std::string& prop, std::vector<DateSpec>* dates) {
  Take(bag, prop, [&](const std::string& v) {
    auto p = PartialDate::FromIso(v);
    if (!p || p->ToIso() != v) return false;
    DateSpec d;
    d.from = *p;
    dates->push_back(std::move(d));
    return true;
  });
}

std::string BirthDateProp(Schema s) {
  return s == Schema::kPerson ? "birthDate" : "incorporationDate";
}
std::string DeathDateProp(Schema s) {
  return s == Schema::kPerson ? "deathDate" : "dissolutionDate";
}

// ---- Identifiers -------------------------------------------------------------------

struct IdProp {
  const char* prop;
  IdType type;
  const char* label;  // label given on import; on export (type, label) picks the property
};
// Import order; for export the first row of a type with label "" is its default.
constexpr std::array<IdProp, 19> kIdProps = {{
    {"passportNumber", IdType::kPassport, ""},
    {"idNumber", IdType::kNationalId, ""},
    {"taxNumber", IdType::kTaxId, ""},
    {"innCode", IdType::kTaxId, "INN"},
    {"vatCode", IdType::kTaxId, "VAT"},
    {"registrationNumber", IdType::kRegistration, ""},
    {"ogrnCode", IdType::kRegistration, "OGRN"},
    {"kppCode", IdType::kRegistration, "KPP"},
    {"okpoCode", IdType::kRegistration, "OKPO"},
    {"imoNumber", IdType::kImo, ""},
    {"mmsi", IdType::kMmsi, ""},
    {"callSign", IdType::kCallSign, ""},
    {"leiCode", IdType::kLei, ""},
    {"swiftBic", IdType::kBic, ""},
    {"email", IdType::kEmail, ""},
    {"website", IdType::kWebsite, ""},
    {"phone", IdType::kPhone, ""},
    {"dunsCode", IdType::kDuns, ""},
    {"serialNumber", IdType::kAircraftSerial, ""},
}};

// FtM property for an identifier; nullptr when FtM has none (crypto wallets).
const char* IdPropFor(const Identifier& id) {
  for (const auto& row : kIdProps)
    if (row.type == id.type && id.label == row.label) return row.prop;
  for (const auto& row : kIdProps)
    if (row.type == id.type && row.label[0] == '\0') return row.prop;
  switch (id.type) {
    case IdType::kOther:
    case IdType::kDriversLicense:
    case IdType::kSocialSecurity:
      return "idNumber";
    default:
      return nullptr;
  }
}

void ExportIdentifiers(const std::vector<Identifier>& ids, Pairs* out) {
  for (const Identifier& id : ids)
    if (const char* prop = IdPropFor(id)) out->emplace_back(prop, id.value);
}

void ImportIdentifiers(Bag* bag, std::vector<Identifier>* ids) {
  for (const auto& row : kIdProps) {
    Take(bag, row.prop, [&](const std::string& v) {
      if (v.empty()) return false;
      Identifier id;
      id.type = row.type;
      id.value = v;
      id.label = row.label;
      ids->push_back(std::move(id));
      return true;
    });
  }
}

// ---- Addresses ---------------------------------------------------------------------

std::string AddressLine(const Address& a) {
  if (!a.full.empty()) return a.full;
  std::string line;
  for (const std::string* part : {&a.street, &a.postal_code, &a.city, &a.region, &a.country}) {
    if (part->empty()) continue;
    if (!line.empty()) line += ", ";
    line += *part;
  }
  return line;
}

void ExportAddresses(const std::vector<Address>& addresses, Pairs* out) {
  for (const Address& a : addresses) {
    std::string line = AddressLine(a);
    if (!line.empty()) out->emplace_back("address", std::move(line));
  }
}

void ImportAddresses(Bag* bag, std::vector<Address>* addresses) {
  Take(bag, "address", [&](const std::string& v) {
    if (v.empty()) return false;
    Address a;
    a.full = v;
    addresses->push_back(std::move(a));
    return true;
  });
}

// ---- The "embargo" member ----------------------------------------------------------

void PutIf(json* o, const char* key, const std::string& v) {
  if (!v.empty()) (*o)[key] = v;
}
// Reads optional string member `key` of object `o`; false when present but not a string.
bool GetOpt(const json& o, const char* key, std::string* out) {
  auto it = o.find(key);
  if (it == o.end()) return true;
  if (!it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

json NamesToJson(const std::vector<Name>& names) {
  json a = json::array();
  for (const Name& n : names) {
    json o = {{"full", n.full}, {"kind", std::string(NameKindName(n.kind))}};
    PutIf(&o, "script", n.script);
    PutIf(&o, "lang", n.lang);
    for (const auto& part : kNameParts) PutIf(&o, part.key, n.*part.field);
    a.push_back(std::move(o));
  }
  return a;
}
std::optional<std::vector<Name>> NamesFromJson(const json& a) {
  if (!a.is_array()) return std::nullopt;
  std::vector<Name> names;
  for (const json& o : a) {
    if (!o.is_object()) return std::nullopt;
    Name n;
    std::string kind;
    bool ok = GetOpt(o, "full", &n.full) && GetOpt(o, "kind", &kind) &&
              GetOpt(o, "script", &n.script) && GetOpt(o, "lang", &n.lang);
    for (const auto& part : kNameParts) ok = ok && GetOpt(o, part.key, &(n.*part.field));
    if (!ok || n.full.empty()) return std::nullopt;
    auto k = std::find_if(kNameKinds.begin(), kNameKinds.end(),
                          [&](NameKind nk) { return NameKindName(nk) == kind; });
    if (k == kNameKinds.end()) return std::nullopt;
    n.kind = *k;
    names.push_back(std::move(n));
  }
  return names;
}

json DatesToJson(const std::vector<DateSpec>& dates) {
  json a = json::array();
  for (const DateSpec& d : dates) {
    json o = json::object();
    PutIf(&o, "from", d.from.ToIso());
    PutIf(&o, "to", d.to.ToIso());
    if (d.circa) o["circa"] = true;
    PutIf(&o, "original", d.original);
    a.push_back(std::move(o));
  }
  return a;
}
std::optional<std::vector<DateSpec>> DatesFromJson(const json& a) {
  if (!a.is_array()) return std::nullopt;
  std::vector<DateSpec> dates;
  for (const json& o : a) {
    if (!o.is_object()) return std::nullopt;
    DateSpec d;
    std::string from, to;
    if (!GetOpt(o, "from", &from) || !GetOpt(o, "to", &to) || !GetOpt(o, "original", &d.original))
      return std::nullopt;
    for (auto [text, date] : {std::pair{&from, &d.from}, std::pair{&to, &d.to}}) {
      if (text->empty()) continue;
      auto p = PartialDate::FromIso(*text);
      if (!p || p->ToIso() != *text) return std::nullopt;
      *date = *p;
    }
    if (auto it = o.find("circa"); it != o.end()) {
      if (!it->is_boolean()) return std::nullopt;
      d.circa = it->get<bool>();
    }
    dates.push_back(std::move(d));
  }
  return dates;
}

json IdentifiersToJson(const std::vector<Identifier>& ids) {
  json a = json::array();
  for (const Identifier& id : ids) {
    json o = {{"type", std::string(IdTypeName(id.type))}, {"value", id.value}};
    PutIf(&o, "country", id.country);
    PutIf(&o, "label", id.label);
    PutIf(&o, "note", id.note);
    a.push_back(std::move(o));
  }
  return a;
}
std::optional<std::vector<Identifier>> IdentifiersFromJson(const json& a) {
  if (!a.is_array()) return std::nullopt;
  std::vector<Identifier> ids;
  for (const json& o : a) {
    if (!o.is_object()) return std::nullopt;
    Identifier id;
    std::string type;
    if (!GetOpt(o, "type", &type) || !GetOpt(o, "value", &id.value) ||
        !GetOpt(o, "country", &id.country) || !GetOpt(o, "label", &id.label) ||
        !GetOpt(o, "note", &id.note))
      return std::nullopt;
    auto t = ParseIdType(type);
    if (!t) return std::nullopt;
    id.type = *t;
    ids.push_back(std::move(id));
  }
  return ids;
}

json AddressesToJson(const std::vector<Address>& addresses) {
  json a = json::array();
  for (const Address& x : addresses) {
    json o = json::object();
    PutIf(&o, "full", x.full);
    PutIf(&o, "street", x.street);
    PutIf(&o, "city", x.city);
    PutIf(&o, "region", x.region);
    PutIf(&o, "postalCode", x.postal_code);
    PutIf(&o, "country", x.country);
    PutIf(&o, "remarks", x.remarks);
    a.push_back(std::move(o));
  }
  return a;
}
std::optional<std::vector<Address>> AddressesFromJson(const json& a) {
  if (!a.is_array()) return std::nullopt;
  std::vector<Address> addresses;
  for (const json& o : a) {
    if (!o.is_object()) return std::nullopt;
    Address x;
    if (!GetOpt(o, "full", &x.full) || !GetOpt(o, "street", &x.street) ||
        !GetOpt(o, "city", &x.city) || !GetOpt(o, "region", &x.region) ||
        !GetOpt(o, "postalCode", &x.postal_code) || !GetOpt(o, "country", &x.country) ||
        !GetOpt(o, "remarks", &x.remarks))
      return std::nullopt;
    addresses.push_back(std::move(x));
  }
  return addresses;
}

json LinksToJson(const std::vector<Link>& links) {
  json a = json::array();
  for (const Link& l : links) {
    json o = json::object();
    PutIf(&o, "relation", l.relation);
    PutIf(&o, "targetName", l.target_name);
    PutIf(&o, "targetId", l.target_id);
    a.push_back(std::move(o));
  }
  return a;
}
std::optional<std::vector<Link>> LinksFromJson(const json& a) {
  if (!a.is_array()) return std::nullopt;
  std::vector<Link> links;
  for (const json& o : a) {
    if (!o.is_object()) return std::nullopt;
    Link l;
    if (!GetOpt(o, "relation", &l.relation) || !GetOpt(o, "targetName", &l.target_name) ||
        !GetOpt(o, "targetId", &l.target_id))
      return std::nullopt;
    links.push_back(std::move(l));
  }
  return links;
}

// Uses section `key` of the "embargo" member when its flat form is in the bag.
template <typename T, typename FromJson, typename Export>
void UseSection(const json& block, const char* key, FromJson from_json, Export export_flat,
                Bag* bag, std::vector<T>* field) {
  auto it = block.find(key);
  if (it == block.end()) return;
  auto parsed = from_json(*it);
  if (!parsed) return;
  Pairs flat;
  export_flat(*parsed, &flat);
  if (ConsumeAll(flat, bag)) *field = std::move(*parsed);
}

// ---- Single-valued and list fields -------------------------------------------------

void TakeList(Bag* bag, const std::string& prop, std::vector<std::string>* field) {
  Take(bag, prop, [&](const std::string& v) {
    if (v.empty()) return false;
    field->push_back(v);
    return true;
  });
}
void TakeCountries(Bag* bag, const std::string& prop, std::vector<std::string>* field,
                   Pairs* markers) {
  Take(bag, prop, [&](const std::string& v) {
    if (!IsCountryCode(v)) return false;
    field->push_back(v);
    if (markers) markers->emplace_back("#" + prop, v);
    return true;
  });
}
template <typename Accept>
void TakeOne(Bag* bag, const std::string& prop, std::string* field, Accept accept) {
  Take(bag, prop, [&](const std::string& v) {
    if (!field->empty() || v.empty() || !accept(v)) return false;
    *field = v;
    return true;
  });
}
void TakeOne(Bag* bag, const std::string& prop, std::string* field) {
  TakeOne(bag, prop, field, [](const std::string&) { return true; });
}
bool IsExactIsoDate(const std::string& v) {
  auto p = PartialDate::FromIso(v);
  return p && p->ToIso() == v;
}

struct SingleField {
  const char* prop;
  std::string Entity::*field;
  std::optional<Schema> only;  // mapped only for this schema
};
const std::array<SingleField, 7> kSingleFields = {{
    {"sourceUrl", &Entity::source_url, std::nullopt},
    {"type", &Entity::vessel_type, Schema::kVessel},
    {"flag", &Entity::flag, Schema::kVessel},
    {"tonnage", &Entity::tonnage, Schema::kVessel},
    {"grossRegisteredTonnage", &Entity::gross_tonnage, Schema::kVessel},
    {"owner", &Entity::owner, Schema::kVessel},
    {"model", &Entity::aircraft_model, Schema::kAirplane},
}};

struct ListField {
  const char* prop;
  std::vector<std::string> Entity::*field;
};
const std::array<ListField, 5> kListFields = {{
    {"birthPlace", &Entity::birth_places},
    {"title", &Entity::titles},
    {"position", &Entity::positions},
    {"notes", &Entity::remarks},
    {"programId", &Entity::programs},
}};

}  // namespace

json ToFtm(const Entity& e) {
  json j = json::object();
  j["id"] = e.id;
  j["schema"] = std::string(SchemaName(e.schema));
  j["caption"] = std::string(e.caption());
  json embargo = json::object();
  Pairs flat;

  // Lossless sections: flat form, plus the section in "embargo" when flat loses detail.
  {
    Pairs p;
    ExportNames(e.names, &p);
    Bag b = ToBag(p);
    std::vector<Name> back;
    ImportNames(&b, &back);
    if (!b.empty() || !SameNames(back, e.names)) embargo["names"] = NamesToJson(e.names);
    flat.insert(flat.end(), p.begin(), p.end());
  }
  auto dates = [&](const std::vector<DateSpec>& field, const std::string& prop, const char* key) {
    Pairs p;
    ExportDates(field, prop, &p);
    Bag b = ToBag(p);
    std::vector<DateSpec> back;
    ImportDates(&b, prop, &back);
    if (!b.empty() || back != field) embargo[key] = DatesToJson(field);
    flat.insert(flat.end(), p.begin(), p.end());
  };
  dates(e.birth_dates, BirthDateProp(e.schema), "birthDates");
  dates(e.death_dates, DeathDateProp(e.schema), "deathDates");
  {
    Pairs p;
    ExportIdentifiers(e.identifiers, &p);
    Bag b = ToBag(p);
    std::vector<Identifier> back;
    ImportIdentifiers(&b, &back);
    if (!b.empty() || back != e.identifiers)
      embargo["identifiers"] = IdentifiersToJson(e.identifiers);
    flat.insert(flat.end(), p.begin(), p.end());
  }
  {
    Pairs p;
    ExportAddresses(e.addresses, &p);
    Bag b = ToBag(p);
    std::vector<Address> back;
    ImportAddresses(&b, &back);
    if (!b.empty() || back != e.addresses) embargo["addresses"] = AddressesToJson(e.addresses);
    flat.insert(flat.end(), p.begin(), p.end());
  }
  if (!e.links.empty()) embargo["links"] = LinksToJson(e.links);

  // Plain fields.
  for (const auto& f : kListFields)
    for (const auto& v : e.*f.field) flat.emplace_back(f.prop, v);
  for (const auto& v : e.nationalities) flat.emplace_back("nationality", v);
  for (const auto& v : e.citizenships) flat.emplace_back("citizenship", v);
  {
    // Countries that came from "jurisdiction" go back there (markers "#jurisdiction").
    std::vector<std::string> from_jurisdiction;
    for (const auto& [k, v] : e.extra)
      if (k == "#jurisdiction") from_jurisdiction.push_back(v);
    for (const auto& c : e.countries) {
      auto it = std::find(from_jurisdiction.begin(), from_jurisdiction.end(), c);
      if (it != from_jurisdiction.end()) {
        from_jurisdiction.erase(it);
        flat.emplace_back("jurisdiction", c);
      } else {
        flat.emplace_back("country", c);
      }
    }
  }
  if (e.gender != Gender::kUnknown) flat.emplace_back("gender", GenderName(e.gender));
  if (!e.listed_on.empty()) flat.emplace_back("createdAt", e.listed_on);
  for (const auto& f : kSingleFields)
    if (!(e.*f.field).empty()) flat.emplace_back(f.prop, e.*f.field);

  json props = json::object();
  for (auto& [p, v] : flat) props[p].push_back(std::move(v));
  std::vector<std::pair<std::string, json>> top;
  for (const auto& [k, v] : e.extra) {
    switch (k.empty() ? '\0' : k[0]) {
      case '#':
        break;
      case '@': {
        json value = json::parse(v, nullptr, false);
        top.emplace_back(k.substr(1), value.is_discarded() ? json(v) : std::move(value));
        break;
      }
      case '$': {
        json value = json::parse(v, nullptr, false);
        props[k.substr(1)].push_back(value.is_discarded() ? json(v) : std::move(value));
        break;
      }
      case '%':
        props[k.substr(1)].push_back(v);
        break;
      default:
        props[k].push_back(v);
    }
  }
  j["properties"] = std::move(props);
  if (!e.dataset.empty()) j["datasets"] = json::array({e.dataset});
  if (!embargo.empty()) j[kEmbargoMember] = std::move(embargo);
  for (auto& [k, v] : top) {
    if (k == "id" || k == "properties" || k == kEmbargoMember) continue;
    j[k] = std::move(v);
  }
  return j;
}

std::string ToFtmLine(const Entity& e) { return Dump(ToFtm(e)); }

Result<Entity> FromFtm(const json& j, std::string_view where) {
  try {
    if (!j.is_object())
      return Fail(ErrorCode::kParse, std::string("expected a JSON object, got ") + j.type_name(),
                  std::string(where));
    auto id = j.find("id");
    if (id == j.end() || !id->is_string() || id->get_ref<const std::string&>().empty())
      return Fail(ErrorCode::kParse, "missing \"id\" (a non-empty string)", std::string(where));
    auto schema_it = j.find("schema");
    if (schema_it == j.end() || !schema_it->is_string())
      return Fail(ErrorCode::kParse, "missing \"schema\" (a string)", std::string(where));
    const std::string& schema_name = schema_it->get_ref<const std::string&>();
    auto schema = ParseSchema(schema_name);
    if (!schema)
      return Fail(ErrorCode::kNotFound, "non-screenable schema '" + schema_name + "'",
                  std::string(where));

    Entity e;
    e.id = id->get<std::string>();
    e.schema = *schema;
    Pairs extra;
    if (SchemaName(*schema) != schema_name) extra.emplace_back("@schema", Dump(*schema_it));

    Bag bag;
    if (auto props = j.find("properties"); props != j.end()) {
      if (!props->is_object())
        return Fail(ErrorCode::kParse, "\"properties\" is not an object", std::string(where));
      for (const auto& item : props->items()) {
        const std::string& k = item.key();  // not a structured binding: lambdas capture it
        const json& value = item.value();
        auto add = [&](const json& v) {
          if (!v.is_string()) {
            extra.emplace_back("$" + k, Dump(v));
          } else if (IsSpecialKey(k)) {
            extra.emplace_back("%" + k, v.get<std::string>());
          } else {
            bag[k].push_back(v.get<std::string>());
          }
        };
        if (value.is_array()) {
          for (const auto& v : value) add(v);
        } else {
          add(value);
        }
      }
    }

    const std::string birth_prop = BirthDateProp(e.schema);
    const std::string death_prop = DeathDateProp(e.schema);
    if (auto block = j.find(kEmbargoMember); block != j.end() && block->is_object()) {
      UseSection(*block, "names", NamesFromJson, ExportNames, &bag, &e.names);
      UseSection(
          *block, "birthDates", DatesFromJson,
          [&](const std::vector<DateSpec>& d, Pairs* out) { ExportDates(d, birth_prop, out); },
          &bag, &e.birth_dates);
      UseSection(
          *block, "deathDates", DatesFromJson,
          [&](const std::vector<DateSpec>& d, Pairs* out) { ExportDates(d, death_prop, out); },
          &bag, &e.death_dates);
      UseSection(*block, "identifiers", IdentifiersFromJson, ExportIdentifiers, &bag,
                 &e.identifiers);
      UseSection(*block, "addresses", AddressesFromJson, ExportAddresses, &bag, &e.addresses);
      if (auto links = LinksFromJson(block->value("links", json::array()))) e.links = *links;
    }

    ImportNames(&bag, &e.names);
    ImportDates(&bag, birth_prop, &e.birth_dates);
    ImportDates(&bag, death_prop, &e.death_dates);
    ImportIdentifiers(&bag, &e.identifiers);
    ImportAddresses(&bag, &e.addresses);
    for (const auto& f : kListFields) TakeList(&bag, f.prop, &(e.*f.field));
    TakeCountries(&bag, "nationality", &e.nationalities, nullptr);
    TakeCountries(&bag, "citizenship", &e.citizenships, nullptr);
    TakeCountries(&bag, "country", &e.countries, nullptr);
    TakeCountries(&bag, "jurisdiction", &e.countries, &extra);
    Take(&bag, "gender", [&](const std::string& v) {
      if (e.gender != Gender::kUnknown) return false;
      for (Gender g : {Gender::kMale, Gender::kFemale, Gender::kOther}) {
        if (GenderName(g) == v) {
          e.gender = g;
          return true;
        }
      }
      return false;
    });
    TakeOne(&bag, "createdAt", &e.listed_on, IsExactIsoDate);
    for (const auto& f : kSingleFields)
      if (!f.only || *f.only == e.schema) TakeOne(&bag, f.prop, &(e.*f.field));

    for (auto& [k, values] : bag)
      for (auto& v : values) extra.emplace_back(k, std::move(v));

    // Top-level members.
    for (const auto& [k, v] : j.items()) {
      if (k == "id" || k == "schema" || k == "properties" || k == "caption" || k == kEmbargoMember)
        continue;
      if (k == "datasets" && v.is_array() && v.size() == 1 && v[0].is_string()) {
        e.dataset = v[0].get<std::string>();
        continue;
      }
      if (k == "datasets" && v.is_array() && !v.empty() && v[0].is_string())
        e.dataset = v[0].get<std::string>();
      extra.emplace_back("@" + k, Dump(v));
    }

    if (e.names.empty())
      return Fail(ErrorCode::kParse, "entity '" + e.id + "' has no name", std::string(where));
    std::stable_sort(extra.begin(), extra.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    e.extra = std::move(extra);
    return e;
  } catch (const std::exception& ex) {
    return Fail(ErrorCode::kInternal, std::string("FtM conversion failed: ") + ex.what(),
                std::string(where));
  }
}

bool SameEntity(const Entity& a, const Entity& b) {
  return a.id == b.id && a.dataset == b.dataset && a.schema == b.schema &&
         SameNames(a.names, b.names) && a.birth_dates == b.birth_dates &&
         a.death_dates == b.death_dates && a.birth_places == b.birth_places &&
         a.gender == b.gender && a.titles == b.titles && a.positions == b.positions &&
         a.nationalities == b.nationalities && a.citizenships == b.citizenships &&
         a.countries == b.countries && a.identifiers == b.identifiers &&
         a.addresses == b.addresses && a.vessel_type == b.vessel_type && a.flag == b.flag &&
         a.tonnage == b.tonnage && a.gross_tonnage == b.gross_tonnage && a.owner == b.owner &&
         a.aircraft_model == b.aircraft_model && a.programs == b.programs &&
         a.listed_on == b.listed_on && a.source_url == b.source_url && a.remarks == b.remarks &&
         a.links == b.links && a.extra == b.extra;
}

}  // namespace embargo::model
