// Entity diff: each entity is rendered once into (field, sorted values) pairs in a fixed
// field order; two entities differ in a field when the sorted value lists differ, and the
// change is the multiset difference both ways (std::set_difference on sorted vectors).
// Pairing by id is a hash join: O(n) over both sets plus the rendering.
#include "history/diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <unordered_map>
#include <utility>

namespace embargo::history {
namespace {

using Fields = std::vector<std::pair<std::string, std::vector<std::string>>>;

std::string DateText(const model::DateSpec& d) {
  std::string s = d.from.ToIso();
  if (s.empty()) s = d.original;
  if (d.is_range()) s += ".." + d.to.ToIso();
  if (d.circa) s = "circa " + s;
  return s;
}

std::string Join(std::initializer_list<std::string_view> parts, std::string_view sep) {
  std::string out;
  for (auto p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string IdText(const model::Identifier& id) {
  std::string s = std::string(model::IdTypeName(id.type)) + " " + id.value;
  if (!id.label.empty() && id.type == model::IdType::kCryptoWallet) s += " (" + id.label + ")";
  if (!id.country.empty()) s += " [" + id.country + "]";
  if (!id.note.empty()) s += " " + id.note;
  return s;
}

std::string AddressText(const model::Address& a) {
  std::string s = a.full.empty() ? Join({a.street, a.city, a.region, a.postal_code}, ", ") : a.full;
  if (!a.country.empty() && s.find("[" + a.country + "]") == std::string::npos)
    s += " [" + a.country + "]";
  if (!a.remarks.empty()) s += " (" + a.remarks + ")";
  return s;
}

// The entity as (field, sorted values), every field present (possibly empty) in the
// same order, so two renderings can be walked side by side.
Fields Render(const model::Entity& e) {
  Fields f;
  auto add = [&f](std::string name, std::vector<std::string> values) {
    std::erase(values, std::string());
    std::sort(values.begin(), values.end());
    f.emplace_back(std::move(name), std::move(values));
  };
  auto one = [](std::string_view v) { return std::vector<std::string>{std::string(v)}; };
  add("schema", one(model::SchemaName(e.schema)));
  add("dataset", one(e.dataset));
  for (auto kind : {model::NameKind::kPrimary, model::NameKind::kAlias, model::NameKind::kWeakAlias,
                    model::NameKind::kPrevious}) {
    std::vector<std::string> v;
    for (const auto& n : e.names)
      if (n.kind == kind) v.push_back(n.full);
    add(std::string(model::NameKindName(kind)), std::move(v));
  }
  auto dates = [](const std::vector<model::DateSpec>& ds) {
    std::vector<std::string> v;
    for (const auto& d : ds) v.push_back(DateText(d));
    return v;
  };
  add("birthDate", dates(e.birth_dates));
  add("deathDate", dates(e.death_dates));
  add("birthPlace", e.birth_places);
  add("gender", one(model::GenderName(e.gender)));
  add("title", e.titles);
  add("position", e.positions);
  add("nationality", e.nationalities);
  add("citizenship", e.citizenships);
  add("country", e.countries);
  std::vector<std::string> ids, addresses, links, extra;
  for (const auto& i : e.identifiers) ids.push_back(IdText(i));
  for (const auto& a : e.addresses) addresses.push_back(AddressText(a));
  for (const auto& l : e.links)
    links.push_back(l.relation + ": " + l.target_name +
                    (l.target_id.empty() ? "" : " (" + l.target_id + ")"));
  for (const auto& [k, v] : e.extra) extra.push_back(k + ": " + v);
  add("identifier", std::move(ids));
  add("address", std::move(addresses));
  add("vesselType", one(e.vessel_type));
  add("flag", one(e.flag));
  add("tonnage", one(e.tonnage));
  add("grossRegisteredTonnage", one(e.gross_tonnage));
  add("owner", one(e.owner));
  add("model", one(e.aircraft_model));
  add("program", e.programs);
  add("listedOn", one(e.listed_on));
  add("sourceUrl", one(e.source_url));
  add("notes", e.remarks);
  add("link", std::move(links));
  add("extra", std::move(extra));
  return f;
}

std::vector<FieldChange> Compare(const Fields& a, const Fields& b) {
  std::vector<FieldChange> out;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].second == b[i].second) continue;
    FieldChange c{a[i].first, {}, {}};
    std::set_difference(a[i].second.begin(), a[i].second.end(), b[i].second.begin(),
                        b[i].second.end(), std::back_inserter(c.old_values));
    std::set_difference(b[i].second.begin(), b[i].second.end(), a[i].second.begin(),
                        a[i].second.end(), std::back_inserter(c.new_values));
    out.push_back(std::move(c));
  }
  return out;
}

EntityDelta Delta(const model::Entity& e) {
  return {e.id, std::string(e.caption()), e.dataset, e.schema, {}};
}

nlohmann::json DeltaJson(const EntityDelta& d) {
  nlohmann::json j = {{"id", d.id},
                      {"caption", d.caption},
                      {"schema", std::string(model::SchemaName(d.schema))},
                      {"dataset", d.dataset}};
  if (!d.changes.empty()) {
    auto& cs = j["changes"] = nlohmann::json::array();
    for (const auto& c : d.changes)
      cs.push_back({{"field", c.field}, {"old", c.old_values}, {"new", c.new_values}});
  }
  return j;
}

std::string Quoted(const std::vector<std::string>& values, std::string_view sign) {
  std::string out;
  for (const auto& v : values) out += fmt::format(" {} \"{}\"", sign, v);
  return out;
}

}  // namespace

