// Payment messages -> one structure a screener can check: who pays whom through which
// banks, and the free text that travels with the money. Reads SWIFT FIN MT103 (also STP
// and REMIT) and MT202 / MT202 COV, and ISO 20022 pacs.008 and pain.001 in any version.
// Called by whatever screens payments; knows nothing of the sanctions lists.
//
// Every text in a Message is valid UTF-8 (bytes that are not UTF-8 are read as
// Windows-1252, as real FIN files carry Latin-1), without control characters except
// '\n' in FreeText. Nothing is dropped silently: a message the parser cannot read fully
// is an Error whose `where` names the source, the message number and the field
// ("pay.fin message 2 field :59:", "pay.xml:14:9") and whose `message` says what was
// expected. Limits: kMaxMessageBytes per message, kMaxItems parties and texts.
//
// Thread-safety: stateless functions; safe from any thread.
#ifndef EMBARGO_PAYMENT_PAYMENT_H_
#define EMBARGO_PAYMENT_PAYMENT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace embargo::payment {

inline constexpr size_t kMaxMessageBytes = 1u << 20;  // one MT message or one XML document
inline constexpr size_t kMaxItems = 10'000;           // parties, texts, each per message
inline constexpr size_t kMaxFileBytes = 64u << 20;    // ParseMessages input
inline constexpr size_t kMaxMessages = 100'000;       // ParseMessages output

enum class MessageType { kMt103, kMt202, kPacs008, kPain001 };

// "MT103", "MT202", "pacs.008", "pain.001".
std::string_view MessageTypeName(MessageType type);

// A person, company or bank named in the message.
struct Party {
  // Where it was found: "MT103/:50K:", "MT202COV/B/:59:" (sequence B of a COV),
  // "MT103/{1:}" (the sending or receiving bank of the header),
  // "pacs.008/CdtTrfTxInf[1]/Dbtr", "pain.001/PmtInf[1]/CdtTrfTxInf[2]/Cdtr".
  std::string path;
  // MT: sender, receiver, ordering_customer, sending_institution, ordering_institution,
  //     senders_correspondent, receivers_correspondent, third_reimbursement_institution,
  //     intermediary_institution, account_with_institution, beneficiary_institution,
  //     beneficiary_customer.
  // ISO: debtor, creditor, ultimate_debtor, ultimate_creditor, initiating_party,
  //     debtor_agent, creditor_agent, intermediary_agent1..3, instructing_agent,
  //     instructed_agent, previous_instructing_agent1..3, forwarding_agent,
  //     {instructing,instructed,third}_reimbursement_agent, invoicer, invoicee, and
  //     sender / receiver from a business application header (AppHdr Fr / To).
  std::string role;
  std::string name;                        // "" when the party is given by BIC only
  std::vector<std::string> address_lines;  // as written, one entry per line
  // ISO 3166 alpha-2, upper case, or "": from ISO Ctry (else CtryOfRes), MT option F
  // "3/CC/town", else the BIC (characters 5-6), else an IBAN with a valid check sum.
  std::string country;
  std::string account;  // IBAN or other account number, without the leading '/'
  std::string bic;      // 8 or 11 characters, syntax checked
  // "scheme:value" as given: MT 50F party identifier ("CCPT:RU/4512345678") and lines
  // 4/-8/ ("birth_date:1950-03-21", "birth_place:RU/MOSCOW", "customer_id:...",
  // "national_id:..."); ISO Id ("LEI:...", "TXID:...", "birth_date:...").
  std::vector<std::string> identifiers;
};

// Text a person wrote: MT 21, 70, 72, 77B, 77T; ISO RmtInf/Ustrd, Strd/AddtlRmtInf,
// Purp, InstrForCdtrAgt, InstrForNxtAgt, RgltryRptg, RltdRmtInf. MT lines are joined
// with '\n' as written: SWIFT wraps at 35 characters, so a word may be cut in two.
struct FreeText {
  std::string path;  // "MT103/:70:", "pacs.008/CdtTrfTxInf[2]/RmtInf/Ustrd[1]"
  std::string text;
};

struct Message {
  MessageType type = MessageType::kMt103;
  std::string reference;  // MT :20:; ISO GrpHdr/MsgId (else the first EndToEndId)
  // MT :32A:; ISO the first transaction's IntrBkSttlmAmt (pacs.008) or InstdAmt
  // (pain.001) and its settlement or execution date. Amount with '.' as decimal point.
  std::string currency, amount, value_date;               // "EUR", "1250.00", "2024-03-15"
  std::vector<Party> parties;                             // in message order
  std::vector<FreeText> texts;                            // in message order
  std::vector<std::pair<std::string, std::string>> bics;  // (path, BIC) of every BIC seen
};

// Parses one SWIFT FIN message: blocks {1:}{2:}{3:}{4:...-}{5:} (block 2 "I103"/"O103"
// gives the type, {119:COV} in block 3 marks a cover), or a bare block 4 text starting
// with ":20:" (then the type is MT202 when field 58a is present, else MT103). Fails on a
// missing or unterminated block 4, a field not defined for the type, a malformed 32A or
// BIC, and a missing mandatory field (20, 32A, 50a and 59a; for MT202 20, 21, 32A, 58a).
// `source_name` prefixes every Error::where.
Result<Message> ParseMt(std::string_view raw, std::string_view source_name);

// Parses one ISO 20022 pacs.008 (FIToFICstmrCdtTrf) or pain.001 (CstmrCdtTrfInitn)
// document. Elements match by local name, so any namespace prefix and version works, and
// the message may sit inside an AppHdr/BusinessMessage envelope. Unknown elements are
// ignored. Fails on malformed XML ("file:line:col"), another message kind, a message
// without transactions, and a transaction without debtor (pacs.008: or creditor).
Result<Message> ParseIso20022(std::string_view xml, std::string_view source_name);

// Parses a file holding one XML document (first byte '<' after white space and a BOM)
// or one or more FIN messages back to back (each starting "{1:", or separated by lines
// of "$"; bare block 4 texts separated by "$" or "-" lines). The first message that
// fails makes the whole call fail, its Error naming the message number.
Result<std::vector<Message>> ParseMessages(std::string_view data, std::string_view source_name);

// The same file read as a batch in which a malformed message does not stop the others:
// one entry per message, in file order (entry i is message i + 1), each the Message or
// the Error that ParseMt / ParseIso20022 gives for it ("pay.fin message 2 field :59:").
// Fails as a whole only when the file cannot be cut into messages: over kMaxFileBytes,
// more than kMaxMessages, blank, or neither XML nor FIN.
Result<std::vector<Result<Message>>> ParseMessageBatch(std::string_view data,
                                                       std::string_view source_name);

}  // namespace embargo::payment

#endif  // EMBARGO_PAYMENT_PAYMENT_H_
