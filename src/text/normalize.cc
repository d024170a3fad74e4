// Name normalisation. The pipeline for non-ASCII input:
//
//  1. Decode UTF-8 leniently (bad bytes -> space), at most kMaxNameBytes; map acute
//     accent and grave used as apostrophes to U+2019 so NFKC does not turn them into
//     a space plus a combining mark.
//  2. NFKC_Casefold (UTS #15 + full case folding, e.g. ß -> ss, Ǆ -> dž, ﬀ -> ff).
//  3. Split into runs by Unicode script (UAX #24): Common and Inherited characters
//     (spaces, punctuation, combining marks) join the run they sit in. Each non-Latin
//     run is transliterated by the one transliterator for its script. ICU's Any-Latin
//     would try every script's rules on every character (Han alone costs ~70 µs/name),
//     so it is only the last resort for letters a specific transliterator left over.
//       Cyrillic  Russian-Latin/BGN; Ukrainian-Latin/BGN when і ї є ґ occur;
//                 Belarusian-Latin/BGN when ў occurs (BGN/PCGN 1947/2019 systems,
//                 the ones most sanctions lists follow: Путин -> putin, Сергей -> sergey,
//                 Сергій -> serhiy).
//       Arabic    our table below: consonants as in common English usage (ح h, خ kh,
//                 ش sh, ث th, ذ dh, غ gh, ق q, ع dropped but "a" word-initially), long
//                 vowels ا a, و u, ي i after a consonant and w/y elsewhere, ة a, ى a,
//                 the article ال split off as "al", harakat read when present.
//                 Unvowelled Arabic cannot give the vowels of "muhammad"; the phonetic
//                 key (phonetic.h) ignores vowels, which is what makes them comparable.
//                 ICU's Arabic-Latin gives ISO 233 with marks ("mḥmd", "ạlrḥmn"), worse
//                 for matching.
//       Hangul    our table: syllables decomposed arithmetically (Unicode 3.12) and
//                 read in McCune-Reischauer without breves, as DPRK names appear on the
//                 lists (김정은 -> kim jong un, 최룡해 -> choe ryong hae), one token per
//                 syllable. Variant: Revised Romanisation (gim jeong eun).
//       Han       Han-Latin/Names (pinyin with surname readings), tones stripped, one
//                 token per syllable (习近平 -> xi jin ping). Japanese kanji come out as
//                 Chinese readings: a known limit.
//       Greek     Greek-Latin/UNGEGN.  Others: "<Script>-Latin" when ICU has it.
//  4. NFD, drop nonspacing marks, fold the letters that have no decomposition
//     (æ ø ł đ ı þ ...), delete apostrophes, other punctuation -> space, collapse.
#include "text/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <list>
#include <mutex>
#include <unordered_map>

