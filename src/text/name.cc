// Name analysis: a greedy left-to-right tagger over the normalised tokens. At each
// position the longest legal-form phrase (up to kMaxPhraseWords words) wins, then a
// number phrase ("forty four", "one hundred and one"), then single-word classes.
// Two guards keep common name syllables from being read as something else:
//  - legal forms of one or two letters ("sa", "ag", "ao", "nv", "bv") and phrases made
//    only of single letters ("s a", "n v", "s p a") count only as the first or last
//    token(s) of the name, where company types are written;
//  - titles count only in the leading run of tokens ("dr sheikh mohammed ..."), and
//    generational suffixes (jr, sr, ii, iii) only as the last token, or, spelled as a
//    word (jr, sr, junior, senior), as the first of three or more: "LAVILLA, Ruben, JR"
//    put in natural order by a program that moves the last part to the front.
#include "text/name.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "text/normalize.h"

namespace embargo::text {
namespace {

constexpr size_t kMaxPhraseWords = 6;

struct Form {
  const char* phrase;
  const char* cls;
};

// Legal forms, as NormalizeName writes them (BGN spellings of Russian and Ukrainian,
// plus the spellings seen on the lists).
constexpr Form kLegalForms[] = {
    {"llc", "llc"},
    {"l l c", "llc"},
    {"ooo", "llc"},
    {"tov", "llc"},
    {"too", "llc"},
    {"obshchestvo s ogranichennoy otvetstvennostyu", "llc"},
    {"obshchestvo s ogranichennoi otvetstvennostiu", "llc"},
    {"obshchestvo s ogranichennoi otvetstvennostyu", "llc"},
    {"obschestvo s ogranichennoy otvetstvennostyu", "llc"},
    {"tovarystvo z obmezhenoyu vidpovidalnistyu", "llc"},
    {"limited liability company", "llc"},
    {"limited liability co", "llc"},
    {"gmbh", "llc"},
    {"gesellschaft mit beschrankter haftung", "llc"},
    {"sarl", "llc"},
    {"s a r l", "llc"},
    {"srl", "llc"},
    {"s r l", "llc"},
    {"sp z o o", "llc"},
    {"spolka z ograniczona odpowiedzialnoscia", "llc"},
    {"sro", "llc"},
    {"s r o", "llc"},
    {"kft", "llc"},
    {"bv", "llc"},
    {"b v", "llc"},
    {"mchj", "llc"},
    {"ltda", "llc"},
    {"lda", "llc"},
    {"doo", "llc"},
    {"d o o", "llc"},
    {"jsc", "jsc"},
    {"ojsc", "jsc"},
    {"cjsc", "jsc"},
    {"pjsc", "jsc"},
    {"ao", "jsc"},
    {"oao", "jsc"},
    {"zao", "jsc"},
    {"pao", "jsc"},
    {"pat", "jsc"},
    {"prat", "jsc"},
    {"jstc", "jsc"},
    {"joint stock company", "jsc"},
    {"joint stock co", "jsc"},
    {"open joint stock company", "jsc"},
    {"closed joint stock company", "jsc"},
    {"public joint stock company", "jsc"},
    {"aktsionernoye obshchestvo", "jsc"},
    {"aktsionernoe obshchestvo", "jsc"},
    {"otkrytoye aktsionernoye obshchestvo", "jsc"},
    {"otkrytoe aktsionernoe obshchestvo", "jsc"},
    {"zakrytoye aktsionernoye obshchestvo", "jsc"},
    {"zakrytoe aktsionernoe obshchestvo", "jsc"},
    {"publichnoye aktsionernoye obshchestvo", "jsc"},
    {"publichnoe aktsionernoe obshchestvo", "jsc"},
    {"ag", "jsc"},
    {"aktiengesellschaft", "jsc"},
    {"sa", "jsc"},
    {"s a", "jsc"},
    {"sociedad anonima", "jsc"},
    {"societe anonyme", "jsc"},
    {"s a de c v", "jsc"},
    {"sa de cv", "jsc"},
    {"nv", "jsc"},
    {"n v", "jsc"},
    // Lebanon's societe anonyme libanaise ("JAMMAL TRUST BANK S.A.L.", "ABAR PETROLEUM
    // SERVICE SAL"); without it "s a l" read as a "s a r l" with a letter dropped.
    {"sal", "jsc"},
    {"s a l", "jsc"},
    // Venezuela's compania anonima ("ALFA ONE, C.A.").
    {"ca", "jsc"},
    {"c a", "jsc"},
    {"compania anonima", "jsc"},
    {"spa", "jsc"},
    {"s p a", "jsc"},
    {"ltd", "ltd"},
    {"limited", "ltd"},
    {"pty ltd", "ltd"},
    {"pvt ltd", "ltd"},
    {"pte ltd", "ltd"},
    {"private limited", "ltd"},
    {"sdn bhd", "ltd"},
    {"bhd", "ltd"},
    {"plc", "plc"},
    {"public limited company", "plc"},
    {"inc", "inc"},
    {"incorporated", "inc"},
    {"lp", "lp"},
    {"llp", "lp"},
    {"limited partnership", "lp"},
    {"limited liability partnership", "lp"},
    {"kg", "lp"},
    {"gmbh co kg", "lp"},
};

constexpr Form kOrgWords[] = {
    {"company", "company"},
    {"compania", "company"},
    {"co", "company"},
    {"corp", "corp"},
    {"corporation", "corp"},
    {"corporacion", "corp"},
    {"group", "group"},
    {"holding", "holding"},
    {"holdings", "holding"},
    {"enterprise", "enterprise"},
    {"enterprises", "enterprise"},
    {"industries", "industries"},
    {"international", "international"},
    {"intl", "international"},
    {"trading", "trading"},
};

// Words found only inside multi-word legal forms, distinctive enough to read as a
// legal form on their own when the rest of the phrase was dropped or misspelt
// ("AKTSIONERNOE FIRMA TVEMA", "EKB NEVA LIABILITY COMPANY", "LTD ACME PTE"): otherwise each is the
// rarest, heaviest part of the name. The class is the form's usual one.
constexpr Form kLegalFragments[] = {
    {"liability", "llc"},
    {"obshchestvo", "llc"},
    {"obschestvo", "llc"},
    {"ogranichennoy", "llc"},
    {"ogranichennoi", "llc"},
    {"otvetstvennostyu", "llc"},
    {"otvetstvennostiu", "llc"},
    {"tovarystvo", "llc"},
    {"obmezhenoyu", "llc"},
    {"vidpovidalnistyu", "llc"},
    {"beschrankter", "llc"},
    {"haftung", "llc"},
    {"ograniczona", "llc"},
    {"odpowiedzialnoscia", "llc"},
    {"aktsionernoye", "jsc"},
    {"aktsionernoe", "jsc"},
    {"sociedad", "jsc"},
    {"anonima", "jsc"},
    {"societe", "jsc"},
    {"anonyme", "jsc"},
    {"pte", "ltd"},
    {"pvt", "ltd"},
    {"sdn", "ltd"},
};

constexpr const char* kTitles[] = {
    "mr",       "mrs",      "ms",         "miss",     "dr",        "prof",         "professor",
    "sir",      "dame",     "lord",       "sheikh",   "shaikh",    "sheik",        "shaykh",
    "sheykh",   "shiekh",   "haji",       "hajji",    "hadji",     "hajj",         "mullah",
    "mulla",    "maulana",  "maulvi",     "mawlawi",  "mawlavi",   "imam",         "qari",
    "general",  "gen",      "lieutenant", "lt",       "colonel",   "col",          "major",
    "maj",      "captain",  "capt",       "admiral",  "adm",       "brigadier",    "brig",
    "sergeant", "sgt",      "commander",  "cmdr",     "marshal",   "president",    "minister",
    "prince",   "princess", "king",       "emir",     "ayatollah", "hojatoleslam", "rev",
    "reverend", "father",   "eng",        "engineer", "judge",     "senator",      "deputy",
    "governor",
};
constexpr const char* kSuffixes[] = {"jr", "sr", "ii", "iii", "iv", "junior", "senior"};

constexpr const char* kParticles[] = {
    "al",  "el",   "ul",  "ud",  "bin", "ibn",   "ben",   "bint", "binti", "abu",
    "abd", "ould", "bou", "de",  "del", "della", "delle", "dei",  "der",   "den",
    "di",  "da",   "das", "dos", "do",  "du",    "des",   "van",  "von",   "ter",
    "le",  "la",   "lo",  "los", "las", "zu",    "y",     "mac",
};

constexpr const char* kUnits[] = {"zero",    "one",     "two",       "three",    "four",
                                  "five",    "six",     "seven",     "eight",    "nine",
                                  "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                  "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr const char* kUnitOrdinals[] = {
    "zeroth",     "first",     "second",    "third",       "fourth",     "fifth",     "sixth",
    "seventh",    "eighth",    "ninth",     "tenth",       "eleventh",   "twelfth",   "thirteenth",
    "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"};
constexpr const char* kTens[] = {"",      "",      "twenty",  "thirty", "forty",
                                 "fifty", "sixty", "seventy", "eighty", "ninety"};
constexpr const char* kTenOrdinals[] = {"",          "",         "twentieth", "thirtieth",
                                        "fortieth",  "fiftieth", "sixtieth",  "seventieth",
                                        "eightieth", "ninetieth"};

struct Tables {
  std::unordered_map<std::string, std::string> legal;
  std::unordered_set<std::string> legal_first;  // first words of multi-word legal forms
  std::unordered_map<std::string, std::string> org;
  std::unordered_map<std::string, std::string> fragments;  // kLegalFragments
  // "first second" of every multi-word legal form, to split them when written as one
  // word ("jointstock", "obshchestvos", "privatelimited").
  std::unordered_set<std::string> glued_pairs;
  std::unordered_set<std::string> form_words;  // every word of a form of 3+ words
  // Legal forms and organisation words as word lists, for the one-typo fallback.
  std::vector<std::pair<std::vector<std::string>, const char*>> legal_words;
  // Indexes into legal_words by the first letter of the form's first word, in table
  // order: a form word and its typo share their first letter (OneEditApart).
  std::vector<uint16_t> legal_by_first[256];
  std::unordered_set<std::string> titles, suffixes, particles;
  std::unordered_map<std::string, int> units, tens;  // words and ordinals -> value
};

std::vector<std::string> SplitWords(std::string_view s);

const Tables& GetTables() {
  static const Tables* t = [] {
    auto* t = new Tables;
    for (const Form& f : kLegalForms) {
      t->legal.emplace(f.phrase, f.cls);
      std::string_view p(f.phrase);
      if (p.find(' ') != std::string_view::npos) t->legal_first.emplace(p.substr(0, p.find(' ')));
    }
    for (const Form& f : kOrgWords) t->org.emplace(f.phrase, f.cls);
    for (const Form& f : kLegalFragments) t->fragments.emplace(f.phrase, f.cls);
    for (const Form& f : kLegalForms) {
      t->legal_words.emplace_back(SplitWords(f.phrase), f.cls);
      const auto& words = t->legal_words.back().first;
      if (words.size() >= 3) t->form_words.insert(words.begin(), words.end());
      // Not short first words: "do" is no glued "d o", nor "sa" "s a".
      if (words.size() >= 2 && words[0].size() >= 4)
        t->glued_pairs.insert(words[0] + " " + words[1]);
    }
    for (size_t k = 0; k < t->legal_words.size(); ++k) {
      const auto& words = t->legal_words[k].first;
      if (!words.empty())
        t->legal_by_first[static_cast<unsigned char>(words[0][0])].push_back(
            static_cast<uint16_t>(k));
    }
    for (const char* s : kTitles) t->titles.insert(s);
    for (const char* s : kSuffixes) t->suffixes.insert(s);
    for (const char* s : kParticles) t->particles.insert(s);
    for (int i = 0; i < 20; ++i) {
      t->units.emplace(kUnits[i], i);
      t->units.emplace(kUnitOrdinals[i], i);
    }
    for (int i = 2; i < 10; ++i) {
      t->tens.emplace(kTens[i], i * 10);
      t->tens.emplace(kTenOrdinals[i], i * 10);
    }
    return t;
  }();
  return *t;
}

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < s.size() && words.size() < kMaxTokens * 2) {
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) words.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return words;
}

// True when `a` becomes `b` by one substitution, insertion, deletion or swap of two
// adjacent letters, the first letter kept ("limted" ~ "limited", "stcok" ~ "stock").
bool OneEditApart(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty() || a[0] != b[0] || a == b) return false;
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);  // transposition
  }
  return a.substr(i) == b.substr(i + 1);  // insertion
}

