// Benchmarks of the list parsers on the real files (ofac/current). Counters: bytes/s
// over the input files and entities/s. Baselines in the same run: CSV tokenising alone
// (the floor any CSV parser pays) and the remarks mini-language alone.
//
// Run: build/bench/ingest_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "common/utf8.h"
#include "ingest/csv.h"
#include "ingest/ofac.h"
#include "ingest/ofac_remarks.h"

namespace embargo {
namespace {

struct OfacFiles {
  std::string sdn, alt, add, comments;
  size_t bytes() const { return sdn.size() + alt.size() + add.size() + comments.size(); }
};

std::string MustRead(const std::string& rel) {
  auto data = ReadFile(testing::TestDataPath(rel));
  if (!data) {
    std::fprintf(stderr, "ingest_bench: %s\n", data.error().ToString().c_str());
    std::exit(1);  // no silent skip: the figures would be meaningless
  }
  return std::move(*data);
}

const OfacFiles& Current() {
  static const OfacFiles* files =
      new OfacFiles{MustRead("ofac/current/sdn.csv"), MustRead("ofac/current/alt.csv"),
                    MustRead("ofac/current/add.csv"), MustRead("ofac/current/sdn_comments.csv")};
  return *files;
}

// The whole OFAC SDN set: CSV, Windows-1252 -> UTF-8, remarks, aliases, addresses.
void BM_OfacCurrentSdn(benchmark::State& state) {
  const OfacFiles& f = Current();
  ingest::OfacSources src;
  src.sdn = f.sdn;
  src.alt = f.alt;
  src.add = f.add;
  src.comments = f.comments;
  size_t entities = 0;
  for (auto _ : state) {
    size_t n = 0;
    ingest::LoadReport r = ingest::ParseOfac(src, ingest::kOfacSdnDataset, [&](model::Entity&& e) {
      benchmark::DoNotOptimize(e);
      ++n;
    });
    benchmark::DoNotOptimize(r);
    entities = n;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes()));
  state.counters["entities"] = static_cast<double>(entities);
  state.counters["entities/s"] =
      benchmark::Counter(static_cast<double>(entities) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OfacCurrentSdn)->Unit(benchmark::kMillisecond);

// Baseline: only tokenising the same four files (after UTF-8 conversion).
void BM_OfacCsvOnlyBaseline(benchmark::State& state) {
  const OfacFiles& f = Current();
  std::vector<std::string_view> row;
  for (auto _ : state) {
    size_t rows = 0;
    for (const std::string* data : {&f.sdn, &f.alt, &f.add, &f.comments}) {
      std::string utf8 = ToUtf8(StripFileNoise(*data));
      ingest::CsvReader reader(utf8);
      while (reader.Next(&row)) ++rows;
    }
    benchmark::DoNotOptimize(rows);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes()));
}
BENCHMARK(BM_OfacCsvOnlyBaseline)->Unit(benchmark::kMillisecond);

// The remarks mini-language alone, over every Remarks field of sdn.csv.
void BM_OfacRemarksOnly(benchmark::State& state) {
  std::string utf8 = ToUtf8(StripFileNoise(Current().sdn));
  std::vector<std::string> remarks;
  ingest::CsvReader reader(utf8);
  std::vector<std::string_view> row;
  size_t bytes = 0;
  while (reader.Next(&row)) {
    if (row.size() == 12) {
      remarks.emplace_back(row[11]);
      bytes += row[11].size();
    }
  }
  size_t clauses = 0;
  for (auto _ : state) {
    ingest::LoadReport report;
    for (const std::string& r : remarks) {
      model::Entity e;
      e.schema = model::Schema::kPerson;
      ingest::ParseOfacRemarks(r, "sdn.csv", &e, &report);
      benchmark::DoNotOptimize(e);
    }
    clauses = report.clauses_total;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["clauses/s"] =
      benchmark::Counter(static_cast<double>(clauses) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OfacRemarksOnly)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace embargo

BENCHMARK_MAIN();
