// Name alignment and evidence scoring.
//
// Token similarity: exact text 1.0; same given-name equivalence class 0.95; an initial
// against a name with that first letter 0.75; otherwise from the optimal string
// alignment distance d over the longer length L, r = d / L, sim = 1 - 0.6 r - 0.8 r^2
// (one typo in a 6-letter name: 0.88; half the letters wrong: 0.5, rejected), raised to 0.8 when
// the phonetic keys and first letters agree and at most half the letters differ, and 0 below
// 0.6. Legal forms and numbers only ever match their own canonical value. Pairs whose
// lengths or letters (each letter found on one side only costs an edit) already exceed
// the distance cutoff are rejected without computing the distance: same scores, less work.
// Weak spellings: a spelling needs 0.7 from the distance alone; phonetic agreement lifts
// to 0.7 only when a token has under 5 letters or the distance gave under 0.6, unless
// the shorter token has no vowel (a consonant skeleton).
//
// Alignment: greedy maximum-weight matching over all single pairs plus joined pairs: two
// adjacent query parts against one list part ("abdul rahman" ~ "abdulrahman"), or one
// query part against two list parts in either order ("arturomeza" ~ "MEZA, Arturo");
// names have a handful of parts, so greedy by descending sim * weight is close to optimal.
// Name score = sum(sim * w) / (sum(w of pairs) + g * sum(w of unmatched query parts)
//              + f * sum(w of unmatched list parts)), g = 0.7 when two or more parts matched
// well and one query name part is extra while the list name lacks nothing, else 1; f = 0.15 when
// two or more parts matched well and one list name part is missing (a middle name or patronymic),
// 0.25 when two or more are, else 0.5; f grows with the square of sum(w of unmatched list parts) /
// sum(w of pairs) when that exceeds 1 (up to 0.5).
#include "match/score.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "match/levenshtein.h"
#include "model/country.h"

