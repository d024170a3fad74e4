// ISO 20022 pacs.008 (FI to FI customer credit transfer) and pain.001 (customer credit
// transfer initiation) -> Message. Shapes read (ISO 20022 message definitions; element
// names are the same from pacs.008.001.02 and pain.001.001.03 to the 2023 versions):
//
//   Document/FIToFICstmrCdtTrf
//     GrpHdr: MsgId, IntrBkSttlmDt, SttlmInf/{Instg,Instd,Thrd}RmbrsmntAgt, InstgAgt, InstdAgt
//     CdtTrfTxInf*: PmtId/EndToEndId, IntrBkSttlmAmt@Ccy, IntrBkSttlmDt, InstgAgt, InstdAgt,
//       PrvsInstgAgt1..3, IntrmyAgt1..3(+Acct), UltmtDbtr, InitgPty, Dbtr, DbtrAcct,
//       DbtrAgt(+Acct), CdtrAgt(+Acct), Cdtr, CdtrAcct, UltmtCdtr, InstrForCdtrAgt*,
//       InstrForNxtAgt*, Purp, RgltryRptg*, RltdRmtInf*, RmtInf
//   Document/CstmrCdtTrfInitn
//     GrpHdr: MsgId, InitgPty, FwdgAgt
//     PmtInf*: ReqdExctnDt[/Dt], Dbtr, DbtrAcct, DbtrAgt(+Acct), UltmtDbtr,
//       CdtTrfTxInf*: PmtId/EndToEndId, Amt/InstdAmt@Ccy, UltmtDbtr, IntrmyAgt1..3,
//         CdtrAgt(+Acct), Cdtr, CdtrAcct, UltmtCdtr, InstrForCdtrAgt*, InstrForDbtrAgt, Purp,
//         RgltryRptg*, RltdRmtInf*, RmtInf
//
// A party (PartyIdentification): Nm, PstlAdr, Id/OrgId (AnyBIC, LEI, Othr) or Id/PrvtId
// (DtAndPlcOfBirth, Othr), CtryOfRes. An agent: FinInstnId with BICFI (BIC up to 2009
// versions), ClrSysMmbId, LEI, Nm, PstlAdr. A postal address: Dept, SubDept, StrtNm,
// BldgNb, BldgNm, Flr, PstBx, Room, PstCd, TwnNm, TwnLctnNm, DstrctNm, CtrySubDvsn,
// Ctry, AdrLine*. An account: Id/IBAN or Id/Othr/Id, Nm.
//
// Every element is matched by its local name (after any "prefix:"), so namespaces and
// versions do not matter. The message element is looked for breadth-first within the
// first kMaxEnvelopeDepth levels, which covers Document, AppHdr + Document inside a
// BusinessMessage, and similar envelopes. The banks of an AppHdr (head.001 Fr/FIId and
// To/FIId) become the parties "sender" and "receiver".
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <iterator>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "payment/payment.h"
#include "payment/util.h"

namespace embargo::payment {
namespace {

constexpr int kMaxEnvelopeDepth = 6;
constexpr size_t kMaxEnvelopeNodes = 10'000;
constexpr int kMaxRelatedDepth = 8;  // RltdRmtInf leaves are read this deep at most

std::string_view Local(const pugi::xml_node& n) {
  std::string_view s = n.name();
  const size_t colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && Local(c) == name) return c;
  return {};
}

std::vector<pugi::xml_node> Children(const pugi::xml_node& n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && Local(c) == name) out.push_back(c);
  return out;
}

// The text directly inside `n` (all its PCDATA and CDATA children), cleaned.
std::string Text(const pugi::xml_node& n) {
  std::string raw;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) raw += c.value();
  return CleanLine(raw);
}

std::string ChildText(const pugi::xml_node& n, std::string_view name) {
  return Text(Child(n, name));
}

// Agents and parties of a transaction, in schema order.
struct Slot {
  std::string_view element;  // "Dbtr"
  std::string_view role;     // "debtor"
  bool agent;                // FinInstnId inside
  std::string_view account;  // "DbtrAcct" or ""
};

