// The trade.gov Consolidated Screening List CSV and the BIS Denied Persons List TSV.
//
// CSL columns (by header name): source, entity_number, type, programs, name, title,
// addresses, federal_register_notice, start_date, end_date, standard_order,
// license_requirement, license_policy, call_sign, vessel_type, gross_tonnage,
// gross_registered_tonnage, vessel_flag, vessel_owner, remarks, source_list_url,
// alt_names, citizenships, dates_of_birth, nationalities, places_of_birth,
// source_information_url, ids.
//   - Multi-valued columns are "; "-separated (alt_names, addresses, programs, ...).
//   - addresses: "street, city, state, postal, CC" where the last part is ISO alpha-2.
//   - dates_of_birth: ISO "1967-10-31" or "1965", several joined by "; ".
//   - ids: groups "CC, number, type" or "number, type" ("RU, 1137746390572,
//     Registration ID; 7706061801, Tax ID No."). Groups that are sanctions notes rather
//     than identifiers end in "-" or ":" ("Subject to Secondary Sanctions, Additional
//     Sanctions Information -") and go to remarks; "Panama, Former Vessel Flag" goes to
//     extra("pastFlags").
//
// DPL: one row per (person, address, order); rows are merged by normalised name.
// Dates are MM/DD/YYYY.
#include "ingest/csl.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/utf8.h"
#include "ingest/csv.h"
#include "model/country.h"

