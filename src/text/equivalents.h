// Equivalent spellings of given names across transliterations: sergei/sergey/serhiy,
// mohammed/muhammad/mohamed, aleksandr/alexander/oleksandr, yuri/yury/iurii. The scorer
// treats two tokens of one class as equal; the index adds the class as a term.
//
// Two sources: a small built-in table of well-attested groups (equivalents.cc), and the
// lists themselves: when two aliases of one entity differ only in the spelling of one
// token ("Sergei Viktorovich LAVROV" / "Sergey Viktorovich LAVROV"), the index passes
// the pair to EquivalenceBuilder::AddAliasPair, which links the differing tokens if
// they look like transliterations of each other. False equivalences raise false alerts,
// so that test is conservative (see AddAliasPair).
//
// Usage: EquivalenceBuilder b; b.AddBuiltins(); b.AddAliasPair(...)...;
//        NameEquivalents eq = std::move(b).Build();   // immutable
// Thread-safety: EquivalenceBuilder is single-threaded; NameEquivalents is immutable
// after Build() and safe to share between threads.
#ifndef EMBARGO_TEXT_EQUIVALENTS_H_
#define EMBARGO_TEXT_EQUIVALENTS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace embargo::text {

// Largest class a merge may create: a chain of pairwise-plausible spellings that grows
// beyond this is more likely drifting between different names than transliterating one.
inline constexpr size_t kMaxClassSize = 16;

class NameEquivalents {
 public:
  NameEquivalents() = default;
  // The table whose class i has the members classes[i] (as Members() gives them back:
  // an index snapshot stores them). A token listed twice keeps its first class.
  static NameEquivalents FromClasses(std::vector<std::vector<std::string>> classes);

  // Class id of a normalised token; nullopt when the token has no known equivalents.
  std::optional<uint32_t> ClassOf(std::string_view token) const;

  // True when a == b or both are in one class.
  bool Equivalent(std::string_view a, std::string_view b) const;

  // The class's representative spelling (its alphabetically first member), or `token`
  // itself when it has no class. Stable for a given table.
  std::string_view Canonical(std::string_view token) const;

  // Members of class `id`, sorted.
  const std::vector<std::string>& Members(uint32_t id) const { return members_[id]; }
  size_t class_count() const { return members_.size(); }
  size_t token_count() const { return class_of_.size(); }

 private:
  friend class EquivalenceBuilder;
  std::unordered_map<std::string, uint32_t> class_of_;
  std::vector<std::vector<std::string>> members_;
};

struct EquivalenceOptions {
  // Distinct AddAliasPair/AddAliases calls (entities) that must show the same token
  // pair before it is linked. One entity's aliases are that authority's judgement for
  // that person ("Bashar" and "Bashir" for one man) and do not make the spellings
  // equivalent for everyone; a pair seen on two entities is a transliteration habit.
  int min_support = 2;
};

class EquivalenceBuilder {
 public:
  explicit EquivalenceBuilder(EquivalenceOptions options = {});
  ~EquivalenceBuilder();

  // Adds the built-in table of given-name groups.
  void AddBuiltins();

  // Declares normalised tokens one class (e.g. from a curated file). Tokens are
  // passed through NormalizeName; empty ones are ignored.
  void AddGroup(const std::vector<std::string>& tokens);

  // Two names (raw UTF-8) that a list gives for one entity. Both are normalised and
  // tokenised; name tokens (not titles, particles, legal forms, numbers) are aligned
  // by position, or in "FAMILY, Given" order when one has a comma. Differing token
  // pairs are linked only when all of these hold:
  //  - both names have the same number (>= 2) of name tokens and at least one aligned
  //    pair is identical (the anchor), with no more differing pairs than identical ones;
  //  - each differing pair is alphabetic, >= 3 letters, starts with the same letter
  //    (or both with a vowel), has equal PhoneticKey, and Levenshtein distance
  //    <= max(2, shorter length / 3); tokens under 5 letters must also share first
  //    and last letter ("ali"/"ala", "amr"/"omar" stay apart);
  //  - same-length tokens differ in no vowel of another quality (a/e, e/i/y, o/u are
  //    one quality each): "bashar"/"bashir" stay apart;
  //  - the same token pair was seen for at least options.min_support entities;
  //  - at Build(), a link may add a token to a class but never join two classes of two
  //    or more tokens (chains drift: mahmoud - mahamoud - mohamoud - mohamed).
  // If any differing pair fails, nothing is recorded for this alias pair.
  // Returns the number of candidate token pairs recorded (linked at Build()).
  size_t AddAliasPair(std::string_view name_a, std::string_view name_b);

  // All names one entity goes by: every pair is compared as by AddAliasPair, and a
  // token pair counts once for the entity however many alias pairs show it.
  size_t AddAliases(const std::vector<std::string>& names);

  // Freezes the classes. The builder is left empty.
  NameEquivalents Build() &&;

 private:
  bool Link(const std::string& a, const std::string& b);
  // Candidate token pairs of one alias pair (the names' NameTokens); empty unless it
  // passes every test.
  static std::vector<std::pair<std::string, std::string>> Candidates(
      const std::vector<std::string>& a, const std::vector<std::string>& b);

  EquivalenceOptions options_;
  // Candidate pair (ordered, a < b) -> number of entities showing it.
  std::unordered_map<std::string, int> support_;
  uint32_t Find(uint32_t x);
  uint32_t Id(const std::string& token);

  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> tokens_;
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;
};

}  // namespace embargo::text

#endif  // EMBARGO_TEXT_EQUIVALENTS_H_