namespace embargo::match {
namespace {

constexpr double kMinTokenSim = 0.6;
// Joined or split parts ("abdulrahman" ~ "abdul rahman") count from this similarity.
constexpr double kMinJoinedSim = 0.85;
// Below this string similarity (over half the letters edited) phonetic agreement is chance.
constexpr double kMinPhoneticBase = 0.45;
// A spelling found by its edit distance alone counts from this similarity (under a third
// of the letters edited): "amara"/"mark" (0.63) or "wang"/"chang" are other names.
constexpr double kMinTypoSim = 0.7;
// Phonetic agreement is common by chance between short tokens ("lisa"/"luis",
// "sean"/"son", "mary"/"mayra") and between spellings with under kMinTokenSim of their
// letters in common ("torres"/"teresa", "sarah"/"siraaj"): there it lifts a spelling to
// 0.7, not 0.8, unless the shorter token is a consonant skeleton (abjad scripts written
// without vowels, "hsn"/"hassan", "mshh"/"moshe"): its consonants are all it has.
constexpr size_t kMinPhoneticLen = 5;
// An abjad romanisation against a spelling with the same consonants (AbjadSpelling):
// between a typo (one edit in five letters: 0.85) and a known equivalent (0.95).
constexpr double kAbjadSim = 0.9;
// The share of a list-only part's weight a name pays when two or more parts matched
// well: one missing part is a dropped middle name, patronymic or second surname; two
// or more ("carlos ramirez" ~ "RAMIREZ DUQUE, Carlos Manuel") leave a common given
// name and surname to carry the match, which many other people share.
constexpr double kOneMissingShare = 0.15;
constexpr double kMissingShare = 0.25;
// The share of its weight one query part with no partner costs when two or more parts
// matched well and the list name lacks nothing: the query's middle name or patronymic
// that the list leaves out ("Vladimir Vladimirovich Putin" ~ "Vladimir Putin", "The
// World Bank"). More than a list-only part costs, as the query asked for it: labelled
// pairs found 78.5 -> 80.3%, non-matches alerted 14.2 -> 14.7%; placebo alerts unchanged.
constexpr double kOneExtraQueryShare = 0.7;

bool IsStructural(text::TokenKind k) {
  return k == text::TokenKind::kLegalForm || k == text::TokenKind::kNumber;
}

enum How : uint8_t { kNone, kExact, kEquivalent, kInitial, kTypo, kPhonetic, kJoined };

const char* HowName(uint8_t h) {
  switch (h) {
    case kExact:
      return "exact";
    case kEquivalent:
      return "equivalent";
    case kInitial:
      return "initial";
    case kTypo:
      return "typo";
    case kPhonetic:
      return "phonetic";
    case kJoined:
      return "joined";
  }
  return "";
}

// The text of part a, or of parts a and b (a != b) joined with a space.
std::string JoinDisplay(const std::vector<NameToken>& t, int a, int b) {
  std::string s(t[a].text);
  if (b != a) {
    s += ' ';
    s += t[b].text;
  }
  return s;
}

// Largest share of edits r with 0.8 r^2 + 0.6 r <= 1 - min_sim.
double MaxEditShare(double min_sim) {
  return (-0.6 + std::sqrt(0.36 + 3.2 * (1.0 - min_sim))) / 1.6;
}
const double kTokenEditShare = MaxEditShare(kMinTokenSim);
const double kJoinedEditShare = MaxEditShare(kMinJoinedSim);

// The edit cutoff StringSim(., ., kTokenEditShare) uses for strings of longer length `len`,
// tabled for the usual lengths (asked for every pair of parts the alignment meets).
size_t ComputeTokenEditCutoff(size_t len) {
  return static_cast<size_t>(kTokenEditShare * static_cast<double>(len)) + 1;
}
constexpr size_t kCutoffTable = 128;
const std::array<size_t, kCutoffTable> kTokenEditCutoffs = [] {
  std::array<size_t, kCutoffTable> t;
  for (size_t n = 0; n < t.size(); ++n) t[n] = ComputeTokenEditCutoff(n);
  return t;
}();
size_t TokenEditCutoff(size_t len) {
  return len < kCutoffTable ? kTokenEditCutoffs[len] : ComputeTokenEditCutoff(len);
}

// 1 - 0.6 r - 0.8 r^2 with r = d / len: the similarity of two spellings whose longer one
// has `len` letters, `d` edits apart.
double SimFromEdits(size_t d, size_t len) {
  double r = static_cast<double>(d) / static_cast<double>(len);
  return 1.0 - 0.6 * r - 0.8 * r * r;
}

// Similarity of two spellings from their OSA distance: 1 - 0.6 r - 0.8 r^2 with r the
// share of edits. Callers only use values of at least the similarity whose edit share is
// `r_max`, so the distance is computed with the largest edit count that can still reach
// it: most pairs of unrelated tokens are then rejected by their length difference alone,
// or early.
double StringSim(std::string_view a, std::string_view b, double r_max) {
  if (a == b) return 1.0;
  size_t len = std::max(a.size(), b.size());
  if (len == 0) return 0;
  // One edit of slack for rounding.
  size_t cutoff = static_cast<size_t>(r_max * static_cast<double>(len)) + 1;
  size_t shorter = std::min(a.size(), b.size());
  if (len - shorter > cutoff) return 0;
  size_t d = OsaDistance(a, b, cutoff);
  if (d > cutoff) return 0;
  return SimFromEdits(d, len);
}

// The most edits with which strings of longer length `len` still reach kMinTypoSim:
// exact (no slack), as it compares SimFromEdits itself. Tabled for the usual lengths.
size_t ComputeTypoEditMax(size_t len) {
  size_t d = 0;
  while (d < len && SimFromEdits(d + 1, len) >= kMinTypoSim) ++d;
  return d;
}
const std::array<size_t, kCutoffTable> kTypoEditMax = [] {
  std::array<size_t, kCutoffTable> t;
  for (size_t n = 0; n < t.size(); ++n) t[n] = ComputeTypoEditMax(n);
  return t;
}();
size_t TypoEditMax(size_t len) {
  return len < kCutoffTable ? kTypoEditMax[len] : ComputeTypoEditMax(len);
}

// StringSim when only values of at least kMinTypoSim count (0 otherwise): the same value
// there, with the distance cut off at the exact number of edits that still reach it.
double TypoSim(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  const size_t len = std::max(a.size(), b.size());
  if (len == 0) return 0;
  const size_t cutoff = TypoEditMax(len);
  if (len - std::min(a.size(), b.size()) > cutoff) return 0;
  const size_t d = OsaDistance(a, b, cutoff);
  return d > cutoff ? 0 : SimFromEdits(d, len);
}

// Bits set in x. Inline, as the build targets plain x86-64 (no POPCNT), where
// std::popcount is a call into libgcc.
size_t PopCount(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<size_t>((x * 0x0101010101010101ull) >> 56);
}

// A lower bound of the OSA distance of two strings from their LetterMasks (0 when one
// is unset): every letter of one side missing from the other needs its own edit, as a
// substitution or deletion removes one occurrence of one letter and a transposition none.
size_t MinEdits(uint64_t a, uint64_t b) {
  if (a == 0 || b == 0) return 0;
  return std::max(PopCount(a & ~b), PopCount(b & ~a));
}

// Whether strings of these lengths can reach kMinJoinedSim at all.
bool JoinedLengthsFit(size_t joined, size_t single) {
  size_t len = std::max(joined, single), shorter = std::min(joined, single);
  return len - shorter <= static_cast<size_t>(kJoinedEditShare * static_cast<double>(len)) + 1;
}

// The lengths that JoinedLengthsFit against length `single` (the test is symmetric): the
// fit is monotone on either side of `single`, so they form a range. Tabled for the usual
// token lengths, as the alignment asks for every part of every name.
std::pair<size_t, size_t> ComputeJoinedLengthRange(size_t single) {
  size_t lo = single, hi = single;
  while (lo > 0 && JoinedLengthsFit(lo - 1, single)) --lo;
  while (JoinedLengthsFit(hi + 1, single)) ++hi;
  return {lo, hi};
}
const std::array<std::pair<size_t, size_t>, kCutoffTable> kJoinedRanges = [] {
  std::array<std::pair<size_t, size_t>, kCutoffTable> t;
  for (size_t n = 0; n < t.size(); ++n) t[n] = ComputeJoinedLengthRange(n);
  return t;
}();
std::pair<size_t, size_t> JoinedLengthRange(size_t single) {
  return single < kCutoffTable ? kJoinedRanges[single] : ComputeJoinedLengthRange(single);
}

// The LetterMask of two joined parts; unset (0) when either is.
uint64_t JoinedMask(uint64_t a, uint64_t b) { return a != 0 && b != 0 ? a | b : 0; }

// Whether the letters of a + b (concatenated, masks `ab`) and of c (`cm`) rule out
// JoinedSim's cutoff: then JoinedSim is 0 without computing it.
bool JoinedLettersFail(uint64_t ab, uint64_t cm, size_t joined, size_t single) {
  size_t len = std::max(joined, single);
  return MinEdits(ab, cm) > static_cast<size_t>(kJoinedEditShare * static_cast<double>(len)) + 1;
}

// StringSim of a + b (concatenated) against c, without allocating.
double JoinedSim(std::string_view a, std::string_view b, std::string_view c) {
  if (!JoinedLengthsFit(a.size() + b.size(), c.size())) return 0;
  char buf[256];
  if (a.size() + b.size() > sizeof buf) return 0;
  std::copy(a.begin(), a.end(), buf);
  std::copy(b.begin(), b.end(), buf + a.size());
  double s = StringSim(std::string_view(buf, a.size() + b.size()), c, kJoinedEditShare);
  return s >= kMinJoinedSim ? s : 0;
}

// Whether the shorter of two tokens has no vowel: a consonant skeleton.
bool Skeleton(std::string_view a, std::string_view b) {
  std::string_view s = a.size() <= b.size() ? a : b;
  return s.find_first_of("aeiouy") == std::string_view::npos;
}

// A name token as an abjad sees it: its consonants in order, and the vowel letters in
// each gap around them (gaps.size() == consonants.size() + 1). v is read as w (Hebrew ו is
// both); a consonant repeated with only vowels between is written once (an abjad rarely
// writes shadda or dagesh: "hsin"/"hussein"). The romaniser writes w and y only for
// consonants (their vowel uses come out as u and i), so an abjad token keeps them; a Latin
// spelling's w and y may stand for vowels ("tharwat"/"thrut", "sayyed"/"sid"), so
// `glides_are_vowels` counts them, after the first letter, with the gap's vowels.
struct AbjadShape {
  std::string consonants;
  std::vector<std::string> gaps;
};

AbjadShape ShapeOf(std::string_view t, bool glides_are_vowels) {
  AbjadShape s;
  s.gaps.emplace_back();
  bool glide = false;  // a glide read as a vowel since the last consonant kept
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i] == 'v' ? 'w' : t[i];
    bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    if (vowel || (glides_are_vowels && i > 0 && (c == 'w' || c == 'y'))) {
      glide |= !vowel;
      s.gaps.back().push_back(c);
      continue;
    }
    if (!glide && !s.consonants.empty() && s.consonants.back() == c) continue;
    s.consonants.push_back(c);
    s.gaps.emplace_back();
    glide = false;
  }
  return s;
}