namespace embargo::ingest {
namespace {

using model::Entity;

// Column name -> index, from a header row (names trimmed and lower-cased).
class Header {
 public:
  explicit Header(const std::vector<std::string_view>& row) {
    for (size_t i = 0; i < row.size(); ++i) index_[AsciiLower(Trim(row[i]))] = i;
  }
  std::optional<size_t> Find(std::string_view name) const {
    auto it = index_.find(AsciiLower(name));
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, size_t> index_;
};

// The cell of `row` at the column `col`, trimmed and converted to UTF-8; "" when the
// row is short or the column is absent.
std::string Cell(const std::vector<std::string_view>& row, std::optional<size_t> col) {
  if (!col || *col >= row.size()) return "";
  return ToUtf8(Trim(row[*col]));
}

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view part = Trim(s.substr(start, end - start));
    if (!part.empty()) out.emplace_back(part);
    start = end + 1;
  }
  return out;
}

// ISO alpha-2 for a country as listed; an ASCII two-letter code passes through
// lower-cased even when the country table does not know it.
std::string Country(std::string_view listed) {
  listed = Trim(listed);
  std::string code = model::CountryCode(listed);
  if (code.empty() && listed.size() == 2 && isalpha(static_cast<unsigned char>(listed[0])) &&
      isalpha(static_cast<unsigned char>(listed[1]))) {
    code = AsciiLower(listed);
  }
  return code;
}

void AddUnique(std::vector<std::string>* v, std::string s) {
  if (s.empty()) return;
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(std::move(s));
}

model::Name MakeName(std::string full, model::NameKind kind = model::NameKind::kPrimary) {
  model::Name n;
  n.full = std::move(full);
  n.kind = kind;
  return n;
}

std::string HashId(std::string_view prefix, std::string_view key) {
  return fmt::format("{}{:016x}", prefix, Fnv1a64(key));
}

std::string NameKey(std::string_view name) { return AsciiUpper(CollapseSpaces(name)); }

std::optional<model::Schema> CslSchema(std::string_view type) {
  if (type.empty()) return model::Schema::kLegalEntity;
  if (EqualsIgnoreCase(type, "Individual")) return model::Schema::kPerson;
  if (EqualsIgnoreCase(type, "Entity")) return model::Schema::kOrganization;
  if (EqualsIgnoreCase(type, "Vessel")) return model::Schema::kVessel;
  if (EqualsIgnoreCase(type, "Aircraft")) return model::Schema::kAirplane;
  return std::nullopt;
}

struct IdLabel {
  std::string_view label;
  model::IdType type;
};
constexpr std::array<IdLabel, 22> kIdLabels = {{
    {"Passport", model::IdType::kPassport},
    {"Tax ID No.", model::IdType::kTaxId},
    {"RFC", model::IdType::kTaxId},
    {"NIT #", model::IdType::kTaxId},
    {"RUC #", model::IdType::kTaxId},
    {"Registration ID", model::IdType::kRegistration},
    {"Registration Number", model::IdType::kRegistration},
    {"Company Number", model::IdType::kRegistration},
    {"Commercial Registry Number", model::IdType::kRegistration},
    {"Matricula Mercantil No", model::IdType::kRegistration},
    {"Government Gazette Number", model::IdType::kRegistration},
    {"Business Registration Document #", model::IdType::kRegistration},
    {"National ID No.", model::IdType::kNationalId},
    {"Cedula No.", model::IdType::kNationalId},
    {"C.U.R.P.", model::IdType::kNationalId},
    {"SSN", model::IdType::kSocialSecurity},
    {"Driver's License No.", model::IdType::kDriversLicense},
    {"SWIFT/BIC", model::IdType::kBic},
    {"Email Address", model::IdType::kEmail},
    {"Website", model::IdType::kWebsite},
    {"Phone Number", model::IdType::kPhone},
    {"Vessel Registration Identification", model::IdType::kImo},
}};

// Parses the `ids` column into identifiers, remarks and extras of `e`.
void ParseIds(std::string_view ids, Entity* e) {
  for (const std::string& group : SplitList(ids, ';')) {
    std::vector<std::string> parts = SplitList(group, ',');
    if (group.back() == '-' || group.back() == ':' || parts.size() < 2) {
      e->remarks.push_back(group);
      continue;
    }
    std::string label = parts.back();
    parts.pop_back();
    if (label == "Former Vessel Flag") {
      e->extra.emplace_back("pastFlags", fmt::format("{}", fmt::join(parts, ", ")));
      continue;
    }
    model::Identifier id;
    id.label = label;
    if (parts.size() >= 2 && parts[0].size() == 2 &&
        isupper(static_cast<unsigned char>(parts[0][0])) &&
        isupper(static_cast<unsigned char>(parts[0][1]))) {
      id.country = Country(parts[0]);
      parts.erase(parts.begin());
    }
    id.value = fmt::format("{}", fmt::join(parts, ", "));
    for (const IdLabel& l : kIdLabels) {
      if (EqualsIgnoreCase(label, l.label)) id.type = l.type;
    }
    if (StartsWithIgnoreCase(label, "Digital Currency Address")) {
      id.type = model::IdType::kCryptoWallet;
      size_t dash = label.rfind('-');
      if (dash != std::string::npos) id.label = std::string(Trim(label.substr(dash + 1)));
    }
    if (id.type == model::IdType::kImo && StartsWithIgnoreCase(id.value, "IMO ")) {
      id.value = std::string(Trim(std::string_view(id.value).substr(4)));
    }
    e->identifiers.push_back(std::move(id));
  }
}

// "street, city, state, postal, CC": keeps the whole line, takes the trailing
// alpha-2 as the country.
model::Address ParseAddress(std::string_view text) {
  model::Address a;
  a.full = std::string(text);
  size_t comma = text.rfind(',');
  std::string_view last = Trim(comma == std::string_view::npos ? text : text.substr(comma + 1));
  if (last.size() == 2) a.country = Country(last);
  return a;
}

// "(Linked To: X)" in remarks -> a link.
void ParseLinks(std::string_view remarks, Entity* e) {
  constexpr std::string_view kLinked = "Linked To: ";
  size_t pos = 0;
  while ((pos = remarks.find(kLinked, pos)) != std::string_view::npos) {
    pos += kLinked.size();
    size_t end = remarks.find(')', pos);
    if (end == std::string_view::npos) end = remarks.size();
    std::string_view target = Trim(remarks.substr(pos, end - pos));
    if (!target.empty()) e->links.push_back({"linked_to", std::string(target), ""});
    pos = end;
  }
}

// One or more dates joined by ';': "1967-10-31", "1965", "1974; 1975". Returns the
// part that did not parse ("" when all did).
std::string ParseIsoDates(std::string_view text, std::vector<model::DateSpec>* out) {
  std::string bad;
  for (const std::string& part : SplitList(text, ';')) {
    auto d = model::PartialDate::FromIso(part);
    if (!d) {
      if (bad.empty()) bad = part;
      continue;
    }
    model::DateSpec spec;
    spec.from = *d;
    spec.original = part;
    out->push_back(std::move(spec));
  }
  return bad;
}

template <typename T>
void Append(std::vector<T>* dst, std::vector<T>&& src) {
  for (T& v : src) {
    if (std::find(dst->begin(), dst->end(), v) == dst->end()) dst->push_back(std::move(v));
  }
}

// Merges a later row for the same id into `dst`.
void MergeEntity(Entity* dst, Entity&& src) {
  for (model::Name& n : src.names) {
    bool seen = std::any_of(dst->names.begin(), dst->names.end(),
                            [&](const model::Name& m) { return m.full == n.full; });
    if (!seen) {
      if (n.kind == model::NameKind::kPrimary) n.kind = model::NameKind::kAlias;
      dst->names.push_back(std::move(n));
    }
  }
  Append(&dst->addresses, std::move(src.addresses));
  Append(&dst->identifiers, std::move(src.identifiers));
  Append(&dst->birth_dates, std::move(src.birth_dates));
  Append(&dst->birth_places, std::move(src.birth_places));
  Append(&dst->countries, std::move(src.countries));
  Append(&dst->nationalities, std::move(src.nationalities));
  Append(&dst->citizenships, std::move(src.citizenships));
  Append(&dst->programs, std::move(src.programs));
  Append(&dst->remarks, std::move(src.remarks));
  Append(&dst->titles, std::move(src.titles));
  Append(&dst->links, std::move(src.links));
  Append(&dst->extra, std::move(src.extra));
  if (!src.listed_on.empty() && (dst->listed_on.empty() || src.listed_on < dst->listed_on)) {
    dst->listed_on = src.listed_on;
  }
}

// Collects entities by id in first-seen order, merging repeats, then emits them.
class Collector {
 public:
  void Add(Entity&& e) {
    auto [it, inserted] = index_.emplace(e.id, entities_.size());
    if (inserted) {
      entities_.push_back(std::move(e));
    } else {
      MergeEntity(&entities_[it->second], std::move(e));
    }
  }
  void Flush(LoadReport* report, const EntitySink& sink) {
    for (Entity& e : entities_) {
      for (const std::string& c : e.citizenships) AddUnique(&e.countries, c);
      for (const std::string& c : e.nationalities) AddUnique(&e.countries, c);
      for (const model::Address& a : e.addresses) AddUnique(&e.countries, a.country);
      ++report->entities;
      sink(std::move(e));
    }
    entities_.clear();
    index_.clear();
  }

