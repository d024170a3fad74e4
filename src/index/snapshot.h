// Index snapshots: the screening index and its entities written to one file that loads
// in milliseconds, so a command that screens a few names does not parse the lists and
// build the index each time (`embargo index build`, then `--index FILE`).
//
// The file is versioned binary (layout at the top of snapshot.cc): a header with the
// format version and a fingerprint of the text pipeline that built it, a table of
// sections, the sections, and a checksum. A file that is truncated, corrupt, foreign,
// of another format version or made by an embargo whose normalisation differs is
// rejected with an Error naming the file and what was expected; a loaded snapshot gives
// the same candidates, scores and entities as the index it was written from.
//
// Thread-safety: the functions are reentrant; the loaded Index is immutable as Build's.
#ifndef EMBARGO_INDEX_SNAPSHOT_H_
#define EMBARGO_INDEX_SNAPSHOT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "index/index.h"
#include "model/entity.h"

namespace embargo::index {

// Format of the file; bump when the layout or the meaning of a section changes.
inline constexpr uint32_t kSnapshotFormatVersion = 2;
// Upper bound on a snapshot file (hostile input stays bounded).
inline constexpr uint64_t kMaxSnapshotBytes = uint64_t{4} << 30;

// What a caller keeps beside the index, written into the snapshot with it.
struct SnapshotInfo {
  std::vector<model::Dataset> datasets;  // the lists the index was built from
  std::string lists_fingerprint;  // caller-defined: which list files (cli: paths, sizes, times)
  std::string notes;              // caller-defined (cli: the load reports as JSON)
};

struct LoadedSnapshot {
  std::unique_ptr<const Index> index;
  SnapshotInfo info;
};

// The snapshot bytes of `index` and `info`. Deterministic: the same index gives the
// same bytes.
std::string EncodeSnapshot(const Index& index, const SnapshotInfo& info);

// Writes EncodeSnapshot atomically (a reader never sees half a file).
Status WriteSnapshot(const Index& index, const SnapshotInfo& info, const std::string& path);

// Reads a snapshot from `bytes`; `where` (the file name) goes into errors. Every offset,
// size, count and stored id is checked, so any input gives an index or an Error.
Result<LoadedSnapshot> DecodeSnapshot(std::string_view bytes, std::string_view where);

// Maps `path` and decodes it.
Result<LoadedSnapshot> LoadSnapshot(const std::string& path);

// Fingerprint of the code that turns names into tokens (normalisation,
// transliteration, token classes, weights): a snapshot made by an embargo whose
// fingerprint differs would score differently, so it is refused.
uint64_t PipelineFingerprint();

}  // namespace embargo::index

#endif  // EMBARGO_INDEX_SNAPSHOT_H_
