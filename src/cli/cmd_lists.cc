// `embargo lists`: the datasets loaded, their dates, counts per schema, load problems.
#include <fmt/format.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "update/version_record.h"

namespace embargo::cli {

void AddListsCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd =
      app.add_subcommand("lists", "Show the lists loaded: dates, counts per schema, problems");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "Print JSON instead of a table");
  cmd->callback([&global, &exit_code, json] {
    DataSource source;
    auto lists = LoadLists(global, &source);
    if (!lists) {
      fmt::print(stderr, "embargo lists: {}\n", lists.error().ToString());
      exit_code = lists.error().code == ErrorCode::kNotFound ? kExitNotFound : kExitFailure;
      return;
    }
    // Counts per dataset and schema (one dataset name may span several files).
    std::map<std::string, std::map<std::string, size_t>> counts;
    for (const auto& e : lists->entities)
      ++counts[e.dataset][std::string(model::SchemaName(e.schema))];
    if (*json) {
      nlohmann::json out;
      out["data_dir"] = source.dir;
      out["sample"] = lists->is_sample;
      out["entities"] = lists->entities.size();
      auto& ds = out["datasets"] = nlohmann::json::array();
      for (size_t i = 0; i < lists->datasets.size(); ++i) {
        const auto& d = lists->datasets[i];
        const auto& r = lists->reports[i];
        ds.push_back({{"name", d.name},
                      {"title", d.title},
                      {"publisher", d.publisher},
                      {"version", d.version},
                      {"files", d.files},
                      {"sample", d.is_sample},
                      {"records_read", r.records_read},
                      {"entities", r.entities},
                      {"skipped", r.skipped},
                      {"warnings", r.warnings},
                      {"remark_clauses", r.clauses_total},
                      {"remark_clauses_unclassified", r.clauses_unclassified}});
      }
      if (auto book = update::LoadVersionBook(source.dir); book && !book->empty()) {
        auto& vs = out["downloads"] = nlohmann::json::object();
        for (const auto& [file, v] : *book)
          vs[file] = {{"list", v.list},
                      {"url", v.url},
                      {"fetched_at", v.fetched_at},
                      {"sha256", v.sha256},
                      {"bytes", v.bytes},
                      {"records", v.record_count},
                      {"checked_at", v.checked_at},
                      {"message", v.message}};
      }
      auto& cs = out["schemata"] = nlohmann::json::object();
      for (const auto& [d, m] : counts)
        for (const auto& [s, n] : m) cs[d][s] = n;
      fmt::print("{}\n", out.dump(2));
      return;
    }
    fmt::print("{:<26} {:<24} {:>8} {:>8}  {}\n", "DATASET", "VERSION", "ENTITIES", "SKIPPED",
               "FILE");
    for (size_t i = 0; i < lists->datasets.size(); ++i) {
      const auto& d = lists->datasets[i];
      const auto& r = lists->reports[i];
      fmt::print("{:<26} {:<24} {:>8} {:>8}  {}{}\n", d.name, d.version, r.entities, r.skipped,
                 d.files.empty() ? "" : d.files.front(), d.is_sample ? "  [SAMPLE]" : "");
    }
    fmt::print("\nEntities per schema:\n");
    for (const auto& [d, m] : counts) {
      std::string line;
      for (const auto& [s, n] : m) line += fmt::format(" {} {},", s, n);
      if (!line.empty()) line.pop_back();
      fmt::print("  {:<26}{}\n", d, line);
    }
    fmt::print("\nTotal: {} entities in {} lists\n", lists->entities.size(),
               lists->datasets.size());
    // What `embargo update` recorded for this folder: where and when each file came from.
    if (auto book = update::LoadVersionBook(source.dir); book && !book->empty()) {
      fmt::print("\nDownloaded files ({}):\n", update::VersionBookPath(source.dir));
      for (const auto& [file, v] : *book) {
        fmt::print("  {:<28} fetched {}  sha256 {}  {} records  {}\n", file,
                   v.fetched_at.empty() ? "never" : v.fetched_at, v.sha256.substr(0, 12),
                   v.record_count, v.url);
        if (!v.message.empty())
          fmt::print("  {:<28} last attempt {}: {}\n", "", v.checked_at, v.message);
      }
    } else if (!book) {
      fmt::print(stderr, "embargo lists: {}\n", book.error().ToString());
    }
  });
}

}  // namespace embargo::cli