// Whether a Latin gap spells the long vowels an abjad gap writes: a (ا, ة, ى) as a or e,
// i (ي) as i, e or y, u (و) as u, o or w. An empty abjad gap holds short vowels only, which
// any spelling may write; the first gap is stricter, since the scripts write a word's
// first vowel (alef, ayn): empty on both sides or on neither.
bool GapSpells(const std::string& abjad, const std::string& latin, bool first) {
  if (first && abjad.empty() != latin.empty()) return false;
  if (first) return true;
  for (char v : abjad) {
    std::string_view ok = v == 'a' ? "ae" : v == 'i' || v == 'e' ? "iey" : "uow";
    if (latin.find_first_of(ok) == std::string::npos) return false;
  }
  return true;
}

bool SameShape(AbjadShape abjad, AbjadShape latin) {
  // A final h on one side only is the same ending ("zinih"/"zeiniye", "mshh"/"moshe": ه and
  // ה written for a final vowel): its gaps merge.
  for (AbjadShape* s : {&abjad, &latin}) {
    AbjadShape& o = s == &abjad ? latin : abjad;
    if (s->consonants.size() == o.consonants.size() + 1 && s->consonants.back() == 'h') {
      s->consonants.pop_back();
      std::string last = std::move(s->gaps.back());
      s->gaps.pop_back();
      s->gaps.back() += last;
    }
  }
  if (abjad.consonants.size() < 2 || abjad.consonants != latin.consonants) return false;
  for (size_t g = 0; g < abjad.gaps.size(); ++g)
    if (!GapSpells(abjad.gaps[g], latin.gaps[g], g == 0)) return false;
  return true;
}

// A token romanised from an abjad against a spelling of the same name with its vowels:
// the same consonants in order, each long vowel the script writes spelt in its place
// ("mrad"/"murad", "hsin"/"hussein", "nurzi"/"noorzai", "thrut"/"tharwat"; not
// "hsin"/"hassan", "jmal"/"jamil" or "hamd"/"ahmad"). Given names the lists know as
// different (other equivalence classes: "mhmd" and "mahmud") stay different.
bool AbjadSpelling(const NameToken& a, const NameToken& b) {
  if (a.abjad == b.abjad || a.kind != text::TokenKind::kName || b.kind != text::TokenKind::kName)
    return false;
  if (a.equivalence != 0 && b.equivalence != 0 && a.equivalence != b.equivalence) return false;
  const NameToken& abjad = a.abjad ? a : b;
  const NameToken& other = a.abjad ? b : a;
  AbjadShape shape = ShapeOf(abjad.text, false);
  return SameShape(shape, ShapeOf(other.text, false)) ||
         SameShape(shape, ShapeOf(other.text, true));
}

bool PhoneticAgree(const NameToken& a, const NameToken& b) {
  // Phonetic agreement vouches for a spelling variant only when the first letters agree
  // too ("gadhafi"/"qaddafi" excepted: those meet through the equivalence classes).
  return !a.phonetic.empty() && a.phonetic == b.phonetic && a.text[0] == b.text[0];
}