namespace embargo::text {
namespace {

// kAlt3 is Arabic script's only (the Maghreb's French-based spelling); the others
// read it as kCanonical.
enum class Style { kCanonical, kAlt1, kAlt2, kAlt3 };

bool IsApostrophe(UChar32 c) {
  switch (c) {
    case 0x27:
    case 0x60:
    case 0xB4:
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2032:
    case 0x02B9:
    case 0x02BA:
    case 0x02BB:
    case 0x02BC:
    case 0x02BE:
    case 0x02BF:
    case 0xB7:
      return true;
    default:
      return false;
  }
}

// Letters that NFD does not decompose into a base letter plus marks.
const char* FoldLetter(UChar32 c) {
  switch (c) {
    case 0xDF:
      return "ss";
    case 0xE6:
      return "ae";
    case 0x153:
      return "oe";
    case 0xF8:
      return "o";
    case 0x142:
      return "l";
    case 0x111:
      return "d";
    case 0xF0:
      return "d";
    case 0xFE:
      return "th";
    case 0x131:
      return "i";
    case 0x127:
      return "h";
    case 0x140:
      return "l";
    case 0x167:
      return "t";
    case 0x138:
      return "k";
    case 0x14B:
      return "ng";
    case 0x283:
      return "sh";
    case 0x292:
      return "zh";
    case 0x259:
      return "e";
    case 0x1DD:
      return "e";
    case 0x25B:
      return "e";
    case 0x254:
      return "o";
    case 0x192:
      return "f";
    case 0x17F:
      return "s";
    case 0x268:
      return "i";
    case 0x251:
      return "a";
    case 0x28A:
      return "u";
    case 0x26A:
      return "i";
    case 0x199:
      return "k";
    case 0x257:
      return "d";
    case 0x253:
      return "b";
    case 0x1B4:
      return "y";
    case 0x225:
      return "z";
    case 0x1E5:
      return "g";
    case 0x266:
      return "h";
    case 0x180:
      return "b";
    case 0x256:
      return "d";
    case 0x133:
      return "ij";
    case 0x1BF:
      return "w";
    case 0x1C0:
      return "";
    case 0x2BF:
      return "";
    default:
      return nullptr;
  }
}

// ---- ICU transliterators: one shared prototype per id, one clone per thread. ----

icu::Transliterator* GetTransliterator(const std::string& id) {
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::Transliterator>> local;
  auto it = local.find(id);
  if (it != local.end()) return it->second.get();
  static std::mutex mu;
  static auto* prototypes =
      new std::unordered_map<std::string, std::unique_ptr<icu::Transliterator>>();
  std::unique_ptr<icu::Transliterator> mine;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto p = prototypes->find(id);
    if (p == prototypes->end()) {
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
          icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
      if (U_FAILURE(status)) t.reset();
      p = prototypes->emplace(id, std::move(t)).first;
    }
    if (p->second) mine.reset(p->second->clone());
  }
  return local.emplace(id, std::move(mine)).first->second.get();
}

void IcuTransliterate(const std::string& id, icu::UnicodeString* s) {
  if (icu::Transliterator* t = GetTransliterator(id)) t->transliterate(*s);
}

UScriptCode ScriptOf(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode code = uscript_getScript(c, &status);
  return U_FAILURE(status) ? USCRIPT_COMMON : code;
}

// ---- Hangul (Unicode 3.12 arithmetic decomposition). ----

constexpr const char* kMrInitial[19] = {"k",  "kk", "n", "t",  "tt", "r",  "m",  "p",  "pp", "s",
                                        "ss", "",   "j", "jj", "ch", "kh", "th", "ph", "h"};
constexpr const char* kRrInitial[19] = {"g",  "kk", "n", "d",  "tt", "r", "m", "b", "pp", "s",
                                        "ss", "",   "j", "jj", "ch", "k", "t", "p", "h"};
constexpr const char* kMrVowel[21] = {"a",  "ae", "ya", "yae", "o",  "e",  "yo",
                                      "ye", "o",  "wa", "wae", "oe", "yo", "u",
                                      "wo", "we", "wi", "yu",  "u",  "ui", "i"};
constexpr const char* kRrVowel[21] = {"a",  "ae", "ya", "yae", "eo", "e",  "yeo",
                                      "ye", "o",  "wa", "wae", "oe", "yo", "u",
                                      "wo", "we", "wi", "yu",  "eu", "ui", "i"};
constexpr const char* kFinal[28] = {"",  "k",  "k", "k", "n", "n", "n", "t", "l", "l",
                                    "l", "l",  "l", "l", "l", "l", "m", "p", "p", "t",
                                    "t", "ng", "t", "t", "k", "t", "p", "t"};

// Appends the syllables of a Hangul word; canonical: one token per syllable.
void RomanizeHangulWord(const icu::UnicodeString& word, Style style, std::string* out) {
  const bool rr = style == Style::kAlt2;
  int syllables = 0;
  for (int32_t i = 0; i < word.length(); i = word.moveIndex32(i, 1)) {
    UChar32 c = word.char32At(i);
    if (c < 0xAC00 || c > 0xD7A3) {
      std::string tmp;
      icu::UnicodeString(c).toUTF8String(tmp);
      out->append(tmp);
      continue;
    }
    int s = c - 0xAC00, l = s / 588, v = (s % 588) / 28, t = s % 28;
    // Joined variant: surname, then the given name as one token.
    if (syllables > 0 && !(style == Style::kAlt1 && syllables >= 2)) out->push_back(' ');
    out->append(rr ? kRrInitial[l] : kMrInitial[l]);
    out->append(rr ? kRrVowel[v] : kMrVowel[v]);
    out->append(kFinal[t]);
    ++syllables;
  }
}

// ---- Arabic script (Arabic, Persian, Urdu letters). ----

// Consonant value of a letter, nullptr when not an Arabic-script letter we know.
const char* ArabicConsonant(UChar32 c) {
  switch (c) {
    case 0x628:
      return "b";
    case 0x62A:
      return "t";
    case 0x62B:
      return "th";
    case 0x62C:
      return "j";
    case 0x62D:
      return "h";
    case 0x62E:
      return "kh";
    case 0x62F:
      return "d";
    case 0x630:
      return "dh";
    case 0x631:
      return "r";
    case 0x632:
      return "z";
    case 0x633:
      return "s";
    case 0x634:
      return "sh";
    case 0x635:
      return "s";
    case 0x636:
      return "d";
    case 0x637:
      return "t";
    case 0x638:
      return "z";
    case 0x63A:
      return "gh";
    case 0x641:
      return "f";
    case 0x642:
      return "q";
    case 0x643:
      return "k";
    case 0x644:
      return "l";
    case 0x645:
      return "m";
    case 0x646:
      return "n";
    case 0x647:
      return "h";
    case 0x67E:
      return "p";
    case 0x686:
      return "ch";
    case 0x698:
      return "zh";
    case 0x6AF:
      return "g";
    case 0x6A9:
      return "k";
    case 0x679:
      return "t";
    case 0x688:
      return "d";
    case 0x691:
      return "r";
    case 0x6BA:
      return "n";
    case 0x6C1:
      return "h";
    case 0x6BE:
      return "h";
    case 0x6A4:
      return "v";
    default:
      return nullptr;
  }
}
bool IsArabicWaw(UChar32 c) { return c == 0x648 || c == 0x624; }
bool IsArabicYeh(UChar32 c) { return c == 0x64A || c == 0x6CC || c == 0x626 || c == 0x6D2; }
bool IsArabicAlef(UChar32 c) {
  return c == 0x627 || c == 0x623 || c == 0x625 || c == 0x622 || c == 0x671;
}
bool IsArabicLetter(UChar32 c) {
  return ArabicConsonant(c) || IsArabicWaw(c) || IsArabicYeh(c) || IsArabicAlef(c) || c == 0x639 ||
         c == 0x621 || c == 0x629 || c == 0x649 || c == 0x6C3;
}

// The Persian, Urdu and Pashto reading of the letters Arabic pronounces th, dh, d and z
// (ث ذ ض ظ): s, z, z, z, as South Asian and Iranian names are written in Latin
// ("SANAULLAH" for ثناء الله, "ZIA" for ضیا). nullptr for every other letter. In the same
// variant a final ى (alef maqsura, which Persian and Urdu text often puts for ی) is "i":
// "حاجى" -> "haji".
const char* PersianConsonant(UChar32 c) {
  switch (c) {
    case 0x62B:
      return "s";
    case 0x630:
    case 0x636:
    case 0x638:
      return "z";
    default:
      return nullptr;
  }
}

// The Maghreb's French-based spelling of the letters it writes otherwise (Style::kAlt3):
// ث t, ج dj, ذ d, ش ch, ض d, ظ d, ق k, as Algerian, Tunisian and Moroccan names appear on
// the lists ("DJAMEL AKKACHA", "ZARKAOUI", "KAMEL DJERMANE"). nullptr for every other letter.
const char* MaghrebConsonant(UChar32 c) {
  switch (c) {
    case 0x62B:
      return "t";
    case 0x62C:
      return "dj";
    case 0x630:
    case 0x636:
    case 0x638:
      return "d";
    case 0x634:
      return "ch";
    case 0x642:
      return "k";
    default:
      return nullptr;
  }
}

// The letters of "Allah" (الله, also with the Urdu heh goal ہ) ending `w` from `from`.
bool IsAllahAt(const std::u32string& w, size_t from) {
  return w.size() == from + 4 && w[from] == 0x627 && w[from + 1] == 0x644 && w[from + 2] == 0x644 &&
         (w[from + 3] == 0x647 || w[from + 3] == 0x6C1);
}

void RomanizeArabicWord(const std::u32string& w, Style style, std::string* out);

// Romanises one Arabic-script word (no spaces inside).
void RomanizeArabicWord(const std::u32string& w, Style style, std::string* out) {
  if (IsAllahAt(w, 0) || (w.size() == 3 && IsAllahAt(U"\u0627" + w, 0))) {  // الله, لله
    out->append("allah");
    return;
  }
  // A name built on Allah written as one word ("عبيدالله", "سعيدالله"): its stem, then
  // "allah" as the word is spelt, or "ullah" as such names are written in Latin
  // ("OBAIDULLAH", "SAIDULLAH").
  if (w.size() >= 6 && IsAllahAt(w, w.size() - 4)) {
    RomanizeArabicWord(w.substr(0, w.size() - 4), style, out);
    out->append(style == Style::kAlt2 ? "ullah" : "allah");
    return;
  }
  size_t start = 0;
  // The article: ال + at least two more letters.
  if (w.size() >= 4 && w[0] == 0x627 && w[1] == 0x644) {
    out->append(style == Style::kAlt1 ? "al" : "al ");
    start = 2;
  }
  bool prev_consonant = false;
  const char* last_consonant = nullptr;  // for shadda, which NFKC orders after vowel marks
  size_t last_consonant_end = 0;
  for (size_t i = start; i < w.size(); ++i) {
    UChar32 c = w[i];
    bool initial = i == start;
    bool next_vowel_letter = i + 1 < w.size() && (IsArabicAlef(w[i + 1]) || w[i + 1] == 0x649);
    const char* k = style == Style::kAlt2   ? PersianConsonant(c)
                    : style == Style::kAlt3 ? MaghrebConsonant(c)
                                            : nullptr;
    if (k || (k = ArabicConsonant(c))) {
      out->append(k);
      last_consonant = k;
      last_consonant_end = out->size();
      prev_consonant = true;
    } else if (IsArabicAlef(c)) {
      out->append(c == 0x625 ? "i" : "a");
      prev_consonant = false;
    } else if (IsArabicWaw(c) || IsArabicYeh(c)) {
      bool waw = IsArabicWaw(c);
      if (!initial && style == Style::kAlt3 && (waw || i + 1 == w.size())) {
        out->append(waw ? "ou" : "i");  // French "ou", and a final "i": "ZARKAOUI"
        prev_consonant = false;
      } else if (initial || !prev_consonant || next_vowel_letter) {
        out->append(waw ? "w" : "y");
        prev_consonant = true;
      } else {
        out->append(waw ? "u" : (c == 0x6D2 ? "e" : "i"));
        prev_consonant = false;
      }
    } else if (c == 0x639) {  // ayn: silent in common usage except as a word's first sound
      if (initial) out->append("a");
      prev_consonant = false;
    } else if (c == 0x649 && style == Style::kAlt2) {  // alef maqsura as Persian final yeh
      out->append("i");
      prev_consonant = false;
    } else if (c == 0x629 || c == 0x649 || c == 0x6C3) {  // ta marbuta, alef maqsura
      out->append("a");
      prev_consonant = false;
    } else if (c == 0x64E) {
      out->append("a");
      prev_consonant = false;
    } else if (c == 0x64F) {
      out->append("u");
      prev_consonant = false;
    } else if (c == 0x650) {
      out->append("i");
      prev_consonant = false;
    } else if (c == 0x64B || c == 0x64C || c == 0x64D) {  // tanwin
      out->append(c == 0x64B ? "an" : c == 0x64C ? "un" : "in");
    } else if (c == 0x651) {  // shadda doubles the consonant
      if (last_consonant) out->insert(last_consonant_end, last_consonant);
    } else if (c == 0x670) {
      out->append("a");
    }
    // hamza, sukun, tatweel and other marks: nothing.
  }
}

// The second variant (Style::kAlt2) writes Arabic-script names as South Asian, Iranian
// and Afghan names appear on the lists: ث ذ ض ظ read as s, z, z, z, and the parts of a
// compound name joined ("حبیب الله" -> "habibullah" rather than "hbib allah", "جلال الدين" ->
// "jlaluddin", "نورالدين" -> "nuruddin"), since Latin spellings write them as one word, and
// "abd al" written "abdul" ("عبد الحكيم" -> "abdul hkim").
void JoinArabicCompounds(std::string* run, Style style) {
  std::vector<std::string> words;
  for (size_t i = 0; i < run->size();) {
    size_t j = run->find(' ', i);
    if (j == std::string::npos) j = run->size();
    if (j > i) words.push_back(run->substr(i, j - i));
    i = j + 1;
  }
  auto ends_with = [](const std::string& w, std::string_view suffix) {
    return w.size() > suffix.size() + 1 && w.ends_with(suffix);
  };
  std::vector<std::string> joined;
  for (size_t i = 0; i < words.size(); ++i) {
    const bool stem = !joined.empty() && joined.back() != "al";
    if (style == Style::kAlt3) {
      // "ABDELKADER", "BEN", "OULD": عبد ال... joined as "abdel", بن and ولد.
      if (words[i] == "abd" && i + 2 < words.size() && words[i + 1] == "al") {
        joined.push_back("abdel" + words[i + 2]);
        i += 2;
      } else if (words[i].starts_with("abdal") && words[i].size() > 6) {
        joined.push_back("abdel" + words[i].substr(5));
      } else {
        joined.push_back(words[i] == "bn" ? "ben" : words[i] == "wld" ? "ould" : words[i]);
      }
      continue;
    }
    if (words[i] == "abd" && i + 1 < words.size() && words[i + 1] == "al") {
      joined.push_back("abdul");  // عبد ال...: "ABDUL QADIR", "ABDUL HAKIM"
      ++i;
    } else if (stem && words[i] == "allah") {
      joined.back() += "ullah";
    } else if (stem && words[i] == "al" && i + 1 < words.size() && words[i + 1] == "din") {
      joined.back() += "uddin";
      ++i;
    } else if (ends_with(words[i], "aldin")) {
      joined.push_back(words[i].substr(0, words[i].size() - 5) + "uddin");
    } else if (words[i].starts_with("abdal") && words[i].size() > 6) {
      joined.push_back("abdul");  // "عبدالجبار" -> "abdul jbar"
      joined.push_back(words[i].substr(5));
    } else {
      joined.push_back(words[i]);
    }
  }
  std::string out;
  for (const auto& w : joined) out += (out.empty() ? "" : " ") + w;
  if (!run->empty() && run->front() == ' ') out.insert(out.begin(), ' ');
  if (!run->empty() && run->back() == ' ' && !out.empty()) out.push_back(' ');
  *run = std::move(out);
}

void RomanizeArabicWords(const icu::UnicodeString& run, Style style, std::string* out);

void RomanizeArabicRun(const icu::UnicodeString& run, Style style, std::string* out) {
  if (style != Style::kAlt2 && style != Style::kAlt3) return RomanizeArabicWords(run, style, out);
  std::string mine;
  RomanizeArabicWords(run, style, &mine);
  JoinArabicCompounds(&mine, style);
  out->append(mine);
}

void RomanizeArabicWords(const icu::UnicodeString& run, Style style, std::string* out) {
  std::u32string word;
  auto flush = [&] {
    if (!word.empty()) RomanizeArabicWord(word, style, out);
    word.clear();
  };
  for (int32_t i = 0; i < run.length(); i = run.moveIndex32(i, 1)) {
    UChar32 c = run.char32At(i);
    if (IsArabicLetter(c) || (c >= 0x64B && c <= 0x65F) || c == 0x670 || c == 0x640) {
      word.push_back(static_cast<char32_t>(c));
    } else {
      flush();
      std::string tmp;
      icu::UnicodeString(c).toUTF8String(tmp);
      out->append(u_isalpha(c) ? tmp : std::string(u_isdigit(c) ? tmp : " "));
    }
  }
  flush();
}

// ---- Cyrillic. ----

// Rewrites a BGN rendering into the simplified convention many lists use instead.
// Russian: no glide y after a vowel ("gaziyev" -> "gaziev", "izmaylov" -> "izmailov",
// "sergey" -> "sergei"), and "-iy"/"-yy" endings shortened ("yuriy" -> "yuri").
// Ukrainian: the 2010 passport style ending "-ii" ("serhiy" -> "serhii").
std::string AltCyrillic(const std::string& s, bool ukrainian) {
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  std::string out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    std::string w = s.substr(i, j - i);
    auto ends = [&](const char* e) {
      size_t n = std::char_traits<char>::length(e);
      return w.size() > n + 1 && w.compare(w.size() - n, n, e) == 0;
    };
    if (ukrainian) {
      if (ends("iy")) w.back() = 'i';
    } else {
      if (ends("iy") || ends("yy")) w.pop_back();
      std::string r;
      for (size_t k = 0; k < w.size(); ++k) {
        if (w[k] == 'y' && k > 0 && vowel(w[k - 1])) {
          char next = k + 1 < w.size() ? w[k + 1] : 0;
          if (next == 'e') continue;        // "aye" -> "ae"
          if (next == 0 || !vowel(next)) {  // "ay" -> "ai"
            r.push_back('i');
            continue;
          }
        }
        r.push_back(w[k]);
      }
      w = r;
    }
    out += w;
    if (j < s.size()) out.push_back(' ');
    i = j + 1;
  }
  return out;
}

