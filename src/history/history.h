// The version store: every version of every list that `embargo update` fetched or a user
// imported, kept inside the data folder so a screening can be repeated "as the lists stood
// on" a past day and two versions of a list can be compared (history/diff.h). Called by
// update/ (each updated list becomes a version), by the CLI (`embargo history`, `embargo
// diff`, `--as-of`) and by tests.
//
// On disk, below <data>/.embargo/history/ (the loader ignores dot-folders):
//   objects/<sha256>        each file's bytes once, named by their hash (deduplicated)
//   versions/<id>/<name>    a folder per version: relative symbolic links to its objects
//                           under the original file names, so OFAC sidecars sit beside
//                           sdn.csv and the loader reads the folder as it reads --data
//   manifest.json           {"format": 1, "versions": [{"id": 3, "list": "ofac",
//                           "effective_date": "2022-02-26", "recorded_at": "...Z",
//                           "origin": "import", "files": [{"name": "sdn.csv",
//                           "sha256": "...", "bytes": 2112579, "records": 12163}]}]}
//   lock                    flock held while a version is added
// A version is added in the order objects, folder, manifest; the manifest is replaced
// atomically (temporary file, fsync, rename), so a crash at any point leaves the previous
// manifest in force and at worst an unreferenced object or folder, which is harmless.
//
// Thread-safety: stateless functions. Writers to one store exclude each other through the
// lock file (across processes); readers never need it, since the manifest is only ever
// replaced whole.
#ifndef EMBARGO_HISTORY_HISTORY_H_
#define EMBARGO_HISTORY_HISTORY_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "ingest/loader.h"

namespace embargo::history {

struct StoredFile {
  std::string name;    // original file name, e.g. "sdn.csv" (decides the format)
  std::string sha256;  // lower-case hex; the object's name
  uint64_t bytes = 0;
  uint64_t records = 0;  // entities (main files) or rows (OFAC sidecars)
};

struct Version {
  uint64_t id = 0;             // store-wide sequence number: 1, 2, 3, ...
  std::string list;            // "ofac", "un", "opensanctions/eu_fsf", or a user's name
  std::string effective_date;  // YYYY-MM-DD the list stood on (import: given; update: fetch day)
  std::string recorded_at;     // when it was added, ISO 8601 UTC
  std::string origin;          // "import" or "update"
  std::vector<StoredFile> files;
};

// A version as the manifest stores it: id, list, effective_date, recorded_at, origin and
// files (name, sha256, bytes, records).
nlohmann::json VersionToJson(const Version& v);

// A file to add: where it is now, and the name it is stored under.
struct NewFile {
  std::string path;
  std::string name;      // empty = the base name of `path`
  uint64_t records = 0;  // as counted by the caller's validation
  // Optional: the file's sha256 when the caller knows it (update does). When that object
  // is stored already with the same size, the file is not copied again.
  std::string sha256;
};

using Clock = std::function<std::chrono::system_clock::time_point()>;

// <data_dir>/.embargo/history
std::string HistoryDir(const std::string& data_dir);

// True for a real calendar day written YYYY-MM-DD.
bool IsIsoDay(std::string_view s);

// Every version in the store (of `list` only, unless empty), by list name, then oldest
// effective date first, ties in the order they were recorded. An absent store is an empty history.
// Fails with kCorrupt when the manifest cannot be read.
Result<std::vector<Version>> ListVersions(const std::string& data_dir, std::string_view list = {});

// Checks each file with its parser (ingest::ValidateListFile) and that a text list does
// not stop in the middle of a line, then adds them as one version of `list`. The files
// are the whole list on that day: a later version does not inherit files from an earlier
// one. A rejected file adds nothing, so the previous version stays in force. Importing
// the same files for the same list and date again returns the existing version.
Result<Version> Import(const std::string& data_dir, std::string_view list,
                       std::string_view effective_date, const std::vector<std::string>& files,
                       const Clock& clock = nullptr);

// Adds a version without parsing (the caller validated the files, e.g. `embargo update`).
// `origin` is "import" or "update"; `clock` may be empty (system clock).
Result<Version> AddVersion(const std::string& data_dir, std::string_view list,
                           std::string_view effective_date, std::string_view origin,
                           const std::vector<NewFile>& files, const Clock& clock = nullptr);

// Loads one version after checking each stored file against its sha256 (kCorrupt when a
// stored file was changed or lost). Each dataset's version is the effective date.
Result<ingest::LoadedLists> LoadVersion(const std::string& data_dir, const Version& version,
                                        const ingest::LoadOptions& options = {});

// For each list, the version in force on `date` (the latest with effective_date <= date;
// of equal dates the last recorded). Lists with no version by then are absent. Fails
// with kNotFound when the store is empty or `date` is before every version.
Result<std::vector<Version>> VersionsAsOf(const std::string& data_dir, std::string_view date);

// The lists as they stood on `date`: VersionsAsOf() loaded and merged.
Result<ingest::LoadedLists> LoadAsOf(const std::string& data_dir, std::string_view date,
                                     const ingest::LoadOptions& options = {});

// Finds a version of `versions` by `spec`: a version id ("3") or a day ("2022-02-26",
// the version of `list` in force then). `list` may be empty for an id. kNotFound or
// kInvalidArgument with a message naming what exists.
Result<Version> FindVersion(const std::vector<Version>& versions, std::string_view list,
                            std::string_view spec);

}  // namespace embargo::history

#endif  // EMBARGO_HISTORY_HISTORY_H_
