#include "payment/payment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "common/utf8.h"
#include "payment/util.h"

namespace embargo::payment {
namespace {

std::string FixturePath(const std::string& name) {
  return testing::SourceDir() + "/tests/data/payments/" + name;
}

std::string ReadFixture(const std::string& name) {
  auto r = ReadFile(FixturePath(name));
  if (!r) {
    ADD_FAILURE() << "cannot read fixture " << name << ": " << r.error().ToString()
                  << " (is EMBARGO_SOURCE_DIR the source tree?)";
    return {};
  }
  return *r;
}

// path, role, name, country, account, bic
using PartyRow =
    std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
using TextRow = std::pair<std::string, std::string>;

std::vector<PartyRow> Rows(const Message& m) {
  std::vector<PartyRow> out;
  for (const Party& p : m.parties)
    out.emplace_back(p.path, p.role, p.name, p.country, p.account, p.bic);
  return out;
}

std::vector<TextRow> Texts(const Message& m) {
  std::vector<TextRow> out;
  for (const FreeText& t : m.texts) out.emplace_back(t.path, t.text);
  return out;
}

const Party* FindParty(const Message& m, const std::string& path) {
  for (const Party& p : m.parties)
    if (p.path == path) return &p;
  return nullptr;
}

// ---- y_* fixtures: what each message must read as ---------------------------------

struct Want {
  std::string file;
  size_t index;  // message within the file
  MessageType type;
  std::string reference, currency, amount, value_date;
  std::vector<PartyRow> parties;
  std::vector<TextRow> texts;
};

const std::vector<Want>& Cases() {
  static const auto* cases = new std::vector<Want>{
      {"y_mt103_50k_59.fin",
       0,
       MessageType::kMt103,
       "INV-2024-0315-01",
       "EUR",
       "12500.00",
       "2024-03-15",
       {
           {"MT103/{1:}", "sender", "", "DE", "", "DEUTDEFF"},
           {"MT103/{2:}", "receiver", "", "DE", "", "COBADEFF"},
           // Latin-1 0xDC in the file; the country comes from the IBAN.
           {"MT103/:50K:", "ordering_customer", "M\u00dcLLER MASCHINENBAU GMBH", "DE",
            "DE89370400440532013000", ""},
           {"MT103/:57A:", "account_with_institution", "", "RU", "", "VTBRRUMM"},
           {"MT103/:59:", "beneficiary_customer", "OOO ROSNEFT TRADING", "", "40702810400000012345",
            ""},
       },
       {
           {"MT103/:70:", "INVOICE 2024-118 PUMP SPARE PARTS\nCONTRACT RN-7781/23"},
           {"MT103/:72:", "/ACC/BENEFICIARY BANK VTB BANK\n//MOSCOW"},
       }},
      {"y_mt103_50f_59f.fin",
       0,
       MessageType::kMt103,
       "PAY20240316-778",
       "USD",
       "98000",
       "2024-03-16",
       {
           // An output message: block 1 is the receiver, the MIR in block 2 the sender.
           {"MT103/{1:}", "receiver", "", "FR", "", "BNPAFRPP"},
           {"MT103/{2:}", "sender", "", "CH", "", "UBSWCHZH"},
           {"MT103/:50F:", "ordering_customer", "LAVROV SERGEI VIKTOROVICH", "RU", "", ""},
           {"MT103/:52A:", "ordering_institution", "", "CH", "", "UBSWCHZH80A"},
           {"MT103/:56A:", "intermediary_institution", "", "US", "", "CHASUS33"},
           {"MT103/:57A:", "account_with_institution", "", "FR", "", "BNPAFRPP"},
           {"MT103/:59F:", "beneficiary_customer", "SOCIETE IMMOBILIERE DU LAC SARL", "FR",
            "FR7630006000011234567890189", ""},
       },
       {{"MT103/:70:", "/RFB/CONSULTING FEES Q1 2024"}}},
      {"y_mt202_52a_58a.fin",
       0,
       MessageType::kMt202,
       "FX-SWAP-4471",
       "USD",
       "5000000.00",
       "2024-03-18",
       {
           {"MT202/{1:}", "sender", "", "US", "", "CITIUS33"},
           {"MT202/{2:}", "receiver", "", "US", "", "BKTRUS33"},
           {"MT202/:52A:", "ordering_institution", "", "US", "12345678", "IRVTUS3N"},
           {"MT202/:53A:", "senders_correspondent", "", "US", "", "CITIUS33"},
           {"MT202/:57A:", "account_with_institution", "", "US", "", "BKTRUS33"},
           {"MT202/:58A:", "beneficiary_institution", "", "IR", "4412000123", "BMJIIRTH"},
       },
       {{"MT202/:21:", "TRD-88120"}, {"MT202/:72:", "/BNF/FX SETTLEMENT"}}},
      {"y_mt202cov.fin",
       0,
       MessageType::kMt202,
       "COV-99120",
       "USD",
       "250000.00",
       "2024-03-19",
       {
           {"MT202COV/{1:}", "sender", "", "GB", "", "HSBCGB2L"},
           {"MT202COV/{2:}", "receiver", "", "US", "", "CHASUS33"},
           {"MT202COV/:52A:", "ordering_institution", "", "GB", "", "HSBCGB2L"},
           {"MT202COV/:57A:", "account_with_institution", "", "IN", "", "SBININBB"},
           {"MT202COV/:58A:", "beneficiary_institution", "", "IN", "", "SBININBBMUM"},
           {"MT202COV/B/:50K:", "ordering_customer", "GLOBAL MARINE SUPPLIES LTD", "GB",
            "GB29NWBK60161331926819", ""},
           {"MT202COV/B/:52A:", "ordering_institution", "", "GB", "", "HSBCGB2L"},
           {"MT202COV/B/:57A:", "account_with_institution", "", "IN", "", "SBININBBMUM"},
           {"MT202COV/B/:59:", "beneficiary_customer", "NAVIGATOR SHIPPING PVT LTD", "",
            "00112233445566", ""},
       },
       {{"MT202COV/:21:", "CUST-REF-5521"}, {"MT202COV/B/:70:", "INVOICE GMS-2024-77 BUNKERS"}}},
      {"y_batch.fin",
       0,
       MessageType::kMt103,
       "ATX-1",
       "EUR",
       "700.00",
       "2024-03-20",
       {
           {"MT103/{1:}", "sender", "", "AT", "", "RZBAATWW"},
           {"MT103/{2:}", "receiver", "", "AT", "", "GIBAATWW"},
           {"MT103/:50K:", "ordering_customer", "HUBER KG", "AT", "AT611904300234573201", ""},
           {"MT103/:59:", "beneficiary_customer", "GRUBER ANNA", "AT", "AT483200000012345864", ""},
       },
       {}},
      {"y_batch.fin",
       1,  // a bare block 4 after a "$" line
       MessageType::kMt103,
       "ATX-2",
       "EUR",
       "950.00",
       "2024-03-20",
       {
           {"MT103/:50A:", "ordering_customer", "", "AT", "", "RZBAATWW"},
           {"MT103/:59:", "beneficiary_customer", "ALFA-BANK JSC", "", "", ""},
       },
       {{"MT103/:70:", "PAYMENT FOR GOODS"}}},
      {"y_pacs008_two_tx.xml",
       0,
       MessageType::kPacs008,
       "NLBANK-20240320-0001",
       "EUR",
       "15200.50",
       "2024-03-20",
       {
           {"pacs.008/CdtTrfTxInf[1]/InstgAgt", "instructing_agent", "", "NL", "", "INGBNL2A"},
           {"pacs.008/CdtTrfTxInf[1]/InstdAgt", "instructed_agent", "", "AT", "", "RZBAATWW"},
           {"pacs.008/CdtTrfTxInf[1]/UltmtDbtr", "ultimate_debtor", "Van der Berg Holding B.V.", "",
            "", ""},
           {"pacs.008/CdtTrfTxInf[1]/Dbtr", "debtor", "Van der Berg Logistics B.V.", "NL",
            "NL91ABNA0417164300", ""},
           {"pacs.008/CdtTrfTxInf[1]/DbtrAgt", "debtor_agent", "", "NL", "", "INGBNL2A"},
           {"pacs.008/CdtTrfTxInf[1]/CdtrAgt", "creditor_agent", "Raiffeisen Bank International AG",
            "AT", "", "RZBAATWW"},
           {"pacs.008/CdtTrfTxInf[1]/Cdtr", "creditor", "Rosneft Deutschland GmbH", "DE",
            "DE89370400440532013000", ""},
           {"pacs.008/CdtTrfTxInf[1]/UltmtCdtr", "ultimate_creditor", "ROSNEFT OIL COMPANY", "RU",
            "", ""},
           {"pacs.008/CdtTrfTxInf[2]/IntrmyAgt1", "intermediary_agent1", "", "DE", "", "DEUTDEFF"},
           {"pacs.008/CdtTrfTxInf[2]/Dbtr", "debtor", "Van der Berg Logistics B.V.", "NL",
            "NL91ABNA0417164300", ""},
           {"pacs.008/CdtTrfTxInf[2]/DbtrAgt", "debtor_agent", "", "NL", "", "INGBNL2A"},
           {"pacs.008/CdtTrfTxInf[2]/CdtrAgt", "creditor_agent", "", "RU", "", "SABRRUMM"},
           {"pacs.008/CdtTrfTxInf[2]/Cdtr", "creditor", "Sergei Lavrov", "RU",
            "40817810099910004312", ""},
           {"pacs.008/CdtTrfTxInf[2]/UltmtCdtr", "ultimate_creditor", "Lavrov Family Trust", "", "",
            ""},
       },
       {
           {"pacs.008/CdtTrfTxInf[1]/Purp", "SUPP"},
           {"pacs.008/CdtTrfTxInf[1]/RmtInf/Ustrd[1]", "Invoice 2024-0331 crude oil additives"},
           {"pacs.008/CdtTrfTxInf[1]/RmtInf/Ustrd[2]", "Contract RN-DE/118"},
           {"pacs.008/CdtTrfTxInf[2]/InstrForCdtrAgt[1]/InstrInf", "Credit in roubles on arrival"},
           {"pacs.008/CdtTrfTxInf[2]/RmtInf/Ustrd[1]", "Honorarium lecture series"},
       }},
      {"y_pacs008_bah_v02.xml",
       0,
       MessageType::kPacs008,
       "NDEA-0002",
       "SEK",
       "10000",
       "2024-03-25",  // from GrpHdr when the transaction has none
       {
           {"pacs.008/AppHdr/Fr", "sender", "", "FI", "", "NDEAFIHH"},
           {"pacs.008/AppHdr/To", "receiver", "", "SE", "", "ESSESESS"},
           {"pacs.008/GrpHdr/InstgAgt", "instructing_agent", "", "FI", "", "NDEAFIHH"},
           {"pacs.008/CdtTrfTxInf[1]/Dbtr", "debtor", "Oy Pohjola Trading Ab", "FI", "", ""},
           {"pacs.008/CdtTrfTxInf[1]/DbtrAgt", "debtor_agent", "", "FI", "", "NDEAFIHH"},
           {"pacs.008/CdtTrfTxInf[1]/CdtrAgt", "creditor_agent", "", "SE", "", "ESSESESS"},
           {"pacs.008/CdtTrfTxInf[1]/Cdtr", "creditor", "Svensk Handel AB", "SE",
            "SE4550000000058398257466", ""},
       },
       {{"pacs.008/CdtTrfTxInf[1]/RgltryRptg[1]/Dtls[1]/Inf[1]", "Goods of Swedish origin"}}},
      {"y_pain001.xml",
       0,
       MessageType::kPain001,
       "ACME-PAIN-2024-03-21",
       "EUR",
       "1200.00",
       "2024-03-22",
       {
           {"pain.001/GrpHdr/InitgPty", "initiating_party", "Acme Software S.\u00e0 r.l.", "", "",
            ""},
           {"pain.001/PmtInf[1]/Dbtr", "debtor", "Acme Software S.\u00e0 r.l.", "LU",
            "LU280019400644750000", ""},
           {"pain.001/PmtInf[1]/DbtrAgt", "debtor_agent", "", "LU", "", "BCEELULL"},
           {"pain.001/PmtInf[1]/CdtTrfTxInf[1]/CdtrAgt", "creditor_agent", "", "DE", "",
            "COBADEFFXXX"},
           {"pain.001/PmtInf[1]/CdtTrfTxInf[1]/Cdtr", "creditor", "Kraft & S\u00f6hne GmbH", "DE",
            "DE89370400440532013000", ""},
           {"pain.001/PmtInf[1]/CdtTrfTxInf[2]/Cdtr", "creditor", "Tech Parts Import LLC", "GB",
            "GB29NWBK60161331926819", ""},
           {"pain.001/PmtInf[1]/CdtTrfTxInf[2]/RmtInf/Strd[1]/Invcr", "invoicer",
            "Tech Parts Import LLC", "", "", ""},
       },
       {
           {"pain.001/PmtInf[1]/CdtTrfTxInf[1]/RmtInf/Ustrd[1]", "Licence renewal 2024"},
           {"pain.001/PmtInf[1]/CdtTrfTxInf[2]/CdtrAcct/Nm", "TPI LLC re Sovcomflot"},
           {"pain.001/PmtInf[1]/CdtTrfTxInf[2]/Purp", "SERVICES"},
           {"pain.001/PmtInf[1]/CdtTrfTxInf[2]/RmtInf/Strd[1]/AddtlRmtInf[1]",
            "Order 88/2024 spare parts"},
       }},
      {"y_pain001_latin1.xml",
       0,
       MessageType::kPain001,
       "LATIN1-1",
       "EUR",
       "300.00",
       "2024-03-26",
       {
           {"pain.001/GrpHdr/InitgPty", "initiating_party",
            "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale d'\u00c9quipement", "", "", ""},
           {"pain.001/PmtInf[1]/Dbtr", "debtor",
            "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale d'\u00c9quipement", "FR",
            "FR7630006000011234567890189", ""},
           {"pain.001/PmtInf[1]/DbtrAgt", "debtor_agent", "", "FR", "", "AGRIFRPP"},
           {"pain.001/PmtInf[1]/CdtTrfTxInf[1]/Cdtr", "creditor", "Jos\u00e9 Mu\u00f1oz", "ES", "",
            ""},
       },
       {}},
  };
  return *cases;
}

TEST(PaymentFixturesTest, EachMessageReadsAsExpected) {
  for (const Want& w : Cases()) {
    SCOPED_TRACE(w.file + " message " + std::to_string(w.index + 1));
    auto r = ParseMessages(ReadFixture(w.file), w.file);
    ASSERT_TRUE(r) << r.error().ToString();
    ASSERT_GT(r->size(), w.index);
    const Message& m = (*r)[w.index];
    EXPECT_EQ(MessageTypeName(m.type), MessageTypeName(w.type));
    EXPECT_EQ(m.reference, w.reference);
    EXPECT_EQ(m.currency, w.currency);
    EXPECT_EQ(m.amount, w.amount);
    EXPECT_EQ(m.value_date, w.value_date);
    EXPECT_EQ(Rows(m), w.parties);
    EXPECT_EQ(Texts(m), w.texts);
    // Every BIC of a party is listed once with its path, in order.
    std::vector<std::pair<std::string, std::string>> bics;
    for (const Party& p : m.parties)
      if (!p.bic.empty()) bics.emplace_back(p.path, p.bic);
    EXPECT_EQ(m.bics, bics);
  }
}

TEST(PaymentFixturesTest, EveryYesFileIsCovered) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& f :
       std::filesystem::directory_iterator(testing::SourceDir() + "/tests/data/payments", ec))
    if (f.path().filename().string().rfind("y_", 0) == 0) files.push_back(f.path().filename());
  ASSERT_GE(files.size(), 8u) << "fixtures missing under tests/data/payments";
  for (const std::string& f : files) {
    EXPECT_TRUE(
        std::any_of(Cases().begin(), Cases().end(), [&](const Want& w) { return w.file == f; }))
        << f << " has no expectations";
  }
  auto batch = ParseMessages(ReadFixture("y_batch.fin"), "y_batch.fin");
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->size(), 2u);
}