std::vector<FieldChange> DiffEntity(const model::Entity& old_entity,
                                    const model::Entity& new_entity) {
  return Compare(Render(old_entity), Render(new_entity));
}

Diff DiffEntities(const std::vector<model::Entity>& old_entities,
                  const std::vector<model::Entity>& new_entities) {
  Diff d;
  d.old_entities = old_entities.size();
  d.new_entities = new_entities.size();
  std::unordered_map<std::string_view, const model::Entity*> old_by_id, new_by_id;
  old_by_id.reserve(old_entities.size());
  new_by_id.reserve(new_entities.size());
  for (const auto& e : old_entities) old_by_id.emplace(e.id, &e);
  for (const auto& e : new_entities) new_by_id.emplace(e.id, &e);
  for (const auto& [id, e] : old_by_id)
    if (!new_by_id.contains(id)) d.removed.push_back(Delta(*e));
  for (const auto& [id, e] : new_by_id) {
    auto it = old_by_id.find(id);
    if (it == old_by_id.end()) {
      d.added.push_back(Delta(*e));
      continue;
    }
    auto changes = DiffEntity(*it->second, *e);
    if (changes.empty()) {
      ++d.unchanged;
      continue;
    }
    EntityDelta delta = Delta(*e);
    delta.changes = std::move(changes);
    d.changed.push_back(std::move(delta));
  }
  auto by_id = [](const EntityDelta& a, const EntityDelta& b) { return a.id < b.id; };
  std::sort(d.added.begin(), d.added.end(), by_id);
  std::sort(d.removed.begin(), d.removed.end(), by_id);
  std::sort(d.changed.begin(), d.changed.end(), by_id);
  return d;
}

Result<Diff> DiffVersions(const std::string& data_dir, const Version& from, const Version& to) {
  // One parser thread per version: both load at once.
  auto old_lists = std::async(std::launch::async, [&] { return LoadVersion(data_dir, from); });
  auto new_lists = LoadVersion(data_dir, to);
  auto old_done = old_lists.get();
  if (!old_done) return Fail(old_done.error());
  if (!new_lists) return Fail(new_lists.error());
  return DiffEntities(old_done->entities, new_lists->entities);
}

nlohmann::json DiffToJson(const Diff& diff) {
  auto list = [](const std::vector<EntityDelta>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& d : v) a.push_back(DeltaJson(d));
    return a;
  };
  return {{"added", diff.added.size()},
          {"removed", diff.removed.size()},
          {"changed", diff.changed.size()},
          {"unchanged", diff.unchanged},
          {"old_entities", diff.old_entities},
          {"new_entities", diff.new_entities},
          {"entities",
           {{"added", list(diff.added)},
            {"removed", list(diff.removed)},
            {"changed", list(diff.changed)}}}};
}

std::string DiffToText(const Diff& diff, size_t max_entities) {
  std::string out =
      fmt::format("{} added, {} removed, {} changed, {} unchanged ({} -> {} entities)\n",
                  diff.added.size(), diff.removed.size(), diff.changed.size(), diff.unchanged,
                  diff.old_entities, diff.new_entities);
  auto group = [&](const char* title, const std::vector<EntityDelta>& v, char sign) {
    if (v.empty()) return;
    out += fmt::format("\n{} ({}):\n", title, v.size());
    size_t shown = 0;
    for (const auto& d : v) {
      if (max_entities != 0 && shown == max_entities) {
        out += fmt::format("  ... {} more (use --limit 0 or --json)\n", v.size() - shown);
        break;
      }
      ++shown;
      out += fmt::format("{} {:<14} {} ({}, {})\n", sign, d.id, d.caption,
                         model::SchemaName(d.schema), d.dataset);
      for (const auto& c : d.changes)
        out += fmt::format("    {}:{}{}\n", c.field, Quoted(c.old_values, "-"),
                           Quoted(c.new_values, "+"));
    }
  };
  group("Added", diff.added, '+');
  group("Removed", diff.removed, '-');
  group("Changed", diff.changed, '~');
  return out;
}

}  // namespace embargo::history
