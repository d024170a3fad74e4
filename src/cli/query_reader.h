// Reading screening queries from a file, shared by `embargo match --input` and `embargo
// monitor add`: JSON lines in yente's /match query shape, or a CSV with a header
// (id,name,schema,birth_date,country,id_number; also dob, nationality). One bad line
// becomes an error item with its line number, not a stop.
//
// Thread-safety: a QueryReader is used by one thread; QueryFromFields is reentrant.
#ifndef EMBARGO_CLI_QUERY_READER_H_
#define EMBARGO_CLI_QUERY_READER_H_

#include <istream>
#include <string>
#include <vector>

#include "common/error.h"
#include "screen/screen.h"

namespace embargo::cli {

// The fields of one query as written on a command line or a CSV row.
struct QueryFields {
  std::vector<std::string> names;
  std::string schema = "LegalEntity";
  std::vector<std::string> dobs, countries, ids;
  std::string gender;
};

// Checks and converts the fields (schema name, ISO dates, country names or codes).
// Errors name the flag ("--dob", "--country", "--schema") in `where`.
Result<screen::Query> QueryFromFields(const QueryFields& fields);

class QueryReader {
 public:
  explicit QueryReader(std::istream& in) : in_(in) {}
  // Fills `out` with up to n (query or error) items and `lines` with their line numbers;
  // false at the end of input.
  bool Next(size_t n, std::vector<Result<screen::Query>>* out, std::vector<size_t>* lines);

 private:
  Result<screen::Query> FromJson(const std::string& line);
  Result<screen::Query> FromCsv(const std::string& line);

  std::istream& in_;
  size_t line_no_ = 0;
  bool csv_ = false;
  std::vector<std::string> header_;
};

}  // namespace embargo::cli

#endif  // EMBARGO_CLI_QUERY_READER_H_