// TokenSim where it needs no edit distance (true, with *sim and *how set); false when
// only the distance can tell.
bool QuickTokenSim(const NameToken& a, const NameToken& b, double* sim, uint8_t* how) {
  *how = kNone;
  *sim = 0;
  // Different letter sets (when both are known) mean different texts, without comparing.
  const bool may_be_equal = a.letters == b.letters || a.letters == 0 || b.letters == 0;
  if (may_be_equal && a.text == b.text) {
    *how = kExact;
    *sim = 1.0;
    return true;
  }
  if (IsStructural(a.kind) || IsStructural(b.kind)) return true;
  if (a.equivalence != 0 && a.equivalence == b.equivalence) {
    *how = kEquivalent;
    *sim = 0.95;
    return true;
  }
  if (AbjadSpelling(a, b)) {
    *how = kPhonetic;
    *sim = kAbjadSim;
    return true;
  }
  if (a.text.size() == 1 || b.text.size() == 1) {
    if (!a.text.empty() && !b.text.empty() && a.text[0] == b.text[0]) {
      *how = kInitial;
      *sim = 0.75;
    }
    return true;
  }
  // Lengths too far apart for StringSim to reach kMinTokenSim (kMinTypoSim, exactly, for
  // spellings without phonetic agreement: SlowTokenSim needs that much from them).
  size_t len = std::max(a.text.size(), b.text.size());
  size_t shorter = std::min(a.text.size(), b.text.size());
  size_t cutoff = PhoneticAgree(a, b) ? TokenEditCutoff(len) : TypoEditMax(len);
  // Or letters too different: StringSim's distance would exceed the same cutoff.
  return len - shorter > cutoff || MinEdits(a.letters, b.letters) > cutoff;
}

// The rest of TokenSim: the edit distance, then phonetic agreement.
double SlowTokenSim(const NameToken& a, const NameToken& b, uint8_t* how) {
  *how = kNone;
  // Without phonetic agreement only kMinTypoSim counts: TypoSim gives the same values.
  const bool agree = PhoneticAgree(a, b);
  double sim = agree ? StringSim(a.text, b.text, kTokenEditShare) : TypoSim(a.text, b.text);
  uint8_t h = kTypo;
  // Phonetic agreement does not rescue spellings with over half their letters changed
  // ("lisa"/"luis", "torres"/"teresa"): placebo alerts 2.9% -> 2.15%, recall unchanged.
  const double phonetic =
      Skeleton(a.text, b.text) ||
              (std::min(a.text.size(), b.text.size()) >= kMinPhoneticLen && sim >= kMinTokenSim)
          ? 0.8
          : 0.7;
  if (sim < phonetic && sim >= kMinPhoneticBase && agree) {
    sim = phonetic;
    h = kPhonetic;
  }
  if (sim < (h == kPhonetic ? kMinTokenSim : kMinTypoSim)) return 0.0;
  *how = h;
  return sim;
}

double TokenSim(const NameToken& a, const NameToken& b, uint8_t* how) {
  double sim;
  if (QuickTokenSim(a, b, &sim, how)) return sim;
  return SlowTokenSim(a, b, how);
}

constexpr uint64_t kSingle = 0, kJoinedQuery = 1, kJoinedList = 2;

}  // namespace

CompareScratch::CompareScratch() : table_(256) {}

void CompareScratch::Clear() {
  used_ = 0;
  if (++gen_ == 0) {  // wrapped: old generations could look current
    std::fill(table_.begin(), table_.end(), Entry{});
    std::fill(row_of_.begin(), row_of_.end(), 0);
    gen_ = 1;
  }
  variants_.clear();
  width_ = 0;
  rows_ = 0;
}

void CompareScratch::Start(const std::vector<PreparedName>& query) {
  Clear();
  uint32_t width = 0;
  for (const PreparedName& p : query) {
    if (p.tokens.empty()) continue;
    const auto n = static_cast<uint32_t>(p.tokens.size());
    variants_.push_back({p.tokens.data(), n, width});
    width += 2 * n - 1;
  }
  if (width > kMaxWidth) {
    variants_.clear();
    width = 0;
  }
  width_ = width;
}

const CompareScratch::Variant* CompareScratch::FindVariant(const NameToken* tokens) const {
  for (const Variant& v : variants_)
    if (v.tokens == tokens) return &v;
  return nullptr;
}

const CompareScratch::Variant* CompareScratch::VariantOf(const NameToken* token) const {
  for (const Variant& v : variants_)
    if (token >= v.tokens && token < v.tokens + v.n) return &v;
  return nullptr;
}

uint32_t CompareScratch::Row(uint32_t list_token) {
  if (list_token >= row_of_.size())
    row_of_.resize(std::max<size_t>(size_t{list_token} + 1, row_of_.size() * 2), 0);
  const uint64_t v = row_of_[list_token];
  if ((v >> 32) == gen_) return static_cast<uint32_t>(v);
  const uint32_t row = rows_++;
  const size_t end = size_t{rows_} * width_;
  if (end > hows_.size()) {
    sims_.resize(std::max<size_t>(end, sims_.size() * 2));
    hows_.resize(sims_.size());
  }
  std::fill_n(hows_.begin() + static_cast<std::ptrdiff_t>(size_t{row} * width_), width_, kUnknown);
  row_of_[list_token] = (uint64_t{gen_} << 32) | row;
  return row;
}