 private:
  std::vector<Entity> entities_;
  std::unordered_map<std::string, size_t> index_;
};

std::string Where(std::string_view file, size_t line, std::string_view field) {
  if (field.empty()) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{} field '{}'", file, line, field);
}

// Reports a reader error (unterminated quote, oversized field) at the end of a read.
void ReportReaderError(const CsvReader& reader, std::string_view file, LoadReport* report) {
  if (reader.error().empty()) return;
  report->Skip(MakeError(ErrorCode::kParse, reader.error(), Where(file, reader.line(), "")),
               "malformed CSV");
}

// MM/DD/YYYY -> ISO; "" when malformed.
std::string UsDateToIso(std::string_view s) {
  s = Trim(s);
  if (s.size() != 10 || s[2] != '/' || s[5] != '/') return "";
  std::string iso = fmt::format("{}-{}-{}", s.substr(6, 4), s.substr(0, 2), s.substr(3, 2));
  return model::PartialDate::FromIso(iso) ? iso : "";
}

}  // namespace

std::string CslSourceCode(std::string_view source) {
  size_t close = source.rfind(')');
  size_t open = close == std::string_view::npos ? close : source.rfind('(', close);
  if (open == std::string_view::npos || close <= open + 1) return std::string(Trim(source));
  return std::string(Trim(source.substr(open + 1, close - open - 1)));
}

