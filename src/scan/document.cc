// Document text extraction.
//
// HTML: a single forward pass, no tree: '<' opens a tag up to the next '>' (quoted
// attribute values may hold '>'); <script>, <style>, <noscript>, <template> and comments
// are skipped with their content; block-level tags emit a blank line so a name never
// joins across paragraphs or table cells; character references (&amp; &#8217; &#x41;
// and the common named ones) are decoded; runs of whitespace are kept as they are
// (offsets matter more than looks). Every emitted byte remembers the source range it
// came from.
// PDF: poppler-cpp, page by page, text in reading order; pages joined with "\f\n\n".
#include "scan/document.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "common/utf8.h"

namespace embargo::scan {
namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
    if (a != prefix[i]) return false;
  }
  return true;
}

bool IsBlockTag(std::string_view name) {
  static const char* kBlock[] = {"p",       "div",    "br",   "li",     "ul",         "ol",
                                 "td",      "th",     "tr",   "table",  "h1",         "h2",
                                 "h3",      "h4",     "h5",   "h6",     "section",    "article",
                                 "header",  "footer", "nav",  "aside",  "blockquote", "pre",
                                 "hr",      "dd",     "dt",   "dl",     "title",      "figcaption",
                                 "caption", "main",   "form", "option", "address",    "body"};
  for (const char* b : kBlock)
    if (name == b) return true;
  return false;
}

// A character reference's code point as UTF-8; NUL, surrogates and values beyond
// Unicode become U+FFFD.
void AppendReference(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  AppendUtf8(static_cast<char32_t>(cp), out);
}

// Decodes the character reference starting at s[0] == '&'; returns its length in the
// source (0 when it is not one).
size_t DecodeEntity(std::string_view s, std::string* out) {
  size_t semi = s.find(';');
  if (semi == std::string_view::npos || semi < 2 || semi > 12) return 0;
  std::string_view body = s.substr(1, semi - 1);
  if (body[0] == '#') {
    uint32_t cp = 0;
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      uint32_t d;
      if (c >= '0' && c <= '9')
        d = static_cast<uint32_t>(c - '0');
      else if (hex && c >= 'a' && c <= 'f')
        d = static_cast<uint32_t>(c - 'a' + 10);
      else if (hex && c >= 'A' && c <= 'F')
        d = static_cast<uint32_t>(c - 'A' + 10);
      else
        return 0;
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10FFFF) return 0;
    }
    AppendReference(cp, out);
    return semi + 1;
  }
  static const struct {
    const char* name;
    uint32_t cp;
  } kNamed[] = {{"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},
                {"apos", '\''},    {"nbsp", ' '},     {"ndash", 0x2013},  {"mdash", 0x2014},
                {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},  {"rdquo", 0x201D},
                {"laquo", 0xAB},   {"raquo", 0xBB},   {"hellip", 0x2026}, {"eacute", 0xE9},
                {"egrave", 0xE8},  {"aacute", 0xE1},  {"oacute", 0xF3},   {"iacute", 0xED},
                {"uacute", 0xFA},  {"uuml", 0xFC},    {"ouml", 0xF6},     {"auml", 0xE4},
                {"ccedil", 0xE7},  {"ntilde", 0xF1},  {"szlig", 0xDF},    {"copy", 0xA9}};
  for (const auto& e : kNamed) {
    if (body == e.name) {
      AppendReference(e.cp, out);
      return semi + 1;
    }
  }
  return 0;
}

}  // namespace

std::string_view DocumentFormatName(DocumentFormat f) {
  switch (f) {
    case DocumentFormat::kText:
      return "text";
    case DocumentFormat::kHtml:
      return "html";
    case DocumentFormat::kPdf:
      return "pdf";
  }
  return "text";
}

DocumentFormat DetectDocumentFormat(std::string_view name, std::string_view head) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() &&
           StartsWithNoCase(name.substr(name.size() - ext.size()), ext);
  };
  if (ends(".pdf")) return DocumentFormat::kPdf;
  if (ends(".html") || ends(".htm") || ends(".xhtml")) return DocumentFormat::kHtml;
  if (head.substr(0, 5) == "%PDF-") return DocumentFormat::kPdf;
  std::string_view h = StripFileNoise(head);
  while (!h.empty() && (h[0] == ' ' || h[0] == '\n' || h[0] == '\r' || h[0] == '\t'))
    h.remove_prefix(1);
  if (StartsWithNoCase(h, "<!doctype html") || StartsWithNoCase(h, "<html") ||
      StartsWithNoCase(h, "<head") || StartsWithNoCase(h, "<body"))
    return DocumentFormat::kHtml;
  return DocumentFormat::kText;
}

std::pair<size_t, size_t> Document::SourceRange(size_t begin, size_t end) const {
  if (source_begin.empty() || begin >= end || end > source_begin.size()) return {begin, end};
  return {source_begin[begin], source_end[end - 1]};
}

size_t Document::PageAt(size_t byte) const {
  return static_cast<size_t>(std::upper_bound(page_begin.begin(), page_begin.end(), byte) -
                             page_begin.begin());
}

