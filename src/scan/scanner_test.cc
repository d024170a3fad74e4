// Scanning free text over the real OFAC lists: the seed article names Putin and Lavrov
// (designated in 2022) among many people on no list; ordinary text stays quiet.
#include "scan/scanner.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "ingest/loader.h"
#include "scan/document.h"

namespace embargo::scan {
namespace {

std::unique_ptr<const index::Index> Load(const std::string& rel) {
  auto path = embargo::testing::TestDataPath(rel);
  auto lists = ingest::LoadDataDir(path);
  if (!lists) {
    auto one = ingest::LoadFile(path);
    EXPECT_TRUE(one.has_value()) << rel;
    if (!one) return index::Index::Build({});
    return index::Index::Build(std::move(one->entities));
  }
  return index::Index::Build(std::move(lists->entities));
}

const index::Index& Current() {
  static const index::Index* idx = Load("ofac/current").release();
  return *idx;
}

const Scanner& CurrentScanner() {
  static const Scanner* s = Scanner::Build(Current()).release();
  return *s;
}

std::string Seed() {
  std::string dir = embargo::testing::TestDataPath("../seed");
  auto data = ReadFile(dir + "/000_6d63a166086b5010.txt", 1 << 20);
  EXPECT_TRUE(data.has_value()) << dir;
  return data ? *data : std::string();
}

std::set<std::string> Ids(const index::Index& idx, const std::vector<Mention>& ms) {
  std::set<std::string> out;
  for (const auto& m : ms) out.insert(idx.entities()[m.hit.entity].id);
  return out;
}

TEST(ScannerTest, SeedArticleAgainstCurrentListFindsPutinAndLavrovOnly) {
  std::string text = Seed();
  ASSERT_FALSE(text.empty());
  auto ms = CurrentScanner().Scan(text);
  std::set<std::string> ids = Ids(Current(), ms);
  EXPECT_EQ(ids, (std::set<std::string>{"ofac-35096", "ofac-35233"}));
  for (const auto& m : ms) {
    EXPECT_EQ(text.substr(m.begin, m.end - m.begin), m.text);
    EXPECT_GE(m.hit.score.score, CurrentScanner().options().threshold);
  }
  // The full-name mentions are there, with explanations.
  bool lavrov = false, putin = false;
  for (const auto& m : ms) {
    lavrov |= m.text == "Sergei Lavrov" && !m.hit.score.name.parts.empty();
    putin |= m.text == "Vladimir Putin" && !m.hit.score.name.parts.empty();
  }
  EXPECT_TRUE(lavrov);
  EXPECT_TRUE(putin);
}

TEST(ScannerTest, SeedArticleAgainstFebruary2022ListFindsNothing) {
  auto idx = Load("ofac/history/sdn-2022-02-23.csv");
  ASSERT_GT(idx->entities().size(), 5000u);
  auto scanner = Scanner::Build(*idx);
  auto ms = scanner->Scan(Seed());
  for (const auto& m : ms)
    ADD_FAILURE() << "unexpected " << m.text << " -> " << idx->entities()[m.hit.entity].id;
}

TEST(ScannerTest, FindsNamesInOtherOrdersScriptsAndWithTypos) {
  struct Case {
    const char* text;
    const char* id;
  } cases[] = {
      {"Talks with PUTIN, Vladimir Vladimirovich ended.", "ofac-35096"},
      {"Встреча: Владимир Путин и Сергей Лавров.", "ofac-35096"},
      {"Встреча: Владимир Путин и Сергей Лавров.", "ofac-35233"},
      {"A call from Sergey Lavrov came late.", "ofac-35233"},
      {"The minister Sergei Viktorovich Lavrov spoke.", "ofac-35233"},
      {"Payment to Vladimir Vladimirovitch Puttin was held.", "ofac-35096"},
      {"Talks with V. Putin ended.", "ofac-35096"},
  };
  for (const auto& c : cases) {
    auto ids = Ids(Current(), CurrentScanner().Scan(c.text));
    EXPECT_TRUE(ids.count(c.id)) << c.text;
  }
}

// Issue 4: a listed name with two parts written as one word ("AhmedKhalfan" for AHMED
// KHALFAN, "AbuSayyaf" for ABU SAYYAF) or one part written as two ("Drag Omir" for
// DRAGOMIR, "Al Qahtani" for ALQAHTANI) is found, the mention covering every word of it.
// A typo of one listed part still wins over a cut into two other parts ("Jaraya").
TEST(ScannerTest, JoinedAndSplitPartsAreFound) {
  struct Case {
    const char* text;
    const char* mention;
    const char* id;
  } cases[] = {
      {"Fighters of the AbuSayyaf Group were seen.", "AbuSayyaf Group", "ofac-4688"},
      {"The court heard that AhmedKhalfan Ghailani was involved.", "AhmedKhalfan Ghailani",
       "ofac-6925"},
      {"Reports say Drag Omir Milosevic was involved.", "Drag Omir Milosevic", "ofac-7738"},
      {"Reports say Dragomir Milo Sevic was involved.", "Dragomir Milo Sevic", "ofac-7738"},
      // A lower-case second piece no dictionary knows; an organisation word as a piece.
      {"Reports say Drag omir Milosevic was involved.", "Drag omir Milosevic", "ofac-7738"},
      {"According to the report, HESONGTRADING CORPORATION was involved.", "HESONGTRADING",
       "ofac-9519"},
      {"Reports say Saud Abdullah Al Qahtani was involved.", "Saud Abdullah Al Qahtani",
       "ofac-26093"},
      // Listed as CASTANO GIL, Carlos: the given name joined to the family name.
      {"Reports say CarlosCastano Gil was involved.", "CarlosCastano Gil", "ofac-8147"},
      {"Reports say Khalil Jaraya was involved.", "Khalil Jaraya", "ofac-7835"},
  };
  for (const auto& c : cases) {
    bool found = false;
    for (const auto& m : CurrentScanner().Scan(c.text))
      found |= m.text == c.mention && Current().entities()[m.hit.entity].id == c.id;
    EXPECT_TRUE(found) << c.text;
  }
}

// Regression: an organisation whose every part is an English word had no anchor and
// was never found, though the rules accept a name of three such words as a whole.
TEST(ScannerTest, OrganisationsMadeOfEnglishWordsAreFound) {
  struct Case {
    const char* text;
    const char* id;
  } cases[] = {
      {"Funds went to the HOLY LAND FOUNDATION FOR RELIEF AND DEVELOPMENT in 2001.", "ofac-7116"},
      {"The report names the Internet Research Agency LLC as the source.", "ofac-23943"},
  };
  for (const auto& c : cases) {
    auto ids = Ids(Current(), CurrentScanner().Scan(c.text));
    EXPECT_TRUE(ids.count(c.id)) << c.text;
  }
  // Its words apart, or only some of them, are nobody.
  auto ms =
      CurrentScanner().Scan("The Holy Land has a Foundation. Internet Research is an Agency.");
  for (const auto& m : ms)
    ADD_FAILURE() << "alerted on '" << m.text << "' -> " << Current().entities()[m.hit.entity].id;
}

// Typos in words of 4-5 letters: found beside a rare part spelled as listed, quiet
// beside a common one (a short word has many neighbours one edit away).
TEST(ScannerTest, TyposInShortWordsNeedARarePartBeside) {
  struct Case {
    const char* text;
    const char* id;
  } found[] = {
      {"The court heard Nvoak Stepanovic on Tuesday.", "ofac-7798"},
      {"The court heard Veljk Borovcanin on Tuesday.", "ofac-8112"},
      {"The court heard Adle Ben Soltane on Tuesday.", "ofac-7251"},
  };
  for (const auto& c : found) {
    auto ids = Ids(Current(), CurrentScanner().Scan(c.text));
    EXPECT_TRUE(ids.count(c.id)) << c.text;
  }
  const char* quiet[] = {
      "Thanks to Joong Kim for the patch.",
      "Thanks to Andrei Rybak for the patch.",
      "Thanks to KO Myung for the patch.",
  };
  for (const char* t : quiet) {
    for (const auto& m : CurrentScanner().Scan(t))
      ADD_FAILURE() << "'" << t << "' alerted on '" << m.text << "' -> "
                    << Current().entities()[m.hit.entity].id;
  }
}

// A company's one distinctive word beside a legal form spelled otherwise than listed;
// the word without any legal form stays quiet.
TEST(ScannerTest, OneDistinctiveWordBesideALegalForm) {
  auto ids =
      Ids(Current(),
          CurrentScanner().Scan("The firm LIMITED LIABILITY COMPANY ARCTICGEO was fined in May."));
  EXPECT_TRUE(ids.count("ofac-45009"));
  const char* quiet[] = {"The Kunlun engine was released in May.",
                         "We met in the Arcticgeo office in May.",
                         "Paid to TPI LLC re Arcticgeo in May."};  // another firm's legal form
  for (const char* t : quiet) {
    for (const auto& m : CurrentScanner().Scan(t))
      ADD_FAILURE() << "'" << t << "' alerted on '" << m.text << "' -> "
                    << Current().entities()[m.hit.entity].id;
  }
}

// An organisation of three or more significant parts with one left out, beside a part
// rare on the lists; two place-name parts of a longer name stay quiet.
TEST(ScannerTest, OrganisationWithOnePartLeftOut) {
  const char* found[][2] = {
      {"Funds went to ARVANCLOUD GLOBAL L.L.C. in 2021.", "ofac-43522"},
      {"Funds went to ELECTRO SAIRAN INDUSTRIES CO. in 2021.", "ofac-45356"},
  };
  for (const auto& c : found) {
    auto ids = Ids(Current(), CurrentScanner().Scan(c[0]));
    EXPECT_TRUE(ids.count(c[1])) << c[0];
  }
  for (const auto& m : CurrentScanner().Scan("He moved to Hong Kong in 2001."))
    ADD_FAILURE() << "alerted on '" << m.text << "' -> " << Current().entities()[m.hit.entity].id;
}

// Regression: parentheses ended the sentence, so names that hold them were never seen
// whole.
TEST(ScannerTest, NamesWithParenthesesAreFound) {
  const char* found[][2] = {
      {"Funds went to QINGDAO CONSTRUCTION (NAMIBIA) CC in 2021.", "ofac-22704"},
      {"Funds went to LEADER (HONG KONG) INTERNATIONAL TRADING LIMITED in 2021.", "ofac-15616"},
  };
  for (const auto& c : found) {
    auto ids = Ids(Current(), CurrentScanner().Scan(c[0]));
    EXPECT_TRUE(ids.count(c[1])) << c[0];
  }
}

TEST(ScannerTest, OrdinaryTextAndLoneGivenNamesStayQuiet) {
  const char* quiet[] = {
      "Vladimir said the bank would open a new account on Monday.",
      "The company reported strong growth in international trading.",
      "Mohammed and Ali went to the market with Sergei.",
      "putin lavrov",  // lower-case words in mixed-case text are no names
      "Rex Tillerson met John McCain, Barack Obama and Hillary Clinton.",
      "Talks with A. Putin ended.",  // an initial that fits no listed given name
  };
  for (const char* t : quiet) {
    std::string text = std::string(t) + " This sentence gives the text its Mixed case.";
    auto ms = CurrentScanner().Scan(text);
    for (const auto& m : ms)
      ADD_FAILURE() << "'" << t << "' alerted on '" << m.text << "' -> "
                    << Current().entities()[m.hit.entity].id;
  }
}

TEST(ScannerTest, LoneSurnamePolicy) {
  std::string text = "Lavrov arrived. Later he left.";
  EXPECT_TRUE(CurrentScanner().Scan(text).empty()) << "a lone surname alerted by default";
  std::string with_full = "Sergei Lavrov arrived. Later Lavrov left.";
  auto ms = CurrentScanner().Scan(with_full);
  size_t lone = 0;
  for (const auto& m : ms) lone += m.how == "surname after full name";
  EXPECT_EQ(lone, 1u);
  Options never;
  never.lone_surnames = LoneSurnames::kNever;
  auto strict = Scanner::Build(Current(), never);
  EXPECT_EQ(strict->Scan(with_full).size(), 1u);
}

TEST(ScannerTest, LongerMentionWinsOverItsParts) {
  auto ms = CurrentScanner().Scan("He met Vladimir Vladimirovich Putin yesterday.");
  ASSERT_FALSE(ms.empty());
  for (const auto& m : ms) EXPECT_EQ(m.text, "Vladimir Vladimirovich Putin");
}

TEST(ScannerTest, HostileInputDoesNotCrash) {
  std::string junk;
  for (int i = 0; i < 5000; ++i) junk += static_cast<char>((i * 7919) % 256);
  (void)CurrentScanner().Scan(junk);
  std::string long_word(100000, 'A');
  (void)CurrentScanner().Scan(long_word);
  std::string many(300000, ' ');
  for (size_t i = 0; i < many.size(); i += 3) many[i] = 'V';
  (void)CurrentScanner().Scan(many);
  SUCCEED();
}

TEST(DocumentTest, HtmlOffsetsPointIntoTheSource) {
  std::string html =
      "<html><head><style>p{color:red}</style><script>var Putin=1;</script></head>"
      "<body><p>Talks: Sergei&nbsp;<b>Lavrov</b> &amp; others.</p><p>Next</p></body></html>";
  Document d = HtmlToText(html);
  EXPECT_EQ(d.text.find("var"), std::string::npos);
  EXPECT_EQ(d.text.find("color"), std::string::npos);
  auto ms = CurrentScanner().Scan(d.text);
  ASSERT_EQ(Ids(Current(), ms), (std::set<std::string>{"ofac-35233"}));
  auto [b, e] = d.SourceRange(ms[0].begin, ms[0].end);
  EXPECT_EQ(html.substr(b, e - b), "Sergei&nbsp;<b>Lavrov");
}

TEST(DocumentTest, DetectsFormats) {
  EXPECT_EQ(DetectDocumentFormat("a.PDF", ""), DocumentFormat::kPdf);
  EXPECT_EQ(DetectDocumentFormat("x", "%PDF-1.4"), DocumentFormat::kPdf);
  EXPECT_EQ(DetectDocumentFormat("x", "  <!DOCTYPE html>"), DocumentFormat::kHtml);
  EXPECT_EQ(DetectDocumentFormat("notes.txt", "hello"), DocumentFormat::kText);
}

TEST(DocumentTest, PdfTextIsExtractedAndGarbageIsAnError) {
  std::string dir = std::getenv("EMBARGO_SOURCE_DIR") ? std::getenv("EMBARGO_SOURCE_DIR") : ".";
  auto pdf = ReadFile(dir + "/tests/data/scan/lavrov.pdf", 1 << 20);
  ASSERT_TRUE(pdf.has_value());
  auto d = ExtractText(*pdf, DocumentFormat::kPdf, "lavrov.pdf");
  ASSERT_TRUE(d.has_value()) << d.error().ToString();
  EXPECT_EQ(d->pages, 1u);
  EXPECT_EQ(Ids(Current(), CurrentScanner().Scan(d->text)), (std::set<std::string>{"ofac-35233"}))
      << d->text;
  auto bad = ExtractText(pdf->substr(0, 40), DocumentFormat::kPdf, "cut.pdf");
  EXPECT_FALSE(bad.has_value());
}

// A minimal PDF of one page per text (Helvetica, one line each), with a correct xref.
std::string PdfOfPages(const std::vector<std::string>& pages) {
  std::vector<std::string> objects;  // object i + 1
  const size_t n = pages.size();
  std::string kids;
  for (size_t p = 0; p < n; ++p) kids += std::to_string(3 + 2 * p) + " 0 R ";
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(n) + " >>");
  const size_t font = 3 + 2 * n;
  for (size_t p = 0; p < n; ++p) {
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
        "<< /F1 " +
        std::to_string(font) + " 0 R >> >> /Contents " + std::to_string(4 + 2 * p) + " 0 R >>");
    const std::string content = "BT /F1 12 Tf 72 720 Td (" + pages[p] + ") Tj ET";
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "\nendstream");
  }
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    std::string o = std::to_string(off);
    pdf += std::string(10 - o.size(), '0') + o + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

TEST(DocumentTest, PdfMentionsCarryTheirPage) {
  auto d = ExtractText(
      PdfOfPages({"Quarterly report of the shipping desk.", "Nothing to note here either.",
                  "Funds were sent to Sergei Lavrov in March."}),
      DocumentFormat::kPdf, "three.pdf");
  ASSERT_TRUE(d.has_value()) << d.error().ToString();
  EXPECT_EQ(d->pages, 3u);
  ASSERT_EQ(d->page_begin.size(), 3u);
  auto mentions = CurrentScanner().Scan(d->text);
  ASSERT_EQ(mentions.size(), 1u) << d->text;
  EXPECT_EQ(Current().entities()[mentions[0].hit.entity].id, "ofac-35233");
  EXPECT_EQ(d->PageAt(mentions[0].begin), 3u);
  EXPECT_EQ(d->PageAt(0), 1u);
  EXPECT_EQ(d->PageAt(d->page_begin[1]), 2u);
  EXPECT_EQ(d->PageAt(d->page_begin[1] - 1), 1u);
  EXPECT_EQ(HtmlToText("<p>x</p>").PageAt(0), 0u);  // no pages outside PDF
}

}  // namespace
}  // namespace embargo::scan
