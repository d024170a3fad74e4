// `embargo verify`: self-verification report (detection, wrong top hits, placebo alerts).
#include <fmt/format.h>

#include <memory>

#include "cli/cli.h"
#include "common/file.h"
#include "common/utf8.h"
#include "scan/document.h"
#include "scan/evaluate.h"
#include "screen/verify.h"

namespace embargo::cli {

Result<std::unique_ptr<const index::Index>> BuildIndex(const GlobalOptions& global);

void AddVerifyCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "verify",
      "Screen every list entity under controlled name variations and report detection rates");
  auto o = std::make_shared<screen::VerifyOptions>();
  auto json_out = std::make_shared<std::string>();
  auto html_out = std::make_shared<std::string>();
  auto show_misses = std::make_shared<size_t>(0);
  auto scan_corpus = std::make_shared<std::string>();
  cmd->add_option("--threshold", o->threshold, "Decision threshold under test")
      ->capture_default_str();
  cmd->add_option("--sample", o->max_entities,
                  "Verify a deterministic sample of N entities (0 = all)")
      ->capture_default_str();
  cmd->add_option("--placebos", o->placebos, "Placebo (not listed) names to screen")
      ->capture_default_str();
  cmd->add_option("--half", o->half, "Only the 'tune' or the 'holdout' half of the entities")
      ->check(CLI::IsMember({"", "tune", "holdout"}));
  cmd->add_option("--seed", o->seed, "Seed of the variations")->capture_default_str();
  cmd->add_option("--threads", o->threads, "Worker threads (default: every core)");
  cmd->add_option("--json", *json_out, "Write the report as JSON to this file");
  cmd->add_option("--html", *html_out, "Write the report as an HTML page with charts to this file");
  cmd->add_option("--misses", *show_misses, "Print up to N sample misses");
  cmd->add_option("--scan-corpus", *scan_corpus,
                  "Verify scanning instead: plant varied list names into this ordinary text "
                  "(--sample entities, default 2000) and report detection and false alerts");
  cmd->callback([&global, &exit_code, o, json_out, html_out, show_misses, scan_corpus] {
    auto idx = BuildIndex(global);
    if (!idx) {
      fmt::print(stderr, "embargo verify: {}\n", idx.error().ToString());
      exit_code = kExitFailure;
      return;
    }
    if (!scan_corpus->empty()) {
      auto corpus = ReadFile(*scan_corpus, scan::kMaxDocumentBytes);
      if (!corpus) {
        fmt::print(stderr, "embargo verify: {}\n", corpus.error().ToString());
        exit_code = kExitFailure;
        return;
      }
      auto scanner = scan::Scanner::Build(**idx);
      scan::ScanEvalOptions so;
      so.seed = o->seed;
      if (o->max_entities) so.max_entities = o->max_entities;
      auto rep = scan::EvaluateScan(*scanner, ToUtf8(*corpus), so);
      size_t planted = 0, detected = 0;
      fmt::print("{:<14} {:>8} {:>10}\n", "VARIATION", "PLANTED", "DETECTED");
      for (const auto& k : rep.kinds) {
        fmt::print("{:<14} {:>8} {:>9.2f}%\n", k.kind, k.planted, 100 * k.rate());
        planted += k.planted;
        detected += k.detected;
      }
      fmt::print("all            {:>8} {:>9.2f}%\n", planted,
                 planted ? 100.0 * detected / planted : 0.0);
      fmt::print(
          "false alerts in the surrounding text: {} in {} bytes ({:.3f} per 100 KB)\n",
          rep.context_alerts, rep.context_bytes_scanned,
          rep.context_bytes_scanned ? 1e5 * rep.context_alerts / rep.context_bytes_scanned : 0.0);
      for (size_t i = 0; i < rep.misses.size() && i < *show_misses; ++i)
        fmt::print("  miss: {}\n", rep.misses[i]);
      if (!json_out->empty()) {
        auto st = WriteFileAtomic(*json_out, rep.ToJson().dump(2) + "\n");
        if (!st) exit_code = kExitFailure;
      }
      return;
    }
    screen::VerifyReport rep = screen::Verify(**idx, *o);
    fmt::print("{:<20} {:<8} {:>8} {:>10} {:>10}\n", "SCENARIO", "GROUP", "QUERIES", "DETECTED",
               "WRONG-TOP");
    for (const auto& s : rep.scenarios) {
      if (s.group == "placebo") {
        fmt::print("{:<20} {:<8} {:>8} {:>9.2f}% {:>10}  (false alerts)\n", s.name, s.group,
                   s.queries, 100 * s.alert_rate(), "-");
      } else {
        fmt::print("{:<20} {:<8} {:>8} {:>9.2f}% {:>9.2f}%\n", s.name, s.group, s.queries,
                   100 * s.detection_rate(), 100 * s.wrong_top_rate());
      }
    }
    fmt::print("\n");
    for (const auto& g : rep.groups) {
      if (g.group == "placebo")
        fmt::print("{:<8} false alerts {:.2f}% of {}\n", g.group, 100 * g.alert_rate(), g.queries);
      else
        fmt::print("{:<8} detected {:.3f}% of {}, wrong top hit {:.3f}%\n", g.group,
                   100 * g.detection_rate(), g.queries, 100 * g.wrong_top_rate());
    }
    fmt::print("{} entities, threshold {:.2f}, {:.1f} s\n", rep.entities, rep.threshold,
               rep.seconds);
    for (size_t i = 0; i < rep.misses.size() && i < *show_misses; ++i)
      fmt::print("  miss: {}\n", rep.misses[i]);
    if (!json_out->empty()) {
      auto st = WriteFileAtomic(*json_out, rep.ToJson().dump(2) + "\n");
      if (!st) {
        fmt::print(stderr, "embargo verify: {}\n", st.error().ToString());
        exit_code = kExitFailure;
      }
    }
    if (!html_out->empty()) {
      auto st = WriteFileAtomic(*html_out, rep.ToHtml());
      if (!st) {
        fmt::print(stderr, "embargo verify: {}\n", st.error().ToString());
        exit_code = kExitFailure;
      }
    }
  });
}

}  // namespace embargo::cli
