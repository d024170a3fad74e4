// UK FCDO summary table -> entities. See uk.h for the column mapping. The header row is
// the first row (among the first few) that has both "Unique ID" and "Name" cells.
#include "ingest/uk.h"

#include <fmt/format.h>

#include <optional>
#include <unordered_set>

#include "common/utf8.h"
#include "model/entity.h"

namespace embargo::ingest {
namespace {

constexpr size_t kHeaderSearchRows = 20;

std::optional<size_t> FindColumn(const SheetRow& header, std::string_view name) {
  for (size_t i = 0; i < header.cells.size(); ++i) {
    if (EqualsIgnoreCase(CollapseSpaces(header.cells[i]), name)) return i;
  }
  return std::nullopt;
}

std::string Get(const SheetRow& row, std::optional<size_t> col) {
  if (!col || *col >= row.cells.size()) return "";
  return CollapseSpaces(row.cells[*col]);
}

// DD-MM-YYYY or DD/MM/YYYY -> ISO; "" when malformed.
std::string UkDateToIso(std::string_view s) {
  if (s.size() != 10 || (s[2] != '-' && s[2] != '/') || s[5] != s[2]) {
    return model::PartialDate::FromIso(s) ? std::string(s) : "";
  }
  std::string iso = fmt::format("{}-{}-{}", s.substr(6, 4), s.substr(3, 2), s.substr(0, 2));
  return model::PartialDate::FromIso(iso) ? iso : "";
}

}  // namespace

LoadReport ParseUkSheet(const Sheet& sheet, std::string_view file_name, const EntitySink& sink) {
  LoadReport report;
  report.source = std::string(file_name);
  report.dataset = "gb_fcdo_sanctions";
  const std::string table = sheet.name.empty() ? "Sheet1" : sheet.name;
  size_t h = 0;
  std::optional<size_t> c_id, c_name;
  for (; h < sheet.rows.size() && h < kHeaderSearchRows; ++h) {
    c_id = FindColumn(sheet.rows[h], "Unique ID");
    c_name = FindColumn(sheet.rows[h], "Name");
    if (c_id && c_name) break;
  }
  if (!c_id || !c_name) {
    report.Skip(MakeError(ErrorCode::kParse,
                          "expected a header row with 'Unique ID' and 'Name' in the first rows",
                          fmt::format("{} {}", file_name, table)),
                "missing header");
    return report;
  }
  const SheetRow& header = sheet.rows[h];
  const auto c_group = FindColumn(header, "OFSI Group ID"),
             c_regime = FindColumn(header, "Regime Name"), c_type = FindColumn(header, "Type"),
             c_source = FindColumn(header, "Designation source"),
             c_date = FindColumn(header, "Date Designated"),
             c_imposed = FindColumn(header, "Sanctions Imposed");
  std::unordered_set<std::string> seen;
  for (size_t r = h + 1; r < sheet.rows.size(); ++r) {
    const SheetRow& row = sheet.rows[r];
    ++report.records_read;
    auto where = [&](std::optional<size_t> c, std::string_view field) {
      return fmt::format("{} {} field '{}'", file_name, CellRef(table, c.value_or(0), row.number),
                         field);
    };
    std::string uid = Get(row, c_id);
    std::string name = Get(row, c_name);
    if (uid.empty()) {
      report.Skip(MakeError(ErrorCode::kParse, "expected a Unique ID, got an empty cell",
                            where(c_id, "Unique ID")),
                  "missing id");
      continue;
    }
    if (name.empty()) {
      report.Skip(
          MakeError(ErrorCode::kParse, "expected a name, got an empty cell", where(c_name, "Name")),
          "missing name");
      continue;
    }
    if (!seen.insert(uid).second) {
      report.Skip(MakeError(ErrorCode::kParse, fmt::format("Unique ID '{}' appears again", uid),
                            where(c_id, "Unique ID")),
                  "duplicate id");
      continue;
    }
    model::Entity e;
    e.id = "gb-fcdo-" + uid;
    e.dataset = "gb_fcdo_sanctions";
    model::Name n;
    n.full = name;
    e.names.push_back(std::move(n));
    std::string type = Get(row, c_type);
    if (EqualsIgnoreCase(type, "Individual")) {
      e.schema = model::Schema::kPerson;
    } else if (EqualsIgnoreCase(type, "Entity")) {
      e.schema = model::Schema::kOrganization;
    } else if (EqualsIgnoreCase(type, "Ship")) {
      e.schema = model::Schema::kVessel;
    } else {
      report.Warn(MakeError(ErrorCode::kParse,
                            fmt::format("expected Individual, Entity or Ship, got '{}'", type),
                            where(c_type, "Type")));
    }
    if (std::string regime = Get(row, c_regime); !regime.empty()) e.programs.push_back(regime);
    if (std::string group = Get(row, c_group); !group.empty()) {
      model::Identifier id;
      id.value = group;
      id.label = "OFSI Group ID";
      e.identifiers.push_back(std::move(id));
    }
    if (std::string date = Get(row, c_date); !date.empty()) {
      e.listed_on = UkDateToIso(date);
      if (e.listed_on.empty()) {
        report.Warn(MakeError(ErrorCode::kParse, fmt::format("expected DD-MM-YYYY, got '{}'", date),
                              where(c_date, "Date Designated")));
      }
    }
    if (std::string s = Get(row, c_source); !s.empty())
      e.extra.emplace_back("designationSource", s);
    if (std::string s = Get(row, c_imposed); !s.empty())
      e.extra.emplace_back("sanctionsImposed", s);
    ++report.entities;
    sink(std::move(e));
  }
  return report;
}

LoadReport ParseUkOds(std::string_view data, std::string_view file_name, const EntitySink& sink) {
  auto sheet = ReadOdsFirstTable(data);
  if (!sheet) {
    LoadReport report;
    report.source = std::string(file_name);
    report.dataset = "gb_fcdo_sanctions";
    Error e = sheet.error();
    e.where = std::string(file_name) + (e.where.empty() ? "" : " " + e.where);
    report.Skip(std::move(e), "unreadable spreadsheet");
    return report;
  }
  return ParseUkSheet(*sheet, file_name, sink);
}

}  // namespace embargo::ingest
