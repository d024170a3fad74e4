// Downloads one catalogue file into the data folder without ever exposing a partial or
// unvalidated file: the body is streamed to a temporary file beside the target while its
// sha256 is computed, the length is checked against Content-Length, the caller's
// validation hook parses it, and only then is it fsync'ed and renamed over the target
// (and the folder fsync'ed). Any failure removes the temporary file and leaves the
// previous file in force, byte for byte. Called by Update() (update.h).
//
// Conditional requests: when the previous record has validators and the file in force
// still exists with the recorded size, If-None-Match / If-Modified-Since are sent; a 304
// answer, or a body whose sha256 equals the recorded one, is "unchanged".
//
// Thread-safety: a Downloader uses its Transport, which serves one thread at a time.
// Two downloads to the same target must not run at once (Update() holds a lock file).
#ifndef EMBARGO_UPDATE_DOWNLOADER_H_
#define EMBARGO_UPDATE_DOWNLOADER_H_

#include <cstddef>
#include <functional>
#include <string>

#include "common/error.h"
#include "update/catalogue.h"
#include "update/transport.h"
#include "update/version_record.h"

namespace embargo::update {

struct DownloadOptions {
  long connect_timeout_seconds = 30;  // to establish the TCP/TLS connection
  long low_speed_limit = 1024;        // a transfer slower than this many bytes/s ...
  long low_speed_time_seconds = 60;   // ... for this many seconds is abandoned
  long total_timeout_seconds = 3600;  // whole transfer; 0 = no limit
  long max_redirects = 5;             // more redirects is an error
  bool conditional = true;            // false: always download in full (`--force`)
};

// Checks a downloaded file before it is installed: returns the number of records it
// holds, or an error (the file is then discarded). `temp_path` is a complete file.
using Validator = std::function<Result<size_t>(const std::string& temp_path)>;

enum class DownloadOutcome {
  kUpdated,    // a new file is in force
  kUnchanged,  // the file in force is current (304, or identical bytes)
};

struct DownloadResult {
  DownloadOutcome outcome = DownloadOutcome::kUnchanged;
  VersionRecord record;  // the record to store (status kOk or kUnchanged)
};

class Downloader {
 public:
  // REQUIRES: `transport` outlives the Downloader.
  Downloader(Transport* transport, Clock clock, DownloadOptions options = {});

  // Fetches `source` into <data_dir>/<source.relative_path>. `previous` is the stored
  // record for that file, or nullptr. `validate` may be empty (record_count is then 0).
  // On error nothing at the target path has changed; the caller records the failure.
  Result<DownloadResult> Fetch(const Source& source, const std::string& data_dir,
                               const VersionRecord* previous, const Validator& validate);

 private:
  Transport* transport_;
  Clock clock_;
  DownloadOptions options_;
};

// Lower-case hex sha256 of the file at `path` (for `embargo lists --verify` and tests).
Result<std::string> Sha256OfFile(const std::string& path);

// Prefix of the temporary files Fetch() creates beside "<name>": ".<name>.part.".
// Update() removes stale ones left by a killed process.
std::string TempFilePrefix(const std::string& file_name);

}  // namespace embargo::update

#endif  // EMBARGO_UPDATE_DOWNLOADER_H_