TEST(PaymentFixturesTest, AddressesAndIdentifiers) {
  auto f = ParseMt(ReadFixture("y_mt103_50f_59f.fin"), "f.fin");
  ASSERT_TRUE(f) << f.error().ToString();
  const Party* lavrov = FindParty(*f, "MT103/:50F:");
  ASSERT_NE(lavrov, nullptr);
  EXPECT_EQ(lavrov->address_lines,
            (std::vector<std::string>{"SMOLENSKAYA-SENNAYA PL. 32/34", "MOSCOW"}));
  // 8/ continues the identifier above it.
  EXPECT_EQ(
      lavrov->identifiers,
      (std::vector<std::string>{"CCPT:RU/4509123456", "birth_date:1950-03-21",
                                "birth_place:RU/MOSCOW", "customer_id:RU/UBSWCHZH/CUST-556677"}));
  const Party* lac = FindParty(*f, "MT103/:59F:");
  ASSERT_NE(lac, nullptr);
  EXPECT_EQ(lac->address_lines, (std::vector<std::string>{"12 RUE DE LA PAIX", "PARIS"}));

  auto k = ParseMt(ReadFixture("y_mt103_50k_59.fin"), "k.fin");
  ASSERT_TRUE(k) << k.error().ToString();
  EXPECT_EQ(FindParty(*k, "MT103/:59:")->address_lines,
            (std::vector<std::string>{"SOFIYSKAYA NAB. 26/1", "115035 MOSCOW"}));

  auto x = ParseIso20022(ReadFixture("y_pacs008_two_tx.xml"), "x.xml");
  ASSERT_TRUE(x) << x.error().ToString();
  const Party* dbtr = FindParty(*x, "pacs.008/CdtTrfTxInf[1]/Dbtr");
  ASSERT_NE(dbtr, nullptr);
  EXPECT_EQ(dbtr->address_lines,
            (std::vector<std::string>{"Keizersgracht 221", "1016 DV Amsterdam"}));
  EXPECT_EQ(FindParty(*x, "pacs.008/CdtTrfTxInf[1]/Cdtr")->address_lines,
            (std::vector<std::string>{"Kurf\u00fcrstendamm 22", "10719 Berlin"}));
  EXPECT_EQ(FindParty(*x, "pacs.008/CdtTrfTxInf[1]/UltmtDbtr")->identifiers,
            std::vector<std::string>{"LEI:724500ABCDEF12345678"});
  EXPECT_EQ(FindParty(*x, "pacs.008/CdtTrfTxInf[2]/Cdtr")->identifiers,
            (std::vector<std::string>{"birth_date:1950-03-21", "birth_place:RU/Moscow"}));

  auto b = ParseIso20022(ReadFixture("y_pacs008_bah_v02.xml"), "b.xml");
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(FindParty(*b, "pacs.008/CdtTrfTxInf[1]/Cdtr")->identifiers,
            std::vector<std::string>{"TXID:5560360793"});
}

