// OpenSanctions FtM exports: JSON lines (or one JSON array) of FtM entity objects.
//
// Each record is size- and depth-checked on its raw bytes, then parsed with nlohmann's
// non-throwing parse and converted with model::FromFtm. entities.ftm.json is read in two
// passes over the in-memory data: pass 1 parses only records that mention "Sanction"
// and collects, per sanctioned entity id, programs and listing date; pass 2 converts and
// emits every screenable entity in file order, adding what pass 1 found.
// targets.nested.json is one pass: nested entity objects are cut out of the properties,
// the rest goes through FromFtm, and the nested objects are flattened into the result.
#include "ingest/opensanctions.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "model/country.h"
#include "model/ftm.h"

namespace embargo::ingest {
namespace {

using json = nlohmann::json;

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The records of a file: lines, or the elements of one top-level JSON array.
class Records {
 public:
  Records(std::string_view data, std::string_view file, LoadReport* report)
      : data_(data), file_(file) {
    if (data_.substr(0, 3) == "\xEF\xBB\xBF") data_.remove_prefix(3);
    size_t first = data_.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || data_[first] != '[') return;
    is_array_ = true;
    if (NestingDepth(data_, kMaxFtmDepth + 1) > kMaxFtmDepth + 1) {
      report->Skip(MakeError(ErrorCode::kLimit,
                             fmt::format("JSON array nested deeper than {}", kMaxFtmDepth),
                             std::string(file_) + ":1"),
                   "too deeply nested");
      return;
    }
    array_ = json::parse(data_, nullptr, false);
    if (array_.is_discarded() || !array_.is_array()) {
      report->Skip(MakeError(ErrorCode::kParse, "file starts with '[' but is not a JSON array",
                             std::string(file_) + ":1"),
                   "bad JSON");
      array_ = json::array();
    }
  }

  // Calls f(where, json&) for each record that parses. Problems go to `report` when it
  // is not null; `needle`, when not empty, skips lines not containing it unparsed.
  template <typename F>
  void Each(LoadReport* report, std::string_view needle, F&& f) {
    if (is_array_) {
      size_t index = 0;
      for (json& element : array_) {
        ++index;
        if (report) ++report->records_read;
        f(fmt::format("{} element {}", file_, index), element);
      }
      return;
    }
    size_t pos = 0, line_no = 0;
    while (pos < data_.size()) {
      size_t end = data_.find('\n', pos);
      if (end == std::string_view::npos) end = data_.size();
      std::string_view line = data_.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (IsBlank(line)) continue;
      if (!needle.empty() && line.find(needle) == std::string_view::npos) continue;
      std::string where = fmt::format("{}:{}", file_, line_no);
      if (report) ++report->records_read;
      if (line.size() > kMaxFtmLineBytes) {
        if (report)
          report->Skip(MakeError(ErrorCode::kLimit,
                                 fmt::format("line of {} bytes is longer than the limit of {}",
                                             line.size(), kMaxFtmLineBytes),
                                 where),
                       "line too long");
        continue;
      }
      if (NestingDepth(line, kMaxFtmDepth) > kMaxFtmDepth) {
        if (report)
          report->Skip(MakeError(ErrorCode::kLimit,
                                 fmt::format("JSON nested deeper than {}", kMaxFtmDepth), where),
                       "too deeply nested");
        continue;
      }
      json j = json::parse(line, nullptr, false);
      if (j.is_discarded()) {
        if (report) report->Skip(MakeError(ErrorCode::kParse, "not valid JSON", where), "bad JSON");
        continue;
      }
      f(where, j);
    }
  }

