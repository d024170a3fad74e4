// What changed between two versions of the lists: entities added, removed, and changed,
// and for a changed entity which fields, with the values only the old and only the new
// version hold. Works on any two loaded entity sets (two stored versions, two folders, two
// files); entities are paired by id. Called by `embargo diff` and by tests.
//
// Fields compared (named as in FollowTheMoney where it has a name): schema, dataset,
// name / alias / weakAlias / previousName, birthDate, deathDate, birthPlace, gender,
// title, position, nationality, citizenship, country, identifier, address, vessel and
// aircraft facts, program, listedOn, sourceUrl, notes (remarks), link, and FtM properties
// kept in `extra`. Values are compared as multisets of their rendered strings, so a mere
// change of order is no change.
//
// Thread-safety: pure functions over values.
#ifndef EMBARGO_HISTORY_DIFF_H_
#define EMBARGO_HISTORY_DIFF_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "history/history.h"
#include "model/entity.h"

namespace embargo::history {

struct FieldChange {
  std::string field;                    // "alias", "birthDate", "program", ...
  std::vector<std::string> old_values;  // values only the old entity has (sorted)
  std::vector<std::string> new_values;  // values only the new entity has (sorted)
};

struct EntityDelta {
  std::string id;
  std::string caption;  // primary name (of the new entity when it changed)
  std::string dataset;
  model::Schema schema = model::Schema::kLegalEntity;
  std::vector<FieldChange> changes;  // empty for added and removed entities
};

struct Diff {
  std::vector<EntityDelta> added, removed, changed;  // each sorted by id
  size_t unchanged = 0;
  size_t old_entities = 0, new_entities = 0;
};

// The fields of `old_entity` and `new_entity` that differ, in the order listed above.
std::vector<FieldChange> DiffEntity(const model::Entity& old_entity,
                                    const model::Entity& new_entity);

// Pairs entities by id (the first of a repeated id counts) and compares each pair.
Diff DiffEntities(const std::vector<model::Entity>& old_entities,
                  const std::vector<model::Entity>& new_entities);

// Loads two stored versions (both at once) and compares them. Fails as LoadVersion().
Result<Diff> DiffVersions(const std::string& data_dir, const Version& from, const Version& to);

// {"added": N, "removed": N, "changed": N, "unchanged": N, "entities": {"added": [{"id",
// "caption", "schema", "dataset"}], "removed": [...], "changed": [{..., "changes":
// [{"field", "old": [...], "new": [...]}]}]}}
nlohmann::json DiffToJson(const Diff& diff);

// Counts, then one line per added and removed entity ("+ ofac-35096  PUTIN, Vladimir
// Vladimirovich (Person, us_ofac_sdn)") and a block per changed one with its fields
// ("    alias: - "X" + "Y""). At most `max_entities` entities per group are printed
// (0 = all); the rest are counted.
std::string DiffToText(const Diff& diff, size_t max_entities = 0);

}  // namespace embargo::history

#endif  // EMBARGO_HISTORY_DIFF_H_