// ---- n_* fixtures: each fails with a reason and a place ----------------------------

struct Broken {
  std::string file;
  ErrorCode code;
  std::string where;    // regex over Error::where
  std::string message;  // substring of Error::message
};

TEST(PaymentFixturesTest, NoFilesFailWithWhereAndWhy) {
  const std::vector<Broken> cases = {
      {"n_mt_no_block4_end.fin", ErrorCode::kParse, "n_mt_no_block4_end\\.fin message 1 block 4",
       "no end marker '-}'"},
      {"n_mt_unknown_field.fin", ErrorCode::kParse,
       "n_mt_unknown_field\\.fin message 1 field :99Z:", "unknown field :99Z: for MT103"},
      {"n_mt_truncated.fin", ErrorCode::kParse, "n_mt_truncated\\.fin message 1 block 2",
       "block 2 is not closed"},
      {"n_mt_missing_beneficiary.fin", ErrorCode::kParse,
       "n_mt_missing_beneficiary\\.fin message 1 block 4",
       "expected ':59:', ':59A:' or ':59F:' (beneficiary customer) in block 4"},
      {"n_mt_bad_bic.fin", ErrorCode::kParse,
       "n_mt_bad_bic\\.fin message 1 field :57A:", "expected a BIC"},
      {"n_batch_second_bad.fin", ErrorCode::kParse,
       "n_batch_second_bad\\.fin message 2 field :57A:", "expected a BIC"},
      {"n_mt_unsupported_type.fin", ErrorCode::kParse,
       "n_mt_unsupported_type\\.fin message 1 block 2", "MT940 is not supported"},
      {"n_mt_bad_amount.fin", ErrorCode::kParse,
       "n_mt_bad_amount\\.fin message 1 field :32A:", "got '15/03/2024 EUR 100.00'"},
      {"n_xml_malformed.xml", ErrorCode::kParse, "n_xml_malformed\\.xml:6:\\d+", "malformed XML"},
      {"n_xml_truncated.xml", ErrorCode::kParse, "n_xml_truncated\\.xml:\\d+:\\d+",
       "malformed XML"},
      {"n_xml_pacs002.xml", ErrorCode::kParse, "n_xml_pacs002\\.xml:3:3",
       "found <FIToFIPmtStsRpt>"},
      {"n_xml_no_creditor.xml", ErrorCode::kParse, "n_xml_no_creditor\\.xml:5:5",
       "pacs.008/CdtTrfTxInf[1] has no <Cdtr> (creditor)"},
  };
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& f :
       std::filesystem::directory_iterator(testing::SourceDir() + "/tests/data/payments", ec))
    if (f.path().filename().string().rfind("n_", 0) == 0) files.push_back(f.path().filename());
  EXPECT_EQ(files.size(), cases.size()) << "every n_ fixture needs a row here";
  for (const Broken& b : cases) {
    SCOPED_TRACE(b.file);
    auto r = ParseMessages(ReadFixture(b.file), b.file);
    ASSERT_FALSE(r);
    EXPECT_EQ(ErrorCodeName(r.error().code), ErrorCodeName(b.code));
    EXPECT_TRUE(std::regex_match(r.error().where, std::regex(b.where))) << r.error().where;
    EXPECT_NE(r.error().message.find(b.message), std::string::npos) << r.error().message;
  }
}

