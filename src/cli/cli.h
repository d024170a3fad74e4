// Shared plumbing of the `embargo` command line: where the lists come from (--data,
// EMBARGO_DATA, the updated data folder, or the bundled sample), loading them with a
// summary on stderr, and the documented exit codes. Each command lives in its own
// cmd_<name>.cc and registers itself through one Add*Command function.
#ifndef EMBARGO_CLI_CLI_H_
#define EMBARGO_CLI_CLI_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "index/index.h"
#include "ingest/loader.h"

namespace embargo::cli {

// Exit codes (also in README "Exit codes").
inline constexpr int kExitOk = 0;            // success (match/scan: no alert)
inline constexpr int kExitFailure = 1;       // lists could not be loaded, I/O error
inline constexpr int kExitUsage = 2;         // bad command line
inline constexpr int kExitNotFound = 3;      // the entity or file asked for does not exist
inline constexpr int kExitUpdateFailed = 4;  // update: at least one list failed
inline constexpr int kExitAlert = 10;  // match/scan: at least one result at or above threshold

struct GlobalOptions {
  std::string data_dir;    // --data / EMBARGO_DATA; empty = default folder or sample
  bool quiet = false;      // --quiet: no load summary on stderr
  bool verbose = false;    // --verbose: every load problem on stderr
  std::string as_of;       // --as-of YYYY-MM-DD: the lists as they stood that day, from the
                           // version store of the data folder (history/history.h); "" = now
  std::string index_file;  // --index / EMBARGO_INDEX: an `embargo index build` snapshot
                           // read instead of the lists; "" = load the lists
};

// The folder the lists are read from, and whether it is the bundled sample.
struct DataSource {
  std::string dir;
  bool is_sample = false;
  std::string why;  // "--data", "EMBARGO_DATA", "updated lists", "bundled sample"
};

// Resolves the data folder: --data, then EMBARGO_DATA, then the folder `embargo update`
// writes to (when it holds lists), then the bundled sample.
DataSource ResolveDataSource(const GlobalOptions& options);

// Loads the lists of `source`, prints the summary (and the sample warning) to stderr.
Result<ingest::LoadedLists> LoadLists(const GlobalOptions& options, DataSource* source = nullptr);

// The screening index with what the commands print about its lists.
struct IndexedLists {
  std::unique_ptr<const index::Index> index;
  std::vector<model::Dataset> datasets;
  std::vector<ingest::LoadReport> reports;
  std::string dir;  // the data folder the lists were read from
  bool is_sample = false;
};

// The index of options.index_file (index/snapshot.h), with the load summary on stderr
// like LoadLists. Refused when the snapshot is not one, is of another embargo format,
// or (with --data / EMBARGO_DATA) was built from other list files than that folder's.
Result<IndexedLists> LoadIndexFile(const GlobalOptions& options);

// Which list files a data folder holds: relative path, size and modification time of
// each (dot files and folders skipped, linked folders followed, as the loader reads them),
// sorted. A snapshot records it to be matched against --data; serve's watcher compares it
// to see the lists change.
std::string ListsFingerprint(const std::string& dir);

// The load reports as JSON and back (kept in a snapshot); nullopt when `text` is not
// what ReportsToJson wrote.
std::string ReportsToJson(const std::vector<ingest::LoadReport>& reports, const std::string& dir);
std::optional<std::vector<ingest::LoadReport>> ReportsFromJson(std::string_view text,
                                                               std::string* dir);

// The folder `embargo update` writes to: $XDG_DATA_HOME/embargo or ~/.local/share/embargo.
std::string DefaultUpdateDir();

// The data folder whose version store `history`, `diff` and --as-of use: --data /
// EMBARGO_DATA, else DefaultUpdateDir() (never the bundled sample).
std::string StoreDir(const GlobalOptions& options);

// The store of `monitor`, `alerts`, `users`, `audit`, `match` and `serve`: `db` (--db: a
// SQLite file or a postgresql:// URL), else $EMBARGO_DB, else <StoreDir>/.embargo/embargo.db.
// *named is set to whether it came from --db or $EMBARGO_DB rather than the default.
std::string StoreTarget(const GlobalOptions& options, const std::string& db, bool* named = nullptr);

// Who runs the command, for the audit log: $EMBARGO_USER, else $USER, else "cli".
std::string CliActor();

// Exit code for an error: usage (kInvalidArgument), not found, or failure.
int ExitCodeFor(const Error& error);

// The bundled sample folder (source tree or installed share/ folder); "" when absent.
std::string SampleDir();

// Command registration; each returns the exit code through *exit_code when run.
void AddListsCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void AddShowCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void AddExportCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void AddUpdateCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void AddMatchCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void AddVerifyCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void AddScanCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void AddHistoryCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void AddDiffCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void AddServeCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void AddMonitorCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void AddIndexCommand(CLI::App& app, GlobalOptions& global, int& exit_code);

}  // namespace embargo::cli

#endif  // EMBARGO_CLI_CLI_H_