CompareScratch::Entry* CompareScratch::Find(uint64_t k1, uint64_t k2) {
  const size_t mask = table_.size() - 1;
  uint64_t h = (k1 * 0x9E3779B97F4A7C15ull) ^ (k2 * 0xC2B2AE3D27D4EB4Full);
  size_t i = static_cast<size_t>(h ^ (h >> 29)) & mask;
  while (table_[i].gen == gen_ && (table_[i].k1 != k1 || table_[i].k2 != k2)) i = (i + 1) & mask;
  return &table_[i];
}

void CompareScratch::Grow() {
  std::vector<Entry> old(table_.size() * 2);
  old.swap(table_);
  for (const Entry& e : old) {
    if (e.gen == gen_) *Find(e.k1, e.k2) = e;
  }
}

// The parts of one side that the greedy matching has used: bits for names of up to 64
// parts (all but pathological ones), else `big`.
class UsedParts {
 public:
  UsedParts(int n, std::vector<char>& big) : big_(n > 64 ? &big : nullptr) {
    if (big_ != nullptr) big_->assign(static_cast<size_t>(n), 0);
  }
  bool operator[](int i) const { return big_ != nullptr ? (*big_)[i] != 0 : (bits_ >> i) & 1; }
  void Set(int i) {
    if (big_ != nullptr) {
      (*big_)[i] = 1;
    } else {
      bits_ |= uint64_t{1} << i;
    }
  }

 private:
  uint64_t bits_ = 0;
  std::vector<char>* big_;
};

// The alignment, with or without its explanation, with or without a memo.
struct Aligner {
  using Pair = CompareScratch::Pair;

  // The memoised value of `compute` for (query token, kind, list key); computed directly
  // when there is no memo or the list side has no id.
  template <typename Fn>
  static double Memo(CompareScratch* memo, const NameToken* qt, uint64_t kind, uint64_t list_key,
                     bool has_id, uint8_t* how, Fn&& compute) {
    if (memo == nullptr || !has_id) return compute(how);
    uint64_t k1 = reinterpret_cast<uintptr_t>(qt) | kind;
    CompareScratch::Entry* e = memo->Find(k1, list_key);
    if (e->gen == memo->gen_) {
      *how = e->how;
      return e->sim;
    }
    double sim = compute(how);
    if ((memo->used_ + 1) * 2 > memo->table_.size()) {
      memo->Grow();
      e = memo->Find(k1, list_key);
    }
    *e = {k1, list_key, sim, memo->gen_, *how};
    ++memo->used_;
    return sim;
  }

