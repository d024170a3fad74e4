// Textbook string metrics, written for obviousness rather than speed: the references
// the bit-parallel versions are tested and fuzzed against.
//   Levenshtein: Wagner & Fischer, "The string-to-string correction problem" (1974).
//   OSA: Damerau (1964) restricted to non-overlapping transpositions.
//   Jaro: Jaro, "Advances in record-linkage methodology" (JASA 1989).
//   Jaro-Winkler: Winkler, "String comparator metrics and enhanced decision rules" (1990).
#include "match/reference.h"

#include <algorithm>
#include <vector>

namespace embargo::match::reference {

size_t Levenshtein(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

size_t OsaDistance(std::string_view a, std::string_view b) {
  const size_t n = b.size();
  // Three rows: i-2, i-1, i.
  std::vector<size_t> prev2(n + 1), prev(n + 1), cur(n + 1);
  for (size_t j = 0; j <= n; ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= n; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[n];
}

double Jaro(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const size_t max_len = std::max(a.size(), b.size());
  const size_t window = max_len / 2 > 0 ? max_len / 2 - 1 : 0;
  std::vector<bool> a_flag(a.size()), b_flag(b.size());
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(b.size(), i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (!b_flag[j] && a[i] == b[j]) {
        a_flag[i] = true;
        b_flag[j] = true;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  size_t out_of_order = 0;
  size_t j = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a_flag[i]) continue;
    while (!b_flag[j]) ++j;
    if (a[i] != b[j]) ++out_of_order;
    ++j;
  }
  const size_t t = out_of_order / 2;
  const double m = static_cast<double>(matches);
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
          (m - static_cast<double>(t)) / m) /
         3.0;
}

double JaroWinkler(std::string_view a, std::string_view b, double prefix_weight) {
  if (!(prefix_weight > 0.0)) prefix_weight = 0.0;  // also NaN
  if (prefix_weight > 0.25) prefix_weight = 0.25;
  const double jaro = Jaro(a, b);
  if (!(jaro > 0.7)) return jaro;
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
    ++prefix;
  }
  return jaro + static_cast<double>(prefix) * prefix_weight * (1.0 - jaro);
}

}  // namespace embargo::match::reference
