// SWIFT FIN MT103 / MT202 (COV) -> Message. The format (SWIFT User Handbook, FIN
// Message Structure; MT103 and MT202 COV usage guidelines):
//
//   {1:F01BANKBEBBAXXX0000000000}           basic header: F01 + sender's logical terminal
//   {2:I103BANKDEFFXXXXN}                   application header, input: I + type + receiver
//   {2:O1031200240315BANKBEBBAXXX00000000002403151200N}   output: O + type + HHMM + MIR
//                                            (date, sender's terminal, session, sequence)
//   {3:{108:MUR}{119:COV}{121:uetr}}        user header; 119 COV marks a cover payment
//   {4:\r\n:20:REF\r\n:32A:240315EUR1250,00\r\n...\r\n-}   text block, CRLF lines
//   {5:{CHK:...}}                            trailer
//
// A logical terminal address is the BIC8, one terminal letter and the branch ("XXX" for
// none). In block 4 a field starts at a line ":NNa:" (two digits and an option letter)
// and runs until the next such line or the closing "-}"; no content line starts with
// ':' followed by a tag, or with '-'. Party options:
//   A  [/account] + BIC                    B  [/account] + location
//   C  /account                            D, K, none  [/account] + up to 4 name/address
//   F  party identifier or /account + numbered lines: 1/ name, 2/ address, 3/ CC/town,
//      4/ date of birth YYYYMMDD, 5/ CC/place of birth, 6/ CC/issuer/customer number,
//      7/ CC/national id, 8/ continuation of the identifier above it
// An account line may start with a debit/credit mark "/D/" or "/C/", or with "//" and a
// clearing code ("//FW021000018"); the marks are dropped. Name and address lines are
// 35 characters at most, and a longer name is wrapped, often inside a word: in options
// D, K and none, a name line that fills all kMtLineChars continues on the next line
// (joined with a space; the matcher rejoins a word cut in two). Option F joins its
// "1/" lines and the unnumbered lines after them the same way.
//
// In an MT202 COV, sequence B (the underlying customer transfer: 50a, 52a, 56a, 57a,
// 59a, 70, 72, 33B) starts at the first 50a, 59a, 70 or 33B; its paths are
// "MT202COV/B/:50K:".
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "payment/payment.h"
#include "payment/util.h"

namespace embargo::payment {
namespace {

constexpr size_t kMtLineChars = 35;  // the "35x" of name, address and narrative lines

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// White space and the SOH/ETX framing bytes some transports leave around a message.
bool IsFraming(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\x01' || c == '\x03';
}

std::string_view TrimFraming(std::string_view s) {
  while (!s.empty() && IsFraming(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsFraming(s.back())) s.remove_suffix(1);
  return s;
}

// Field numbers whose options name a party, and the role they give.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kRoles = {{
    {"50", "ordering_customer"},
    {"51", "sending_institution"},
    {"52", "ordering_institution"},
    {"53", "senders_correspondent"},
    {"54", "receivers_correspondent"},
    {"55", "third_reimbursement_institution"},
    {"56", "intermediary_institution"},
    {"57", "account_with_institution"},
    {"58", "beneficiary_institution"},
    {"59", "beneficiary_customer"},
}};

// Tags (number + option) each type may carry. MT202 lists sequence A and, for a cover,
// sequence B.
constexpr std::string_view kMt103Tags[] = {"20",  "13C", "23B", "23E", "26T", "32A", "33B", "36",
                                           "50A", "50F", "50K", "51A", "52A", "52D", "53A", "53B",
                                           "53D", "54A", "54B", "54D", "55A", "55B", "55D", "56A",
                                           "56C", "56D", "57A", "57B", "57C", "57D", "59",  "59A",
                                           "59F", "70",  "71A", "71F", "71G", "72",  "77B", "77T"};
constexpr std::string_view kMt202Tags[] = {"20",  "21",  "13C", "32A", "52A", "52D", "53A", "53B",
                                           "53D", "54A", "54B", "54D", "56A", "56C", "56D", "57A",
                                           "57B", "57C", "57D", "58A", "58D", "72",  "50A", "50F",
                                           "50K", "59",  "59A", "59F", "70",  "33B"};

template <size_t N>
bool Contains(const std::string_view (&tags)[N], std::string_view tag) {
  for (std::string_view t : tags)
    if (t == tag) return true;
  return false;
}

std::string_view RoleOf(std::string_view number) {
  for (const auto& [n, role] : kRoles)
    if (n == number) return role;
  return {};
}

struct Field {
  std::string tag;                      // "59F"
  std::vector<std::string_view> lines;  // raw, without CR
  std::string Label() const { return ":" + tag + ":"; }
};

// ":59F:rest" -> tag "59F", rest; false when `line` does not open a field.
bool SplitTag(std::string_view line, std::string* tag, std::string_view* rest) {
  if (line.size() < 4 || line[0] != ':' || !IsDigit(line[1]) || !IsDigit(line[2])) return false;
  size_t end = 3;
  if (IsUpper(line[3])) end = 4;
  if (end >= line.size() || line[end] != ':') return false;
  *tag = std::string(line.substr(1, end - 1));
  *rest = line.substr(end + 1);
  return true;
}

class MtReader {
 public:
  explicit MtReader(std::string_view source) : source_(source) {}

