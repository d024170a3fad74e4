// `embargo match`: screen one name, or a whole file of queries in batch.
//
// Batch reads JSON lines in yente's /match query shape or a CSV with a header
// (id,name,schema,birth_date,country,id_number), screens chunks of kChunk queries on
// every core, and writes one JSON line per query in input order, so memory stays flat
// whatever the input size. On a terminal a progress line shows rate and ETA.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/cli.h"
#include "common/utf8.h"
#include "index/index.h"
#include "ingest/csv.h"
#include "model/country.h"
#include "screen/screen.h"

namespace embargo::cli {
namespace {

constexpr size_t kChunk = 2048;

struct MatchArgs {
  std::vector<std::string> names;
  std::string schema = "LegalEntity";
  std::vector<std::string> dobs, countries, ids;
  std::string gender;
  double threshold = 0.70;
  size_t limit = 5;
  std::vector<std::string> datasets;
  bool json = false;
  std::string input, output = "-";
  unsigned threads = 0;
};

Result<screen::Query> QueryFromArgs(const MatchArgs& a) {
  screen::Query q;
  q.names = a.names;
  auto s = model::ParseSchema(a.schema);
  if (!s) return Fail(ErrorCode::kInvalidArgument, "unknown schema '" + a.schema + "'", "--schema");
  q.facts.schema = *s;
  for (const auto& d : a.dobs) {
    auto pd = model::PartialDate::FromIso(d);
    if (!pd)
      return Fail(ErrorCode::kInvalidArgument,
                  "expected YYYY, YYYY-MM or YYYY-MM-DD, got '" + d + "'", "--dob");
    q.facts.birth_dates.push_back(*pd);
  }
  for (const auto& c : a.countries) {
    std::string code = model::CountryCode(c);
    if (code.empty())
      return Fail(ErrorCode::kInvalidArgument, "unknown country '" + c + "'", "--country");
    q.facts.countries.push_back(code);
  }
  if (a.gender == "male" || a.gender == "m") q.facts.gender = model::Gender::kMale;
  if (a.gender == "female" || a.gender == "f") q.facts.gender = model::Gender::kFemale;
  q.facts.identifiers = a.ids;
  return q;
}

// Reads queries from JSON lines or CSV; one parse error becomes an error line, not a stop.
class QueryReader {
 public:
  explicit QueryReader(std::istream& in) : in_(in) {}
  // Fills `out` with up to n (query or error) items; false at the end of input.
  bool Next(size_t n, std::vector<Result<screen::Query>>* out, std::vector<size_t>* lines) {
    out->clear();
    lines->clear();
    std::string line;
    while (out->size() < n && std::getline(in_, line)) {
      ++line_no_;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line_no_ == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
        line.erase(0, 3);
      if (Trim(line).empty()) continue;
      if (line_no_ == 1 && line[0] != '{') {
        csv_ = true;
        ingest::CsvReader r(line);
        std::vector<std::string_view> f;
        r.Next(&f);
        for (auto v : f) header_.push_back(AsciiLower(Trim(v)));
        continue;
      }
      lines->push_back(line_no_);
      out->push_back(csv_ ? FromCsv(line) : FromJson(line));
    }
    return !out->empty();
  }

 private:
  Result<screen::Query> FromJson(const std::string& line) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded())
      return Fail(ErrorCode::kParse, "not valid JSON", fmt::format("line {}", line_no_));
    auto q = screen::QueryFromJson(j);
    if (!q) {
      Error e = q.error();
      e.where = fmt::format("line {} {}", line_no_, e.where);
      return Fail(e);
    }
    return q;
  }
  Result<screen::Query> FromCsv(const std::string& line) {
    ingest::CsvReader r(line);
    std::vector<std::string_view> f;
    if (!r.Next(&f))
      return Fail(ErrorCode::kParse, "unreadable CSV row", fmt::format("line {}", line_no_));
    MatchArgs a;
    a.schema = "LegalEntity";
    std::string id;
    for (size_t i = 0; i < f.size() && i < header_.size(); ++i) {
      std::string v(Trim(f[i]));
      if (v.empty()) continue;
      const std::string& h = header_[i];
      if (h == "id")
        id = v;
      else if (h == "name")
        a.names.push_back(v);
      else if (h == "schema")
        a.schema = v;
      else if (h == "birth_date" || h == "dob")
        a.dobs.push_back(v);
      else if (h == "country" || h == "nationality")
        a.countries.push_back(v);
      else if (h == "id_number")
        a.ids.push_back(v);
    }
    if (a.names.empty())
      return Fail(ErrorCode::kInvalidArgument, "expected a name",
                  fmt::format("line {} field 'name'", line_no_));
    auto q = QueryFromArgs(a);
    if (!q) {
      Error e = q.error();
      e.where = fmt::format("line {} {}", line_no_, e.where);
      return Fail(e);
    }
    q->id = id;
    return q;
  }
  std::istream& in_;
  size_t line_no_ = 0;
  bool csv_ = false;
  std::vector<std::string> header_;
};

