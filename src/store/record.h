// Content hashes and records for the store: the canonical JSON a customer is kept as, the
// per-entity hash that says whether a listed entity changed between two list versions, and
// the field-level difference shown on an alert raised again after a change.
//
// Canonical JSON = nlohmann's dump() without spaces: object keys sorted, arrays in their
// order, invalid UTF-8 replaced (U+FFFD) so hashing never throws.
//
// Thread-safety: pure functions.
#ifndef EMBARGO_STORE_RECORD_H_
#define EMBARGO_STORE_RECORD_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "model/entity.h"
#include "screen/screen.h"

namespace embargo::store {

std::string Canonical(const nlohmann::json& j);

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// A customer as a yente /match query: {"id", "schema", "properties": {"name": [..],
// "birthDate": [..], "country": [..], "idNumber": [..], "gender": [..]}}; empty properties
// are left out. screen::QueryFromJson() reads it back into the same query.
nlohmann::json CustomerRecord(const screen::Query& query);

// SHA-256 of the entity's FollowTheMoney JSON: equal exactly when the entity is unchanged.
std::string EntityHash(const model::Entity& entity);

// The FtM JSON kept as a snapshot of an entity an alert was raised on.
nlohmann::json EntityRecord(const model::Entity& entity);

// What differs between two records with "properties" (and "schema"): one element per field,
// {"field": "birthDate", "old": [...], "new": [...]} with the values only one side has.
nlohmann::json RecordChanges(const nlohmann::json& old_record, const nlohmann::json& new_record);

}  // namespace embargo::store

#endif  // EMBARGO_STORE_RECORD_H_