// A word that may be a typo of a legal-form or organisation word: long enough that one
// edit still leaves it unmistakable.
constexpr size_t kMinFuzzyFormWord = 5;
// Shorter words of a form of three or more words ("open" of "open joint stock company")
// may have a typo when two of the form's words are exact: the phrase vouches for them.
constexpr size_t kMinFuzzyPhraseWord = 4;
constexpr size_t kMinExactForShortTypo = 2;

// No vowel: an abbreviation ("gmbh", "cjsc"), never a name part of the Latin lists.
bool NoVowel(std::string_view w) { return w.find_first_of("aeiouy") == std::string_view::npos; }

// Whether `word` is one typo of the form word `form`. Besides long words: an
// abbreviation of four or more letters with a letter more or less ("gmkbh", "gmh",
// "cjs", Iran's "pjs"): a consonant run that close to a form is no name. Not one letter
// changed: that is another abbreviation ("cssc" is no "cjsc").
bool FormWordTypo(std::string_view word, std::string_view form, bool vouched) {
  if (!OneEditApart(word, form)) return false;
  if (form.size() >= kMinFuzzyFormWord) return true;
  if (form.size() >= 4 && word.size() >= 3 && word.size() != form.size() && NoVowel(form) &&
      NoVowel(word))
    return true;
  return vouched && form.size() >= kMinFuzzyPhraseWord;
}