constexpr Slot kPacs008Slots[] = {
    {"InstgAgt", "instructing_agent", true, ""},
    {"InstdAgt", "instructed_agent", true, ""},
    {"PrvsInstgAgt1", "previous_instructing_agent1", true, "PrvsInstgAgt1Acct"},
    {"PrvsInstgAgt2", "previous_instructing_agent2", true, "PrvsInstgAgt2Acct"},
    {"PrvsInstgAgt3", "previous_instructing_agent3", true, "PrvsInstgAgt3Acct"},
    {"IntrmyAgt1", "intermediary_agent1", true, "IntrmyAgt1Acct"},
    {"IntrmyAgt2", "intermediary_agent2", true, "IntrmyAgt2Acct"},
    {"IntrmyAgt3", "intermediary_agent3", true, "IntrmyAgt3Acct"},
    {"UltmtDbtr", "ultimate_debtor", false, ""},
    {"InitgPty", "initiating_party", false, ""},
    {"Dbtr", "debtor", false, "DbtrAcct"},
    {"DbtrAgt", "debtor_agent", true, "DbtrAgtAcct"},
    {"CdtrAgt", "creditor_agent", true, "CdtrAgtAcct"},
    {"Cdtr", "creditor", false, "CdtrAcct"},
    {"UltmtCdtr", "ultimate_creditor", false, ""},
};

constexpr Slot kPain001PaymentSlots[] = {
    {"Dbtr", "debtor", false, "DbtrAcct"},
    {"DbtrAgt", "debtor_agent", true, "DbtrAgtAcct"},
    {"UltmtDbtr", "ultimate_debtor", false, ""},
};

constexpr Slot kPain001TransactionSlots[] = {
    {"UltmtDbtr", "ultimate_debtor", false, ""},
    {"IntrmyAgt1", "intermediary_agent1", true, "IntrmyAgt1Acct"},
    {"IntrmyAgt2", "intermediary_agent2", true, "IntrmyAgt2Acct"},
    {"IntrmyAgt3", "intermediary_agent3", true, "IntrmyAgt3Acct"},
    {"CdtrAgt", "creditor_agent", true, "CdtrAgtAcct"},
    {"Cdtr", "creditor", false, "CdtrAcct"},
    {"UltmtCdtr", "ultimate_creditor", false, ""},
};

class IsoReader {
 public:
  IsoReader(std::string_view data, std::string_view source) : data_(data), source_(source) {}

  Result<Message> Parse();

 private:
  // "source:line:col" of `n`.
  std::string Where(const pugi::xml_node& n) const;
  tl::unexpected<Error> Bad(const pugi::xml_node& n, std::string message) const {
    return Fail(ErrorCode::kParse, std::move(message), Where(n));
  }

  Status ReadPacs008(const pugi::xml_node& root);
  Status ReadPain001(const pugi::xml_node& root);
  Status ReadSlots(const pugi::xml_node& parent, const std::string& base, const Slot* slots,
                   size_t count);
  Status ReadParty(const pugi::xml_node& n, const pugi::xml_node& account, std::string path,
                   std::string_view role, bool agent);
  Status ReadBic(const pugi::xml_node& n, Party* p);
  void ReadAddress(const pugi::xml_node& adr, Party* p);
  void ReadIds(const pugi::xml_node& id, Party* p);
  Status ReadTexts(const pugi::xml_node& tx, const std::string& base);
  Status AddLeafTexts(const pugi::xml_node& n, const std::string& path, int depth);
  Status AddTextAt(const pugi::xml_node& n, std::string path);
  void TakeAmount(const pugi::xml_node& amount, const pugi::xml_node& date);

  std::string_view data_;
  std::string_view source_;
  std::string root_;  // "pacs.008" or "pain.001"
  std::vector<size_t> line_starts_;
  Message msg_;
};

