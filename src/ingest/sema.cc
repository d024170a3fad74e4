// Canada SEMA consolidated list (XML) -> model::Entity. Mapping and id scheme in sema.h.
// The format, as published in 2020 (1,369 records):
//
//   <data-set>
//     <record>
//       <Country>Burma / Birmanie</Country>        regime, English / French
//       <Entity>Air Bagan</Entity>                 or <LastName/> + <GivenName/>
//       <Title>Brigadier</Title>                   optional
//       <Aliases>A, B, C</Aliases>                 optional, one comma-separated text
//       <DateOfBirth>1972-08-10 or 1972-08-11</DateOfBirth>   optional
//       <Schedule>1, Part 2</Schedule>             optional ("N/A" too)
//       <Item>17</Item>
//     </record>
//   </data-set>
//
// Later editions rename Entity -> EntityOrShip, Title -> TitleOrShip, DateOfBirth ->
// DateOfBirthOrShipBuildDate, add ShipIMONumber and DateOfListing, and may suffix the
// French name ("Country-Pays"). Names carry stray spaces and no-break spaces.
#include "ingest/sema.h"

#include <fmt/format.h>

#include <algorithm>
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

using model::Entity;
using model::Name;
using model::NameKind;

constexpr char kSourceUrl[] =
    "https://www.international.gc.ca/world-monde/international_relations-"
    "relations_internationales/sanctions/consolidated-consolide.aspx";
constexpr size_t kMaxUnknownNames = 50;
constexpr size_t kMaxAliasWordBytes = 64;  // longer single words skip the edit distance

// The fields of one record, by element name up to its first '-'.
struct Record {
  std::string country, last_name, given_name, entity, title, imo, dob, schedule, item, listed_on,
      aliases;
};

// English half of a bilingual "English / Français" (or "English/français") value.
std::string_view EnglishHalf(std::string_view s) {
  const size_t slash = s.find('/');
  if (slash == std::string_view::npos) return TrimSpaces(s);
  std::string_view en = TrimSpaces(s.substr(0, slash));
  std::string_view fr = TrimSpaces(s.substr(slash + 1));
  return en.empty() || fr.empty() ? TrimSpaces(s) : en;
}

// "Justice for ... Regulations (JVCFOR)" -> "JVCFOR"; "" when no trailing acronym.
std::string TrailingAcronym(std::string_view s) {
  if (s.size() < 4 || s.back() != ')') return {};
  const size_t open = s.rfind('(');
  if (open == std::string_view::npos) return {};
  std::string_view a = s.substr(open + 1, s.size() - open - 2);
  if (a.size() < 2 || a.size() > 12) return {};
  for (char c : a)
    if (!(c >= 'A' && c <= 'Z')) return {};
  return std::string(a);
}

std::string Slug(std::string_view s) {
  std::string out;
  bool dash = false;
  for (char c : s) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (out.size() >= 40) break;
    } else {
      dash = true;
    }
  }
  return out;
}

