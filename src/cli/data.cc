// Data-folder resolution and loading for every command.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "history/history.h"
#include "index/snapshot.h"
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

namespace {

void PrintReports(const std::vector<ingest::LoadReport>& reports, const GlobalOptions& options) {
  for (const auto& r : reports) {
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
}

void PrintSampleNote(const std::string& dir) {
  std::fprintf(stderr,
               "NOTE: running on the bundled SAMPLE list (%s), a few dozen real designations "
               "written by hand, NOT the official lists. Run `embargo update` (online) or pass "
               "--data DIR for real screening.\n",
               dir.c_str());
}

}  // namespace

std::string ListsFingerprint(const std::string& dir) {
  std::vector<std::string> lines;
  std::error_code ec;
  // The files the loader reads (ingest/loader.cc): hidden ones skipped (the store and the
  // history in DIR/.embargo are no list), folders reached through links followed.
  for (auto it =
           fs::recursive_directory_iterator(dir,
                                            fs::directory_options::skip_permission_denied |
                                                fs::directory_options::follow_directory_symlink,
                                            ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().filename().string().starts_with(".")) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    std::error_code fe;
    auto size = it->file_size(fe);
    auto mtime = fs::last_write_time(it->path(), fe).time_since_epoch().count();
    lines.push_back(
        fmt::format("{}\t{}\t{}\n", it->path().lexically_relative(dir).string(), size, mtime));
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l;
  return out;
}

std::string ReportsToJson(const std::vector<ingest::LoadReport>& reports, const std::string& dir) {
  nlohmann::json out;
  out["dir"] = dir;
  auto& rs = out["reports"] = nlohmann::json::array();
  for (const auto& r : reports) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : r.problems)
      problems.push_back({static_cast<int>(p.code), p.message, p.where});
    rs.push_back({{"source", r.source},
                  {"dataset", r.dataset},
                  {"records_read", r.records_read},
                  {"entities", r.entities},
                  {"skipped", r.skipped},
                  {"warnings", r.warnings},
                  {"problems", std::move(problems)},
                  {"skip_reasons", r.skip_reasons},
                  {"clauses_total", r.clauses_total},
                  {"clauses_unclassified", r.clauses_unclassified}});
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<std::vector<ingest::LoadReport>> ReportsFromJson(std::string_view text,
                                                               std::string* dir) {
  try {
    auto j = nlohmann::json::parse(text);
    if (dir) *dir = j.at("dir").get<std::string>();
    std::vector<ingest::LoadReport> out;
    for (const auto& r : j.at("reports")) {
      ingest::LoadReport rep;
      rep.source = r.at("source").get<std::string>();
      rep.dataset = r.at("dataset").get<std::string>();
      rep.records_read = r.at("records_read").get<size_t>();
      rep.entities = r.at("entities").get<size_t>();
      rep.skipped = r.at("skipped").get<size_t>();
      rep.warnings = r.at("warnings").get<size_t>();
      for (const auto& p : r.at("problems")) {
        int code = p.at(0).get<int>();
        if (code < 0 || code > static_cast<int>(ErrorCode::kInternal)) return std::nullopt;
        rep.problems.push_back(MakeError(static_cast<ErrorCode>(code), p.at(1).get<std::string>(),
                                         p.at(2).get<std::string>()));
      }
      rep.skip_reasons = r.at("skip_reasons").get<std::map<std::string, size_t>>();
      rep.clauses_total = r.at("clauses_total").get<size_t>();
      rep.clauses_unclassified = r.at("clauses_unclassified").get<size_t>();
      out.push_back(std::move(rep));
    }
    return out;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

Result<IndexedLists> LoadIndexFile(const GlobalOptions& options) {
  const std::string& path = options.index_file;
  if (!options.as_of.empty())
    return Fail(ErrorCode::kInvalidArgument,
                "--as-of reads the lists of that day from the version store; it cannot be "
                "combined with --index");
  auto t0 = std::chrono::steady_clock::now();
  auto snap = index::LoadSnapshot(path);
  if (!snap) return Fail(snap.error());
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  IndexedLists out;
  auto reports = ReportsFromJson(snap->info.notes, &out.dir);
  if (!reports)
    return Fail(ErrorCode::kCorrupt,
                "index snapshot lacks the load reports embargo writes (made by another tool?)",
                path);
  if (!options.data_dir.empty()) {
    std::error_code ec;
    if (!fs::is_directory(options.data_dir, ec))
      return Fail(ErrorCode::kNotFound, "no such data folder: " + options.data_dir);
    if (ListsFingerprint(options.data_dir) != snap->info.lists_fingerprint)
      return Fail(ErrorCode::kInvalidArgument,
                  "index snapshot was built from other list files than " + options.data_dir +
                      " (built from " + out.dir +
                      "; the files differ or changed since): rebuild it with `embargo --data " +
                      options.data_dir + " index build --output " + path +
                      "`, or drop --index to read the lists",
                  path);
  }
  out.index = std::move(snap->index);
  out.datasets = std::move(snap->info.datasets);
  out.reports = std::move(*reports);
  out.is_sample = !out.datasets.empty();
  for (const auto& d : out.datasets) out.is_sample = out.is_sample && d.is_sample;
  if (out.is_sample) PrintSampleNote(out.dir);
  if (!options.quiet) {
    PrintReports(out.reports, options);
    auto st = out.index->stats();
    std::fprintf(stderr,
                 "%zu entities from %zu lists, index of %zu names and %zu tokens, from snapshot "
                 "%s (lists of %s) in %.0f ms\n",
                 st.entities, out.datasets.size(), st.names, st.tokens, path.c_str(),
                 out.dir.c_str(), ms);
  }
  return out;
}

Result<ingest::LoadedLists> LoadLists(const GlobalOptions& options, DataSource* source_out) {
  if (!options.index_file.empty()) {
    // The entities of the snapshot (commands that want no index: show, lists, export).
    auto indexed = LoadIndexFile(options);
    if (!indexed) return Fail(indexed.error());
    if (source_out) *source_out = {indexed->dir, indexed->is_sample, "index " + options.index_file};
    ingest::LoadedLists lists;
    lists.entities = indexed->index->entities();
    lists.datasets = std::move(indexed->datasets);
    lists.reports = std::move(indexed->reports);
    lists.is_sample = indexed->is_sample;
    return lists;
  }
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
  if (lists->is_sample || source.is_sample) PrintSampleNote(source.dir);
  if (!options.quiet) {
    PrintReports(lists->reports, options);
    std::fprintf(stderr, "%zu entities from %zu lists in %s (%s)\n", lists->entities.size(),
                 lists->datasets.size(), source.dir.c_str(), source.why.c_str());
  }
  return lists;
}

}  // namespace embargo::cli
