// Fuzzes ParseVersionBook (versions.json of the data folder, which a user or a crash may
// have damaged): no input may crash, and anything accepted must survive a round trip
// (serialise, parse again, serialise to the same text).
//
// fuzz/CMakeLists.txt links the fuzzers with embargo_ingest/text/match, not
// embargo_update (which would pull in libcurl and OpenSSL); the record code needs only
// embargo_common and the header-only nlohmann::json, so it is compiled in here.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "update/version_record.cc"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace embargo::update;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto book = ParseVersionBook(text);
  if (!book) return 0;
  std::string once = SerializeVersionBook(*book);
  auto again = ParseVersionBook(once);
  if (!again || SerializeVersionBook(*again) != once) std::abort();
  return 0;
}
