// Fuzzes the UN consolidated list parser (ingest/un.h): any bytes must give a report,
// never a crash, a hang or an entity that breaks the model's promises (a primary name,
// valid UTF-8, counts that add up).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/utf8.h"
#include "ingest/un.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace embargo;
  size_t emitted = 0;
  const ingest::LoadReport r = ingest::ParseUnXml(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.xml",
      [&emitted](model::Entity&& e) {
        ++emitted;
        if (e.names.empty() || e.names[0].full.empty() || e.id.rfind("unsc-", 0) != 0) std::abort();
        for (const auto& n : e.names)
          if (!IsValidUtf8(n.full)) std::abort();
      });
  if (r.entities != emitted || r.entities > r.records_read) std::abort();
  if (r.problems.size() > ingest::LoadReport::kMaxKeptProblems) std::abort();
  return 0;
}
