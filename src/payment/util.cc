// Text clean-up and identifier checks shared by the payment readers. IBAN check sum as
// in ISO 13616-1: move the first four characters to the end, letters become 10..35, and
// the number modulo 97 must be 1 (computed digit by digit, so any length fits).
#include "payment/util.h"

#include <fmt/format.h>

#include "common/utf8.h"

namespace embargo::payment {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperAlnum(char c) { return IsUpper(c) || IsDigit(c); }

}  // namespace

std::string CleanLine(std::string_view s) {
  const std::string utf8 = ToUtf8(s);
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else if (c == 0xC2 && i + 1 < utf8.size() &&
               static_cast<unsigned char>(utf8[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(utf8[i + 1]) <= 0xA0) {
      out += ' ';  // U+0080..U+009F (C1 controls) and U+00A0 (no-break space)
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return CollapseSpaces(out);
}

std::string Excerpt(std::string_view s) {
  constexpr size_t kMax = 40;
  if (s.size() <= kMax) return CleanLine(s);
  size_t cut = kMax;  // do not cut a UTF-8 sequence in two
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return CleanLine(s.substr(0, cut)) + "...";
}

bool IsBic(std::string_view s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (size_t i = 0; i < 6; ++i)
    if (!IsUpper(s[i])) return false;
  for (size_t i = 6; i < s.size(); ++i)
    if (!IsUpperAlnum(s[i])) return false;
  return true;
}

bool IsCountryCode(std::string_view s) { return s.size() == 2 && IsUpper(s[0]) && IsUpper(s[1]); }

std::string IbanCountry(std::string_view account) {
  std::string iban;
  for (char c : account) {
    if (c == ' ') continue;
    if (!IsUpperAlnum(c) || iban.size() >= 34) return {};
    iban += c;
  }
  if (iban.size() < 15 || !IsCountryCode(iban.substr(0, 2)) || !IsDigit(iban[2]) ||
      !IsDigit(iban[3])) {
    return {};
  }
  const std::string rotated = iban.substr(4) + iban.substr(0, 4);
  unsigned remainder = 0;
  for (char c : rotated) {
    if (IsDigit(c)) {
      remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
    } else {
      remainder = (remainder * 100 + static_cast<unsigned>(c - 'A' + 10)) % 97;
    }
  }
  return remainder == 1 ? iban.substr(0, 2) : std::string();
}

void FillCountry(Party* party) {
  if (!party->country.empty()) return;
  if (IsBic(party->bic)) {
    party->country = party->bic.substr(4, 2);
  } else {
    party->country = IbanCountry(party->account);
  }
}

Status AddParty(Message* message, Party party, const std::string& where) {
  if (message->parties.size() >= kMaxItems) {
    return Fail(ErrorCode::kLimit,
                fmt::format("more than {} parties in one message; split the message", kMaxItems),
                where);
  }
  if (!party.bic.empty()) message->bics.emplace_back(party.path, party.bic);
  message->parties.push_back(std::move(party));
  return OkStatus();
}

Status AddText(Message* message, FreeText text, const std::string& where) {
  if (text.text.empty()) return OkStatus();
  if (message->texts.size() >= kMaxItems) {
    return Fail(ErrorCode::kLimit,
                fmt::format("more than {} free texts in one message; split the message", kMaxItems),
                where);
  }
  message->texts.push_back(std::move(text));
  return OkStatus();
}

}  // namespace embargo::payment
