// `embargo show ID`: one entity, readable, or as FtM JSON with --json.
#include <fmt/format.h>

#include <memory>

#include "cli/cli.h"
#include "model/country.h"
#include "model/ftm.h"

namespace embargo::cli {
namespace {

std::string DateText(const model::DateSpec& d) {
  std::string s = d.from.ToIso();
  if (d.is_range()) s += " to " + d.to.ToIso();
  if (d.circa) s = "circa " + s;
  if (!d.original.empty() && d.original != s) s += "  (listed as \"" + d.original + "\")";
  return s;
}

std::string CountryText(const std::string& code) {
  std::string_view name = model::CountryName(code);
  return name.empty() ? code : fmt::format("{} ({})", code, name);
}

void PrintList(const char* label, const std::vector<std::string>& values,
               std::string (*fmt_one)(const std::string&) = nullptr) {
  if (values.empty()) return;
  std::string joined;
  for (const auto& v : values) {
    if (!joined.empty()) joined += "; ";
    joined += fmt_one ? fmt_one(v) : v;
  }
  fmt::print("  {:<15} {}\n", label, joined);
}

}  // namespace

void PrintEntity(const model::Entity& e) {
  fmt::print("{}\n", e.caption());
  fmt::print("  {:<15} {}\n", "id", e.id);
  fmt::print("  {:<15} {}\n", "schema", model::SchemaName(e.schema));
  fmt::print("  {:<15} {}\n", "dataset", e.dataset);
  if (!e.programs.empty()) PrintList("programs", e.programs);
  if (!e.listed_on.empty()) fmt::print("  {:<15} {}\n", "listed on", e.listed_on);
  fmt::print("  names:\n");
  for (const auto& n : e.names) {
    fmt::print("    {:<13} {}{}\n", model::NameKindName(n.kind), n.full,
               n.script.empty() || n.script == "Latn" ? "" : fmt::format("  [{}]", n.script));
  }
  for (const auto& d : e.birth_dates)
    fmt::print("  {:<15} {}\n", e.schema == model::Schema::kPerson ? "born" : "established",
               DateText(d));
  for (const auto& d : e.death_dates) fmt::print("  {:<15} {}\n", "died", DateText(d));
  PrintList("birth place", e.birth_places);
  if (e.gender != model::Gender::kUnknown)
    fmt::print("  {:<15} {}\n", "gender", model::GenderName(e.gender));
  PrintList("nationality", e.nationalities, CountryText);
  PrintList("citizenship", e.citizenships, CountryText);
  PrintList("country", e.countries, CountryText);
  PrintList("title", e.titles);
  PrintList("position", e.positions);
  if (!e.vessel_type.empty()) fmt::print("  {:<15} {}\n", "vessel type", e.vessel_type);
  if (!e.flag.empty()) fmt::print("  {:<15} {}\n", "flag", CountryText(e.flag));
  if (!e.tonnage.empty()) fmt::print("  {:<15} {}\n", "tonnage", e.tonnage);
  if (!e.gross_tonnage.empty()) fmt::print("  {:<15} {}\n", "gross tonnage", e.gross_tonnage);
  if (!e.owner.empty()) fmt::print("  {:<15} {}\n", "owner", e.owner);
  if (!e.aircraft_model.empty()) fmt::print("  {:<15} {}\n", "aircraft", e.aircraft_model);
  if (!e.identifiers.empty()) {
    fmt::print("  identifiers:\n");
    for (const auto& id : e.identifiers) {
      fmt::print("    {:<13} {}{}{}{}\n", model::IdTypeName(id.type), id.value,
                 id.country.empty() ? "" : fmt::format("  ({})", CountryText(id.country)),
                 id.label.empty() ? "" : fmt::format("  [{}]", id.label),
                 id.note.empty() ? "" : fmt::format("  {}", id.note));
    }
  }
  if (!e.addresses.empty()) {
    fmt::print("  addresses:\n");
    for (const auto& a : e.addresses) fmt::print("    {}\n", a.full);
  }
  if (!e.links.empty()) {
    fmt::print("  links:\n");
    for (const auto& l : e.links)
      fmt::print("    {:<13} {}{}\n", l.relation, l.target_name,
                 l.target_id.empty() ? "" : fmt::format("  ({})", l.target_id));
  }
  if (!e.remarks.empty()) {
    fmt::print("  remarks:\n");
    for (const auto& r : e.remarks) fmt::print("    {}\n", r);
  }
  if (!e.source_url.empty()) fmt::print("  {:<15} {}\n", "source", e.source_url);
}

void AddShowCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("show", "Show one listed entity by id (e.g. ofac-35096)");
  auto id = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  cmd->add_option("ID", *id, "Entity id, e.g. ofac-35096 or unsc-6908555")->required();
  cmd->add_flag("--json", *json, "Print the entity as FollowTheMoney JSON");
  cmd->callback([&global, &exit_code, id, json] {
    auto lists = LoadLists(global);
    if (!lists) {
      fmt::print(stderr, "embargo show: {}\n", lists.error().ToString());
      exit_code = kExitFailure;
      return;
    }
    for (const auto& e : lists->entities) {
      if (e.id != *id) continue;
      if (*json) {
        fmt::print("{}\n", model::ToFtm(e).dump(2));
      } else {
        PrintEntity(e);
      }
      return;
    }
    fmt::print(stderr, "embargo show: no entity with id '{}' in the loaded lists\n", *id);
    exit_code = kExitNotFound;
  });
}

}  // namespace embargo::cli
