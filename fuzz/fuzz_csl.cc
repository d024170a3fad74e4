// Fuzzes the US trade-list parsers: the same bytes are read as the Consolidated
// Screening List CSV and as the BIS Denied Persons TSV. Checks the report's counts
// agree with what reached the sink and that every entity has an id and a name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/csl.h"

namespace {

// `emitted` by reference: it is read after the parser (an argument) has run.
void Check(const embargo::ingest::LoadReport& report, const size_t& emitted) {
  if (report.entities != emitted) abort();
  if (report.problems.size() > embargo::ingest::LoadReport::kMaxKeptProblems) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t emitted = 0;
  auto sink = [&](embargo::model::Entity&& e) {
    if (e.id.empty() || e.names.empty() || e.names[0].full.empty()) abort();
    ++emitted;
  };
  Check(embargo::ingest::ParseCsl(input, "fuzz.csv", sink), emitted);
  emitted = 0;
  Check(embargo::ingest::ParseDpl(input, "fuzz.txt", sink), emitted);
  return 0;
}