// Russian BGN/PCGN by table: ICU's rule-based Russian-Latin/BGN costs ~10 us per name,
// this a few hundred ns. Same output once FoldLatin has run (ë -> e, the ʹ ʺ and the
// disambiguating · that ICU writes are deleted there anyway); checked against ICU in
// normalize_test.cc. е and ё are "ye"/"yë" word-initially and after a vowel, й, ъ or ь.
bool RussianBgn(const icu::UnicodeString& run, std::string* out) {
  static constexpr const char* kLetters[32] = {
      "a", "b", "v", "g", "d", "e",  "zh", "z",  "i",  "y",    "k", "l", "m", "n", "o",  "p",
      "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",  "y", "",  "e", "yu", "ya"};
  auto is_letter = [](UChar32 c) { return (c >= 0x430 && c <= 0x44F) || c == 0x451; };
  auto softens = [](UChar32 c) {  // after these, е/ё are iotated
    switch (c) {
      case 0x430:
      case 0x435:
      case 0x451:
      case 0x438:
      case 0x43E:
      case 0x443:
      case 0x44B:
      case 0x44D:
      case 0x44E:
      case 0x44F:
      case 0x439:
      case 0x44A:
      case 0x44C:
        return true;
      default:
        return false;
    }
  };
  std::string r;
  UChar32 prev = 0;
  for (int32_t i = 0; i < run.length(); i = run.moveIndex32(i, 1)) {
    UChar32 c = run.char32At(i);
    if (c == 0x435 || c == 0x451) {
      bool iotated = !is_letter(prev) || softens(prev);
      r += iotated ? "ye" : "e";
    } else if (c >= 0x430 && c <= 0x44F) {
      r += kLetters[c - 0x430];
    } else if (c >= 0x400 && c <= 0x4FF) {
      return false;  // a letter Russian does not use (or upper case): leave it to ICU
    } else {
      std::string tmp;
      icu::UnicodeString(c).toUTF8String(tmp);
      r += tmp;
    }
    prev = c;
  }
  out->append(r);
  return true;
}

