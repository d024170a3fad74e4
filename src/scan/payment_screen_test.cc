// Payment screening over the real OFAC list and the hand-written messages in
// tests/data/payments: parties, BICs, jurisdictions and free text, each with its path.
#include "scan/payment_screen.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "ingest/loader.h"

namespace embargo::scan {
namespace {

const PaymentScreener& Screener() {
  static const PaymentScreener* s = [] {
    auto lists = ingest::LoadDataDir(embargo::testing::TestDataPath("ofac/current"));
    EXPECT_TRUE(lists.has_value());
    auto* idx =
        index::Index::Build(lists ? std::move(lists->entities) : std::vector<model::Entity>{})
            .release();
    auto* scanner = Scanner::Build(*idx).release();
    return PaymentScreener::Build(*scanner).release();
  }();
  return *s;
}

std::vector<payment::Message> Messages(const std::string& name) {
  const char* src = std::getenv("EMBARGO_SOURCE_DIR");
  std::string path = std::string(src ? src : ".") + "/tests/data/payments/" + name;
  auto data = ReadFile(path);
  EXPECT_TRUE(data.has_value()) << path;
  if (!data) return {};
  auto msgs = payment::ParseMessages(*data, name);
  EXPECT_TRUE(msgs.has_value()) << (msgs ? "" : msgs.error().ToString());
  return msgs ? std::move(*msgs) : std::vector<payment::Message>{};
}

// "kind path entity-id" for each hit (entity id empty for jurisdictions).
std::set<std::string> Hits(const PaymentResult& r) {
  std::set<std::string> out;
  const auto& ents = Screener().scanner().index().entities();
  for (const auto& h : r.hits)
    out.insert(h.kind + " " + h.path + " " +
               (h.kind == "jurisdiction" ? "" : ents[h.hit.entity].id));
  return out;
}

TEST(PaymentScreenTest, OrderingCustomerInField50FIsFound) {
  auto msgs = Messages("y_mt103_50f_59f.fin");
  ASSERT_EQ(msgs.size(), 1u);
  auto hits = Hits(Screener().Screen(msgs[0]));
  EXPECT_TRUE(hits.count("party MT103/:50F: ofac-35233")) << ::testing::PrintToString(hits);
}

TEST(PaymentScreenTest, Pacs008PartiesAndListedBic) {
  auto msgs = Messages("y_pacs008_two_tx.xml");
  ASSERT_EQ(msgs.size(), 1u);
  auto hits = Hits(Screener().Screen(msgs[0]));
  EXPECT_TRUE(hits.count("party pacs.008/CdtTrfTxInf[1]/UltmtCdtr ofac-17022"))
      << ::testing::PrintToString(hits);
  EXPECT_TRUE(hits.count("party pacs.008/CdtTrfTxInf[2]/Cdtr ofac-35233"));
  EXPECT_TRUE(hits.count("bic pacs.008/CdtTrfTxInf[2]/CdtrAgt ofac-17018"));
}

TEST(PaymentScreenTest, BankInASanctionedJurisdiction) {
  auto msgs = Messages("y_mt202_52a_58a.fin");
  ASSERT_EQ(msgs.size(), 1u);
  auto r = Screener().Screen(msgs[0]);
  bool bic_ir = false;
  for (const auto& h : r.hits)
    bic_ir |= h.kind == "jurisdiction" && h.value.size() >= 8 && h.value.substr(4, 2) == "IR";
  EXPECT_TRUE(bic_ir) << ::testing::PrintToString(Hits(r));
}

TEST(PaymentScreenTest, FreeTextAndBeneficiaryOfMt103) {
  auto msgs = Messages("y_mt103_50k_59.fin");
  ASSERT_EQ(msgs.size(), 1u);
  auto hits = Hits(Screener().Screen(msgs[0]));
  EXPECT_TRUE(hits.count("bic MT103/:57A: ofac-17013")) << ::testing::PrintToString(hits);
  bool text72 = false;
  for (const auto& h : hits) text72 |= h.rfind("text MT103/:72:", 0) == 0;
  EXPECT_TRUE(text72) << ::testing::PrintToString(hits);
}

TEST(PaymentScreenTest, BeneficiaryNameWrappedAcrossTwoLinesIsFound) {
  // OFAC ofac-20564 "DANDONG HONGXIANG INDUSTRIAL DEVELOPMENT CO LTD", cut at SWIFT's 35
  // characters inside a word; the first line alone scores below the threshold.
  const std::string fin =
      "{1:F01DEUTDEFFAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\r\n:20:WRAP-1\r\n"
      ":32A:240301USD1000,00\r\n:50K:ACME GMBH\r\n:59:/123456\r\n"
      "DANDONG HONGXIANG INDUSTRIAL DEVELO\r\nPMENT CO LTD\r\nDANDONG\r\n-}";
  auto msgs = payment::ParseMessages(fin, "wrap.fin");
  ASSERT_TRUE(msgs) << msgs.error().ToString();
  ASSERT_EQ(msgs->size(), 1u);
  auto hits = Hits(Screener().Screen((*msgs)[0]));
  EXPECT_TRUE(hits.count("party MT103/:59: ofac-20564")) << ::testing::PrintToString(hits);
}

TEST(PaymentScreenTest, PartyInSeveralFieldsIsReportedForEach) {
  // The same ordering customer as ordering customer and beneficiary: screened once,
  // reported under both paths.
  const std::string fin =
      ":20:TWICE\r\n:32A:240301USD1000,00\r\n:50K:ROSNEFT OIL COMPANY\r\n"
      ":59:ROSNEFT OIL COMPANY\r\n-\r\n";
  auto msgs = payment::ParseMessages(fin, "twice.fin");
  ASSERT_TRUE(msgs) << msgs.error().ToString();
  auto r = Screener().Screen((*msgs)[0]);
  auto hits = Hits(r);
  EXPECT_TRUE(hits.count("party MT103/:50K: ofac-17022")) << ::testing::PrintToString(hits);
  EXPECT_TRUE(hits.count("party MT103/:59: ofac-17022")) << ::testing::PrintToString(hits);
  for (const auto& h : r.hits) {
    if (h.kind != "party") continue;
    EXPECT_NE(h.detail.find(h.path == "MT103/:59:" ? "beneficiary_customer" : "ordering_customer"),
              std::string::npos)
        << h.detail;
    EXPECT_FALSE(h.hit.score.name.parts.empty()) << "explanation kept for " << h.path;
  }
}

TEST(PaymentScreenTest, NameSharedWithOtherFactsScoresAsScreenedAlone) {
  // Parties screened once by name and rescored per set of facts must get exactly what
  // each gets when it is the only party of its message.
  auto party = [](std::string path, std::string role, std::string name, std::string country,
                  std::vector<std::string> ids) {
    payment::Party p;
    p.path = std::move(path);
    p.role = std::move(role);
    p.name = std::move(name);
    p.country = std::move(country);
    p.identifiers = std::move(ids);
    return p;
  };
  payment::Message all;
  all.parties = {
      party("A", "ordering_customer", "LAVROV SERGEI VIKTOROVICH", "RU", {"birth_date:1950-03-21"}),
      party("B", "beneficiary_customer", "LAVROV SERGEI VIKTOROVICH", "FR", {}),
      party("C", "ultimate_creditor", "LAVROV SERGEI VIKTOROVICH", "", {}),
      party("D", "debtor", "LAVROV SERGEI VIKTOROVICH", "RU", {"birth_date:1950-03-21"}),
      party("E", "debtor", "LAVROV SERGEI", "", {"birth_date:1961-01-01"}),
      party("F", "creditor", "LAVROV SERGEI", "RU", {}),
      party("G", "ordering_customer", "ROSNEFT OIL COMPANY", "RU", {}),
      party("H", "beneficiary_customer", "ROSNEFT OIL COMPANY", "", {"LEI:253400JT3MQWNDKMJE44"}),
      party("I", "creditor_agent", "ROSNEFT OIL COMPANY", "DE", {}),
  };
  auto together = Screener().Screen(all);
  size_t party_hits = 0;
  for (const auto& p : all.parties) {
    payment::Message alone;
    alone.parties = {p};
    auto want = Screener().Screen(alone);
    std::vector<const PaymentHit*> got;
    for (const auto& h : together.hits)
      if (h.path == p.path) got.push_back(&h);
    ASSERT_EQ(got.size(), want.hits.size()) << p.path;
    for (size_t k = 0; k < got.size(); ++k) {
      const PaymentHit& g = *got[k];
      const PaymentHit& w = want.hits[k];
      SCOPED_TRACE(p.path + " " + w.detail);
      party_hits += g.kind == "party";
      EXPECT_EQ(g.kind, w.kind);
      EXPECT_EQ(g.detail, w.detail);
      EXPECT_EQ(g.hit.entity, w.hit.entity);
      EXPECT_EQ(g.hit.score.score, w.hit.score.score);
      EXPECT_EQ(g.hit.score.name_score, w.hit.score.name_score);
      EXPECT_EQ(g.hit.score.name_index, w.hit.score.name_index);
      EXPECT_EQ(g.hit.matched_name, w.hit.matched_name);
      EXPECT_EQ(g.hit.score.features.size(), w.hit.score.features.size());
      EXPECT_EQ(g.hit.score.name.parts.size(), w.hit.score.name.parts.size());
      EXPECT_EQ(screen::HitToJson(Screener().scanner().index(), g.hit),
                screen::HitToJson(Screener().scanner().index(), w.hit));
    }
  }
  EXPECT_GE(party_hits, 6u);  // the case is about matches, not about empty lists
}

TEST(PaymentScreenTest, OrdinaryPaymentsAreClear) {
  for (const char* f : {"y_pain001.xml", "y_pacs008_bah_v02.xml"}) {
    for (const auto& m : Messages(f)) {
      auto r = Screener().Screen(m);
      EXPECT_TRUE(r.hits.empty()) << f << ": " << ::testing::PrintToString(Hits(r));
    }
  }
}

TEST(PaymentScreenTest, JsonCarriesPathsAndResults) {
  auto msgs = Messages("y_mt103_50f_59f.fin");
  ASSERT_FALSE(msgs.empty());
  auto j = PaymentResultToJson(Screener().scanner().index(), Screener().Screen(msgs[0]));
  EXPECT_EQ(j["type"], "MT103");
  EXPECT_TRUE(j["alert"].get<bool>());
  ASSERT_FALSE(j["hits"].empty());
  EXPECT_EQ(j["hits"][0]["path"], "MT103/:50F:");
  EXPECT_EQ(j["hits"][0]["result"]["id"], "ofac-35233");
}

}  // namespace
}  // namespace embargo::scan
