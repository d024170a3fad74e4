// Scanner: dictionary lookup of every word, anchors, a per-name window check, then
// exact scoring of the few spans that survive.
//
// 1. Words. The text is cut into words (letters and digits of any script; an inner
//    apostrophe is kept, an English possessive "'s" is not) and sentences: . ! ? ; :
//    [ ] { } quotes, | and blank lines end a sentence (a period after an initial or a
//    title abbreviation does not; parentheses do not either, names hold them: "QINGDAO
//    CONSTRUCTION (NAMIBIA) CC"); a sentence is capped at kMaxSentenceWords. An ASCII
//    word is lower-cased and looked up in a flat hash table of every surface form the
//    lists use (index tokens, plus legal forms and organisation words under their
//    canonical token); other words go through text::TransliterationVariants (memoised
//    per thread), so "Лавров" finds "lavrov". An unknown capitalised word of 4+ letters
//    that is no common English word is expanded through the index's edit-distance and
//    phonetic neighbourhood, so typos in names are found (one of 4-5 letters counts
//    only beside a rare part spelled as listed, step 3).
// 2. Anchors. A capitalised word (any word when the text has almost no capitals) whose
//    token is a name part held by at most anchor_max_names list names, and either a
//    part of a person's name that is no English word or the rarest part of an
//    organisation's name (which needs all its parts anyway).
// 3. Window check. For each list name the anchor token anchors, the name's parts are
//    sought among the words of the sentence within (parts + 1) words of the anchor:
//    exact token, same given-name class, or a neighbour from step 1. A name of two or
//    more significant parts needs two of them; a one-part name needs its part to be
//    distinctive (4+ letters and no common word; 6+ letters without a word list).
// 4. Scoring. The covered span's text is prepared as a query and aligned with the list
//    name by match::CompareNames; match::ScoreEvidence with no facts gives the score
//    (the same numbers `embargo match` gives for that text). Spans at or above the
//    threshold become mentions.
// 5. Resolution. A mention inside a longer mention is dropped; at most max_per_span
//    entities are kept per span. Lone surnames seen in step 3 are added per the
//    LoneSurnames policy.
#include "scan/scanner.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <fstream>
#include <map>
#include <unordered_map>

#include "common/utf8.h"
#include "text/name.h"
#include "text/normalize.h"
#include "text/phonetic.h"

namespace embargo::scan {
namespace {

using text::TokenKind;

constexpr size_t kMaxSentenceWords = 256;
constexpr size_t kMaxWordBytes = 64;
constexpr size_t kIdsPerWord = 4;
constexpr size_t kMinFuzzyWord = 4;      // shorter unknown words get no typo neighbours
constexpr size_t kMinLongFuzzyWord = 6;  // shorter ones need a solid part beside them
constexpr uint32_t kSolidMaxDf = 10;     // a part of at most this many entities is solid
constexpr size_t kLegalFormReach = 3;    // organisation words between a name and its legal form
constexpr size_t kFuzzyReach = 3;
constexpr float kInitialSim = 0.5f;    // marks a part met by a capital initial only
constexpr uint32_t kInitialMaxDf = 3;  // surnames that may stand with an initial  // words from a
                                       // known name part that may be typo'd parts
constexpr float kMinFuzzySim = 0.8f;
constexpr size_t kMinSplitWord = 5;  // shorter unknown words are not cut in two
constexpr size_t kMinSplitPart = 2;  // bytes of each part of a cut ("al" + "qaida")
constexpr size_t kMaxLoneCandidates = 10000;
constexpr double kLoneAfterFullMin = 0.85;  // full mention score that lends context
constexpr uint32_t kLoneMaxDf = 5;          // entities sharing a surname that may stand alone
constexpr size_t kMaxMentions = 100000;
constexpr double kWeakAliasFactor = 0.95;  // as in screen/

// One bit of 64 for a token (key 2 * id) or a given-name class (key 2 * class + 1): the
// Bloom filter of a sentence's tokens and of a name's other parts.
uint64_t KeyBit(uint32_t key) { return uint64_t{1} << ((key * 0x9E3779B1u) >> 26); }

bool IsSignificant(TokenKind k) { return k == TokenKind::kName || k == TokenKind::kNumber; }

// Token flags (Impl::token_flags).
constexpr uint8_t kGivenName = 1;   // mostly a given name on the lists, or in a class
constexpr uint8_t kPersonName = 2;  // part of some person's name
constexpr uint8_t kCommonWord = 4;  // an ordinary lower-case English word
constexpr uint8_t kProperNoun = 8;  // a capitalised dictionary entry (place, month...)

// Open-addressing table: surface word -> token id. Most words of a text are no key, so
// a Bloom filter of one bit per key (16 bits a key: ~6% false positives, small enough
// to stay in cache) answers them before the table is touched; the hash is computed
// inline from at most two 8-byte loads (words are short). Slots hold the hash's high
// bits, the id and where the key's bytes are, so a probe reads one slot and, on a hash
// match, the bytes.
class WordTable {
 public:
  void Insert(std::string_view key, uint32_t id) { keys_.push_back({std::string(key), id}); }
  void Freeze() {
    size_t cap = 16;
    while (cap < keys_.size() * 2) cap <<= 1;
    mask_ = cap - 1;
    size_t bloom_bits = 64;
    while (bloom_bits < keys_.size() * 16) bloom_bits <<= 1;
    bloom_.assign(bloom_bits / 64, 0);
    bloom_shift_ = 64 - static_cast<int>(std::countr_zero(bloom_bits));
    slots_.assign(cap, Slot{0, 0, 0, kEmpty});
    for (const auto& [key, id] : keys_)
      if (!key.empty())
        first_len_[static_cast<unsigned char>(key[0])] |= uint64_t{1}
                                                          << std::min<size_t>(key.size(), 63);
    for (const auto& [key, id] : keys_) {
      if (key.empty() || key.size() > 255) continue;  // Find never asks for those
      const uint64_t h = Hash(key.data(), key.size());
      size_t i = h & mask_;
      bool dup = false;
      while (slots_[i].len != kEmpty) {
        const Slot& sl = slots_[i];
        if (sl.hash == static_cast<uint32_t>(h >> 32) && sl.len == key.size() &&
            std::memcmp(bytes_.data() + sl.offset, key.data(), key.size()) == 0) {
          dup = true;  // the first id given for a key stays
          break;
        }
        i = (i + 1) & mask_;
      }
      if (dup) continue;
      const uint64_t bit = h >> bloom_shift_;
      bloom_[bit >> 6] |= uint64_t{1} << (bit & 63);
      slots_[i] = {static_cast<uint32_t>(h >> 32), id, static_cast<uint32_t>(bytes_.size()),
                   static_cast<uint8_t>(key.size())};
      bytes_ += key;
    }
    keys_.clear();
    keys_.shrink_to_fit();
  }
  // False when no key has this first byte and length (true says nothing).
  bool MayHold(char first, size_t n) const {
    return first_len_[static_cast<unsigned char>(first)] >> std::min<size_t>(n, 63) & 1;
  }
  uint32_t Find(const char* s, size_t n) const {
    if (n == 0 || n > 255) return index::Index::kNoToken;
    const uint64_t h = Hash(s, n);
    const uint64_t bit = h >> bloom_shift_;
    if (!(bloom_[bit >> 6] >> (bit & 63) & 1)) return index::Index::kNoToken;
    const auto h32 = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& sl = slots_[i];
      if (sl.len == kEmpty) return index::Index::kNoToken;
      if (sl.hash == h32 && sl.len == n && std::memcmp(bytes_.data() + sl.offset, s, n) == 0)
        return sl.id;
    }
  }