void RomanizeCyrillicRun(const icu::UnicodeString& run, Style style, std::string* out) {
  // The language is guessed from letters only it uses; Russian otherwise.
  const char* id = "Russian-Latin/BGN";
  bool ukrainian = false;
  for (int32_t i = 0; i < run.length(); ++i) {
    switch (run.charAt(i)) {
      case 0x45E:  // ў
        id = "Belarusian-Latin/BGN";
        break;
      case 0x456:
      case 0x457:
      case 0x454:
      case 0x491:  // і ї є ґ
        if (!ukrainian && id == std::string_view("Russian-Latin/BGN")) {
          id = "Ukrainian-Latin/BGN";
          ukrainian = true;
        }
        break;
      case 0x452:
      case 0x45B:
      case 0x459:
      case 0x45A:
      case 0x45F:
      case 0x458:  // ђ ћ љ њ џ ј
        id = "Serbian-Latin/BGN";
        break;
      case 0x453:
      case 0x45C:
      case 0x455:  // ѓ ќ ѕ
        id = "Macedonian-Latin/BGN";
        break;
      case 0x4D9:
      case 0x493:
      case 0x49B:
      case 0x4B1:  // ә ғ қ ұ
        id = "Kazakh-Latin/BGN";
        break;
      default:
        break;
    }
  }
  ukrainian = id == std::string_view("Ukrainian-Latin/BGN");
  if (id == std::string_view("Russian-Latin/BGN")) {
    std::string latin;
    if (RussianBgn(run, &latin)) {
      out->append(style == Style::kAlt1 ? AltCyrillic(latin, false) : latin);
      return;
    }
  }
  icu::UnicodeString s(run);
  IcuTransliterate(id, &s);
  // Letters outside the chosen language (Serbian, Kazakh, ...).
  bool leftover = false;
  for (int32_t i = 0; i < s.length() && !leftover; i = s.moveIndex32(i, 1))
    leftover = ScriptOf(s.char32At(i)) == USCRIPT_CYRILLIC;
  if (leftover) IcuTransliterate("Cyrillic-Latin", &s);
  std::string latin;
  s.toUTF8String(latin);
  if (style == Style::kAlt1) latin = AltCyrillic(latin, ukrainian);
  out->append(latin);
}