  static double Run(const PreparedName& query, const PreparedName& candidate, CompareScratch* memo,
                    std::vector<Pair>& pairs, std::vector<char>& q_used_big,
                    std::vector<char>& c_used_big, NameComparison* out) {
    // Plain pointers: the pushes into `pairs` could otherwise alias the token vectors,
    // and every access would reload them.
    const NameToken* const q = query.tokens.data();
    const NameToken* const c = candidate.tokens.data();
    const int nq = static_cast<int>(query.tokens.size());
    const int nc = static_cast<int>(candidate.tokens.size());
    if (nq == 0 || nc == 0) return 0;
    pairs.clear();
    constexpr uint32_t kNo = NameToken::kNoTokenId;
    uint64_t exact_q = 0;  // query parts with an exact single partner
    // The query's cells of the dense table, when it serves this query name.
    const CompareScratch::Variant* dense =
        memo != nullptr ? memo->FindVariant(query.tokens.data()) : nullptr;
    // Single pairs, then two adjacent query parts against one list part: the similarity
    // of the pair (`joined`: of q[i] q[i + 1] against c[j]), 0 when it does not count.
    auto single = [&](int i, int j, uint8_t* how) {
      double s;
      if (!QuickTokenSim(q[i], c[j], &s, how))
        s = Memo(memo, &q[i], kSingle, c[j].id, c[j].id != kNo, how,
                 [&](uint8_t* h) { return SlowTokenSim(q[i], c[j], h); });
      return s;
    };
    auto joined_fits = [&](int i, int j) {  // lengths and letters leave a chance
      const size_t len = q[i].text.size() + q[i + 1].text.size();
      const auto [single_min, single_max] = JoinedLengthRange(len);
      if (c[j].text.size() < single_min || c[j].text.size() > single_max) return false;
      return !JoinedLettersFail(JoinedMask(q[i].letters, q[i + 1].letters), c[j].letters, len,
                                c[j].text.size());
    };
    auto joined = [&](int i, int j, uint8_t* how) {
      *how = kJoined;
      return JoinedSim(q[i].text, q[i + 1].text, c[j].text);
    };
    auto add_single = [&](int i, int j, double s, uint8_t how) {
      if (s > 0) pairs.push_back({i, i, j, j, s, 0.5 * (q[i].weight + c[j].weight), how});
      if (how == kExact && i < 64) exact_q |= uint64_t{1} << i;
    };
    auto add_joined = [&](int i, int j, double s) {
      if (s >= kMinJoinedSim) {
        pairs.push_back({i, i + 1, j, j, s,
                         0.5 * (std::max(q[i].weight, q[i + 1].weight) + c[j].weight), kJoined});
      }
    };
    auto joinable = [&](int i) { return !IsStructural(q[i].kind) && !IsStructural(q[i + 1].kind); };
    if (dense != nullptr) {
      // Each list part's row holds its similarity to every query part (and joined pair),
      // computed the first time any list name of this query meets that part.
      for (int j = 0; j < nc; ++j) {
        if (c[j].id == kNo) {
          for (int i = 0; i < nq; ++i) {
            uint8_t how = kNone;
            const double sim = single(i, j, &how);
            add_single(i, j, sim, how);
          }
          for (int i = 0; i + 1 < nq; ++i) {
            uint8_t how = kNone;
            if (joinable(i) && joined_fits(i, j)) add_joined(i, j, joined(i, j, &how));
          }
          continue;
        }
        const size_t cell = size_t{memo->Row(c[j].id)} * memo->width_ + dense->base;
        double* const sims = memo->sims_.data() + cell;
        uint8_t* const hows = memo->hows_.data() + cell;
        for (int i = 0; i < nq; ++i) {
          if (hows[i] == CompareScratch::kUnknown) sims[i] = TokenSim(q[i], c[j], &hows[i]);
          add_single(i, j, sims[i], hows[i]);
        }
        for (int i = 0; i + 1 < nq; ++i) {
          if (!joinable(i)) continue;
          if (hows[nq + i] == CompareScratch::kUnknown) {
            hows[nq + i] = kJoined;
            sims[nq + i] = joined_fits(i, j) ? joined(i, j, &hows[nq + i]) : 0.0;
          }
          add_joined(i, j, sims[nq + i]);
        }
      }
    } else {
      for (int i = 0; i < nq; ++i) {
        for (int j = 0; j < nc; ++j) {
          uint8_t how = kNone;
          const double sim = single(i, j, &how);
          add_single(i, j, sim, how);
        }
      }
      for (int i = 0; i + 1 < nq; ++i) {
        if (!joinable(i)) continue;
        for (int j = 0; j < nc; ++j) {
          if (!joined_fits(i, j)) continue;
          uint8_t how = kNone;
          double s = Memo(memo, &q[i], kJoinedQuery, c[j].id, c[j].id != kNo, &how,
                          [&](uint8_t* h) { return joined(i, j, h); });
          add_joined(i, j, s);
        }
      }
    }
    size_t nc_min_len = SIZE_MAX;  // shortest list part: no join of part j can be shorter
    for (int j = 0; j < nc; ++j) nc_min_len = std::min(nc_min_len, c[j].text.size());
    // A query part against two list parts in either order: the lists' word order
    // ("MEZA CAZARES, Arturo") is not the order people type ("ArturoMeza"). A query part
    // with an exact partner needs no join (a join would spend two list parts on it).
    for (int i = 0; i < nq; ++i) {
      if (i < 64 && (exact_q >> i) & 1) continue;
      const size_t qlen = q[i].text.size();
      const auto [join_min, join_max] = JoinedLengthRange(qlen);
      for (int j = 0; j < nc; ++j) {
        const size_t jlen = c[j].text.size();
        if (IsStructural(c[j].kind) || jlen >= qlen || jlen + nc_min_len > join_max) continue;
        // Out of the listed order, only joins that start as the query part does (keeps
        // the cost of trying every order down; a typo in the first letter is rare).
        const bool any_order = jlen > 0 && c[j].text[0] == q[i].text[0];
        const int k_begin = any_order ? 0 : j + 1;
        const int k_end = any_order ? nc : std::min(j + 2, nc);
        for (int k = k_begin; k < k_end; ++k) {
          const size_t joined = jlen + c[k].text.size();
          if (k == j || joined < join_min || joined > join_max || IsStructural(c[k].kind)) continue;
          if (JoinedLettersFail(JoinedMask(c[j].letters, c[k].letters), q[i].letters, joined, qlen))
            continue;
          const uint64_t key = (uint64_t{c[j].id} << 32) | c[k].id;
          const bool has_id = c[j].id != kNo && c[k].id != kNo;
          uint8_t how = kNone;
          double s = Memo(memo, &q[i], kJoinedList, key, has_id, &how, [&](uint8_t* h) {
            *h = kJoined;
            return JoinedSim(c[j].text, c[k].text, q[i].text);
          });
          if (s >= kMinJoinedSim) {
            pairs.push_back(
                {i, i, j, k, s, 0.5 * (q[i].weight + std::max(c[j].weight, c[k].weight)), kJoined});
          }
        }
      }
    }
    for (Pair& p : pairs) p.key = p.sim * p.weight;
    std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
      if (a.key != b.key) return a.key > b.key;
      if (a.sim != b.sim) return a.sim > b.sim;
      // A total order, so the explained and the score-only runs pick the same pairs.
      if (a.q0 != b.q0) return a.q0 < b.q0;
      if (a.c0 != b.c0) return a.c0 < b.c0;
      if (a.q1 != b.q1) return a.q1 < b.q1;
      return a.c1 < b.c1;
    });
    UsedParts q_used(nq, q_used_big), c_used(nc, c_used_big);
    double matched = 0, pair_weight = 0;
    int good = 0;
    for (const auto& p : pairs) {
      bool free = !q_used[p.q0] && !q_used[p.q1] && !c_used[p.c0] && !c_used[p.c1];
      if (!free) continue;
      q_used.Set(p.q0);
      q_used.Set(p.q1);
      c_used.Set(p.c0);
      c_used.Set(p.c1);
      matched += p.sim * p.weight;
      pair_weight += p.weight;
      if (p.sim >= 0.8 && q[p.q0].kind != text::TokenKind::kInitial) ++good;
      if (out)
        out->parts.push_back({JoinDisplay(query.tokens, p.q0, p.q1),
                              JoinDisplay(candidate.tokens, p.c0, p.c1), p.sim, p.weight,
                              HowName(p.how)});
    }
    double q_extra = 0, c_extra = 0;
    int c_missing = 0, q_missing = 0;  // list / query name parts left out
    for (int i = 0; i < nq; ++i) {
      if (q_used[i]) continue;
      q_extra += q[i].weight;
      q_missing += q[i].kind == text::TokenKind::kName;
      if (out) out->query_extra.emplace_back(q[i].text);
    }
    for (int j = 0; j < nc; ++j) {
      if (c_used[j]) continue;
      c_extra += c[j].weight;
      c_missing += c[j].kind == text::TokenKind::kName;
      if (out) out->candidate_extra.emplace_back(c[j].text);
    }
    double f = good < 2 ? 0.5 : c_missing >= 2 ? kMissingShare : kOneMissingShare;
    // Matched parts lighter than the list parts left out ("carlos perez" ~ "PEREZ
    // AMPUEDA, Carlos Alfredo": two common parts, two rarer ones missing) say less than
    // a dropped patronymic: the tolerance shrinks with the square of the excess.
    if (good >= 2 && c_extra > pair_weight) {
      const double excess = c_extra / pair_weight;
      f = std::min(0.5, f * excess * excess);
    }
    const double q_share =
        good >= 2 && q_missing == 1 && c_missing == 0 ? kOneExtraQueryShare : 1.0;
    double denom = pair_weight + q_share * q_extra + f * c_extra;
    double score = denom > 0 ? matched / denom : 0;
    if (out) out->score = score;
    return score;
  }
};

