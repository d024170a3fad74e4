// `embargo match`: screen one name, or a whole file of queries in batch.
//
// Batch reads JSON lines in yente's /match query shape or a CSV with a header
// (id,name,schema,birth_date,country,id_number), screens chunks of kChunk queries on
// every core, and writes one JSON line per query in input order, so memory stays flat
// whatever the input size. On a terminal a progress line shows rate and ETA.
//
// Every screening is recorded for the audit (store/monitor.h RecordScreenings) when a store
// is in use: --db or $EMBARGO_DB, or the default store once `embargo monitor` created it.
// A single query is one screening of kind "match"; a batch, one screening of kind "batch"
// per chunk. `--no-record` screens without recording.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/cli.h"
#include "cli/query_reader.h"
#include "index/index.h"
#include "screen/screen.h"
#include "store/monitor.h"
#include "store/store.h"

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
  std::string db;          // --db: the store screenings are recorded in
  bool no_record = false;  // --no-record
};

// Where screenings go for the audit: the store named by --db or $EMBARGO_DB (created when
// absent), or the default one when it exists; none with --no-record or no store.
class Recorder {
 public:
  Recorder(const GlobalOptions& global, const MatchArgs& a) {
    if (a.no_record) return;
    bool named = false;
    target_ = StoreTarget(global, a.db, &named);
    std::error_code ec;
    if (!named && !std::filesystem::exists(target_, ec)) target_.clear();
  }
  bool active() const { return !target_.empty(); }

  // Opens the store and fills in what every screening records about the lists.
  Status Start(const index::Index& index, const std::vector<model::Dataset>& datasets,
               const screen::Options& options) {
    auto st = store::Store::Open(target_);
    if (!st) return Fail(st.error());
    store_ = std::move(*st);
    base_.actor = CliActor();
    base_.datasets = datasets;
    base_.lists_digest = store::ListsDigest(index);
    base_.entities = index.entities().size();
    base_.options = options;
    base_.engine_version = EMBARGO_VERSION;
    return {};
  }

  Result<int64_t> Record(std::string kind, std::vector<store::ScreeningRecord> records) {
    store::AdHocScreening s = base_;
    s.kind = std::move(kind);
    s.records = std::move(records);
    auto ids = store::RecordScreenings(*store_, {s});
    if (!ids) return Fail(ids.error());
    return ids->front();
  }

  const std::string& target() const { return target_; }

 private:
  std::string target_;
  std::unique_ptr<store::Store> store_;
  store::AdHocScreening base_;
};

Result<screen::Query> QueryFromArgs(const MatchArgs& a) {
  return QueryFromFields({a.names, a.schema, a.dobs, a.countries, a.ids, a.gender});
}

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

int RunBatch(const index::Index& index, const MatchArgs& a, const screen::Options& opts,
             const nlohmann::json& lists, Recorder* recorder) {
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
  std::vector<store::ScreeningRecord> records;
  int64_t first_recorded = 0, last_recorded = 0;
  size_t done = 0, alerts = 0, errors = 0;
  auto start = std::chrono::steady_clock::now();
  while (reader.Next(kChunk, &batch, &lines)) {
    results.assign(batch.size(), {});
    records.assign(recorder ? batch.size() : 0, {});
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
          j = {{"id", q->id}, {"results", std::move(res)}, {"total", r.total}, {"lists", lists}};
          if (recorder) records[i] = store::MakeScreeningRecord(index, *q, r);
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
    if (recorder) {
      std::vector<store::ScreeningRecord> good;
      for (size_t i = 0; i < batch.size(); ++i)
        if (batch[i]) good.push_back(std::move(records[i]));
      auto id = recorder->Record("batch", std::move(good));
      if (!id) {
        fmt::print(stderr, "embargo match: recording the screening in {}: {}\n", recorder->target(),
                   id.error().ToString());
        if (out != stdout) std::fclose(out);
        return kExitFailure;
      }
      if (first_recorded == 0) first_recorded = *id;
      last_recorded = *id;
    }
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
  if (first_recorded == last_recorded && first_recorded != 0)
    fmt::print(stderr, "recorded as screening {} in {}\n", first_recorded, recorder->target());
  else if (first_recorded != 0)
    fmt::print(stderr, "recorded as screenings {}-{} in {}\n", first_recorded, last_recorded,
               recorder->target());
  return alerts > 0 ? kExitAlert : kExitOk;
}

// The list versions screened against, for each JSON result: [{"dataset", "version"}].
nlohmann::json ListsJson(const std::vector<model::Dataset>& datasets) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : datasets) out.push_back({{"dataset", d.name}, {"version", d.version}});
  return out;
}

}  // namespace

Result<std::unique_ptr<const index::Index>> BuildIndex(const GlobalOptions& global,
                                                       std::vector<model::Dataset>* datasets) {
  if (!global.index_file.empty()) {
    auto indexed = LoadIndexFile(global);
    if (!indexed) return Fail(indexed.error());
    if (datasets) *datasets = std::move(indexed->datasets);
    return std::move(indexed->index);
  }
  auto lists = LoadLists(global);
  if (!lists) return Fail(lists.error());
  if (datasets) *datasets = lists->datasets;
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

Result<std::unique_ptr<const index::Index>> BuildIndex(const GlobalOptions& global) {
  return BuildIndex(global, nullptr);
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
  cmd->add_option("--db", a->db,
                  "Record the screening in this store (SQLite file or postgresql:// URL; "
                  "default: $EMBARGO_DB, else DATA/.embargo/embargo.db when it exists)");
  cmd->add_flag("--no-record", a->no_record, "Do not record the screening for the audit");
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
    std::vector<model::Dataset> datasets;
    auto idx = BuildIndex(global, &datasets);
    if (!idx) {
      fmt::print(stderr, "embargo match: {}\n", idx.error().ToString());
      exit_code = kExitFailure;
      return;
    }
    Recorder recorder(global, *a);
    if (recorder.active()) {
      if (auto s = recorder.Start(**idx, datasets, opts); !s) {
        fmt::print(stderr, "embargo match: --db {}: {}\n", recorder.target(), s.error().ToString());
        exit_code = kExitFailure;
        return;
      }
    }
    if (!a->input.empty()) {
      exit_code =
          RunBatch(**idx, *a, opts, ListsJson(datasets), recorder.active() ? &recorder : nullptr);
      return;
    }
    auto r = screen::Screen(**idx, *single, opts);
    int64_t recorded = 0;
    if (recorder.active()) {
      auto id = recorder.Record("match", {store::MakeScreeningRecord(**idx, *single, r)});
      if (!id) {
        fmt::print(stderr, "embargo match: recording the screening in {}: {}\n", recorder.target(),
                   id.error().ToString());
        exit_code = kExitFailure;
        return;
      }
      recorded = *id;
    }
    if (a->json) {
      nlohmann::json res = nlohmann::json::array();
      for (const auto& h : r.hits) res.push_back(screen::HitToJson(**idx, h));
      nlohmann::json out{{"results", res}, {"total", r.total}, {"lists", ListsJson(datasets)}};
      if (recorded) out["screening"] = recorded;
      fmt::print("{}\n", out.dump(2));
    } else {
      PrintTable(**idx, r, a->threshold);
    }
    if (recorded && !global.quiet)
      fmt::print(stderr, "recorded as screening {} in {}\n", recorded, recorder.target());
    bool alert = false;
    for (const auto& h : r.hits) alert |= h.match;
    exit_code = alert ? kExitAlert : kExitOk;
  });
}

}  // namespace embargo::cli