// ---- Han: per character, memoised. ----
// ICU's Han-Latin maps one character at a time (Han-Latin/Names adds surname readings
// for a word's first character) through a rule table of ~40k entries that costs tens
// of microseconds per call. Each thread memoises the reading of every character it has
// seen, so a name costs hash lookups once the common characters are known.

constexpr size_t kMaxHanMemo = 1 << 15;  // per thread, per table; cleared when full

const std::string& HanReading(UChar32 c, bool first_of_word) {
  thread_local std::unordered_map<UChar32, std::string> memo[2];
  auto& m = memo[first_of_word ? 1 : 0];
  auto it = m.find(c);
  if (it != m.end()) return it->second;
  if (m.size() >= kMaxHanMemo) m.clear();
  icu::UnicodeString s(c);
  IcuTransliterate(first_of_word ? "Han-Latin/Names" : "Han-Latin", &s);
  std::string latin;
  s.toUTF8String(latin);
  latin.erase(std::remove(latin.begin(), latin.end(), ' '), latin.end());
  return m.emplace(c, std::move(latin)).first->second;
}

// One token per syllable ("xi jin ping"); kAlt1 joins the given name of 3-4 character
// words ("xi jinping").
void RomanizeHanRun(const icu::UnicodeString& run, Style style, std::string* out) {
  int32_t i = 0;
  while (i < run.length()) {
    int32_t j = i;
    std::vector<UChar32> word;
    while (j < run.length() && ScriptOf(run.char32At(j)) == USCRIPT_HAN) {
      word.push_back(run.char32At(j));
      j = run.moveIndex32(j, 1);
    }
    if (word.empty()) {
      std::string tmp;
      icu::UnicodeString(run.char32At(i)).toUTF8String(tmp);
      out->append(tmp);
      i = run.moveIndex32(i, 1);
      continue;
    }
    const bool join = style == Style::kAlt1 && word.size() >= 3 && word.size() <= 4;
    for (size_t k = 0; k < word.size(); ++k) {
      if (k > 0 && !(join && k >= 2)) out->push_back(' ');
      out->append(HanReading(word[k], k == 0));
    }
    i = j;
  }
}

