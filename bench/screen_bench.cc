// Latency of one name-only query (screen::Screen) against ofac/current plus the UN list,
// one thread: queries are list names under the self-verification variations (exact,
// typo1, order, typo2, translit) and placebo names, so candidate generation and scoring
// see realistic inputs. Reports p50 / p99 / max per query (measured per call, not averaged)
// and queries/s; index build time, snapshot write and load are separate benchmarks.
//
// Run: build/bench/screen_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "bench_lists.h"
#include "common/testing/testdata.h"
#include "index/index.h"
#include "index/snapshot.h"
#include "screen/screen.h"
#include "screen/verify.h"

namespace embargo {
namespace {

std::vector<model::Entity> LoadAll() { return bench::LoadBenchLists("screen_bench"); }

const index::Index& Lists() {
  static const index::Index* idx = index::Index::Build(LoadAll()).release();
  return *idx;
}

std::vector<std::string> Queries() {
  std::vector<std::string> q;
  const auto& ents = Lists().entities();
  const char* kinds[] = {"exact", "typo1", "order", "typo2", "translit"};
  for (size_t e = 0; e < ents.size(); e += 7) {
    if (ents[e].names.empty()) continue;
    std::string v = screen::Vary(ents[e].names[0].full, kinds[e % 5], 42 + e,
                                 ents[e].schema == model::Schema::kPerson);
    q.push_back(v.empty() ? ents[e].names[0].full : v);
  }
  const char* given[] = {"John", "Maria", "Ahmed", "Olga", "Li", "Carlos", "Fatima", "Peter"};
  const char* family[] = {"Smith", "Garcia", "Khan", "Petrova", "Wang", "Silva", "Novak", "Brown"};
  for (int i = 0; i < 400; ++i) q.push_back(std::string(given[i % 8]) + " " + family[(i / 8) % 8]);
  return q;
}

void BM_ScreenNameOnly(benchmark::State& state) {
  const auto& idx = Lists();
  auto queries = Queries();
  std::vector<double> us;
  us.reserve(queries.size() * 4);
  size_t i = 0;
  for (auto _ : state) {
    screen::Query q;
    q.names = {queries[i++ % queries.size()]};
    auto t0 = std::chrono::steady_clock::now();
    auto r = screen::Screen(idx, q);
    auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(r);
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) { return us[std::min(us.size() - 1, size_t(p * us.size()))]; };
  state.counters["p50_us"] = pct(0.50);
  state.counters["p99_us"] = pct(0.99);
  state.counters["max_us"] = us.back();
  state.counters["queries/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScreenNameOnly)->Iterations(20000);

void BM_IndexBuild(benchmark::State& state) {
  auto all = LoadAll();
  for (auto _ : state) {
    auto copy = all;
    auto idx = index::Index::Build(std::move(copy));
    benchmark::DoNotOptimize(idx);
  }
}
BENCHMARK(BM_IndexBuild)->Unit(benchmark::kMillisecond)->Iterations(3);

// The same index written to (EncodeSnapshot, then WriteSnapshot's atomic file) and
// loaded from (LoadSnapshot: map, check, copy, derive) an index snapshot file.
std::string SnapshotPath() {
  return (std::filesystem::temp_directory_path() / "screen_bench_snapshot.idx").string();
}

void BM_SnapshotWrite(benchmark::State& state) {
  const index::Index& idx = Lists();
  for (auto _ : state) {
    auto ok = index::WriteSnapshot(idx, {}, SnapshotPath());
    if (!ok) state.SkipWithError(ok.error().ToString().c_str());
  }
  std::error_code ec;
  state.counters["MB"] = static_cast<double>(std::filesystem::file_size(SnapshotPath(), ec)) / 1e6;
}
BENCHMARK(BM_SnapshotWrite)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_SnapshotLoad(benchmark::State& state) {
  (void)index::WriteSnapshot(Lists(), {}, SnapshotPath());
  (void)index::LoadSnapshot(SnapshotPath());  // page cache warm, ICU transliterators made
  for (auto _ : state) {
    std::optional<Result<index::LoadedSnapshot>> loaded(index::LoadSnapshot(SnapshotPath()));
    if (!*loaded) state.SkipWithError((*loaded).error().ToString().c_str());
    benchmark::DoNotOptimize(loaded);
    state.PauseTiming();  // freeing the index is no part of loading it
    loaded.reset();
    state.ResumeTiming();
  }
  std::filesystem::remove(SnapshotPath());
}
BENCHMARK(BM_SnapshotLoad)->Unit(benchmark::kMillisecond)->Iterations(10);

}  // namespace
}  // namespace embargo

BENCHMARK_MAIN();