void PrintTable(const index::Index& index, const screen::Response& r, double threshold) {
  if (r.hits.empty()) {
    fmt::print("no result at or above {:.2f}\n", 0.5);
    return;
  }
  fmt::print("{:<6} {:<6} {:<14} {:<13} {}\n", "SCORE", "MATCH", "ID", "SCHEMA", "NAME");
  for (const auto& h : r.hits) {
    const auto& e = index.entities()[h.entity];
    fmt::print("{:<6.3f} {:<6} {:<14} {:<13} {}  [{}]\n", h.score.score, h.match ? "YES" : "no",
               e.id, model::SchemaName(e.schema), e.caption(), e.dataset);
    fmt::print("{}\n", screen::ExplainText(index, h));
  }
}

int RunBatch(const index::Index& index, const MatchArgs& a, const screen::Options& opts) {
  std::ifstream file;
  std::istream* in = &std::cin;
  uint64_t total_bytes = 0;
  if (a.input != "-") {
    file.open(a.input, std::ios::binary);
    if (!file) {
      fmt::print(stderr, "embargo match: cannot read {}\n", a.input);
      return kExitNotFound;
    }
    file.seekg(0, std::ios::end);
    total_bytes = static_cast<uint64_t>(file.tellg());
    file.seekg(0);
    in = &file;
  }
  std::FILE* out = a.output == "-" ? stdout : std::fopen(a.output.c_str(), "w");
  if (out == nullptr) {
    fmt::print(stderr, "embargo match: cannot write {}\n", a.output);
    return kExitFailure;
  }
  unsigned threads = a.threads ? a.threads : std::max(1u, std::thread::hardware_concurrency());
  bool progress = isatty(STDERR_FILENO);
  QueryReader reader(*in);
  std::vector<Result<screen::Query>> batch;
  std::vector<size_t> lines;
  std::vector<std::string> results;
  size_t done = 0, alerts = 0, errors = 0;
  auto start = std::chrono::steady_clock::now();
  while (reader.Next(kChunk, &batch, &lines)) {
    results.assign(batch.size(), {});
    std::atomic<size_t> next{0};
    std::vector<size_t> chunk_alerts(threads, 0);
    auto work = [&](unsigned t) {
      for (size_t i; (i = next.fetch_add(1)) < batch.size();) {
        const auto& q = batch[i];
        nlohmann::json j;
        if (!q) {
          j = {{"id", nullptr}, {"error", q.error().ToString()}};
        } else {
          auto r = screen::Screen(index, *q, opts);
          nlohmann::json res = nlohmann::json::array();
          for (const auto& h : r.hits) {
            res.push_back(screen::HitToJson(index, h));
            if (h.match) ++chunk_alerts[t];
          }
          j = {{"id", q->id}, {"results", std::move(res)}, {"total", r.total}};
        }
        results[i] = j.dump();
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
    for (size_t i = 0; i < results.size(); ++i) {
      if (!batch[i]) {
        ++errors;
        fmt::print(stderr, "embargo match: {}\n", batch[i].error().ToString());
      }
      results[i].push_back('\n');
      std::fwrite(results[i].data(), 1, results[i].size(), out);
    }
    for (size_t c : chunk_alerts) alerts += c;
    done += batch.size();
    if (progress) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      double rate = secs > 0 ? done / secs : 0;
      std::string eta;
      if (total_bytes > 0 && in == &file) {
        double frac = static_cast<double>(file.tellg() < 0 ? total_bytes
                                                           : static_cast<uint64_t>(file.tellg())) /
                      total_bytes;
        if (frac > 0) eta = fmt::format(", {:.0f}%, ETA {:.0f}s", 100 * frac, secs / frac - secs);
      }
      fmt::print(stderr, "\r{} queries, {:.0f}/s{}   ", done, rate, eta);
    }
  }
  if (progress) fmt::print(stderr, "\n");
  if (out != stdout) std::fclose(out);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print(stderr,
             "screened {} queries in {:.2f}s ({:.0f}/s, {} threads): {} alerts, {} bad queries\n",
             done, secs, secs > 0 ? done / secs : 0.0, threads, alerts, errors);
  return alerts > 0 ? kExitAlert : kExitOk;
}

}  // namespace