 private:
  static constexpr uint8_t kEmpty = 0;  // no key is empty
  struct Slot {
    uint32_t hash;  // high half of Hash()
    uint32_t id;
    uint32_t offset;  // in bytes_
    uint8_t len;
  };
  // Bytes and length mixed (splitmix64's finalizer); every byte of keys up to 16 bytes
  // counts, of longer ones the first and last 8 (the table compares the bytes anyway).
  static uint64_t Hash(const char* s, size_t n) {
    uint64_t v;
    if (n >= 8) {
      uint64_t a, b;
      std::memcpy(&a, s, 8);
      std::memcpy(&b, s + n - 8, 8);
      v = a ^ (b * 0x9E3779B97F4A7C15ull + (b >> 29));
    } else if (n >= 4) {
      uint32_t a, b;
      std::memcpy(&a, s, 4);
      std::memcpy(&b, s + n - 4, 4);
      v = a | uint64_t{b} << 32;
    } else {
      v = static_cast<unsigned char>(s[0]) | static_cast<unsigned char>(s[n / 2]) << 8 |
          static_cast<unsigned char>(s[n - 1]) << 16;
    }
    uint64_t x = v ^ (n * 0xD6E8FEB86659FD93ull);
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
  }
  std::vector<std::pair<std::string, uint32_t>> keys_;  // until Freeze()
  std::vector<Slot> slots_;
  std::string bytes_;  // the keys' bytes, one after another
  std::vector<uint64_t> bloom_;
  int bloom_shift_ = 58;
  size_t mask_ = 0;
  uint64_t first_len_[256] = {};  // per first byte: bit min(length, 63) of some key
};

struct Word {
  // User-provided: a value-initialised Word (emplace_back()) would otherwise zero low[],
  // ids[] and sims[] for every word of the text; they are read only up to low_len and
  // n_ids.
  Word() {}
  uint32_t begin = 0, end = 0;  // bytes in the text
  bool cap = false;             // starts with a capital, or the script has no case
  uint8_t n_ids = 0;
  bool fuzzy_done = false;
  bool split = false;        // one of the two parts of a word the lists write as two
  bool lower_ascii = false;  // ASCII and all lower-case in mixed-case text (low[] unset)
  uint32_t joined = index::Index::kNoToken;  // the token this word and the next make as one
  uint8_t low_len = 0;                       // ASCII lower-cased form in low[], 0 otherwise
  char low[kMaxWordBytes];
  std::string_view lower() const { return {low, low_len}; }
  uint32_t ids[kIdsPerWord];
  float sims[kIdsPerWord];
};

struct SpanCandidate {
  uint32_t first, last;  // word positions
  uint32_t name;         // index name ref
};

struct RawMention {
  size_t begin, end;
  uint32_t entity;
  uint32_t name_ref;
  double score;
  match::Score full;
  std::string how;
};

// ASCII byte classes for the word loop: kAlnum for letters and digits, kUpper also set
// for capitals, kBreak for the ASCII sentence breaks of IsBreakCodePoint.
constexpr uint8_t kAlnum = 1, kUpper = 2, kBreak = 4;
constexpr auto kAsciiClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kAlnum;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kAlnum | kUpper;
  for (int c = '0'; c <= '9'; ++c) t[c] = kAlnum;
  for (char c : std::string_view(".!?;:[]{}\"|")) t[static_cast<unsigned char>(c)] = kBreak;
  return t;
}();

bool IsTitleAbbrev(std::string_view w) {
  static constexpr std::string_view kAbbrev[] = {"mr",   "mrs", "ms",  "dr",  "st",  "jr",
                                                 "sr",   "gen", "col", "lt",  "sgt", "capt",
                                                 "prof", "rev", "gov", "sen", "rep", "no"};
  if (w.size() < 2 || w.size() > 4) return false;  // called at every period: be quick
  for (std::string_view a : kAbbrev)
    if (a.size() == w.size() && EqualsIgnoreCase(w, a)) return true;
  return false;
}

bool IsBreakCodePoint(UChar32 c) {
  switch (c) {
    case '.':
    case '!':
    case '?':
    case ';':
    case ':':
    case '[':
    case ']':
    case '{':
    case '}':
    case '"':
    case '|':
    case 0x201C:
    case 0x201D:
    case 0x00AB:
    case 0x00BB:
    case 0x3002:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF1B:
      return true;
    default:
      return false;
  }
}

}  // namespace

struct Scanner::Impl {
  WordTable words;
  WordTable minor_words;              // the subset that is not a name part or an initial
  WordTable dotted_words;             // legal forms written with dots ("S.A." -> "sa")
  std::vector<uint32_t> names_begin;  // per token + 1: range in token_names
  struct Anchored {
    uint64_t others;  // KeyBit of the name's other tokens and given-name classes
    uint32_t name;    // name ref
    uint32_t entity;
    bool person;
    bool several_sig;  // more than one significant part
  };
  std::vector<Anchored> token_names;    // names each token anchors (see Build)
  std::vector<uint32_t> token_holders;  // per token: list names holding it
  std::vector<uint8_t> name_sig;        // significant parts per name ref
  std::vector<uint8_t> name_parts;      // kName parts per name ref
  std::vector<uint8_t> token_flags;     // per token: kGivenName | kPersonName | ...
  std::vector<uint8_t> token_kind;      // per token: TokenKind
  std::vector<uint32_t> token_equiv;    // per token: given-name class, 0 = none
  std::vector<uint8_t> entity_allowed;  // per entity; empty when no dataset is chosen
  // Pairs of tokens side by side in some list name (a << 32 | b, both orders, the last
  // part next to the first too): the only
  // cuts of an unknown word worth trying ("AbuSayyaf" for ABU SAYYAF).
  std::unordered_set<uint64_t> adjacent;
  WordTable adjacent_joined;  // those pairs written as one word ("abusayyaf"), id unused
  bool Adjacent(uint32_t a, uint32_t b) const { return adjacent.count(uint64_t{a} << 32 | b) > 0; }
};

Scanner::Scanner(const index::Index& index, const Options& options)
    : index_(index), options_(options), impl_(std::make_unique<Impl>()) {}
Scanner::~Scanner() = default;

