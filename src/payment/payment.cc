// Message kinds and the file reader that tells them apart. A file is ISO 20022 when its
// first byte after a BOM and white space is '<' (or it starts with a UTF-16 BOM, which
// only XML uses here); otherwise it is SWIFT FIN, cut into messages:
//   1. at lines holding only "$" (the RJE batch separator some banks use),
//   2. within each part, before every "{1:" (a basic header opens each message),
//   3. a part without headers (bare text blocks) at lines holding only "-".
// MT readers live in mt.cc, ISO 20022 in iso20022.cc.
#include "payment/payment.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "payment/util.h"

namespace embargo::payment {
namespace {

bool IsBlank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\x01' && c != '\x03') return false;
  return true;
}

// Calls f(part) for the parts of `s` between lines whose trimmed content equals `mark`
// (those lines dropped), in order, until f returns false.
template <typename F>
void ForEachPart(std::string_view s, std::string_view mark, F&& f) {
  size_t part_start = 0, pos = 0;
  while (true) {
    size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) nl = s.size();
    if (Trim(s.substr(pos, nl - pos)) == mark) {
      if (!f(s.substr(part_start, pos - part_start))) return;
      part_start = std::min(nl + 1, s.size());
    }
    if (nl == s.size()) break;
    pos = nl + 1;
  }
  f(s.substr(part_start));
}

// Cuts a FIN file into messages, in order; blank pieces are dropped. Stops after
// `limit` + 1 pieces, so a hostile file cannot make the list itself huge.
std::vector<std::string_view> SplitFin(std::string_view data, size_t limit) {
  std::vector<std::string_view> out;
  const auto add = [&](std::string_view piece) {
    if (!IsBlank(piece)) out.push_back(piece);
    return out.size() <= limit;
  };
  ForEachPart(data, "$", [&](std::string_view part) {
    if (IsBlank(part)) return true;
    const size_t first = part.find("{1:");
    if (first == std::string_view::npos) {
      if (Trim(part).substr(0, 1) != ":") return add(part);
      bool more = true;
      ForEachPart(part, "-", [&](std::string_view piece) { return more = add(piece); });
      return more;
    }
    if (!add(part.substr(0, first))) return false;
    for (size_t at = first; at != std::string_view::npos;) {
      const size_t next = part.find("{1:", at + 3);
      if (!add(part.substr(at, next == std::string_view::npos ? next : next - at))) return false;
      at = next;
    }
    return true;
  });
  return out;
}

}  // namespace

std::string_view MessageTypeName(MessageType type) {
  switch (type) {
    case MessageType::kMt103:
      return "MT103";
    case MessageType::kMt202:
      return "MT202";
    case MessageType::kPacs008:
      return "pacs.008";
    case MessageType::kPain001:
      return "pain.001";
  }
  return "unknown";
}

Result<std::vector<Result<Message>>> ParseMessageBatch(std::string_view data,
                                                       std::string_view source_name) {
  if (data.size() > kMaxFileBytes) {
    return Fail(ErrorCode::kLimit,
                fmt::format("file of {} bytes exceeds the limit of {} bytes; split it", data.size(),
                            kMaxFileBytes),
                std::string(source_name));
  }
  std::vector<Result<Message>> out;
  const bool utf16 = data.substr(0, 2) == "\xFF\xFE" || data.substr(0, 2) == "\xFE\xFF";
  const std::string_view text = Trim(StripFileNoise(data));
  if (utf16 || text.substr(0, 1) == "<") {
    out.push_back(ParseIso20022(data, source_name));
    return out;
  }
  if (IsBlank(text)) {
    return Fail(ErrorCode::kParse, "empty input: no payment message", std::string(source_name));
  }
  if (text.find("{1:") == std::string_view::npos && text[0] != '{' && text[0] != ':' &&
      text[0] != '\x01') {
    return Fail(ErrorCode::kParse,
                fmt::format("not a payment message: expected ISO 20022 XML ('<') or SWIFT FIN "
                            "('{{1:' or ':20:'), got '{}'",
                            Excerpt(text)),
                std::string(source_name));
  }
  const std::vector<std::string_view> pieces = SplitFin(text, kMaxMessages);
  if (pieces.size() > kMaxMessages) {
    return Fail(ErrorCode::kLimit,
                fmt::format("more than {} messages in one file; split it", kMaxMessages),
                std::string(source_name));
  }
  if (pieces.empty()) {
    return Fail(ErrorCode::kParse, "no payment message found", std::string(source_name));
  }
  out.reserve(pieces.size());
  for (std::string_view piece : pieces)
    out.push_back(ParseMt(piece, fmt::format("{} message {}", source_name, out.size() + 1)));
  return out;
}

Result<std::vector<Message>> ParseMessages(std::string_view data, std::string_view source_name) {
  auto batch = ParseMessageBatch(data, source_name);
  if (!batch) return tl::unexpected(std::move(batch.error()));
  std::vector<Message> out;
  out.reserve(batch->size());
  for (auto& m : *batch) {
    if (!m) return tl::unexpected(std::move(m.error()));
    out.push_back(std::move(*m));
  }
  return out;
}

}  // namespace embargo::payment
