// Bit-parallel Levenshtein and OSA distance.
//
// Myers, "A fast bit-vector algorithm for approximate string matching based on dynamic
// programming" (JACM 1999), in the formulation of Hyyro, "A bit-vector algorithm for
// computing Levenshtein and Damerau edit distances" (Nordic J. Computing 2003):
// the DP column of pattern P (length m) is kept as vertical deltas VP/VN (bit i set when
// D[i+1][j] - D[i][j] is +1 / -1). For text byte c with match mask PM = Peq[c]:
//   D0 = (((PM & VP) + VP) ^ VP) | PM | VN | TR      diagonal zero (D[i][j] == D[i-1][j-1])
//   HP = VN | ~(D0 | VP);   HN = VP & D0             horizontal deltas
//   score += HP[m-1] - HN[m-1]
//   HP = (HP << 1) | 1;     HN = HN << 1             row 0 is D[0][j] = j
//   VP = HN | ~(D0 | HP);   VN = HP & D0
// TR is 0 for Levenshtein; for OSA (Hyyro 2003, section 4) it marks transpositions:
//   TR = (((~D0') & PM) << 1) & PM'                  with ' the previous column's values.
// Patterns longer than 64 use ceil(m/64) words per column; the horizontal delta leaving
// the top bit of a word enters the next word (Myers 1999, section 4): HP/HN shift their
// bit 63 into the next word's bit 0, and a negative incoming delta sets bit 0 of PM
// before the addition, so the addition needs no carry between words.
//
// Early exits: |m - n| > cutoff; after column j the final distance is at least
// score - (n - j), so the loop stops once that exceeds the cutoff.
#include "match/levenshtein.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace embargo::match {
namespace {

constexpr size_t kWordBits = 64;

size_t Over(size_t cutoff) { return cutoff == SIZE_MAX ? SIZE_MAX : cutoff + 1; }

size_t Finish(size_t d, size_t cutoff) { return d <= cutoff ? d : Over(cutoff); }

// True when `score` minus the `remaining` columns still exceeds the cutoff.
bool Hopeless(size_t score, size_t remaining, size_t cutoff) {
  return score > remaining && score - remaining > cutoff;
}

// Single word, 1 <= m <= 64. `peq(c)` returns the match mask of byte c.
template <bool kOsa, typename Peq>
size_t SingleWord(const Peq& peq, size_t m, std::string_view t, size_t cutoff) {
  uint64_t vp = ~uint64_t{0};
  uint64_t vn = 0;
  uint64_t d0_last = 0;
  uint64_t pm_last = 0;
  const uint64_t last = uint64_t{1} << (m - 1);
  size_t score = m;
  size_t remaining = t.size();
  for (unsigned char c : t) {
    const uint64_t pm = peq(c);
    uint64_t tr = 0;
    if constexpr (kOsa) tr = (((~d0_last) & pm) << 1) & pm_last;
    const uint64_t d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
    uint64_t hp = vn | ~(d0 | vp);
    uint64_t hn = d0 & vp;
    if (hp & last) {
      ++score;
    } else if (hn & last) {
      --score;
    }
    --remaining;
    if (Hopeless(score, remaining, cutoff)) return Over(cutoff);
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    if constexpr (kOsa) {
      d0_last = d0;
      pm_last = pm;
    }
  }
  return Finish(score, cutoff);
}

// Blocked version for any m >= 1; `peq` holds `stride` >= ceil(m/64) masks per byte
// (c * stride + w), of which the first ceil(m/64) are used.
template <bool kOsa>
size_t MultiWord(const uint64_t* peq, size_t stride, size_t m, std::string_view t, size_t cutoff) {
  const size_t words = (m + kWordBits - 1) / kWordBits;
  std::vector<uint64_t> vp(words, ~uint64_t{0});
  std::vector<uint64_t> vn(words, 0);
  std::vector<uint64_t> d0_last(kOsa ? words : 0, 0);
  std::vector<uint64_t> pm_last(kOsa ? words : 0, 0);
  const uint64_t last = uint64_t{1} << ((m - 1) % kWordBits);
  size_t score = m;
  size_t remaining = t.size();
  for (unsigned char c : t) {
    const uint64_t* pm_col = peq + size_t{c} * stride;
    uint64_t hp_carry = 1;  // D[0][j] - D[0][j-1] = +1
    uint64_t hn_carry = 0;
    uint64_t tr_carry = 0;
    for (size_t w = 0; w < words; ++w) {
      const uint64_t pm = pm_col[w];
      const uint64_t x = pm | hn_carry;
      uint64_t tr = 0;
      if constexpr (kOsa) {
        const uint64_t tx = (~d0_last[w]) & pm;
        tr = ((tx << 1) | tr_carry) & pm_last[w];
        tr_carry = tx >> 63;
      }
      const uint64_t d0 = (((x & vp[w]) + vp[w]) ^ vp[w]) | x | vn[w] | tr;
      uint64_t hp = vn[w] | ~(d0 | vp[w]);
      uint64_t hn = d0 & vp[w];
      if (w + 1 == words) {
        if (hp & last) {
          ++score;
        } else if (hn & last) {
          --score;
        }
      }
      const uint64_t hp_out = hp >> 63;
      const uint64_t hn_out = hn >> 63;
      hp = (hp << 1) | hp_carry;
      hn = (hn << 1) | hn_carry;
      hp_carry = hp_out;
      hn_carry = hn_out;
      vp[w] = hn | ~(d0 | hp);
      vn[w] = hp & d0;
      if constexpr (kOsa) {
        d0_last[w] = d0;
        pm_last[w] = pm;
      }
    }
    --remaining;
    if (Hopeless(score, remaining, cutoff)) return Over(cutoff);
  }
  return Finish(score, cutoff);
}

// Distance with pattern `a` (any length) against text `b`, masks built here.
template <bool kOsa>
size_t Uncached(std::string_view a, std::string_view b, size_t cutoff) {
  if (a.size() > b.size()) std::swap(a, b);  // the shorter string is the pattern
  if (b.size() - a.size() > cutoff) return Over(cutoff);
  // A common prefix or suffix never needs editing (for OSA too: a transposition across
  // the boundary would swap two equal bytes).
  size_t prefix = 0;
  while (prefix < a.size() && a[prefix] == b[prefix]) ++prefix;
  a.remove_prefix(prefix);
  b.remove_prefix(prefix);
  size_t suffix = 0;
  while (suffix < a.size() && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) ++suffix;
  a.remove_suffix(suffix);
  b.remove_suffix(suffix);
  if (a.empty()) return Finish(b.size(), cutoff);
  if (a.size() <= kWordBits) {
    // Only the entries for bytes of a or b are ever read, so only those are cleared.
    std::array<uint64_t, 256> peq;
    for (unsigned char c : b) peq[c] = 0;
    for (unsigned char c : a) peq[c] = 0;
    for (size_t i = 0; i < a.size(); ++i) peq[static_cast<unsigned char>(a[i])] |= uint64_t{1} << i;
    return SingleWord<kOsa>([&peq](unsigned char c) { return peq[c]; }, a.size(), b, cutoff);
  }
  const size_t words = (a.size() + kWordBits - 1) / kWordBits;
  std::vector<uint64_t> peq(256 * words, 0);
  for (size_t i = 0; i < a.size(); ++i) {
    peq[size_t{static_cast<unsigned char>(a[i])} * words + i / kWordBits] |= uint64_t{1}
                                                                             << (i % kWordBits);
  }
  return MultiWord<kOsa>(peq.data(), words, a.size(), b, cutoff);
}

// Turns a minimum similarity into a distance cutoff that is never too small: distances
// above it certainly fail; the exact check happens on the final similarity.
size_t DistanceCutoff(size_t max_len, double score_cutoff) {
  if (!(score_cutoff > 0.0)) return SIZE_MAX;
  if (score_cutoff > 1.0) return 0;
  const double allowed = std::floor((1.0 - score_cutoff) * static_cast<double>(max_len));
  return std::min(max_len, static_cast<size_t>(allowed) + 1);
}

template <typename DistanceFn>
double Similarity(size_t len_a, size_t len_b, double score_cutoff, const DistanceFn& distance) {
  const size_t max_len = std::max(len_a, len_b);
  if (max_len == 0) return 1.0 >= score_cutoff ? 1.0 : 0.0;
  if (score_cutoff > 1.0) return 0.0;
  const size_t cutoff = DistanceCutoff(max_len, score_cutoff);
  const size_t d = distance(cutoff);
  if (d > cutoff) return 0.0;
  const double sim = 1.0 - static_cast<double>(d) / static_cast<double>(max_len);
  return sim >= score_cutoff ? sim : 0.0;
}

}  // namespace

