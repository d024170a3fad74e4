// Fuzzer for the OFAC remarks mini-language (ingest/ofac_remarks.h). The first byte
// picks the entity schema (people get the position fallback); the rest is the remarks
// text. Also runs the clause splitter and the date parser on the same bytes and checks
// their contracts: clauses are non-empty, trimmed views into the input.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ingest/ofac_remarks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  embargo::model::Entity e;
  e.schema = static_cast<embargo::model::Schema>(data[0] % 6);
  embargo::ingest::LoadReport report;
  embargo::ingest::ParseOfacRemarks(text, "fuzz", &e, &report);
  if (report.clauses_unclassified > report.clauses_total) std::abort();

  for (std::string_view c : embargo::ingest::SplitOfacClauses(text)) {
    if (c.empty() || c.data() < text.data() || c.data() + c.size() > text.data() + text.size()) {
      std::abort();
    }
    if (c.front() == ' ' || c.back() == ' ') std::abort();
  }
  auto date = embargo::ingest::ParseOfacDate(text.substr(0, 200));
  if (date) {
    if (date->from.empty()) std::abort();
    if (date->from.month < 0 || date->from.month > 12 || date->from.day < 0 ||
        date->from.day > 31) {
      std::abort();
    }
  }
  return 0;
}
