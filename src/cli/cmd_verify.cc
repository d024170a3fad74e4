// `embargo verify`: self-verification report (detection, wrong top hits, placebo alerts).
#include <fmt/format.h>

#include <memory>

#include "cli/cli.h"
#include "common/file.h"
#include "common/utf8.h"
#include "ingest/csv.h"
#include "scan/document.h"
#include "scan/evaluate.h"
#include "screen/pairs.h"
#include "screen/verify.h"

namespace embargo::cli {

namespace {

// Reads name pairs from OpenSanctions' labelled pairs (header with name1, name2, is_match)
// or from cross-script pairs (query, expected match, minimum score, description; "# Arabic
// to Latin" comment lines name the group of the rows below them).
Result<std::vector<screen::NamePair>> ReadPairs(const std::string& path) {
  auto text = ReadFile(path, 64 << 20);
  if (!text) return Fail(text.error());
  std::vector<screen::NamePair> out;
  std::vector<std::string_view> row;
  std::vector<std::string> header;
  std::string group = "cross-script";
  std::string_view rest = *text;
  size_t line_no = 0;
  auto col = [&](std::string_view name) -> int {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (size_t to = line.find(" to Latin"); to != std::string_view::npos && line.size() > 2)
        group = std::string(line.substr(2, to - 2));
      continue;
    }
    ingest::CsvReader reader(line);
    if (!reader.Next(&row)) continue;
    if (header.empty() && out.empty() && std::find(row.begin(), row.end(), "name1") != row.end()) {
      header.assign(row.begin(), row.end());
      continue;
    }
    screen::NamePair p;
    if (!header.empty()) {
      int g = col("case_group"), a = col("name1"), b = col("name2"), m = col("is_match");
      if (a < 0 || b < 0 || m < 0 || std::max({a, b, m}) >= static_cast<int>(row.size()))
        return Fail(ErrorCode::kParse,
                    fmt::format("{}:{}: expected columns name1, name2, is_match", path, line_no));
      p.query = row[a];
      p.listed = row[b];
      p.group = g >= 0 && g < static_cast<int>(row.size()) ? std::string(row[g]) : "";
      p.label = row[m] == "true" ? 1 : row[m] == "false" ? 0 : -1;
    } else {
      if (row.size() < 3)
        return Fail(
            ErrorCode::kParse,
            fmt::format("{}:{}: expected query,expected,min_score[,description]", path, line_no));
      if (row[0] == "Query") continue;  // a header
      p.query = row[0];
      p.listed = row[1];
      p.group = group;
      p.label = 1;
      try {
        p.min_score = std::stod(std::string(row[2]));
      } catch (...) {
        return Fail(ErrorCode::kParse, fmt::format("{}:{}: field 3: expected a score, got '{}'",
                                                   path, line_no, row[2]));
      }
      if (row.size() > 3) p.note = row[3];
    }
    out.push_back(std::move(p));
  }
  return out;
}

void PrintGroup(const std::string& name, const screen::PairGroup& g) {
  std::string recall = g.positives ? fmt::format("{:>6.1f}%", 100.0 * g.true_pos / g.positives)
                                   : std::string("      -");
  std::string fpr = g.negatives ? fmt::format("{:>6.1f}%", 100.0 * g.false_pos / g.negatives)
                                : std::string("      -");
  std::string mins = g.with_min ? fmt::format("{}/{}", g.min_met, g.with_min) : std::string("-");
  fmt::print("{:<20} {:>6} {} {:>6} {} {:>8}\n", name, g.positives, recall, g.negatives, fpr, mins);
}

}  // namespace

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
  auto pairs_files = std::make_shared<std::vector<std::string>>();
  auto original_script = std::make_shared<bool>(false);
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
  cmd->add_option("--misses", *show_misses,
                  "Print up to N misses and placebo alerts, each with how its best name met "
                  "(the JSON report keeps max(N, 300))");
  cmd->add_option("--scan-corpus", *scan_corpus,
                  "Verify scanning instead: plant varied list names into this ordinary text "
                  "(--sample entities, default 2000) and report detection and false alerts");
  cmd->add_option("--pairs", *pairs_files,
                  "Score labelled name pairs instead (benchmarks/name-pairs-labelled.csv, "
                  "benchmarks/cross-script-pairs.csv), token rarity from the lists loaded");
  cmd->add_flag("--original-script", *original_script,
                "Verify original-script names instead: each non-Latin name is taken off the "
                "lists and screened against the rest, so only transliteration can find it");
  cmd->callback([&global, &exit_code, o, json_out, html_out, show_misses, scan_corpus, pairs_files,
                 original_script] {
    // Writes a report file when asked for; a failure is reported and fails the command.
    auto write = [&exit_code](const std::string& path, const std::string& text) {
      if (path.empty()) return;
      if (auto st = WriteFileAtomic(path, text); !st) {
        fmt::print(stderr, "embargo verify: {}\n", st.error().ToString());
        exit_code = kExitFailure;
      }
    };
    auto idx = BuildIndex(global);
    if (!idx) {
      fmt::print(stderr, "embargo verify: {}\n", idx.error().ToString());
      exit_code = kExitFailure;
      return;
    }
    if (!pairs_files->empty()) {
      std::vector<screen::NamePair> pairs;
      for (const auto& f : *pairs_files) {
        auto p = ReadPairs(f);
        if (!p) {
          fmt::print(stderr, "embargo verify: {}\n", p.error().ToString());
          exit_code = kExitFailure;
          return;
        }
        pairs.insert(pairs.end(), p->begin(), p->end());
      }
      auto rep = screen::EvaluatePairs(**idx, pairs, o->threshold);
      fmt::print("{:<20} {:>6} {:>7} {:>6} {:>7} {:>8}\n", "GROUP", "MATCH", "FOUND", "OTHER",
                 "ALERTED", "MIN-MET");
      for (const auto& [name, g] : rep.groups) PrintGroup(name, g);
      PrintGroup("all", rep.all);
      fmt::print("{} pairs, threshold {:.2f}\n", pairs.size(), rep.threshold);
      for (size_t i = 0; i < rep.misses.size() && i < *show_misses; ++i)
        fmt::print("  {}\n", rep.misses[i]);
      write(*json_out, rep.ToJson().dump(2) + "\n");
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
        std::string causes;
        for (const auto& [cause, n] : k.missed_by)
          causes += fmt::format("{}{} {}", causes.empty() ? "  missed: " : ", ", cause, n);
        fmt::print("{:<14} {:>8} {:>9.2f}%{}\n", k.kind, k.planted, 100 * k.rate(), causes);
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
      write(*json_out, rep.ToJson().dump(2) + "\n");
      return;
    }
    o->max_misses = std::max(o->max_misses, *show_misses);
    screen::VerifyReport rep =
        *original_script ? screen::VerifyOriginalScript(**idx, *o) : screen::Verify(**idx, *o);
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
    if (rep.not_testable)
      fmt::print("{} entities named only in other scripts than Latin: not testable\n",
                 rep.not_testable);
    for (size_t i = 0; i < rep.misses.size() && i < *show_misses; ++i)
      fmt::print("  miss: {}\n", rep.misses[i]);
    write(*json_out, rep.ToJson().dump(2) + "\n");
    if (!html_out->empty()) write(*html_out, rep.ToHtml());
  });
}

}  // namespace embargo::cli