  Result<Message> Parse(std::string_view raw);

 private:
  std::string Where(std::string_view what) const { return fmt::format("{} {}", source_, what); }
  tl::unexpected<Error> Bad(std::string_view what, std::string message) const {
    return Fail(ErrorCode::kParse, std::move(message), Where(what));
  }

  Status SplitBlocks(std::string_view s);
  Status ReadHeaders();
  Status SplitFields(std::string_view text);
  Status ReadField(const Field& f, const std::string& path);
  Status ReadParty(const Field& f, const std::string& path, std::string_view role);
  Status ReadAmount(const Field& f);
  Status AddHeaderParty(std::string_view block, std::string_view terminal, std::string_view role);

  std::string_view source_;
  std::optional<std::string_view> blocks_[6];  // blocks 1-5 by number; [0] unused
  std::vector<Field> fields_;
  std::string root_;  // "MT103", "MT202", "MT202COV"
  Message msg_;
};

// Finds blocks at top level. Block 4 ends at "-}" at the start of a line; other blocks
// end at their matching '}' (block 3 and 5 hold nested {tag:value} blocks).
Status MtReader::SplitBlocks(std::string_view s) {
  size_t i = 0;
  while (true) {
    while (i < s.size() && IsFraming(s[i])) ++i;
    if (i >= s.size()) return OkStatus();
    if (s[i] != '{') {
      return Bad("header",
                 fmt::format("expected '{{' opening a block, got '{}'", Excerpt(s.substr(i))));
    }
    const size_t colon = s.find(':', i + 1);
    const std::string_view id =
        colon == std::string_view::npos ? std::string_view() : s.substr(i + 1, colon - i - 1);
    if (id.size() != 1 || id[0] < '1' || id[0] > '5') {
      if (!id.empty() && id.size() <= 3) {
        // A user block such as {S:...}: skip to its matching brace below.
      } else {
        return Bad("header",
                   fmt::format("expected a block like '{{4:', got '{}'", Excerpt(s.substr(i))));
      }
    }
    const std::string block_name = fmt::format("block {}", CleanLine(id));
    size_t end;  // one past the block's closing '}'
    std::string_view content;
    if (id == "4") {
      const size_t start = colon + 1;
      size_t p = s.find("-}", start);
      while (p != std::string_view::npos && p != start && s[p - 1] != '\n') p = s.find("-}", p + 1);
      if (p == std::string_view::npos) {
        return Bad(block_name,
                   "block 4 has no end marker '-}' at the start of a line (message cut short?)");
      }
      content = s.substr(start, p - start);
      end = p + 2;
    } else {
      int depth = 1;
      size_t j = colon + 1;
      for (; j < s.size() && depth > 0; ++j) {
        if (s[j] == '{' && ++depth > 3) {
          return Bad(block_name, "blocks nested more than 3 deep");
        }
        if (s[j] == '}') --depth;
      }
      if (depth > 0) {
        return Bad(block_name,
                   fmt::format("{} is not closed by '}}' (message cut short?)", block_name));
      }
      content = s.substr(colon + 1, j - 1 - (colon + 1));
      end = j;
    }
    if (id.size() == 1 && id[0] >= '1' && id[0] <= '5') {
      auto& slot = blocks_[id[0] - '0'];
      if (slot) {
        return Bad(block_name, fmt::format("{} appears twice: one message per '{{1:' (files of "
                                           "several messages go through ParseMessages)",
                                           block_name));
      }
      slot = content;
    }
    i = end;
  }
}

Status MtReader::AddHeaderParty(std::string_view block, std::string_view terminal,
                                std::string_view role) {
  // Logical terminal: BIC8 + terminal letter + branch.
  std::string bic = AsciiUpper(terminal.substr(0, 8));
  const std::string branch = AsciiUpper(terminal.substr(9, 3));
  if (branch != "XXX") bic += branch;
  if (!IsBic(bic)) {
    return Bad(block, fmt::format("expected a logical terminal address (BIC8, terminal letter, "
                                  "branch) like 'BANKBEBBAXXX', got '{}'",
                                  Excerpt(terminal)));
  }
  Party p;
  p.path = fmt::format("{}/{{{}:}}", root_, block.back());
  p.role = std::string(role);
  p.bic = std::move(bic);
  FillCountry(&p);
  return AddParty(&msg_, std::move(p), Where(block));
}

Status MtReader::ReadHeaders() {
  if (blocks_[2]) {
    const std::string_view b2 = *blocks_[2];
    if (b2.size() < 4 || (b2[0] != 'I' && b2[0] != 'O')) {
      return Bad("block 2", fmt::format("expected 'I' or 'O' and the message type, like "
                                        "'I103BANKDEFFXXXXN', got '{}'",
                                        Excerpt(b2)));
    }
    const std::string_view type = b2.substr(1, 3);
    if (type == "103") {
      msg_.type = MessageType::kMt103;
    } else if (type == "202") {
      msg_.type = MessageType::kMt202;
    } else {
      return Fail(ErrorCode::kParse,
                  fmt::format("message type MT{} is not supported; embargo reads MT103 and MT202 "
                              "(COV)",
                              Excerpt(type)),
                  Where("block 2"));
    }
  } else {
    // No application header: a bare text block, typed by its fields.
    msg_.type = MessageType::kMt103;
    for (const Field& f : fields_)
      if (f.tag.rfind("58", 0) == 0) msg_.type = MessageType::kMt202;
  }
  const bool cover = blocks_[3] && blocks_[3]->find("{119:COV}") != std::string_view::npos;
  bool sequence_b = false;
  if (msg_.type == MessageType::kMt202) {
    for (const Field& f : fields_) {
      const std::string_view n = std::string_view(f.tag).substr(0, 2);
      sequence_b = sequence_b || n == "50" || n == "59" || n == "70" || n == "33";
    }
  }
  root_ = msg_.type == MessageType::kMt103 ? "MT103" : (cover || sequence_b) ? "MT202COV" : "MT202";

  if (blocks_[1]) {
    const std::string_view b1 = *blocks_[1];
    if (b1.size() < 15 || b1[0] != 'F') {
      return Bad("block 1", fmt::format("expected 'F01' and the sender's logical terminal, like "
                                        "'F01BANKBEBBAXXX0000000000', got '{}'",
                                        Excerpt(b1)));
    }
    const bool output = blocks_[2] && (*blocks_[2])[0] == 'O';
    auto s = AddHeaderParty("block 1", b1.substr(3, 12), output ? "receiver" : "sender");
    if (!s) return s;
  }
  if (blocks_[2]) {
    const std::string_view b2 = *blocks_[2];
    const bool output = b2[0] == 'O';
    // Input: I + type + receiver's terminal. Output: O + type + HHMM + MIR (YYMMDD +
    // sender's terminal + session + sequence).
    const size_t at = output ? 14 : 4;
    if (b2.size() < at + 12) {
      return Bad("block 2", fmt::format("expected the {} logical terminal after '{}', got '{}'",
                                        output ? "sender's (in the MIR)" : "receiver's",
                                        Excerpt(b2.substr(0, 4)), Excerpt(b2)));
    }
    auto s = AddHeaderParty("block 2", b2.substr(at, 12), output ? "sender" : "receiver");
    if (!s) return s;
  }
  return OkStatus();
}

Status MtReader::SplitFields(std::string_view text) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string tag;
    std::string_view rest;
    if (SplitTag(line, &tag, &rest)) {
      fields_.push_back(Field{std::move(tag), {rest}});
    } else if (!fields_.empty()) {
      fields_.back().lines.push_back(line);
    } else if (!Trim(line).empty()) {
      return Bad("block 4", fmt::format("expected ':20:' (sender's reference) at the start of "
                                        "block 4, got '{}'",
                                        Excerpt(line)));
    }
    if (nl == text.size()) break;
  }
  for (Field& f : fields_)
    while (!f.lines.empty() && Trim(f.lines.back()).empty()) f.lines.pop_back();
  return OkStatus();
}