size_t Levenshtein(std::string_view a, std::string_view b, size_t score_cutoff) {
  return Uncached<false>(a, b, score_cutoff);
}

size_t OsaDistance(std::string_view a, std::string_view b, size_t score_cutoff) {
  return Uncached<true>(a, b, score_cutoff);
}

double LevenshteinSimilarity(std::string_view a, std::string_view b, double score_cutoff) {
  return Similarity(a.size(), b.size(), score_cutoff,
                    [&](size_t cutoff) { return Levenshtein(a, b, cutoff); });
}

double OsaSimilarity(std::string_view a, std::string_view b, double score_cutoff) {
  return Similarity(a.size(), b.size(), score_cutoff,
                    [&](size_t cutoff) { return OsaDistance(a, b, cutoff); });
}

CachedLevenshtein::CachedLevenshtein(std::string_view query)
    : query_(query), words_((query.size() + kWordBits - 1) / kWordBits) {
  peq_.assign(256 * words_, 0);
  for (size_t i = 0; i < query_.size(); ++i) {
    peq_[size_t{static_cast<unsigned char>(query_[i])} * words_ + i / kWordBits] |=
        uint64_t{1} << (i % kWordBits);
  }
}

namespace {

// The query's masks cannot drop a common prefix (bit positions would move), but a common
// suffix can go: rows past the shortened pattern never influence the rows below them.
template <bool kOsa>
size_t CachedDistance(const std::string& query, size_t words, const std::vector<uint64_t>& peq,
                      std::string_view b, size_t cutoff) {
  std::string_view a = query;
  const size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (diff > cutoff) return Over(cutoff);
  size_t suffix = 0;
  const size_t shorter = std::min(a.size(), b.size());
  while (suffix < shorter && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) ++suffix;
  a.remove_suffix(suffix);
  b.remove_suffix(suffix);
  if (a.empty()) return Finish(b.size(), cutoff);
  if (b.empty()) return Finish(a.size(), cutoff);
  const uint64_t* masks = peq.data();
  if (a.size() <= kWordBits) {
    return SingleWord<kOsa>([masks, words](unsigned char c) { return masks[c * words]; }, a.size(),
                            b, cutoff);
  }
  return MultiWord<kOsa>(masks, words, a.size(), b, cutoff);
}

}  // namespace

size_t CachedLevenshtein::Distance(std::string_view candidate, size_t score_cutoff) const {
  return CachedDistance<false>(query_, words_, peq_, candidate, score_cutoff);
}

size_t CachedLevenshtein::OsaDistance(std::string_view candidate, size_t score_cutoff) const {
  return CachedDistance<true>(query_, words_, peq_, candidate, score_cutoff);
}

double CachedLevenshtein::Similarity(std::string_view candidate, double score_cutoff) const {
  return embargo::match::Similarity(query_.size(), candidate.size(), score_cutoff,
                                    [&](size_t cutoff) { return Distance(candidate, cutoff); });
}

double CachedLevenshtein::OsaSimilarity(std::string_view candidate, double score_cutoff) const {
  return embargo::match::Similarity(query_.size(), candidate.size(), score_cutoff,
                                    [&](size_t cutoff) { return OsaDistance(candidate, cutoff); });
}

}  // namespace embargo::match
