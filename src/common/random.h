// Deterministic pseudo-random numbers for the evaluations and benchmarks: the same seed
// gives the same variations, plantings and synthetic lists on every machine.
//
// Thread-safety: pure; each caller owns its state.
#ifndef EMBARGO_COMMON_RANDOM_H_
#define EMBARGO_COMMON_RANDOM_H_

#include <cstdint>

namespace embargo {

// SplitMix64 (Steele, Lea and Flood, 2014): advances `state` and returns the next value.
inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace embargo

#endif  // EMBARGO_COMMON_RANDOM_H_
