// Fuzzes the name text layer: NormalizeName, TransliterationVariants, Tokenize,
// ParsePersonName and PhoneticKeys on arbitrary bytes (invalid UTF-8, mixed scripts,
// combining-mark floods). Besides not crashing, checks the output contract: valid
// UTF-8, no leading, trailing or doubled spaces, no more than kMaxTokens tokens.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/utf8.h"
#include "text/name.h"
#include "text/normalize.h"
#include "text/phonetic.h"

namespace {

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void CheckNormalized(const std::string& s) {
  Check(embargo::IsValidUtf8(s));
  Check(s.empty() || (s.front() != ' ' && s.back() != ' '));
  Check(s.find("  ") == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string norm = embargo::text::NormalizeName(in);
  CheckNormalized(norm);
  auto variants = embargo::text::TransliterationVariants(in);
  Check(!variants.empty() && variants.size() <= 3 && variants[0] == norm);
  for (const auto& v : variants) CheckNormalized(v);
  auto tokens = embargo::text::Tokenize(norm);
  Check(tokens.size() <= embargo::text::kMaxTokens);
  auto person = embargo::text::ParsePersonName(in);
  Check(person.tokens.size() <= 2 * embargo::text::kMaxTokens);
  auto keys = embargo::text::PhoneticKeys(norm);
  (void)keys;
  // Tokenize must also survive input that is not NormalizeName output.
  (void)embargo::text::Tokenize(in);
  return 0;
}