double TokenSimilarity(const NameToken& a, const NameToken& b, std::string* how) {
  uint8_t h;
  double s = TokenSim(a, b, &h);
  if (how && h != kNone) *how = HowName(h);
  return s;
}

NameComparison CompareNames(const PreparedName& query, const PreparedName& candidate) {
  NameComparison out;
  std::vector<Aligner::Pair> pairs;
  std::vector<char> q_used, c_used;
  Aligner::Run(query, candidate, nullptr, pairs, q_used, c_used, &out);
  return out;
}

double TokenSimilarity(const NameToken& query, const NameToken& list, CompareScratch& scratch) {
  uint8_t how = kNone;
  double s;
  if (list.id != NameToken::kNoTokenId) {
    if (const CompareScratch::Variant* v = scratch.VariantOf(&query)) {
      const size_t cell =
          size_t{scratch.Row(list.id)} * scratch.width_ + v->base + (&query - v->tokens);
      uint8_t& h = scratch.hows_[cell];
      if (h == CompareScratch::kUnknown) scratch.sims_[cell] = TokenSim(query, list, &h);
      return scratch.sims_[cell];
    }
  }
  if (QuickTokenSim(query, list, &s, &how)) return s;
  return Aligner::Memo(&scratch, &query, kSingle, list.id, list.id != NameToken::kNoTokenId, &how,
                       [&](uint8_t* h) { return SlowTokenSim(query, list, h); });
}

double CompareNamesScore(const PreparedName& query, const PreparedName& candidate,
                         CompareScratch& scratch) {
  return Aligner::Run(query, candidate, &scratch, scratch.pairs_, scratch.q_used_, scratch.c_used_,
                      nullptr);
}

std::string NormalizeIdentifier(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (char ch : raw) {
    if (ch >= 'a' && ch <= 'z')
      out.push_back(static_cast<char>(ch - 32));
    else if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
      out.push_back(ch);
  }
  return out;
}

namespace {

struct DateEvidence {
  double p = 0;  // positive strength
  double c = 0;  // conflict strength
  std::string detail;
};

DateEvidence CompareDate(const model::PartialDate& q, const model::DateSpec& d) {
  DateEvidence e;
  if (q.empty() || d.from.empty()) return e;
  int slack = d.circa ? 2 : 0;
  if (d.is_range()) {
    int lo = d.from.year - slack, hi = d.to.year + slack;
    if (q.year >= lo && q.year <= hi) {
      e.p = 0.3;
      e.detail =
          fmt::format("{} within listed range {}", q.ToIso(),
                      d.original.empty() ? d.from.ToIso() + ".." + d.to.ToIso() : d.original);
    } else if (q.year >= lo - 1 && q.year <= hi + 1) {
      e.p = 0.1;
      e.detail = fmt::format("{} one year outside listed range", q.ToIso());
    } else {
      e.c = 0.3;
      e.detail = fmt::format("conflict: {} outside listed range {}..{}", q.ToIso(), d.from.ToIso(),
                             d.to.ToIso());
    }
    return e;
  }
  const model::PartialDate& l = d.from;
  int dy = std::abs(q.year - l.year);
  if (dy == 0) {
    if (q.month != 0 && l.month != 0 && q.month != l.month) {
      e.c = 0.1;
      e.detail = fmt::format("same year, different month: {} vs {}", q.ToIso(), l.ToIso());
    } else if (q.day != 0 && l.day != 0 && q.month == l.month && q.day != l.day) {
      e.c = 0.05;
      e.detail = fmt::format("same month, different day: {} vs {}", q.ToIso(), l.ToIso());
    } else if (q.day != 0 && l.day != 0) {
      e.p = 0.7;
      e.detail = fmt::format("same day {}", l.ToIso());
    } else if (q.month != 0 && l.month != 0) {
      e.p = 0.55;
      e.detail = fmt::format("same month {}", l.ToIso());
    } else {
      e.p = d.circa ? 0.3 : 0.45;
      e.detail = fmt::format("same year {}", l.year);
    }
  } else if (dy <= 1 + slack) {
    e.p = 0.1;
    e.detail = fmt::format("{} year(s) apart: {} vs {}", dy, q.ToIso(),
                           d.original.empty() ? l.ToIso() : d.original);
  } else {
    e.c = 0.3;
    e.detail = fmt::format("conflict: {} vs listed {}", q.ToIso(),
                           d.original.empty() ? l.ToIso() : d.original);
  }
  return e;
}

}  // namespace