// The longest legal form starting at w[i] when some of its long words have one typo
// each ("joint stcok company", "limted", "joint stork compan", "ope joint stock
// company"), at least one word of a multi-word form being exact; 0 when none. A form of
// one short abbreviation only at the start or end of the name, where forms are written.
size_t FuzzyLegalForm(const std::vector<std::string>& w, size_t i, std::string* cls) {
  const Tables& t = GetTables();
  size_t best = 0;
  if (w[i].empty()) return 0;
  // Only forms whose first word starts with w[i]'s letter can match: each word is the
  // form's word or one typo of it, which keeps the first letter and the length +-1.
  for (uint16_t idx : t.legal_by_first[static_cast<unsigned char>(w[i][0])]) {
    const auto& [words, c] = t.legal_words[idx];
    if (words.size() > w.size() - i || words.size() <= best) continue;
    bool close = true;
    for (size_t k = 0; k < words.size() && close; ++k) {
      const std::string& a = w[i + k];
      const std::string& b = words[k];
      close = !a.empty() && a[0] == b[0] && a.size() + 1 >= b.size() && b.size() + 1 >= a.size();
    }
    if (!close) continue;
    const size_t max_typos = std::max<size_t>(1, words.size() - 1);
    size_t typos = 0, exact = 0;
    for (size_t k = 0; k < words.size(); ++k) exact += w[i + k] == words[k];
    const bool vouched = words.size() >= 3 && exact >= kMinExactForShortTypo;
    bool ok = true;
    for (size_t k = 0; k < words.size() && ok; ++k) {
      if (w[i + k] == words[k]) continue;
      ok = ++typos <= max_typos && FormWordTypo(w[i + k], words[k], vouched);
    }
    if (ok && words.size() == 1 && words[0].size() < kMinFuzzyFormWord && i != 0 &&
        i + 1 != w.size())
      ok = false;
    if (ok && typos >= 1) {
      best = words.size();
      *cls = c;
    }
  }
  return best;
}