std::string IsoReader::Where(const pugi::xml_node& n) const {
  const ptrdiff_t offset = n ? n.offset_debug() : -1;
  if (offset < 0) return std::string(source_);
  size_t at = std::min(static_cast<size_t>(offset), data_.size());
  if (at > 0 && data_[at - 1] == '<') --at;  // pugixml places an element after its '<'
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), at);
  const size_t line = static_cast<size_t>(it - line_starts_.begin());
  return fmt::format("{}:{}:{}", source_, line, at - line_starts_[line - 1] + 1);
}

Status IsoReader::AddTextAt(const pugi::xml_node& n, std::string path) {
  FreeText t{std::move(path), Text(n)};
  return AddText(&msg_, std::move(t), Where(n));
}

Status IsoReader::ReadBic(const pugi::xml_node& n, Party* p) {
  if (!n) return OkStatus();
  const std::string bic = AsciiUpper(Text(n));
  if (bic.empty()) return OkStatus();
  if (!IsBic(bic)) {
    return Bad(n, fmt::format("expected a BIC in <{}> (4 letters, 2 letters country, 2 letters "
                              "or digits, optional 3-character branch), got '{}'",
                              Local(n), Excerpt(bic)));
  }
  if (p->bic.empty()) {
    p->bic = bic;
  } else if (p->bic != bic) {
    p->identifiers.push_back("BIC:" + bic);
  }
  return OkStatus();
}

void IsoReader::ReadAddress(const pugi::xml_node& adr, Party* p) {
  if (!adr) return;
  const auto join = [&](std::initializer_list<std::string_view> names) {
    std::string line;
    for (std::string_view name : names) {
      const std::string v = ChildText(adr, name);
      if (v.empty()) continue;
      if (!line.empty()) line += ' ';
      line += v;
    }
    if (!line.empty()) p->address_lines.push_back(std::move(line));
  };
  join({"Dept", "SubDept"});
  join({"StrtNm", "BldgNb", "BldgNm", "Flr", "Room"});
  join({"PstBx"});
  join({"PstCd", "TwnNm"});
  join({"TwnLctnNm", "DstrctNm", "CtrySubDvsn"});
  for (const pugi::xml_node& line : Children(adr, "AdrLine")) {
    std::string v = Text(line);
    if (!v.empty()) p->address_lines.push_back(std::move(v));
  }
  const std::string ctry = AsciiUpper(ChildText(adr, "Ctry"));
  if (IsCountryCode(ctry)) {
    p->country = ctry;
  } else if (!ctry.empty()) {
    p->address_lines.push_back(ctry);  // not a code: keep it where a screener reads
  }
}

// Othr elements: Id with SchmeNm/Cd or Prtry -> "CODE:id".
void AddOthers(const pugi::xml_node& parent, Party* p) {
  for (const pugi::xml_node& o : Children(parent, "Othr")) {
    const std::string id = ChildText(o, "Id");
    if (id.empty()) continue;
    const pugi::xml_node scheme = Child(o, "SchmeNm");
    std::string code = ChildText(scheme, "Cd");
    if (code.empty()) code = ChildText(scheme, "Prtry");
    p->identifiers.push_back(fmt::format("{}:{}", code.empty() ? "other" : code, id));
  }
}

void IsoReader::ReadIds(const pugi::xml_node& id, Party* p) {
  if (const pugi::xml_node org = Child(id, "OrgId")) {
    if (std::string lei = ChildText(org, "LEI"); !lei.empty())
      p->identifiers.push_back("LEI:" + lei);
    AddOthers(org, p);
  }
  if (const pugi::xml_node prv = Child(id, "PrvtId")) {
    if (const pugi::xml_node birth = Child(prv, "DtAndPlcOfBirth")) {
      if (std::string d = ChildText(birth, "BirthDt"); !d.empty())
        p->identifiers.push_back("birth_date:" + d);
      const std::string city = ChildText(birth, "CityOfBirth");
      const std::string ctry = ChildText(birth, "CtryOfBirth");
      if (!city.empty() || !ctry.empty())
        p->identifiers.push_back(fmt::format("birth_place:{}/{}", ctry, city));
    }
    AddOthers(prv, p);
  }
}

