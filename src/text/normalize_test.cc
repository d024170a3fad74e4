#include "text/normalize.h"

#include <gtest/gtest.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <string>
#include <thread>
#include <vector>

namespace embargo::text {
namespace {

struct Case {
  const char* in;
  const char* want;
};

TEST(NormalizeName, AsciiFastPath) {
  const Case cases[] = {
      {"PUTIN, Vladimir Vladimirovich", "putin vladimir vladimirovich"},
      {"O'Brien", "obrien"},
      {"al-Assad", "al assad"},
      {"  Bashar   Hafiz  AL-ASAD ", "bashar hafiz al asad"},
      {"S.A.", "s a"},
      {"Sp. z o.o.", "sp z o o"},
      {"AT&T Inc.", "at t inc"},
      {"D`Artagnan", "dartagnan"},
      {"", ""},
      {"---", ""},
      {"Bank 44", "bank 44"},
      {"tab\there\nnewline", "tab here newline"},
  };
  for (const Case& c : cases) EXPECT_EQ(NormalizeName(c.in), c.want) << c.in;
}

TEST(NormalizeName, LatinDiacritics) {
  const Case cases[] = {
      {"Müller-Lüdenscheidt, Jürgen", "muller ludenscheidt jurgen"},
      {"Straße", "strasse"},
      {"Ærøskøbing", "aeroskobing"},
      {"Łódź", "lodz"},
      {"Đorđe Đukanović", "dorde dukanovic"},
      {"İstanbul ılık", "istanbul ilik"},
      {"Þór", "thor"},
      {"Œuvre", "oeuvre"},
      {"François Hollande", "francois hollande"},
      {"Ａｂｃ ﬁnance", "abc finance"},  // full-width and ligature via NFKC
      {"O’Brien", "obrien"},             // typographic apostrophe
      {"O´Brien", "obrien"},             // acute accent used as apostrophe
      {"Ševčenko", "sevcenko"},
      {"Nguyễn Tấn Dũng", "nguyen tan dung"},
      {"Ahmad Shāh Masʿūd", "ahmad shah masud"},
  };
  for (const Case& c : cases) EXPECT_EQ(NormalizeName(c.in), c.want) << c.in;
}

TEST(NormalizeName, Scripts) {
  const Case cases[] = {
      // Russian, BGN/PCGN.
      {"Путин Владимир Владимирович", "putin vladimir vladimirovich"},
      {"ЛАВРОВ Сергей Викторович", "lavrov sergey viktorovich"},
      {"Юрий Евгений Хабаров", "yuriy yevgeniy khabarov"},
      {"Объединение", "obyedineniye"},
      {"ООО «Ромашка»", "ooo romashka"},
      // Ukrainian (і ї є ґ present), Belarusian (ў present).
      {"Сергій Олександр", "serhiy oleksandr"},
      {"Аляксандр Лукашэнка Ўладзімір", "alyaksandr lukashenka wladzimir"},
      // Serbian letters.
      {"Слободан Милошевић", "slobodan milosevic"},
      // Arabic, own table.
      {"صدام حسين التكريتي", "sdam hsin al tkriti"},
      {"عبد الله", "abd allah"},
      {"أسامة بن لادن", "asama bn ladn"},
      {"مُحَمَّد", "muhammad"},  // vowelled: harakat and shadda read
      {"محمود احمدی‌نژاد", "mhmud ahmdinzhad"},  // Persian letters, ZWNJ
      {"١٢٣", "123"},
      // Han -> pinyin without tones, one token per syllable.
      {"习近平", "xi jin ping"},
      // Hangul, McCune-Reischauer as the DPRK entries are written.
      {"김정은", "kim jong un"},
      {"최룡해", "choe ryong hae"},
      // Greek UNGEGN, Georgian and Armenian BGN, Japanese kana.
      {"Αλέξης Τσίπρας", "alexis tsipras"},
      {"მიხეილ სააკაშვილი", "mikheil saakashvili"},
      {"Սերժ Սարգսյան", "serzh sargsyan"},
      {"アサハラ ショウコウ", "asahara shoukou"},
      {"בנימין נתניהו", "bnymyn ntnyhw"},  // Hebrew: consonantal, as ICU gives it
      // Mixed scripts in one name.
      {"Sergey Лавров", "sergey lavrov"},
      {"Kim 김정은", "kim kim jong un"},
  };
  for (const Case& c : cases) EXPECT_EQ(NormalizeName(c.in), c.want) << c.in;
}

TEST(NormalizeName, HostileInput) {
  EXPECT_EQ(NormalizeName(std::string_view("\xff\xfe"
                                           "abc\xc3",
                                           6)),
            "abc");
  EXPECT_EQ(NormalizeName(std::string("a\0b", 3)), "a b");
  std::string huge(100000, 'x');
  EXPECT_EQ(NormalizeName(huge).size(), kMaxNameBytes);
  std::string cyr;
  for (int i = 0; i < 2000; ++i) cyr += "Ж";  // cut must not split a code point
  EXPECT_FALSE(NormalizeName(cyr).empty());
  EXPECT_EQ(NormalizeName("\u0301\u0301"), "");  // lone combining marks
}

// Our Russian table against ICU's Russian-Latin/BGN (the reference), after folding.
TEST(NormalizeName, RussianTableMatchesIcuBgn) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> icu_bgn(
      icu::Transliterator::createInstance("Russian-Latin/BGN", UTRANS_FORWARD, status));
  ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  const char* words[] = {
      "Путин Владимир Владимирович",
      "Лавров Сергей Викторович",
      "Ёлкин",
      "Пётр Подъезд",
      "Объединение",
      "Евгений Ельцин",
      "Юрий Яковлев",
      "Щукин Шойгу",
      "Цой Чайка",
      "Хабаров Жириновский",
      "Медведев Дмитрий Анатольевич",
      "Набиуллина Эльвира",
      "Мальцев Ильич",
      "Вячеслав Володин",
      "Сечин Игорь Иванович",
      "Кадыров Рамзан",
      "Дерипаска Олег",
      "Моисеев Аэрофлот",
      "ПАО «Газпром нефть»",
      "Общество с ограниченной "
      "ответственностью",
      "Абдурахманов Магомед Магомедзакирович",
      "Гусейн Майя Зоя",
      "Тсарев Шчедрин",
      "Быстрый Новый",
      "Сергей-Иван 2-й",
      "Ъе Ье ие ое ые",
  };
  for (const char* w : words) {
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(w);
    icu_bgn->transliterate(s);
    std::string reference;
    s.toUTF8String(reference);
    EXPECT_EQ(NormalizeName(w), NormalizeName(reference)) << w;
  }
}

TEST(TransliterationVariants, Conventions) {
  struct V {
    const char* in;
    std::vector<std::string> want;
  };
  const V cases[] = {
      {"Sergey Lavrov", {"sergey lavrov"}},
      {"Сергей Лавров", {"sergey lavrov", "sergei lavrov"}},
      {"Юрий", {"yuriy", "yuri"}},
      {"Сергій", {"serhiy", "serhii"}},
      {"习近平", {"xi jin ping", "xi jinping"}},
      {"김정은", {"kim jong un", "kim jongun", "gim jeong eun"}},
      {"صدام حسين التكريتي", {"sdam hsin al tkriti", "sdam hsin altkriti"}},
      {"Müller", {"muller"}},
      // The third Arabic-script variant: Persian/Urdu letter values (ض z, ث s) and compound
      // names joined as Latin spellings write them.
      {"احمد ضیا آغا", {"ahmd dya agha", "ahmd zya agha"}},
      {"ثناء اللہ غفاری", {"thna allah ghfari", "snaullah ghfari", "tna allah ghfari"}},
      {"جلال الدين", {"jlal al din", "jlal aldin", "jlaluddin", "djlal al din"}},
      {"نورالدين", {"nuraldin", "nuruddin", "nouraldin"}},
      {"حاجى خان", {"haja khan", "haji khan", "hadja khan"}},
      {"عبد الحكيم", {"abd al hkim", "abd alhkim", "abdul hkim", "abdelhkim"}},
      // The Maghreb's French-based spelling, with ben and ould.
      {"جمال عكاشة", {"jmal akasha", "djmal akacha"}},
      {"عماد بن مكي زرقاوي", {"amad bn mki zrqawi", "amad ben mki zrkaoui"}},
      // Allah ending a one-word name is spelt out, not cut to "allh".
      {"عبیدالله", {"abidallah", "abidullah"}},
  };
  for (const V& c : cases) EXPECT_EQ(TransliterationVariants(c.in), c.want) << c.in;
}

TEST(NormalizeCache, SameAsUncachedAndBounded) {
  NormalizeCache cache(32);
  const std::vector<std::string> names = {"Путин", "习近平", "김정은", "Müller", "ascii name"};
  for (int round = 0; round < 3; ++round)
    for (const auto& n : names) EXPECT_EQ(cache.Normalize(n), NormalizeName(n)) << n;
  EXPECT_EQ(cache.size(), 4u);  // ASCII bypasses the cache
  EXPECT_EQ(cache.hits(), 8u);
  for (int i = 0; i < 1000; ++i) cache.Normalize("Ж" + std::to_string(i));
  EXPECT_LE(cache.size(), 32u);
}

TEST(NormalizeCache, ManyThreads) {
  NormalizeCache cache(64);
  const std::vector<std::string> names = {"Путин", "习近平", "김정은", "Αλέξης", "محمد"};
  std::vector<std::string> want;
  for (const auto& n : names) want.push_back(NormalizeName(n));
  std::vector<std::thread> threads;
  std::vector<int> bad(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        size_t k = (i + t) % names.size();
        if (cache.Normalize(names[k]) != want[k]) ++bad[t];
        if (NormalizeName(names[k]) != want[k]) ++bad[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(bad[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace embargo::text
