// `embargo history` (the versions recorded in the data folder's version store, and
// `history import` to add one) and `embargo diff` (what changed between two versions, two
// days, or two folders/files of lists).
#include <fmt/format.h>

#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/cli.h"
#include "history/diff.h"
#include "history/history.h"

namespace embargo::cli {
namespace {

uint64_t Records(const history::Version& v) {
  uint64_t n = 0;
  for (const auto& f : v.files) n += f.records;
  return n;
}

// The manifest's form plus the total records, which a user reading the list wants first.
nlohmann::json VersionJson(const history::Version& v) {
  nlohmann::json j = history::VersionToJson(v);
  j["records"] = Records(v);
  return j;
}

std::string VersionLabel(const history::Version& v) {
  return fmt::format("{} version {} ({})", v.list, v.id, v.effective_date);
}

int Report(const char* command, const Error& e) {
  fmt::print(stderr, "embargo {}: {}\n", command, e.ToString());
  return ExitCodeFor(e);
}

// One side of a diff: a folder or a file of lists.
Result<ingest::LoadedLists> LoadPath(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return ingest::LoadDataDir(path);
  return ingest::LoadFile(path);
}

struct DiffArgs {
  std::vector<std::string> paths;
  std::string list, from, to;
  bool json = false;
  size_t limit = 200;
};

// Loads both sides at once (each is one parser thread; the machine has more).
template <typename F, typename G>
Result<std::pair<ingest::LoadedLists, ingest::LoadedLists>> LoadBoth(F old_side, G new_side) {
  auto a = std::async(std::launch::async, old_side);
  auto b = new_side();
  auto a_done = a.get();
  if (!a_done) return Fail(a_done.error());
  if (!b) return Fail(b.error());
  return std::make_pair(std::move(*a_done), std::move(*b));
}

void PrintDiff(const DiffArgs& a, const std::string& from, const std::string& to,
               const history::Diff& diff) {
  if (a.json) {
    nlohmann::json j = history::DiffToJson(diff);
    j["from"] = from;
    j["to"] = to;
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("{} -> {}\n{}", from, to, history::DiffToText(diff, a.limit));
}

int RunDiff(const GlobalOptions& global, const DiffArgs& a) {
  if (!a.paths.empty()) {
    if (a.paths.size() != 2 || !a.from.empty() || !a.to.empty() || !a.list.empty()) {
      fmt::print(stderr,
                 "embargo diff: give OLD NEW (two files or folders), or --from/--to versions of "
                 "the data folder's history, not both\n");
      return kExitUsage;
    }
    auto both =
        LoadBoth([&] { return LoadPath(a.paths[0]); }, [&] { return LoadPath(a.paths[1]); });
    if (!both) return Report("diff", both.error());
    PrintDiff(a, a.paths[0], a.paths[1],
              history::DiffEntities(both->first.entities, both->second.entities));
    return kExitOk;
  }
  std::string store = StoreDir(global);
  auto versions = history::ListVersions(store);
  if (!versions) return Report("diff", versions.error());
  if (versions->empty()) {
    return Report("diff", MakeError(ErrorCode::kNotFound,
                                    "no list versions recorded: run `embargo update` or "
                                    "`embargo history import`, or give OLD NEW paths",
                                    history::HistoryDir(store)));
  }
  std::set<std::string> lists;
  for (const auto& v : *versions) lists.insert(v.list);
  // Two days, no list named and several lists kept: every list as it stood on each day.
  if (a.list.empty() && lists.size() > 1 && history::IsIsoDay(a.from) && history::IsIsoDay(a.to)) {
    auto both = LoadBoth([&] { return history::LoadAsOf(store, a.from); },
                         [&] { return history::LoadAsOf(store, a.to); });
    if (!both) return Report("diff", both.error());
    PrintDiff(a, "lists as of " + a.from, "lists as of " + a.to,
              history::DiffEntities(both->first.entities, both->second.entities));
    return kExitOk;
  }
  // Otherwise versions of one list: --list, the list of a version id, or the only list.
  std::string list = a.list;
  for (const std::string* spec : {&a.from, &a.to}) {
    if (!list.empty() || spec->empty() || history::IsIsoDay(*spec)) continue;
    auto v = history::FindVersion(*versions, "", *spec);
    if (!v) return Report("diff", v.error());
    list = v->list;
  }
  if (list.empty()) {
    if (lists.size() > 1) {
      std::string names;
      for (const auto& l : lists) names += (names.empty() ? "" : ", ") + l;
      return Report("diff", MakeError(ErrorCode::kInvalidArgument,
                                      "the store holds several lists (" + names +
                                          "): pass --list, version ids, or two days"));
    }
    list = *lists.begin();
  }
  std::vector<history::Version> of_list;
  for (const auto& v : *versions)
    if (v.list == list) of_list.push_back(v);  // oldest first
  if (of_list.empty())
    return Report("diff", MakeError(ErrorCode::kNotFound, "no version of list '" + list +
                                                              "' is recorded (`embargo history`)"));
  auto to = a.to.empty() ? Result<history::Version>(of_list.back())
                         : history::FindVersion(*versions, list, a.to);
  if (!to) return Report("diff", to.error());
  Result<history::Version> from = history::FindVersion(*versions, list, a.from);
  if (a.from.empty()) {
    const history::Version* before = nullptr;
    for (const auto& v : of_list)
      if (v.id == to->id)
        break;
      else
        before = &v;
    if (before == nullptr)
      return Report("diff", MakeError(ErrorCode::kNotFound,
                                      "nothing to compare: " + VersionLabel(*to) +
                                          " is the oldest version of its list; pass --from"));
    from = *before;
  }
  if (!from) return Report("diff", from.error());
  auto diff = history::DiffVersions(store, *from, *to);
  if (!diff) return Report("diff", diff.error());
  PrintDiff(a, VersionLabel(*from), VersionLabel(*to), *diff);
  return kExitOk;
}

}  // namespace

void AddHistoryCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "history", "Versions of the lists recorded in the data folder (by update or import)");
  cmd->require_subcommand(0, 1);
  auto list = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  cmd->add_option("--list", *list, "Only this list (ofac, un, ...)");
  cmd->add_flag("--json", *json, "Print JSON instead of a table");

