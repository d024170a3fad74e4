// Fuzzes DecodeSnapshot (an index snapshot file, which a user may point --index at
// whatever it holds): no input may crash. Random bytes would stop at the checksum or the
// pipeline fingerprint, so the header's size, fingerprint and checksum are patched to
// fit before decoding and the structure behind them is what gets explored. Anything
// accepted must answer a query and survive a round trip (encode, decode, encode to the
// same bytes).
#include <xxhash.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "index/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace embargo::index;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.size() >= 40) {
    uint64_t n = bytes.size(), fp = PipelineFingerprint();
    std::memcpy(bytes.data() + 16, &n, 8);
    std::memcpy(bytes.data() + 24, &fp, 8);
    uint64_t h = XXH3_64bits(bytes.data() + 40, bytes.size() - 40);
    std::memcpy(bytes.data() + 32, &h, 8);
  }
  auto loaded = DecodeSnapshot(bytes, "fuzz.idx");
  if (!loaded) return 0;
  const Index& idx = *loaded->index;
  auto q = idx.PrepareQuery("Sergei Lavrov");
  idx.Candidates(q, embargo::model::Schema::kPerson, 10);
  for (uint32_t r = 0; r < idx.name_count() && r < 100; ++r) (void)idx.PreparedNameAt(r);
  std::string once = EncodeSnapshot(idx, loaded->info);
  auto again = DecodeSnapshot(once, "fuzz.idx");
  if (!again || EncodeSnapshot(*again->index, again->info) != once) std::abort();
  return 0;
}