std::string IcuIdFor(UScriptCode script) {
  switch (script) {
    case USCRIPT_GREEK:
      return "Greek-Latin/UNGEGN";
    case USCRIPT_ARMENIAN:
      return "Armenian-Latin/BGN";
    case USCRIPT_GEORGIAN:
      return "Georgian-Latin/BGN";
    case USCRIPT_HIRAGANA:
      return "Hiragana-Latin";
    case USCRIPT_KATAKANA:
      return "Katakana-Latin";
    default:
      return std::string(uscript_getName(script)) + "-Latin";
  }
}

void RomanizeRun(UScriptCode script, const icu::UnicodeString& run, Style style, std::string* out) {
  switch (script) {
    case USCRIPT_CYRILLIC:
      return RomanizeCyrillicRun(run, style, out);
    case USCRIPT_ARABIC:
      return RomanizeArabicRun(run, style, out);
    case USCRIPT_HAN:
      return RomanizeHanRun(run, style, out);
    case USCRIPT_HANGUL: {
      std::string tmp;
      int32_t i = 0;
      while (i < run.length()) {  // words of Hangul, others copied
        int32_t j = i;
        while (j < run.length() && ScriptOf(run.char32At(j)) == USCRIPT_HANGUL)
          j = run.moveIndex32(j, 1);
        if (j > i) {
          RomanizeHangulWord(icu::UnicodeString(run, i, j - i), style, out);
          i = j;
        } else {
          tmp.clear();
          icu::UnicodeString(run.char32At(i)).toUTF8String(tmp);
          out->append(tmp);
          i = run.moveIndex32(i, 1);
        }
      }
      return;
    }
    default: {
      icu::UnicodeString s(run);
      IcuTransliterate(IcuIdFor(script), &s);
      bool leftover = false;
      for (int32_t i = 0; i < s.length() && !leftover; i = s.moveIndex32(i, 1))
        leftover = ScriptOf(s.char32At(i)) == script && u_isalpha(s.char32At(i));
      if (leftover) IcuTransliterate("Any-Latin", &s);
      s.toUTF8String(*out);
    }
  }
}