Result<std::unique_ptr<const index::Index>> BuildIndex(const GlobalOptions& global) {
  auto lists = LoadLists(global);
  if (!lists) return Fail(lists.error());
  auto t0 = std::chrono::steady_clock::now();
  auto idx = index::Index::Build(std::move(lists->entities));
  if (!global.quiet) {
    auto st = idx->stats();
    fmt::print(
        stderr, "index: {} entities, {} names, {} tokens in {:.0f} ms\n", st.entities, st.names,
        st.tokens,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return idx;
}

void AddMatchCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("match", "Screen a name (or a file of queries) against the lists");
  auto a = std::make_shared<MatchArgs>();
  cmd->add_option("NAME", a->names,
                  "Name(s) to screen, any script; several = aliases of one query");
  cmd->add_option("--schema", a->schema,
                  "Person, Organization, Company, Vessel, Airplane or LegalEntity")
      ->capture_default_str();
  cmd->add_option("--dob", a->dobs, "Birth date YYYY[-MM[-DD]] (repeatable)");
  cmd->add_option("--country", a->countries,
                  "Nationality or country, name or ISO code (repeatable)");
  cmd->add_option("--id", a->ids, "Identifier: passport, tax id, IMO, ... (repeatable)");
  cmd->add_option("--gender", a->gender, "male or female");
  cmd->add_option("--threshold", a->threshold, "Score at or above which a result is a match")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--limit", a->limit, "Results per query")->capture_default_str();
  cmd->add_option("--dataset", a->datasets, "Only these datasets (repeatable)");
  cmd->add_flag("--json", a->json, "Print the result object as JSON");
  cmd->add_option("--input", a->input,
                  "Batch: file of queries (JSON lines in yente's /match shape, or CSV with header "
                  "id,name,schema,birth_date,country,id_number), '-' for stdin");
  cmd->add_option("--output", a->output, "Batch: output JSON lines file, '-' for stdout")
      ->capture_default_str();
  cmd->add_option("--threads", a->threads, "Batch: worker threads (default: every core)");
  cmd->callback([&global, &exit_code, a] {
    if (a->input.empty() && a->names.empty()) {
      fmt::print(stderr, "embargo match: give a NAME or --input FILE\n");
      exit_code = kExitUsage;
      return;
    }
    screen::Options opts;
    opts.threshold = a->threshold;
    opts.limit = a->limit;
    opts.datasets = a->datasets;
    std::optional<screen::Query> single;
    if (a->input.empty()) {
      auto q = QueryFromArgs(*a);
      if (!q) {
        fmt::print(stderr, "embargo match: {}\n", q.error().ToString());
        exit_code = kExitUsage;
        return;
      }
      single = std::move(*q);
    }
    auto idx = BuildIndex(global);
    if (!idx) {
      fmt::print(stderr, "embargo match: {}\n", idx.error().ToString());
      exit_code = kExitFailure;
      return;
    }
    if (!a->input.empty()) {
      exit_code = RunBatch(**idx, *a, opts);
      return;
    }
    auto r = screen::Screen(**idx, *single, opts);
    if (a->json) {
      nlohmann::json res = nlohmann::json::array();
      for (const auto& h : r.hits) res.push_back(screen::HitToJson(**idx, h));
      fmt::print("{}\n", nlohmann::json{{"results", res}, {"total", r.total}}.dump(2));
    } else {
      PrintTable(**idx, r, a->threshold);
    }
    bool alert = false;
    for (const auto& h : r.hits) alert |= h.match;
    exit_code = alert ? kExitAlert : kExitOk;
  });
}

}  // namespace embargo::cli