Score ScoreEvidence(NameComparison name, const QueryFacts& facts, const model::Entity& entity) {
  Score s;
  s.name_score = name.score;
  s.name = std::move(name);
  const double base = kNameScale * s.name_score;
  double score = base;
  double gap_keep = 1.0;  // prod(1 - p_i)
  auto apply_positive = [&](double p, Feature f) {
    double before = score;
    gap_keep *= (1.0 - p);
    score = base + (1.0 - base) * (1.0 - gap_keep);
    f.contribution = score - before;
    s.features.push_back(std::move(f));
  };
  std::vector<std::pair<double, Feature>> conflicts;

  // Birth date: best agreement over all pairs; a conflict only when nothing agrees.
  if (!facts.birth_dates.empty() && !entity.birth_dates.empty()) {
    DateEvidence best;
    bool any_positive = false;
    double min_conflict = 1.0;
    std::string conflict_detail;
    for (const auto& q : facts.birth_dates) {
      for (const auto& d : entity.birth_dates) {
        DateEvidence e = CompareDate(q, d);
        if (e.p > best.p) {
          best = e;
          any_positive = true;
        } else if (e.c > 0 && e.c < min_conflict) {
          min_conflict = e.c;
          conflict_detail = e.detail;
        }
      }
    }
    if (any_positive) {
      apply_positive(best.p, {"birth_date", best.detail, 0});
    } else if (min_conflict < 1.0) {
      conflicts.push_back({min_conflict, {"birth_date", conflict_detail, 0}});
    }
  }

  // Country: nationality, citizenship, residence, addresses, flag.
  if (!facts.countries.empty()) {
    // The entity's countries from every source, without building a set of them: a query
    // country agrees when any source lists it.
    auto listed_has = [&entity](const std::string& c) {
      auto in = [&c](const std::vector<std::string>& v) {
        return std::find(v.begin(), v.end(), c) != v.end();
      };
      if (in(entity.nationalities) || in(entity.citizenships) || in(entity.countries)) return true;
      for (const auto& a : entity.addresses)
        if (!a.country.empty() && a.country == c) return true;
      return !entity.flag.empty() && entity.flag == c;
    };
    bool any_listed = !entity.nationalities.empty() || !entity.citizenships.empty() ||
                      !entity.countries.empty() || !entity.flag.empty();
    for (const auto& a : entity.addresses) any_listed |= !a.country.empty();
    if (any_listed) {
      const std::string* agree = nullptr;
      for (const auto& c : facts.countries)
        if (listed_has(c)) agree = &c;
      if (agree != nullptr) {
        apply_positive(0.15, {"country", "agree: " + *agree, 0});
      } else {
        // Sorted and without repeats, as a set would list them.
        std::vector<std::string_view> listed(entity.nationalities.begin(),
                                             entity.nationalities.end());
        listed.insert(listed.end(), entity.citizenships.begin(), entity.citizenships.end());
        listed.insert(listed.end(), entity.countries.begin(), entity.countries.end());
        for (const auto& a : entity.addresses)
          if (!a.country.empty()) listed.push_back(a.country);
        if (!entity.flag.empty()) listed.push_back(entity.flag);
        std::sort(listed.begin(), listed.end());
        listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
        std::string l;
        for (std::string_view c : listed) {
          if (!l.empty()) l += ',';
          l += c;
        }
        std::string qc;
        for (const auto& c : facts.countries) qc += (qc.empty() ? "" : ",") + c;
        conflicts.push_back({0.08, {"country", "conflict: " + qc + " vs listed " + l, 0}});
      }
    }
  }

  // Gender.
  if (facts.gender != model::Gender::kUnknown && entity.gender != model::Gender::kUnknown) {
    if (facts.gender == entity.gender) {
      apply_positive(
          0.05,
          {"gender", std::string("agree: ") + std::string(model::GenderName(entity.gender)), 0});
    } else {
      conflicts.push_back(
          {0.3,
           {"gender",
            fmt::format("conflict: {} vs listed {}", model::GenderName(facts.gender),
                        model::GenderName(entity.gender)),
            0}});
    }
  }

  // Identifiers: exact on alphanumerics.
  bool id_match = false;
  if (!facts.identifiers.empty() && !entity.identifiers.empty()) {
    for (const auto& raw : facts.identifiers) {
      std::string qn = NormalizeIdentifier(raw);
      if (qn.size() < 4) continue;
      for (const auto& id : entity.identifiers) {
        if (NormalizeIdentifier(id.value) == qn) {
          apply_positive(0.6, {"identifier",
                               fmt::format("same {} {}", model::IdTypeName(id.type), id.value), 0});
          id_match = true;
          break;
        }
      }
      if (id_match) break;
    }
  }

  for (auto& [c, f] : conflicts) {
    double before = score;
    score *= (1.0 - c);
    f.contribution = score - before;
    s.features.push_back(std::move(f));
  }
  if (id_match) {
    double cap = kNameScale * s.name_score + kIdCapOverName;
    if (score > cap) {
      s.features.push_back(
          {"identifier_cap",
           fmt::format("an identifier alone cannot lift a name scoring {:.2f}", s.name_score),
           cap - score});
      score = cap;
    }
  }
  s.score = std::clamp(score, 0.0, 1.0);
  return s;
}

}  // namespace embargo::match
