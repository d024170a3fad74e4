#include "text/name.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace embargo::text {
namespace {

// "text/kind/canonical" for each token, joined by " | ", for compact expectations.
std::string Show(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    if (!out.empty()) out += " | ";
    out += t.text + "/" + std::string(TokenKindName(t.kind));
    if (t.canonical != t.text) out += "/" + t.canonical;
  }
  return out;
}

struct Case {
  const char* in;
  const char* want;
};

TEST(AnalyzeName, LegalForms) {
  const Case cases[] = {
      {"Romashka LLC", "romashka/name | llc/legal_form"},
      {"OOO Romashka", "ooo/legal_form/llc | romashka/name"},
      {"ООО «Ромашка»", "ooo/legal_form/llc | romashka/name"},
      {"Obshchestvo s Ogranichennoy Otvetstvennostyu Romashka",
       "obshchestvo s ogranichennoy otvetstvennostyu/legal_form/llc | romashka/name"},
      {"Общество с ограниченной ответственностью Ромашка",
       "obshchestvo s ogranichennoy otvetstvennostyu/legal_form/llc | romashka/name"},
      {"Romashka Limited Liability Company",
       "romashka/name | limited liability company/legal_form/llc"},
      {"Siemens GmbH", "siemens/name | gmbh/legal_form/llc"},
      {"Firma Sp. z o.o.", "firma/name | sp z o o/legal_form/llc"},
      {"Rosneft Oil Company PJSC",
       "rosneft/name | oil/name | company/org_word | pjsc/legal_form/jsc"},
      {"Открытое акционерное общество Газпром",
       "otkrytoye aktsionernoye obshchestvo/legal_form/jsc | gazprom/name"},
      {"AO Kalashnikov", "ao/legal_form/jsc | kalashnikov/name"},
      {"Nestle S.A.", "nestle/name | s a/legal_form/jsc"},
      {"Acme Corp.", "acme/name | corp/org_word"},
      {"Acme Corporation Inc", "acme/name | corporation/org_word/corp | inc/legal_form"},
      {"Barclays PLC", "barclays/name | plc/legal_form"},
      {"Acme Holdings Ltd", "acme/name | holdings/org_word/holding | ltd/legal_form"},
      // Short forms count only at the edges: a syllable inside a name stays a name.
      {"Kim Sa Ryong", "kim/name | sa/name | ryong/name"},
      {"Sa", "sa/name"},
  };
  for (const Case& c : cases) EXPECT_EQ(Show(AnalyzeName(c.in)), c.want) << c.in;
}

TEST(AnalyzeName, LegalFormsWithOneTypo) {
  const Case cases[] = {
      {"New Age Shipping Limted", "new/name | age/name | shipping/name | limted/legal_form/ltd"},
      {"VTB Leasing Joint Stok Company",
       "vtb/name | leasing/name | joint stok company/legal_form/jsc"},
      {"Joint Stcok Company Rosoboronexport",
       "joint stcok company/legal_form/jsc | rosoboronexport/name"},
      {"Wayside Cororation", "wayside/name | cororation/org_word/corp"},
      {"Inversiones Zanzibar Sociedabd Anonima",
       "inversiones/name | zanzibar/name | sociedabd anonima/legal_form/jsc"},
      // A longer form with typos beats a shorter exact one; one typo in each of several
      // words when one word is exact.
      {"Ekb Neva Limited Liabilty Company",
       "ekb/name | neva/name | limited liabilty company/legal_form/llc"},
      {"Joint Stcok Compnay Alfa", "joint stcok compnay/legal_form/jsc | alfa/name"},
      // Not for a lone word, short words, a two-word form with two typos, or another
      // first letter.
      {"Limted", "limted/name"},
      {"Acme Lted", "acme/name | lted/name"},
      {"Sociedabd Anonimo Alfa", "sociedabd/name | anonimo/name | alfa/name"},
      {"Acme Kimited", "acme/name | kimited/name"},
  };
  for (const Case& c : cases) EXPECT_EQ(Show(AnalyzeName(c.in)), c.want) << c.in;
}