Status IsoReader::ReadParty(const pugi::xml_node& node, const pugi::xml_node& account,
                            std::string path, std::string_view role, bool agent) {
  Party p;
  p.path = std::move(path);
  p.role = std::string(role);
  pugi::xml_node n = node;
  if (const pugi::xml_node pty = Child(n, "Pty"); pty) n = pty;  // Party choice wrappers
  if (agent) {
    const pugi::xml_node fi = Child(n, "FinInstnId");
    if (auto s = ReadBic(Child(fi, "BICFI"), &p); !s) return s;
    if (auto s = ReadBic(Child(fi, "BIC"), &p); !s) return s;
    p.name = ChildText(fi, "Nm");
    ReadAddress(Child(fi, "PstlAdr"), &p);
    if (std::string lei = ChildText(fi, "LEI"); !lei.empty()) p.identifiers.push_back("LEI:" + lei);
    if (const pugi::xml_node clr = Child(fi, "ClrSysMmbId")) {
      const pugi::xml_node sys = Child(clr, "ClrSysId");
      std::string code = ChildText(sys, "Cd");
      if (code.empty()) code = ChildText(sys, "Prtry");
      const std::string member = ChildText(clr, "MmbId");
      if (!member.empty())
        p.identifiers.push_back(fmt::format("{}:{}", code.empty() ? "clearing" : code, member));
    }
    AddOthers(fi, &p);
  } else {
    p.name = ChildText(n, "Nm");
    ReadAddress(Child(n, "PstlAdr"), &p);
    const pugi::xml_node id = Child(n, "Id");
    if (const pugi::xml_node org = Child(id, "OrgId")) {
      if (auto s = ReadBic(Child(org, "AnyBIC"), &p); !s) return s;
      if (auto s = ReadBic(Child(org, "BICOrBEI"), &p); !s) return s;
    }
    ReadIds(id, &p);
    const std::string residence = AsciiUpper(ChildText(n, "CtryOfRes"));
    if (p.country.empty() && IsCountryCode(residence)) p.country = residence;
  }
  if (account) {
    const pugi::xml_node id = Child(account, "Id");
    p.account = ChildText(id, "IBAN");
    if (p.account.empty()) p.account = ChildText(Child(id, "Othr"), "Id");
    if (const pugi::xml_node nm = Child(account, "Nm")) {
      // The account holder's name may differ from the party's: screen it too.
      if (Text(nm) != p.name) {
        if (auto s = AddTextAt(nm, fmt::format("{}Acct/Nm", p.path)); !s) return s;
      }
    }
  }
  FillCountry(&p);
  return AddParty(&msg_, std::move(p), Where(node));
}

Status IsoReader::ReadSlots(const pugi::xml_node& parent, const std::string& base,
                            const Slot* slots, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    const Slot& s = slots[i];
    const pugi::xml_node n = Child(parent, s.element);
    if (!n) continue;
    const pugi::xml_node account = s.account.empty() ? pugi::xml_node() : Child(parent, s.account);
    if (auto st = ReadParty(n, account, fmt::format("{}/{}", base, s.element), s.role, s.agent);
        !st) {
      return st;
    }
  }
  return OkStatus();
}

Status IsoReader::AddLeafTexts(const pugi::xml_node& n, const std::string& path, int depth) {
  bool has_elements = false;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    has_elements = true;
    if (depth >= kMaxRelatedDepth) continue;
    if (auto s = AddLeafTexts(c, fmt::format("{}/{}", path, CleanLine(Local(c))), depth + 1); !s)
      return s;
  }
  if (!has_elements) return AddTextAt(n, path);
  return OkStatus();
}

