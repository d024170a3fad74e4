// Parsers for OpenSanctions exports in FollowTheMoney (FtM) JSON: `entities.ftm.json`
// (one FtM entity object per line, relationship entities as entities of their own) and
// `targets.nested.json` (one target per line, related entities nested as objects inside
// its properties). Called by the list loaders and the `lists` command; each entity is
// converted with model::FromFtm (see model/ftm.h for the property mapping).
//
// Decisions:
//  - OpenSanctions ids are kept as they are ("NK-2GdmHtZTeNXjNVrBGEXZNj", "Q296771").
//  - Dataset: the entity's own "datasets"[0] when present, else `default_dataset`.
//  - Only screenable schemata (Person, Organization, Company, LegalEntity, Vessel,
//    Airplane, and FtM subtypes ParseSchema maps) become entities. Other schemata
//    (Sanction, Ownership, Directorship, Family, Address, Passport, Occupancy, ...) are
//    counted in LoadReport::skip_reasons as "non-screenable schema X"; they are not
//    errors, so they count neither in `skipped` nor in `problems`.
//  - entities.ftm.json: a Sanction entity adds its programId values (or its program
//    values when it has no programId) to the entity named by its "entity" property,
//    and the earliest listingDate/startDate of its sanctions becomes listed_on when the
//    entity has none (no createdAt). A first pass parses only lines that mention
//    "Sanction" and keeps those facts (memory grows with the number of sanctions, not
//    entities); the second pass streams every entity to the sink as it is read.
//  - targets.nested.json: nested objects are flattened into their target: Address ->
//    addresses (and its country into countries), Identification/Passport ->
//    identifiers (with issuing country), Sanction -> programs and listed_on, any other
//    nested entity (Family relative, Ownership asset, ...) -> a Link to it. Nested
//    objects are not kept in Entity::extra (the flat facts above are).
//  - Input may also be one JSON array of entity objects instead of lines.
//  - Hostile input: a line longer than kMaxLineBytes or nested deeper than kMaxDepth is
//    skipped with a problem (checked before parsing, so the JSON parser never recurses
//    deeper); bad JSON, a non-object, a missing id, schema or name skip that line with a
//    problem at "file:line" and the rest loads.
//
// Thread-safety: the functions keep no state; call them from any thread. `sink` is
// called on the caller's thread.
#ifndef EMBARGO_INGEST_OPENSANCTIONS_H_
#define EMBARGO_INGEST_OPENSANCTIONS_H_

#include <cstddef>
#include <string_view>

#include "ingest/report.h"

namespace embargo::ingest {

// A longer line (or array element text) is skipped as "line too long".
inline constexpr size_t kMaxFtmLineBytes = size_t{16} << 20;
// Deeper nesting of [] and {} is skipped as "too deeply nested".
inline constexpr int kMaxFtmDepth = 64;

// The deepest nesting of [] and {} outside JSON strings in `text`, counted only until it
// exceeds `limit` (then some value above `limit`): the bound checked before a recursive
// JSON parser sees untrusted text.
int NestingDepth(std::string_view text, int limit);

// Reads entities.ftm.json (or a JSON array of FtM entities). `file_name` is used in
// problem locations ("entities.ftm.json:12").
LoadReport ParseFtmLines(std::string_view data, std::string_view file_name,
                         std::string_view default_dataset, const EntitySink& sink);

// Reads targets.nested.json (or a JSON array of nested FtM entities).
LoadReport ParseTargetsNested(std::string_view data, std::string_view file_name,
                              std::string_view default_dataset, const EntitySink& sink);

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_OPENSANCTIONS_H_
