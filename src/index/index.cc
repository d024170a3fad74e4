// Index build and candidate generation.
//
// Build: every name of every entity goes through text::TransliterationVariants (the
// first variant is NormalizeName) and text::Tokenize; titles are dropped, legal forms,
// organisation words and numbers are replaced by their canonical value. Each distinct
// token gets an id, a document frequency (entities containing it) and a weight
//   w = log((N + 1) / (df + 0.5)) * kind factor
// (names 1, numbers 0.8, organisation words 0.35, legal forms 0.3, initials 0.3,
// particles 0.25). Postings map token -> sorted entity ids. The deletion table holds,
// for every token of 3+ letters, the hash of each string obtained by deleting one
// letter (two for 8+ letters) and of the token itself (sorted by hash, with a directory over
// the hash's top bits, so a probe reads one short run); a query token's own deletions
// probe it (symmetric deletion, as in Garbe's SymSpell), which finds every dictionary
// token within the edit budget.
//
// Candidates: each query token expands to dictionary tokens (exact, deletion
// neighbours, phonetic key group) with a similarity; the entity's accumulator adds,
// per query token, the best sim * pair weight over that token's expansions. Tokens whose
// postings are longer than common_token_postings are skipped when the query has a rarer
// token. Prescore = accumulator / total query weight; the best `limit` entities win.
#include "index/index.h"

#include <unicode/utf8.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <unordered_set>

#include "index/snapshot.h"
#include "text/name.h"
#include "text/normalize.h"
#include "text/phonetic.h"

