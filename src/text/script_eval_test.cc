// Measures, on real list data, how well NormalizeName/TransliterationVariants of a name
// in its original script meets the Latin names the same record gives. Prints the
// figures per script and guards them with floors a little under what was measured
// when this test was written (2026-11), so a regression in a transliterator fails.
//
// Data: the UN consolidated lists (NAME_ORIGINAL_SCRIPT beside FIRST..FOURTH_NAME and
// ALIAS_NAME of the same INDIVIDUAL/ENTITY) and benchmarks/cross-script-pairs.csv.
#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/testing/testdata.h"
#include "text/name.h"
#include "text/normalize.h"
#include "text/phonetic.h"

namespace embargo::text {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Script of the first non-Latin letter.
std::string ScriptName(const std::string& s) {
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0x80 || !u_isalpha(c)) continue;
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode code = uscript_getScript(c, &st);
    if (code != USCRIPT_LATIN) return uscript_getName(code);
  }
  return "Latin";
}

std::vector<std::string> Values(const std::string& block, const std::string& tag) {
  std::vector<std::string> out;
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  size_t p = 0;
  while ((p = block.find(open, p)) != std::string::npos) {
    size_t e = block.find(close, p);
    if (e == std::string::npos) break;
    out.push_back(block.substr(p + open.size(), e - p - open.size()));
    p = e;
  }
  return out;
}

struct Sample {
  std::string original;
  std::vector<std::string> latin;
};

std::vector<Sample> UnSamples(const std::string& xml) {
  std::vector<Sample> out;
  for (const char* kind : {"INDIVIDUAL", "ENTITY"}) {
    const std::string open = std::string("<") + kind + ">", close = std::string("</") + kind + ">";
    size_t p = 0;
    while ((p = xml.find(open, p)) != std::string::npos) {
      size_t e = xml.find(close, p);
      if (e == std::string::npos) break;
      std::string block = xml.substr(p, e - p);
      p = e;
      auto orig = Values(block, "NAME_ORIGINAL_SCRIPT");
      if (orig.empty() || orig[0].empty()) continue;
      Sample s{orig[0], {}};
      std::string main;
      for (const char* t : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"})
        for (const auto& v : Values(block, t)) main += v + " ";
      s.latin.push_back(main);
      for (const auto& a : Values(block, "ALIAS_NAME")) s.latin.push_back(a);
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<std::string> NameWords(const std::string& normalized) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(normalized))
    if (t.kind == TokenKind::kName && t.text.size() >= 2) out.push_back(t.text);
  return out;
}

struct Tally {
  int n = 0, token = 0, phonetic = 0, most = 0;
};

// token: some variant shares a name token with some Latin name. phonetic: shares a
// PhoneticKey. most: for some variant and Latin name, at least half of the variant's
// name tokens have a Latin token with the same key.
void Score(const Sample& s, Tally* t) {
  ++t->n;
  bool token = false, phon = false, most = false;
  for (const std::string& v : TransliterationVariants(s.original)) {
    std::vector<std::string> vw = NameWords(v);
    // Joined forms count too ("xi jinping" vs "xi jin ping").
    for (const std::string& j : JoinedVariants(vw, 3)) vw.push_back(j);
    for (const std::string& latin : s.latin) {
      std::vector<std::string> lw = NameWords(NormalizeName(latin));
      for (const std::string& j : JoinedVariants(lw, 3)) lw.push_back(j);
      std::set<std::string> lt(lw.begin(), lw.end()), lk;
      for (const auto& w : lw) lk.insert(PhoneticKey(w));
      int hits = 0, words = 0;
      for (const auto& w : NameWords(v)) {
        ++words;
        if (lt.count(w)) token = true;
        if (lk.count(PhoneticKey(w))) {
          phon = true;
          ++hits;
        }
      }
      for (const auto& w : vw) {
        if (lt.count(w)) token = true;
        if (lk.count(PhoneticKey(w))) phon = true;
      }
      if (words > 0 && 2 * hits >= words) most = true;
    }
  }
  t->token += token;
  t->phonetic += phon;
  t->most += most;
}

void Print(const char* source, const std::map<std::string, Tally>& tallies) {
  for (const auto& [script, t] : tallies)
    std::printf(
        "%-28s %-10s n=%4d  shared token %5.1f%%  shared phonetic key %5.1f%%  "
        ">=half tokens by key %5.1f%%\n",
        source, script.c_str(), t.n, 100.0 * t.token / t.n, 100.0 * t.phonetic / t.n,
        100.0 * t.most / t.n);
}

TEST(ScriptEval, UnConsolidatedOriginalScriptNames) {
  const std::string path = testing::TestDataPath("un/consolidated-2026-02-27.xml");
  std::string xml = ReadFile(path);
  ASSERT_FALSE(xml.empty()) << "missing test data: " << path;
  std::map<std::string, Tally> tallies;
  for (const Sample& s : UnSamples(xml)) Score(s, &tallies[ScriptName(s.original)]);
  Print("un/consolidated-2026-02-27", tallies);
  ASSERT_GE(tallies["Arabic"].n, 300);
  ASSERT_GE(tallies["Cyrillic"].n, 10);
  // Floors: measured minus a margin (see the report printed above).
  EXPECT_GE(100.0 * tallies["Arabic"].phonetic / tallies["Arabic"].n, 95.0);
  EXPECT_GE(100.0 * tallies["Arabic"].most / tallies["Arabic"].n, 82.0);
  EXPECT_GE(100.0 * tallies["Cyrillic"].token / tallies["Cyrillic"].n, 85.0);
}

TEST(ScriptEval, CrossScriptBenchmarkPairs) {
  const std::string path = testing::TestDataPath("benchmarks/cross-script-pairs.csv");
  std::ifstream in(path);
  ASSERT_TRUE(in) << "missing test data: " << path;
  std::map<std::string, Tally> tallies;
  std::string line;
  int total = 0, token = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t c1 = line.find(','), c2 = line.find(',', c1 + 1);
    if (c1 == std::string::npos || c2 == std::string::npos) continue;
    Sample s{line.substr(0, c1), {line.substr(c1 + 1, c2 - c1 - 1)}};
    Tally before = tallies[ScriptName(s.original)];
    Score(s, &tallies[ScriptName(s.original)]);
    ++total;
    token += tallies[ScriptName(s.original)].token - before.token;
  }
  Print("benchmarks/cross-script-pairs", tallies);
  ASSERT_GE(total, 20);
  EXPECT_GE(100.0 * token / total, 50.0);
}

}  // namespace
}  // namespace embargo::text