// The class of the organisation word `word` is one typo away from, or nullptr.
const char* FuzzyOrgWord(std::string_view word) {
  if (word.size() < kMinFuzzyFormWord + 1) return nullptr;
  for (const Form& f : kOrgWords)
    if (OneEditApart(word, f.phrase)) return f.cls;
  return nullptr;
}

// The longest run w[i..i+len) (len >= 2) of words of one multi-word legal form in its
// order, at most one of the form's words skipped between two of them ("joint company",
// "limited liability", "obshchestvo ogranichennoi otvetstvennostyu"): a form with a word
// dropped. 0 when none.
size_t PartialLegalForm(const std::vector<std::string>& w, size_t i, std::string* cls) {
  const Tables& t = GetTables();
  size_t best = 0;
  if (t.form_words.count(w[i]) == 0) return 0;
  for (const auto& [words, c] : t.legal_words) {
    if (words.size() < 3) continue;  // two words with one dropped is one word
    for (size_t start = 0; start < words.size(); ++start) {
      if (words[start] != w[i]) continue;
      size_t len = 1, pos = start, typos = 0;
      while (i + len < w.size()) {
        size_t next = pos + 1;
        if (next < words.size() && words[next] == w[i + len]) {
        } else if (next + 1 < words.size() && words[next + 1] == w[i + len]) {
          ++next;
        } else if (typos == 0 && next < words.size() &&
                   FormWordTypo(w[i + len], words[next], /*vouched=*/false)) {
          ++typos;  // "public joient stock": a long word of the form with one typo
        } else {
          break;
        }
        pos = next;
        ++len;
      }
      // A typo'd word ends the run when nothing exact follows it: it may be a name.
      // All a form's words, or most of them: a partial match must leave something out,
      // and two of them exact.
      if (typos > 0 && pos < words.size() && w[i + len - 1] != words[pos]) {
        --len;
        typos = 0;
      }
      if (len >= 2 + typos && len < words.size() && len > best) {
        best = len;
        *cls = c;
      }
    }
  }
  return best;
}

