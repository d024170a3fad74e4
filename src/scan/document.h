// Documents to scan: plain text, HTML and PDF turned into UTF-8 text the Scanner reads,
// with a map from every byte of that text back to the source, so hits point into the
// file the user gave (HTML) or into the text extracted page by page (PDF).
//
// Called by the CLI (`embargo scan`) and the server's /scan.
//
// Thread-safety: pure functions.
#ifndef EMBARGO_SCAN_DOCUMENT_H_
#define EMBARGO_SCAN_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace embargo::scan {

enum class DocumentFormat { kText, kHtml, kPdf };
std::string_view DocumentFormatName(DocumentFormat f);  // "text", "html", "pdf"

// Largest document accepted, in bytes.
inline constexpr size_t kMaxDocumentBytes = 256u << 20;

// Guesses the format from the name's extension, then from the first bytes ("%PDF-",
// "<!doctype html", "<html", a tag near the start). Default: text.
DocumentFormat DetectDocumentFormat(std::string_view name, std::string_view head);

struct Document {
  DocumentFormat format = DocumentFormat::kText;
  std::string text;  // valid UTF-8 (Latin-1/cp1252 input converted)
  // For HTML: source byte range of each byte of `text` (same size as text). Empty for
  // plain text (offsets are the source's, after conversion) and PDF (offsets are into
  // the extracted text; pages are separated by a form feed).
  std::vector<uint32_t> source_begin, source_end;
  size_t pages = 0;  // PDF only
  // PDF: byte offset in `text` where each page starts, one per page. Empty otherwise.
  std::vector<size_t> page_begin;

  // Source range of text range [begin, end).
  std::pair<size_t, size_t> SourceRange(size_t begin, size_t end) const;
  // 1-based page holding text byte `byte` (PDF); 0 for documents without pages.
  size_t PageAt(size_t byte) const;
};

// Extracts the text of `data` in `format`. Errors: kTooLarge over kMaxDocumentBytes,
// kParse for a PDF poppler cannot open (message says why: damaged, encrypted).
Result<Document> ExtractText(std::string_view data, DocumentFormat format,
                             std::string_view source_name);

// HTML to text: tags removed, script/style/comments dropped, entities decoded, block
// elements (p, div, br, li, td, h1-h6, tr, ...) end a sentence. Never fails.
Document HtmlToText(std::string_view html);

}  // namespace embargo::scan

#endif  // EMBARGO_SCAN_DOCUMENT_H_
