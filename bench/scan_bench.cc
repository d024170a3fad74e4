// Benchmarks of free-text scanning (scan/scanner.h) over ordinary English text with
// ofac/current plus the UN list loaded. Counter: bytes/s of text scanned, one thread.
// Baseline in the same run: splitting the text into words alone (no lookups), the
// floor of any word-based scanner.
//
// The text: EMBARGO_SCAN_CORPUS (a file; scripts/english_corpus.sh builds one from the
// documentation Debian ships), else the licences in /usr/share/common-licenses
// repeated to 16 MiB.
//
// Run: build/bench/scan_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "bench_lists.h"
#include "common/file.h"
#include "common/testing/testdata.h"
#include "common/utf8.h"
#include "index/index.h"
#include "scan/scanner.h"

namespace embargo {
namespace {

const std::string& Corpus() {
  static const std::string* text = [] {
    auto* out = new std::string;
    if (const char* p = std::getenv("EMBARGO_SCAN_CORPUS")) {
      auto d = ReadFile(p, 1u << 30);
      if (!d) {
        std::fprintf(stderr, "scan_bench: %s\n", d.error().ToString().c_str());
        std::exit(1);
      }
      *out = ToUtf8(*d);
      return out;
    }
    std::string licences;
    for (const auto& e : std::filesystem::directory_iterator("/usr/share/common-licenses")) {
      if (!e.is_regular_file()) continue;
      if (auto d = ReadFile(e.path().string())) licences += *d + "\n\n";
    }
    if (licences.empty()) {
      std::fprintf(stderr, "scan_bench: no text (set EMBARGO_SCAN_CORPUS)\n");
      std::exit(1);
    }
    while (out->size() < (16u << 20)) *out += licences;
    return out;
  }();
  return *text;
}

const index::Index& Lists() {
  static const index::Index* idx = [] {
    return index::Index::Build(bench::LoadBenchLists("scan_bench")).release();
  }();
  return *idx;
}

void BM_ScanText(benchmark::State& state) {
  const std::string& text = Corpus();
  auto scanner = scan::Scanner::Build(Lists());
  size_t mentions = 0;
  for (auto _ : state) {
    auto ms = scanner->Scan(text);
    mentions = ms.size();
    benchmark::DoNotOptimize(ms);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["mentions"] = static_cast<double>(mentions);
  state.counters["per_100KB"] = 1e5 * static_cast<double>(mentions) / text.size();
}
BENCHMARK(BM_ScanText)->Unit(benchmark::kMillisecond)->MinTime(2);

// Baseline: find word boundaries only.
void BM_WordSplitBaseline(benchmark::State& state) {
  const std::string& text = Corpus();
  for (auto _ : state) {
    size_t words = 0;
    bool in = false;
    for (char c : text) {
      unsigned char u = static_cast<unsigned char>(c);
      unsigned lower = u | 0x20u;
      bool alnum = (lower >= 'a' && lower <= 'z') || (u >= '0' && u <= '9') || u >= 0x80;
      words += alnum && !in;
      in = alnum;
    }
    benchmark::DoNotOptimize(words);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_WordSplitBaseline)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace embargo

BENCHMARK_MAIN();