Status IsoReader::ReadTexts(const pugi::xml_node& tx, const std::string& base) {
  // Instructions: InstrForCdtrAgt and InstrForNxtAgt hold InstrInf; pain.001's
  // InstrForDbtrAgt is text itself (InstrInf from 2019 versions).
  for (std::string_view name : {"InstrForCdtrAgt", "InstrForNxtAgt", "InstrForDbtrAgt"}) {
    const auto nodes = Children(tx, name);
    for (size_t i = 0; i < nodes.size(); ++i) {
      const pugi::xml_node info = Child(nodes[i], "InstrInf");
      const std::string path = fmt::format("{}/{}[{}]", base, name, i + 1);
      auto s = info ? AddTextAt(info, path + "/InstrInf") : AddTextAt(nodes[i], path);
      if (!s) return s;
    }
  }
  if (const pugi::xml_node purp = Child(tx, "Purp")) {
    const pugi::xml_node code = Child(purp, "Cd") ? Child(purp, "Cd") : Child(purp, "Prtry");
    if (auto s = AddTextAt(code, base + "/Purp"); !s) return s;
  }
  const auto reporting = Children(tx, "RgltryRptg");
  for (size_t i = 0; i < reporting.size(); ++i) {
    const auto details = Children(reporting[i], "Dtls");
    for (size_t j = 0; j < details.size(); ++j) {
      const auto infos = Children(details[j], "Inf");
      for (size_t k = 0; k < infos.size(); ++k) {
        auto s = AddTextAt(
            infos[k], fmt::format("{}/RgltryRptg[{}]/Dtls[{}]/Inf[{}]", base, i + 1, j + 1, k + 1));
        if (!s) return s;
      }
    }
  }
  const auto related = Children(tx, "RltdRmtInf");
  for (size_t i = 0; i < related.size(); ++i) {
    auto s = AddLeafTexts(related[i], fmt::format("{}/RltdRmtInf[{}]", base, i + 1), 0);
    if (!s) return s;
  }
  const pugi::xml_node rmt = Child(tx, "RmtInf");
  const auto ustrd = Children(rmt, "Ustrd");
  for (size_t i = 0; i < ustrd.size(); ++i) {
    if (auto s = AddTextAt(ustrd[i], fmt::format("{}/RmtInf/Ustrd[{}]", base, i + 1)); !s) return s;
  }
  const auto strd = Children(rmt, "Strd");
  for (size_t i = 0; i < strd.size(); ++i) {
    const std::string path = fmt::format("{}/RmtInf/Strd[{}]", base, i + 1);
    for (const auto& [element, role] :
         {std::pair<std::string_view, std::string_view>{"Invcr", "invoicer"},
          {"Invcee", "invoicee"}}) {
      if (const pugi::xml_node n = Child(strd[i], element)) {
        if (auto s = ReadParty(n, {}, fmt::format("{}/{}", path, element), role, false); !s)
          return s;
      }
    }
    const auto extra = Children(strd[i], "AddtlRmtInf");
    for (size_t j = 0; j < extra.size(); ++j) {
      if (auto s = AddTextAt(extra[j], fmt::format("{}/AddtlRmtInf[{}]", path, j + 1)); !s)
        return s;
    }
  }
  return OkStatus();
}

void IsoReader::TakeAmount(const pugi::xml_node& amount, const pugi::xml_node& date) {
  if (!msg_.amount.empty() || !amount) return;
  msg_.amount = Text(amount);
  msg_.currency = AsciiUpper(CleanLine(amount.attribute("Ccy").value()));
  pugi::xml_node d = date;
  if (const pugi::xml_node inner = Child(date, "Dt")) d = inner;
  if (const pugi::xml_node inner = Child(date, "DtTm")) d = inner;
  msg_.value_date = Text(d);
  if (msg_.value_date.size() > 10 && (msg_.value_date[10] & 0xC0) != 0x80) {
    msg_.value_date.resize(10);  // "2024-03-15T10:00:00" -> the date
  }
}