std::unique_ptr<const Scanner> Scanner::Build(const index::Index& index, const Options& options) {
  std::unique_ptr<Scanner> s(new Scanner(index, options));
  Impl& im = *s->impl_;
  if (!options.common_words_path.empty()) {
    std::ifstream in(options.common_words_path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line.find('\'') != std::string::npos) continue;
      bool lower = true;  // capitalised entries are proper nouns ("Putin", "Moscow")
      for (char c : line) lower &= (c >= 'a' && c <= 'z');
      if (lower) {
        s->common_words_.insert(line);
      } else if (line[0] >= 'A' && line[0] <= 'Z') {
        std::string l = line;
        for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        s->proper_nouns_.insert(std::move(l));
      }
    }
  }
  const size_t nt = index.token_count();
  auto insert = [&](std::string_view w, uint32_t id) {
    im.words.Insert(w, id);
    auto k = index.Token(id).kind;
    if (k != TokenKind::kName && k != TokenKind::kInitial) im.minor_words.Insert(w, id);
  };
  for (uint32_t t = 0; t < nt; ++t) insert(index.Token(t).text, t);
  // Surface forms of legal forms, organisation words and numbers ("company" -> "co").
  {
    std::unordered_set<std::string> seen;
    for (const auto& e : index.entities()) {
      for (const auto& n : e.names) {
        std::string norm = text::NormalizeName(n.full);
        size_t p = 0;
        while (p < norm.size()) {
          size_t q = norm.find(' ', p);
          if (q == std::string::npos) q = norm.size();
          std::string w = norm.substr(p, q - p);
          p = q + 1;
          if (index.FindToken(w) != index::Index::kNoToken || !seen.insert(w).second) continue;
          auto toks = text::Tokenize(w);
          if (toks.size() != 1 || toks[0].canonical.empty()) continue;
          uint32_t id = index.FindToken(toks[0].canonical);
          if (id != index::Index::kNoToken) insert(w, id);
        }
      }
    }
  }
  // Abbreviated legal forms as the text writes them once dots are dropped ("S.A." ->
  // "sa"): the lists spell them with dots or spaces, which normalise to letters apart.
  for (const char* abbr :
       {"sa",  "sas", "sarl", "srl", "spa", "sl",   "bv",  "nv",   "ag",   "kg",   "gmbh",
        "llc", "ltd", "plc",  "inc", "lp",  "llp",  "jsc", "pjsc", "cjsc", "ojsc", "ooo",
        "oao", "zao", "pao",  "ao",  "tov", "sro",  "as",  "ab",   "oy",   "kft",  "doo",
        "pte", "pty", "bhd",  "fzc", "fze", "fzco", "co",  "corp"}) {
    // As written with dots the letters come apart ("s a"), and after a name that is
    // the legal form: ask the tokenizer in that context ("x s a").
    std::string spaced = "x";
    for (const char* p = abbr; *p; ++p) (spaced += ' ') += *p;
    auto toks = text::Tokenize(spaced);
    if (toks.size() != 2 || toks[1].kind != TokenKind::kLegalForm)
      toks = text::Tokenize(std::string("x ") + abbr);
    if (toks.size() != 2 || toks[1].kind != TokenKind::kLegalForm || toks[1].canonical.empty())
      continue;
    uint32_t id = index.FindToken(toks[1].canonical);
    if (id == index::Index::kNoToken) continue;
    im.dotted_words.Insert(abbr, id);  // "S.A." is the legal form even where "sa" is a name
    if (index.FindToken(abbr) == index::Index::kNoToken) insert(abbr, id);
  }
  im.words.Freeze();
  im.dotted_words.Freeze();
  im.minor_words.Freeze();

  // token -> names holding it.
  const size_t nn = index.name_count();
  std::vector<uint32_t> counts(nt + 1, 0);
  im.name_sig.resize(nn);
  im.name_parts.resize(nn);
  for (uint32_t r = 0; r < nn; ++r) {
    auto v = index.Name(r);
    int sig = 0, nparts = 0;
    for (size_t k = 0; k < v.token_count; ++k) {
      bool dup = false;
      for (size_t j = 0; j < k; ++j) dup |= v.tokens[j] == v.tokens[k];
      if (!dup) ++counts[v.tokens[k] + 1];
      sig += IsSignificant(index.Token(v.tokens[k]).kind);
      nparts += index.Token(v.tokens[k]).kind == TokenKind::kName;
    }
    im.name_sig[r] = static_cast<uint8_t>(std::min(sig, 255));
    im.name_parts[r] = static_cast<uint8_t>(std::min(nparts, 255));
  }
  for (uint32_t r = 0; r < nn; ++r) {
    auto v = index.Name(r);
    // Also the last and the first: "CASTANO GIL, Carlos" is written "Carlos Castano Gil".
    for (size_t k = 0; k + 1 < v.token_count + (v.token_count > 2); ++k) {
      const uint32_t a = v.tokens[k], b = v.tokens[(k + 1) % v.token_count];
      if (!im.adjacent.insert(uint64_t{a} << 32 | b).second) continue;
      im.adjacent.insert(uint64_t{b} << 32 | a);
      std::string ab(index.Token(a).text), ba(index.Token(b).text);
      ab += index.Token(b).text;
      ba += index.Token(a).text;
      im.adjacent_joined.Insert(ab, 0);
      im.adjacent_joined.Insert(ba, 0);
    }
  }
  im.adjacent_joined.Freeze();
  im.token_holders.resize(nt);
  for (uint32_t t = 0; t < nt; ++t) im.token_holders[t] = counts[t + 1];
  const auto& ents = index.entities();
  // Token flags. Given-name-ness from OFAC-style "FAMILY, Given" names: a token seen
  // more often after the comma than before it is a given name.
  {
    std::vector<uint32_t> given(nt, 0), family(nt, 0);
    im.token_flags.assign(nt, 0);
    for (uint32_t r = 0; r < nn; ++r) {
      auto v = index.Name(r);
      const auto& ent = ents[v.entity];
      if (ent.schema != model::Schema::kPerson) continue;
      for (size_t k = 0; k < v.token_count; ++k) im.token_flags[v.tokens[k]] |= kPersonName;
      const std::string& full = ent.names[v.name].full;
      size_t comma = full.find(',');
      if (comma == std::string::npos || full.find(',', comma + 1) != std::string::npos) continue;
      std::string fam = text::NormalizeName(full.substr(0, comma));
      for (size_t k = 0; k < v.token_count; ++k) {
        std::string_view tt = index.Token(v.tokens[k]).text;
        bool in_family = false;
        for (size_t p = 0; p <= fam.size();) {
          size_t q = fam.find(' ', p);
          if (q == std::string::npos) q = fam.size();
          in_family |= std::string_view(fam).substr(p, q - p) == tt;
          p = q + 1;
        }
        ++(in_family ? family : given)[v.tokens[k]];
      }
    }
    im.token_kind.resize(nt);
    im.token_equiv.resize(nt);
    for (uint32_t t = 0; t < nt; ++t) {
      auto tok = index.Token(t);
      im.token_kind[t] = static_cast<uint8_t>(tok.kind);
      im.token_equiv[t] = tok.equivalence;
      if (tok.equivalence != 0 || given[t] > family[t]) im.token_flags[t] |= kGivenName;
      std::string key(tok.text);
      if (s->common_words_.count(key)) im.token_flags[t] |= kCommonWord;
      if (s->proper_nouns_.count(key)) im.token_flags[t] |= kProperNoun;
    }
  }
  // Anchor lists. A person's name is sought from each of its name parts that is not an
  // English word. An organisation's name needs all its significant parts, so one
  // anchor suffices: its rarest name part, English word or not ("HOLY LAND FOUNDATION
  // FOR RELIEF AND DEVELOPMENT" has no other), which also keeps the lists short.
  {
    std::vector<uint32_t> anchors;  // per name: tokens that anchor it, UINT32_MAX-separated
    std::fill(counts.begin(), counts.end(), 0);
    auto anchors_of = [&](uint32_t r, auto&& emit) {
      auto v = index.Name(r);
      const bool person = ents[v.entity].schema == model::Schema::kPerson;
      uint32_t rarest = index::Index::kNoToken;
      for (size_t k = 0; k < v.token_count; ++k) {
        const uint32_t t = v.tokens[k];
        if (im.token_kind[t] != static_cast<uint8_t>(TokenKind::kName)) continue;
        bool dup = false;
        for (size_t j = 0; j < k; ++j) dup |= v.tokens[j] == t;
        if (dup) continue;
        if (person) {
          if (!(im.token_flags[t] & kCommonWord)) emit(t);
        } else if (rarest == index::Index::kNoToken ||
                   im.token_holders[t] < im.token_holders[rarest]) {
          rarest = t;
        }
      }
      if (rarest != index::Index::kNoToken) emit(rarest);
    };
    for (uint32_t r = 0; r < nn; ++r) anchors_of(r, [&](uint32_t t) { ++counts[t + 1]; });
    for (size_t i = 1; i < counts.size(); ++i) counts[i] += counts[i - 1];
    im.names_begin = counts;
    im.token_names.resize(counts.back());
    std::vector<uint32_t> fill(counts.begin(), counts.end() - 1);
    for (uint32_t r = 0; r < nn; ++r)
      anchors_of(r, [&](uint32_t t) {
        auto v = index.Name(r);
        uint64_t others = 0;
        for (size_t k = 0; k < v.token_count; ++k) {
          const uint32_t u = v.tokens[k];
          if (u == t) continue;
          others |= KeyBit(u * 2);
          if (im.token_equiv[u] != 0) others |= KeyBit(im.token_equiv[u] * 2 + 1);
        }
        im.token_names[fill[t]++] = {others, r, v.entity,
                                     ents[v.entity].schema == model::Schema::kPerson,
                                     im.name_sig[r] > 1};
      });
  }
  if (!options.datasets.empty()) {  // else empty: every entity
    im.entity_allowed.resize(ents.size(), 1);
    for (size_t e = 0; e < ents.size(); ++e)
      im.entity_allowed[e] = std::find(options.datasets.begin(), options.datasets.end(),
                                       ents[e].dataset) != options.datasets.end();
  }
  return s;
}

