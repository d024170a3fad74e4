// String metrics of match/: bit-parallel versus textbook reference in the same run, on
// name-length strings (8-30 bytes) and long ones (100-300), uncached versus cached
// (one query against many candidates, the matcher's hot loop), with and without a
// score cutoff. Every benchmark scores one query against kCandidates candidates per
// iteration; items/s counts pairs scored.
//
//   build-x/bench/match_metrics_bench --benchmark_filter=Short
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "match/jaro_winkler.h"
#include "match/levenshtein.h"
#include "match/reference.h"

namespace embargo::match {
namespace {

constexpr size_t kCandidates = 1000;

struct Data {
  std::vector<std::string> queries;     // mutated copies of some candidates
  std::vector<std::string> candidates;  // lower-case names with spaces
};

// Name-like strings: lower-case letters with a space every few letters.
std::string RandomName(std::mt19937_64& rng, size_t min_len, size_t max_len) {
  const size_t len = min_len + rng() % (max_len - min_len + 1);
  std::string s;
  while (s.size() < len) {
    s += (s.empty() || s.back() == ' ' || rng() % 7 != 0) ? static_cast<char>('a' + rng() % 26)
                                                          : ' ';
  }
  return s;
}

std::string Mutate(std::mt19937_64& rng, std::string s) {
  for (int e = 0; e < 2 && s.size() > 2; ++e) {
    const size_t pos = rng() % (s.size() - 1);
    if (e == 0) {
      std::swap(s[pos], s[pos + 1]);
    } else {
      s[pos] = static_cast<char>('a' + rng() % 26);
    }
  }
  return s;
}

const Data& GetData(bool long_strings) {
  static const auto make = [](size_t min_len, size_t max_len) {
    auto* d = new Data;
    std::mt19937_64 rng(42);
    for (size_t i = 0; i < kCandidates; ++i)
      d->candidates.push_back(RandomName(rng, min_len, max_len));
    for (size_t i = 0; i < 16; ++i) d->queries.push_back(Mutate(rng, d->candidates[i * 37]));
    return d;
  };
  static const Data* short_data = make(8, 30);
  static const Data* long_data = make(100, 300);
  return long_strings ? *long_data : *short_data;
}

// Runs `score(query, candidate)` over all candidates, one query per iteration.
template <typename Fn>
void Run(benchmark::State& state, const Data& data, const Fn& score) {
  size_t q = 0;
  double sum = 0;
  for (auto _ : state) {
    const std::string& query = data.queries[q++ % data.queries.size()];
    for (const std::string& c : data.candidates) sum += static_cast<double>(score(query, c));
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * data.candidates.size()));
}

// Same, with a cached scorer built once per query (its cost included).
template <typename Cached, typename Fn>
void RunCached(benchmark::State& state, const Data& data, const Fn& score) {
  size_t q = 0;
  double sum = 0;
  for (auto _ : state) {
    const Cached cached(data.queries[q++ % data.queries.size()]);
    for (const std::string& c : data.candidates) sum += static_cast<double>(score(cached, c));
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * data.candidates.size()));
}

// state.range(0): 0 = name-length strings, 1 = long strings.
void BM_LevenshteinReference(benchmark::State& state) {
  Run(state, GetData(state.range(0)),
      [](auto& a, auto& b) { return reference::Levenshtein(a, b); });
}
void BM_Levenshtein(benchmark::State& state) {
  Run(state, GetData(state.range(0)), [](auto& a, auto& b) { return Levenshtein(a, b); });
}
void BM_LevenshteinCached(benchmark::State& state) {
  RunCached<CachedLevenshtein>(state, GetData(state.range(0)),
                               [](auto& c, auto& b) { return c.Distance(b); });
}
void BM_LevenshteinSimilarityCutoff08(benchmark::State& state) {
  Run(state, GetData(state.range(0)),
      [](auto& a, auto& b) { return LevenshteinSimilarity(a, b, 0.8); });
}
void BM_LevenshteinCachedCutoff08(benchmark::State& state) {
  RunCached<CachedLevenshtein>(state, GetData(state.range(0)),
                               [](auto& c, auto& b) { return c.Similarity(b, 0.8); });
}
void BM_OsaReference(benchmark::State& state) {
  Run(state, GetData(state.range(0)),
      [](auto& a, auto& b) { return reference::OsaDistance(a, b); });
}
void BM_Osa(benchmark::State& state) {
  Run(state, GetData(state.range(0)), [](auto& a, auto& b) { return OsaDistance(a, b); });
}
void BM_OsaCached(benchmark::State& state) {
  RunCached<CachedLevenshtein>(state, GetData(state.range(0)),
                               [](auto& c, auto& b) { return c.OsaDistance(b); });
}
void BM_JaroWinklerReference(benchmark::State& state) {
  Run(state, GetData(state.range(0)),
      [](auto& a, auto& b) { return reference::JaroWinkler(a, b); });
}
void BM_JaroWinkler(benchmark::State& state) {
  Run(state, GetData(state.range(0)), [](auto& a, auto& b) { return JaroWinkler(a, b); });
}
void BM_JaroWinklerCached(benchmark::State& state) {
  RunCached<CachedJaroWinkler>(state, GetData(state.range(0)),
                               [](auto& c, auto& b) { return c.Similarity(b); });
}
void BM_JaroWinklerCutoff085(benchmark::State& state) {
  Run(state, GetData(state.range(0)),
      [](auto& a, auto& b) { return JaroWinkler(a, b, 0.1, 0.85); });
}
void BM_JaroWinklerCachedCutoff085(benchmark::State& state) {
  RunCached<CachedJaroWinkler>(state, GetData(state.range(0)),
                               [](auto& c, auto& b) { return c.Similarity(b, 0.85); });
}

#define EMBARGO_METRIC_BENCH(fn) BENCHMARK(fn)->ArgName("long")->Arg(0)->Arg(1)
EMBARGO_METRIC_BENCH(BM_LevenshteinReference);
EMBARGO_METRIC_BENCH(BM_Levenshtein);
EMBARGO_METRIC_BENCH(BM_LevenshteinCached);
EMBARGO_METRIC_BENCH(BM_LevenshteinSimilarityCutoff08);
EMBARGO_METRIC_BENCH(BM_LevenshteinCachedCutoff08);
EMBARGO_METRIC_BENCH(BM_OsaReference);
EMBARGO_METRIC_BENCH(BM_Osa);
EMBARGO_METRIC_BENCH(BM_OsaCached);
EMBARGO_METRIC_BENCH(BM_JaroWinklerReference);
EMBARGO_METRIC_BENCH(BM_JaroWinkler);
EMBARGO_METRIC_BENCH(BM_JaroWinklerCached);
EMBARGO_METRIC_BENCH(BM_JaroWinklerCutoff085);
EMBARGO_METRIC_BENCH(BM_JaroWinklerCachedCutoff085);

}  // namespace
}  // namespace embargo::match

BENCHMARK_MAIN();