// ---- behaviours on inline input -----------------------------------------------------

constexpr char kMinimal103[] =
    "{1:F01DEUTDEFFAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\r\n"
    ":20:REF-1\r\n:32A:240301EUR1,00\r\n:50K:ACME LTD\r\n:59:BETA LTD\r\n-}";

TEST(ParseMtTest, WhereNamesSourceAndFieldWithoutMessageNumber) {
  auto r = ParseMt(
      "{1:F01DEUTDEFFAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\r\n:20:R\r\n:32A:240301EUR1,00\r\n"
      ":50K:ACME\r\n:59A:NOTABIC\r\n-}",
      "one.fin");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "one.fin field :59A:");
}

TEST(ParseMtTest, HeaderAndBlockShapes) {
  struct Case {
    std::string input, where_suffix, message;
  };
  const std::vector<Case> cases = {
      {"", "header", "empty input"},
      {"hello", "header", "expected a SWIFT FIN message"},
      {"{1:F01DEUTDEFFAXXX0000000000}{2:I103COBADEFFXXXXN}", "header", "expected block 4"},
      {"{1:F01DEUTDEFFAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\r\nJUNK\r\n-}", "block 4",
       "expected ':20:' (sender's reference) at the start of block 4, got 'JUNK'"},
      {"{1:F01DEUTDEFFAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\r\n:32A:240301EUR1,00\r\n"
       ":50K:A\r\n:59:B\r\n-}",
       "block 4", "expected ':20:' (sender's reference) in block 4"},
      {"{1:X}{2:I103COBADEFFXXXXN}{4:\r\n:20:R\r\n-}", "block 1", "expected 'F01'"},
      {"{1:F01DEUTDEFFAXXX0000000000}{2:I103COBA}{4:\r\n:20:R\r\n-}", "block 2",
       "receiver's logical terminal"},
      {"{1:F01DEUT-EFFAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\r\n:20:R\r\n-}", "block 1",
       "logical terminal address"},
      {std::string(kMinimal103) + "{1:F01DEUTDEFFAXXX0000000000}", "block 1", "appears twice"},
      {"{1:F01DEUTDEFFAXXX0000000000}{3:{{{{}}}}}", "block 3", "nested more than 3 deep"},
      {"{1:F01DEUTDEFFAXXX0000000000}x", "header", "expected '{' opening a block"},
      {"{1:F01DEUTDEFFAXXX0000000000}{2:I202COBADEFFXXXXN}{4:\r\n:20:R\r\n:32A:240301EUR1,00\r\n"
       ":58A:BMJIIRTH\r\n-}",
       "block 4", "expected ':21:' (related reference)"},
      {"{1:F01DEUTDEFFAXXX0000000000}{2:I202COBADEFFXXXXN}{4:\r\n:20:R\r\n:21:X\r\n"
       ":32A:240301EUR1,00\r\n:58A:BMJIIRTH\r\n:71A:OUR\r\n-}",
       "field :71A:", "unknown field :71A: for MT202"},
      {"{1:F01DEUTDEFFAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\r\n:20:R\r\n:32A:241301EUR1,00\r\n"
       "-}",
       "field :32A:", "like '240315EUR1250,00', got '241301EUR1,00'"},
      {"{1:F01DEUTDEFFAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\r\n:20:R\r\n:32A:240301EUR1,00\r\n"
       ":50K:\r\n:59:B\r\n-}",
       "field :50K:", "is empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.input);
    auto r = ParseMt(c.input, "t.fin");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().where, "t.fin " + c.where_suffix);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
  }
}

