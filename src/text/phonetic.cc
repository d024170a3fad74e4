// Phonetic key: a consonant skeleton in the spirit of Daitch-Mokotoff Soundex (1985)
// and Beider-Morse Phonetic Matching (2008), kept deliberately simple and fast.
//
// From Daitch-Mokotoff we take that multi-letter groups are coded as one sound and that
// codes are per sound class, not per letter ("tsch", "sz" and "cz" are one sound); from
// Beider-Morse that the classes must cover the spellings of several languages at once,
// here the romanisation conventions the lists mix (English BGN/PCGN, French, German,
// Polish, pinyin, Arabic). Unlike both we emit one key, not a set of branches: the
// ambiguous groups are folded into one class instead (e.g. "ch" is always postalveolar),
// trading some precision for a single index term.
//
// Rules, applied left to right, longest group first:
//   vowels a e i o u y       dropped, except a token-initial vowel (or y before a
//                            vowel) which is coded A: yuri, iurii, yury -> AR
//   shch sch tsch dsch dzh tch sh ch zh dj cz sz j  -> J  (postalveolars: sh/ch/zh/j of
//                            English, ch/tch/dj of French, sch/tsch of German, sz/cz
//                            of Polish all render the same few Slavic and Arabic sounds)
//   kh h                     -> H    (x of Russian х and Arabic خ, "Khalid"/"Halid")
//   gh q k g ck c(not before e i y)  -> K  (Arabic ق غ, "Qaddafi"/"Gaddafi")
//   c before e i y, ts tz dz s z    -> S
//   x                        -> KS
//   ph f v w b p             -> B    (labials: "Ivanov"/"Iwanow", final devoicing)
//   th dh d t                -> T    (dentals: "Kadhafi", final devoicing)
//   l r m n                  -> themselves
//   h at the end of a token after a vowel is dropped ("abdullah"/"abdulla")
//   j after a vowel and not before one is a vowel ("sergej"/"sergey", "jurij")
//   identical codes next to each other (no vowel between) collapse: "dd" -> T.
// Digits are kept; other bytes (letters of scripts with no transliterator) are kept.
#include "text/phonetic.h"

namespace embargo::text {
namespace {

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

struct Group {
  std::string_view letters;
  char code;
};

// Longest first within each starting letter.
constexpr Group kGroups[] = {
    {"shch", 'J'}, {"tsch", 'J'}, {"dsch", 'J'}, {"sch", 'J'}, {"dzh", 'J'}, {"tch", 'J'},
    {"sh", 'J'},   {"ch", 'J'},   {"zh", 'J'},   {"dj", 'J'},  {"cz", 'J'},  {"sz", 'J'},
    {"kh", 'H'},   {"gh", 'K'},   {"ck", 'K'},   {"ts", 'S'},  {"tz", 'S'},  {"dz", 'S'},
    {"ph", 'B'},   {"th", 'T'},   {"dh", 'T'},
};

char SingleCode(char c, char next) {
  switch (c) {
    case 'j':
      return 'J';
    case 'h':
      return 'H';
    case 'q':
    case 'k':
    case 'g':
      return 'K';
    case 'c':
      return (next == 'e' || next == 'i' || next == 'y') ? 'S' : 'K';
    case 's':
    case 'z':
      return 'S';
    case 'f':
    case 'v':
    case 'w':
    case 'b':
    case 'p':
      return 'B';
    case 'd':
    case 't':
      return 'T';
    case 'l':
      return 'L';
    case 'r':
      return 'R';
    case 'm':
      return 'M';
    case 'n':
      return 'N';
    default:
      return 0;
  }
}

}  // namespace

std::string PhoneticKey(std::string_view t) {
  std::string key;
  size_t i = 0;
  const size_t n = t.size();
  // Token-initial vowel, or y/i + vowel, is coded A.
  if (n > 0 && IsVowel(t[0])) {
    key.push_back('A');
    while (i < n && IsVowel(t[i])) ++i;
  }
  char last = key.empty() ? 0 : key.back();  // last code not separated by a vowel
  while (i < n) {
    char c = t[i];
    if (IsVowel(c)) {
      last = 0;
      ++i;
      continue;
    }
    if (c == 'h' && i + 1 == n && i > 0 && IsVowel(t[i - 1])) break;
    // j after a vowel and not before one is the glide of German/ISO 9 spellings.
    if (c == 'j' && i > 0 && IsVowel(t[i - 1]) && (i + 1 == n || !IsVowel(t[i + 1]))) {
      last = 0;
      ++i;
      continue;
    }
    char code = 0;
    size_t len = 1;
    for (const Group& g : kGroups) {
      if (t.substr(i, g.letters.size()) == g.letters) {
        code = g.code;
        len = g.letters.size();
        break;
      }
    }
    if (code == 0) {
      if (c == 'x') {
        if (last != 'K') key.push_back('K');
        key.push_back('S');
        last = 'S';
        ++i;
        continue;
      }
      code = SingleCode(c, i + 1 < n ? t[i + 1] : 0);
    }
    if (code == 0) {  // digit or other byte: kept
      key.push_back(c);
      last = 0;
    } else if (code != last) {
      key.push_back(code);
      last = code;
    }
    i += len;
  }
  return key;
}

std::vector<std::string> PhoneticKeys(std::string_view name) {
  std::vector<std::string> keys;
  size_t i = 0;
  while (i < name.size()) {
    size_t j = name.find(' ', i);
    if (j == std::string_view::npos) j = name.size();
    if (j > i) keys.push_back(PhoneticKey(name.substr(i, j - i)));
    i = j + 1;
  }
  return keys;
}

}  // namespace embargo::text
