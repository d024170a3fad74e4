// Benchmarks of the XML list parsers on the real files: the UN consolidated list
// (2026-02-27, 2 MB, 1003 records) and Canada SEMA (2020-04, 250 KB, 1369 records).
// Counters: bytes/s over the input and entities/s. Baselines in the same run: pugixml's
// parse alone (the floor any DOM-based XML parser pays), and OFAC current + UN together,
// the figure with a target of under one second on one core.
//
// Run: build/bench/xml_ingest_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <pugixml.hpp>
#include <string>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "ingest/ofac.h"
#include "ingest/sema.h"
#include "ingest/un.h"

namespace embargo {
namespace {

std::string MustRead(const std::string& rel) {
  auto data = ReadFile(testing::TestDataPath(rel));
  if (!data) {
    std::fprintf(stderr, "xml_ingest_bench: %s\n", data.error().ToString().c_str());
    std::exit(1);  // no silent skip: the figures would be meaningless
  }
  return std::move(*data);
}

const std::string& Un2026() {
  static const std::string* s = new std::string(MustRead("un/consolidated-2026-02-27.xml"));
  return *s;
}
const std::string& Sema2020() {
  static const std::string* s = new std::string(MustRead("ca/sema-lmes-2020-04.xml"));
  return *s;
}

void Counters(benchmark::State& state, size_t bytes, size_t entities) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["entities/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * entities), benchmark::Counter::kIsRate);
}

// Baseline: pugixml's DOM parse of the UN file, no mapping.
void BM_PugixmlOnlyUn2026(benchmark::State& state) {
  const std::string& data = Un2026();
  for (auto _ : state) {
    pugi::xml_document doc;
    benchmark::DoNotOptimize(doc.load_buffer(data.data(), data.size()));
  }
  Counters(state, data.size(), 0);
}
BENCHMARK(BM_PugixmlOnlyUn2026)->Unit(benchmark::kMillisecond);

void BM_UnXml2026(benchmark::State& state) {
  const std::string& data = Un2026();
  size_t n = 0;
  for (auto _ : state) {
    n = 0;
    ingest::LoadReport r =
        ingest::ParseUnXml(data, "consolidated.xml", [&n](model::Entity&& e) { ++n; });
    benchmark::DoNotOptimize(r);
  }
  Counters(state, data.size(), n);
}
BENCHMARK(BM_UnXml2026)->Unit(benchmark::kMillisecond);

void BM_SemaXml2020(benchmark::State& state) {
  const std::string& data = Sema2020();
  size_t n = 0;
  for (auto _ : state) {
    n = 0;
    ingest::LoadReport r =
        ingest::ParseSemaXml(data, "sema-lmes.xml", [&n](model::Entity&& e) { ++n; });
    benchmark::DoNotOptimize(r);
  }
  Counters(state, data.size(), n);
}
BENCHMARK(BM_SemaXml2020)->Unit(benchmark::kMillisecond);

// OFAC current SDN set (sdn, alt, add, comments) + UN 2026: the < 1 s target.
void BM_OfacCurrentPlusUn(benchmark::State& state) {
  static const std::string* sdn = new std::string(MustRead("ofac/current/sdn.csv"));
  static const std::string* alt = new std::string(MustRead("ofac/current/alt.csv"));
  static const std::string* add = new std::string(MustRead("ofac/current/add.csv"));
  static const std::string* com = new std::string(MustRead("ofac/current/sdn_comments.csv"));
  const std::string& un = Un2026();
  size_t n = 0;
  for (auto _ : state) {
    n = 0;
    auto sink = [&n](model::Entity&& e) { ++n; };
    ingest::OfacSources src;
    src.sdn = *sdn;
    src.alt = *alt;
    src.add = *add;
    src.comments = *com;
    ingest::LoadReport a = ingest::ParseOfac(src, ingest::kOfacSdnDataset, sink);
    ingest::LoadReport b = ingest::ParseUnXml(un, "consolidated.xml", sink);
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
  }
  Counters(state, sdn->size() + alt->size() + add->size() + com->size() + un.size(), n);
}
BENCHMARK(BM_OfacCurrentPlusUn)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace embargo

BENCHMARK_MAIN();