Status MtReader::ReadAmount(const Field& f) {
  // 6!n date YYMMDD, 3!a currency, 15d amount with a decimal comma ("1250,00", "1250,").
  const std::string v(Trim(f.lines.empty() ? std::string_view() : f.lines[0]));
  bool ok = v.size() >= 11 && v.size() <= 24;
  for (size_t i = 0; ok && i < 6; ++i) ok = IsDigit(v[i]);
  for (size_t i = 6; ok && i < 9; ++i) ok = IsUpper(v[i]);
  size_t commas = 0, digits_before = 0;
  for (size_t i = 9; ok && i < v.size(); ++i) {
    if (v[i] == ',') {
      ++commas;
    } else if (!IsDigit(v[i])) {
      ok = false;
    } else if (commas == 0) {
      ++digits_before;
    }
  }
  ok = ok && commas == 1 && digits_before > 0;
  const int month = ok ? (v[2] - '0') * 10 + (v[3] - '0') : 0;
  const int day = ok ? (v[4] - '0') * 10 + (v[5] - '0') : 0;
  if (!ok || month < 1 || month > 12 || day < 1 || day > 31 || f.lines.size() > 1) {
    return Bad(fmt::format("field {}", f.Label()),
               fmt::format("expected value date YYMMDD, currency and amount with a decimal comma, "
                           "like '240315EUR1250,00', got '{}'",
                           Excerpt(v)));
  }
  msg_.value_date = fmt::format("20{}-{}-{}", v.substr(0, 2), v.substr(2, 2), v.substr(4, 2));
  msg_.currency = v.substr(6, 3);
  std::string amount = v.substr(9);
  const size_t comma = amount.find(',');
  amount[comma] = '.';
  if (comma + 1 == amount.size()) amount.pop_back();
  msg_.amount = std::move(amount);
  return OkStatus();
}