namespace embargo::index {
namespace {

using text::TokenKind;

// Similarity of an initial to a name part starting with its letter (match/score.cc).
constexpr float kInitialSim = 0.75f;

// Bit of the letter a normalised part starts with (0 for 'a'), -1 when not a-z.
int InitialBit(std::string_view text) {
  return !text.empty() && text[0] >= 'a' && text[0] <= 'z' ? text[0] - 'a' : -1;
}

float KindFactor(TokenKind k) {
  switch (k) {
    case TokenKind::kName:
      return 1.0f;
    case TokenKind::kNumber:
      return 0.8f;
    case TokenKind::kOrgWord:
      return 0.35f;
    case TokenKind::kLegalForm:
      return 0.3f;
    case TokenKind::kInitial:
      return 0.3f;
    case TokenKind::kParticle:
      return 0.25f;
    case TokenKind::kTitle:
      return 0.0f;
  }
  return 1.0f;
}

struct RawToken {
  std::string text;
  TokenKind kind;
};

// Whether `raw` is "FAMILY, Given" with a one-word family name: that word is a surname
// even when it is also a title ("SHEIKH, Umair Naeem", "HAJI, Ali Ahmed").
bool OneWordFamilyFirst(std::string_view raw) {
  size_t comma = raw.find(',');
  if (comma == std::string_view::npos) return false;
  std::string_view family = raw.substr(0, comma);
  while (!family.empty() && family.front() == ' ') family.remove_prefix(1);
  while (!family.empty() && family.back() == ' ') family.remove_suffix(1);
  return !family.empty() && family.find(' ') == std::string_view::npos;
}

// Token lists of every rendering of `raw` (titles dropped, classes canonical), distinct.
// `person`: a person's name, read without legal forms (text::Tokenize).
// `title_variant` (list names): a name that opens with title words ("CAPTAIN
// YAKUBOVICH", a vessel; "KING-PAI TECHNOLOGY HK CO."; "MAULANA FAZLULLAH") is also
// kept with them as name parts, since a query that reorders or misspells them reads
// them as names, and then the list name seemed to lack its rarest part.
std::vector<std::vector<RawToken>> PrepareRaw(std::string_view raw, bool person,
                                              bool title_variant = false) {
  std::vector<std::vector<RawToken>> out;
  const bool family_first = OneWordFamilyFirst(raw);
  auto add = [&out](std::vector<RawToken> toks) {
    if (toks.empty()) return;
    for (const auto& o : out) {
      if (o.size() != toks.size()) continue;
      bool same = true;
      for (size_t i = 0; i < o.size() && same; ++i) same = o[i].text == toks[i].text;
      if (same) return;
    }
    out.push_back(std::move(toks));
  };
  for (const std::string& v : text::TransliterationVariants(raw)) {
    std::vector<text::Token> tokens = text::Tokenize(v, person);
    if (family_first && !tokens.empty() && tokens[0].kind == TokenKind::kTitle)
      tokens[0].kind = TokenKind::kName;
    size_t leading_titles = 0;
    while (leading_titles < tokens.size() && tokens[leading_titles].kind == TokenKind::kTitle)
      ++leading_titles;
    for (int with_titles = 0; with_titles < 2; ++with_titles) {
      if (with_titles && (!title_variant || leading_titles == 0)) break;
      std::vector<RawToken> toks;
      for (size_t i = 0; i < tokens.size(); ++i) {
        const auto& t = tokens[i];
        if (t.kind == TokenKind::kTitle) {
          if (with_titles && i < leading_titles) toks.push_back({t.text, TokenKind::kName});
          continue;
        }
        bool canon = t.kind == TokenKind::kLegalForm || t.kind == TokenKind::kOrgWord ||
                     t.kind == TokenKind::kNumber;
        toks.push_back({canon && !t.canonical.empty() ? t.canonical : t.text, t.kind});
      }
      add(std::move(toks));
    }
  }
  return out;
}

uint64_t Hash(std::string_view s) { return std::hash<std::string_view>{}(s); }

constexpr size_t kMinFuzzyLen = 3;
constexpr size_t kTwoEditLen = 8;
constexpr size_t kMaxFuzzyLen = 40;

// Hashes of the token and of its deletion variants within the edit budget.
void DeletionHashes(std::string_view t, std::vector<uint64_t>* out) {
  out->clear();
  out->push_back(Hash(t));
  if (t.size() < kMinFuzzyLen || t.size() > kMaxFuzzyLen) return;
  // The variants are built in place: buf holds t without letter i, b2 buf without letter j.
  char buf[kMaxFuzzyLen], b2[kMaxFuzzyLen];
  const size_t n1 = t.size() - 1;
  for (size_t i = 0; i < t.size(); ++i) {
    if (i > 0 && t[i] == t[i - 1]) continue;  // same string as deleting i-1
    std::copy(t.begin(), t.begin() + i, buf);
    std::copy(t.begin() + i + 1, t.end(), buf + i);
    out->push_back(Hash(std::string_view(buf, n1)));
    if (t.size() >= kTwoEditLen) {
      for (size_t j = i; j < n1; ++j) {
        std::copy(buf, buf + j, b2);
        std::copy(buf + j + 1, buf + n1, b2 + j);
        out->push_back(Hash(std::string_view(b2, n1 - 1)));
      }
    }
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace

void Index::HashedTokens::Freeze() {
  auto& entries = owned_entries_;
  // About two entries per slot: one cache line holds a slot's run.
  int bits = 1;
  while (bits < 30 && (size_t{1} << bits) < entries.size() / 2) ++bits;
  shift_ = 64 - bits;
  // Sorted by a counting sort on the slot (the hash's top bits), then each slot's short
  // run: the order of one full sort, in linear time (millions of deletion variants).
  owned_dir_.assign((size_t{1} << bits) + 1, 0);
  for (const auto& entry : entries) ++owned_dir_[(entry.first >> shift_) + 1];
  for (size_t slot = 1; slot < owned_dir_.size(); ++slot) owned_dir_[slot] += owned_dir_[slot - 1];
  std::vector<std::pair<uint64_t, uint32_t>> sorted(entries.size());
  {
    std::vector<uint32_t> fill(owned_dir_.begin(), owned_dir_.end() - 1);
    for (const auto& entry : entries) sorted[fill[entry.first >> shift_]++] = entry;
  }
  for (size_t slot = 0; slot + 1 < owned_dir_.size(); ++slot) {
    auto* begin = sorted.data() + owned_dir_[slot];
    auto* end = sorted.data() + owned_dir_[slot + 1];
    if (end - begin > 1) std::sort(begin, end);
  }
  entries.swap(sorted);
  entries_ = entries;
  dir_ = owned_dir_;
}

std::span<const std::pair<uint64_t, uint32_t>> Index::HashedTokens::Range(uint64_t hash) const {
  if (entries_.empty()) return {};
  const size_t slot = hash >> shift_;
  const auto* lo = entries_.data() + dir_[slot];
  const auto* end = entries_.data() + dir_[slot + 1];
  while (lo != end && lo->first < hash) ++lo;
  const auto* hi = lo;
  while (hi != end && hi->first == hash) ++hi;
  return {lo, hi};
}

std::unique_ptr<const Index> Index::Build(std::vector<model::Entity> entities,
                                          const IndexOptions& options) {
  std::unique_ptr<Index> idx(new Index());
  idx->options_ = options;
  idx->entities_ = std::move(entities);
  const auto& ents = idx->entities_;
  idx->schema_.reserve(ents.size());
  idx->entity_names_begin_.reserve(ents.size() + 1);
  std::vector<uint32_t> last_entity_of_token;  // for df counting
  for (uint32_t e = 0; e < ents.size(); ++e) {
    const auto& ent = ents[e];
    idx->schema_.push_back(static_cast<uint8_t>(ent.schema));
    idx->by_id_.emplace(ent.id, e);
    idx->entity_names_begin_.push_back(static_cast<uint32_t>(idx->names_.size()));
    for (uint16_t n = 0; n < ent.names.size() && n < 0xFFFF; ++n) {
      for (auto& toks : PrepareRaw(ent.names[n].full, ent.schema == model::Schema::kPerson,
                                   /*title_variant=*/true)) {
        NameRef ref{e, static_cast<uint32_t>(idx->name_tokens_.size()), 0, n};
        for (auto& t : toks) {
          auto [it, inserted] =
              idx->token_ids_.emplace(t.text, static_cast<uint32_t>(idx->token_text_.size()));
          if (inserted) {
            idx->token_text_.push_back(t.text);
            idx->tokens_.push_back({0, 0, 0, static_cast<uint8_t>(t.kind)});
            last_entity_of_token.push_back(UINT32_MAX);
          }
          uint32_t id = it->second;
          if (last_entity_of_token[id] != e) {
            last_entity_of_token[id] = e;
            ++idx->tokens_[id].df;
          }
          idx->name_tokens_.push_back(id);
          if (ref.token_count < 0xFFFF) ++ref.token_count;
        }
        idx->names_.push_back(ref);
      }
    }
  }
  idx->entity_names_begin_.push_back(static_cast<uint32_t>(idx->names_.size()));

  // Given-name equivalence classes: the built-in table plus spelling pairs the lists
  // themselves give as aliases of one entity.
  {
    text::EquivalenceBuilder eb;
    eb.AddBuiltins();
    std::vector<std::string> names;
    for (const auto& ent : ents) {
      if (ent.schema != model::Schema::kPerson || ent.names.size() < 2) continue;
      names.clear();
      for (size_t n = 0; n < ent.names.size() && n < 32; ++n) names.push_back(ent.names[n].full);
      eb.AddAliases(names);
    }
    idx->equivalents_ = std::move(eb).Build();
    for (uint32_t t = 0; t < idx->token_text_.size(); ++t) {
      if (auto c = idx->equivalents_.ClassOf(idx->token_text_[t])) {
        idx->tokens_[t].equivalence = *c + 1;
        idx->class_tokens_[*c + 1].push_back(t);
      }
    }
  }

  // Weights, phonetic keys and letter masks.
  const double n_ent = static_cast<double>(ents.size());
  idx->token_phonetic_.resize(idx->token_text_.size());
  idx->token_letters_.reserve(idx->token_text_.size());
  for (const std::string& t : idx->token_text_) idx->token_letters_.push_back(match::LetterMask(t));
  idx->max_weight_ = static_cast<float>(std::log((n_ent + 1) / 0.5));
  for (uint32_t t = 0; t < idx->tokens_.size(); ++t) {
    auto& info = idx->tokens_[t];
    double w = std::log((n_ent + 1) / (info.df + 0.5));
    info.weight =
        static_cast<float>(std::max(0.05, w * KindFactor(static_cast<TokenKind>(info.kind))));
    if (static_cast<TokenKind>(info.kind) == TokenKind::kName)
      idx->token_phonetic_[t] = text::PhoneticKey(idx->token_text_[t]);
  }

  // Postings (entity-level, sorted, unique).
  std::vector<uint32_t> counts(idx->tokens_.size() + 1, 0);
  std::fill(last_entity_of_token.begin(), last_entity_of_token.end(), UINT32_MAX);
  for (const auto& ref : idx->names_) {
    for (uint32_t k = 0; k < ref.token_count; ++k) {
      uint32_t id = idx->name_tokens_[ref.token_begin + k];
      if (last_entity_of_token[id] != ref.entity) {
        last_entity_of_token[id] = ref.entity;
        ++counts[id + 1];
      }
    }
  }
  for (size_t i = 1; i < counts.size(); ++i) counts[i] += counts[i - 1];
  idx->postings_begin_ = counts;
  idx->postings_.resize(counts.back());
  std::vector<uint32_t> fill(counts.begin(), counts.end() - 1);
  std::fill(last_entity_of_token.begin(), last_entity_of_token.end(), UINT32_MAX);
  for (const auto& ref : idx->names_) {  // names_ is in entity order, so postings are sorted
    for (uint32_t k = 0; k < ref.token_count; ++k) {
      uint32_t id = idx->name_tokens_[ref.token_begin + k];
      if (last_entity_of_token[id] != ref.entity) {
        last_entity_of_token[id] = ref.entity;
        idx->postings_[fill[id]++] = ref.entity;
      }
    }
  }

  // Deletion neighbourhood and phonetic groups.
  std::vector<uint64_t> hashes;
  for (uint32_t t = 0; t < idx->token_text_.size(); ++t) {
    auto kind = static_cast<TokenKind>(idx->tokens_[t].kind);
    if (kind == TokenKind::kName || kind == TokenKind::kParticle) {
      DeletionHashes(idx->token_text_[t], &hashes);
      for (uint64_t h : hashes) idx->deletions_.Add(h, t);
    }
    if (!idx->token_phonetic_[t].empty()) idx->phonetic_.Add(Hash(idx->token_phonetic_[t]), t);
  }
  idx->deletions_.Freeze();
  idx->phonetic_.Freeze();
  idx->shortest_name_.assign(idx->entities_.size(), UINT16_MAX);
  for (const NameRef& ref : idx->names_)
    idx->shortest_name_[ref.entity] = std::min(idx->shortest_name_[ref.entity], ref.token_count);
  idx->DeriveInitialLetters();
  idx->PrepareListNames();
  return idx;
}

void Index::DeriveInitialLetters() {
  initial_letters_.assign(entities_.size(), 0);
  for (const NameRef& ref : names_) {
    uint64_t once = 0, twice = 0;
    for (uint32_t k = 0; k < ref.token_count; ++k) {
      const uint32_t t = name_tokens_[ref.token_begin + k];
      const auto kind = static_cast<TokenKind>(tokens_[t].kind);
      if (kind != TokenKind::kName && kind != TokenKind::kInitial) continue;
      const int bit = InitialBit(token_text_[t]);
      if (bit < 0) continue;
      twice |= once & (uint64_t{1} << bit);
      once |= uint64_t{1} << bit;
    }
    initial_letters_[ref.entity] |= once | (twice << 32);
  }
}

void Index::PrepareListNames() {
  // Scorer views of every list name, so screening never rebuilds them per candidate.
  prepared_.clear();
  prepared_.reserve(names_.size());
  for (const NameRef& ref : names_) {
    const auto& n = entities_[ref.entity].names[ref.name];
    match::PreparedName p;
    p.display = n.full;
    p.kind = n.kind;
    p.tokens.reserve(ref.token_count);
    for (uint32_t k = 0; k < ref.token_count; ++k)
      p.tokens.push_back(MakeToken(name_tokens_[ref.token_begin + k]));
    prepared_.push_back(std::move(p));
  }
}

uint64_t PipelineFingerprint() {
  // Names of the shapes the lists hold, prepared as Build prepares list names: a change
  // to normalisation, Latin folding, token classes, canonical forms, phonetic keys,
  // letter masks or the kind weights changes the hash. Only Latin-script probes: other
  // scripts go through ICU transliterators whose creation costs ~300 ms, more than the
  // whole load; the ICU version stands for them (a change to embargo's own rules for
  // them bumps kSnapshotFormatVersion).
  static const uint64_t fingerprint = [] {
    static constexpr std::string_view kProbes[] = {"PUTIN, Vladimir Vladimirovich",
                                                   "Kim Jong Un",
                                                   "Ri Song-ho",
                                                   "OOO \"Torgovyi Dom Romashka\"",
                                                   "BANK MELLI IRAN ZAO",
                                                   "Müller & Söhne GmbH",
                                                   "CAPTAIN YAKUBOVICH",
                                                   "SHEIKH, Umair Naeem",
                                                   "Dr. Abd al-Rahman bin Muhammad al-Qaida",
                                                   "İlham Əliyev",
                                                   "Nguyễn Văn A",
                                                   "Łukasz Żółć",
                                                   "GENERAL TRADING CO. LTD. No. 7",
                                                   "J. R. R. Tolkien"};
    std::string acc = U_ICU_VERSION;
    for (std::string_view probe : kProbes) {
      for (bool person : {false, true}) {
        for (const auto& toks : PrepareRaw(probe, person, /*title_variant=*/true)) {
          for (const RawToken& t : toks) {
            acc += t.text;
            acc += static_cast<char>('0' + static_cast<int>(t.kind));
            acc += text::PhoneticKey(t.text);
            acc += std::to_string(match::LetterMask(t.text));
            acc += ' ';
          }
          acc += '|';
        }
      }
    }
    for (int k = 0; k <= static_cast<int>(TokenKind::kNumber); ++k)
      acc += std::to_string(KindFactor(static_cast<TokenKind>(k)));
    acc += std::to_string(kMinFuzzyLen) + '/' + std::to_string(kTwoEditLen) + '/' +
           std::to_string(kMaxFuzzyLen) + '/' + std::to_string(Hash("embargo"));
    uint64_t h = 1469598103934665603ull;  // FNV-1a: fixed across builds, unlike std::hash
    for (unsigned char c : acc) h = (h ^ c) * 1099511628211ull;
    return h;
  }();
  return fingerprint;
}

const model::Entity* Index::Find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &entities_[it->second];
}

IndexStats Index::stats() const {
  IndexStats s;
  s.entities = entities_.size();
  s.names = names_.size();
  s.tokens = token_text_.size();
  s.deletion_keys = deletions_.size();
  size_t text_bytes = 0;
  for (const auto& t : token_text_) text_bytes += t.capacity() + sizeof(std::string);
  s.memory_bytes = names_.size() * sizeof(NameRef) + name_tokens_.size() * 4 + text_bytes * 2 +
                   tokens_.size() * sizeof(TokenInfo) + postings_.size() * 4 +
                   deletions_.size() * 16 + phonetic_.size() * 16 + token_ids_.size() * 48;
  return s;
}

match::NameToken Index::MakeToken(uint32_t id) const {
  const auto& info = tokens_[id];
  match::NameToken t;
  t.text = token_text_[id];
  t.kind = static_cast<TokenKind>(info.kind);
  t.weight = info.weight;
  t.equivalence = info.equivalence;
  t.phonetic = token_phonetic_[id];
  t.id = id;
  t.letters = token_letters_[id];
  return t;
}

float Index::TokenWeight(std::string_view token) const {
  auto it = token_ids_.find(token);
  return it == token_ids_.end() ? max_weight_ : tokens_[it->second].weight;
}

uint32_t Index::FindToken(std::string_view token) const {
  auto it = token_ids_.find(token);
  return it == token_ids_.end() ? kNoToken : it->second;
}

uint32_t Index::FindJoined(std::string_view a, std::string_view b) const {
  if (a.empty() || b.empty()) return kNoToken;
  std::string buf;
  buf.reserve(a.size() + b.size());
  buf.append(a).append(b);
  return FindToken(buf);
}

size_t Index::FindSplits(std::string_view word, size_t min_part,
                         std::span<std::pair<uint32_t, uint32_t>> out) const {
  size_t n = 0;
  min_part = std::max<size_t>(min_part, 1);
  for (size_t cut = min_part; cut + min_part <= word.size() && n < out.size(); ++cut) {
    uint32_t a = FindToken(word.substr(0, cut));
    if (a == kNoToken) continue;
    uint32_t b = FindToken(word.substr(cut));
    if (b != kNoToken) out[n++] = {a, b};
  }
  return n;
}

namespace {

// True when `raw` has letters of an abjad (Arabic or Hebrew script) and no Latin ones:
// its romanised tokens lack the short vowels (match::NameToken::abjad).
bool AbjadName(std::string_view raw) {
  bool abjad = false;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(raw.data());
  for (int32_t i = 0, n = static_cast<int32_t>(raw.size()); i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c < 0x250)) return false;
    abjad |= (c >= 0x590 && c < 0x700) || (c >= 0x750 && c < 0x780) || (c >= 0x8A0 && c < 0x900) ||
             (c >= 0xFB1D && c < 0xFE00) || (c >= 0xFE70 && c < 0xFF00);
  }
  return abjad;
}

}  // namespace

std::vector<match::PreparedName> Index::PrepareQuery(std::string_view raw_name, bool person) const {
  std::vector<match::PreparedName> out;
  const bool abjad = AbjadName(raw_name);
  for (auto& toks : PrepareRaw(raw_name, person)) {
    auto owned = std::make_shared<std::vector<std::string>>();
    owned->reserve(toks.size() * 2 + 1);
    owned->push_back(std::string(raw_name));
    match::PreparedName p;
    p.display = owned->back();
    p.kind = model::NameKind::kPrimary;
    for (auto& t : toks) {
      owned->push_back(t.text);
      std::string_view text = owned->back();
      auto it = token_ids_.find(t.text);
      match::NameToken nt;
      nt.text = text;
      nt.kind = t.kind;
      nt.abjad = abjad;
      nt.letters = match::LetterMask(text);
      if (it != token_ids_.end()) {
        const auto& info = tokens_[it->second];
        nt.weight = info.weight;
        nt.equivalence = info.equivalence;
        nt.phonetic = token_phonetic_[it->second];
      } else {
        if (auto c = equivalents_.ClassOf(t.text)) nt.equivalence = *c + 1;
        nt.weight = max_weight_ * KindFactor(t.kind);
        if (t.kind == TokenKind::kName) {
          owned->push_back(text::PhoneticKey(t.text));
          nt.phonetic = owned->back();
        }
      }
      p.tokens.push_back(nt);
    }
    p.owned = std::move(owned);
    out.push_back(std::move(p));
  }
  return out;
}

void Index::FuzzyTokens(const match::NameToken& qt, std::vector<std::pair<uint32_t, float>>* out,
                        match::CompareScratch* scratch) const {
  out->clear();
  auto add = [&](uint32_t id, float sim) {
    for (auto& [t, s] : *out) {
      if (t == id) {
        s = std::max(s, sim);
        return;
      }
    }
    out->push_back({id, sim});
  };
  auto exact = token_ids_.find(qt.text);
  if (exact != token_ids_.end()) add(exact->second, 1.0f);
  if (qt.kind != TokenKind::kName && qt.kind != TokenKind::kParticle) return;
  thread_local std::vector<uint64_t> hashes;
  thread_local std::vector<uint32_t> seen;
  seen.clear();
  DeletionHashes(qt.text, &hashes);
  for (uint64_t h : hashes)
    for (const auto& [hash, t] : deletions_.Range(h)) seen.push_back(t);
  if (!qt.phonetic.empty()) {
    auto group = phonetic_.Range(Hash(qt.phonetic));
    if (group.size() <= options_.max_phonetic_group)
      for (const auto& [hash, t] : group) seen.push_back(t);
  }
  if (qt.equivalence != 0) {
    if (auto it = class_tokens_.find(qt.equivalence); it != class_tokens_.end())
      seen.insert(seen.end(), it->second.begin(), it->second.end());
  }
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  for (uint32_t t : seen) {
    double s = scratch ? match::TokenSimilarity(qt, MakeToken(t), *scratch)
                       : match::TokenSimilarity(qt, MakeToken(t));
    if (s > 0) add(t, static_cast<float>(s));
  }
}

void Index::AddJoinsAndSplits(const match::PreparedName& qn,
                              std::vector<std::vector<std::pair<uint32_t, float>>>* per_token,
                              std::vector<size_t>* postings_len) const {
  constexpr float kJoinSplitSim = 0.9f;
  auto is_name = [](TokenKind k) { return k == TokenKind::kName || k == TokenKind::kParticle; };
  auto add = [&](size_t i, uint32_t t) {
    for (const auto& [u, s] : (*per_token)[i])
      if (u == t) return;
    (*per_token)[i].push_back({t, kJoinSplitSim});
    (*postings_len)[i] += postings_begin_[t + 1] - postings_begin_[t];
  };
  std::string buf;
  const auto& toks = qn.tokens;
  // Two adjacent query parts written as one list part ("abdul rahman" ~ "abdulrahman").
  for (size_t i = 0; i + 1 < toks.size(); ++i) {
    if (!is_name(toks[i].kind) || !is_name(toks[i + 1].kind)) continue;
    buf.assign(toks[i].text);
    buf += toks[i + 1].text;
    uint32_t t = FindToken(buf);
    if (t == kNoToken) continue;
    add(i, t);
    add(i + 1, t);
  }
  // One query part the lists write as two ("abdulrahman", "arturomeza"): every split
  // into two list tokens of at least two letters. Parts only a few entities know are
  // split too: one entity's "AIRKORYO" alias or "HOERYONG SHIPPING" does not make
  // "hoeryong" any less the "HOE RYONG" of another (a part many names share, such as
  // "mohammed", is one word; its splits would only cost time).
  constexpr uint32_t kMaxSplitKnownPostings = 4;
  for (size_t i = 0; i < toks.size(); ++i) {
    std::string_view w = toks[i].text;
    if (toks[i].kind != TokenKind::kName || w.size() < 5) continue;
    if (const uint32_t known = FindToken(w);
        known != kNoToken &&
        postings_begin_[known + 1] - postings_begin_[known] > kMaxSplitKnownPostings)
      continue;
    for (size_t cut = 2; cut + 2 <= w.size(); ++cut) {
      uint32_t a = FindToken(w.substr(0, cut));
      if (a == kNoToken) continue;
      uint32_t b = FindToken(w.substr(cut));
      if (b == kNoToken) continue;
      add(i, a);
      add(i, b);
    }
  }
}

std::vector<Candidate> Index::Candidates(const std::vector<match::PreparedName>& query,
                                         model::Schema schema, size_t limit,
                                         match::CompareScratch* scratch) const {
  struct Scratch {
    const Index* owner = nullptr;
    std::vector<float> acc, best, final_score;
    std::vector<int16_t> last_q;
    std::vector<uint32_t> touched, final_touched;
  };
  thread_local Scratch sc;
  const size_t n = entities_.size();
  if (sc.owner != this || sc.acc.size() != n) {
    sc.owner = this;
    sc.acc.assign(n, 0);
    sc.best.assign(n, 0);
    sc.final_score.assign(n, -1);
    sc.last_q.assign(n, -1);
  }
  bool compatible[8];
  for (int s = 0; s < 8; ++s)
    compatible[s] = s <= static_cast<int>(model::Schema::kAirplane) &&
                    model::SchemataCompatible(schema, static_cast<model::Schema>(s));
  std::vector<std::pair<uint32_t, float>> expansions;
  std::vector<std::vector<std::pair<uint32_t, float>>> per_token;
  for (const auto& qn : query) {
    per_token.assign(qn.tokens.size(), {});
    std::vector<size_t> postings_len(qn.tokens.size(), 0);
    bool has_rare = false;
    double total_w = 0;
    for (size_t i = 0; i < qn.tokens.size(); ++i) {
      total_w += qn.tokens[i].weight;
      FuzzyTokens(qn.tokens[i], &per_token[i], scratch);
      for (auto& [t, s] : per_token[i])
        postings_len[i] += postings_begin_[t + 1] - postings_begin_[t];
      if (!per_token[i].empty() && postings_len[i] <= options_.common_token_postings &&
          qn.tokens[i].kind == TokenKind::kName)
        has_rare = true;
    }
    if (total_w <= 0) continue;
    AddJoinsAndSplits(qn, &per_token, &postings_len);
    // Initials ("A. AHMED") count by letter, not by postings: the lists rarely write the
    // part as an initial, so its postings would leave every entity sharing the other
    // parts tied. Each one adds what the scorer's initial match would to the entities
    // the other parts found whose names have a part starting with its letter (a second
    // such part when another query part starts with that letter too). A name of initials
    // only keeps their postings.
    uint64_t by_letter = 0;  // query token positions (< 64)
    bool has_other = false;
    for (size_t i = 0; i < qn.tokens.size(); ++i) {
      if (qn.tokens[i].kind != TokenKind::kInitial)
        has_other |= !per_token[i].empty();
      else if (i < 64 && InitialBit(qn.tokens[i].text) >= 0)
        by_letter |= uint64_t{1} << i;
    }
    if (!has_other) by_letter = 0;
    // Common tokens (their postings over common_token_postings) when the name has a rarer
    // one: they do not bring in new entities, which would flood the candidates, but they
    // still add to the entities the rarer tokens found (otherwise "Muhammad Ali" would
    // rank every Muhammad the same as the one listed as Muhammad Ali).
    for (int pass = 0; pass < (has_rare ? 2 : 1); ++pass) {
      for (size_t i = 0; i < qn.tokens.size(); ++i) {
        const bool common = has_rare && postings_len[i] > options_.common_token_postings;
        if (common != (pass == 1) || (i < 64 && (by_letter >> i & 1))) continue;
        const float qw = qn.tokens[i].weight;
        for (auto& [t, sim] : per_token[i]) {
          const float val = sim * 0.5f * (qw + std::min(qw, tokens_[t].weight));
          for (uint32_t p = postings_begin_[t]; p < postings_begin_[t + 1]; ++p) {
            uint32_t e = postings_[p];
            if (!compatible[schema_[e]]) continue;
            if (sc.last_q[e] == -1) {
              if (common) continue;
              sc.touched.push_back(e);
            }
            if (sc.last_q[e] != static_cast<int16_t>(i)) {
              sc.last_q[e] = static_cast<int16_t>(i);
              sc.best[e] = val;
              sc.acc[e] += val;
            } else if (val > sc.best[e]) {
              sc.acc[e] += val - sc.best[e];
              sc.best[e] = val;
            }
          }
        }
      }
    }
    for (size_t i = 0; by_letter != 0 && i < 64 && i < qn.tokens.size(); ++i) {
      if ((by_letter >> i & 1) == 0) continue;
      const int bit = InitialBit(qn.tokens[i].text);
      bool twice = false;
      for (const auto& t : qn.tokens)
        twice |= t.kind != TokenKind::kInitial && InitialBit(t.text) == bit;
      const uint64_t need = uint64_t{1} << (twice ? 32 + bit : bit);
      const float val = kInitialSim * qn.tokens[i].weight;
      for (uint32_t e : sc.touched)
        if (initial_letters_[e] & need) sc.acc[e] += val;
    }
    for (uint32_t e : sc.touched) {
      float pre = static_cast<float>(sc.acc[e] / total_w);
      if (sc.final_score[e] < 0) sc.final_touched.push_back(e);
      sc.final_score[e] = std::max(sc.final_score[e], pre);
      sc.acc[e] = 0;
      sc.best[e] = 0;
      sc.last_q[e] = -1;
    }
    sc.touched.clear();
  }
  // Equal prescores are common when a query holds only common tokens ("Muhammad Ali"
  // is in hundreds of names): then entities with shorter names come first, so the one
  // listed as just that name is never cut off by the limit. The order (prescore down,
  // shortest name up, entity up) is packed into each item, so the selection over
  // thousands of touched entities compares in place instead of loading shortest_name_.
  struct Ranked {
    uint64_t key;  // ~ordered bits of the prescore << 32 | shortest name
    uint32_t entity;
    float prescore;
  };
  auto ordered_bits = [](float f) {  // grows with f (f not NaN; -0 taken as +0)
    if (f == 0) f = 0;
    uint32_t b;
    std::memcpy(&b, &f, sizeof b);
    return (b >> 31) != 0 ? ~b : b | 0x80000000u;
  };
  thread_local std::vector<Ranked> ranked;
  ranked.clear();
  ranked.reserve(sc.final_touched.size());
  for (uint32_t e : sc.final_touched) {
    const float pre = sc.final_score[e];
    ranked.push_back({(uint64_t{~ordered_bits(pre)} << 32) | shortest_name_[e], e, pre});
    sc.final_score[e] = -1;
  }
  sc.final_touched.clear();
  auto better = [](const Ranked& a, const Ranked& b) {
    return a.key != b.key ? a.key < b.key : a.entity < b.entity;
  };
  if (ranked.size() > limit) {
    // `better` is a total order, so this is partial_sort's result, in linear time.
    std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(limit),
                     ranked.end(), better);
    ranked.resize(limit);
  }
  std::sort(ranked.begin(), ranked.end(), better);
  std::vector<Candidate> out;
  out.reserve(ranked.size());
  for (const Ranked& r : ranked) out.push_back({r.entity, r.prescore});
  return out;
}

}  // namespace embargo::index
