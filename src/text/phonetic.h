// A phonetic key for names of many origins: the consonant skeleton of a normalised
// token, with the consonant groups that transliteration systems render differently
// folded together. Index and scorer use it to find "sergey"/"serguei",
// "qaddafi"/"gadhafi"/"kadhafi", "shevchenko"/"chevtchenko"/"schewtschenko" and the
// vowel-less Arabic renderings ("mhmd") of "muhammad" as the same key.
//
// Input is one token of NormalizeName output (lower-case ASCII); the key is a short
// upper-case ASCII string, e.g. PhoneticKey("muhammad") == "MHMT". Tokens that are not
// ASCII letters/digits keep those bytes unchanged. See phonetic.cc for the rules and
// where they come from.
//
// Thread-safety: pure functions.
#ifndef EMBARGO_TEXT_PHONETIC_H_
#define EMBARGO_TEXT_PHONETIC_H_

#include <string>
#include <string_view>
#include <vector>

namespace embargo::text {

// The key of one token; empty for an empty token. Deterministic, O(len).
std::string PhoneticKey(std::string_view token);

// Keys of every space-separated token of a normalised name, in order.
std::vector<std::string> PhoneticKeys(std::string_view normalized_name);

}  // namespace embargo::text

#endif  // EMBARGO_TEXT_PHONETIC_H_
