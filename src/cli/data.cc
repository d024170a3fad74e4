// Data-folder resolution and loading for every command.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "cli/cli.h"
#include "history/history.h"
#include "store/store.h"

namespace embargo::cli {
namespace fs = std::filesystem;

std::string DefaultUpdateDir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/')
    return std::string(xdg) + "/embargo";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::string(home) + "/.local/share/embargo";
  return ".embargo-data";
}

std::string SampleDir() {
  std::error_code ec;
  // Installed layout: <prefix>/bin/embargo and <prefix>/share/embargo/sample.
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "embargo" / "sample";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  if (fs::is_directory(EMBARGO_SAMPLE_DIR, ec)) return EMBARGO_SAMPLE_DIR;
  return {};
}

std::string StoreDir(const GlobalOptions& options) {
  return options.data_dir.empty() ? DefaultUpdateDir() : options.data_dir;
}

std::string StoreTarget(const GlobalOptions& options, const std::string& db, bool* named) {
  std::string target = db;
  if (target.empty())
    if (const char* env = std::getenv("EMBARGO_DB"); env != nullptr && *env != '\0') target = env;
  if (named) *named = !target.empty();
  return target.empty() ? store::Store::DefaultPath(StoreDir(options)) : target;
}

std::string CliActor() {
  for (const char* var : {"EMBARGO_USER", "USER"})
    if (const char* v = std::getenv(var); v != nullptr && *v != '\0') return v;
  return "cli";
}

int ExitCodeFor(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      return kExitUsage;
    case ErrorCode::kNotFound:
      return kExitNotFound;
    default:
      return kExitFailure;
  }
}

DataSource ResolveDataSource(const GlobalOptions& options) {
  if (!options.data_dir.empty()) {
    const char* env = std::getenv("EMBARGO_DATA");
    bool from_env = env != nullptr && options.data_dir == env;
    return {options.data_dir, false, from_env ? "EMBARGO_DATA" : "--data"};
  }
  std::string updated = DefaultUpdateDir();
  std::error_code ec;
  if (fs::is_directory(updated, ec)) {
    // Only when an update actually left a recognisable list there.
    for (auto it = fs::recursive_directory_iterator(updated, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().filename().string().starts_with(".")) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() &&
          ingest::DetectFileFormat(it->path().string()) != ingest::FileFormat::kUnknown) {
        return {updated, false, "lists downloaded by `embargo update`"};
      }
    }
  }
  return {SampleDir(), true, "bundled sample"};
}

Result<ingest::LoadedLists> LoadLists(const GlobalOptions& options, DataSource* source_out) {
  DataSource source = ResolveDataSource(options);
  if (source_out) *source_out = source;
  if (source.dir.empty()) {
    return Fail(ErrorCode::kNotFound,
                "no lists: pass --data DIR, set EMBARGO_DATA, or run `embargo update`");
  }
  Result<ingest::LoadedLists> lists;
  if (!options.as_of.empty()) {
    // The versions recorded in the store of the data folder, not its current files.
    source.dir = StoreDir(options);
    source.is_sample = false;
    source.why = (options.data_dir.empty() ? std::string("the update folder") : source.why) +
                 ", versions as of " + options.as_of;
    if (source_out) *source_out = source;
    lists = history::LoadAsOf(source.dir, options.as_of);
  } else {
    lists = ingest::LoadDataDir(source.dir);
  }
  if (!lists) return lists;
  if (lists->is_sample || source.is_sample) {
    std::fprintf(stderr,
                 "NOTE: running on the bundled SAMPLE list (%s), a few dozen real designations "
                 "written by hand, NOT the official lists. Run `embargo update` (online) or pass "
                 "--data DIR for real screening.\n",
                 source.dir.c_str());
  }
  if (!options.quiet) {
    for (const auto& r : lists->reports) {
      std::fprintf(stderr, "loaded %s\n", r.Summary().c_str());
      size_t shown = 0;
      for (const auto& p : r.problems) {
        if (!options.verbose && shown >= 3) {
          std::fprintf(stderr, "  ... %zu more problems (use --verbose)\n",
                       r.problems.size() - shown);
          break;
        }
        std::fprintf(stderr, "  %s\n", p.ToString().c_str());
        ++shown;
      }
    }
    std::fprintf(stderr, "%zu entities from %zu lists in %s (%s)\n", lists->entities.size(),
                 lists->datasets.size(), source.dir.c_str(), source.why.c_str());
  }
  return lists;
}

}  // namespace embargo::cli
