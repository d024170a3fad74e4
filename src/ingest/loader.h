// Loads every list found in a data folder: each file is recognised by its format
// (name and first bytes), handed to its parser, and the entities of all lists are
// collected with one LoadReport per list. This is what `--data DIR` means everywhere
// in the CLI and the server.
//
// Recognised formats (see README "Data folder"):
//   OFAC legacy CSV set     sdn.csv (+ alt.csv, add.csv, sdn_comments.csv beside it),
//                           cons_prim.csv (+ cons_alt/cons_add/cons_comments), sdn-*.csv
//   UN consolidated XML     root <CONSOLIDATED_LIST>
//   Canada SEMA XML         root <data-set> of <record>
//   US CSL CSV              header starting "source,entity_number"
//   US BIS DPL              tab separated, header "Name" "Street_Address"
//   Australia DFAT          *.xlsx
//   UK FCDO summary         *.ods
//   OpenSanctions FtM       *.ftm.json / entities.ftm.json (JSON lines), targets.nested.json
//   Internal list CSV       header with id,schema,name (docs/internal-list-format.md)
// Other files (README, index.json, ...) and dot-folders (.embargo/) are ignored.
//
// Thread-safety: LoadDataDir is reentrant; the returned value is owned by the caller.
#ifndef EMBARGO_INGEST_LOADER_H_
#define EMBARGO_INGEST_LOADER_H_

#include <string>
#include <vector>

#include "common/error.h"
#include "ingest/report.h"
#include "model/entity.h"

namespace embargo::ingest {

enum class FileFormat {
  kUnknown,
  kOfacSdn,      // sdn.csv / sdn-YYYY-MM-DD.csv
  kOfacCons,     // cons_prim.csv
  kOfacSidecar,  // alt/add/comments: read together with their main file
  kUnXml,
  kSemaXml,
  kCslCsv,
  kDplTsv,
  kDfatXlsx,
  kUkOds,
  kFtmLines,
  kFtmNested,
  kInternalCsv,
};
std::string_view FileFormatName(FileFormat f);

// Recognises a file from its path and its first bytes (`head`, at least 4 KB or the whole
// file when smaller).
FileFormat DetectFormat(const std::string& path, std::string_view head);
// Same, reading the first bytes of the file itself.
FileFormat DetectFileFormat(const std::string& path);

struct LoadOptions {
  // Entities with an id already loaded are dropped (first file in path order wins) and
  // counted as a warning, so a folder holding two copies of a list stays consistent.
  bool drop_duplicate_ids = true;
  // Only load lists whose dataset name is in this set (empty = all).
  std::vector<std::string> datasets;
};

struct LoadedLists {
  std::vector<model::Entity> entities;
  std::vector<model::Dataset> datasets;    // one per list file set, in load order
  std::vector<LoadReport> reports;         // parallel to datasets
  std::vector<std::string> ignored_files;  // files that were not recognised
  bool is_sample = false;                  // every dataset came from the bundled sample
};

// Loads every recognised file under `dir` (recursively, in sorted path order). Fails only
// when `dir` does not exist or holds no recognised list; problems inside files are in
// the reports. A folder containing a file named SAMPLE marks its lists as the bundled
// sample (Dataset::is_sample).
Result<LoadedLists> LoadDataDir(const std::string& dir, const LoadOptions& options = {});

// Checks a downloaded file before it replaces the one in use: reads it as the format
// that `name_for_format` (its final file name) implies and returns the record count.
// Fails when the format is unknown, nothing could be read, or more than 1% of the
// records were malformed (a truncated or corrupted download).
Result<size_t> ValidateListFile(const std::string& path, const std::string& name_for_format);

// Loads one file (and, for OFAC, its sidecar files in the same folder).
Result<LoadedLists> LoadFile(const std::string& path, const LoadOptions& options = {});

}  // namespace embargo::ingest

#endif  // EMBARGO_INGEST_LOADER_H_
