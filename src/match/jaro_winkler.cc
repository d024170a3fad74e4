// Bit-parallel Jaro and Jaro-Winkler.
//
// Jaro (1989) walks string a and gives each byte a[i] the first unflagged equal byte of b
// within the window [i - w, i + w], w = max(|a|,|b|)/2 - 1. Keeping b's match masks
// Peq[c] (bit j set when b[j] == c) and the flags of b as bit vectors, that search is
//   candidates = Peq[a[i]] & WindowMask(i) & ~Flagged;   Flagged |= lowest bit
// one AND per word of the window instead of a scan (the approach RapidFuzz takes; this
// code is written from the definition). The matched bytes of a are recorded in order;
// walking the set bits of Flagged in order gives the matched bytes of b, and t is half
// the number of positions where the two sequences differ:
//   Jaro = (m/|a| + m/|b| + (m - t)/m) / 3
// Winkler (1990): JW = Jaro + l * p * (1 - Jaro) when Jaro > 0.7, l = common prefix <= 4.
//
// Early exits: JW is monotone in Jaro, and Jaro is at most its value with m = min(|a|,|b|)
// and t = 0 (before any work), then with the real m and t = 0 (before transpositions).
// These bounds use the same floating-point expression as the final value, so they never
// cut a pair the exact computation would keep.
//
// The cached scorer keeps the masks of the query, i.e. computes Jaro(candidate, query);
// Jaro's greedy matching flags the same positions from either side, so this equals
// Jaro(query, candidate) (checked against the reference in tests and fuzzing).
#include "match/jaro_winkler.h"

#include <algorithm>
#include <array>
#include <bit>

