// UN Security Council Consolidated List (XML) -> model::Entity. The element-to-field
// mapping is in un.h. The format, as published (checked on the 2020-03-20, 2024-11-30
// and 2026-02-27 files):
//
//   <CONSOLIDATED_LIST dateGenerated="...">
//     <INDIVIDUALS><INDIVIDUAL>
//       <DATAID/> <VERSIONNUM/> <FIRST_NAME/>..<FOURTH_NAME/> <UN_LIST_TYPE/>
//       <REFERENCE_NUMBER/> <LISTED_ON/> <GENDER/> <COMMENTS1/> <NAME_ORIGINAL_SCRIPT/>
//       <TITLE><VALUE/>*</TITLE> <DESIGNATION><VALUE/>*</DESIGNATION>
//       <NATIONALITY><VALUE/>*</NATIONALITY> <LIST_TYPE/> <LAST_DAY_UPDATED/>
//       <INDIVIDUAL_ALIAS>* (QUALITY, ALIAS_NAME, NOTE, DATE_OF_BIRTH, CITY_OF_BIRTH,
//                            COUNTRY_OF_BIRTH)
//       <INDIVIDUAL_ADDRESS>* (STREET, CITY, STATE_PROVINCE, ZIP_CODE, COUNTRY, NOTE)
//       <INDIVIDUAL_DATE_OF_BIRTH>* (TYPE_OF_DATE, DATE, YEAR, FROM_YEAR, TO_YEAR, NOTE)
//       <INDIVIDUAL_PLACE_OF_BIRTH>* (STREET, CITY, STATE_PROVINCE, COUNTRY, NOTE)
//       <INDIVIDUAL_DOCUMENT>* (TYPE_OF_DOCUMENT, TYPE_OF_DOCUMENT2, NUMBER,
//                               ISSUING_COUNTRY, COUNTRY_OF_ISSUE, CITY_OF_ISSUE,
//                               DATE_OF_ISSUE, NOTE)
//       <SORT_KEY/> <SORT_KEY_LAST_MOD/>
//     </INDIVIDUAL></INDIVIDUALS>
//     <ENTITIES><ENTITY> the same, with ENTITY_ALIAS and ENTITY_ADDRESS </ENTITY></ENTITIES>
//   </CONSOLIDATED_LIST>
//
// Empty placeholders (<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>,
// <TYPE_OF_DATE/>) are common and mean "none". The walk visits each record's children
// once, by name, so unknown elements are noticed and reported.
#include "ingest/un.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "ingest/xml_util.h"
#include "model/country.h"

namespace embargo::ingest {
namespace {

using model::DateSpec;
using model::Entity;
using model::Identifier;
using model::IdType;
using model::Name;
using model::NameKind;

constexpr char kSourceUrl[] = "https://scsanctions.un.org/resources/xml/en/consolidated.xml";
constexpr size_t kMaxUnknownNames = 50;  // distinct unknown element names remembered

struct Ctx {
  std::string_view data;
  std::string_view file;
  LoadReport* report;
  LineIndex lines;
  std::map<std::string, size_t> unknown;  // element path -> count
  std::set<std::string> ids;              // ids emitted so far