// Edit distance with unit costs (Wagner-Fischer, two rows); inputs are short words.
size_t Levenshtein(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool HasLowercase(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}
bool HasUppercase(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Items of the Aliases text: split on ',', ';' and '/', trimmed, "(X)" unwrapped.
std::vector<std::string> SplitAliases(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != ',' && text[i] != ';' && text[i] != '/') continue;
    std::string_view item = TrimSpaces(text.substr(start, i - start));
    start = i + 1;
    if (item.size() >= 2 && item.front() == '(' && item.back() == ')')
      item = TrimSpaces(item.substr(1, item.size() - 2));
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

// Aliases of a person, following the rules in sema.h.
void PersonAliases(const Record& r, const std::string& full, Entity* e) {
  std::string_view given = r.given_name;
  const size_t sp = given.find(' ');
  const std::string_view first_given = given.substr(0, sp);
  const std::string_view rest_given = sp == std::string_view::npos ? "" : given.substr(sp + 1);
  for (std::string& item : SplitAliases(r.aliases)) {
    Name n;
    n.kind = NameKind::kAlias;
    if (item.find(' ') != std::string::npos) {
      n.full = item;
    } else if (HasUppercase(item) && !HasLowercase(item) && item.size() >= 2) {
      // A surname variant: "PASHENKO" for PASHCHENKO.
      if (given.empty()) {
        n.full = item;
        n.kind = NameKind::kWeakAlias;
      } else {
        n.full = fmt::format("{} {}", given, item);
      }
    } else if (!first_given.empty() && item.size() <= kMaxAliasWordBytes &&
               Levenshtein(AsciiLower(item), AsciiLower(first_given)) <=
                   std::max<size_t>(2, item.size() / 2)) {
      // A spelling of the first given name: "Andrei" for "Andrey".
      n.full = item;
      if (!rest_given.empty()) n.full += fmt::format(" {}", rest_given);
      if (!r.last_name.empty()) n.full += fmt::format(" {}", r.last_name);
    } else {
      n.full = item;  // a nickname or nom de guerre: "Motorola", "Givi"
      n.kind = NameKind::kWeakAlias;
    }
    if (n.full == full) continue;
    n.script = DetectScript(n.full);
    e->names.push_back(std::move(n));
  }
}

struct Ctx {
  std::string_view file;
  LoadReport* report;
  LineIndex lines;
  std::map<std::string, size_t> unknown;
  std::set<std::string> ids;

  std::string Where(const pugi::xml_node& n, std::string_view field = {}) const {
    std::string w = lines.Where(file, n.offset_debug());
    if (!field.empty()) w += fmt::format(" field '{}'", field);
    return w;
  }
  void Warn(const pugi::xml_node& n, std::string_view field, std::string message) {
    report->Warn(MakeError(ErrorCode::kParse, std::move(message), Where(n, field)));
  }
};

Record ReadRecord(Ctx* ctx, const pugi::xml_node& rec) {
  Record r;
  for (const pugi::xml_node& c : rec.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = c.name();
    const size_t colon = name.find(':');
    if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
    name = name.substr(0, name.find('-'));
    std::string* field = nullptr;
    if (name == "Country") {
      field = &r.country;
    } else if (name == "LastName") {
      field = &r.last_name;
    } else if (name == "GivenName") {
      field = &r.given_name;
    } else if (name == "Entity" || name == "EntityOrShip") {
      field = &r.entity;
    } else if (name == "Title" || name == "TitleOrShip" || name == "TitleOrShipType") {
      field = &r.title;
    } else if (name == "ShipIMONumber") {
      field = &r.imo;
    } else if (name == "DateOfBirth" || name == "DateOfBirthOrShipBuildDate") {
      field = &r.dob;
    } else if (name == "Schedule") {
      field = &r.schedule;
    } else if (name == "Item") {
      field = &r.item;
    } else if (name == "DateOfListing") {
      field = &r.listed_on;
    } else if (name == "Aliases") {
      field = &r.aliases;
    }
    if (field == nullptr) {
      const std::string key(c.name());
      auto it = ctx->unknown.find(key);
      if (it != ctx->unknown.end()) {
        ++it->second;
      } else if (ctx->unknown.size() < kMaxUnknownNames) {
        ctx->unknown.emplace(key, 1);
      }
      continue;
    }
    std::string text = Text(c);
    if (text.empty()) continue;
    if (!field->empty()) {
      ctx->Warn(c, name, fmt::format("repeated <{}>; the values are joined", name));
      *field += ", ";
    }
    *field += text;
  }
  return r;
}

// Splits "1972-08-10 or 1972-08-11" into its dates.
std::vector<std::string_view> SplitDates(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    size_t cut = s.size(), skip = 0;
    for (std::string_view sep : {" or ", ";", ","}) {
      const size_t p = s.find(sep);
      if (p < cut) {
        cut = p;
        skip = sep.size();
      }
    }
    std::string_view part = TrimSpaces(s.substr(0, cut));
    if (!part.empty()) out.push_back(part);
    s = cut == s.size() ? std::string_view() : s.substr(cut + skip);
  }
  return out;
}

std::optional<Entity> BuildEntity(Ctx* ctx, const pugi::xml_node& rec, const Record& r) {
  const bool person = !r.last_name.empty() || !r.given_name.empty();
  std::string full, french_name;
  if (person) {
    full = r.given_name.empty()  ? r.last_name
           : r.last_name.empty() ? r.given_name
                                 : r.given_name + " " + r.last_name;
  } else {
    full = r.entity;
    // "Iranian Navy/Force navale iranienne": the English half is the name, the French
    // one an alias. Only a single '/' outside parentheses with words on both sides
    // counts ("MEC Steel Mills (Hmaw Bi/Pyi/Ywama)" is one name).
    size_t slash = std::string::npos, slashes = 0;
    int depth = 0;
    for (size_t i = 0; i < full.size(); ++i) {
      if (full[i] == '(') ++depth;
      if (full[i] == ')' && depth > 0) --depth;
      if (full[i] == '/' && depth == 0) {
        slash = i;
        ++slashes;
      }
    }
    if (slashes == 1) {
      std::string_view en = TrimSpaces(std::string_view(full).substr(0, slash));
      std::string_view fr = TrimSpaces(std::string_view(full).substr(slash + 1));
      if (en.find(' ') != std::string_view::npos && fr.find(' ') != std::string_view::npos) {
        french_name = std::string(fr);
        full = std::string(en);
      }
    }
  }
  if (full.empty()) {
    ctx->report->Skip(
        MakeError(ErrorCode::kParse, "record has neither LastName/GivenName nor Entity",
                  ctx->Where(rec)),
        "missing name");
    return std::nullopt;
  }
  const std::string regime(EnglishHalf(r.country));
  const std::string acronym = TrailingAcronym(regime);

  Entity e;
  e.dataset = std::string(kSemaDataset);
  e.source_url = kSourceUrl;
  if (!r.item.empty()) {
    e.id = fmt::format("ca-sema-{}-{}-{}", acronym.empty() ? Slug(regime) : Slug(acronym),
                       r.schedule.empty() ? "x" : Slug(r.schedule), Slug(r.item));
  } else {
    e.id = fmt::format("ca-sema-{:016x}", Fnv1a64(regime + "|" + full));
  }
  if (!ctx->ids.insert(e.id).second) {
    ctx->report->Skip(MakeError(ErrorCode::kParse,
                                fmt::format("id {} was already used by an earlier record", e.id),
                                ctx->Where(rec)),
                      "duplicate id");
    return std::nullopt;
  }

  Name primary;
  primary.full = full;
  primary.script = DetectScript(full);
  if (person) {
    primary.first_name = r.given_name;
    primary.last_name = r.last_name;
  }
  e.names.push_back(std::move(primary));

  if (person) {
    e.schema = model::Schema::kPerson;
    if (!r.title.empty()) e.titles.emplace_back(EnglishHalf(r.title));
    PersonAliases(r, full, &e);
  } else {
    const bool vessel = !r.imo.empty() || AsciiLower(full).find("(vessel") != std::string::npos;
    e.schema = vessel ? model::Schema::kVessel : model::Schema::kOrganization;
    if (vessel && !r.title.empty()) e.vessel_type = r.title;
    if (!r.imo.empty()) {
      std::string imo = r.imo;
      if (StartsWithIgnoreCase(imo, "IMO")) imo = std::string(TrimSpaces(imo.substr(3)));
      e.identifiers.push_back({model::IdType::kImo, imo, "", "IMO", ""});
    }
    if (!vessel && !r.title.empty()) e.remarks.push_back("Title: " + r.title);
    if (!french_name.empty()) {
      Name n;
      n.full = french_name;
      n.kind = NameKind::kAlias;
      n.lang = "fra";
      n.script = DetectScript(n.full);
      e.names.push_back(std::move(n));
    }
    for (std::string& item : SplitAliases(r.aliases)) {
      if (item == full) continue;
      Name n;
      n.full = std::move(item);
      n.kind = NameKind::kAlias;
      n.script = DetectScript(n.full);
      e.names.push_back(std::move(n));
    }
  }

  if (!acronym.empty()) {
    e.programs.push_back(acronym);
  } else if (!regime.empty()) {
    e.programs.push_back("SEMA " + regime);
    const std::string code = model::CountryCode(regime);
    if (code.empty()) {
      ctx->Warn(rec, "Country", fmt::format("unknown country '{}'", regime));
    } else {
      e.countries.push_back(code);
    }
  }

  for (std::string_view part : SplitDates(r.dob)) {
    auto d = ParseListDate(part);
    if (!d) {
      ctx->Warn(rec, "DateOfBirth", fmt::format("unrecognised date '{}'", part));
      e.remarks.push_back(fmt::format("Date of birth: {}", part));
    } else if (e.schema == model::Schema::kVessel) {
      e.extra.emplace_back("buildDate", d->from.ToIso());
    } else {
      e.birth_dates.push_back(std::move(*d));
    }
  }
  if (!r.listed_on.empty()) {
    auto d = ParseListDate(r.listed_on);
    if (d && d->from.day != 0 && !d->is_range()) {
      e.listed_on = d->from.ToIso();
    } else {
      ctx->Warn(rec, "DateOfListing",
                fmt::format("expected a date YYYY-MM-DD, got '{}'", r.listed_on));
    }
  }
  std::string where_listed;
  if (!r.schedule.empty() && r.schedule != "N/A") where_listed = "Schedule " + r.schedule;
  if (!r.item.empty()) where_listed += (where_listed.empty() ? "Item " : ", Item ") + r.item;
  if (!where_listed.empty()) e.remarks.push_back(std::move(where_listed));
  return e;
}

}  // namespace

