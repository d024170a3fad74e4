// embargo internal-list CSV (docs/internal-list-format.md) -> entities.
//
// One pass: the header fixes the column of each known name (unknown names warned
// about once), then every row becomes one entity or one skip. Ids are checked for
// uniqueness in a hash set; everything else is per-row.
#include "ingest/internal_csv.h"

#include <fmt/format.h>

#include <array>
#include <map>
#include <optional>
#include <unordered_set>

#include "common/utf8.h"
#include "ingest/csv.h"
#include "model/country.h"

namespace embargo::ingest {
namespace {

constexpr size_t kMaxIdBytes = 128;

enum Column : size_t {
  kId,
  kSchema,
  kName,
  kAliases,
  kBirthDate,
  kNationality,
  kCountry,
  kIdNumbers,
  kProgram,
  kListedOn,
  kNotes,
  kColumnCount
};
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "id",      "schema",     "name",    "aliases",   "birth_date", "nationality",
    "country", "id_numbers", "program", "listed_on", "notes"};

constexpr std::array<model::Schema, 6> kSchemata = {
    model::Schema::kPerson, model::Schema::kOrganization, model::Schema::kCompany,
    model::Schema::kVessel, model::Schema::kAirplane,     model::Schema::kLegalEntity};

std::vector<std::string> SplitPipes(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('|', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view part = Trim(s.substr(start, end - start));
    if (!part.empty()) out.emplace_back(part);
    start = end + 1;
  }
  return out;
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string Country(std::string_view listed) {
  std::string code = model::CountryCode(listed);
  if (code.empty() && listed.size() == 2 && isalpha(static_cast<unsigned char>(listed[0])) &&
      isalpha(static_cast<unsigned char>(listed[1]))) {
    code = AsciiLower(listed);
  }
  return code;
}

// "YYYY", "YYYY-MM", "YYYY-MM-DD" or "YYYY..YYYY" (either side any of the first three).
std::optional<model::DateSpec> ParseBirthDate(std::string_view s) {
  model::DateSpec spec;
  spec.original = std::string(s);
  size_t dots = s.find("..");
  if (dots == std::string_view::npos) {
    auto d = model::PartialDate::FromIso(s);
    if (!d || s.size() > 10) return std::nullopt;
    spec.from = *d;
    return spec;
  }
  auto a = model::PartialDate::FromIso(Trim(s.substr(0, dots)));
  auto b = model::PartialDate::FromIso(Trim(s.substr(dots + 2)));
  if (!a || !b || b->ToIso() < a->ToIso()) return std::nullopt;
  spec.from = *a;
  spec.to = *b;
  return spec;
}

}  // namespace

LoadReport ParseInternalCsv(std::string_view data, std::string_view file_name,
                            std::string_view dataset, const EntitySink& sink) {
  LoadReport report;
  report.source = std::string(file_name);
  report.dataset = std::string(dataset);
  auto where = [&](size_t line, std::string_view field) {
    return field.empty() ? fmt::format("{}:{}", file_name, line)
                         : fmt::format("{}:{} field '{}'", file_name, line, field);
  };
  if (dataset.empty()) {
    report.Skip(MakeError(ErrorCode::kInvalidArgument,
                          "expected a dataset name to prefix the ids, got an empty one",
                          std::string(file_name)),
                "no dataset name");
    return report;
  }
  CsvReader reader(StripFileNoise(data));
  std::vector<std::string_view> row;
  if (!reader.Next(&row)) {
    std::string why = reader.error().empty() ? "got an empty file" : "got: " + reader.error();
    report.Skip(MakeError(ErrorCode::kParse, "expected a header row, " + why, where(1, "")),
                "missing header");
    return report;
  }
  std::array<std::optional<size_t>, kColumnCount> col;
  for (size_t i = 0; i < row.size(); ++i) {
    std::string name = AsciiLower(Trim(row[i]));
    bool known = false;
    for (size_t c = 0; c < kColumnCount; ++c) {
      if (name != kColumnNames[c]) continue;
      known = true;
      if (col[c]) {
        report.Warn(MakeError(ErrorCode::kParse,
                              fmt::format("column '{}' appears twice; the first is used", name),
                              where(reader.line(), name)));
      } else {
        col[c] = i;
      }
    }
    if (!known) {
      report.Warn(MakeError(ErrorCode::kParse,
                            fmt::format("unknown column '{}' is ignored (known: id, schema, name, "
                                        "aliases, birth_date, nationality, country, id_numbers, "
                                        "program, listed_on, notes)",
                                        ToUtf8(Trim(row[i]))),
                            where(reader.line(), "")));
    }
  }
  for (Column required : {kId, kName}) {
    if (!col[required]) {
      report.Skip(
          MakeError(ErrorCode::kParse,
                    fmt::format("expected a column '{}' in the header", kColumnNames[required]),
                    where(reader.line(), "")),
          "missing column");
      return report;
    }
  }
  const size_t header_width = row.size();
  std::unordered_set<std::string> seen;
  while (reader.Next(&row)) {
    ++report.records_read;
    const size_t line = reader.line();
    if (row.size() > header_width) {
      report.Warn(MakeError(ErrorCode::kParse,
                            fmt::format("expected {} fields like the header, got {}; extra "
                                        "fields ignored",
                                        header_width, row.size()),
                            where(line, "")));
    }
    bool bad_utf8 = false;
    auto get = [&](Column c) -> std::string {
      if (!col[c] || *col[c] >= row.size()) return "";
      std::string_view v = Trim(row[*col[c]]);
      if (!IsValidUtf8(v)) bad_utf8 = true;
      return ToUtf8(v);
    };
    std::string id = get(kId);
    std::string name = CollapseSpaces(get(kName));
    if (id.empty()) {
      report.Skip(
          MakeError(ErrorCode::kParse, "expected an id, got an empty field", where(line, "id")),
          "missing id");
      continue;
    }
    if (!ValidId(id)) {
      report.Skip(MakeError(ErrorCode::kParse,
                            fmt::format("expected 1-{} of A-Z a-z 0-9 . _ -, got '{}'", kMaxIdBytes,
                                        id.substr(0, 160)),
                            where(line, "id")),
                  "bad id");
      continue;
    }
    if (name.empty()) {
      report.Skip(
          MakeError(ErrorCode::kParse, "expected a name, got an empty field", where(line, "name")),
          "missing name");
      continue;
    }
    model::Entity e;
    e.dataset = std::string(dataset);
    e.id = fmt::format("{}-{}", dataset, id);
    std::string schema = get(kSchema);
    if (!schema.empty()) {
      bool found = false;
      for (model::Schema s : kSchemata) {
        if (EqualsIgnoreCase(schema, model::SchemaName(s))) {
          e.schema = s;
          found = true;
        }
      }
      if (!found) {
        report.Skip(MakeError(ErrorCode::kParse,
                              fmt::format("expected Person, Organization, Company, Vessel, "
                                          "Airplane or LegalEntity, got '{}'",
                                          schema),
                              where(line, "schema")),
                    "bad schema");
        continue;
      }
    }
    if (!seen.insert(id).second) {
      report.Skip(MakeError(ErrorCode::kParse, fmt::format("id '{}' was already used", id),
                            where(line, "id")),
                  "duplicate id");
      continue;
    }
    model::Name primary;
    primary.full = name;
    e.names.push_back(std::move(primary));
    for (std::string& alias : SplitPipes(get(kAliases))) {
      model::Name n;
      n.full = CollapseSpaces(alias);
      n.kind = model::NameKind::kAlias;
      if (n.full != name) e.names.push_back(std::move(n));
    }
    for (const std::string& d : SplitPipes(get(kBirthDate))) {
      if (auto spec = ParseBirthDate(d)) {
        e.birth_dates.push_back(std::move(*spec));
      } else {
        report.Warn(MakeError(ErrorCode::kParse,
                              fmt::format("expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY..YYYY, "
                                          "got '{}'",
                                          d),
                              where(line, "birth_date")));
      }
    }
    auto countries = [&](Column c, std::vector<std::string>* out) {
      for (const std::string& v : SplitPipes(get(c))) {
        std::string code = Country(v);
        if (code.empty()) {
          report.Warn(MakeError(ErrorCode::kParse,
                                fmt::format("expected a country name or ISO code, got '{}'", v),
                                where(line, kColumnNames[c])));
        } else if (std::find(out->begin(), out->end(), code) == out->end()) {
          out->push_back(code);
        }
      }
    };
    countries(kNationality, &e.nationalities);
    countries(kCountry, &e.countries);
    for (const std::string& item : SplitPipes(get(kIdNumbers))) {
      // type:value[:CC] - the country part is taken only when it is empty or a code.
      size_t first = item.find(':');
      if (first == std::string::npos || first == 0) {
        report.Warn(MakeError(ErrorCode::kParse,
                              fmt::format("expected type:value[:country], got '{}'", item),
                              where(line, "id_numbers")));
        continue;
      }
      model::Identifier ident;
      std::string type = AsciiLower(Trim(std::string_view(item).substr(0, first)));
      std::string_view rest = std::string_view(item).substr(first + 1);
      size_t last = rest.rfind(':');
      if (last != std::string_view::npos) {
        std::string_view cc = Trim(rest.substr(last + 1));
        std::string code = cc.empty() ? "" : Country(cc);
        if (cc.empty() || !code.empty()) {
          ident.country = code;
          rest = rest.substr(0, last);
        }
      }
      ident.value = std::string(Trim(rest));
      if (ident.value.empty()) {
        report.Warn(MakeError(ErrorCode::kParse,
                              fmt::format("expected a value after '{}:', got '{}'", type, item),
                              where(line, "id_numbers")));
        continue;
      }
      if (auto t = model::ParseIdType(type)) {
        ident.type = *t;
      } else {
        ident.label = type;
      }
      e.identifiers.push_back(std::move(ident));
    }
    for (std::string& p : SplitPipes(get(kProgram))) e.programs.push_back(std::move(p));
    if (std::string listed = get(kListedOn); !listed.empty()) {
      auto d = model::PartialDate::FromIso(listed);
      if (d && listed.size() == 10) {
        e.listed_on = listed;
      } else {
        report.Warn(MakeError(ErrorCode::kParse,
                              fmt::format("expected YYYY-MM-DD, got '{}'", listed),
                              where(line, "listed_on")));
      }
    }
    if (std::string notes = get(kNotes); !notes.empty()) e.remarks.push_back(std::move(notes));
    if (bad_utf8) {
      report.Warn(MakeError(ErrorCode::kParse,
                            "expected UTF-8, got other bytes; read them as Windows-1252",
                            where(line, "")));
    }
    ++report.entities;
    sink(std::move(e));
  }
  if (!reader.error().empty()) {
    report.Skip(MakeError(ErrorCode::kParse, reader.error(), where(reader.line(), "")),
                "malformed CSV");
  }
  return report;
}

}  // namespace embargo::ingest
