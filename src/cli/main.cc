// embargo: sanctions screening from the command line. See README "CLI".
#include <cstdio>

#include "cli/cli.h"
#include "history/history.h"

int main(int argc, char** argv) {
  using namespace embargo::cli;
  CLI::App app{
      "embargo: screen people, companies, vessels and aircraft against official sanctions "
      "lists (OFAC, UN, EU/UK via OpenSanctions, Canada, Australia, ...).\n"
      "Lists are read from --data DIR (or $EMBARGO_DATA), else from the folder `embargo "
      "update` fills, else from the small bundled sample."};
  app.require_subcommand(1);
  app.fallthrough();  // global options (--data, -q) also after the command
  app.set_version_flag("--version", "embargo 0.1.0");
  GlobalOptions global;
  app.add_option("--data", global.data_dir,
                 "Folder with list files, recognised by format (default: $EMBARGO_DATA, then "
                 "the update folder, then the bundled sample)")
      ->envname("EMBARGO_DATA");
  app.add_option("--index", global.index_file,
                 "Index snapshot written by `embargo index build`, loaded instead of the lists "
                 "(checked against --data when given)")
      ->envname("EMBARGO_INDEX");
  app.add_flag("-q,--quiet", global.quiet, "Do not print the load summary");
  app.add_flag("-v,--verbose", global.verbose, "Print every problem found while loading");
  app.add_option("--as-of", global.as_of,
                 "Screen against the lists as they stood on this day (YYYY-MM-DD), from the "
                 "versions recorded by `embargo update` and `embargo history import`")
      ->check(CLI::Validator(
          [](std::string& s) {
            return embargo::history::IsIsoDay(s) ? std::string() : "expected YYYY-MM-DD, got " + s;
          },
          "YYYY-MM-DD"));
  app.footer(
      "Exit codes: 0 ok (no alert), 1 failure (lists unreadable, I/O), 2 usage error, 3 not "
      "found, 4 update failed for a list, 10 alert (match/scan found a hit).");
  int exit_code = kExitOk;
  AddListsCommand(app, global, exit_code);
  AddShowCommand(app, global, exit_code);
  AddExportCommand(app, global, exit_code);
  AddUpdateCommand(app, global, exit_code);
  AddMatchCommand(app, global, exit_code);
  AddVerifyCommand(app, global, exit_code);
  AddScanCommand(app, global, exit_code);
  AddHistoryCommand(app, global, exit_code);
  AddDiffCommand(app, global, exit_code);
  AddServeCommand(app, global, exit_code);
  AddMonitorCommand(app, global, exit_code);
  AddIndexCommand(app, global, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}