// Step 4: NFD, strip marks, fold, punctuation -> space, collapse.
std::string FoldLatin(const std::string& mixed) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(mixed);
  if (U_SUCCESS(status)) {
    icu::UnicodeString d = nfd->normalize(s, status);
    if (U_SUCCESS(status)) s = d;
  }
  std::string out;
  out.reserve(mixed.size());
  bool space = true;  // suppresses leading and repeated spaces
  auto put_space = [&] {
    if (!space) out.push_back(' ');
    space = true;
  };
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    UChar32 c = u_tolower(s.char32At(i));
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.push_back(static_cast<char>(c));
        space = false;
      } else if (c != '\'' && c != '`') {
        put_space();
      }
      continue;
    }
    if (IsApostrophe(c)) continue;
    int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) continue;
    if (const char* f = FoldLetter(c)) {
      out.append(f);
      space = out.empty() || out.back() == ' ';
      continue;
    }
    if (u_isdigit(c)) {
      int v = u_charDigitValue(c);
      if (v >= 0 && v <= 9) {
        out.push_back(static_cast<char>('0' + v));
        space = false;
        continue;
      }
    }
    if (u_isalpha(c) || type == U_COMBINING_SPACING_MARK) {
      std::string tmp;
      icu::UnicodeString(c).toUTF8String(tmp);
      out.append(tmp);
      space = false;
      continue;
    }
    put_space();
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string NormalizeAscii(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  bool space = true;
  for (char ch : in) {
    char c = ch;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
      space = false;
    } else if (c == '\'' || c == '`') {
      continue;
    } else if (!space) {
      out.push_back(' ');
      space = true;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string_view Bound(std::string_view s) {
  if (s.size() <= kMaxNameBytes) return s;
  size_t n = kMaxNameBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// Steps 1-2.
icu::UnicodeString Prepare(std::string_view utf8) {
  icu::UnicodeString s;
  int32_t i = 0, n = static_cast<int32_t>(utf8.size());
  const uint8_t* p = reinterpret_cast<const uint8_t*>(utf8.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) c = ' ';
    if (c == 0xB4 || c == 0x60) c = 0x2019;
    s.append(c);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_SUCCESS(status)) {
    icu::UnicodeString folded = nfkc_cf->normalize(s, status);
    if (U_SUCCESS(status)) return folded;
  }
  return s;
}

std::string NormalizeStyled(std::string_view utf8, Style style) {
  utf8 = Bound(utf8);
  if (IsAscii(utf8)) return NormalizeAscii(utf8);
  icu::UnicodeString s = Prepare(utf8);
  std::string mixed;
  mixed.reserve(utf8.size() * 2);
  int32_t i = 0;
  const int32_t n = s.length();
  while (i < n) {
    // One run: a script, with the Common/Inherited characters around it.
    UScriptCode run_script = USCRIPT_COMMON;
    int32_t j = i;
    while (j < n) {
      UScriptCode sc = ScriptOf(s.char32At(j));
      if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) {
        if (run_script == USCRIPT_COMMON) {
          run_script = sc;
        } else if (sc != run_script) {
          break;
        }
      }
      j = s.moveIndex32(j, 1);
    }
    icu::UnicodeString run(s, i, j - i);
    if (run_script == USCRIPT_COMMON || run_script == USCRIPT_LATIN) {
      run.toUTF8String(mixed);
    } else {
      mixed.push_back(' ');
      RomanizeRun(run_script, run, style, &mixed);
      mixed.push_back(' ');
    }
    i = j;
  }
  return FoldLatin(mixed);
}

}  // namespace