// Words with a legal form written onto them split in two: a multi-word form's first two
// words ("jointstock", "obshchestvos"), or an unmistakable form before or after a part
// of at least three letters ("ooolanprint", "companybastion", "dinrinlimited",
// "jscabs", "oaoepk"; the lists' own "HSLLLC", "OOOSGM", "AIRCOMPANY").
std::vector<std::string> SplitGluedForms(std::vector<std::string> w) {
  static constexpr const char* kGlued[] = {"llc",  "ooo", "oao",     "jsc",     "ojsc", "cjsc",
                                           "pjsc", "ltd", "limited", "company", "gmbh"};
  constexpr size_t kMinRest = 3;
  const Tables& t = GetTables();
  std::vector<std::string> out;
  out.reserve(w.size());
  for (std::string& word : w) {
    bool split = false;
    std::string prefix;  // word[0, cut), grown a letter at a time
    for (size_t cut = 1; cut < word.size() && !split; ++cut) {
      prefix.push_back(word[cut - 1]);
      if (t.legal_first.count(prefix) == 0) continue;
      if (t.glued_pairs.count(prefix + " " + word.substr(cut))) {
        out.push_back(word.substr(0, cut));
        out.push_back(word.substr(cut));
        split = true;
      }
    }
    for (size_t g = 0; g < std::size(kGlued) && !split; ++g) {
      std::string_view form = kGlued[g];
      if (word.size() < form.size() + kMinRest) continue;
      if (std::string_view(word).substr(0, form.size()) == form) {
        out.emplace_back(form);
        out.push_back(word.substr(form.size()));
        split = true;
      } else if (std::string_view(word).substr(word.size() - form.size()) == form) {
        out.push_back(word.substr(0, word.size() - form.size()));
        out.emplace_back(form);
        split = true;
      }
    }
    if (!split) out.push_back(std::move(word));
  }
  return out;
}

