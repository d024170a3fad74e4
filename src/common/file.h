// Whole-file reads and atomic writes with size limits. All filesystem access of the
// parsers and the CLI goes through these, so errors read the same everywhere.
//
// Thread-safety: stateless functions; safe from any thread.
#ifndef EMBARGO_COMMON_FILE_H_
#define EMBARGO_COMMON_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"

namespace embargo {

// Default cap on a single input file: larger official lists are under 100 MB.
inline constexpr uint64_t kMaxInputFileBytes = 1ull << 30;

// Reads the whole file at `path`. Fails with kIo (missing, unreadable) or kLimit
// (larger than max_bytes).
Result<std::string> ReadFile(const std::string& path, uint64_t max_bytes = kMaxInputFileBytes);

// Writes `data` to `path` atomically: a temporary file in the same folder is written,
// fsync'ed and renamed over `path`, so a reader never sees a half-written file.
Status WriteFileAtomic(const std::string& path, std::string_view data);

// The last path component ("sdn.csv" for "/a/b/sdn.csv").
std::string_view BaseName(std::string_view path);

}  // namespace embargo

#endif  // EMBARGO_COMMON_FILE_H_