  struct ImportArgs {
    std::string list, date;
    std::vector<std::string> files;
  };
  auto ia = std::make_shared<ImportArgs>();
  auto* import = cmd->add_subcommand(
      "import",
      "Record files as the version of a list in force on a day (each file is checked by its "
      "parser first; a damaged file records nothing)");
  import->add_option("--list", ia->list, "List name (ofac, un, or your own)")->required();
  import->add_option("--date", ia->date, "Day the list stood on, YYYY-MM-DD")->required();
  import->add_option("FILE", ia->files, "The list's files (e.g. sdn.csv alt.csv add.csv)")
      ->required();
  import->callback([&global, &exit_code, ia] {
    std::string store = StoreDir(global);
  auto v = history::Import(store, ia->list, ia->date, ia->files);
  if (!v) {
    exit_code = Report("history import", v.error());
    return;
  }
  fmt::print("version {} of {}, effective {}: ", v->id, v->list, v->effective_date);
  for (size_t i = 0; i < v->files.size(); ++i)
    fmt::print("{}{} ({} records)", i ? ", " : "", v->files[i].name, v->files[i].records);
  fmt::print("\n");
});

cmd->callback([&global, &exit_code, list, json, import] {
  if (import->parsed()) return;
  std::string store = StoreDir(global);
  auto versions = history::ListVersions(store, *list);
  if (!versions) {
    exit_code = Report("history", versions.error());
    return;
  }
  if (*json) {
    nlohmann::json vs = nlohmann::json::array();
    for (const auto& v : *versions) vs.push_back(VersionJson(v));
    fmt::print("{}\n", nlohmann::json{{"data_dir", store}, {"versions", vs}}.dump(2));
    return;
  }
  if (versions->empty()) {
    fmt::print("no versions recorded in {} (run `embargo update` or `embargo history import`)\n",
               history::HistoryDir(store));
    return;
  }
  fmt::print("{:>4}  {:<16} {:<10}  {:<20}  {:<6} {:>8}  {}\n", "ID", "LIST", "EFFECTIVE",
             "RECORDED", "ORIGIN", "RECORDS", "FILES");
  for (const auto& v : *versions) {
    std::string files;
    for (const auto& f : v.files) files += (files.empty() ? "" : " ") + f.name;
    fmt::print("{:>4}  {:<16} {:<10}  {:<20}  {:<6} {:>8}  {}\n", v.id, v.list, v.effective_date,
               v.recorded_at, v.origin, Records(v), files);
  }
});
}  // namespace embargo::cli

void AddDiffCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "diff",
      "What changed between two versions of a list (ids or days; default the two newest), "
      "or between two files or folders of lists: entities added, removed, changed by field");
  auto a = std::make_shared<DiffArgs>();
  cmd->add_option("OLD NEW", a->paths, "Two files or folders of lists (no history needed)");
  cmd->add_option("--list", a->list, "The list whose versions are compared (ofac, un, ...)");
  cmd->add_option("--from", a->from, "Old side: version id or day YYYY-MM-DD");
  cmd->add_option("--to", a->to, "New side: version id or day YYYY-MM-DD (default: newest)");
  cmd->add_flag("--json", a->json, "Print JSON with every entity and field change");
  cmd->add_option("--limit", a->limit, "Entities shown per group in text (0 = all)")
      ->capture_default_str();
  cmd->callback([&global, &exit_code, a] { exit_code = RunDiff(global, *a); });
}

}  // namespace embargo::cli
