// DFAT Consolidated List worksheet -> entities.
//
// Rows are grouped by the leading digits of "Reference" (2, 2a, 2b -> "2") in order of
// first appearance. Each row contributes its name (kind from "Name Type") and its facts,
// deduplicated, since DFAT repeats the facts on every alias row.
//
// Date of Birth grammar, as observed in the 2024-12 list (about 6,300 non-empty cells):
//   cell   := part (sep part)*         sep := "a)".."z)" markers | ";" | " or " | ">>" |
//                                             "alt DOB:"
//   part   := ["Approximately"|"Approx"|"Approx."|"circa"|"about"] date
//           | ["Between"] date ("and"|"to") date | year "-" year
//   date   := YYYY | DD/MM/YYYY | DD.MM.YYYY | YYYY-MM-DD | [DD] Mon[.] YYYY | DD-Mon-YYYY
//           | Mon DD, YYYY | MM/YYYY | "(" date ")" | Excel serial
// NBSP and runs of spaces are collapsed first; "(Hijri Calendar)" parts are not Gregorian
// and are left in remarks.
#include "ingest/dfat.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <unordered_map>

#include "common/utf8.h"
#include "model/country.h"

namespace embargo::ingest {
namespace {

using model::Entity;

constexpr size_t kHeaderSearchRows = 20;

std::string Clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      out.push_back(' ');  // NBSP
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return CollapseSpaces(out);
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::optional<int> MonthNumber(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (s.size() < 3) return std::nullopt;
  std::string lower = AsciiLower(s);
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (lower.compare(0, 3, kMonths[i]) == 0) return static_cast<int>(i + 1);
  }
  return std::nullopt;
}

std::optional<model::PartialDate> Ymd(int y, int m, int d) {
  std::string iso = fmt::format("{:04}", y);
  if (m > 0) iso += fmt::format("-{:02}", m);
  if (m > 0 && d > 0) iso += fmt::format("-{:02}", d);
  return model::PartialDate::FromIso(iso);
}

std::vector<std::string_view> Tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != ',') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// One date: YYYY, DD/MM/YYYY, DD.MM.YYYY, YYYY-MM-DD, [DD] Mon[.] YYYY, serial.
std::optional<model::PartialDate> ParseOneDate(std::string_view s) {
  s = Trim(s);
  if (!s.empty() && s.front() == '(' && s.back() == ')') s = Trim(s.substr(1, s.size() - 2));
  while (!s.empty() && (s.back() == '.' || s.back() == ',')) s.remove_suffix(1);
  if (IsDigits(s)) {
    if (s.size() == 4) return Ymd(ToInt(s), 0, 0);
    if (s.size() == 5) {
      auto d = model::PartialDate::FromIso(ExcelSerialToIso(ToInt(s)));
      return d;
    }
    return std::nullopt;
  }
  if (auto d = model::PartialDate::FromIso(s)) return d;
  for (char sep : {'/', '.', '-'}) {
    size_t a = s.find(sep);
    size_t b = a == std::string_view::npos ? a : s.find(sep, a + 1);
    if (b == std::string_view::npos) continue;
    std::string_view d = s.substr(0, a), m = s.substr(a + 1, b - a - 1), y = s.substr(b + 1);
    if (IsDigits(d) && IsDigits(m) && IsDigits(y) && y.size() == 4 && d.size() <= 2 &&
        m.size() <= 2) {
      return Ymd(ToInt(y), ToInt(m), ToInt(d));
    }
    // "19-Dec-1992"
    if (IsDigits(d) && d.size() <= 2 && IsDigits(y) && y.size() == 4) {
      if (auto month = MonthNumber(m)) return Ymd(ToInt(y), *month, ToInt(d));
    }
  }
  // "03/1965"
  if (size_t slash = s.find('/'); slash != std::string_view::npos && slash <= 2 &&
                                  IsDigits(s.substr(0, slash)) && s.size() - slash - 1 == 4 &&
                                  IsDigits(s.substr(slash + 1))) {
    return Ymd(ToInt(s.substr(slash + 1)), ToInt(s.substr(0, slash)), 0);
  }
  std::vector<std::string_view> t = Tokens(s);
  auto strip_dot = [](std::string_view x) {
    while (!x.empty() && x.back() == '.') x.remove_suffix(1);
    return x;
  };
  if (t.size() == 3 && IsDigits(strip_dot(t[0])) && IsDigits(t[2]) && t[2].size() == 4) {
    if (auto m = MonthNumber(t[1])) return Ymd(ToInt(t[2]), *m, ToInt(strip_dot(t[0])));
  }
  // "March 16, 1972"
  if (t.size() == 3 && IsDigits(t[1]) && IsDigits(t[2]) && t[2].size() == 4) {
    if (auto m = MonthNumber(t[0])) return Ymd(ToInt(t[2]), *m, ToInt(t[1]));
  }
  if (t.size() == 2 && IsDigits(t[1]) && t[1].size() == 4) {
    if (auto m = MonthNumber(t[0])) return Ymd(ToInt(t[1]), *m, 0);
  }
  return std::nullopt;
}

