// Fuzzes the internal-list CSV parser (docs/internal-list-format.md): no crash, counts
// agree with the sink, every id carries the dataset prefix and every entity a name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/internal_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t emitted = 0;
  auto report =
      embargo::ingest::ParseInternalCsv(input, "fuzz.csv", "fz", [&](embargo::model::Entity&& e) {
        if (e.id.rfind("fz-", 0) != 0 || e.id.size() < 4) abort();
        if (e.names.empty() || e.names[0].full.empty()) abort();
        ++emitted;
      });
  if (report.entities != emitted) abort();
  if (report.entities + report.skipped > report.records_read + 1) abort();
  return 0;
}