// Whether `word` is, alone, a legal form, a word of a multi-word one, a fragment or an
// organisation word.
bool IsFormWord(const std::string& word) {
  const Tables& t = GetTables();
  return t.legal.count(word) || t.form_words.count(word) || t.fragments.count(word) ||
         t.org.count(word);
}

// Two adjacent words that are a legal-form or organisation word split in two ("aktsio
// nernoe", "liab ility", "corpo ration") joined back, when neither half is such a word
// itself; otherwise the halves are two rare, heavy name parts.
std::vector<std::string> JoinSplitForms(std::vector<std::string> w) {
  constexpr size_t kMinJoined = 6;
  std::vector<std::string> out;
  out.reserve(w.size());
  for (size_t i = 0; i < w.size(); ++i) {
    if (i + 1 < w.size() && w[i].size() >= 2 && w[i + 1].size() >= 2 &&
        w[i].size() + w[i + 1].size() >= kMinJoined && !IsFormWord(w[i]) && !IsFormWord(w[i + 1]) &&
        IsFormWord(w[i] + w[i + 1])) {
      out.push_back(w[i] + w[i + 1]);
      ++i;
      continue;
    }
    out.push_back(std::move(w[i]));
  }
  return out;
}

bool AllSingleLetters(const std::vector<std::string>& w, size_t i, size_t len) {
  for (size_t k = i; k < i + len; ++k)
    if (w[k].size() != 1) return false;
  return true;
}

// "44", "44th", "1st", "007": the value without leading zeros; empty if not a number.
std::string DigitValue(const std::string& w) {
  size_t d = 0;
  while (d < w.size() && w[d] >= '0' && w[d] <= '9') ++d;
  if (d == 0) return {};
  std::string rest = w.substr(d);
  if (!rest.empty() && rest != "st" && rest != "nd" && rest != "rd" && rest != "th") return {};
  size_t z = 0;
  while (z + 1 < d && w[z] == '0') ++z;
  return w.substr(z, d - z);
}

// Number words starting at w[i]; returns words consumed (0 when none) and the value.
size_t NumberPhrase(const std::vector<std::string>& w, size_t i, int* value) {
  const Tables& t = GetTables();
  size_t k = i;
  int total = 0;
  auto unit = [&](size_t p) {
    auto it = t.units.find(w[p]);
    return it == t.units.end() ? -1 : it->second;
  };
  auto tens = [&](size_t p) {
    auto it = t.tens.find(w[p]);
    return it == t.tens.end() ? -1 : it->second;
  };
  // [unit] hundred [and]
  if (k < w.size() && (w[k] == "hundred" || w[k] == "hundredth")) {
    total = 100;
    ++k;
  } else if (k + 1 < w.size() && unit(k) >= 1 && unit(k) <= 9 &&
             (w[k + 1] == "hundred" || w[k + 1] == "hundredth")) {
    total = unit(k) * 100;
    k += 2;
  }
  size_t after_hundred = k;
  if (total > 0 && k + 1 < w.size() && w[k] == "and" && (unit(k + 1) >= 1 || tens(k + 1) > 0)) ++k;
  if (k < w.size() && tens(k) > 0) {
    total += tens(k);
    ++k;
    if (k < w.size() && unit(k) >= 1 && unit(k) <= 9) total += unit(k++);
  } else if (k < w.size() && unit(k) >= 0) {
    total += unit(k++);
  } else {
    k = after_hundred;
  }
  *value = total;
  return k - i;
}

}  // namespace

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kName:
      return "name";
    case TokenKind::kInitial:
      return "initial";
    case TokenKind::kParticle:
      return "particle";
    case TokenKind::kTitle:
      return "title";
    case TokenKind::kLegalForm:
      return "legal_form";
    case TokenKind::kOrgWord:
      return "org_word";
    case TokenKind::kNumber:
      return "number";
  }
  return "name";
}