Status IsoReader::ReadPacs008(const pugi::xml_node& root) {
  const pugi::xml_node grp = Child(root, "GrpHdr");
  msg_.reference = ChildText(grp, "MsgId");
  const pugi::xml_node sttlm = Child(grp, "SttlmInf");
  static constexpr Slot kSettlement[] = {
      {"InstgRmbrsmntAgt", "instructing_reimbursement_agent", true, "InstgRmbrsmntAgtAcct"},
      {"InstdRmbrsmntAgt", "instructed_reimbursement_agent", true, "InstdRmbrsmntAgtAcct"},
      {"ThrdRmbrsmntAgt", "third_reimbursement_agent", true, "ThrdRmbrsmntAgtAcct"},
  };
  if (auto s = ReadSlots(sttlm, root_ + "/GrpHdr/SttlmInf", kSettlement, 3); !s) return s;
  if (auto s = ReadSlots(grp, root_ + "/GrpHdr", kPacs008Slots, 2); !s) return s;
  const auto txs = Children(root, "CdtTrfTxInf");
  if (txs.empty()) {
    return Bad(root,
               "expected at least one <CdtTrfTxInf> (credit transfer transaction) in "
               "pacs.008");
  }
  for (size_t i = 0; i < txs.size(); ++i) {
    const pugi::xml_node& tx = txs[i];
    const std::string base = fmt::format("{}/CdtTrfTxInf[{}]", root_, i + 1);
    if (msg_.reference.empty()) msg_.reference = ChildText(Child(tx, "PmtId"), "EndToEndId");
    pugi::xml_node date = Child(tx, "IntrBkSttlmDt");
    if (!date) date = Child(grp, "IntrBkSttlmDt");
    TakeAmount(Child(tx, "IntrBkSttlmAmt"), date);
    if (!Child(tx, "Dbtr")) return Bad(tx, fmt::format("{} has no <Dbtr> (debtor)", base));
    if (!Child(tx, "Cdtr")) return Bad(tx, fmt::format("{} has no <Cdtr> (creditor)", base));
    if (auto s = ReadSlots(tx, base, kPacs008Slots, std::size(kPacs008Slots)); !s) return s;
    if (auto s = ReadTexts(tx, base); !s) return s;
  }
  return OkStatus();
}

Status IsoReader::ReadPain001(const pugi::xml_node& root) {
  const pugi::xml_node grp = Child(root, "GrpHdr");
  msg_.reference = ChildText(grp, "MsgId");
  static constexpr Slot kGroup[] = {
      {"InitgPty", "initiating_party", false, ""},
      {"FwdgAgt", "forwarding_agent", true, ""},
  };
  if (auto s = ReadSlots(grp, root_ + "/GrpHdr", kGroup, 2); !s) return s;
  const auto payments = Children(root, "PmtInf");
  if (payments.empty()) {
    return Bad(root, "expected at least one <PmtInf> (payment information) in pain.001");
  }
  for (size_t j = 0; j < payments.size(); ++j) {
    const pugi::xml_node& pmt = payments[j];
    const std::string pbase = fmt::format("{}/PmtInf[{}]", root_, j + 1);
    if (!Child(pmt, "Dbtr")) return Bad(pmt, fmt::format("{} has no <Dbtr> (debtor)", pbase));
    if (auto s = ReadSlots(pmt, pbase, kPain001PaymentSlots, std::size(kPain001PaymentSlots)); !s)
      return s;
    const auto txs = Children(pmt, "CdtTrfTxInf");
    if (txs.empty()) {
      return Bad(pmt, fmt::format("expected at least one <CdtTrfTxInf> (credit transfer "
                                  "transaction) in {}",
                                  pbase));
    }
    for (size_t i = 0; i < txs.size(); ++i) {
      const pugi::xml_node& tx = txs[i];
      const std::string base = fmt::format("{}/CdtTrfTxInf[{}]", pbase, i + 1);
      if (msg_.reference.empty()) msg_.reference = ChildText(Child(tx, "PmtId"), "EndToEndId");
      const pugi::xml_node amt = Child(tx, "Amt");
      pugi::xml_node instructed = Child(amt, "InstdAmt");
      if (!instructed) instructed = Child(Child(amt, "EqvtAmt"), "Amt");
      TakeAmount(instructed, Child(pmt, "ReqdExctnDt"));
      if (auto s =
              ReadSlots(tx, base, kPain001TransactionSlots, std::size(kPain001TransactionSlots));
          !s) {
        return s;
      }
      if (auto s = ReadTexts(tx, base); !s) return s;
    }
  }
  return OkStatus();
}

