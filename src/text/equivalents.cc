// Name equivalence classes: union-find over normalised tokens (Tarjan 1975, with path
// halving and union by size), frozen into a hash map token -> dense class id.
//
// The built-in groups below are given names whose spellings on the sanctions lists
// come from different transliteration systems of one original (Russian BGN/PCGN vs.
// French/German/ISO 9 vs. Ukrainian; the many English spellings of Arabic names).
// They are deliberately limited to spellings of ONE name: "muhammad" and "mahmoud" are
// different names and stay apart.
#include "text/equivalents.h"

#include <algorithm>

#include "text/name.h"
#include "text/normalize.h"
#include "text/phonetic.h"

namespace embargo::text {
namespace {

constexpr const char* kBuiltinGroups[][12] = {
    {"sergey", "sergei", "serguei", "sergej", "serhiy", "serhii", "sergii", "sergiy", "siarhei"},
    {"muhammad", "mohammed", "mohamed", "mohammad", "muhammed", "mohamad", "muhamad", "muhamed",
     "mouhamed", "mohammod", "mukhammad"},
    {"aleksandr", "alexander", "alexandr", "oleksandr", "aleksander", "alexandre", "aliaksandr",
     "alyaksandr", "olexandr"},
    {"yuri", "yury", "yuriy", "iurii", "yurii", "jurij", "youri", "iury"},
    {"aleksey", "alexey", "alexei", "aleksei", "oleksiy", "oleksii", "alexej", "aliaksei"},
    {"dmitry", "dmitri", "dmitriy", "dmitrii", "dmytro", "dimitri", "dzmitry"},
    {"andrey", "andrei", "andriy", "andrii", "andrej", "andrew"},
    {"mikhail", "mikhael", "mykhailo", "mykhaylo", "michail", "mihail"},
    {"nikolay", "nikolai", "mykola", "nicolai", "mikalai"},
    {"yevgeniy", "yevgeny", "evgeny", "evgeniy", "evgenii", "yevhen", "eugene", "yevgeni"},
    {"viktor", "victor"},
    {"vladimir", "volodymyr", "uladzimir", "wladimir"},
    {"anatoliy", "anatoly", "anatolii", "anatoli"},
    {"vitaliy", "vitaly", "vitalii", "vitali"},
    {"vasiliy", "vasily", "vasilii", "vasyl", "vassili"},
    {"grigoriy", "grigory", "hryhoriy", "hryhorii", "grigori"},
    {"georgiy", "georgy", "heorhiy", "georgii", "georgi"},
    {"igor", "ihor"},
    {"oleg", "oleh"},
    {"pavel", "pavlo"},
    {"petr", "pyotr", "petro"},
    {"ahmad", "ahmed", "ahmet", "akhmad", "akhmed"},
    {"usama", "osama", "oussama", "usamah"},
    {"husayn", "hussein", "hussain", "husain", "hosein", "hossein", "husseyn"},
    {"hasan", "hassan"},
    {"abdullah", "abdallah", "abdulla", "abdalla"},
    {"abdulrahman", "abdurrahman", "abdelrahman", "abdalrahman", "abdurahman"},
    {"abdulaziz", "abdelaziz", "abdalaziz"},
    {"yusuf", "yousef", "youssef", "yusef", "yousuf", "yousif", "yusof"},
    {"ibrahim", "ebrahim", "ibraheem", "ebraheem"},
    {"ismail", "ismael", "esmail", "ismayil"},
    {"khalid", "khaled", "khaleed"},
    {"mustafa", "mostafa", "moustafa", "mustapha"},
    {"umar", "omar", "omer"},
    {"uthman", "osman", "othman", "usman"},
    {"ali", "aly"},
    {"jamal", "gamal", "djamal"},
    {"qasim", "kasim", "qassem", "kassem", "qasem", "gasim"},
    {"qadhafi", "gaddafi", "qaddafi", "kadhafi", "gadhafi", "kaddafi", "qadhdhafi"},
};

size_t Levenshtein(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

bool IsAlpha(std::string_view s) {
  for (char c : s)
    if (c < 'a' || c > 'z') return false;
  return true;
}

bool IsVowelStart(std::string_view s) {
  return !s.empty() && std::string_view("aeiouy").find(s[0]) != std::string_view::npos;
}

// Vowels that romanisations swap for one sound (a/e for fatha, e/i/y, o/u for damma).
bool CompatibleVowels(char p, char q) {
  auto in = [](std::string_view set, char c) { return set.find(c) != std::string_view::npos; };
  return p == q || (in("ae", p) && in("ae", q)) || (in("eiy", p) && in("eiy", q)) ||
         (in("ou", p) && in("ou", q));
}

// Same-length spellings that differ in a vowel of another quality name different
// names ("bashar"/"bashir", "aman"/"oman").
bool VowelsCompatible(const std::string& x, const std::string& y) {
  if (x.size() != y.size()) return true;
  for (size_t i = 0; i < x.size(); ++i)
    if (x[i] != y[i] && IsVowelStart(std::string_view(&x[i], 1)) &&
        IsVowelStart(std::string_view(&y[i], 1)) && !CompatibleVowels(x[i], y[i]))
      return false;
  return true;
}

bool LooksLikeTransliteration(const std::string& x, const std::string& y) {
  if (x.size() < 3 || y.size() < 3 || !IsAlpha(x) || !IsAlpha(y)) return false;
  if (x[0] != y[0] && !(IsVowelStart(x) && IsVowelStart(y))) return false;
  if (PhoneticKey(x) != PhoneticKey(y)) return false;
  if (!VowelsCompatible(x, y)) return false;
  if (std::min(x.size(), y.size()) < 5 && (x[0] != y[0] || x.back() != y.back())) return false;
  size_t limit = std::max<size_t>(2, std::min(x.size(), y.size()) / 3);
  return Levenshtein(x, y) <= limit;
}

// Name tokens of a name, in natural (given, family) order when the list used a comma.
std::vector<std::string> NameTokens(std::string_view utf8) {
  std::vector<std::string> out;
  for (const Token& t : ParsePersonName(utf8).tokens)
    if (t.kind == TokenKind::kName) out.push_back(t.text);
  return out;
}

}  // namespace

NameEquivalents NameEquivalents::FromClasses(std::vector<std::vector<std::string>> classes) {
  NameEquivalents eq;
  eq.members_ = std::move(classes);
  for (uint32_t c = 0; c < eq.members_.size(); ++c)
    for (const std::string& m : eq.members_[c]) eq.class_of_.emplace(m, c);
  return eq;
}

std::optional<uint32_t> NameEquivalents::ClassOf(std::string_view token) const {
  auto it = class_of_.find(std::string(token));
  if (it == class_of_.end()) return std::nullopt;
  return it->second;
}

bool NameEquivalents::Equivalent(std::string_view a, std::string_view b) const {
  if (a == b) return true;
  auto ca = ClassOf(a);
  return ca && ca == ClassOf(b);
}

std::string_view NameEquivalents::Canonical(std::string_view token) const {
  auto c = ClassOf(token);
  return c ? std::string_view(members_[*c].front()) : token;
}

EquivalenceBuilder::EquivalenceBuilder(EquivalenceOptions options) : options_(options) {}
EquivalenceBuilder::~EquivalenceBuilder() = default;

uint32_t EquivalenceBuilder::Id(const std::string& token) {
  auto [it, inserted] = ids_.emplace(token, static_cast<uint32_t>(tokens_.size()));
  if (inserted) {
    tokens_.push_back(token);
    parent_.push_back(it->second);
    size_.push_back(1);
  }
  return it->second;
}

uint32_t EquivalenceBuilder::Find(uint32_t x) {
  while (parent_[x] != x) {
    parent_[x] = parent_[parent_[x]];
    x = parent_[x];
  }
  return x;
}

bool EquivalenceBuilder::Link(const std::string& a, const std::string& b) {
  uint32_t ra = Find(Id(a)), rb = Find(Id(b));
  if (ra == rb) return false;
  if (size_[ra] + size_[rb] > kMaxClassSize) return false;
  if (size_[ra] < size_[rb]) std::swap(ra, rb);
  parent_[rb] = ra;
  size_[ra] += size_[rb];
  return true;
}

void EquivalenceBuilder::AddBuiltins() {
  for (const auto& group : kBuiltinGroups) {
    std::vector<std::string> tokens;
    for (const char* s : group)
      if (s != nullptr) tokens.emplace_back(s);
    AddGroup(tokens);
  }
}

void EquivalenceBuilder::AddGroup(const std::vector<std::string>& tokens) {
  std::string first;
  for (const std::string& raw : tokens) {
    std::string t = NormalizeName(raw);
    if (t.empty()) continue;
    if (first.empty()) {
      first = t;
      Id(first);
    } else {
      Link(first, t);
    }
  }
}

std::vector<std::pair<std::string, std::string>> EquivalenceBuilder::Candidates(
    const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size() || a.size() < 2) return {};
  size_t same = 0;
  std::vector<std::pair<std::string, std::string>> differing;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) {
      ++same;
    } else if (LooksLikeTransliteration(a[i], b[i])) {
      differing.emplace_back(std::min(a[i], b[i]), std::max(a[i], b[i]));
    } else {
      return {};
    }
  }
  if (same == 0 || differing.size() > same) return {};
  return differing;
}