std::vector<Token> Tokenize(std::string_view normalized, bool person) {
  const Tables& t = GetTables();
  const std::vector<std::string> w =
      person ? SplitWords(normalized) : JoinSplitForms(SplitGluedForms(SplitWords(normalized)));
  const size_t n = w.size();
  std::vector<Token> out;
  bool leading = true;  // still in the leading run where titles count
  size_t i = 0;
  while (i < n && out.size() < kMaxTokens) {
    // Longest legal-form phrase.
    size_t best = 0;
    std::string best_cls, phrase;
    const size_t longest = person                      ? 0
                           : t.legal_first.count(w[i]) ? std::min(kMaxPhraseWords, n - i)
                                                       : 1;
    for (size_t len = longest; len >= 1 && best == 0; --len) {
      phrase = w[i];
      for (size_t k = i + 1; k < i + len; ++k) phrase += " " + w[k];
      auto it = t.legal.find(phrase);
      if (it == t.legal.end()) continue;
      bool edge = i == 0 || i + len == n;
      bool short_form = phrase.size() <= 2 || AllSingleLetters(w, i, len);
      if (short_form && !edge) continue;
      if (short_form && n == len) continue;  // "sa" alone is a name, not a form
      best = len;
      best_cls = it->second;
    }
    // One typo in a legal form ("limted", "joint stcok company") would otherwise make it
    // the rarest, heaviest part of the name; a longer form with typos beats a shorter
    // exact one ("limited liabilty company" is not "limited" + two names). Not for a
    // lone word: that is a name.
    if (!person && n > 1 && t.org.count(w[i]) == 0 && (best == 0 || t.legal_first.count(w[i]))) {
      std::string fuzzy_cls;
      if (size_t fuzzy = FuzzyLegalForm(w, i, &fuzzy_cls); fuzzy > best) {
        best = fuzzy;
        best_cls = fuzzy_cls;
      }
    }
    // A form with a word dropped ("joint company", "limited liability"), or a word only
    // legal forms use ("aktsionernoe", "liability").
    // Short words ("de c v") only at the edges, as for short forms.
    if (!person && n > 1 && (best == 0 || t.legal_first.count(w[i]))) {
      std::string partial_cls;
      size_t partial = PartialLegalForm(w, i, &partial_cls);
      bool has_long = false;
      for (size_t k = i; k < i + partial; ++k) has_long |= w[k].size() >= 4;
      if (partial > best && (has_long || i == 0 || i + partial == n)) {
        best = partial;
        best_cls = partial_cls;
      }
    }
    if (!person && best == 0 && n > 1) {
      if (auto f = t.fragments.find(w[i]); f != t.fragments.end()) {
        best = 1;
        best_cls = f->second;
      }
    }
    if (best > 0) {
      std::string text = w[i];
      for (size_t k = i + 1; k < i + best; ++k) text += " " + w[k];
      out.push_back({std::move(text), TokenKind::kLegalForm, best_cls});
      i += best;
      leading = false;
      continue;
    }
    // Numbers.
    std::string digits = DigitValue(w[i]);
    if (!digits.empty()) {
      out.push_back({w[i], TokenKind::kNumber, digits});
      ++i;
      leading = false;
      continue;
    }
    int value = 0;
    if (size_t used = NumberPhrase(w, i, &value); used > 0) {
      std::string text = w[i];
      for (size_t k = i + 1; k < i + used; ++k) text += " " + w[k];
      out.push_back({std::move(text), TokenKind::kNumber, std::to_string(value)});
      i += used;
      leading = false;
      continue;
    }
    const std::string& word = w[i];
    Token tok{word, TokenKind::kName, word};
    if (leading && n > 1 && t.titles.count(word)) {
      tok.kind = TokenKind::kTitle;
    } else if (i + 1 == n && i > 0 && t.suffixes.count(word)) {
      tok.kind = TokenKind::kTitle;
    } else if (i == 0 && n > 2 && t.suffixes.count(word) &&
               word.find_first_not_of("iv") != std::string::npos) {  // not "ii", "iv"
      tok.kind = TokenKind::kTitle;
    } else if (auto org = t.org.find(word); org != t.org.end() && n > 1) {
      tok.kind = TokenKind::kOrgWord;
      tok.canonical = org->second;
    } else if (const char* cls = FuzzyOrgWord(word); cls && n > 1) {
      tok.kind = TokenKind::kOrgWord;  // "corporatoin", "compnay"
      tok.canonical = cls;
    } else if (t.particles.count(word) && n > 1) {
      tok.kind = TokenKind::kParticle;
    } else if (word.size() == 1) {
      tok.kind = TokenKind::kInitial;
    }
    if (tok.kind != TokenKind::kTitle) leading = false;
    out.push_back(std::move(tok));
    ++i;
  }
  return out;
}