TEST(ParseMtTest, BareTextBlockIsTypedByItsFields) {
  auto r = ParseMt(":20:B1\n:21:R\n:32A:240301USD10,\n:58A:BMJIIRTH\n-}\n", "bare.fin");
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->type, MessageType::kMt202);
  EXPECT_EQ(r->amount, "10");
  ASSERT_EQ(r->parties.size(), 1u);
  EXPECT_EQ(r->parties[0].path, "MT202/:58A:");
  EXPECT_EQ(r->parties[0].country, "IR");
}

TEST(ParseMtTest, AccountMarksAndOptions) {
  auto r = ParseMt(
      "{1:F01DEUTDEFFAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\r\n:20:R\r\n:32A:240301EUR1,00\r\n"
      ":50K:ACME\r\n:53B:/D/998877\r\nNEW YORK\r\n:54D://FW021000018\r\nSOME BANK\r\n"
      ":55A:/C/123\r\nchasus33\r\n:56C:/556677\r\n:59:B\r\n-}",
      "o.fin");
  ASSERT_TRUE(r) << r.error().ToString();
  const Party* b = FindParty(*r, "MT103/:53B:");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->account, "998877");
  EXPECT_EQ(b->name, "");  // option B: a location, not a name
  EXPECT_EQ(b->address_lines, std::vector<std::string>{"NEW YORK"});
  EXPECT_EQ(FindParty(*r, "MT103/:54D:")->account, "FW021000018");
  EXPECT_EQ(FindParty(*r, "MT103/:54D:")->name, "SOME BANK");
  EXPECT_EQ(FindParty(*r, "MT103/:55A:")->bic, "CHASUS33");  // upper-cased
  EXPECT_EQ(FindParty(*r, "MT103/:56C:")->account, "556677");
}