  std::string Where(const pugi::xml_node& n, std::string_view field = {}) const {
    std::string w = lines.Where(file, n.offset_debug());
    if (!field.empty()) w += fmt::format(" field '{}'", field);
    return w;
  }
  void Warn(const pugi::xml_node& n, std::string_view field, std::string message) {
    report->Warn(MakeError(ErrorCode::kParse, std::move(message), Where(n, field)));
  }
  void Unknown(const pugi::xml_node& parent, const pugi::xml_node& child) {
    std::string key = fmt::format("{}/{}", parent.name(), child.name());
    auto it = unknown.find(key);
    if (it != unknown.end()) {
      ++it->second;
    } else if (unknown.size() < kMaxUnknownNames) {
      unknown.emplace(std::move(key), 1);
    }
  }
};

bool Is(const pugi::xml_node& n, const char* name) { return std::strcmp(n.name(), name) == 0; }

bool IsOneOf(const pugi::xml_node& n, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (Is(n, name)) return true;
  return false;
}

// Reports children of `node` whose names are not in `known`.
void CheckKnown(Ctx* ctx, const pugi::xml_node& node, std::initializer_list<const char*> known) {
  for (const pugi::xml_node& c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    if (!IsOneOf(c, known)) ctx->Unknown(node, c);
  }
}

void AddUnique(std::vector<std::string>* v, std::string s) {
  if (s.empty()) return;
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(std::move(s));
}

void AddDate(Entity* e, DateSpec d) {
  for (const DateSpec& x : e->birth_dates)
    if (x.from == d.from && x.to == d.to && x.circa == d.circa) return;
  e->birth_dates.push_back(std::move(d));
}

std::string JoinNonEmpty(std::initializer_list<std::string_view> parts, std::string_view sep) {
  std::string out;
  for (std::string_view p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// Country name -> ISO code; unknown names are a warning (kept in remarks by callers
// that have no other place for them).
std::string Country(Ctx* ctx, const pugi::xml_node& at, std::string_view field,
                    const std::string& name) {
  if (name.empty()) return {};
  std::string code = model::CountryCode(name);
  if (!code.empty()) return code;
  // The list's annotated forms: "Indonesia (as at Dec. 2003)", "Iran / unknown",
  // "Tunisian passport", "United States. Also believed to hold Syrian nationality".
  std::string_view s = name;
  for (char stop : {'(', '/', '.', ';'}) s = s.substr(0, s.find(stop));
  s = TrimSpaces(s);
  if (s.size() > 9 && EqualsIgnoreCase(s.substr(s.size() - 9), " passport"))
    s = TrimSpaces(s.substr(0, s.size() - 9));
  if (!s.empty() && s.size() < name.size()) code = model::CountryCode(s);
  if (code.empty()) ctx->Warn(at, field, fmt::format("unknown country '{}'", name));
  return code;
}

// "circa 1960", "1955 to 1958", "1964-07-17": a display form of a parsed date.
std::string DisplayDate(const DateSpec& d) {
  std::string s = d.circa ? "circa " : "";
  s += d.from.ToIso();
  if (d.is_range()) s += " to " + d.to.ToIso();
  return s;
}

bool ParseYear(const std::string& s, model::PartialDate* out) {
  auto d = ParseListDate(s);
  if (!d || d->is_range() || d->from.month != 0) return false;
  *out = d->from;
  return true;
}

// One <INDIVIDUAL_DATE_OF_BIRTH>. The forms are listed in un.h.
void ParseBirthDate(Ctx* ctx, const pugi::xml_node& n, Entity* e) {
  CheckKnown(ctx, n, {"TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR", "NOTE"});
  const std::string type = AsciiUpper(ChildText(n, "TYPE_OF_DATE"));
  const std::string date = ChildText(n, "DATE");
  const std::string year = ChildText(n, "YEAR");
  const std::string from = ChildText(n, "FROM_YEAR");
  const std::string to = ChildText(n, "TO_YEAR");
  std::string note = ChildText(n, "NOTE");
  if (date.empty() && year.empty() && from.empty() && to.empty() && note.empty()) return;

  std::optional<DateSpec> spec;
  std::string raw;  // what was listed, for messages
  if (!date.empty()) {
    raw = date;
    spec = ParseListDate(date);
  } else if (!year.empty()) {
    raw = year;
    DateSpec d;
    if (ParseYear(year, &d.from)) spec = d;
  } else if (!from.empty() || !to.empty()) {
    raw = from + " to " + to;
    DateSpec d;
    if (ParseYear(from.empty() ? to : from, &d.from) && ParseYear(to.empty() ? from : to, &d.to) &&
        d.to.year >= d.from.year) {
      spec = d;
    }
  } else {
    raw = note;
    spec = ParseListDate(note);  // "Nov. 1973", "Between Aug. and Sep. 1977"
    note.clear();
  }
  if (spec && !note.empty()) {
    const int month = ParseMonthName(note);
    if (EqualsIgnoreCase(note, "approximately") || EqualsIgnoreCase(note, "approx.") ||
        EqualsIgnoreCase(note, "circa")) {
      spec->circa = true;
    } else if (month > 0 && spec->from.month == 0 && !spec->is_range()) {
      spec->from.month = static_cast<int8_t>(month);  // YEAR 1958 + NOTE "Sep."
    } else {
      e->remarks.push_back(fmt::format("Date of birth {}: {}", raw, note));
    }
  }
  if (!spec) {
    ctx->Warn(n, "INDIVIDUAL_DATE_OF_BIRTH",
              fmt::format("unrecognised date of birth '{}'{}", raw,
                          note.empty() || raw == note ? "" : " (" + note + ")"));
    e->remarks.push_back("Date of birth: " + raw);
    return;
  }
  if (type == "APPROXIMATELY") {
    spec->circa = true;
  } else if (!type.empty() && type != "EXACT" && type != "BETWEEN") {
    ctx->Warn(n, "TYPE_OF_DATE", fmt::format("unknown TYPE_OF_DATE '{}'", type));
  }
  spec->original = DisplayDate(*spec);
  AddDate(e, std::move(*spec));
}

void ParsePlaceOfBirth(Ctx* ctx, const pugi::xml_node& n, Entity* e) {
  CheckKnown(ctx, n, {"STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE"});
  const std::string country = ChildText(n, "COUNTRY");
  std::string place = JoinNonEmpty(
      {ChildText(n, "STREET"), ChildText(n, "CITY"), ChildText(n, "STATE_PROVINCE"), country},
      ", ");
  const std::string note = ChildText(n, "NOTE");
  if (!note.empty()) place += place.empty() ? note : " (" + note + ")";
  if (place.empty()) return;
  AddUnique(&e->birth_places, std::move(place));
  const std::string code = Country(ctx, n, "COUNTRY", country);
  if (!code.empty()) e->extra.emplace_back("birthCountry", code);
}

NameKind AliasKind(Ctx* ctx, const pugi::xml_node& n, const std::string& quality,
                   const std::string& note) {
  const std::string lower_note = AsciiLower(note);
  if (lower_note.find("previously listed as") != std::string::npos ||
      lower_note.find("formerly listed as") != std::string::npos) {
    return NameKind::kPrevious;
  }
  const std::string q = AsciiLower(quality);
  if (q == "good" || q == "a.k.a." || q == "aka" || q.empty()) return NameKind::kAlias;
  if (q == "low") return NameKind::kWeakAlias;
  if (q == "f.k.a." || q == "fka") return NameKind::kPrevious;
  ctx->Warn(n, "QUALITY", fmt::format("unknown alias QUALITY '{}', read as a.k.a.", quality));
  return NameKind::kAlias;
}

void ParseAlias(Ctx* ctx, const pugi::xml_node& n, Entity* e) {
  CheckKnown(
      ctx, n,
      {"QUALITY", "ALIAS_NAME", "NOTE", "DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"});
  const std::string name = ChildText(n, "ALIAS_NAME");
  const std::string note = ChildText(n, "NOTE");
  if (!name.empty()) {
    Name alias;
    alias.full = name;
    alias.kind = AliasKind(ctx, n, ChildText(n, "QUALITY"), note);
    alias.script = DetectScript(name);
    e->names.push_back(std::move(alias));
  }
  const std::string dob = ChildText(n, "DATE_OF_BIRTH");
  if (!dob.empty() && !EqualsIgnoreCase(dob, "null")) {
    if (auto d = ParseListDate(dob)) {
      d->original = DisplayDate(*d);
      AddDate(e, std::move(*d));
    } else {
      ctx->Warn(n, "DATE_OF_BIRTH", fmt::format("unrecognised alias date of birth '{}'", dob));
      e->remarks.push_back(fmt::format("Date of birth ({}): {}", name, dob));
    }
  }
  const std::string pob =
      JoinNonEmpty({ChildText(n, "CITY_OF_BIRTH"), ChildText(n, "COUNTRY_OF_BIRTH")}, ", ");
  if (!pob.empty()) AddUnique(&e->birth_places, pob);
  // Notes other than the kind markers carry facts ("DOB: 11 Apr. 1963. POB: ...").
  if (!note.empty() && AsciiLower(note).find("listed as") == std::string::npos)
    e->remarks.push_back(name.empty() ? note : fmt::format("{}: {}", name, note));
}

IdType DocumentType(std::string_view type1, std::string_view type2) {
  const std::string t = AsciiLower(std::string(type1) + " | " + std::string(type2));
  auto has = [&t](std::string_view w) { return t.find(w) != std::string::npos; };
  if (has("passport") || has("passeport") || has("pasaporte")) return IdType::kPassport;
  if (has("social security")) return IdType::kSocialSecurity;
  if (has("driver")) return IdType::kDriversLicense;
  if (has("fiscal code") || has("tax")) return IdType::kTaxId;
  if (has("identification") || has("identity") || has("national number") || has("id card") ||
      has("tazkira")) {
    return IdType::kNationalId;
  }
  return IdType::kOther;
}

void ParseDocument(Ctx* ctx, const pugi::xml_node& n, Entity* e) {
  CheckKnown(ctx, n,
             {"TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER", "ISSUING_COUNTRY",
              "COUNTRY_OF_ISSUE", "CITY_OF_ISSUE", "DATE_OF_ISSUE", "NOTE"});
  const std::string type1 = ChildText(n, "TYPE_OF_DOCUMENT");
  const std::string type2 = ChildText(n, "TYPE_OF_DOCUMENT2");
  const std::string number = ChildText(n, "NUMBER");
  std::string country_name = ChildText(n, "ISSUING_COUNTRY");
  const char* country_field = "ISSUING_COUNTRY";
  if (country_name.empty()) {
    country_name = ChildText(n, "COUNTRY_OF_ISSUE");
    country_field = "COUNTRY_OF_ISSUE";
  }
  const std::string city = ChildText(n, "CITY_OF_ISSUE");
  const std::string issued = ChildText(n, "DATE_OF_ISSUE");
  const std::string note = ChildText(n, "NOTE");
  const std::string label = type2.empty() ? type1 : type2;
  std::string detail = JoinNonEmpty(
      {issued.empty() ? std::string() : "issued " + issued, city.empty() ? "" : "in " + city, note},
      "; ");
  if (number.empty()) {
    const std::string text = JoinNonEmpty({label, country_name, detail}, ", ");
    if (!text.empty()) e->remarks.push_back("Document: " + text);
    return;
  }
  Identifier id;
  id.type = DocumentType(type1, type2);
  id.value = number;
  id.label = label;
  id.country = Country(ctx, n, country_field, country_name);
  if (id.country.empty() && !country_name.empty())
    detail = JoinNonEmpty({"issued by " + country_name, detail}, "; ");
  id.note = std::move(detail);
  e->identifiers.push_back(std::move(id));
}

void ParseAddress(Ctx* ctx, const pugi::xml_node& n, Entity* e) {
  CheckKnown(ctx, n, {"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE"});
  model::Address a;
  a.street = ChildText(n, "STREET");
  a.city = ChildText(n, "CITY");
  a.region = ChildText(n, "STATE_PROVINCE");
  a.postal_code = ChildText(n, "ZIP_CODE");
  const std::string country = ChildText(n, "COUNTRY");
  a.remarks = ChildText(n, "NOTE");
  a.full = JoinNonEmpty({a.street, a.city, a.region, a.postal_code, country}, ", ");
  if (a.full.empty() && a.remarks.empty()) return;
  if (a.full.empty()) a.full = a.remarks;
  a.country = Country(ctx, n, "COUNTRY", country);
  AddUnique(&e->countries, a.country);
  e->addresses.push_back(std::move(a));
}

// Appends the VALUE children of `n` to `out`.
void Values(Ctx* ctx, const pugi::xml_node& n, std::vector<std::string>* out) {
  CheckKnown(ctx, n, {"VALUE"});
  for (const pugi::xml_node& v : n.children("VALUE")) AddUnique(out, Text(v));
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
          c == '_' || c == '.'))
      return false;
  return true;
}

// One INDIVIDUAL or ENTITY; nullopt when skipped (the reason is in the report).
std::optional<Entity> ParseRecord(Ctx* ctx, const pugi::xml_node& rec, bool person) {
  const std::string dataid = ChildText(rec, "DATAID");
  if (dataid.empty()) {
    ctx->report->Skip(MakeError(ErrorCode::kParse, fmt::format("<{}> has no DATAID", rec.name()),
                                ctx->Where(rec)),
                      "missing DATAID");
    return std::nullopt;
  }
  if (!ValidId(dataid)) {
    ctx->report->Skip(
        MakeError(ErrorCode::kParse,
                  fmt::format("DATAID '{}' is not an identifier", dataid.substr(0, 80)),
                  ctx->Where(rec, "DATAID")),
        "bad DATAID");
    return std::nullopt;
  }
  Entity e;
  e.id = "unsc-" + dataid;
  if (!ctx->ids.insert(e.id).second) {
    ctx->report->Skip(
        MakeError(ErrorCode::kParse,
                  fmt::format("DATAID {} was already used by an earlier record", dataid),
                  ctx->Where(rec, "DATAID")),
        "duplicate id");
    return std::nullopt;
  }
  e.dataset = std::string(kUnDataset);
  e.schema = person ? model::Schema::kPerson : model::Schema::kOrganization;
  e.source_url = kSourceUrl;

  // Primary name first, so names[0] is the listed name.
  std::vector<std::string> parts;
  for (const char* f : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
    std::string p = ChildText(rec, f);
    if (!p.empty()) parts.push_back(std::move(p));
  }
  if (parts.empty()) {
    ctx->report->Skip(
        MakeError(ErrorCode::kParse, fmt::format("record {} has no FIRST_NAME..FOURTH_NAME", e.id),
                  ctx->Where(rec)),
        "missing name");
    return std::nullopt;
  }
  Name primary;
  for (const std::string& p : parts) primary.full += (primary.full.empty() ? "" : " ") + p;
  primary.script = DetectScript(primary.full);
  if (person && parts.size() >= 2) {
    primary.first_name = parts.front();
    primary.last_name = parts.back();
    for (size_t i = 1; i + 1 < parts.size(); ++i)
      primary.middle_name += (primary.middle_name.empty() ? "" : " ") + parts[i];
  }
  e.names.push_back(std::move(primary));

  const char* alias_tag = person ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS";
  const char* address_tag = person ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS";
  for (const pugi::xml_node& c : rec.children()) {
    if (c.type() != pugi::node_element) continue;
    if (IsOneOf(c, {"DATAID", "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME",
                    "VERSIONNUM", "LIST_TYPE", "LAST_DAY_UPDATED", "SORT_KEY", "SORT_KEY_LAST_MOD",
                    "SUBMITTED_BY", "SUBMITTED_ON"})) {
      continue;
    } else if (Is(c, "NAME_ORIGINAL_SCRIPT")) {
      const std::string s = Text(c);
      if (s.empty()) continue;
      Name n;
      n.full = s;
      n.kind = NameKind::kAlias;
      n.script = DetectScript(s);
      e.names.push_back(std::move(n));
    } else if (Is(c, alias_tag)) {
      ParseAlias(ctx, c, &e);
    } else if (Is(c, "UN_LIST_TYPE")) {
      AddUnique(&e.programs, Text(c));
    } else if (Is(c, "REFERENCE_NUMBER")) {
      const std::string ref = Text(c);
      if (!ref.empty())
        e.identifiers.push_back(Identifier{IdType::kOther, ref, "", "UN reference number", ""});
    } else if (Is(c, "LISTED_ON")) {
      const std::string s = Text(c);
      auto d = ParseListDate(s);
      if (d && d->from.day != 0 && !d->is_range()) {
        e.listed_on = d->from.ToIso();
      } else if (!s.empty()) {
        ctx->Warn(c, "LISTED_ON", fmt::format("expected a date YYYY-MM-DD, got '{}'", s));
      }
    } else if (Is(c, "GENDER")) {
      const std::string g = Text(c);
      if (EqualsIgnoreCase(g, "male")) {
        e.gender = model::Gender::kMale;
      } else if (EqualsIgnoreCase(g, "female")) {
        e.gender = model::Gender::kFemale;
      } else if (!g.empty() && !EqualsIgnoreCase(g, "unknown")) {
        ctx->Warn(c, "GENDER", fmt::format("unknown GENDER '{}'", g));
      }
    } else if (Is(c, "COMMENTS1")) {
      std::string s = Text(c);
      if (!s.empty()) e.remarks.insert(e.remarks.begin(), std::move(s));
    } else if (Is(c, "TITLE")) {
      Values(ctx, c, &e.titles);
    } else if (Is(c, "DESIGNATION")) {
      Values(ctx, c, &e.positions);
    } else if (Is(c, "NATIONALITY")) {
      CheckKnown(ctx, c, {"VALUE"});
      for (const pugi::xml_node& v : c.children("VALUE")) {
        const std::string name = Text(v);
        const std::string code = Country(ctx, v, "NATIONALITY", name);
        if (!code.empty()) {
          AddUnique(&e.nationalities, code);
        } else if (!name.empty()) {
          e.remarks.push_back("Nationality: " + name);
        }
      }
    } else if (Is(c, address_tag)) {
      ParseAddress(ctx, c, &e);
    } else if (person && Is(c, "INDIVIDUAL_DATE_OF_BIRTH")) {
      ParseBirthDate(ctx, c, &e);
    } else if (person && Is(c, "INDIVIDUAL_PLACE_OF_BIRTH")) {
      ParsePlaceOfBirth(ctx, c, &e);
    } else if (person && Is(c, "INDIVIDUAL_DOCUMENT")) {
      ParseDocument(ctx, c, &e);
    } else {
      ctx->Unknown(rec, c);
    }
  }
  return e;
}

}  // namespace

LoadReport ParseUnXml(std::string_view data, std::string_view file_name, const EntitySink& sink) {
  LoadReport report;
  report.source = std::string(file_name);
  report.dataset = std::string(kUnDataset);

  XmlLoad load;
  LoadXml(data, file_name, &load);
  if (load.error) {
    const bool limit = load.error->code == ErrorCode::kLimit;
    report.Skip(*load.error, limit ? "input too large" : "bad XML");
    if (limit) return report;
  }
  Ctx ctx{data, file_name, &report, LineIndex(data), {}, {}};
  const pugi::xml_node root = load.doc.document_element();
  if (!root) return report;  // nothing parsed; the XML error says why
  if (!Is(root, "CONSOLIDATED_LIST")) {
    report.Skip(MakeError(ErrorCode::kParse,
                          fmt::format("expected root element <CONSOLIDATED_LIST>, got <{}>",
                                      std::string(root.name()).substr(0, 80)),
                          ctx.Where(root)),
                "not a UN consolidated list");
    return report;
  }
  for (const pugi::xml_node& list : root.children()) {
    if (list.type() != pugi::node_element) continue;
    const bool individuals = Is(list, "INDIVIDUALS");
    if (!individuals && !Is(list, "ENTITIES")) {
      ctx.Unknown(root, list);
      continue;
    }
    const char* record_tag = individuals ? "INDIVIDUAL" : "ENTITY";
    for (const pugi::xml_node& rec : list.children()) {
      if (rec.type() != pugi::node_element) continue;
      if (!Is(rec, record_tag)) {
        ctx.Unknown(list, rec);
        continue;
      }
      ++report.records_read;
      if (CutByError(load, data, rec)) {
        report.Skip(MakeError(ErrorCode::kParse,
                              fmt::format("<{}> record cut short by the XML error", record_tag),
                              ctx.Where(rec)),
                    "truncated record");
        continue;
      }
      std::optional<Entity> e = ParseRecord(&ctx, rec, individuals);
      if (!e) continue;
      ++report.entities;
      sink(std::move(*e));
    }
  }
  for (const auto& [name, count] : ctx.unknown) {
    report.Warn(MakeError(ErrorCode::kParse,
                          fmt::format("unknown element <{}> ignored ({} times)", name, count),
                          std::string(file_name)));
  }
  return report;
}

}  // namespace embargo::ingest