namespace embargo::match {
namespace {

constexpr size_t kWordBits = 64;
constexpr size_t kMaxPrefix = 4;
constexpr double kBoostThreshold = 0.7;

uint64_t BitsBelow(size_t k) { return k >= kWordBits ? ~uint64_t{0} : (uint64_t{1} << k) - 1; }

double ClampPrefixWeight(double p) {
  if (!(p > 0.0)) return 0.0;  // also NaN
  return std::min(p, 0.25);
}

// Same expression as reference::Jaro, so results agree bit for bit.
double JaroValue(size_t matches, size_t len_a, size_t len_b, size_t t) {
  const double m = static_cast<double>(matches);
  return (m / static_cast<double>(len_a) + m / static_cast<double>(len_b) +
          (m - static_cast<double>(t)) / m) /
         3.0;
}

// Same expression as reference::JaroWinkler.
double Winkler(double jaro, size_t prefix, double prefix_weight) {
  if (!(jaro > kBoostThreshold)) return jaro;
  return jaro + static_cast<double>(prefix) * prefix_weight * (1.0 - jaro);
}

size_t CommonPrefix(std::string_view a, std::string_view b) {
  size_t n = 0;
  while (n < kMaxPrefix && n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

// Jaro of t (walked) against s (masked); both non-empty. `peq` holds `stride` >=
// ceil(|s|/64) words per byte. `reachable(jaro_upper_bound)` says whether the caller's
// cutoff can still be met; when it cannot, returns 0.0.
template <typename Reachable>
double JaroCore(const uint64_t* peq, size_t stride, std::string_view s, std::string_view t,
                const Reachable& reachable) {
  const size_t max_len = std::max(s.size(), t.size());
  const size_t min_len = std::min(s.size(), t.size());
  if (!reachable(JaroValue(min_len, t.size(), s.size(), 0))) return 0.0;
  const size_t window = max_len / 2 > 0 ? max_len / 2 - 1 : 0;
  size_t matches = 0;
  size_t out_of_order = 0;
  if (s.size() <= kWordBits) {
    uint64_t flagged = 0;
    std::array<unsigned char, kWordBits> t_matched;
    for (size_t i = 0; i < t.size(); ++i) {
      const size_t lo = i > window ? i - window : 0;
      if (lo >= s.size()) break;
      const size_t hi = std::min(s.size(), i + window + 1);
      const unsigned char c = static_cast<unsigned char>(t[i]);
      const uint64_t candidates = peq[c * stride] & BitsBelow(hi) & ~BitsBelow(lo) & ~flagged;
      if (candidates != 0) {
        flagged |= candidates & (~candidates + 1);
        t_matched[matches++] = c;
      }
    }
    if (matches == 0 || !reachable(JaroValue(matches, t.size(), s.size(), 0))) return 0.0;
    size_t k = 0;
    for (uint64_t bits = flagged; bits != 0; bits &= bits - 1) {
      if (static_cast<unsigned char>(s[std::countr_zero(bits)]) != t_matched[k++]) {
        ++out_of_order;
      }
    }
  } else {
    const size_t words = (s.size() + kWordBits - 1) / kWordBits;
    std::vector<uint64_t> flagged(words, 0);
    std::vector<unsigned char> t_matched;
    t_matched.reserve(min_len);
    for (size_t i = 0; i < t.size(); ++i) {
      const size_t lo = i > window ? i - window : 0;
      if (lo >= s.size()) break;
      const size_t hi = std::min(s.size(), i + window + 1);
      const unsigned char c = static_cast<unsigned char>(t[i]);
      const uint64_t* masks = peq + c * stride;
      for (size_t w = lo / kWordBits; w <= (hi - 1) / kWordBits; ++w) {
        const size_t base = w * kWordBits;
        const uint64_t in_window = BitsBelow(std::min(hi, base + kWordBits) - base) &
                                   ~BitsBelow(std::max(lo, base) - base);
        const uint64_t candidates = masks[w] & in_window & ~flagged[w];
        if (candidates != 0) {
          flagged[w] |= candidates & (~candidates + 1);
          t_matched.push_back(c);
          break;
        }
      }
    }
    matches = t_matched.size();
    if (matches == 0 || !reachable(JaroValue(matches, t.size(), s.size(), 0))) return 0.0;
    size_t k = 0;
    for (size_t w = 0; w < words; ++w) {
      for (uint64_t bits = flagged[w]; bits != 0; bits &= bits - 1) {
        const size_t j = w * kWordBits + std::countr_zero(bits);
        if (static_cast<unsigned char>(s[j]) != t_matched[k++]) ++out_of_order;
      }
    }
  }
  return JaroValue(matches, t.size(), s.size(), out_of_order / 2);
}

// Jaro of a against b with b's masks built here; handles empty strings.
template <typename Reachable>
double UncachedJaro(std::string_view a, std::string_view b, const Reachable& reachable) {
  if (b.size() <= kWordBits) {
    // Only entries for bytes of a or b are read, so only those are cleared.
    std::array<uint64_t, 256> peq;
    for (unsigned char c : a) peq[c] = 0;
    for (unsigned char c : b) peq[c] = 0;
    for (size_t j = 0; j < b.size(); ++j) peq[static_cast<unsigned char>(b[j])] |= uint64_t{1} << j;
    return JaroCore(peq.data(), 1, b, a, reachable);
  }
  const size_t words = (b.size() + kWordBits - 1) / kWordBits;
  std::vector<uint64_t> peq(256 * words, 0);
  for (size_t j = 0; j < b.size(); ++j) {
    peq[size_t{static_cast<unsigned char>(b[j])} * words + j / kWordBits] |= uint64_t{1}
                                                                             << (j % kWordBits);
  }
  return JaroCore(peq.data(), words, b, a, reachable);
}

double Cut(double score, double score_cutoff) { return score >= score_cutoff ? score : 0.0; }

}  // namespace

double Jaro(std::string_view a, std::string_view b, double score_cutoff) {
  if (a.empty() || b.empty()) return Cut(a.empty() && b.empty() ? 1.0 : 0.0, score_cutoff);
  const auto reachable = [score_cutoff](double bound) { return bound >= score_cutoff; };
  return Cut(UncachedJaro(a, b, reachable), score_cutoff);
}

double JaroWinkler(std::string_view a, std::string_view b, double prefix_weight,
                   double score_cutoff) {
  if (a.empty() || b.empty()) return Cut(a.empty() && b.empty() ? 1.0 : 0.0, score_cutoff);
  prefix_weight = ClampPrefixWeight(prefix_weight);
  const size_t prefix = CommonPrefix(a, b);
  const auto reachable = [&](double bound) {
    return Winkler(bound, prefix, prefix_weight) >= score_cutoff;
  };
  return Cut(Winkler(UncachedJaro(a, b, reachable), prefix, prefix_weight), score_cutoff);
}

CachedJaroWinkler::CachedJaroWinkler(std::string_view query, double prefix_weight)
    : query_(query),
      prefix_weight_(ClampPrefixWeight(prefix_weight)),
      words_(std::max<size_t>(1, (query.size() + kWordBits - 1) / kWordBits)) {
  peq_.assign(256 * words_, 0);
  for (size_t j = 0; j < query_.size(); ++j) {
    peq_[size_t{static_cast<unsigned char>(query_[j])} * words_ + j / kWordBits] |=
        uint64_t{1} << (j % kWordBits);
  }
}

double CachedJaroWinkler::Similarity(std::string_view candidate, double score_cutoff) const {
  if (query_.empty() || candidate.empty()) {
    return Cut(query_.empty() && candidate.empty() ? 1.0 : 0.0, score_cutoff);
  }
  const size_t prefix = CommonPrefix(query_, candidate);
  const auto reachable = [&](double bound) {
    return Winkler(bound, prefix, prefix_weight_) >= score_cutoff;
  };
  const double jaro = JaroCore(peq_.data(), words_, query_, candidate, reachable);
  return Cut(Winkler(jaro, prefix, prefix_weight_), score_cutoff);
}

double CachedJaroWinkler::Jaro(std::string_view candidate, double score_cutoff) const {
  if (query_.empty() || candidate.empty()) {
    return Cut(query_.empty() && candidate.empty() ? 1.0 : 0.0, score_cutoff);
  }
  const auto reachable = [score_cutoff](double bound) { return bound >= score_cutoff; };
  return Cut(JaroCore(peq_.data(), words_, query_, candidate, reachable), score_cutoff);
}

}  // namespace embargo::match
