// Differential fuzzer: bit-parallel Levenshtein / OSA (match/levenshtein.h), plain and
// cached, against the textbook DP (match/reference.h), including cutoff semantics.
// Input: [cutoff byte][split byte][bytes of a][bytes of b]; a takes split/255 of the
// rest. Cutoff byte 255 means no cutoff. Aborts on any disagreement.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "match/levenshtein.h"
#include "match/reference.h"

namespace {

constexpr size_t kMaxInput = 2048;  // keeps the O(m*n) reference fast

void Check(bool ok, const char* what, std::string_view a, std::string_view b, size_t got,
           size_t want) {
  if (ok) return;
  std::fprintf(stderr, "%s mismatch: |a|=%zu |b|=%zu got %zu want %zu\n", what, a.size(), b.size(),
               got, want);
  std::abort();
}

size_t Expected(size_t d, size_t cutoff) { return d <= cutoff ? d : cutoff + 1; }

double ExpectedSim(size_t d, size_t len_a, size_t len_b, double cutoff) {
  const size_t max_len = std::max(len_a, len_b);
  const double sim = max_len == 0 ? 1.0 : 1.0 - static_cast<double>(d) / max_len;
  return sim >= cutoff ? sim : 0.0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || size > kMaxInput) return 0;
  const size_t cutoff = data[0] == 255 ? SIZE_MAX : data[0];
  const double sim_cutoff = data[0] / 255.0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);
  const size_t split = rest.size() * data[1] / 255;
  const std::string_view a = rest.substr(0, split);
  const std::string_view b = rest.substr(split);

  const size_t lev = embargo::match::reference::Levenshtein(a, b);
  const size_t osa = embargo::match::reference::OsaDistance(a, b);
  const embargo::match::CachedLevenshtein cached(a);
  size_t got = embargo::match::Levenshtein(a, b, cutoff);
  Check(got == Expected(lev, cutoff), "Levenshtein", a, b, got, Expected(lev, cutoff));
  got = embargo::match::Levenshtein(b, a, cutoff);
  Check(got == Expected(lev, cutoff), "Levenshtein(b,a)", a, b, got, Expected(lev, cutoff));
  got = cached.Distance(b, cutoff);
  Check(got == Expected(lev, cutoff), "CachedLevenshtein", a, b, got, Expected(lev, cutoff));
  got = embargo::match::OsaDistance(a, b, cutoff);
  Check(got == Expected(osa, cutoff), "OsaDistance", a, b, got, Expected(osa, cutoff));
  got = cached.OsaDistance(b, cutoff);
  Check(got == Expected(osa, cutoff), "CachedOsa", a, b, got, Expected(osa, cutoff));

  const double want_lev = ExpectedSim(lev, a.size(), b.size(), sim_cutoff);
  const double want_osa = ExpectedSim(osa, a.size(), b.size(), sim_cutoff);
  Check(embargo::match::LevenshteinSimilarity(a, b, sim_cutoff) == want_lev,
        "LevenshteinSimilarity", a, b, 0, 0);
  Check(cached.Similarity(b, sim_cutoff) == want_lev, "CachedSimilarity", a, b, 0, 0);
  Check(embargo::match::OsaSimilarity(a, b, sim_cutoff) == want_osa, "OsaSimilarity", a, b, 0, 0);
  Check(cached.OsaSimilarity(b, sim_cutoff) == want_osa, "CachedOsaSimilarity", a, b, 0, 0);
  return 0;
}