TEST(ParseMtTest, TextIsCleanUtf8) {
  std::string in =
      "{1:F01DEUTDEFFAXXX0000000000}{2:I103COBADEFFXXXXN}{4:\r\n:20:R\r\n:32A:240301EUR1,00\r\n"
      ":50K:CAF\xc9  DU\tNORD\x01\r\n:59:B\r\n:70:caf\xc3\xa9 ok\r\n-}";
  auto r = ParseMt(in, "u.fin");
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(FindParty(*r, "MT103/:50K:")->name, "CAF\u00c9 DU NORD");
  EXPECT_EQ(r->texts.at(0).text, "caf\u00e9 ok");  // already UTF-8: kept
}

TEST(ParseMessagesTest, DetectionAndSplitting) {
  // A BOM and white space before XML.
  auto x = ParseMessages("\xEF\xBB\xBF\n  " + ReadFixture("y_pain001.xml"), "bom.xml");
  ASSERT_TRUE(x) << x.error().ToString();
  EXPECT_EQ(x->at(0).type, MessageType::kPain001);
  // Back-to-back FIN messages, with SOH/ETX framing, and a bad second one.
  const std::string two = std::string("\x01") + kMinimal103 + "\x03\x01" + kMinimal103 + "\x03";
  auto ok = ParseMessages(two, "two.fin");
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->size(), 2u);
  auto bad = ParseMessages(std::string(kMinimal103) + "\r\n$\r\n:20:X\r\n:99A:Y\r\n", "b.fin");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where, "b.fin message 2 field :99A:");
  // Bare text blocks separated by "-" lines.
  auto bare = ParseMessages(
      ":20:A\n:32A:240301EUR1,00\n:50K:X\n:59:Y\n-\n:20:B\n:32A:240301EUR2,00\n:50K:X\n:59:Z\n-\n",
      "bare.fin");
  ASSERT_TRUE(bare) << bare.error().ToString();
  ASSERT_EQ(bare->size(), 2u);
  EXPECT_EQ(bare->at(1).reference, "B");
  // Neither.
  auto neither = ParseMessages("id,name\n1,ROSNEFT\n", "list.csv");
  ASSERT_FALSE(neither);
  EXPECT_EQ(neither.error().where, "list.csv");
  EXPECT_NE(neither.error().message.find("not a payment message"), std::string::npos);
  EXPECT_FALSE(ParseMessages(" \r\n", "blank.fin"));
}