Result<Message> IsoReader::Parse() {
  if (data_.size() > kMaxMessageBytes) {
    return Fail(ErrorCode::kLimit,
                fmt::format("XML document of {} bytes exceeds the limit of {} bytes per message",
                            data_.size(), kMaxMessageBytes),
                std::string(source_));
  }
  line_starts_.push_back(0);
  for (size_t i = 0; i < data_.size(); ++i)
    if (data_[i] == '\n') line_starts_.push_back(i + 1);

  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(data_.data(), data_.size());
  if (!parsed) {
    const size_t at =
        std::min(static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0)), data_.size());
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), at);
    const size_t line = static_cast<size_t>(it - line_starts_.begin());
    return Fail(ErrorCode::kParse,
                fmt::format("malformed XML: {} (is the file cut short?)", parsed.description()),
                fmt::format("{}:{}:{}", source_, line, at - line_starts_[line - 1] + 1));
  }
  // Breadth-first search for the message element through the envelope.
  pugi::xml_node message, app_header;
  std::deque<std::pair<pugi::xml_node, int>> queue = {{doc, 0}};
  size_t visited = 0;
  while (!queue.empty() && !message && visited < kMaxEnvelopeNodes) {
    const auto [n, depth] = queue.front();
    queue.pop_front();
    for (pugi::xml_node c = n.first_child(); c && visited < kMaxEnvelopeNodes;
         c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      ++visited;
      const std::string_view name = Local(c);
      if (name == "FIToFICstmrCdtTrf" || name == "CstmrCdtTrfInitn") {
        message = c;
        break;
      }
      if (name == "AppHdr" && !app_header) app_header = c;
      if (depth + 1 < kMaxEnvelopeDepth) queue.emplace_back(c, depth + 1);
    }
  }
  if (!message) {
    pugi::xml_node found = doc.document_element();
    if (Local(found) == "Document") {  // name the message inside: "found <FIToFIPmtStsRpt>"
      for (pugi::xml_node c = found.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) {
          found = c;
          break;
        }
      }
    }
    return Bad(found, fmt::format("expected an ISO 20022 pacs.008 (<FIToFICstmrCdtTrf>) or "
                                  "pain.001 (<CstmrCdtTrfInitn>) message, found <{}>",
                                  found ? Excerpt(Local(found)) : std::string("nothing")));
  }
  const bool pacs = Local(message) == "FIToFICstmrCdtTrf";
  msg_.type = pacs ? MessageType::kPacs008 : MessageType::kPain001;
  root_ = pacs ? "pacs.008" : "pain.001";
  // The business application header's sending and receiving banks (head.001 Fr, To).
  for (const auto& [element, role] :
       {std::pair<std::string_view, std::string_view>{"Fr", "sender"}, {"To", "receiver"}}) {
    if (const pugi::xml_node id = Child(Child(app_header, element), "FIId")) {
      auto s = ReadParty(id, {}, fmt::format("{}/AppHdr/{}", root_, element), role, true);
      if (!s) return tl::unexpected(s.error());
    }
  }
  const Status st = pacs ? ReadPacs008(message) : ReadPain001(message);
  if (!st) return tl::unexpected(st.error());
  return std::move(msg_);
}

}  // namespace

Result<Message> ParseIso20022(std::string_view xml, std::string_view source_name) {
  return IsoReader(xml, source_name).Parse();
}

}  // namespace embargo::payment
