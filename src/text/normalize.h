// Name normalisation: turns a name as written in any script into the key text every
// later stage compares (index terms, match scores, phonetic keys).
//
// NormalizeName("Müller-Lüdenscheidt, Jürgen") == "muller ludenscheidt jurgen"
// NormalizeName("Сергей Лавров")               == "sergey lavrov"
// NormalizeName("O'Brien & Co.")               == "obrien co"
//
// Rules (applied in this order; see normalize.cc for the per-script conventions):
//  - input longer than kMaxNameBytes is cut at a code point boundary; invalid UTF-8
//    bytes count as spaces;
//  - NFKC with full case folding (ß -> ss, ﬁ -> fi, full-width -> ASCII);
//  - each run of a non-Latin script goes through one transliterator for that script
//    only (Cyrillic: Russian/Ukrainian/Belarusian BGN/PCGN picked by the letters
//    present, Russian by our own table; Arabic/Persian/Urdu and Korean Hangul: our own
//    tables; Han: pinyin without tones, one token per syllable, readings memoised per
//    thread; Greek: UNGEGN; others: ICU "<Script>-Latin");
//  - diacritics are stripped (NFD, drop marks) and letters with no decomposition
//    folded (æ->ae, ø->o, ł->l, đ->d, ı->i, þ->th, œ->oe);
//  - apostrophes (' ’ ʼ ʹ ʺ ʿ ʾ `) are deleted so "O'Brien" -> "obrien"; every other
//    punctuation or symbol becomes a space, so "al-Assad" -> "al assad" and
//    "S.A." -> "s a"; digits of any script become ASCII digits;
//  - runs of spaces collapse to one; no leading or trailing space.
// Letters of a script ICU cannot transliterate are kept (lower-cased), so the output is
// ASCII whenever every script in the input had a transliterator.
// Pure ASCII input takes a fast path that makes no ICU call.
//
// Thread-safety: all functions are safe to call from many threads at once. ICU
// transliterators are not safe for concurrent use of one instance, so each thread
// lazily gets its own clone of each transliterator it needs (created once from a
// shared prototype; the first name of a script in a thread pays for that, up to
// ~0.2 s for Han). Costs once warm, CPU per name (bench/text_bench.cc): ASCII ~0.1 µs,
// Latin with diacritics ~1.5 µs, Russian/Arabic/Chinese/Korean 1-3 µs, Ukrainian and
// other ICU scripts ~10 µs; NormalizeCache hits ~0.07 µs.
#ifndef EMBARGO_TEXT_NORMALIZE_H_
#define EMBARGO_TEXT_NORMALIZE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::text {

// Longest input looked at, in bytes; the rest is ignored (bounds hostile input).
inline constexpr size_t kMaxNameBytes = 1024;

// The normalised key text of `utf8` (see the rules above). Never fails.
std::string NormalizeName(std::string_view utf8);

// True when every byte of `s` is ASCII (the fast path applies).
bool IsAscii(std::string_view s);

// 1-4 normalised renderings of `utf8`, the first always NormalizeName(utf8); the others
// are other common transliteration conventions for the scripts present, for the index
// to add as extra terms:
//  - Russian: BGN/PCGN "sergey" plus the simplified "sergei" (-iy/-yy/-ey endings);
//  - Ukrainian: BGN "serhiy" plus the 2010 passport style "serhii";
//  - Han and Hangul: one token per syllable ("xi jin ping") plus the given name joined
//    ("xi jinping"); Hangul also in Revised Romanisation ("gim jeong eun");
//  - Arabic script: article split ("al tikriti") plus joined ("altikriti"); South Asian
//    and Iranian usage (ث ذ ض ظ as s z z z, compounds joined: "habibullah", "jlaluddin",
//    "abdul hkim"); the Maghreb's French-based spelling ("djmal", "ch", "ou", "abdelkadr",
//    "ben", "ould").
// Latin-only input returns one element. No duplicates.
std::vector<std::string> TransliterationVariants(std::string_view utf8);

// A bounded, thread-safe memo of NormalizeName for query traffic (the same names are
// screened again and again). Sharded LRU: 16 shards, each with its own mutex, so
// threads rarely contend. ASCII input bypasses the cache (the fast path is cheaper
// than a lookup).
class NormalizeCache {
 public:
  // `capacity`: total entries kept (at least 16); least recently used go first.
  explicit NormalizeCache(size_t capacity = 1 << 16);
  ~NormalizeCache();
  NormalizeCache(const NormalizeCache&) = delete;
  NormalizeCache& operator=(const NormalizeCache&) = delete;

  // Same result as NormalizeName(utf8).
  std::string Normalize(std::string_view utf8);

  // Entries held now, and lookups answered from the cache since construction.
  size_t size() const;
  size_t hits() const;

 private:
  struct Shard;
  std::unique_ptr<Shard[]> shards_;
  size_t per_shard_;
};

}  // namespace embargo::text

#endif  // EMBARGO_TEXT_NORMALIZE_H_