// Splits at "a)".."z)" list markers, ";", " or ", ">>", "alt DOB:".
std::vector<std::string> SplitParts(std::string_view s) {
  std::vector<std::string> parts;
  std::string cur;
  auto flush = [&] {
    std::string_view t = Trim(cur);
    if (!t.empty()) parts.emplace_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < s.size();) {
    bool at_word = i == 0 || s[i - 1] == ' ' || s[i - 1] == ';' || s[i - 1] == ',';
    if (at_word && i + 1 < s.size() && s[i] >= 'a' && s[i] <= 'z' && s[i + 1] == ')') {
      flush();
      i += 2;
    } else if (s[i] == ';') {
      flush();
      ++i;
    } else if (s.substr(i, 2) == ">>") {
      flush();
      i += 2;
    } else if (at_word && s.substr(i, 3) == "or ") {
      flush();
      i += 3;
    } else if (StartsWithIgnoreCase(s.substr(i), "alt DOB:")) {
      flush();
      i += 8;
    } else {
      cur.push_back(s[i++]);
    }
  }
  flush();
  return parts;
}

model::Name MakeName(std::string full, model::NameKind kind) {
  model::Name n;
  n.full = std::move(full);
  n.kind = kind;
  return n;
}

// ISO 15924 script of the first non-Latin letter (by UTF-8 lead bytes), "" for Latin.
std::string DetectScript(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0xC0) continue;
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if (c >= 0xD0 && c <= 0xD3) return "Cyrl";  // U+0400-04FF
    if (c >= 0xD8 && c <= 0xDB) return "Arab";  // U+0600-06FF
    if (c == 0xEA && c1 >= 0xB0) return "Hang";
    if (c >= 0xEB && c <= 0xED) return c == 0xED && c1 >= 0x9F ? "" : "Hang";
    if (c >= 0xE4 && c <= 0xE9) return "Hani";   // U+4E00-9FFF
    if (c == 0xE3 && c1 >= 0x90) return "Hani";  // U+3400-
  }
  return "";
}

template <typename T>
void AddUnique(std::vector<T>* v, T x) {
  if (std::find(v->begin(), v->end(), x) == v->end()) v->push_back(std::move(x));
}

bool IsNone(std::string_view s) {
  return s.empty() || EqualsIgnoreCase(s, "na") || EqualsIgnoreCase(s, "n/a") ||
         EqualsIgnoreCase(s, "unknown") || s == "-";
}

struct Columns {
  std::optional<size_t> reference, name, type, name_type, dob, pob, citizenship, address, info,
      listing, committees, control;
};

std::optional<size_t> FindColumn(const SheetRow& header, std::string_view prefix) {
  for (size_t i = 0; i < header.cells.size(); ++i) {
    if (StartsWithIgnoreCase(Clean(header.cells[i]), prefix)) return i;
  }
  return std::nullopt;
}

std::string Get(const SheetRow& row, std::optional<size_t> col) {
  if (!col || *col >= row.cells.size()) return "";
  return Clean(row.cells[*col]);
}

struct Group {
  Entity entity;
  bool has_primary = false;
  bool typed = false;
};

}  // namespace

std::vector<std::string> ParseDfatDates(std::string_view text, std::vector<model::DateSpec>* out) {
  std::vector<std::string> bad;
  for (std::string& part : SplitParts(Clean(text))) {
    if (IsNone(part)) continue;
    if (part.find("Hijri") != std::string::npos) {
      bad.push_back(part);
      continue;
    }
    model::DateSpec spec;
    spec.original = part;
    std::string_view p = part;
    for (std::string_view prefix : {"approximately", "approx.", "approx", "circa", "about", "c."}) {
      if (StartsWithIgnoreCase(p, prefix)) {
        spec.circa = true;
        p = Trim(p.substr(prefix.size()));
        break;
      }
    }
    std::string_view lo, hi;
    if (StartsWithIgnoreCase(p, "between ")) p = p.substr(8);
    std::string lower = AsciiLower(p);
    size_t and_pos = lower.find(" and ");
    size_t to_pos = lower.find(" to ");
    if (and_pos != std::string::npos) {
      lo = Trim(p.substr(0, and_pos));
      hi = Trim(p.substr(and_pos + 5));
    } else if (to_pos != std::string::npos) {
      lo = Trim(p.substr(0, to_pos));
      hi = Trim(p.substr(to_pos + 4));
    } else if (size_t dash = p.find('-'); dash != std::string_view::npos && dash >= 4 &&
                                          IsDigits(Trim(p.substr(0, dash))) &&
                                          IsDigits(Trim(p.substr(dash + 1)))) {
      lo = Trim(p.substr(0, dash));
      hi = Trim(p.substr(dash + 1));
    }
    if (!lo.empty()) {
      auto a = ParseOneDate(lo), b = ParseOneDate(hi);
      // "Between Aug. and Sep 1960": the year is only on the second date.
      if (!a && b) {
        if (auto m = MonthNumber(lo)) a = Ymd(b->year, *m, 0);
      }
      if (a && b) {
        spec.from = *a;
        spec.to = *b;
        out->push_back(std::move(spec));
        continue;
      }
    } else if (auto d = ParseOneDate(p)) {
      spec.from = *d;
      out->push_back(std::move(spec));
      continue;
    }
    bad.push_back(part);
  }
  return bad;
}

