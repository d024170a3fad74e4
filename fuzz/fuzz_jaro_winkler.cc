// Differential fuzzer: bit-parallel Jaro / Jaro-Winkler (match/jaro_winkler.h), plain
// and cached, against the textbook version (match/reference.h), including cutoffs.
// Input: [cutoff byte][split byte][weight byte][bytes of a][bytes of b]; cutoff is
// byte/255, prefix weight byte/1000 (so 0.256 and above exercise the clamp), a takes
// split/255 of the rest. Aborts when a result differs by more than 1e-12.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "match/jaro_winkler.h"
#include "match/reference.h"

namespace {

constexpr size_t kMaxInput = 4096;

void Check(double got, double want, const char* what, std::string_view a, std::string_view b) {
  if (std::fabs(got - want) <= 1e-12) return;
  std::fprintf(stderr, "%s mismatch: |a|=%zu |b|=%zu got %.17g want %.17g\n", what, a.size(),
               b.size(), got, want);
  std::abort();
}

double Expected(double score, double cutoff) { return score >= cutoff ? score : 0.0; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3 || size > kMaxInput) return 0;
  const double cutoff = data[0] / 255.0;
  const double weight = data[2] / 1000.0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 3), size - 3);
  const size_t split = rest.size() * data[1] / 255;
  const std::string_view a = rest.substr(0, split);
  const std::string_view b = rest.substr(split);

  const double jaro = embargo::match::reference::Jaro(a, b);
  const double jw = embargo::match::reference::JaroWinkler(a, b, weight);
  Check(embargo::match::reference::Jaro(b, a), jaro, "reference Jaro symmetry", a, b);
  const embargo::match::CachedJaroWinkler cached(a, weight);
  Check(embargo::match::Jaro(a, b, cutoff), Expected(jaro, cutoff), "Jaro", a, b);
  Check(cached.Jaro(b, cutoff), Expected(jaro, cutoff), "CachedJaro", a, b);
  Check(embargo::match::JaroWinkler(a, b, weight, cutoff), Expected(jw, cutoff), "JaroWinkler", a,
        b);
  Check(embargo::match::JaroWinkler(b, a, weight, cutoff), Expected(jw, cutoff), "JaroWinkler(b,a)",
        a, b);
  Check(cached.Similarity(b, cutoff), Expected(jw, cutoff), "CachedJaroWinkler", a, b);
  if (!(jw >= 0.0 && jw <= 1.0)) {
    std::fprintf(stderr, "JaroWinkler out of [0,1]: %.17g\n", jw);
    std::abort();
  }
  return 0;
}