LoadReport ParseCsl(std::string_view data, std::string_view file_name, const EntitySink& sink) {
  LoadReport report;
  report.source = std::string(file_name);
  report.dataset = "us_trade_csl";
  CsvReader reader(StripFileNoise(data));
  std::vector<std::string_view> row;
  if (!reader.Next(&row)) {
    report.Skip(MakeError(ErrorCode::kParse, "expected a header row, got an empty file",
                          Where(file_name, 1, "")),
                "missing header");
    ReportReaderError(reader, file_name, &report);
    return report;
  }
  Header header(row);
  for (std::string_view required : {"source", "name"}) {
    if (!header.Find(required)) {
      report.Skip(MakeError(ErrorCode::kParse,
                            fmt::format("expected a column '{}' in the header", required),
                            Where(file_name, reader.line(), "")),
                  "missing column");
      return report;
    }
  }
  const auto c_source = header.Find("source"), c_number = header.Find("entity_number"),
             c_type = header.Find("type"), c_programs = header.Find("programs"),
             c_name = header.Find("name"), c_title = header.Find("title"),
             c_addresses = header.Find("addresses"), c_start = header.Find("start_date"),
             c_call = header.Find("call_sign"), c_vtype = header.Find("vessel_type"),
             c_gt = header.Find("gross_tonnage"), c_grt = header.Find("gross_registered_tonnage"),
             c_flag = header.Find("vessel_flag"), c_owner = header.Find("vessel_owner"),
             c_remarks = header.Find("remarks"), c_url = header.Find("source_list_url"),
             c_alt = header.Find("alt_names"), c_cit = header.Find("citizenships"),
             c_dob = header.Find("dates_of_birth"), c_nat = header.Find("nationalities"),
             c_pob = header.Find("places_of_birth"), c_ids = header.Find("ids"),
             c_frn = header.Find("federal_register_notice"),
             c_lreq = header.Find("license_requirement"), c_lpol = header.Find("license_policy");
  Collector collector;
  while (reader.Next(&row)) {
    ++report.records_read;
    const size_t line = reader.line();
    Entity e;
    e.dataset = "us_trade_csl";
    std::string name = Cell(row, c_name);
    std::string source = Cell(row, c_source);
    if (name.empty()) {
      report.Skip(MakeError(ErrorCode::kParse, "expected a name, got an empty field",
                            Where(file_name, line, "name")),
                  "missing name");
      continue;
    }
    std::string type = Cell(row, c_type);
    auto schema = CslSchema(type);
    if (!schema) {
      report.Warn(
          MakeError(ErrorCode::kParse,
                    fmt::format("expected Individual, Entity, Vessel or Aircraft, got '{}'", type),
                    Where(file_name, line, "type")));
      schema = model::Schema::kLegalEntity;
    }
    e.schema = *schema;
    std::string number = Cell(row, c_number);
    bool numeric = !number.empty() && std::all_of(number.begin(), number.end(),
                                                  [](char c) { return c >= '0' && c <= '9'; });
    if (!number.empty() && !numeric) {
      report.Warn(MakeError(ErrorCode::kParse,
                            fmt::format("expected a number, got '{}'; using a name hash", number),
                            Where(file_name, line, "entity_number")));
    }
    e.id = numeric ? "us-csl-" + number : HashId("us-csl-", source + "|" + NameKey(name));
    e.names.push_back(MakeName(name));
    for (std::string& alias : SplitList(Cell(row, c_alt), ';')) {
      if (alias != name) e.names.push_back(MakeName(std::move(alias), model::NameKind::kAlias));
    }
    e.programs.push_back(CslSourceCode(source));
    for (std::string& p : SplitList(Cell(row, c_programs), ';'))
      AddUnique(&e.programs, std::move(p));
    if (!source.empty()) e.extra.emplace_back("sourceList", source);
    if (std::string t = Cell(row, c_title); !t.empty()) e.titles.push_back(std::move(t));
    for (const std::string& a : SplitList(Cell(row, c_addresses), ';')) {
      e.addresses.push_back(ParseAddress(a));
    }
    std::string start = Cell(row, c_start);
    if (!start.empty()) {
      if (model::PartialDate::FromIso(start)) {
        e.listed_on = start;
      } else {
        report.Warn(MakeError(ErrorCode::kParse,
                              fmt::format("expected YYYY-MM-DD, got '{}'", start),
                              Where(file_name, line, "start_date")));
      }
    }
    if (std::string dob = Cell(row, c_dob); !dob.empty()) {
      std::string bad = ParseIsoDates(dob, &e.birth_dates);
      if (!bad.empty()) {
        report.Warn(MakeError(ErrorCode::kParse,
                              fmt::format("expected YYYY, YYYY-MM or YYYY-MM-DD, got '{}'", bad),
                              Where(file_name, line, "dates_of_birth")));
        e.remarks.push_back("Date of birth: " + bad);
      }
    }
    for (const std::string& p : SplitList(Cell(row, c_pob), ';')) e.birth_places.push_back(p);
    for (const std::string& c : SplitList(Cell(row, c_cit), ';')) {
      AddUnique(&e.citizenships, Country(c));
    }
    for (const std::string& c : SplitList(Cell(row, c_nat), ';')) {
      AddUnique(&e.nationalities, Country(c));
    }
    if (std::string cs = Cell(row, c_call); !cs.empty()) {
      model::Identifier id;
      id.type = model::IdType::kCallSign;
      id.value = cs;
      id.label = "Call Sign";
      e.identifiers.push_back(std::move(id));
    }
    e.vessel_type = Cell(row, c_vtype);
    e.gross_tonnage = Cell(row, c_gt);
    e.tonnage = Cell(row, c_grt);
    e.owner = Cell(row, c_owner);
    if (std::string flag = Cell(row, c_flag); !flag.empty()) {
      e.flag = Country(flag);
      if (e.flag.empty()) e.extra.emplace_back("flag", flag);
    }
    if (std::string r = Cell(row, c_remarks); !r.empty()) {
      ParseLinks(r, &e);
      e.remarks.push_back(std::move(r));
    }
    if (std::string f = Cell(row, c_frn); !f.empty())
      e.extra.emplace_back("federalRegisterNotice", f);
    if (std::string f = Cell(row, c_lreq); !f.empty())
      e.remarks.push_back("License requirement: " + f);
    if (std::string f = Cell(row, c_lpol); !f.empty()) e.remarks.push_back("License policy: " + f);
    ParseIds(Cell(row, c_ids), &e);
    e.source_url = Cell(row, c_url);
    collector.Add(std::move(e));
  }
  ReportReaderError(reader, file_name, &report);
  collector.Flush(&report, sink);
  return report;
}

