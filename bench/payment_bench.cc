// Benchmarks of payment screening (scan/payment_screen.h): parse and screen the
// hand-written messages of tests/data/payments (y_*: MT103, MT202, pacs.008, pain.001)
// against ofac/current plus the UN list. Counter: messages/s, one thread. Baselines in
// the same run: parsing alone, and screening alone (messages parsed beforehand), which
// tells the parsers' share from the screening's.
//
// Run from the repository root: build/bench/payment_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_lists.h"
#include "common/file.h"
#include "common/testing/testdata.h"
#include "index/index.h"
#include "payment/payment.h"
#include "scan/payment_screen.h"

namespace embargo {
namespace {

struct Input {
  std::string name, data;
};

const std::vector<Input>& Inputs() {
  static const std::vector<Input>* in = [] {
    auto* v = new std::vector<Input>;
    const char* src = std::getenv("EMBARGO_SOURCE_DIR");
    std::string dir = std::string(src ? src : ".") + "/tests/data/payments";
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      std::string n = e.path().filename().string();
      if (n.rfind("y_", 0) != 0) continue;
      if (auto d = ReadFile(e.path().string())) v->push_back({n, *d});
    }
    if (v->empty()) {
      std::fprintf(stderr, "payment_bench: no messages in %s (run from the repo root)\n",
                   dir.c_str());
      std::exit(1);
    }
    return v;
  }();
  return *in;
}

const scan::PaymentScreener& Screener() {
  static const scan::PaymentScreener* s = [] {
    auto* idx = index::Index::Build(bench::LoadBenchLists("payment_bench")).release();
    auto* scanner = scan::Scanner::Build(*idx).release();
    return scan::PaymentScreener::Build(*scanner).release();
  }();
  return *s;
}

void BM_ParseAndScreen(benchmark::State& state) {
  const auto& in = Inputs();
  const auto& screener = Screener();
  size_t messages = 0, hits = 0;
  for (auto _ : state) {
    for (const auto& f : in) {
      auto msgs = payment::ParseMessages(f.data, f.name);
      if (!msgs) continue;
      for (const auto& m : *msgs) {
        hits += screener.Screen(m).hits.size();
        ++messages;
      }
    }
  }
  state.counters["messages/s"] =
      benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
  benchmark::DoNotOptimize(hits);
}
BENCHMARK(BM_ParseAndScreen)->Unit(benchmark::kMicrosecond);

void BM_ScreenOnly(benchmark::State& state) {
  std::vector<payment::Message> parsed;
  for (const auto& f : Inputs())
    if (auto msgs = payment::ParseMessages(f.data, f.name))
      for (auto& m : *msgs) parsed.push_back(std::move(m));
  const auto& screener = Screener();
  size_t messages = 0, hits = 0;
  for (auto _ : state) {
    for (const auto& m : parsed) hits += screener.Screen(m).hits.size();
    messages += parsed.size();
  }
  state.counters["messages/s"] =
      benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
  benchmark::DoNotOptimize(hits);
}
BENCHMARK(BM_ScreenOnly)->Unit(benchmark::kMicrosecond);

void BM_ParseOnly(benchmark::State& state) {
  const auto& in = Inputs();
  size_t messages = 0;
  for (auto _ : state) {
    for (const auto& f : in) {
      auto msgs = payment::ParseMessages(f.data, f.name);
      if (msgs) messages += msgs->size();
    }
  }
  state.counters["messages/s"] =
      benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseOnly)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace embargo

BENCHMARK_MAIN();
