// NormalizeName per script, uncached and through NormalizeCache (warm: the same few
// names again and again, as repeated screening traffic is), plus Tokenize and
// PhoneticKey. Items/s counters; the ASCII fast path is the baseline in the same run.
//
//   build-*/bench/text_bench --benchmark_min_time=0.2
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "text/name.h"
#include "text/normalize.h"
#include "text/phonetic.h"

namespace {

using embargo::text::NormalizeCache;
using embargo::text::NormalizeName;

const std::vector<std::vector<std::string>>& Samples() {
  static const auto* s = new std::vector<std::vector<std::string>>{
      /*0 ascii*/ {"PUTIN, Vladimir Vladimirovich", "BIN LADIN, Usama bin Muhammad bin Awad",
                   "Rosneft Oil Company PJSC", "AL-ASSAD, Bashar Hafiz"},
      /*1 latin diacritics*/
      {"Müller-Lüdenscheidt, Jürgen", "Łukasz Żółkiewski", "Đorđe Đukanović", "Nguyễn Tấn Dũng"},
      /*2 cyrillic*/
      {"Путин Владимир Владимирович", "ЛАВРОВ Сергей Викторович", "Сергій Олександр",
       "Общество с ограниченной ответственностью Ромашка"},
      /*3 arabic*/
      {"صدام حسين التكريتي", "أسامة بن لادن", "عبد الله حمد محمد كريم",
       "محمود احمدی‌نژاد"},
      /*4 chinese*/ {"习近平", "王毅", "李克强", "中国石油天然气集团公司"},
      /*5 hangul*/ {"김정은", "최룡해", "리선권", "조선광업개발무역회사"},
  };
  return *s;
}

// Creating a transliterator is a one-off per thread (Han-Latin/Names: ~0.2 s of rule
// compilation); done before timing so the loops measure the steady state.
void WarmUp(const std::vector<std::string>& names) {
  for (const auto& n : names) embargo::text::TransliterationVariants(n);
}

const char* kScriptNames[] = {"ascii",  "latin_diacritics", "cyrillic",
                              "arabic", "chinese",          "hangul"};

void BM_NormalizeName(benchmark::State& state) {
  const auto& names = Samples()[state.range(0)];
  WarmUp(names);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(NormalizeName(names[i++ % names.size()]));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(kScriptNames[state.range(0)]);
}
BENCHMARK(BM_NormalizeName)->DenseRange(0, 5);

void BM_NormalizeCached(benchmark::State& state) {
  static NormalizeCache cache(1 << 12);
  const auto& names = Samples()[state.range(0)];
  WarmUp(names);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(cache.Normalize(names[i++ % names.size()]));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(kScriptNames[state.range(0)]);
}
BENCHMARK(BM_NormalizeCached)->DenseRange(0, 5);

void BM_TransliterationVariants(benchmark::State& state) {
  const auto& names = Samples()[state.range(0)];
  WarmUp(names);
  size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(embargo::text::TransliterationVariants(names[i++ % names.size()]));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(kScriptNames[state.range(0)]);
}
BENCHMARK(BM_TransliterationVariants)->DenseRange(0, 5);

void BM_Tokenize(benchmark::State& state) {
  std::vector<std::string> norm;
  for (const auto& n : Samples()[0]) norm.push_back(NormalizeName(n));
  norm.push_back(NormalizeName("Obshchestvo s Ogranichennoy Otvetstvennostyu Forty Four"));
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(embargo::text::Tokenize(norm[i++ % norm.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Tokenize);

void BM_PhoneticKey(benchmark::State& state) {
  const std::vector<std::string> tokens = {"muhammad", "shevchenko",  "qaddafi",
                                           "lavrov",   "abdulrahman", "yuri"};
  size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(embargo::text::PhoneticKey(tokens[i++ % tokens.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PhoneticKey);

}  // namespace

BENCHMARK_MAIN();