TEST(ParseMessageBatchTest, MalformedMessageIsReportedAndTheBatchGoesOn) {
  const std::string bad = ":20:X\r\n:32A:240301EUR1,00\r\n:99A:Y\r\n";
  const std::string file = std::string(kMinimal103) + "\r\n$\r\n" + bad + "$\r\n" +
                           ":20:THIRD\r\n:32A:240301EUR3,00\r\n:50K:C\r\n:59:D\r\n";
  auto batch = ParseMessageBatch(file, "b.fin");
  ASSERT_TRUE(batch) << batch.error().ToString();
  ASSERT_EQ(batch->size(), 3u);
  ASSERT_TRUE((*batch)[0]) << (*batch)[0].error().ToString();
  EXPECT_EQ((*batch)[0]->reference, "REF-1");
  ASSERT_FALSE((*batch)[1]);
  EXPECT_EQ((*batch)[1].error().where, "b.fin message 2 field :99A:");
  EXPECT_NE((*batch)[1].error().message.find("unknown field :99A:"), std::string::npos)
      << (*batch)[1].error().message;
  ASSERT_TRUE((*batch)[2]) << (*batch)[2].error().ToString();
  EXPECT_EQ((*batch)[2]->reference, "THIRD");
  // ParseMessages still fails as a whole, on the first bad message.
  auto all = ParseMessages(file, "b.fin");
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().where, "b.fin message 2 field :99A:");
  // A damaged XML document is the one entry of its batch; not a payment file fails whole.
  auto xml = ParseMessageBatch("<Document><FIToFICstmrCdtTrf>", "t.xml");
  ASSERT_TRUE(xml);
  ASSERT_EQ(xml->size(), 1u);
  EXPECT_FALSE((*xml)[0]);
  EXPECT_FALSE(ParseMessageBatch("id,name\n1,ROSNEFT\n", "list.csv"));
  EXPECT_FALSE(ParseMessageBatch(" \r\n", "blank.fin"));
}

TEST(ParseMtTest, NameWrappedAt35CharactersIsJoined) {
  // 35 characters: SWIFT's line width. A longer name wraps, here inside a word.
  const std::string line1 = "ISLAMIC REPUBLIC OF IRAN SHIPPING L";
  ASSERT_EQ(line1.size(), 35u);
  const std::string text = ":20:R\r\n:32A:240301EUR1,00\r\n:50K:/DE89370400440532013000\r\n" +
                           line1 + "\r\nINES\r\nTEHRAN\r\n:59:" + line1 +
                           "\r\nINES\r\n:52D:SHORT BANK NAME\r\nSOME STREET 1\r\n"
                           ":57D:" +
                           std::string(35, 'X') + "\r\n" + std::string(35, 'Y') +
                           "\r\nZ\r\nTOWN\r\n:70:" + line1 + "\r\nINES\r\n";
  auto r = ParseMt(text, "wrap.fin");
  ASSERT_TRUE(r) << r.error().ToString();
  const Party* c = FindParty(*r, "MT103/:50K:");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->name, line1 + " INES");
  EXPECT_EQ(c->address_lines, std::vector<std::string>{"TEHRAN"});
  ASSERT_NE(FindParty(*r, "MT103/:59:"), nullptr);
  EXPECT_EQ(FindParty(*r, "MT103/:59:")->name, line1 + " INES");
  // A shorter first line is the whole name; the next one is the address.
  ASSERT_NE(FindParty(*r, "MT103/:52D:"), nullptr);
  EXPECT_EQ(FindParty(*r, "MT103/:52D:")->name, "SHORT BANK NAME");
  EXPECT_EQ(FindParty(*r, "MT103/:52D:")->address_lines, std::vector<std::string>{"SOME STREET 1"});
  // Several full lines in a row all continue the name.
  ASSERT_NE(FindParty(*r, "MT103/:57D:"), nullptr);
  EXPECT_EQ(FindParty(*r, "MT103/:57D:")->name,
            std::string(35, 'X') + " " + std::string(35, 'Y') + " Z");
  EXPECT_EQ(FindParty(*r, "MT103/:57D:")->address_lines, std::vector<std::string>{"TOWN"});
  // Free text keeps its lines as written.
  ASSERT_EQ(r->texts.size(), 1u);
  EXPECT_EQ(r->texts[0].text, line1 + "\nINES");
}

