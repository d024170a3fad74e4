// `embargo scan`: find listed names inside documents (plain text, HTML, PDF).
//
// Default output is for people: the text around each mention with the mention marked
// (bold red on a terminal, [[...]] otherwise), then a table. --json gives one object per
// file: {"file", "format", "mentions": [...], "total"} (see scan::MentionToJson).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "common/file.h"
#include "index/index.h"
#include "payment/payment.h"
#include "scan/document.h"
#include "scan/payment_screen.h"
#include "scan/scanner.h"

namespace embargo::cli {

Result<std::unique_ptr<const index::Index>> BuildIndex(const GlobalOptions& global);

namespace {

struct ScanArgs {
  std::vector<std::string> files;
  std::string format = "auto";
  double threshold = 0.75;
  std::string lone = "with-full-name";
  std::vector<std::string> datasets;
  bool json = false;
  size_t context = 60;
  bool payments = false;
  double party_threshold = 0.80;
  std::vector<std::string> jurisdictions;
};

// Files of a payment batch: each FILE, or every regular file of a folder (sorted).
std::vector<std::string> ExpandFiles(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& f : in) {
    std::error_code ec;
    if (f != "-" && std::filesystem::is_directory(f, ec)) {
      std::vector<std::string> inside;
      for (const auto& e : std::filesystem::directory_iterator(f, ec))
        if (e.is_regular_file()) inside.push_back(e.path().string());
      std::sort(inside.begin(), inside.end());
      out.insert(out.end(), inside.begin(), inside.end());
    } else {
      out.push_back(f);
    }
  }
  return out;
}

// `embargo scan --payments`: every message of every file; a file that cannot be read
// or parsed is reported and the batch goes on. Returns the exit code.
int ScanPayments(const index::Index& idx, const scan::Scanner& scanner, const ScanArgs& a) {
  scan::PaymentOptions po;
  po.threshold = a.party_threshold;
  if (!a.jurisdictions.empty()) po.jurisdictions = a.jurisdictions;
  auto screener = scan::PaymentScreener::Build(scanner, po);
  bool alert = false, failed = false;
  size_t messages = 0;
  for (const auto& file : ExpandFiles(a.files)) {
    std::string data;
    if (file == "-") {
      data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      auto r = ReadFile(file, payment::kMaxFileBytes);
      if (!r) {
        failed = true;
        if (a.json)
          fmt::print("{}\n",
                     nlohmann::json{{"file", file}, {"error", r.error().ToString()}}.dump());
        else
          fmt::print(stderr, "embargo scan: {}\n", r.error().ToString());
        continue;
      }
      data = std::move(*r);
    }
    auto msgs = payment::ParseMessageBatch(data, file == "-" ? "stdin" : file);
    if (!msgs) {
      failed = true;
      if (a.json)
        fmt::print("{}\n",
                   nlohmann::json{{"file", file}, {"error", msgs.error().ToString()}}.dump());
      else
        fmt::print(stderr, "embargo scan: {}\n", msgs.error().ToString());
      continue;
    }
    for (size_t i = 0; i < msgs->size(); ++i) {
      const Result<payment::Message>& msg = (*msgs)[i];
      if (!msg) {  // a malformed message: reported, the batch goes on
        failed = true;
        if (a.json)
          fmt::print(
              "{}\n",
              nlohmann::json{{"file", file}, {"message", i + 1}, {"error", msg.error().ToString()}}
                  .dump());
        else
          fmt::print(stderr, "embargo scan: {}\n", msg.error().ToString());
        continue;
      }
      ++messages;
      auto res = screener->Screen(*msg);
      alert |= !res.hits.empty();
      if (a.json) {
        auto j = scan::PaymentResultToJson(idx, res);
        j["file"] = file;
        j["message"] = i + 1;
        fmt::print("{}\n", j.dump());
        continue;
      }
      fmt::print("{} message {} ({} {}): {}\n", file, i + 1, payment::MessageTypeName(res.type),
                 res.reference,
                 res.hits.empty() ? "clear" : fmt::format("{} hit(s)", res.hits.size()));
      for (const auto& h : res.hits) fmt::print("  {:<12} {:<40} {}\n", h.kind, h.path, h.detail);
    }
  }
  if (!a.json) fmt::print(stderr, "{} message(s) screened\n", messages);
  if (alert) return kExitAlert;
  return failed ? kExitFailure : kExitOk;
}

// The line of text around [b, e) with the mention marked.
std::string Snippet(std::string_view text, size_t b, size_t e, size_t context, bool color) {
  size_t lo = b > context ? b - context : 0;
  size_t hi = std::min(text.size(), e + context);
  while (lo > 0 && (static_cast<unsigned char>(text[lo]) & 0xC0) == 0x80) --lo;
  while (hi < text.size() && (static_cast<unsigned char>(text[hi]) & 0xC0) == 0x80) ++hi;
  auto clean = [](std::string_view s) {
    std::string o(s);
    for (auto& c : o)
      if (c == '\n' || c == '\r' || c == '\t' || c == '\f') c = ' ';
    return o;
  };
  std::string out = lo > 0 ? "..." : "";
  out += clean(text.substr(lo, b - lo));
  out += color ? "\x1b[1;31m" : "[[";
  out += clean(text.substr(b, e - b));
  out += color ? "\x1b[0m" : "]]";
  out += clean(text.substr(e, hi - e));
  if (hi < text.size()) out += "...";
  return out;
}

}  // namespace

void AddScanCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "scan", "Find listed names inside documents: text, HTML or PDF (FILE or - for stdin)");
  auto a = std::make_shared<ScanArgs>();
  cmd->add_option("FILE", a->files, "Documents to scan; '-' reads stdin")->required();
  cmd->add_option("--format", a->format, "auto, text, html or pdf")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "text", "html", "pdf"}));
  cmd->add_option("--threshold", a->threshold, "Score at or above which a mention is reported")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--lone-surnames", a->lone,
                  "When a surname alone alerts: never, with-full-name (the same entity is "
                  "named in full in the document), distinctive (also unique surnames)")
      ->capture_default_str()
      ->check(CLI::IsMember({"never", "with-full-name", "distinctive"}));
  cmd->add_option("--dataset", a->datasets, "Only these datasets (repeatable)");
  cmd->add_option("--context", a->context, "Characters of context shown around a mention")
      ->capture_default_str();
  cmd->add_flag("--json", a->json, "One JSON object per file (per message with --payments)");
  cmd->add_flag("--payments", a->payments,
                "FILEs (or folders of files) hold payment messages: SWIFT MT103/MT202 or ISO "
                "20022 pacs.008/pain.001; parties, free text, BICs and countries are checked");
  cmd->add_option("--party-threshold", a->party_threshold,
                  "Payments: score at or above which a party alerts")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--jurisdiction", a->jurisdictions,
                  "Payments: country under a country-wide program (repeatable; default CU IR KP "
                  "SY)");
  cmd->callback([&global, &exit_code, a] {
    auto idx = BuildIndex(global);
    if (!idx) {
      fmt::print(stderr, "embargo scan: {}\n", idx.error().ToString());
      exit_code = kExitFailure;
      return;
    }
    scan::Options opts;
    opts.threshold = a->threshold;
    opts.datasets = a->datasets;
    opts.lone_surnames = a->lone == "never"         ? scan::LoneSurnames::kNever
                         : a->lone == "distinctive" ? scan::LoneSurnames::kDistinctive
                                                    : scan::LoneSurnames::kAfterFullName;
    auto scanner = scan::Scanner::Build(**idx, opts);
    if (a->payments) {
      exit_code = ScanPayments(**idx, *scanner, *a);
      return;
    }
    const bool color = !a->json && isatty(STDOUT_FILENO);
    bool alert = false, failed = false;
    for (const auto& file : a->files) {
      std::string data;
      if (file == "-") {
        data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      } else {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) {
          fmt::print(stderr, "embargo scan: {}: no such file\n", file);
          exit_code = kExitNotFound;
          failed = true;
          continue;
        }
        auto r = ReadFile(file, scan::kMaxDocumentBytes);
        if (!r) {
          fmt::print(stderr, "embargo scan: {}\n", r.error().ToString());
          exit_code = r.error().code == ErrorCode::kNotFound ? kExitNotFound : kExitFailure;
          failed = true;
          continue;
        }
        data = std::move(*r);
      }
      scan::DocumentFormat fmt_ = a->format == "html"  ? scan::DocumentFormat::kHtml
                                  : a->format == "pdf" ? scan::DocumentFormat::kPdf
                                  : a->format == "text"
                                      ? scan::DocumentFormat::kText
                                      : scan::DetectDocumentFormat(file, data.substr(0, 512));
      auto doc = scan::ExtractText(data, fmt_, file == "-" ? "stdin" : file);
      if (!doc) {
        fmt::print(stderr, "embargo scan: {}\n", doc.error().ToString());
        exit_code = kExitFailure;
        failed = true;
        continue;
      }
      auto ms = scanner->Scan(doc->text);
      alert |= !ms.empty();
      const auto& ents = (*idx)->entities();
      if (a->json) {
        nlohmann::json arr = nlohmann::json::array();
        scan::CharCounter counter(doc->text);
        for (const auto& m : ms) {
          auto j = scan::MentionToJson(**idx, doc->text, m, &counter);
          if (!doc->source_begin.empty()) {
            auto [sb, se] = doc->SourceRange(m.begin, m.end);
            j["source_byte_start"] = sb;
            j["source_byte_end"] = se;
          }
          if (size_t page = doc->PageAt(m.begin); page > 0) j["page"] = page;
          arr.push_back(std::move(j));
        }
        nlohmann::json out{{"file", file},
                           {"format", std::string(scan::DocumentFormatName(fmt_))},
                           {"mentions", arr},
                           {"total", ms.size()}};
        fmt::print("{}\n", out.dump());
        continue;
      }
      fmt::print("{}: {} mention{} ({}, {} characters)\n", file, ms.size(),
                 ms.size() == 1 ? "" : "s", scan::DocumentFormatName(fmt_),
                 scan::CharOffset(doc->text, doc->text.size()));
      scan::CharCounter counter(doc->text);
      for (const auto& m : ms) {
        const auto& e = ents[m.hit.entity];
        fmt::print("\n  {}\n", Snippet(doc->text, m.begin, m.end, a->context, color));
        size_t page = doc->PageAt(m.begin);
        fmt::print("  {}chars {}-{}  {}  {} ({}, {})  score {:.3f}  [{}]\n",
                   page > 0 ? fmt::format("page {}  ", page) : "", counter.At(m.begin),
                   counter.At(m.end), e.id, e.names.empty() ? "" : e.names[0].full,
                   model::SchemaName(e.schema), e.dataset, m.hit.score.score, m.how);
        if (!m.hit.matched_name.empty() && m.how == "name")
          fmt::print("  matched list name \"{}\"\n", m.hit.matched_name);
      }
      fmt::print("\n");
    }
    if (!failed) exit_code = alert ? kExitAlert : kExitOk;
  });
}

}  // namespace embargo::cli