size_t EquivalenceBuilder::AddAliasPair(std::string_view name_a, std::string_view name_b) {
  auto pairs = Candidates(NameTokens(name_a), NameTokens(name_b));
  for (const auto& [x, y] : pairs) ++support_[x + " " + y];
  return pairs.size();
}

size_t EquivalenceBuilder::AddAliases(const std::vector<std::string>& names) {
  // Each name parsed once, not once per pair it is in (the index passes up to 32).
  std::vector<std::vector<std::string>> tokens;
  tokens.reserve(names.size());
  for (const std::string& n : names) tokens.push_back(NameTokens(n));
  std::unordered_map<std::string, bool> seen;
  for (size_t i = 0; i < names.size(); ++i)
    for (size_t j = i + 1; j < names.size(); ++j)
      for (const auto& [x, y] : Candidates(tokens[i], tokens[j])) seen[x + " " + y] = true;
  for (const auto& [key, unused] : seen) ++support_[key];
  return seen.size();
}

NameEquivalents EquivalenceBuilder::Build() && {
  // Sorted so that the capped merges come out the same on every run.
  std::vector<std::string> keys;
  for (const auto& [key, count] : support_)
    if (count >= options_.min_support) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  for (const std::string& key : keys) {
    size_t sp = key.find(' ');
    std::string a = key.substr(0, sp), b = key.substr(sp + 1);
    // An alias link may add a token to a class but never join two classes: chains of
    // plausible one-step spellings drift ("mahmoud" - "mahamoud" - "mohamoud" -
    // "mohamed") from one name to another.
    if (size_[Find(Id(a))] > 1 && size_[Find(Id(b))] > 1) continue;
    Link(a, b);
  }
  support_.clear();
  NameEquivalents eq;
  std::unordered_map<uint32_t, uint32_t> class_of_root;
  // Only tokens in a class of two or more get an id.
  std::vector<uint32_t> order(tokens_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t x, uint32_t y) { return tokens_[x] < tokens_[y]; });
  for (uint32_t i : order) {
    uint32_t root = Find(i);
    if (size_[root] < 2) continue;
    auto [it, inserted] = class_of_root.emplace(root, static_cast<uint32_t>(eq.members_.size()));
    if (inserted) eq.members_.emplace_back();
    eq.members_[it->second].push_back(tokens_[i]);
    eq.class_of_.emplace(tokens_[i], it->second);
  }
  ids_.clear();
  tokens_.clear();
  parent_.clear();
  size_.clear();
  return eq;
}

}  // namespace embargo::text