LoadReport ParseSemaXml(std::string_view data, std::string_view file_name, const EntitySink& sink) {
  LoadReport report;
  report.source = std::string(file_name);
  report.dataset = std::string(kSemaDataset);

  XmlLoad load;
  LoadXml(data, file_name, &load);
  if (load.error) {
    const bool limit = load.error->code == ErrorCode::kLimit;
    report.Skip(*load.error, limit ? "input too large" : "bad XML");
    if (limit) return report;
  }
  Ctx ctx{file_name, &report, LineIndex(data), {}, {}};
  const pugi::xml_node root = load.doc.document_element();
  if (!root) return report;
  if (std::string_view(root.name()) != "data-set") {
    report.Skip(MakeError(ErrorCode::kParse,
                          fmt::format("expected root element <data-set>, got <{}>",
                                      std::string(root.name()).substr(0, 80)),
                          ctx.Where(root)),
                "not a SEMA list");
    return report;
  }
  for (const pugi::xml_node& rec : root.children()) {
    if (rec.type() != pugi::node_element) continue;
    if (std::string_view(rec.name()) != "record") {
      const std::string key = fmt::format("data-set/{}", rec.name());
      if (ctx.unknown.size() < kMaxUnknownNames || ctx.unknown.count(key)) ++ctx.unknown[key];
      continue;
    }
    ++report.records_read;
    if (CutByError(load, data, rec)) {
      report.Skip(
          MakeError(ErrorCode::kParse, "<record> cut short by the XML error", ctx.Where(rec)),
          "truncated record");
      continue;
    }
    const Record r = ReadRecord(&ctx, rec);
    std::optional<Entity> e = BuildEntity(&ctx, rec, r);
    if (!e) continue;
    ++report.entities;
    sink(std::move(*e));
  }
  for (const auto& [name, count] : ctx.unknown) {
    report.Warn(MakeError(ErrorCode::kParse,
                          fmt::format("unknown element <{}> ignored ({} times)", name, count),
                          std::string(file_name)));
  }
  return report;
}

}  // namespace embargo::ingest