namespace {

// Per-thread memo of non-ASCII words: raw word -> pieces, each with its token ids.
struct Pieces {
  std::vector<std::vector<uint32_t>> ids;  // one entry per normalised piece
};

const Pieces& NonAsciiPieces(std::string_view word, const index::Index& index) {
  thread_local std::unordered_map<std::string, Pieces> memo;
  std::string key(word);
  if (auto it = memo.find(key); it != memo.end()) return it->second;
  if (memo.size() > 200000) memo.clear();
  Pieces p;
  auto variants = text::TransliterationVariants(word);
  std::vector<std::vector<std::string>> split;
  for (const auto& v : variants) {
    std::vector<std::string> parts;
    size_t a = 0;
    while (a < v.size()) {
      size_t b = v.find(' ', a);
      if (b == std::string::npos) b = v.size();
      if (b > a) parts.push_back(v.substr(a, b - a));
      a = b + 1;
    }
    split.push_back(std::move(parts));
  }
  if (!split.empty()) {
    p.ids.resize(split[0].size());
    for (const auto& parts : split) {
      if (parts.size() != split[0].size()) continue;
      for (size_t i = 0; i < parts.size(); ++i) {
        uint32_t id = index.FindToken(parts[i]);
        if (id != index::Index::kNoToken &&
            std::find(p.ids[i].begin(), p.ids[i].end(), id) == p.ids[i].end())
          p.ids[i].push_back(id);
      }
    }
  }
  return memo.emplace(std::move(key), std::move(p)).first->second;
}

}  // namespace