LoadReport ParseDfatSheet(const Sheet& sheet, std::string_view file_name, const EntitySink& sink) {
  LoadReport report;
  report.source = std::string(file_name);
  report.dataset = "au_dfat_sanctions";
  const std::string sheet_name = sheet.name.empty() ? "Sheet1" : sheet.name;
  for (const std::string& w : sheet.warnings) {
    report.Warn(MakeError(ErrorCode::kParse, w, std::string(file_name)));
  }
  size_t h = 0;
  Columns col;
  for (; h < sheet.rows.size() && h < kHeaderSearchRows; ++h) {
    col.reference = FindColumn(sheet.rows[h], "Reference");
    col.name = FindColumn(sheet.rows[h], "Name of Individual");
    if (col.reference && col.name) break;
  }
  if (!col.reference || !col.name) {
    report.Skip(MakeError(ErrorCode::kParse,
                          "expected a header row with 'Reference' and 'Name of Individual or "
                          "Entity' in the first rows",
                          fmt::format("{} {}", file_name, sheet_name)),
                "missing header");
    return report;
  }
  const SheetRow& header = sheet.rows[h];
  col.type = FindColumn(header, "Type");
  col.name_type = FindColumn(header, "Name Type");
  col.dob = FindColumn(header, "Date of Birth");
  col.pob = FindColumn(header, "Place of Birth");
  col.citizenship = FindColumn(header, "Citizenship");
  col.address = FindColumn(header, "Address");
  col.info = FindColumn(header, "Additional Information");
  col.listing = FindColumn(header, "Listing Information");
  col.committees = FindColumn(header, "Committees");
  col.control = FindColumn(header, "Control Date");

  std::vector<Group> groups;
  std::unordered_map<std::string, size_t> index;
  size_t unknown_countries = 0;
  std::string unknown_example;
  for (size_t r = h + 1; r < sheet.rows.size(); ++r) {
    const SheetRow& row = sheet.rows[r];
    ++report.records_read;
    auto where = [&](std::optional<size_t> c, std::string_view field) {
      return fmt::format("{} {} field '{}'", file_name,
                         CellRef(sheet_name, c.value_or(0), row.number), field);
    };
    std::string ref = Get(row, col.reference);
    size_t digits = 0;
    while (digits < ref.size() && ref[digits] >= '0' && ref[digits] <= '9') ++digits;
    if (digits == 0 || digits > 12) {
      report.Skip(MakeError(ErrorCode::kParse,
                            fmt::format("expected a reference like '123' or '123a', got '{}'", ref),
                            where(col.reference, "Reference")),
                  "bad reference");
      continue;
    }
    std::string name = Get(row, col.name);
    if (name.empty()) {
      report.Skip(MakeError(ErrorCode::kParse, "expected a name, got an empty cell",
                            where(col.name, "Name of Individual or Entity")),
                  "missing name");
      continue;
    }
    std::string base = ref.substr(0, digits);
    auto [it, inserted] = index.emplace(base, groups.size());
    if (inserted) {
      groups.emplace_back();
      groups.back().entity.id = "au-dfat-" + base;
      groups.back().entity.dataset = "au_dfat_sanctions";
    }
    Group& g = groups[it->second];
    Entity& e = g.entity;

    std::string name_type = AsciiLower(Get(row, col.name_type));
    model::NameKind kind = model::NameKind::kAlias;
    std::string script;
    if (name_type.rfind("primary", 0) == 0) {
      kind = g.has_primary ? model::NameKind::kAlias : model::NameKind::kPrimary;
    } else if (name_type.rfind("original script", 0) == 0) {
      script = DetectScript(name);
    } else if (name_type.rfind("formerly", 0) == 0 || name_type.rfind("previously", 0) == 0) {
      kind = model::NameKind::kPrevious;
    } else if (name_type != "aka") {
      report.Warn(MakeError(ErrorCode::kParse,
                            fmt::format("expected Primary Name, aka or Original Script, got '{}'; "
                                        "read as an alias",
                                        name_type),
                            where(col.name_type, "Name Type")));
    }
    model::Name n = MakeName(name, kind);
    n.script = script;
    if (kind == model::NameKind::kPrimary) {
      g.has_primary = true;
      e.names.insert(e.names.begin(), std::move(n));
    } else if (std::none_of(e.names.begin(), e.names.end(),
                            [&](const model::Name& m) { return m.full == name; })) {
      e.names.push_back(std::move(n));
    }

    std::string type = AsciiLower(Get(row, col.type));
    if (!type.empty() && (kind == model::NameKind::kPrimary || !g.typed)) {
      if (type == "individual") {
        e.schema = model::Schema::kPerson;
      } else if (type == "entity") {
        e.schema = model::Schema::kOrganization;
      } else {
        report.Warn(MakeError(ErrorCode::kParse,
                              fmt::format("expected Individual or Entity, got '{}'", type),
                              where(col.type, "Type")));
      }
      g.typed = true;
    }
    std::string dob = Get(row, col.dob);
    if (!dob.empty()) {
      std::vector<model::DateSpec> dates;
      for (const std::string& bad : ParseDfatDates(dob, &dates)) {
        if (bad.find("Hijri") == std::string::npos && kind == model::NameKind::kPrimary) {
          report.Warn(MakeError(ErrorCode::kParse,
                                fmt::format("expected a date (DD/MM/YYYY, D Mon YYYY, YYYY, "
                                            "Approximately YYYY, Between YYYY and YYYY), got '{}'",
                                            bad),
                                where(col.dob, "Date of Birth")));
        }
        AddUnique(&e.remarks, "Date of birth: " + bad);
      }
      for (model::DateSpec& d : dates) AddUnique(&e.birth_dates, std::move(d));
    }
    for (std::string& p : SplitParts(Get(row, col.pob))) {
      if (!IsNone(p)) AddUnique(&e.birth_places, std::move(p));
    }
    for (std::string& c : SplitParts(Get(row, col.citizenship))) {
      if (IsNone(c)) continue;
      std::string code = model::CountryCode(c);
      if (code.empty()) {
        ++unknown_countries;
        if (unknown_example.empty()) unknown_example = c;
        AddUnique(&e.remarks, "Citizenship: " + c);
      } else {
        AddUnique(&e.citizenships, code);
        AddUnique(&e.countries, code);
      }
    }
    for (std::string& a : SplitParts(Get(row, col.address))) {
      if (IsNone(a)) continue;
      model::Address addr;
      addr.full = std::move(a);
      AddUnique(&e.addresses, std::move(addr));
    }
    if (std::string info = Get(row, col.info); !IsNone(info)) AddUnique(&e.remarks, info);
    if (std::string listing = Get(row, col.listing); !IsNone(listing)) {
      AddUnique(&e.remarks, listing);
    }
    if (std::string committees = Get(row, col.committees); !committees.empty()) {
      AddUnique(&e.programs, committees);
    }
    if (std::string control = Get(row, col.control); !control.empty()) {
      std::string iso = IsDigits(control) ? ExcelSerialToIso(ToInt(control)) : "";
      if (iso.empty()) {
        report.Warn(MakeError(ErrorCode::kParse,
                              fmt::format("expected an Excel date, got '{}'", control),
                              where(col.control, "Control Date")));
      } else {
        std::pair<std::string, std::string> kv("modifiedAt", iso);
        AddUnique(&e.extra, kv);
      }
    }
  }
  if (unknown_countries > 0) {
    report.Warn(MakeError(ErrorCode::kParse,
                          fmt::format("{} citizenship values are not known countries, e.g. '{}'; "
                                      "kept in remarks",
                                      unknown_countries, unknown_example),
                          fmt::format("{} column 'Citizenship'", file_name)));
  }
  for (Group& g : groups) {
    if (!g.has_primary) {
      report.Warn(MakeError(ErrorCode::kParse,
                            "no row with Name Type 'Primary Name'; the first name is used",
                            g.entity.id));
      g.entity.names.front().kind = model::NameKind::kPrimary;
    }
    ++report.entities;
    sink(std::move(g.entity));
  }
  return report;
}

LoadReport ParseDfatXlsx(std::string_view data, std::string_view file_name,
                         const EntitySink& sink) {
  auto sheet = ReadXlsxFirstSheet(data);
  if (!sheet) {
    LoadReport report;
    report.source = std::string(file_name);
    report.dataset = "au_dfat_sanctions";
    Error e = sheet.error();
    e.where = std::string(file_name) + (e.where.empty() ? "" : " " + e.where);
    report.Skip(std::move(e), "unreadable workbook");
    return report;
  }
  return ParseDfatSheet(*sheet, file_name, sink);
}

}  // namespace embargo::ingest
