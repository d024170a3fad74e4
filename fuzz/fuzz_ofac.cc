// Fuzzer for the OFAC legacy CSV parser (ingest/ofac.h). The input is split on NUL
// bytes into up to four files: primary, alt, add, comments. Checks that parsing never
// crashes and that the report's counts agree with what reached the sink.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/ofac.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view parts[4];
  for (int i = 0; i < 4; ++i) {
    size_t nul = i < 3 ? in.find('\0') : std::string_view::npos;
    parts[i] = in.substr(0, nul);
    if (nul == std::string_view::npos) break;
    in.remove_prefix(nul + 1);
  }
  embargo::ingest::OfacSources src;
  src.sdn = parts[0];
  src.alt = parts[1];
  src.add = parts[2];
  src.comments = parts[3];
  size_t emitted = 0;
  embargo::ingest::LoadReport report = embargo::ingest::ParseOfac(
      src, embargo::ingest::kOfacSdnDataset, [&](embargo::model::Entity&& e) {
        if (e.names.empty() || e.id.rfind("ofac-", 0) != 0) std::abort();
        ++emitted;
      });
  if (emitted != report.entities) std::abort();
  if (report.clauses_unclassified > report.clauses_total) std::abort();
  if (report.problems.size() > embargo::ingest::LoadReport::kMaxKeptProblems) std::abort();
  return 0;
}
