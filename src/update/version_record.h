// Version records: what `embargo update` knows about each list file in the data folder
// (where it came from, when, its sha256, size and record count, the validators for the
// next conditional request) and how the last attempt went. Written by Update()
// (update.h), read by the CLI (`embargo lists`).
//
// On disk: one JSON file, <data>/.embargo/versions.json, replaced atomically after each
// file is processed:
//   {"format": 1, "files": {"ofac/sdn.csv": {"list": "ofac", "url": "...",
//     "fetched_at": "2026-11-28T01:57:26Z", "sha256": "<64 hex>", "bytes": 5012345,
//     "record_count": 17000, "etag": "\"abc\"", "last_modified": "Fri, ...",
//     "checked_at": "...", "status": "ok" | "unchanged" | "failed", "message": "..."}}}
// Unknown keys are ignored so newer versions can add fields.
//
// Thread-safety: plain values and stateless functions; concurrent writers to one data
// folder are serialised by Update() with a lock file, not here.
#ifndef EMBARGO_UPDATE_VERSION_RECORD_H_
#define EMBARGO_UPDATE_VERSION_RECORD_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "common/error.h"

namespace embargo::update {

// Outcome of the last attempt to fetch a file.
enum class AttemptStatus {
  kOk,         // a new file was downloaded, validated and installed
  kUnchanged,  // the server answered 304 Not Modified (or sent identical bytes)
  kFailed,     // the attempt failed; the previous file, if any, is still in force
};

// "ok", "unchanged", "failed".
std::string_view AttemptStatusName(AttemptStatus status);

struct VersionRecord {
  // The file in force (empty / 0 when no download ever succeeded).
  std::string list;           // "ofac", "un", "opensanctions/<name>"
  std::string url;            // URL the file in force was fetched from
  std::string fetched_at;     // when it was fetched, ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ"
  std::string sha256;         // lower-case hex of its bytes
  uint64_t bytes = 0;         // its size
  uint64_t record_count = 0;  // records counted by the validation hook
  std::string etag;           // validators for the next conditional request
  std::string last_modified;
  // The last attempt.
  std::string checked_at;  // when it was made, ISO 8601 UTC
  AttemptStatus status = AttemptStatus::kFailed;
  std::string message;  // why it failed (empty unless status == kFailed)
};

// relative_path ("ofac/sdn.csv") -> record; ordered so listings are stable.
using VersionBook = std::map<std::string, VersionRecord>;

// Limits on versions.json, so a hostile or corrupt file costs little.
inline constexpr uint64_t kMaxVersionFileBytes = 4 << 20;
inline constexpr size_t kMaxVersionRecords = 10000;
inline constexpr size_t kMaxVersionStringBytes = 4096;

// Parses the JSON above. Fails with kParse (not JSON, wrong shape, bad status, a
// string over kMaxVersionStringBytes) or kLimit (too many records).
Result<VersionBook> ParseVersionBook(std::string_view json);

// The JSON above, pretty-printed, ending in a newline.
std::string SerializeVersionBook(const VersionBook& book);

// <data_dir>/.embargo/versions.json
std::string VersionBookPath(const std::string& data_dir);

// Reads VersionBookPath(data_dir). A missing file is an empty book, not an error.
Result<VersionBook> LoadVersionBook(const std::string& data_dir);

// Writes VersionBookPath(data_dir) atomically (temporary file, fsync, rename),
// creating <data_dir>/.embargo when needed.
Status SaveVersionBook(const std::string& data_dir, const VersionBook& book);

// Clock injected into the updater; tests pass a fixed time.
using Clock = std::function<std::chrono::system_clock::time_point()>;
Clock SystemClock();

// "2026-11-28T01:57:26Z" (seconds precision, UTC).
std::string FormatIso8601Utc(std::chrono::system_clock::time_point t);

}  // namespace embargo::update

#endif  // EMBARGO_UPDATE_VERSION_RECORD_H_
