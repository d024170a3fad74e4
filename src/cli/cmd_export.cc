// `embargo export --format ftm`: every loaded entity as FollowTheMoney JSON lines.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/cli.h"
#include "model/ftm.h"

namespace embargo::cli {

void AddExportCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("export", "Write every loaded entity in an interchange format");
  auto format = std::make_shared<std::string>("ftm");
  auto output = std::make_shared<std::string>("-");
  cmd->add_option("--format", *format, "Output format: ftm (FollowTheMoney JSON lines)")
      ->check(CLI::IsMember({"ftm"}));
  cmd->add_option("-o,--output", *output, "Output file, '-' for stdout")->capture_default_str();
  cmd->callback([&global, &exit_code, format, output] {
    auto lists = LoadLists(global);
    if (!lists) {
      fmt::print(stderr, "embargo export: {}\n", lists.error().ToString());
      exit_code = kExitFailure;
      return;
    }
    std::FILE* out = *output == "-" ? stdout : std::fopen(output->c_str(), "w");
    if (out == nullptr) {
      fmt::print(stderr, "embargo export: cannot write {}\n", *output);
      exit_code = kExitFailure;
      return;
    }
    for (const auto& e : lists->entities) {
      std::string line = model::ToFtmLine(e);
      line.push_back('\n');
      std::fwrite(line.data(), 1, line.size(), out);
    }
    if (out != stdout && std::fclose(out) != 0) {
      fmt::print(stderr, "embargo export: error writing {}\n", *output);
      exit_code = kExitFailure;
      return;
    }
    if (!global.quiet)
      fmt::print(stderr, "exported {} entities as {}\n", lists->entities.size(), *format);
  });
}

}  // namespace embargo::cli