TEST(PaymentLimitsTest, SizesAndCountsAreBounded) {
  const std::string big(kMaxMessageBytes + 1, ' ');
  auto a = ParseMt(big, "big.fin");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kLimit);
  auto b = ParseIso20022(big, "big.xml");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kLimit);

  std::string many = ":20:R\n:32A:240301EUR1,00\n:59:B\n";
  for (size_t i = 0; i < kMaxItems; ++i) many += ":50K:ACME\n";
  auto c = ParseMt(many, "many.fin");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kLimit);
  EXPECT_NE(c.error().message.find("parties"), std::string::npos);

  std::string texts = ":20:R\n:32A:240301EUR1,00\n:50K:A\n:59:B\n";
  for (size_t i = 0; i <= kMaxItems; ++i) texts += ":70:X\n";
  auto d = ParseMt(texts, "texts.fin");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kLimit);

  const std::string small = ":20:A\n:32A:240301EUR1,00\n:50K:X\n:59:Y\n-\n";
  std::string file;
  for (size_t i = 0; i <= kMaxMessages; ++i) file += small;
  auto f = ParseMessages(file, "huge.fin");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, ErrorCode::kLimit);
  EXPECT_EQ(f.error().where, "huge.fin");

  std::string xml = "<Document><FIToFICstmrCdtTrf><CdtTrfTxInf><Dbtr/><Cdtr/><RmtInf>";
  for (size_t i = 0; i <= kMaxItems; ++i) xml += "<Ustrd>x</Ustrd>";
  xml += "</RmtInf></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>";
  auto e = ParseIso20022(xml, "many.xml");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kLimit);
}

TEST(PaymentUtilTest, IbanBicAndCountry) {
  EXPECT_EQ(IbanCountry("DE89370400440532013000"), "DE");
  EXPECT_EQ(IbanCountry("DE89 3704 0044 0532 0130 00"), "DE");
  EXPECT_EQ(IbanCountry("DE88370400440532013000"), "");  // check digits wrong
  EXPECT_EQ(IbanCountry("40702810400000012345"), "");
  EXPECT_EQ(IbanCountry(""), "");
  EXPECT_TRUE(IsBic("BMJIIRTH"));
  EXPECT_TRUE(IsBic("UBSWCHZH80A"));
  EXPECT_FALSE(IsBic("BMJIIRT"));
  EXPECT_FALSE(IsBic("BMJ1IRTH"));
  EXPECT_FALSE(IsBic("bmjiirth"));
  EXPECT_EQ(MessageTypeName(MessageType::kPacs008), "pacs.008");
  EXPECT_EQ(CleanLine("a\xc2\xa0\xc2\x85 b\x7f"), "a b");
}

// ---- damaged copies of every fixture: a Result, never a crash ------------------------

TEST(PaymentDamagedTest, TruncatedAndGarbledFixtures) {
  std::mt19937 rng(2024);
  for (const Want& w : Cases()) {
    if (w.index != 0) continue;
    const std::string data = ReadFixture(w.file);
    ASSERT_FALSE(data.empty());
    for (size_t cut = 0; cut < data.size(); cut += 7) {
      auto r = ParseMessages(std::string_view(data.data(), cut), w.file);
      if (!r) {
        EXPECT_EQ(r.error().where.rfind(w.file, 0), 0u) << r.error().ToString();
        EXPECT_FALSE(r.error().message.empty());
      }
    }
    for (int round = 0; round < 200; ++round) {
      std::string g = data;
      for (int k = 0; k <= round % 5; ++k) g[rng() % g.size()] = static_cast<char>(rng());
      auto r = ParseMessages(g, w.file);
      if (!r) continue;
      for (const Message& m : *r) {
        for (const Party& p : m.parties) {
          EXPECT_TRUE(IsValidUtf8(p.name));
          EXPECT_TRUE(p.country.empty() || IsCountryCode(p.country)) << p.country;
        }
        for (const FreeText& t : m.texts) EXPECT_TRUE(IsValidUtf8(t.text));
      }
    }
  }
}

}  // namespace
}  // namespace embargo::payment