// Typos in short words of a form: an abbreviation with a letter more or less at the
// start or end of the name, and a four-letter word of a long form whose other words are
// exact. Not a changed letter (another abbreviation), not inside the name, not a short
// word with vowels alone.
TEST(AnalyzeName, LegalFormsWithShortTypos) {
  const Case cases[] = {
      {"Nord Industrieanlagenbau GMKBH",
       "nord/name | industrieanlagenbau/name | gmkbh/legal_form/llc"},
      {"Nord Industrieanlagenbau GMH", "nord/name | industrieanlagenbau/name | gmh/legal_form/llc"},
      {"Kraslesinvest CJS", "kraslesinvest/name | cjs/legal_form/jsc"},
      {"Ozean Baumaschinen GBH & Co. KG",
       "ozean/name | baumaschinen/name | gbh co kg/legal_form/lp"},
      {"Ope Joint Stock Company Dolta", "ope joint stock company/legal_form/jsc | dolta/name"},
      {"CSSC Offshore", "cssc/name | offshore/name"},
      {"Alfa GMH Beta", "alfa/name | gmh/name | beta/name"},
      {"Acme Sarb", "acme/name | sarb/name"},
      {"Ope Stock Company", "ope/name | stock company/legal_form/jsc"},
  };
  for (const Case& c : cases) EXPECT_EQ(Show(AnalyzeName(c.in)), c.want) << c.in;
}

// Spanish spellings of organisation words.
TEST(AnalyzeName, SpanishOrgWords) {
  const Case cases[] = {
      {"Corproacion de Inversiones", "corproacion/org_word/corp | de/particle | inversiones/name"},
      {"Compania Minera Alfa", "compania/org_word/company | minera/name | alfa/name"},
  };
  for (const Case& c : cases) EXPECT_EQ(Show(AnalyzeName(c.in)), c.want) << c.in;
}

// A legal form with a word dropped, a word only legal forms use, or a form written onto
// the next word is still a legal form, not the rarest part of the name.
TEST(AnalyzeName, LegalFormsPartOrGlued) {
  const Case cases[] = {
      {"Joint Company Eniks", "joint company/legal_form/jsc | eniks/name"},
      {"Limited Liability Bastion", "limited liability/legal_form/llc | bastion/name"},
      {"Red Dolphin Stock Company", "red/name | dolphin/name | stock company/legal_form/jsc"},
      {"Obshchestvo Ogranichennoi Otvetstvennostyu Neobit",
       "obshchestvo ogranichennoi otvetstvennostyu/legal_form/llc | neobit/name"},
      {"Aktsionernoe Firma Tvema", "aktsionernoe/legal_form/jsc | firma/name | tvema/name"},
      {"Anonima Inversiones Zanzibar Sociedad",
       "anonima/legal_form/jsc | inversiones/name | zanzibar/name | sociedad/legal_form/jsc"},
      {"Ltd Wealthing Holding Pte",
       "ltd/legal_form | wealthing/name | holding/org_word | pte/legal_form/ltd"},
      {"OOOLanprint", "ooo/legal_form/llc | lanprint/name"},
      {"Dinrinlimited", "dinrin/name | limited/legal_form/ltd"},
      {"JSCABS Zeim", "jsc/legal_form | abs/name | zeim/name"},
      {"OAOEPK Saratov", "oao/legal_form/jsc | epk/name | saratov/name"},
      {"Jointstock Company Kronshtadt", "joint stock company/legal_form/jsc | kronshtadt/name"},
      {"Limited Liability Companybastion",
       "limited liability company/legal_form/llc | bastion/name"},
      {"Aktsio Nernoe Obshchestvo Pluton", "aktsionernoe obshchestvo/legal_form/jsc | pluton/name"},
      {"Wayside Corpo Ration", "wayside/name | corporation/org_word/corp"},
      {"Kim Sa Ryong Co", "kim/name | sa/name | ryong/name | co/org_word/company"},
      // Not: a lone fragment is a name, short words stay inside a name, and a form is
      // split off only before or after at least four letters.
      {"Sociedad", "sociedad/name"},
      {"Juan de C Vargas", "juan/name | de/particle | c/initial | vargas/name"},
      {"Paolina Llcx", "paolina/name | llcx/name"},
      {"Zaostrovsky Ivan", "zaostrovsky/name | ivan/name"},
      {"Maria do Carmo", "maria/name | do/particle | carmo/name"},
      // "commercial bank" is a kind of business, not a legal form: read as one (a part
      // of "joint stock commercial bank") it vanished from the list name, and a query
      // that reordered or misspelt it kept two heavy parts the list name lacked.
      {"Tanchon Commercial Bank", "tanchon/name | commercial/name | bank/name"},
      {"Joint Stock Commercial Bank Tanchon",
       "joint stock/legal_form/jsc | commercial/name | bank/name | tanchon/name"},
  };
  for (const Case& c : cases) EXPECT_EQ(Show(AnalyzeName(c.in)), c.want) << c.in;
}