bool IsLegalFormWord(std::string_view word, bool* fragment) {
  const Tables& t = GetTables();
  const std::string w(word);
  const bool is_fragment = t.fragments.count(w) > 0;
  if (fragment) *fragment = is_fragment;
  return is_fragment || t.form_words.count(w) > 0 || t.legal.count(w) > 0;
}

std::vector<Token> AnalyzeName(std::string_view utf8) { return Tokenize(NormalizeName(utf8)); }

PersonName ParsePersonName(std::string_view utf8) {
  PersonName p;
  size_t comma = utf8.find(',');
  if (comma != std::string_view::npos) {
    std::vector<Token> family = AnalyzeName(utf8.substr(0, comma));
    std::vector<Token> given = AnalyzeName(utf8.substr(comma + 1));
    bool only_suffix = true;
    for (const Token& tok : given)
      if (tok.kind != TokenKind::kTitle && tok.kind != TokenKind::kLegalForm &&
          tok.kind != TokenKind::kOrgWord)
        only_suffix = false;
    // "Smith, Jr": a single suffix is read as one name ("jr" alone is a name token).
    if (given.size() == 1 && GetTables().suffixes.count(given[0].text)) only_suffix = true;
    if (!family.empty() && !given.empty() && !only_suffix) {
      p.comma_order = true;
      p.tokens = given;
      p.tokens.insert(p.tokens.end(), family.begin(), family.end());
      p.given = std::move(given);
      p.family = std::move(family);
      return p;
    }
  }
  p.tokens = AnalyzeName(utf8);
  return p;
}

std::vector<std::string> JoinedVariants(const std::vector<std::string>& tokens, size_t max_run) {
  std::vector<std::string> out;
  for (size_t run = 2; run <= max_run && run <= tokens.size(); ++run) {
    for (size_t i = 0; i + run <= tokens.size(); ++i) {
      std::string joined;
      for (size_t k = i; k < i + run; ++k) joined += tokens[k];
      out.push_back(std::move(joined));
    }
  }
  return out;
}

bool SameIgnoringSplits(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::string ja, jb;
  for (const auto& s : a) ja += s;
  for (const auto& s : b) jb += s;
  return ja == jb;
}

std::vector<std::string> Texts(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (const Token& t : tokens) out.push_back(t.text);
  return out;
}

}  // namespace embargo::text