 private:
  std::string_view data_;
  std::string_view file_;
  bool is_array_ = false;
  json array_;
};

// Short skip reason for an error from FromFtm.
std::string ReasonFor(const Error& error) {
  const std::string& m = error.message;
  if (m.starts_with("expected a JSON object")) return "not an object";
  if (m.starts_with("missing \"id\"")) return "missing id";
  if (m.starts_with("missing \"schema\"")) return "missing schema";
  if (m.find("has no name") != std::string::npos) return "missing name";
  if (m.starts_with("\"properties\"")) return "bad properties";
  return "invalid entity";
}

std::string SchemaOf(const json& j) {
  auto it = j.find("schema");
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// String values of property `prop` of FtM object `j` (scalars count as one value).
std::vector<std::string> Strings(const json& j, const char* prop) {
  std::vector<std::string> out;
  auto props = j.find("properties");
  if (props == j.end() || !props->is_object()) return out;
  auto it = props->find(prop);
  if (it == props->end()) return out;
  auto add = [&](const json& v) {
    if (v.is_string() && !v.get_ref<const std::string&>().empty())
      out.push_back(v.get<std::string>());
  };
  if (it->is_array()) {
    for (const auto& v : *it) add(v);
  } else {
    add(*it);
  }
  return out;
}

std::string First(const json& j, const char* prop) {
  auto v = Strings(j, prop);
  return v.empty() ? std::string() : v.front();
}

bool IsIsoDate(const std::string& v) {
  auto p = model::PartialDate::FromIso(v);
  return p && p->ToIso() == v;
}

// What a Sanction entity says about the entity it sanctions.
struct SanctionFacts {
  std::vector<std::string> programs;
  std::string listed_on;
};

SanctionFacts FactsOf(const json& sanction) {
  SanctionFacts f;
  f.programs = Strings(sanction, "programId");
  if (f.programs.empty()) f.programs = Strings(sanction, "program");
  // The earliest listing or start date: when the entity was first designated.
  for (const char* prop : {"listingDate", "startDate"})
    for (const auto& d : Strings(sanction, prop))
      if (IsIsoDate(d) && (f.listed_on.empty() || d < f.listed_on)) f.listed_on = d;
  return f;
}

void AddUnique(std::vector<std::string>* list, const std::string& v) {
  if (std::find(list->begin(), list->end(), v) == list->end()) list->push_back(v);
}

void Apply(const SanctionFacts& f, model::Entity* e) {
  for (const auto& p : f.programs) AddUnique(&e->programs, p);
  if (e->listed_on.empty()) e->listed_on = f.listed_on;
}

// Converts and emits one record; counts what it cannot emit.
template <typename Enrich>
void Emit(const std::string& where, const json& j, std::string_view default_dataset,
          LoadReport* report, const EntitySink& sink, Enrich&& enrich) {
  auto entity = model::FromFtm(j, where);
  if (!entity) {
    if (entity.error().code == ErrorCode::kNotFound) {
      ++report->skip_reasons["non-screenable schema " + SchemaOf(j)];
    } else {
      report->Skip(entity.error(), ReasonFor(entity.error()));
    }
    return;
  }
  if (entity->dataset.empty()) entity->dataset = std::string(default_dataset);
  enrich(&*entity);
  ++report->entities;
  sink(std::move(*entity));
}

// ---- targets.nested.json -----------------------------------------------------------

bool IsEntityObject(const json& v) {
  return v.is_object() && v.contains("schema") && v["schema"].is_string();
}

std::string CaptionOf(const json& v) {
  if (auto it = v.find("caption"); it != v.end() && it->is_string()) return it->get<std::string>();
  return First(v, "name");
}

std::string IdOf(const json& v) {
  auto it = v.find("id");
  return it != v.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string CountryOf(const json& v) {
  for (const auto& c : Strings(v, "country"))
    if (model::IsCountryCode(c)) return c;
  return {};
}

// Flattens one nested entity object `v` (found under property `prop`) into `e`.
void Flatten(const std::string& prop, const json& v, model::Entity* e) {
  const std::string schema = SchemaOf(v);
  if (schema == "Address") {
    model::Address a;
    a.full = First(v, "full");
    a.street = First(v, "street");
    a.city = First(v, "city");
    a.region = First(v, "region");
    a.postal_code = First(v, "postalCode");
    a.country = CountryOf(v);
    if (a.full.empty() && a.street.empty() && a.city.empty()) return;
    bool dup = std::any_of(e->addresses.begin(), e->addresses.end(),
                           [&](const auto& x) { return !a.full.empty() && x.full == a.full; });
    if (dup) {
      // The flat "address" property already gave the line; add the parts to it.
      for (auto& x : e->addresses)
        if (x.full == a.full) x = a;
    } else {
      e->addresses.push_back(a);
    }
    if (!a.country.empty()) AddUnique(&e->countries, a.country);
  } else if (schema == "Identification" || schema == "Passport") {
    model::Identifier id;
    id.value = First(v, "number");
    if (id.value.empty()) return;
    std::string type = First(v, "type");
    std::string lower = type;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    id.type = schema == "Passport" || lower.find("passport") != std::string::npos
                  ? model::IdType::kPassport
                  : model::IdType::kNationalId;
    id.country = CountryOf(v);
    id.label = type;
    // A flat passportNumber/idNumber with the same value gets the issuer added.
    for (auto& x : e->identifiers) {
      if (x.value == id.value) {
        if (x.country.empty()) x.country = id.country;
        return;
      }
    }
    e->identifiers.push_back(std::move(id));
  } else if (schema == "Sanction") {
    Apply(FactsOf(v), e);
  } else {
    // A relationship (Family, Ownership, Occupancy, ...): link to the other side.
    auto props = v.find("properties");
    if (props == v.end() || !props->is_object()) return;
    std::string relation = schema;
    std::transform(relation.begin(), relation.end(), relation.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (auto r = First(v, "relationship"); !r.empty()) relation += ":" + r;
    for (const auto& [key, values] : props->items()) {
      if (!values.is_array()) continue;
      for (const auto& other : values) {
        if (!IsEntityObject(other) || IdOf(other) == e->id) continue;
        if (SchemaOf(other) == "Position") {
          if (auto name = First(other, "name"); !name.empty()) AddUnique(&e->positions, name);
          continue;
        }
        e->links.push_back(model::Link{relation, CaptionOf(other), IdOf(other)});
      }
    }
  }
}

}  // namespace

int NestingDepth(std::string_view text, int limit) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escape = false;
  for (char c : text) {
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
      if (max_depth > limit) return max_depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

LoadReport ParseFtmLines(std::string_view data, std::string_view file_name,
                         std::string_view default_dataset, const EntitySink& sink) {
  LoadReport report;
  report.source = std::string(file_name);
  report.dataset = std::string(default_dataset);
  Records records(data, file_name, &report);

  // Pass 1: sanctions by the id of the entity they sanction.
  std::map<std::string, SanctionFacts> sanctions;
  records.Each(nullptr, "\"Sanction\"", [&](const std::string&, const json& j) {
    if (!j.is_object() || SchemaOf(j) != "Sanction") return;
    SanctionFacts facts = FactsOf(j);
    for (const auto& target : Strings(j, "entity")) {
      SanctionFacts& f = sanctions[target];
      for (const auto& p : facts.programs) AddUnique(&f.programs, p);
      if (f.listed_on.empty() || (!facts.listed_on.empty() && facts.listed_on < f.listed_on))
        f.listed_on = facts.listed_on;
    }
  });

  // Pass 2: emit.
  records.Each(&report, "", [&](const std::string& where, const json& j) {
    Emit(where, j, default_dataset, &report, sink, [&](model::Entity* e) {
      if (auto it = sanctions.find(e->id); it != sanctions.end()) Apply(it->second, e);
    });
  });
  return report;
}

LoadReport ParseTargetsNested(std::string_view data, std::string_view file_name,
                              std::string_view default_dataset, const EntitySink& sink) {
  LoadReport report;
  report.source = std::string(file_name);
  report.dataset = std::string(default_dataset);
  Records records(data, file_name, &report);
  records.Each(&report, "", [&](const std::string& where, json& j) {
    // Cut nested entity objects out of the properties; FromFtm reads the rest.
    std::vector<std::pair<std::string, json>> nested;
    if (j.is_object()) {
      if (auto props = j.find("properties"); props != j.end() && props->is_object()) {
        std::vector<std::string> emptied;
        for (auto& [key, values] : props->items()) {
          if (!values.is_array() || std::none_of(values.begin(), values.end(), IsEntityObject))
            continue;
          json keep = json::array();
          for (auto& v : values) {
            if (IsEntityObject(v)) {
              nested.emplace_back(key, std::move(v));
            } else {
              keep.push_back(std::move(v));
            }
          }
          if (keep.empty()) emptied.push_back(key);
          values = std::move(keep);
        }
        for (const auto& key : emptied) props->erase(key);
      }
    }
    Emit(where, j, default_dataset, &report, sink, [&](model::Entity* e) {
      for (const auto& [key, v] : nested) Flatten(key, v, e);
    });
  });
  return report;
}

}  // namespace embargo::ingest
