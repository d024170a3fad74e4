// Textbook O(m*n) versions of the matcher's string metrics. They are the specification:
// unit tests, differential fuzzers (fuzz/fuzz_levenshtein.cc, fuzz/fuzz_jaro_winkler.cc)
// and benchmarks compare the fast bit-parallel versions in levenshtein.h and
// jaro_winkler.h against them. Never used on the scoring hot path.
//
// Same byte-string inputs and edge cases as the fast versions (two empty strings are
// identical: distance 0, similarity 1.0), but no cutoffs: callers apply them.
//
// Thread-safety: stateless functions.
#ifndef EMBARGO_MATCH_REFERENCE_H_
#define EMBARGO_MATCH_REFERENCE_H_

#include <cstddef>
#include <string_view>

namespace embargo::match::reference {

// Wagner-Fischer dynamic programming, O(m*n) time, O(n) memory.
size_t Levenshtein(std::string_view a, std::string_view b);

// Optimal string alignment: the Levenshtein recurrence plus
// D[i][j] = D[i-2][j-2] + 1 when a[i-1] == b[j-2] and a[i-2] == b[j-1]. O(m*n).
size_t OsaDistance(std::string_view a, std::string_view b);

// Jaro (1989): characters match when equal and at most max(|a|,|b|)/2 - 1 apart, each
// byte of `a` in order taking the first free byte of `b`; with m matches and t half the
// number of matched pairs out of order, (m/|a| + m/|b| + (m-t)/m) / 3; 0 when m == 0.
// O(|a| * window).
double Jaro(std::string_view a, std::string_view b);

// Winkler (1990): Jaro + l * prefix_weight * (1 - Jaro) when Jaro > 0.7, with l the
// common prefix length capped at 4. prefix_weight is clamped to [0, 0.25].
double JaroWinkler(std::string_view a, std::string_view b, double prefix_weight = 0.1);

}  // namespace embargo::match::reference

#endif  // EMBARGO_MATCH_REFERENCE_H_
