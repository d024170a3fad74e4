// The screening index: built once from the loaded entities, then immutable and shared
// by every query thread. It prepares every listed name once (normalised, transliterated,
// tokenised, each token weighted by its rarity across the lists) and generates
// candidates for a query in a way that survives spelling variation:
//  - exact token postings;
//  - a symmetric-deletion neighbourhood over the token dictionary (Garbe's SymSpell
//    idea: every token within one edit, two for tokens of 8+ letters, shares a deletion
//    variant with the query token), so a typo in every query token still reaches the
//    right entity;
//  - phonetic keys (text/phonetic.h) for transliteration variants;
//  - given-name equivalence classes (text/equivalents.h) learned from the lists.
// A token shared by very many entities ("mohammed") is only followed when the query
// has nothing rarer, so a common given name neither floods the scorer nor hides its
// target when it is all the query has.
//
// Thread-safety: Build() returns a const Index; all const methods are safe from many
// threads at once (per-thread scratch space is thread_local).
#ifndef EMBARGO_INDEX_INDEX_H_
#define EMBARGO_INDEX_INDEX_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "match/score.h"
#include "model/entity.h"
#include "text/equivalents.h"

namespace embargo::index {

struct IndexOptions {
  // Postings longer than this mark a token as common: followed only when the query has
  // no rarer token.
  size_t common_token_postings = 2000;
  // Phonetic key groups larger than this are not followed (the key says too little).
  size_t max_phonetic_group = 256;
};

struct Candidate {
  uint32_t entity = 0;  // index into entities()
  float prescore = 0;   // share of the query's weight found in the entity's names, 0..1
};

struct IndexStats {
  size_t entities = 0;
  size_t names = 0;   // prepared name variants
  size_t tokens = 0;  // distinct tokens
  size_t deletion_keys = 0;
  size_t memory_bytes = 0;  // approximate
};

class Index {
 public:
  // Takes ownership of `entities` and prepares every name.
  static std::unique_ptr<const Index> Build(std::vector<model::Entity> entities,
                                            const IndexOptions& options = {});

  const std::vector<model::Entity>& entities() const { return entities_; }
  const model::Entity* Find(std::string_view id) const;  // nullptr when unknown
  IndexStats stats() const;

  // The prepared names of entity `e` (all names and their transliteration variants),
  // prepared once at build time.
  std::span<const match::PreparedName> EntityNames(uint32_t e) const {
    return {prepared_.data() + entity_names_begin_[e],
            prepared_.data() + entity_names_begin_[e + 1]};
  }

  // Prepares a query name (and its transliteration variants) with weights from the
  // lists' token statistics. Empty when the name has no usable token. `person`: the
  // query is known to name a person, whose name has no legal form (text::Tokenize).
  std::vector<match::PreparedName> PrepareQuery(std::string_view raw_name,
                                                bool person = false) const;

  // Up to `limit` entities whose names share weight with one of `query`'s names,
  // best first, restricted to schemata compatible with `schema`.
  // `scratch`, when given, memoises the token similarities computed on the way (keyed by
  // the query tokens' addresses: keep `query` in place while `scratch` serves it).
  std::vector<Candidate> Candidates(const std::vector<match::PreparedName>& query,
                                    model::Schema schema, size_t limit,
                                    match::CompareScratch* scratch = nullptr) const;

  // Rarity weight of a normalised token; the maximum weight when the lists lack it.
  float TokenWeight(std::string_view token) const;

  // --- Token and name level access, for scanners that walk the dictionary (scan/).
  static constexpr uint32_t kNoToken = UINT32_MAX;
  // Id of a normalised token, kNoToken when the lists lack it.
  uint32_t FindToken(std::string_view token) const;
  size_t token_count() const { return token_text_.size(); }
  // The scorer's view of token `id` (text, kind, weight, equivalence class, phonetic).
  // REQUIRES: id < token_count(). Views live as long as the index.
  match::NameToken Token(uint32_t id) const { return MakeToken(id); }
  uint32_t TokenDf(uint32_t id) const { return tokens_[id].df; }
  // Dictionary tokens near `query` (exact, within the deletion edit budget, same
  // phonetic group, same given-name class), each with its TokenSimilarity.
  void ExpandToken(const match::NameToken& query,
                   std::vector<std::pair<uint32_t, float>>* out) const {
    FuzzyTokens(query, out);
  }
  // Every prepared list name (one per transliteration variant of each entity name).
  struct NameView {
    uint32_t entity;
    uint32_t name;  // index into entities()[entity].names
    const uint32_t* tokens;
    size_t token_count;
  };
  size_t name_count() const { return names_.size(); }
  NameView Name(uint32_t r) const {
    const NameRef& ref = names_[r];
    return {ref.entity, ref.name, name_tokens_.data() + ref.token_begin, ref.token_count};
  }
  const match::PreparedName& PreparedNameAt(uint32_t r) const { return prepared_[r]; }
  // Joined and split parts, for scanners (candidate generation does the same in
  // AddJoinsAndSplits). FindJoined: the token two adjacent words make written as one
  // ("al" + "qaida" -> "alqaida"), kNoToken when the lists lack it. FindSplits: the cuts
  // of `word` into two tokens of at least `min_part` bytes each ("abdulrahman" -> "abdul"
  // + "rahman"), shortest first part first, at most out.size() of them; returns how many.
  uint32_t FindJoined(std::string_view a, std::string_view b) const;
  size_t FindSplits(std::string_view word, size_t min_part,
                    std::span<std::pair<uint32_t, uint32_t>> out) const;

