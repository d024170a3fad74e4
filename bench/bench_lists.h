// The lists the end-to-end benchmarks run against: ofac/current plus the UN 2026 XML
// from the test data folder (EMBARGO_TEST_DATA). Exits on failure: figures without
// the lists would be meaningless, and a silent skip would hide that.
#ifndef EMBARGO_BENCH_BENCH_LISTS_H_
#define EMBARGO_BENCH_BENCH_LISTS_H_

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/testing/testdata.h"
#include "ingest/loader.h"

namespace embargo::bench {

inline std::vector<model::Entity> LoadBenchLists(const char* who) {
  std::vector<model::Entity> all;
  for (const char* rel : {"ofac/current", "un/consolidated-2026-02-27.xml"}) {
    std::string path = testing::TestDataPath(rel);
    auto r =
        std::filesystem::is_directory(path) ? ingest::LoadDataDir(path) : ingest::LoadFile(path);
    if (!r) {
      std::fprintf(stderr, "%s: %s\n", who, r.error().ToString().c_str());
      std::exit(1);
    }
    for (auto& e : r->entities) all.push_back(std::move(e));
  }
  return all;
}

}  // namespace embargo::bench

#endif  // EMBARGO_BENCH_BENCH_LISTS_H_
