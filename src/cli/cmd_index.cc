// `embargo index build`: the screening index of the lists written to a snapshot file
// (index/snapshot.h) that `--index FILE` (or $EMBARGO_INDEX) loads in milliseconds
// instead of parsing the lists and building the index on every command.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include "cli/cli.h"
#include "index/snapshot.h"

namespace embargo::cli {
namespace {

int BuildSnapshotFile(const GlobalOptions& global, const std::string& output) {
  if (!global.index_file.empty()) {
    fmt::print(stderr,
               "embargo index build: reads the lists and writes --output; --index (or "
               "EMBARGO_INDEX) is for the commands that use the snapshot\n");
    return kExitUsage;
  }
  if (!global.as_of.empty()) {
    fmt::print(stderr,
               "embargo index build: --as-of is not supported; it reads the current lists\n");
    return kExitUsage;
  }
  DataSource source;
  auto lists = LoadLists(global, &source);
  if (!lists) {
    fmt::print(stderr, "embargo index build: {}\n", lists.error().ToString());
    return ExitCodeFor(lists.error());
  }
  index::SnapshotInfo info;
  info.datasets = lists->datasets;
  info.lists_fingerprint = ListsFingerprint(source.dir);
  info.notes = ReportsToJson(lists->reports, source.dir);
  auto t0 = std::chrono::steady_clock::now();
  auto idx = index::Index::Build(std::move(lists->entities));
  auto t1 = std::chrono::steady_clock::now();
  auto written = index::WriteSnapshot(*idx, info, output);
  auto t2 = std::chrono::steady_clock::now();
  if (!written) {
    fmt::print(stderr, "embargo index build: {}\n", written.error().ToString());
    return kExitFailure;
  }
  std::error_code ec;
  auto bytes = std::filesystem::file_size(output, ec);
  auto st = idx->stats();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  fmt::print(
      stderr,
      "index snapshot {}: {:.1f} MB, {} entities, {} names, {} tokens (index built in {:.0f} "
      "ms, written in {:.0f} ms)\n",
      output, ec ? 0.0 : bytes / 1e6, st.entities, st.names, st.tokens, ms(t0, t1), ms(t1, t2));
  return kExitOk;
}

}  // namespace

void AddIndexCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "index", "Screening index snapshots: build once, then load with --index FILE");
  cmd->require_subcommand(1);
  auto* build = cmd->add_subcommand(
      "build",
      "Build the index of the lists (--data, ...) and write it to a snapshot file that "
      "`--index FILE` loads in milliseconds");
  auto output = std::make_shared<std::string>();
  build->add_option("-o,--output", *output, "Snapshot file to write (replaced atomically)")
      ->required();
  build->callback(
      [&global, &exit_code, output] { exit_code = BuildSnapshotFile(global, *output); });
}

}  // namespace embargo::cli