Document HtmlToText(std::string_view html) {
  Document d;
  d.format = DocumentFormat::kHtml;
  std::string converted;
  if (!IsValidUtf8(html)) {
    converted = ToUtf8(html);  // offsets then refer to the converted text
    html = converted;
  }
  d.text.reserve(html.size());
  d.source_begin.reserve(html.size());
  d.source_end.reserve(html.size());
  auto emit = [&](std::string_view bytes, size_t src_begin, size_t src_end) {
    for (char c : bytes) {
      d.text.push_back(c);
      d.source_begin.push_back(static_cast<uint32_t>(src_begin));
      d.source_end.push_back(static_cast<uint32_t>(src_end));
    }
  };
  const size_t n = html.size();
  size_t i = 0;
  std::string tmp;
  while (i < n) {
    char c = html[i];
    if (c == '<') {
      if (html.compare(i, 4, "<!--") == 0) {
        size_t e = html.find("-->", i + 4);
        i = e == std::string_view::npos ? n : e + 3;
        continue;
      }
      // Tag name.
      size_t j = i + 1;
      bool closing = j < n && html[j] == '/';
      if (closing) ++j;
      size_t name_begin = j;
      while (j < n && (std::isalnum(static_cast<unsigned char>(html[j])) || html[j] == '-')) ++j;
      std::string name(html.substr(name_begin, j - name_begin));
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (name.empty() && !(j < n && (html[j] == '!' || html[j] == '?'))) {
        emit("<", i, i + 1);  // a lone '<' in text
        ++i;
        continue;
      }
      // End of tag, honouring quotes.
      char quote = 0;
      while (j < n) {
        char t = html[j];
        if (quote) {
          if (t == quote) quote = 0;
        } else if (t == '"' || t == '\'') {
          quote = t;
        } else if (t == '>') {
          break;
        }
        ++j;
      }
      size_t tag_end = j < n ? j + 1 : n;
      if (!closing &&
          (name == "script" || name == "style" || name == "noscript" || name == "template")) {
        std::string close = "</" + name;
        size_t k = tag_end;
        while (k < n) {
          size_t p = html.find("</", k);
          if (p == std::string_view::npos) {
            k = n;
            break;
          }
          if (StartsWithNoCase(html.substr(p), close)) {
            size_t gt = html.find('>', p);
            k = gt == std::string_view::npos ? n : gt + 1;
            break;
          }
          k = p + 2;
        }
        tag_end = k;
      }
      if (IsBlockTag(name))
        emit("\n\n", i, tag_end);
      else
        emit(" ", i, tag_end);  // inline tags separate nothing, but keep words apart
      i = tag_end;
      continue;
    }
    if (c == '&') {
      tmp.clear();
      size_t used = DecodeEntity(html.substr(i, 16), &tmp);
      if (used > 0) {
        emit(tmp, i, i + used);
        i += used;
        continue;
      }
    }
    // One UTF-8 character.
    size_t len = 1;
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0xF0)
      len = 4;
    else if (u >= 0xE0)
      len = 3;
    else if (u >= 0xC0)
      len = 2;
    len = std::min(len, n - i);
    emit(html.substr(i, len), i, i + len);
    i += len;
  }
  return d;
}

Result<Document> ExtractText(std::string_view data, DocumentFormat format,
                             std::string_view source_name) {
  if (data.size() > kMaxDocumentBytes)
    return Fail(ErrorCode::kLimit,
                "document is larger than " + std::to_string(kMaxDocumentBytes >> 20) + " MiB",
                std::string(source_name));
  switch (format) {
    case DocumentFormat::kText: {
      Document d;
      d.text = ToUtf8(StripFileNoise(data));
      return d;
    }
    case DocumentFormat::kHtml:
      return HtmlToText(StripFileNoise(data));
    case DocumentFormat::kPdf: {
      // poppler prints diagnostics to stderr by default; keep them out of our output.
      poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
      std::vector<char> bytes(data.begin(), data.end());
      std::unique_ptr<poppler::document> doc(poppler::document::load_from_data(&bytes));
      if (!doc)
        return Fail(ErrorCode::kParse, "not a readable PDF (damaged or not a PDF)",
                    std::string(source_name));
      if (doc->is_locked())
        return Fail(ErrorCode::kParse, "the PDF is encrypted; give an unlocked copy",
                    std::string(source_name));
      Document d;
      d.format = DocumentFormat::kPdf;
      const int pages = doc->pages();
      for (int p = 0; p < pages; ++p) {
        if (p > 0) d.text += "\f\n\n";
        d.page_begin.push_back(d.text.size());
        std::unique_ptr<poppler::page> page(doc->create_page(p));
        if (!page) continue;  // an empty page keeps the numbering
        auto utf8 = page->text().to_utf8();
        std::string text(utf8.begin(), utf8.end());
        if (!IsValidUtf8(text)) text = ToUtf8(text);  // per page: offsets stay right
        d.text += text;
        if (d.text.size() > kMaxDocumentBytes)
          return Fail(ErrorCode::kLimit, "extracted text is too large", std::string(source_name));
      }
      d.pages = static_cast<size_t>(pages);
      if (!IsValidUtf8(d.text)) d.text = ToUtf8(d.text);
      return d;
    }
  }
  return Fail(ErrorCode::kInternal, "unknown document format", std::string(source_name));
}

}  // namespace embargo::scan
