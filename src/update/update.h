// `embargo update` as a library: fetches every file of the catalogue into the data
// folder, keeps going past a failing file (the others still update), records each
// attempt in <data>/.embargo/versions.json, adds each updated list to the version store
// (<data>/.embargo/history, see history/history.h) and returns a per-file report. The CLI
// builds the options, wires the validation hook to the parsers and prints the report.
//
//   auto transport = update::NewCurlTransport();
//   update::UpdateOptions options;
//   options.data_dir = *update::DefaultDataDir();
//   update::UpdateReport report = update::Update(options, **transport, update::SystemClock(),
//                                                validate);
//   std::cout << report.Summary();
//
// Thread-safety: Update() is blocking and single-threaded; two processes updating one
// data folder exclude each other with a lock file (<data>/.embargo/lock): the second
// fails at once with a clear error instead of waiting.
#ifndef EMBARGO_UPDATE_UPDATE_H_
#define EMBARGO_UPDATE_UPDATE_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "update/catalogue.h"
#include "update/downloader.h"
#include "update/transport.h"
#include "update/version_record.h"

namespace embargo::update {

// Validation hook per source: parse the complete file at temp_path, return its record
// count or an error (the download is then discarded and the old file stays in force).
using SourceValidator =
    std::function<Result<size_t>(const Source& source, const std::string& temp_path)>;

enum class FileOutcome { kUpdated, kUnchanged, kFailed };

// "updated", "unchanged", "failed".
std::string_view FileOutcomeName(FileOutcome outcome);

struct FileReport {
  Source source;
  FileOutcome outcome = FileOutcome::kFailed;
  std::optional<Error> error;  // set when outcome == kFailed
  VersionRecord record;        // the record as stored after this attempt
};

struct UpdateReport {
  std::vector<FileReport> files;  // in catalogue order
  std::optional<Error> fatal;     // nothing was attempted (bad options, lock held, ...)
  std::vector<Error> warnings;    // e.g. a corrupt versions.json that was replaced

  size_t Count(FileOutcome outcome) const;
  // No fatal error and no failed file.
  bool ok() const;
  // One line per file ("ofac/sdn.csv: updated, 17012 records, 5.1 MB") and a total.
  std::string Summary() const;
};

struct UpdateOptions {
  std::string data_dir;        // REQUIRED: where the lists are stored (created if missing)
  CatalogueOptions catalogue;  // which lists, from which URLs
  DownloadOptions download;    // timeouts, redirects, conditional requests
  // Default: empty. Called after each file, e.g. to print progress.
  std::function<void(const FileReport&)> on_file;
  // Default true: each list with at least one updated file becomes a new version in the
  // history store (history/history.h): every file of the list in force, effective on the
  // fetch day. A failure to record is a warning; the update itself stands.
  bool record_history = true;
};

// Runs DefaultCatalogue(options.catalogue). `validate` may be empty (no validation).
UpdateReport Update(const UpdateOptions& options, Transport& transport, const Clock& clock,
                    const SourceValidator& validate);

// Same, over an explicit list of sources (options.catalogue is ignored).
UpdateReport UpdateSources(const std::vector<Source>& sources, const UpdateOptions& options,
                           Transport& transport, const Clock& clock,
                           const SourceValidator& validate);

// Looks up an environment variable; returns nullptr when unset.
using EnvLookup = std::function<const char*(const char* name)>;

// The data folder: $EMBARGO_DATA if set, else $XDG_DATA_HOME/embargo, else
// $HOME/.local/share/embargo. Fails (kNotFound) when none of them is set. `env`
// defaults to std::getenv.
Result<std::string> DefaultDataDir(const EnvLookup& env = nullptr);

}  // namespace embargo::update

#endif  // EMBARGO_UPDATE_UPDATE_H_