// Lebanon's "S.A.L." and Venezuela's "C.A." are joint-stock forms however written;
// "S.A.L." was read as a "S.A.R.L." with a letter dropped (class llc), and "SAL" as a
// name, so "CAPITAL SAL" lacked the rarest part of "CAPITAL S.A.L.".
TEST(AnalyzeName, LebaneseAndVenezuelanForms) {
  const Case cases[] = {
      {"CAPITAL S.A.L.", "capital/name | s a l/legal_form/jsc"},
      {"capital sal", "capital/name | sal/legal_form/jsc"},
      {"HOKOUL SAL OFFSHORE", "hokoul/name | sal/legal_form/jsc | offshore/name"},
      {"ALFA ONE C.A.", "alfa/name | one/number/1 | c a/legal_form/jsc"},
      {"Globovision CA", "globovision/name | ca/legal_form/jsc"},
      // Short forms count only at the edges.
      {"Juan Ca Vargas", "juan/name | ca/name | vargas/name"},
  };
  for (const Case& c : cases) EXPECT_EQ(Show(AnalyzeName(c.in)), c.want) << c.in;
  EXPECT_EQ(Show(Tokenize("sal khan", /*person=*/true)), "sal/name | khan/name");
}

// A form with a word dropped and one typo in a long word of it ("PUBLIC JOIENT STOCK"
// for "PUBLIC JOINT STOCK [COMPANY]"): two exact words vouch for it. Without them the
// typo'd word may be a name.
TEST(AnalyzeName, PartialLegalFormWithOneTypo) {
  const Case cases[] = {
      {"Iran Chemical Company Public Joient Stock",
       "iran/name | chemical/name | company/org_word | public joient stock/legal_form/jsc"},
      {"Acme Limited Liabilty", "acme/name | limited/legal_form/ltd | liabilty/name"},
      {"Public Joient Acme", "public/name | joient/name | acme/name"},
  };
  for (const Case& c : cases) EXPECT_EQ(Show(AnalyzeName(c.in)), c.want) << c.in;
}

TEST(AnalyzeName, ParticlesTitlesInitials) {
  const Case cases[] = {
      {"Abu Bakr al-Baghdadi", "abu/particle | bakr/name | al/particle | baghdadi/name"},
      {"Osama bin Laden", "osama/name | bin/particle | laden/name"},
      {"Ludwig van Beethoven", "ludwig/name | van/particle | beethoven/name"},
      {"Sheikh Dr. Ayman al-Zawahiri",
       "sheikh/title | dr/title | ayman/name | al/particle | zawahiri/name"},
      {"Haji Mohammad Khan", "haji/title | mohammad/name | khan/name"},
      {"Sheykh Abdullah Azzam", "sheykh/title | abdullah/name | azzam/name"},
      {"Shiekh Abdullah Azzam", "shiekh/title | abdullah/name | azzam/name"},
      // Titles only lead: "general" after a name is a name word.
      {"Bureau General", "bureau/name | general/name"},
      {"John F. Kennedy Jr.", "john/name | f/initial | kennedy/name | jr/title"},
      // A generational suffix moved to the front of a full name is still one.
      {"Jr Ruben Pestano Lavilla", "jr/title | ruben/name | pestano/name | lavilla/name"},
      {"Senior Juan Cruz", "senior/title | juan/name | cruz/name"},
      {"III Juan Cruz", "iii/name | juan/name | cruz/name"},
      {"Sr Cruz", "sr/name | cruz/name"},
  };
  for (const Case& c : cases) EXPECT_EQ(Show(AnalyzeName(c.in)), c.want) << c.in;
}

// A person's name has no legal form: a Tuareg "Ag" (son of), "Sa" or "Sdn" at its end
// is a name part, as are the words a company's typo'd or split form would give.
TEST(Tokenize, PersonNamesHaveNoLegalForms) {
  const Case cases[] = {
      {"hitta sidan ag", "hitta/name | sidan/name | ag/name"},
      {"kim sa", "kim/name | sa/name"},
      {"ahmad sdn", "ahmad/name | sdn/name"},
      {"ivan limted", "ivan/name | limted/name"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Show(Tokenize(c.in, /*person=*/true)), c.want) << c.in;
    EXPECT_NE(Show(Tokenize(c.in)), c.want) << c.in << " (not as a person)";
  }
}