 private:
  friend class SnapshotCodec;  // index/snapshot.cc writes and restores the members
  Index() = default;
  struct NameRef {
    uint32_t entity;
    uint32_t token_begin;  // into name_tokens_
    uint16_t token_count;
    uint16_t name;  // index into the entity's names
  };
  struct TokenInfo {
    float weight;
    uint32_t df;
    uint32_t equivalence;
    uint8_t kind;
  };
  // Heterogeneous lookup: a string_view finds a std::string key without a copy.
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using StringMap = std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>;
  // (hash, token) pairs sorted by hash, with a directory over the hash's top bits so a
  // lookup reads one short run instead of binary-searching millions of entries.
  // The arrays are owned (Build) or views into a mapped snapshot file (index/snapshot.h,
  // kept alive by Index::backing_): the largest table is not copied at load.
  class HashedTokens {
   public:
    void Add(uint64_t hash, uint32_t token) { owned_entries_.push_back({hash, token}); }
    void Freeze();  // sorts and builds the directory; REQUIRES: before the first Range()
    std::span<const std::pair<uint64_t, uint32_t>> Range(uint64_t hash) const;
    size_t size() const { return entries_.size(); }

   private:
    friend class SnapshotCodec;
    std::vector<std::pair<uint64_t, uint32_t>> owned_entries_;
    std::vector<uint32_t> owned_dir_;
    std::span<const std::pair<uint64_t, uint32_t>> entries_;
    std::span<const uint32_t> dir_;  // per top-bits value + 1: first entry with those bits
    int shift_ = 64;                 // hash >> shift_ gives the directory slot
  };
  match::NameToken MakeToken(uint32_t id) const;
  // prepared_ from names_ and the token tables (the last step of Build and of a load).
  void PrepareListNames();
  // initial_letters_ from names_ and the token tables (derived at Build and at a load).
  void DeriveInitialLetters();
  // Candidate generation for joined and split parts: list tokens equal to two adjacent
  // query parts, and pairs of list tokens a query part splits into.
  void AddJoinsAndSplits(const match::PreparedName& qn,
                         std::vector<std::vector<std::pair<uint32_t, float>>>* per_token,
                         std::vector<size_t>* postings_len) const;
  void FuzzyTokens(const match::NameToken& qt, std::vector<std::pair<uint32_t, float>>* out,
                   match::CompareScratch* scratch = nullptr) const;

  IndexOptions options_;
  std::shared_ptr<const void> backing_;  // the mapped snapshot file views point into, if any
  std::vector<model::Entity> entities_;
  std::vector<uint8_t> schema_;          // per entity
  std::vector<uint16_t> shortest_name_;  // per entity: fewest tokens of any of its names
  // Per entity, the letters its name parts (names and initials) start with: bit L (0 for
  // 'a') when some part starts with L, bit 32 + L when one name has two parts starting
  // with L ("ahmed ameen"). Lets a query initial count in candidate ranking.
  std::vector<uint64_t> initial_letters_;
  StringMap by_id_;
  std::vector<NameRef> names_;
  std::vector<uint32_t> entity_names_begin_;  // per entity + 1: range in names_
  std::vector<uint32_t> name_tokens_;
  std::vector<match::PreparedName> prepared_;  // per name ref, views into this index
  std::vector<std::string> token_text_;
  std::vector<std::string> token_phonetic_;
  std::vector<uint64_t> token_letters_;  // match::LetterMask of each token
  std::vector<TokenInfo> tokens_;
  StringMap token_ids_;
  std::vector<uint32_t> postings_begin_;  // per token + 1: range in postings_
  std::vector<uint32_t> postings_;        // entity ids, sorted, unique per token
  HashedTokens deletions_;                // deletion variant hash -> token
  HashedTokens phonetic_;                 // phonetic key hash -> token
  float max_weight_ = 1;
  text::NameEquivalents equivalents_;  // given-name spelling classes (built-ins + aliases)
  std::unordered_map<uint32_t, std::vector<uint32_t>> class_tokens_;  // class -> token ids
};

}  // namespace embargo::index

#endif  // EMBARGO_INDEX_INDEX_H_
