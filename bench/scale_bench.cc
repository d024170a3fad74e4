// Scale: how index build time, memory and query latency grow with the list. Builds a
// synthetic list of N names (default 5,000,000; EMBARGO_SCALE_NAMES=N) by recombining
// and misspelling the words of the real lists' Latin-script names (ofac/current + UN),
// so token rarity, shared given names and near-duplicate surnames look like a large real
// list rather than random strings. Then screens 2,000 name-only queries, one thread:
// half are synthetic names under the self-verification variations, half made-up names.
//
// Run: EMBARGO_SCALE_NAMES=5000000 build/bench/scale_bench
// Prints: names, distinct tokens, build seconds, resident memory per name (whole process
// growth: entities + index), p50 / p99 / max per query, queries/s.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "bench_lists.h"
#include "common/random.h"
#include "index/index.h"
#include "screen/screen.h"
#include "screen/verify.h"

namespace embargo {
namespace {

size_t ResidentBytes() {
  std::ifstream in("/proc/self/statm");
  size_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// Upper-case ASCII words of 2+ letters; a name with any other character gives none.
std::vector<std::string> Words(const std::string& name) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : name + " ") {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      cur += static_cast<char>(c & ~0x20);
    } else if (c == ' ' || c == ',' || c == '.' || c == '-') {
      if (cur.size() >= 2) out.push_back(cur);
      cur.clear();
    } else {
      return {};
    }
  }
  return out;
}

struct Pools {
  std::vector<std::string> person, org;
};

Pools MakePools(const std::vector<model::Entity>& real) {
  std::set<std::string> person, org;
  for (const auto& e : real) {
    for (const auto& n : e.names) {
      for (auto& w : Words(n.full)) {
        (e.schema == model::Schema::kPerson ? person : org).insert(w);
      }
    }
  }
  return {{person.begin(), person.end()}, {org.begin(), org.end()}};
}

// One letter substituted, inserted or deleted at a random position.
std::string Misspell(std::string w, uint64_t& rng) {
  size_t pos = SplitMix64(rng) % w.size();
  char letter = static_cast<char>('A' + SplitMix64(rng) % 26);
  switch (SplitMix64(rng) % 3) {
    case 0:
      w[pos] = letter;
      break;
    case 1:
      w.insert(w.begin() + static_cast<long>(pos), letter);
      break;
    default:
      if (w.size() > 3) w.erase(w.begin() + static_cast<long>(pos));
  }
  return w;
}

std::vector<model::Entity> Synthesize(const Pools& pools, size_t n, uint64_t seed) {
  std::vector<model::Entity> out;
  out.reserve(n);
  uint64_t rng = seed;
  for (size_t i = 0; i < n; ++i) {
    bool person = SplitMix64(rng) % 10 < 6;
    const auto& pool = person ? pools.person : pools.org;
    size_t parts = person ? 2 + SplitMix64(rng) % 2 : 2 + SplitMix64(rng) % 3;
    std::string name;
    for (size_t p = 0; p < parts; ++p) {
      std::string w = pool[SplitMix64(rng) % pool.size()];
      // Half the names get a new spelling of one word, so the vocabulary grows with the
      // list as it does on real lists (near-duplicate surnames and company words).
      if (p == parts - 1 && SplitMix64(rng) % 2 == 0) w = Misspell(w, rng);
      if (!name.empty()) name += ' ';
      name += w;
    }
    model::Entity e;
    e.id = "syn-" + std::to_string(i);
    e.dataset = "synthetic";
    e.schema = person ? model::Schema::kPerson : model::Schema::kOrganization;
    e.names.emplace_back().full = std::move(name);
    out.push_back(std::move(e));
  }
  return out;
}

int Main() {
  size_t n = 5'000'000;
  if (const char* v = std::getenv("EMBARGO_SCALE_NAMES")) n = std::strtoull(v, nullptr, 10);
  Pools pools;
  {
    auto real = bench::LoadBenchLists("scale_bench");
    pools = MakePools(real);
  }
  std::printf("word pools: %zu person, %zu organisation words\n", pools.person.size(),
              pools.org.size());
  size_t rss0 = ResidentBytes();
  auto t0 = std::chrono::steady_clock::now();
  auto entities = Synthesize(pools, n, 20261129);
  auto t1 = std::chrono::steady_clock::now();
  size_t rss1 = ResidentBytes();
  // A sample of names to vary into queries, kept before the index takes the entities.
  std::vector<std::pair<std::string, bool>> sample;
  for (size_t i = 0; i < entities.size() && sample.size() < 1000; i += entities.size() / 1000 + 1) {
    sample.emplace_back(entities[i].names[0].full, entities[i].schema == model::Schema::kPerson);
  }
  auto index = index::Index::Build(std::move(entities));
  auto t2 = std::chrono::steady_clock::now();
  size_t rss2 = ResidentBytes();
  auto stats = index->stats();
  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::printf("names %zu, distinct tokens %zu, deletion keys %zu\n", stats.names, stats.tokens,
              stats.deletion_keys);
  std::printf("synthesis %.1f s, index build %.1f s\n", secs(t0, t1), secs(t1, t2));
  std::printf(
      "resident memory: entities %.0f B/name, index %.0f B/name, total %.0f B/name "
      "(%.2f GB)\n",
      double(rss1 - rss0) / n, double(rss2 - rss1) / n, double(rss2 - rss0) / n,
      double(rss2 - rss0) / 1e9);

  std::vector<std::string> queries;
  const char* kinds[] = {"exact", "typo1", "order", "typo2"};
  for (size_t i = 0; i < sample.size(); ++i) {
    std::string v = screen::Vary(sample[i].first, kinds[i % 4], 7 + i, sample[i].second);
    queries.push_back(v.empty() ? sample[i].first : v);
  }
  const char* given[] = {"John", "Maria", "Ahmed", "Olga", "Li", "Carlos", "Fatima", "Peter"};
  const char* family[] = {"Smith", "Garcia", "Khan", "Petrova", "Wang", "Silva", "Novak", "Brown"};
  for (int i = 0; i < 1000; ++i) {
    queries.push_back(std::string(given[i % 8]) + " " + family[(i / 8) % 8] +
                      (i >= 64 ? " " + std::string(family[(i / 64) % 8]) : ""));
  }
  std::vector<double> us;
  size_t matched = 0;
  auto q0 = std::chrono::steady_clock::now();
  for (const auto& text : queries) {
    screen::Query q;
    q.names = {text};
    auto a = std::chrono::steady_clock::now();
    auto r = screen::Screen(*index, q);
    auto b = std::chrono::steady_clock::now();
    if (!r.hits.empty() && r.hits[0].match) ++matched;
    us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
  }
  double total = secs(q0, std::chrono::steady_clock::now());
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) { return us[std::min(us.size() - 1, size_t(p * us.size()))]; };
  std::printf(
      "%zu queries: p50 %.0f us, p99 %.0f us, max %.0f us, %.0f queries/s; %zu with a "
      "match\n",
      us.size(), pct(0.5), pct(0.99), us.back(), us.size() / total, matched);
  return 0;
}

}  // namespace
}  // namespace embargo

int main() { return embargo::Main(); }
