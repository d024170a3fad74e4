// `embargo update`: download the current official lists into the data folder, each file
// checked by its parser before it atomically replaces the one in use.
#include <fmt/format.h>

#include <memory>

#include "cli/cli.h"
#include "ingest/loader.h"
#include "update/update.h"

namespace embargo::cli {

void AddUpdateCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "update",
      "Download the current official lists (OFAC SDN and non-SDN CSVs, UN consolidated XML, "
      "OpenSanctions datasets when asked) into the data folder");
  struct Args {
    std::vector<std::string> lists = {"ofac", "un"};
    std::vector<std::string> opensanctions;
    std::string ofac_url, un_url, os_url;
    uint64_t max_bytes = 0;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--list", a->lists, "Lists to fetch: ofac, un, opensanctions")
      ->capture_default_str();
  cmd->add_option(
      "--opensanctions", a->opensanctions,
      "OpenSanctions dataset to fetch as FtM (e.g. eu_fsf, gb_hmt_sanctions); repeatable");
  cmd->add_option("--ofac-url", a->ofac_url, "Base URL of OFAC's CSV exports (mirrors, tests)");
  cmd->add_option("--un-url", a->un_url, "URL of the UN consolidated XML (mirrors, tests)");
  cmd->add_option("--opensanctions-url", a->os_url, "Base URL of OpenSanctions datasets");
  cmd->add_option("--max-bytes", a->max_bytes,
                  "Refuse files larger than this (0 = default per list)");
  cmd->callback([&global, &exit_code, a] {
    update::UpdateOptions options;
    options.data_dir = global.data_dir.empty() ? DefaultUpdateDir() : global.data_dir;
    options.catalogue.lists = a->lists;
    if (!a->opensanctions.empty() &&
        std::find(a->lists.begin(), a->lists.end(), "opensanctions") == a->lists.end())
      options.catalogue.lists.push_back("opensanctions");
    options.catalogue.opensanctions_datasets = a->opensanctions;
    options.catalogue.ofac_base_url = a->ofac_url;
    options.catalogue.un_url = a->un_url;
    options.catalogue.opensanctions_base_url = a->os_url;
    options.catalogue.max_bytes = a->max_bytes;
    if (!global.quiet) {
      options.on_file = [](const update::FileReport& f) {
        fmt::print(stderr, "  {}: {}{}\n", f.source.relative_path,
                   update::FileOutcomeName(f.outcome),
                   f.error ? " (" + f.error->ToString() + ")" : "");
      };
    }
    auto transport = update::NewCurlTransport();
    if (!transport) {
      fmt::print(stderr, "embargo update: {}\n", transport.error().ToString());
      exit_code = kExitFailure;
      return;
    }
    auto validate = [](const update::Source& s, const std::string& temp) {
      return ingest::ValidateListFile(temp, s.relative_path);
    };
    if (!global.quiet) fmt::print(stderr, "updating lists in {}\n", options.data_dir);
    update::UpdateReport rep =
        update::Update(options, **transport, update::SystemClock(), validate);
    fmt::print("{}\n", rep.Summary());
    if (rep.fatal) {
      fmt::print(stderr, "embargo update: {}\n", rep.fatal->ToString());
      exit_code = kExitUpdateFailed;
    } else if (!rep.ok()) {
      exit_code = kExitUpdateFailed;
    }
  });
}

}  // namespace embargo::cli
