// Byte-level text helpers shared by the parsers: UTF-8 validation, Latin-1/Windows-1252
// to UTF-8 conversion, BOM and trailing 0x1A (DOS end-of-file) removal, whitespace trim.
// The official lists mix encodings (OFAC's CSVs are Windows-1252 with stray 0x1A bytes);
// everything past ingest/ is valid UTF-8.
//
// Thread-safety: stateless functions.
#ifndef EMBARGO_COMMON_UTF8_H_
#define EMBARGO_COMMON_UTF8_H_

#include <string>
#include <string_view>

namespace embargo {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Returns `s` as UTF-8: unchanged when already valid UTF-8, otherwise each byte is
// read as Windows-1252 (a superset of Latin-1 for printable characters).
std::string ToUtf8(std::string_view s);

// Removes a leading UTF-8 BOM and trailing 0x1A / NUL bytes from a whole file.
std::string_view StripFileNoise(std::string_view data);

// Removes ASCII whitespace at both ends.
std::string_view Trim(std::string_view s);

// Collapses runs of ASCII whitespace to one space and trims.
std::string CollapseSpaces(std::string_view s);

// Appends the UTF-8 encoding of code point `cp` to `out`.
void AppendUtf8(char32_t cp, std::string* out);

// ASCII-only case-insensitive comparison helpers.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
std::string AsciiLower(std::string_view s);
std::string AsciiUpper(std::string_view s);

}  // namespace embargo

#endif  // EMBARGO_COMMON_UTF8_H_
