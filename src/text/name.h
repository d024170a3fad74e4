// Name analysis: splits a normalised name into tokens and says what each token is
// (a name part, an initial, a particle, a title, a legal form, a number), so the scorer
// can weigh "Rosneft Oil Company PJSC" by "rosneft" and not by "company", and so
// "OOO Romashka" matches "Romashka LLC".
//
// Called by the index and the scorer after NormalizeName (normalize.h). Input to
// Tokenize is NormalizeName output; AnalyzeName and ParsePersonName take raw UTF-8.
//
// Token classes (lists in name.cc):
//  - kLegalForm: registrable company-type designations, with a canonical class in
//    `canonical`: "llc" (LLC, OOO, Obshchestvo s Ogranichennoy Otvetstvennostyu, GmbH,
//    SARL, SRL, sp. z o.o., TOV, s.r.o., BV...), "jsc" (JSC, AO, OAO, ZAO, PAO, PJSC,
//    CJSC, aktsionernoye obshchestvo, AG, SA, NV, SpA...), "ltd" (Ltd, Limited, Pty Ltd,
//    Pvt Ltd, Sdn Bhd), "plc", "inc" (Inc, Incorporated), "lp" (LP, LLP, KG).
//    Multi-word forms become one token whose `text` keeps the words.
//  - kOrgWord: generic organisation words that are not a legal form and carry little
//    weight: company, co, corp, corporation, group, holding(s), enterprise(s),
//    industries, international, trading. `canonical` folds spellings ("corp").
//  - kTitle: honorifics and ranks (mr, dr, sheikh, haji, general, colonel...) and
//    generational suffixes (jr, sr): dropped from scoring, kept for display.
//  - kParticle: al, el, bin, ibn, bint, abu, abd, de, del, della, da, van, von, der, le...
//  - kNumber: digits, ordinals and English number words; `canonical` is the decimal
//    value, so "44", "forty four" and "forty-four" all give "44", "1st" and "first" "1".
//  - kInitial: a single letter.  kName: everything else.
//
// Thread-safety: pure functions over immutable tables.
#ifndef EMBARGO_TEXT_NAME_H_
#define EMBARGO_TEXT_NAME_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::text {

enum class TokenKind : uint8_t {
  kName,
  kInitial,
  kParticle,
  kTitle,
  kLegalForm,
  kOrgWord,
  kNumber
};

// Short lower-case name of a kind ("legal_form").
std::string_view TokenKindName(TokenKind kind);

struct Token {
  std::string text;  // the normalised word(s) as they appeared
  TokenKind kind = TokenKind::kName;
  std::string canonical;  // class for legal forms/org words, value for numbers, else text
};

// Tokens of a NormalizeName result. At most kMaxTokens tokens (the rest is dropped).
// `person`: the name is a person's, which has no legal form: words that would read as
// one ("ag" of the Tuareg "Sidan Ag Hitta", "sa", "do", "sdn") are name parts.
inline constexpr size_t kMaxTokens = 64;
std::vector<Token> Tokenize(std::string_view normalized, bool person = false);

// Tokenize(NormalizeName(utf8)).
std::vector<Token> AnalyzeName(std::string_view utf8);

// A person's name with the list's "FAMILY, Given Names" order resolved.
struct PersonName {
  std::vector<Token> tokens;  // natural order: given names, then family name
  std::vector<Token> given;   // empty unless comma_order
  std::vector<Token> family;  // empty unless comma_order
  bool comma_order = false;   // the input was "FAMILY, Given"
};

// Reads "PUTIN, Vladimir Vladimirovich" as family "putin", given "vladimir
// vladimirovich". Without a comma (or when what follows the first comma is only a
// suffix such as "Jr" or a legal form) the order is unknown and `tokens` keeps the
// written order.
PersonName ParsePersonName(std::string_view utf8);

// Adjacent tokens joined: for {"abdul","rahman","ali"} returns {"abdulrahman",
// "rahmanali", "abdulrahmanali"} (runs of 2..max_run tokens), so "abdulrahman" can
// match "abdul rahman". Empty when there are fewer than two tokens.
std::vector<std::string> JoinedVariants(const std::vector<std::string>& tokens, size_t max_run = 3);

// True when the two token lists spell the same letters once spaces are ignored
// ("abdul rahman" vs "abdulrahman"; "al assad" vs "alassad").
bool SameIgnoringSplits(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Whether a lower-case word is part of a legal form: one the lists may never spell as a
// name part of its own ("liability" of "limited liability company"), which a scanner
// reading text word by word needs to know. `*fragment` (optional) is set when the word
// reads as a legal form even alone in a longer name ("liability", "aktsionernoe").
bool IsLegalFormWord(std::string_view word, bool* fragment = nullptr);

// The `text` of each token, in order.
std::vector<std::string> Texts(const std::vector<Token>& tokens);

}  // namespace embargo::text

#endif  // EMBARGO_TEXT_NAME_H_