TEST(AnalyzeName, Numbers) {
  const Case cases[] = {
      {"Plant 44", "plant/name | 44/number"},
      {"Plant Forty Four", "plant/name | forty four/number/44"},
      {"Plant Forty-Four", "plant/name | forty four/number/44"},
      {"First Bank", "first/number/1 | bank/name"},
      {"1st Bank", "1st/number/1 | bank/name"},
      {"Twenty-first Century", "twenty first/number/21 | century/name"},
      {"One Hundred and One", "one hundred and one/number/101"},
      {"Bureau 007", "bureau/name | 007/number/7"},
      {"Zero", "zero/number/0"},
      {"Ninety Nine Hundredth", "ninety nine/number/99 | hundredth/number/100"},
  };
  for (const Case& c : cases) EXPECT_EQ(Show(AnalyzeName(c.in)), c.want) << c.in;
}

TEST(ParsePersonName, CommaOrder) {
  PersonName p = ParsePersonName("PUTIN, Vladimir Vladimirovich");
  EXPECT_TRUE(p.comma_order);
  EXPECT_EQ(Texts(p.family), (std::vector<std::string>{"putin"}));
  EXPECT_EQ(Texts(p.given), (std::vector<std::string>{"vladimir", "vladimirovich"}));
  EXPECT_EQ(Texts(p.tokens), (std::vector<std::string>{"vladimir", "vladimirovich", "putin"}));

  p = ParsePersonName("BIN LADIN, Usama bin Muhammad bin Awad");
  EXPECT_TRUE(p.comma_order);
  EXPECT_EQ(Texts(p.family), (std::vector<std::string>{"bin", "ladin"}));
  EXPECT_EQ(Texts(p.tokens).back(), "ladin");

  p = ParsePersonName("Vladimir Putin");
  EXPECT_FALSE(p.comma_order);
  EXPECT_TRUE(p.family.empty());
  EXPECT_EQ(Texts(p.tokens), (std::vector<std::string>{"vladimir", "putin"}));

  // What follows the comma is only a suffix: not a family/given split.
  p = ParsePersonName("Kennedy, Jr.");
  EXPECT_FALSE(p.comma_order);
  p = ParsePersonName("Acme, Ltd.");
  EXPECT_FALSE(p.comma_order);
  p = ParsePersonName(", Vladimir");
  EXPECT_FALSE(p.comma_order);
  EXPECT_EQ(Texts(p.tokens), (std::vector<std::string>{"vladimir"}));
}

TEST(JoinedVariants, AdjacentRuns) {
  EXPECT_EQ(JoinedVariants({"abdul", "rahman", "ali"}),
            (std::vector<std::string>{"abdulrahman", "rahmanali", "abdulrahmanali"}));
  EXPECT_EQ(JoinedVariants({"abdul", "rahman", "ali"}, 2),
            (std::vector<std::string>{"abdulrahman", "rahmanali"}));
  EXPECT_TRUE(JoinedVariants({"one"}).empty());
  EXPECT_TRUE(JoinedVariants({}).empty());
  EXPECT_TRUE(SameIgnoringSplits({"abdul", "rahman"}, {"abdulrahman"}));
  EXPECT_TRUE(SameIgnoringSplits({"al", "assad"}, {"alassad"}));
  EXPECT_FALSE(SameIgnoringSplits({"abdul", "rahman"}, {"abdulrahim"}));
}

TEST(Tokenize, BoundedAndHostile) {
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "x ";
  EXPECT_LE(Tokenize(many).size(), kMaxTokens);
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize("   ").empty());
  EXPECT_EQ(Tokenize("hundred").size(), 1u);
  EXPECT_EQ(Tokenize("and").front().kind, TokenKind::kName);
}

}  // namespace
TEST(NameTest, LegalFormWordsAreKnownOneByOne) {
  bool fragment = false;
  EXPECT_TRUE(IsLegalFormWord("liability", &fragment));
  EXPECT_TRUE(fragment) << "reads as a legal form even alone";
  EXPECT_TRUE(IsLegalFormWord("stock", &fragment));  // of "joint stock company"
  EXPECT_FALSE(fragment);
  EXPECT_TRUE(IsLegalFormWord("llc"));
  EXPECT_FALSE(IsLegalFormWord("arcticgeo"));
  EXPECT_FALSE(IsLegalFormWord("vladimir"));
}

}  // namespace embargo::text
