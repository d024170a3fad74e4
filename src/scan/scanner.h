// Scanner: finds mentions of listed entities inside free text (articles, documents,
// payment message narratives), with their character offsets, the entity, the score and
// the explanation the matcher gives (same index, same scoring as `embargo match`).
//
// How (scanner.cc has the details): words are looked up in the index's token
// dictionary; a capitalised word whose token is rare enough on the lists is an anchor;
// around each anchor, each list name holding that token is checked against nearby words
// of the same sentence (a cheap prefilter in the spirit of RE2's literal atoms); the
// spans that cover at least two of a name's parts (or all of a one-part name that is
// distinctive) are scored by match::CompareNames and kept at the threshold. A longer
// mention wins over mentions of its parts.
//
// Noise rules (what keeps ordinary text quiet): lower-case words never anchor in
// mixed-case text; a lone given name never alerts; a lone surname alerts only under
// Options::lone_surnames; one-word names that are ordinary English words (when a word
// list is loaded, see Options::common_words_path) never alert alone.
//
// Thread-safety: Build() returns an immutable Scanner; Scan() is safe from many
// threads at once. The Scanner borrows the Index, which must outlive it.
#ifndef EMBARGO_SCAN_SCANNER_H_
#define EMBARGO_SCAN_SCANNER_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "index/index.h"
#include "screen/screen.h"

namespace embargo::scan {

enum class LoneSurnames {
  kNever,          // a surname alone never alerts
  kAfterFullName,  // only after the same entity was named in full in the same text
  kDistinctive,    // also when the surname is unique on the lists and not a common word
};

// Options (defaults in brackets):
//   threshold [0.75]         score at or above which a mention is reported
//   lone_surnames [kAfterFullName]
//   max_per_span [3]         entities reported for one span of text, best first
//   anchor_max_names [400]   a token on more list names than this never anchors
//   common_words_path ["/usr/share/dict/words"] one lower-case word per line; missing
//                            file = no list (one-word names then need 6+ letters)
//   datasets []              only entities of these datasets (empty = all)
struct Options {
  double threshold = 0.75;
  LoneSurnames lone_surnames = LoneSurnames::kAfterFullName;
  size_t max_per_span = 3;
  size_t anchor_max_names = 400;
  std::string common_words_path = "/usr/share/dict/words";
  std::vector<std::string> datasets;
};

struct Mention {
  size_t begin = 0;  // byte offsets into the scanned text, [begin, end)
  size_t end = 0;
  std::string text;  // the text matched
  screen::Hit hit;   // entity, score, explanation (query_name = text)
  std::string how;   // "name", "surname after full name", "distinctive surname", "one-word name"
};

class Scanner {
 public:
  static std::unique_ptr<const Scanner> Build(const index::Index& index,
                                              const Options& options = {});
  ~Scanner();

  // Mentions in `text` (UTF-8; invalid bytes count as spaces), in text order.
  std::vector<Mention> Scan(std::string_view text) const;

  const index::Index& index() const { return index_; }
  const Options& options() const { return options_; }
  // Number of common words loaded from Options::common_words_path.
  size_t common_words() const { return common_words_.size(); }
  // Whether `lower` (lower-case ASCII) is one of those common words.
  bool IsCommonWord(std::string_view lower) const {
    return common_words_.count(std::string(lower)) > 0;
  }

 private:
  struct Impl;
  Scanner(const index::Index& index, const Options& options);
  const index::Index& index_;
  Options options_;
  std::unordered_set<std::string> common_words_;  // lower-case dictionary words
  std::unordered_set<std::string> proper_nouns_;  // capitalised ones, lower-cased
  std::unique_ptr<Impl> impl_;
};

// Code point offset of byte offset `byte` in `text` (for character offsets in output).
size_t CharOffset(std::string_view text, size_t byte);

// Code point offsets of increasing byte offsets in one text, in linear time overall.
class CharCounter {
 public:
  explicit CharCounter(std::string_view text) : text_(text) {}
  size_t At(size_t byte);  // fastest when called with non-decreasing offsets

 private:
  std::string_view text_;
  size_t byte_ = 0, chars_ = 0;
};

// One mention as JSON: start/end (characters), byte_start/byte_end, text, how, and the
// yente-shaped result of screen::HitToJson under "result". Pass one `counter` for all
// mentions of a text (in text order) to keep the offsets linear.
nlohmann::json MentionToJson(const index::Index& index, std::string_view text, const Mention& m,
                             CharCounter* counter = nullptr);

}  // namespace embargo::scan

#endif  // EMBARGO_SCAN_SCANNER_H_
