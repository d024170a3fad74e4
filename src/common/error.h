// Error values for every boundary of embargo: parsing a list file, reading a file,
// downloading, answering a query. Nothing in embargo throws across a module boundary;
// functions that can fail on user input return Result<T> or Status.
//
// An Error says what went wrong in words a user can act on (`message`) and where
// (`where`, e.g. "sdn.csv:1042 field 'Remarks'"). Codes are coarse classes; only
// server/ maps them to HTTP statuses.
//
// Thread-safety: plain values, safe to copy between threads.
#ifndef EMBARGO_COMMON_ERROR_H_
#define EMBARGO_COMMON_ERROR_H_

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace embargo {

enum class ErrorCode {
  kInvalidArgument,  // the caller passed something unusable (bad flag, bad query)
  kParse,            // input data did not follow its format
  kIo,               // the operating system refused (open, read, write, rename)
  kNotFound,         // a file, entity or dataset does not exist
  kLimit,            // a configured size or count limit was exceeded
  kNetwork,          // a download failed (connection, HTTP status, truncated body)
  kCorrupt,          // stored data failed an integrity check (checksum, hash chain)
  kInternal,         // a bug in embargo; the message says what invariant broke
};

// Short lower-case name of a code, e.g. "parse".
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // what was expected and what was found
  std::string where;    // "file:line field 'X'", a URL, an entity id; may be empty

  // "where: message" (or just "message" when where is empty).
  std::string ToString() const;
};

inline Error MakeError(ErrorCode code, std::string message, std::string where = {}) {
  return Error{code, std::move(message), std::move(where)};
}

template <typename T>
using Result = tl::expected<T, Error>;

// Status is a Result with no value: ok() or an Error.
using Status = tl::expected<void, Error>;

inline Status OkStatus() { return {}; }
inline tl::unexpected<Error> Fail(ErrorCode code, std::string message, std::string where = {}) {
  return tl::unexpected<Error>(MakeError(code, std::move(message), std::move(where)));
}
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace embargo

#endif  // EMBARGO_COMMON_ERROR_H_