LoadReport ParseDpl(std::string_view data, std::string_view file_name, const EntitySink& sink) {
  LoadReport report;
  report.source = std::string(file_name);
  report.dataset = "us_bis_denied";
  CsvReader reader(StripFileNoise(data), {.separator = '\t'});
  std::vector<std::string_view> row;
  if (!reader.Next(&row)) {
    report.Skip(MakeError(ErrorCode::kParse, "expected a header row, got an empty file",
                          Where(file_name, 1, "")),
                "missing header");
    ReportReaderError(reader, file_name, &report);
    return report;
  }
  Header header(row);
  if (!header.Find("name")) {
    report.Skip(MakeError(ErrorCode::kParse, "expected a column 'Name' in the header",
                          Where(file_name, reader.line(), "")),
                "missing column");
    return report;
  }
  const auto c_name = header.Find("name"), c_street = header.Find("street_address"),
             c_city = header.Find("city"), c_state = header.Find("state"),
             c_country = header.Find("country"), c_postal = header.Find("postal_code"),
             c_eff = header.Find("effective_date"), c_exp = header.Find("expiration_date"),
             c_action = header.Find("action"), c_fr = header.Find("fr_citation");
  Collector collector;
  while (reader.Next(&row)) {
    ++report.records_read;
    const size_t line = reader.line();
    std::string name = CollapseSpaces(Cell(row, c_name));
    if (name.empty()) {
      report.Skip(MakeError(ErrorCode::kParse, "expected a name, got an empty field",
                            Where(file_name, line, "Name")),
                  "missing name");
      continue;
    }
    Entity e;
    e.dataset = "us_bis_denied";
    e.id = HashId("us-bis-dpl-", NameKey(name));
    e.names.push_back(MakeName(name));
    e.programs.push_back("DPL");
    model::Address a;
    a.street = Cell(row, c_street);
    a.city = Cell(row, c_city);
    a.region = Cell(row, c_state);
    a.postal_code = Cell(row, c_postal);
    std::string country = Cell(row, c_country);
    a.country = Country(country);
    if (!country.empty() && a.country.empty()) {
      report.Warn(MakeError(ErrorCode::kParse,
                            fmt::format("expected an ISO country code, got '{}'", country),
                            Where(file_name, line, "Country")));
    }
    std::vector<std::string> parts;
    for (const std::string* p : {&a.street, &a.city, &a.region, &a.postal_code, &country}) {
      if (!p->empty()) parts.push_back(*p);
    }
    a.full = fmt::format("{}", fmt::join(parts, ", "));
    if (!a.full.empty()) e.addresses.push_back(std::move(a));
    if (std::string eff = Cell(row, c_eff); !eff.empty()) {
      e.listed_on = UsDateToIso(eff);
      if (e.listed_on.empty()) {
        report.Warn(MakeError(ErrorCode::kParse, fmt::format("expected MM/DD/YYYY, got '{}'", eff),
                              Where(file_name, line, "Effective_Date")));
      }
    }
    if (std::string exp = Cell(row, c_exp); !exp.empty()) {
      std::string iso = UsDateToIso(exp);
      e.extra.emplace_back("endDate", iso.empty() ? exp : iso);
    }
    if (std::string act = Cell(row, c_action); !act.empty()) e.remarks.push_back(act);
    if (std::string fr = Cell(row, c_fr); !fr.empty())
      e.extra.emplace_back("federalRegisterNotice", fr);
    collector.Add(std::move(e));
  }
  ReportReaderError(reader, file_name, &report);
  collector.Flush(&report, sink);
  return report;
}

}  // namespace embargo::ingest