std::vector<Mention> Scanner::Scan(std::string_view text) const {
  const Impl& im = *impl_;
  const auto& ents = index_.entities();

  // Is case informative? Count ASCII capitals and small letters.
  // Every 8th byte of a long text is a fair sample of its letters.
  size_t upper = 0, lower = 0;
  const size_t stride = text.size() > 4096 ? 8 : 1;
  for (size_t k = 0; k < text.size(); k += stride) {
    char c = text[k];
    upper += (c >= 'A' && c <= 'Z');
    lower += (c >= 'a' && c <= 'z');
  }
  const bool case_informative = upper * 100 >= (upper + lower) && lower > 0;

  std::vector<Word> words;
  words.reserve(kMaxSentenceWords);
  std::vector<RawMention> raw;
  struct Lone {
    size_t begin, end;
    uint32_t entity, token;
  };
  std::vector<Lone> lone;
  std::vector<SpanCandidate> spans;
  std::vector<std::pair<uint32_t, float>> expansions;
  match::QueryFacts facts;  // nothing known: the text alone

  auto add_id = [](Word& w, uint32_t id, float sim) {
    for (uint8_t k = 0; k < w.n_ids; ++k) {
      if (w.ids[k] == id) {
        w.sims[k] = std::max(w.sims[k], sim);
        return;
      }
    }
    if (w.n_ids < kIdsPerWord) {
      w.ids[w.n_ids] = id;
      w.sims[w.n_ids] = sim;
      ++w.n_ids;
      return;
    }
    uint8_t worst = 0;
    for (uint8_t k = 1; k < w.n_ids; ++k)
      if (w.sims[k] < w.sims[worst]) worst = k;
    if (sim > w.sims[worst]) {
      w.ids[worst] = id;
      w.sims[worst] = sim;
    }
  };

  auto is_common = [&](std::string_view lw) { return common_words_.count(std::string(lw)) > 0; };

  // Typo neighbours of an unknown capitalised long ASCII word.
  auto fuzzy = [&](Word& w) {
    w.fuzzy_done = true;
    if (w.n_ids > 0 || w.low_len < kMinFuzzyWord || !w.cap) return;
    // Memo per thread: the same capitalised words come back again and again.
    thread_local std::unordered_map<std::string, std::vector<std::pair<uint32_t, float>>> memo;
    thread_local const Scanner* memo_owner = nullptr;
    if (memo_owner != this || memo.size() > 100000) {
      memo.clear();
      memo_owner = this;
    }
    std::string key(w.lower());
    auto it = memo.find(key);
    if (it == memo.end()) {
      std::vector<std::pair<uint32_t, float>> found;
      if (!is_common(key)) {
        std::string ph = text::PhoneticKey(key);
        match::NameToken qt;
        qt.text = key;
        qt.kind = TokenKind::kName;
        qt.phonetic = ph;
        index_.ExpandToken(qt, &expansions);
        for (auto& [id, sim] : expansions)
          if (sim >= kMinFuzzySim && im.token_kind[id] == static_cast<uint8_t>(TokenKind::kName))
            found.push_back({id, sim});
      }
      it = memo.emplace(std::move(key), std::move(found)).first;
    }
    for (auto& [id, sim] : it->second) add_id(w, id, sim);
  };

  // Joined and split parts (the matcher's Index::AddJoinsAndSplits, on the text side).
  // An unknown capitalised word the lists write as two parts ("Abdulrahman" for ABDUL
  // RAHMAN, "AbuSayyaf") becomes two words over the same bytes, as a word of another
  // script that transliterates to several pieces does. Two capitalised words side by
  // side that the lists write as one ("Al Qaida" for ALQAIDA, "Drag omir") give the
  // first word that token, marked as reaching over the second (Word::joined). A word is
  // cut only into two parts some list name holds side by side, never when it is an
  // English word or a proper noun ("Jackson" is no JACK SON).
  std::vector<Word> split_buf;
  using Splits = std::vector<std::pair<uint32_t, uint32_t>>;
  std::vector<std::pair<size_t, const Splits*>> to_split;
  auto joins_and_splits = [&]() {
    thread_local std::unordered_map<std::string, Splits> memo;
    thread_local const Scanner* memo_owner = nullptr;
    if (memo_owner != this || memo.size() > 100000) {
      memo.clear();
      memo_owner = this;
    }
    auto is_part = [&](uint32_t t) {
      const auto k = static_cast<TokenKind>(im.token_kind[t]);
      return k == TokenKind::kName || k == TokenKind::kParticle || k == TokenKind::kOrgWord;
    };
    to_split.clear();
    bool joined_prev = false;
    for (size_t i = 0; i < words.size(); ++i) {
      Word& w = words[i];
      const bool after_join = joined_prev;
      joined_prev = false;
      if (w.low_len == 0 || (case_informative && !w.cap)) continue;
      if (i + 1 < words.size()) {
        const Word& x = words[i + 1];
        // The second word may be a lower-case piece no list and no dictionary knows
        // ("Drag omir", "Stepa novic": a name cut where it should not be), among other
        // capitalised words (not "The system" opening a sentence).
        std::string_view xl;
        if (x.low_len > 0 && (x.cap || !case_informative))
          xl = x.lower();
        else if (x.lower_ascii && x.n_ids == 0 && x.end - x.begin <= kMaxWordBytes &&
                 ((i > 0 && words[i - 1].cap) || (i + 2 < words.size() && words[i + 2].cap)))
          xl = text.substr(x.begin, x.end - x.begin);
        if (!xl.empty() && x.begin == w.end + 1 && (text[w.end] == ' ' || text[w.end] == '-') &&
            im.words.MayHold(w.low[0], w.low_len + xl.size())) {
          // The scanner's own table first (cheaper than the index's), the index decides.
          char both[2 * kMaxWordBytes];
          std::memcpy(both, w.low, w.low_len);
          std::memcpy(both + w.low_len, xl.data(), xl.size());
          uint32_t t = im.words.Find(both, w.low_len + xl.size()) == index::Index::kNoToken
                           ? index::Index::kNoToken
                           : index_.FindJoined(w.lower(), xl);
          if (t != index::Index::kNoToken && x.lower_ascii && is_common(xl))
            t = index::Index::kNoToken;
          const auto kind = t == index::Index::kNoToken ? TokenKind::kNumber
                                                        : static_cast<TokenKind>(im.token_kind[t]);
          if (kind == TokenKind::kName || kind == TokenKind::kOrgWord) {
            add_id(w, t, 1.0f);
            w.joined = t;
            joined_prev = true;
            continue;
          }
        }
      }
      if (after_join || w.n_ids > 0 || w.low_len < kMinSplitWord ||
          im.adjacent_joined.Find(w.low, w.low_len) == index::Index::kNoToken)
        continue;
      std::string key(w.lower());
      auto it = memo.find(key);
      if (it == memo.end()) {
        Splits found;
        if (!is_common(key) && !proper_nouns_.count(key)) {
          std::array<std::pair<uint32_t, uint32_t>, kIdsPerWord> cuts;
          const size_t nc = index_.FindSplits(key, kMinSplitPart, cuts);
          for (size_t c = 0; c < nc; ++c)
            if (is_part(cuts[c].first) && is_part(cuts[c].second) &&
                im.Adjacent(cuts[c].first, cuts[c].second))
              found.push_back(cuts[c]);
        }
        it = memo.emplace(std::move(key), std::move(found)).first;
      }
      if (it->second.empty()) continue;
      // A typo or another spelling of one listed part comes first ("Lavrovv" is no
      // "lav" + "rovv"): cut only words with no such neighbour.
      if (!w.fuzzy_done) fuzzy(w);
      if (w.n_ids == 0) to_split.push_back({i, &it->second});
    }
    if (to_split.empty()) return;
    split_buf.clear();
    size_t next = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      if (next < to_split.size() && to_split[next].first == i) {
        for (int side = 0; side < 2; ++side) {
          Word piece = words[i];
          piece.low_len = 0;
          piece.fuzzy_done = true;
          piece.split = true;
          piece.n_ids = 0;
          for (const auto& [a, b] : *to_split[next].second) add_id(piece, side ? b : a, 1.0f);
          split_buf.push_back(piece);
        }
        ++next;
      } else {
        split_buf.push_back(words[i]);
      }
    }
    words.swap(split_buf);
  };

  // Scores one span against one list name; appends a mention at the threshold.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<match::PreparedName>> prepared;
  auto score_span = [&](const SpanCandidate& c, const std::string& how) {
    const Word& a = words[c.first];
    const Word& b = words[c.last];
    auto key = std::make_pair(a.begin, b.end);
    auto it = prepared.find(key);
    if (it == prepared.end())
      it = prepared.emplace(key, index_.PrepareQuery(text.substr(a.begin, b.end - a.begin))).first;
    if (it->second.empty()) return;
    const match::PreparedName& cand = index_.PreparedNameAt(c.name);
    match::NameComparison best;
    double best_score = -1;
    for (const auto& q : it->second) {
      match::NameComparison cmp = match::CompareNames(q, cand);
      if (cand.kind == model::NameKind::kWeakAlias) cmp.score *= kWeakAliasFactor;
      if (cmp.score > best_score) {
        best_score = cmp.score;
        best = std::move(cmp);
      }
    }
    // A middle initial in the text that no part of the list name starts with is a
    // different person ("Dmitry V. Levin" is not "LEVIN, Dmitriy Olegovich").
    for (const auto& extra : best.query_extra) {
      if (extra.size() != 1) continue;
      bool fits = false;
      for (const auto& t : cand.tokens) fits |= !t.text.empty() && t.text[0] == extra[0];
      if (!fits) return;
    }
    auto v = index_.Name(c.name);
    match::Score sc = match::ScoreEvidence(std::move(best), facts, ents[v.entity]);
    if (sc.score < options_.threshold || raw.size() >= kMaxMentions) return;
    raw.push_back({a.begin, b.end, v.entity, c.name, sc.score, std::move(sc), how});
  };

  auto process_sentence = [&]() {
    if (words.empty()) return;
    joins_and_splits();
    const size_t n = words.size();
    // Whether a legal form is next to [first, last], or reached over organisation words
    // ("LIMITED LIABILITY COMPANY X"): within kLegalFormReach words, all of them known
    // English or minor words (no other name part, no unknown word: "TPI LLC re X" is
    // not X's).
    auto legal_form_near = [&](size_t first, size_t last) {
      auto minor = [&](const Word& x, bool* legal) {
        if (x.n_ids == 0) {
          // A legal-form word no list name holds alone ("liability" of "LIMITED
          // LIABILITY COMPANY"): the lists' dictionary does not know it.
          bool fragment = false;
          if (!text::IsLegalFormWord(x.lower(), &fragment)) return false;
          *legal |= fragment;
          return true;
        }
        bool any = false;
        for (uint8_t m = 0; m < x.n_ids; ++m) {
          const auto kind = static_cast<TokenKind>(im.token_kind[x.ids[m]]);
          if (kind == TokenKind::kName && !(im.token_flags[x.ids[m]] & kCommonWord)) return false;
          any = true;
          *legal |= kind == TokenKind::kLegalForm;
        }
        return any;
      };
      bool legal = false;
      for (size_t d = 1; d <= kLegalFormReach && first >= d && minor(words[first - d], &legal); ++d)
        if (legal) return true;
      for (size_t d = 1; d <= kLegalFormReach && last + d < n && minor(words[last + d], &legal);
           ++d)
        if (legal) return true;
      return false;
    };
    spans.clear();
    // A typo'd word can only be part of a mention next to a word spelled as listed:
    // expand unknown words only within kFuzzyReach words of a known capitalised name part.
    int last_known = -1000;
    for (size_t i = 0; i < n; ++i) {
      const Word& w = words[i];
      if (w.n_ids > 0 && w.sims[0] >= 1.0f && (w.cap || !case_informative)) {
        for (size_t j = i > kFuzzyReach ? i - kFuzzyReach : 0; j < i; ++j)
          if (!words[j].fuzzy_done && static_cast<int>(j) > last_known) fuzzy(words[j]);
        last_known = static_cast<int>(i);
      } else if (!w.fuzzy_done &&
                 static_cast<int>(i) - last_known <= static_cast<int>(kFuzzyReach)) {
        fuzzy(words[i]);
      }
    }
    // Which tokens and given-name classes the sentence holds, as a Bloom filter: most
    // anchors' names have no other part here, which their Anchored::others tells
    // without the window check.
    uint64_t sentence_keys = 0;
    bool any_initial = false;
    for (size_t i = 0; i < n; ++i) {
      const Word& w = words[i];
      any_initial |= w.low_len == 1 && w.cap;
      for (uint8_t k = 0; k < w.n_ids; ++k) {
        sentence_keys |= KeyBit(w.ids[k] * 2);
        if (im.token_equiv[w.ids[k]] != 0)
          sentence_keys |= KeyBit(im.token_equiv[w.ids[k]] * 2 + 1);
      }
    }
    for (size_t i = 0; i < n; ++i) {
      Word& w = words[i];
      if (case_informative && !w.cap) continue;
      for (uint8_t k = 0; k < w.n_ids; ++k) {
        const uint32_t t = w.ids[k];
        // Anchors: a person's name parts that are no English words, an organisation's
        // rarest part (the lists built in Build); every mention the rules below accept
        // has one.
        const uint32_t nb = im.names_begin[t], ne = im.names_begin[t + 1];
        if (nb == ne || im.token_holders[t] > options_.anchor_max_names) continue;
        for (uint32_t p = nb; p < ne; ++p) {
          const Impl::Anchored& a = im.token_names[p];
          if (!im.entity_allowed.empty() && !im.entity_allowed[a.entity]) continue;
          // The anchor alone (no other part in the sentence, no initial): a person's
          // name gives at most a lone surname, an organisation's of several
          // significant parts nothing; the window check below would conclude the same.
          if ((a.others & sentence_keys) == 0 && !(a.person && any_initial)) {
            if (a.person) {
              const uint8_t f = im.token_flags[t];
              if (lone.size() < kMaxLoneCandidates && !(f & (kGivenName | kCommonWord)) &&
                  w.sims[k] >= 1.0f && !w.split && t != w.joined)
                lone.push_back({w.begin, w.end, a.entity, t});
              continue;
            }
            if (a.several_sig) continue;
          }
          const uint32_t r = a.name;
          const auto v = index_.Name(r);
          const size_t parts = v.token_count;
          const bool person = a.person;
          const size_t lo = i > parts + 1 ? i - parts - 1 : 0;
          const size_t hi = std::min(n - 1, i + parts + 1);
          // Greedy: each name part takes the nearest unused word that carries it.
          uint64_t used = 0;  // bits over [lo, hi] (at most 2*255+3 words: capped below)
          if (hi - lo >= 64) continue;
          size_t sig_matched = 0, matched_parts = 0, names_matched = 0, distinctive = 0,
                 fuzzy_parts = 0, short_fuzzy = 0, solid = 0, initials = 0, first = i, last = i;
          for (size_t q = 0; q < parts; ++q) {
            const uint32_t want = v.tokens[q];
            const auto want_kind = static_cast<TokenKind>(im.token_kind[want]);
            const uint32_t want_equiv = im.token_equiv[want];
            size_t best_j = SIZE_MAX, best_d = SIZE_MAX;
            float best_sim = 0;
            for (size_t j = lo; j <= hi; ++j) {
              if (used >> (j - lo) & 1) continue;
              const Word& x = words[j];
              float sim = 0;
              for (uint8_t m = 0; m < x.n_ids; ++m) {
                // A joined token needs the next word too.
                if (x.ids[m] == want &&
                    !(want == x.joined && j + 1 <= hi && (used >> (j + 1 - lo) & 1)))
                  sim = std::max(sim, x.sims[m]);
                else if (want_equiv != 0 && im.token_equiv[x.ids[m]] == want_equiv)
                  sim = std::max(sim, 1.0f);
              }
              // A capital initial ("V." in "V. Putin") stands for a given name of a person
              // with that first letter; it counts as an initial, not as a name part.
              if (sim <= 0 && person && want_kind == TokenKind::kName && x.low_len == 1 && x.cap &&
                  !index_.Token(want).text.empty() && index_.Token(want).text[0] == x.low[0])
                sim = kInitialSim;
              if (sim <= 0) continue;
              if (case_informative && want_kind == TokenKind::kName && !x.cap) continue;
              size_t d = j > i ? j - i : i - j;
              if (d < best_d) {
                best_d = d;
                best_j = j;
                best_sim = sim;
              }
            }
            if (best_j == SIZE_MAX) continue;
            used |= uint64_t{1} << (best_j - lo);
            ++matched_parts;
            if (best_sim == kInitialSim) {
              ++initials;
              first = std::min(first, best_j);
              last = std::max(last, best_j);
              continue;
            }
            if (IsSignificant(want_kind)) ++sig_matched;
            if (want_kind == TokenKind::kName) {
              ++names_matched;
              const uint8_t f = im.token_flags[want];
              if (person ? !(f & kGivenName) : !(f & kCommonWord)) ++distinctive;
            }
            if (best_sim < 1.0f) {
              ++fuzzy_parts;
              short_fuzzy += words[best_j].low_len < kMinLongFuzzyWord;
            } else if (want_kind == TokenKind::kName && index_.Token(want).text.size() >= 4 &&
                       index_.TokenDf(want) <= kSolidMaxDf &&
                       !(im.token_flags[want] & (person ? kGivenName : kCommonWord))) {
              ++solid;
            }
            first = std::min(first, best_j);
            last = std::max(last, best_j);
            if (words[best_j].joined == want) {
              if (best_j + 1 <= hi) used |= uint64_t{1} << (best_j + 1 - lo);
              last = std::max(last, best_j + 1);
            }
          }
          // Typos: at most one part, or two when a third part is spelled as listed.
          if (fuzzy_parts > 2 || (fuzzy_parts == 2 && matched_parts < 3) ||
              (fuzzy_parts > 0 && matched_parts == fuzzy_parts))
            continue;
          // A short word has many neighbours one edit away ("Joong" is "Jong", "Myung"
          // is "Maung"): it may be a typo'd part only beside a rare part spelled as listed
          // or two other parts.
          if (short_fuzzy > 0 && solid == 0 && matched_parts < 3) continue;
          const size_t sig = person ? im.name_parts[r] : im.name_sig[r];
          if (person) {
            // Two name parts, one of them not a given name: "Juan Carlos" or "Hans
            // Peter" alone is nobody in particular.
            // Or the whole listed name and nothing less ("Ramadan Abdallah"): many
            // names are made only of parts that are given names elsewhere.
            const bool complete = names_matched == im.name_parts[r] && matched_parts >= 2;
            // An initial plus a surname rare on the lists ("V. Putin"): the surname must
            // be spelled as listed and be held by at most kInitialMaxDf entities.
            const bool initial_and_surname =
                names_matched == 1 && initials >= 1 && distinctive == 1 && fuzzy_parts == 0 &&
                index_.TokenDf(t) <= kInitialMaxDf && !(im.token_flags[t] & kGivenName);
            if (initial_and_surname) {
              // fine: scored below like any other span
            } else if (names_matched < 2 || (distinctive < 1 && !complete)) {
              const uint8_t f = im.token_flags[t];
              if (names_matched == 1 && lone.size() < kMaxLoneCandidates &&
                  !(f & (kGivenName | kCommonWord)) && w.sims[k] >= 1.0f && !w.split &&
                  t != w.joined)
                lone.push_back({w.begin, w.end, v.entity, t});
              continue;
            }
          } else {
            // Organisations, vessels, aircraft: every significant part must be there
            // ("State Department" is not "State Security Department"), and one of them
            // must be more than an English word ("Computer Systems").
            // A name of three or more ordinary words counts as a whole ("Holy Land
            // Foundation for Relief and Development"). Of three or more significant
            // parts one may be left out ("New Republican Army") when the others are
            // spelled as listed and one is rare on the lists (not "Hong Kong"); the
            // score then decides.
            const bool one_left_out =
                sig >= 3 && sig_matched + 1 == sig && solid >= 1 && fuzzy_parts == 0;
            if ((sig_matched < sig && !one_left_out) ||
                (distinctive < 1 && (sig < 3 || fuzzy_parts > 0)))
              continue;
            // One significant part without the others: only next to a legal form,
            // spelled otherwise than listed ("ARCTICGEO" of "LIMITED LIABILITY COMPANY
            // ARCTICGEO", "Manara SAS"), and then as a one-word name. "Kunlun" alone is
            // software as often as a company.
            if (sig == 1 && parts > 1 && matched_parts < 2 && !legal_form_near(first, last))
              continue;
            if (parts == 1 || (sig == 1 && matched_parts < 2)) {
              // A one-word name alone: an organisation's distinctive word, spelled as
              // listed; never a weak alias ("MOSCO"), a word people bear as a name
              // ("Behdad"), an English word or proper noun ("September", "Moscow").
              const auto tok = index_.Token(t);
              const uint8_t f = im.token_flags[t];
              const size_t min_len = common_words_.empty() ? 6 : 4;
              const auto schema = ents[v.entity].schema;
              if (schema == model::Schema::kVessel || schema == model::Schema::kAirplane) continue;
              if (w.sims[k] < 1.0f || tok.text.size() < min_len || !w.cap ||
                  (f & (kGivenName | kPersonName | kCommonWord | kProperNoun)))
                continue;
              if (ents[v.entity].names[v.name].kind == model::NameKind::kWeakAlias) continue;
            }
          }
          if (last - first + 1 > parts + 2) continue;
          spans.push_back({static_cast<uint32_t>(first), static_cast<uint32_t>(last), r});
        }
      }
    }
    std::sort(spans.begin(), spans.end(), [](const SpanCandidate& a, const SpanCandidate& b) {
      return std::tie(a.first, a.last, a.name) < std::tie(b.first, b.last, b.name);
    });
    spans.erase(std::unique(spans.begin(), spans.end(),
                            [](const SpanCandidate& a, const SpanCandidate& b) {
                              return a.first == b.first && a.last == b.last && a.name == b.name;
                            }),
                spans.end());
    for (const auto& c : spans) score_span(c, "name");
    prepared.clear();
    words.clear();
  };

  // Step 1: words and sentences.
  const size_t len = text.size();
  size_t i = 0;
  bool pending_break = false;
  while (i < len) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80 && !(kAsciiClass[c] & kAlnum)) {
      if (c == '\n') {
        size_t j = i + 1;
        while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
        if (j < len && text[j] == '\n') pending_break = true;
        i = j - 1;  // the blanks skipped are nothing else either
      } else if (c == '.') {
        if (!words.empty()) {
          const Word& pw = words.back();
          std::string_view ptxt = text.substr(pw.begin, pw.end - pw.begin);
          bool initial = pw.end == i && (ptxt.size() == 1 || IsTitleAbbrev(ptxt));
          if (!initial) pending_break = true;
        }
      } else if (kAsciiClass[c] & kBreak) {
        pending_break = true;
      }
      ++i;
      continue;
    }
    if (c >= 0x80) {
      // Decode one code point; words of other scripts.
      int32_t pos = 0;
      UChar32 cp;
      const int32_t avail = static_cast<int32_t>(std::min<size_t>(len - i, 4));
      U8_NEXT(reinterpret_cast<const uint8_t*>(text.data() + i), pos, avail, cp);
      if (cp < 0 || !(u_isalnum(cp) || u_charType(cp) == U_NON_SPACING_MARK ||
                      u_charType(cp) == U_COMBINING_SPACING_MARK)) {
        if (cp >= 0 && IsBreakCodePoint(cp)) pending_break = true;
        i += pos > 0 ? static_cast<size_t>(pos) : 1;
        continue;
      }
    }
    // A word starts at i: extend over letters, digits, marks and inner apostrophes.
    const size_t begin = i;
    bool ascii = true;
    bool first_cap = false, first_done = false;
    bool later_upper = false;  // an ASCII capital or apostrophe after the first byte
    size_t end = i;
    if (c < 0x80) {  // the common case: a run of ASCII letters and digits
      first_cap = kAsciiClass[c] & kUpper;
      first_done = true;
      for (++end; end < len; ++end) {
        const uint8_t k = kAsciiClass[static_cast<unsigned char>(text[end])];
        if (!(k & kAlnum)) break;
        later_upper |= k & kUpper;
      }
    }
    while (end < len) {
      unsigned char d = static_cast<unsigned char>(text[end]);
      if (d < 0x80) {
        if (kAsciiClass[d] & kAlnum) {
          if (!first_done) {
            first_cap = kAsciiClass[d] & kUpper;
            first_done = true;
          } else {
            later_upper |= kAsciiClass[d] & kUpper;
          }
          ++end;
          continue;
        }
        if (d == '\'' && end + 1 < len && end > begin) {
          unsigned char e = static_cast<unsigned char>(text[end + 1]);
          bool next_alpha = (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z');
          bool possessive =
              (e == 's' || e == 'S') &&
              (end + 2 >= len || !std::isalnum(static_cast<unsigned char>(text[end + 2])));
          if (next_alpha && !possessive) {
            end += 1;
            later_upper = true;  // not a plain lower-case word either
            continue;
          }
        }
        break;
      }
      int32_t pos = 0;
      UChar32 cp;
      const int32_t avail = static_cast<int32_t>(std::min<size_t>(len - end, 4));
      U8_NEXT(reinterpret_cast<const uint8_t*>(text.data() + end), pos, avail, cp);
      if (cp == 0x2019 && end > begin) {  // ’ inside a word, not a possessive
        size_t nx = end + static_cast<size_t>(pos);
        bool possessive =
            nx < len && (text[nx] == 's' || text[nx] == 'S') &&
            (nx + 1 >= len || !std::isalnum(static_cast<unsigned char>(text[nx + 1])));
        bool next_alpha = nx < len && std::isalpha(static_cast<unsigned char>(text[nx]));
        if (next_alpha && !possessive) {
          ascii = false;
          end = nx;
          continue;
        }
        break;
      }
      if (cp < 0 || !(u_isalnum(cp) || u_charType(cp) == U_NON_SPACING_MARK ||
                      u_charType(cp) == U_COMBINING_SPACING_MARK))
        break;
      if (!first_done) {
        first_cap = u_isupper(cp) || !u_islower(cp);
        first_done = true;
      }
      ascii = false;
      end += static_cast<size_t>(pos);
    }
    // Dotted abbreviations ("S.A.", "L.L.C.", "S.A.S.") are one word: "sa", "llc".
    bool dotted = false;
    if (ascii && end == begin + 1 && end + 2 < len && text[end] == '.' &&
        std::isalpha(static_cast<unsigned char>(text[end + 1])) &&
        (end + 2 == len || text[end + 2] == '.')) {
      size_t e = end;
      while (e + 1 < len && text[e] == '.' &&
             std::isalpha(static_cast<unsigned char>(text[e + 1])) &&
             (e + 2 == len || !std::isalnum(static_cast<unsigned char>(text[e + 2]))) &&
             e - begin < 16)
        e += 2;
      if (e < len && text[e] == '.') ++e;
      if (e > end + 1) {
        end = e;
        dotted = true;
      }
    }
    if (end == begin) {  // defensive: never loop without progress
      ++i;
      continue;
    }
    if (pending_break || words.size() >= kMaxSentenceWords) {
      process_sentence();
      pending_break = false;
    }
    const std::string_view wtext(text.data() + begin, end - begin);
    if (ascii) {
      Word& w = words.emplace_back();
      w.begin = static_cast<uint32_t>(begin);
      w.end = static_cast<uint32_t>(end);
      w.cap = first_cap;
      w.n_ids = 0;
      w.fuzzy_done = false;
      w.split = false;
      w.lower_ascii = false;
      w.joined = index::Index::kNoToken;
      w.low_len = 0;
      if (wtext.size() <= kMaxWordBytes) {
        // In mixed-case text a lower-case word can only be a particle, a legal form, an
        // organisation word or a number ("bin", "ltd", "company", "44"): look it up,
        // uncopied, in the small table of those. Capitalised words get the full table.
        const bool lower_only = case_informative && !first_cap && !dotted && !later_upper;
        w.lower_ascii = lower_only;
        uint32_t id;
        if (lower_only) {
          id = im.minor_words.Find(wtext.data(), wtext.size());
        } else {
          uint8_t n = 0;
          for (char ch : wtext) {
            if (ch == '\'' || ch == '.') continue;
            w.low[n++] = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch;
          }
          w.low_len = n;
          id = dotted ? im.dotted_words.Find(w.low, n) : index::Index::kNoToken;
          if (id == index::Index::kNoToken) id = im.words.Find(w.low, n);
        }
        if (id != index::Index::kNoToken) {
          w.ids[0] = id;
          w.sims[0] = 1.0f;
          w.n_ids = 1;
        }
      }
    } else if (wtext.size() <= 4 * kMaxWordBytes) {
      const Pieces& p = NonAsciiPieces(wtext, index_);
      for (const auto& ids : p.ids) {
        Word w{};
        w.begin = static_cast<uint32_t>(begin);
        w.end = static_cast<uint32_t>(end);
        w.cap = first_cap;
        w.fuzzy_done = true;
        for (uint32_t id : ids) add_id(w, id, 1.0f);
        words.push_back(w);
        if (words.size() >= kMaxSentenceWords) break;
      }
    }
    i = end;
  }
  process_sentence();

  // Step 5: lone surnames, then resolution.
  std::unordered_map<uint32_t, double> full_named;  // entity -> best full mention score
  for (const auto& m : raw) {
    auto& s = full_named[m.entity];
    s = std::max(s, m.score);
  }
  if (options_.lone_surnames != LoneSurnames::kNever) {
    for (const auto& l : lone) {
      auto tok = index_.Token(l.token);
      auto f = full_named.find(l.entity);
      std::string how;
      if (f != full_named.end()) {
        // Only after a convincing full name, and only a surname rare on the lists.
        if (f->second < kLoneAfterFullMin || index_.TokenDf(l.token) > kLoneMaxDf ||
            tok.text.size() < 4)
          continue;
        how = "surname after full name";
      } else if (options_.lone_surnames == LoneSurnames::kDistinctive &&
                 index_.TokenDf(l.token) == 1 && tok.text.size() >= 5 && !is_common(tok.text)) {
        how = "distinctive surname";
      } else {
        continue;
      }
      // Score: the lone word against the entity's best name, as `match` would.
      auto q = index_.PrepareQuery(text.substr(l.begin, l.end - l.begin));
      if (q.empty()) continue;
      match::NameComparison best;
      double bs = -1;
      for (const auto& cand : index_.EntityNames(l.entity)) {
        auto cmp = match::CompareNames(q[0], cand);
        if (cmp.score > bs) {
          bs = cmp.score;
          best = std::move(cmp);
        }
      }
      match::Score sc = match::ScoreEvidence(std::move(best), facts, ents[l.entity]);
      double shown = f != full_named.end() ? f->second : sc.score;
      raw.push_back({l.begin, l.end, l.entity, 0, shown, std::move(sc), how});
    }
  }

  // Best per (span, entity).
  std::sort(raw.begin(), raw.end(), [](const RawMention& a, const RawMention& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    if (a.entity != b.entity) return a.entity < b.entity;
    return a.score > b.score;
  });
  std::vector<RawMention> uniq;
  for (auto& m : raw) {
    if (!uniq.empty() && uniq.back().begin == m.begin && uniq.back().end == m.end &&
        uniq.back().entity == m.entity)
      continue;
    uniq.push_back(std::move(m));
  }
  // Drop mentions inside longer ones; keep max_per_span per span.
  std::vector<Mention> out;
  size_t max_end = 0;
  bool any = false;
  for (size_t g = 0; g < uniq.size();) {
    size_t h = g;
    while (h < uniq.size() && uniq[h].begin == uniq[g].begin && uniq[h].end == uniq[g].end) ++h;
    const bool contained = any && max_end >= uniq[g].end;
    if (!contained) {
      std::vector<RawMention*> group;
      for (size_t k = g; k < h; ++k) group.push_back(&uniq[k]);
      std::sort(group.begin(), group.end(), [&](const RawMention* a, const RawMention* b) {
        if (a->score != b->score) return a->score > b->score;
        return ents[a->entity].id < ents[b->entity].id;
      });
      if (group.size() > options_.max_per_span) group.resize(options_.max_per_span);
      for (RawMention* m : group) {
        Mention o;
        o.begin = m->begin;
        o.end = m->end;
        o.text = std::string(text.substr(m->begin, m->end - m->begin));
        o.how = m->how;
        o.hit.entity = m->entity;
        o.hit.score = std::move(m->full);
        o.hit.score.score = m->score;
        o.hit.match = true;
        o.hit.query_name = o.text;
        if (m->how == "name") {
          auto v = index_.Name(m->name_ref);
          o.hit.matched_name = ents[m->entity].names[v.name].full;
        } else {
          o.hit.matched_name = ents[m->entity].names.empty() ? "" : ents[m->entity].names[0].full;
        }
        out.push_back(std::move(o));
      }
      max_end = std::max(max_end, uniq[g].end);
      any = true;
    }
    g = h;
  }
  return out;
}

size_t CharOffset(std::string_view text, size_t byte) {
  size_t n = 0;
  for (size_t i = 0; i < byte && i < text.size(); ++i)
    n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

size_t CharCounter::At(size_t byte) {
  if (byte < byte_) byte_ = chars_ = 0;  // backwards: count again from the start
  for (; byte_ < byte && byte_ < text_.size(); ++byte_)
    chars_ += (static_cast<unsigned char>(text_[byte_]) & 0xC0) != 0x80;
  return chars_;
}

nlohmann::json MentionToJson(const index::Index& index, std::string_view text, const Mention& m,
                             CharCounter* counter) {
  nlohmann::json j;
  CharCounter local(text);
  CharCounter& cc = counter ? *counter : local;
  j["start"] = cc.At(m.begin);
  j["end"] = cc.At(m.end);
  j["byte_start"] = m.begin;
  j["byte_end"] = m.end;
  j["text"] = m.text;
  j["how"] = m.how;
  j["result"] = screen::HitToJson(index, m.hit);
  return j;
}

}  // namespace embargo::scan