// Characters of a raw line: code points when it is UTF-8, else bytes (Latin-1).
size_t CharCount(std::string_view raw) {
  if (!IsValidUtf8(raw)) return raw.size();
  size_t n = 0;
  for (char c : raw) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// "/D/123", "//FW021000018", "/123" -> "123", "FW021000018", "123".
std::string AccountOf(std::string_view line) {
  if (line.size() >= 3 && (line[1] == 'D' || line[1] == 'C') && line[2] == '/') {
    line.remove_prefix(3);
  }
  while (!line.empty() && line.front() == '/') line.remove_prefix(1);
  return CleanLine(line);
}

Status MtReader::ReadParty(const Field& f, const std::string& path, std::string_view role) {
  const std::string where = Where(fmt::format("field {}", f.Label()));
  const char option = f.tag.size() == 3 ? f.tag[2] : ' ';
  Party p;
  p.path = path;
  p.role = std::string(role);
  std::vector<std::string> lines;
  std::vector<bool> full;  // the raw line fills kMtLineChars: wrapped, continues below
  for (std::string_view raw : f.lines) {
    std::string line = CleanLine(raw);
    if (line.empty()) continue;
    lines.push_back(std::move(line));
    full.push_back(CharCount(raw) >= kMtLineChars);
  }
  size_t i = 0;
  if (option == 'F') {
    int last = 0;  // number of the last numbered line
    for (; i < lines.size(); ++i) {
      const std::string& line = lines[i];
      if (i == 0 && line[0] == '/') {
        p.account = AccountOf(line);
        continue;
      }
      if (i == 0 && line.size() > 5 && IsUpper(line[0]) && IsUpper(line[1]) && IsUpper(line[2]) &&
          IsUpper(line[3]) && line[4] == '/') {
        p.identifiers.push_back(fmt::format("{}:{}", line.substr(0, 4), line.substr(5)));
        continue;
      }
      if (line.size() >= 2 && line[0] >= '1' && line[0] <= '8' && line[1] == '/') {
        const int n = line[0] - '0';
        const std::string text(Trim(std::string_view(line).substr(2)));
        switch (n) {
          case 1:
            p.name += p.name.empty() ? text : " " + text;
            break;
          case 2:
            p.address_lines.push_back(text);
            break;
          case 3:
            if (last != 3 && text.size() >= 3 && IsCountryCode(text.substr(0, 2)) &&
                text[2] == '/') {
              p.country = text.substr(0, 2);
              p.address_lines.push_back(std::string(Trim(std::string_view(text).substr(3))));
            } else {
              p.address_lines.push_back(text);
            }
            break;
          case 4:
            if (text.size() == 8 && std::all_of(text.begin(), text.end(), IsDigit)) {
              p.identifiers.push_back(fmt::format("birth_date:{}-{}-{}", text.substr(0, 4),
                                                  text.substr(4, 2), text.substr(6, 2)));
            } else {
              p.identifiers.push_back("birth_date:" + text);
            }
            break;
          case 5:
            p.identifiers.push_back("birth_place:" + text);
            break;
          case 6:
            p.identifiers.push_back("customer_id:" + text);
            break;
          case 7:
            p.identifiers.push_back("national_id:" + text);
            break;
          case 8:
            if (p.identifiers.empty()) {
              p.identifiers.push_back("info:" + text);
            } else {
              p.identifiers.back() += text;
            }
            break;
        }
        last = n;
        continue;
      }
      // An unnumbered line: continues the name or the address.
      if (last == 1) {
        p.name += " " + line;
      } else {
        p.address_lines.push_back(line);
      }
    }
  } else {
    if (i < lines.size() && lines[i][0] == '/') p.account = AccountOf(lines[i++]);
    if (option == 'A') {
      if (i >= lines.size()) {
        return Fail(ErrorCode::kParse,
                    fmt::format("field {} (option A) has no BIC after the account", f.Label()),
                    where);
      }
      p.bic = AsciiUpper(lines[i++]);
      if (!IsBic(p.bic)) {
        return Fail(ErrorCode::kParse,
                    fmt::format("expected a BIC (4 letters, 2 letters country, 2 letters or "
                                "digits, optional 3-character branch), got '{}'",
                                Excerpt(p.bic)),
                    where);
      }
    } else if (option != 'B' && option != 'C' && i < lines.size()) {
      p.name = lines[i++];
      while (full[i - 1] && i < lines.size()) (p.name += ' ') += lines[i++];
    }
    for (; i < lines.size(); ++i) p.address_lines.push_back(lines[i]);
  }
  if (p.name.empty() && p.bic.empty() && p.account.empty() && p.address_lines.empty() &&
      p.identifiers.empty()) {
    return Fail(ErrorCode::kParse, fmt::format("field {} ({}) is empty", f.Label(), role), where);
  }
  FillCountry(&p);
  return AddParty(&msg_, std::move(p), where);
}

Status MtReader::ReadField(const Field& f, const std::string& path) {
  const std::string_view number = std::string_view(f.tag).substr(0, 2);
  if (f.tag == "20") {
    std::string ref;
    for (std::string_view line : f.lines) ref += CleanLine(line);
    if (ref.empty()) {
      return Bad(fmt::format("field {}", f.Label()), "field :20: (sender's reference) is empty");
    }
    if (msg_.reference.empty()) msg_.reference = std::move(ref);
    return OkStatus();
  }
  if (f.tag == "32A") return ReadAmount(f);
  if (const std::string_view role = RoleOf(number); !role.empty()) {
    return ReadParty(f, path, role);
  }
  if (f.tag == "21" || f.tag == "70" || f.tag == "72" || f.tag == "77B" || f.tag == "77T") {
    FreeText t;
    t.path = path;
    for (std::string_view line : f.lines) {
      if (!t.text.empty()) t.text += '\n';
      t.text += CleanLine(line);
    }
    return AddText(&msg_, std::move(t), Where(fmt::format("field {}", f.Label())));
  }
  return OkStatus();  // 13C, 23B, 23E, 26T, 33B, 36, 71A, 71F, 71G: nothing to screen
}

Result<Message> MtReader::Parse(std::string_view raw) {
  if (raw.size() > kMaxMessageBytes) {
    return Fail(ErrorCode::kLimit,
                fmt::format("message of {} bytes exceeds the limit of {} bytes", raw.size(),
                            kMaxMessageBytes),
                std::string(source_));
  }
  std::string_view s = TrimFraming(StripFileNoise(raw));
  if (s.empty()) return Bad("header", "empty input: expected a SWIFT FIN message");
  if (s[0] == '{') {
    if (auto st = SplitBlocks(s); !st) return tl::unexpected(st.error());
    if (!blocks_[4]) {
      return Bad("header", "expected block 4 ('{4:' ... '-}', the message text) after the headers");
    }
    if (auto st = SplitFields(*blocks_[4]); !st) return tl::unexpected(st.error());
  } else if (s[0] == ':') {
    // A bare text block: ends at a line "-" or "-}" when present.
    for (size_t p = s.find('-'); p != std::string_view::npos; p = s.find('-', p + 1)) {
      if ((p == 0 || s[p - 1] == '\n') &&
          (p + 1 == s.size() || s[p + 1] == '\r' || s[p + 1] == '\n' || s[p + 1] == '}')) {
        s = s.substr(0, p);
        break;
      }
    }
    if (auto st = SplitFields(s); !st) return tl::unexpected(st.error());
  } else {
    return Bad("header", fmt::format("expected a SWIFT FIN message starting with '{{1:' or a "
                                     "text block starting with ':20:', got '{}'",
                                     Excerpt(s)));
  }
  if (auto st = ReadHeaders(); !st) return tl::unexpected(st.error());

  const bool mt103 = msg_.type == MessageType::kMt103;
  bool sequence_b = false;
  bool has_20 = false, has_21 = false, has_32a = false, has_50 = false, has_58 = false,
       has_59 = false;
  for (const Field& f : fields_) {
    const std::string_view number = std::string_view(f.tag).substr(0, 2);
    if (mt103 ? !Contains(kMt103Tags, f.tag) : !Contains(kMt202Tags, f.tag)) {
      return Bad(fmt::format("field {}", f.Label()),
                 fmt::format("unknown field {} for {} (not in the {} field list)", f.Label(), root_,
                             mt103 ? "MT103" : "MT202 / MT202 COV"));
    }
    if (!mt103 && !sequence_b &&
        (number == "50" || number == "59" || number == "70" || number == "33")) {
      sequence_b = true;
    }
    has_20 = has_20 || f.tag == "20";
    has_21 = has_21 || f.tag == "21";
    has_32a = has_32a || f.tag == "32A";
    has_50 = has_50 || number == "50";
    has_58 = has_58 || number == "58";
    has_59 = has_59 || number == "59";
    const std::string path = fmt::format("{}{}/{}", root_, sequence_b ? "/B" : "", f.Label());
    if (auto st = ReadField(f, path); !st) return tl::unexpected(st.error());
  }
  const auto missing = [&](std::string_view tags, std::string_view what) {
    return Bad("block 4", fmt::format("expected {} ({}) in block 4", tags, what));
  };
  if (!has_20) return missing("':20:'", "sender's reference");
  if (!has_32a) return missing("':32A:'", "value date, currency and amount");
  if (mt103) {
    if (!has_50) return missing("':50A:', ':50F:' or ':50K:'", "ordering customer");
    if (!has_59) return missing("':59:', ':59A:' or ':59F:'", "beneficiary customer");
  } else {
    if (!has_21) return missing("':21:'", "related reference");
    if (!has_58) return missing("':58A:' or ':58D:'", "beneficiary institution");
  }
  return std::move(msg_);
}

}  // namespace

Result<Message> ParseMt(std::string_view raw, std::string_view source_name) {
  return MtReader(source_name).Parse(raw);
}

}  // namespace embargo::payment