bool IsAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::string NormalizeName(std::string_view utf8) {
  return NormalizeStyled(utf8, Style::kCanonical);
}

std::vector<std::string> TransliterationVariants(std::string_view utf8) {
  std::vector<std::string> out{NormalizeStyled(utf8, Style::kCanonical)};
  utf8 = Bound(utf8);
  if (IsAscii(utf8)) return out;
  // Latin-only text (diacritics) has no other convention: skip the two extra passes.
  bool other_script = false, arabic = false;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(utf8.data());
  for (int32_t i = 0, n = static_cast<int32_t>(utf8.size()); i < n && !arabic;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    UScriptCode sc = c < 0 ? USCRIPT_COMMON : ScriptOf(c);
    other_script |= sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED && sc != USCRIPT_LATIN;
    arabic |= sc == USCRIPT_ARABIC;
  }
  if (!other_script) return out;
  for (Style style : {Style::kAlt1, Style::kAlt2, Style::kAlt3}) {
    if (style == Style::kAlt3 && !arabic) break;
    std::string v = NormalizeStyled(utf8, style);
    if (!v.empty() && std::find(out.begin(), out.end(), v) == out.end())
      out.push_back(std::move(v));
  }
  return out;
}

// ---- NormalizeCache ----

namespace {
constexpr size_t kShards = 16;
}  // namespace

struct NormalizeCache::Shard {
  std::mutex mu;
  std::list<std::pair<std::string, std::string>> lru;  // front = most recent
  std::unordered_map<std::string, std::list<std::pair<std::string, std::string>>::iterator> map;
  std::atomic<size_t> hits{0};
};

NormalizeCache::NormalizeCache(size_t capacity)
    : shards_(new Shard[kShards]), per_shard_(std::max<size_t>(1, capacity / kShards)) {}

NormalizeCache::~NormalizeCache() = default;

std::string NormalizeCache::Normalize(std::string_view utf8) {
  utf8 = Bound(utf8);
  if (IsAscii(utf8)) return NormalizeAscii(utf8);
  Shard& shard = shards_[std::hash<std::string_view>()(utf8) % kShards];
  std::string key(utf8);
  {
    std::lock_guard<std::mutex> lock(shard.mu);
    auto it = shard.map.find(key);
    if (it != shard.map.end()) {
      shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
      shard.hits.fetch_add(1, std::memory_order_relaxed);
      return it->second->second;
    }
  }
  std::string value = NormalizeName(utf8);  // outside the lock: may take tens of µs
  std::lock_guard<std::mutex> lock(shard.mu);
  if (shard.map.find(key) == shard.map.end()) {
    shard.lru.emplace_front(key, value);
    shard.map.emplace(std::move(key), shard.lru.begin());
    if (shard.lru.size() > per_shard_) {
      shard.map.erase(shard.lru.back().first);
      shard.lru.pop_back();
    }
  }
  return value;
}

size_t NormalizeCache::size() const {
  size_t total = 0;
  for (size_t i = 0; i < kShards; ++i) {
    std::lock_guard<std::mutex> lock(shards_[i].mu);
    total += shards_[i].lru.size();
  }
  return total;
}

size_t NormalizeCache::hits() const {
  size_t total = 0;
  for (size_t i = 0; i < kShards; ++i) total += shards_[i].hits.load(std::memory_order_relaxed);
  return total;
}

}  // namespace embargo::text
