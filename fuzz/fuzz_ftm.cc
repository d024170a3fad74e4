// Fuzzes the OpenSanctions FtM parsers (entities.ftm.json lines and targets.nested.json)
// and the FtM <-> Entity conversion: every line that converts must survive
// ToFtm -> FromFtm unchanged (model::SameEntity), and exporting any parsed entity must
// not throw. A failed round trip aborts, so libFuzzer reports the input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ingest/opensanctions.h"
#include "model/ftm.h"

namespace {

// Same bound as the parser applies before nlohmann's recursive parser sees a line.
bool ShallowEnough(std::string_view s) {
  return embargo::ingest::NestingDepth(s, embargo::ingest::kMaxFtmDepth) <=
         embargo::ingest::kMaxFtmDepth;
}

void CheckRoundTrip(std::string_view line) {
  if (!ShallowEnough(line)) return;
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded()) return;
  auto first = embargo::model::FromFtm(j, "fuzz:1");
  if (!first) return;
  std::string exported = embargo::model::ToFtmLine(*first);
  nlohmann::json j2 = nlohmann::json::parse(exported, nullptr, false);
  if (j2.is_discarded()) {
    std::fprintf(stderr, "ToFtmLine wrote invalid JSON: %s\n", exported.c_str());
    std::abort();
  }
  auto second = embargo::model::FromFtm(j2, "fuzz:2");
  if (!second || !embargo::model::SameEntity(*first, *second)) {
    std::fprintf(
        stderr, "round trip changed the entity:\n%s\n%s\n", exported.c_str(),
        second ? embargo::model::ToFtmLine(*second).c_str() : second.error().ToString().c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto sink = [](embargo::model::Entity&& e) {
    std::string line = embargo::model::ToFtmLine(e);
    (void)line;
  };
  embargo::ingest::ParseFtmLines(input, "fuzz.json", "fuzz", sink);
  embargo::ingest::ParseTargetsNested(input, "fuzz.json", "fuzz", sink);
  size_t pos = 0;
  while (pos < input.size()) {
    size_t end = input.find('\n', pos);
    if (end == std::string_view::npos) end = input.size();
    CheckRoundTrip(input.substr(pos, end - pos));
    pos = end + 1;
  }
  return 0;
}
