// versions.json: reading and writing the per-file version records (format in
// version_record.h). Parsing uses nlohmann::json without exceptions escaping: the
// non-throwing parse entry point, then explicit type checks on every field, so a
// corrupt or hostile file is a kParse error, never a crash.
#include "update/version_record.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/file.h"

namespace embargo::update {
namespace {

using nlohmann::json;

constexpr int kFormat = 1;
constexpr int kMaxDepth = 16;  // the format nests 3 deep; deeper input is refused unparsed

// Deepest bracket nesting outside strings (cheap guard before building a DOM).
int NestingDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

Result<std::string> GetString(const json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return Fail(ErrorCode::kParse, std::string("expected a string for '") + key + "'", where);
  }
  const std::string& s = it->get_ref<const std::string&>();
  if (s.size() > kMaxVersionStringBytes) {
    return Fail(ErrorCode::kParse,
                std::string("'") + key + "' is longer than " +
                    std::to_string(kMaxVersionStringBytes) + " bytes",
                where);
  }
  return s;
}

Result<uint64_t> GetCount(const json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return uint64_t{0};
  if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<int64_t>() >= 0)) {
    return Fail(ErrorCode::kParse, std::string("expected a count for '") + key + "'", where);
  }
  return it->get<uint64_t>();
}

Result<VersionRecord> ParseRecord(const json& obj, const std::string& where) {
  if (!obj.is_object()) return Fail(ErrorCode::kParse, "expected an object", where);
  VersionRecord r;
  std::string status;
  struct Field {
    const char* key;
    std::string* out;
  };
  const Field fields[] = {{"list", &r.list},
                          {"url", &r.url},
                          {"fetched_at", &r.fetched_at},
                          {"sha256", &r.sha256},
                          {"etag", &r.etag},
                          {"last_modified", &r.last_modified},
                          {"checked_at", &r.checked_at},
                          {"status", &status},
                          {"message", &r.message}};
  for (const Field& f : fields) {
    auto s = GetString(obj, f.key, where);
    if (!s) return Fail(s.error());
    *f.out = std::move(*s);
  }
  auto bytes = GetCount(obj, "bytes", where);
  if (!bytes) return Fail(bytes.error());
  r.bytes = *bytes;
  auto count = GetCount(obj, "record_count", where);
  if (!count) return Fail(count.error());
  r.record_count = *count;
  if (status == "ok") {
    r.status = AttemptStatus::kOk;
  } else if (status == "unchanged") {
    r.status = AttemptStatus::kUnchanged;
  } else if (status == "failed") {
    r.status = AttemptStatus::kFailed;
  } else {
    return Fail(ErrorCode::kParse,
                "expected status ok, unchanged or failed, got '" + status.substr(0, 40) + "'",
                where);
  }
  return r;
}

}  // namespace

std::string_view AttemptStatusName(AttemptStatus status) {
  switch (status) {
    case AttemptStatus::kOk:
      return "ok";
    case AttemptStatus::kUnchanged:
      return "unchanged";
    case AttemptStatus::kFailed:
      return "failed";
  }
  return "failed";
}

Result<VersionBook> ParseVersionBook(std::string_view text) {
  const std::string where = "versions.json";
  if (text.size() > kMaxVersionFileBytes) {
    return Fail(ErrorCode::kLimit,
                "file is larger than " + std::to_string(kMaxVersionFileBytes) + " bytes", where);
  }
  if (NestingDepth(text) > kMaxDepth) {
    return Fail(ErrorCode::kParse, "nested deeper than " + std::to_string(kMaxDepth), where);
  }
  json doc = json::parse(text.begin(), text.end(), /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Fail(ErrorCode::kParse, "not valid JSON", where);
  if (!doc.is_object()) return Fail(ErrorCode::kParse, "expected a JSON object", where);
  auto format = doc.find("format");
  if (format == doc.end() || !format->is_number_integer() || format->get<int64_t>() != kFormat) {
    return Fail(ErrorCode::kParse, "expected \"format\": 1", where);
  }
  auto files = doc.find("files");
  if (files == doc.end() || !files->is_object()) {
    return Fail(ErrorCode::kParse, "expected an object \"files\"", where);
  }
  if (files->size() > kMaxVersionRecords) {
    return Fail(ErrorCode::kLimit, "more than " + std::to_string(kMaxVersionRecords) + " records",
                where);
  }
  VersionBook book;
  for (auto it = files->begin(); it != files->end(); ++it) {
    if (it.key().empty() || it.key().size() > kMaxVersionStringBytes) {
      return Fail(ErrorCode::kParse, "bad file key", where);
    }
    auto record = ParseRecord(it.value(), where + " file '" + it.key().substr(0, 200) + "'");
    if (!record) return Fail(record.error());
    book.emplace(it.key(), std::move(*record));
  }
  return book;
}

std::string SerializeVersionBook(const VersionBook& book) {
  json files = json::object();
  for (const auto& [path, r] : book) {
    files[path] = json{{"list", r.list},
                       {"url", r.url},
                       {"fetched_at", r.fetched_at},
                       {"sha256", r.sha256},
                       {"bytes", r.bytes},
                       {"record_count", r.record_count},
                       {"etag", r.etag},
                       {"last_modified", r.last_modified},
                       {"checked_at", r.checked_at},
                       {"status", std::string(AttemptStatusName(r.status))},
                       {"message", r.message}};
  }
  json doc = {{"format", kFormat}, {"files", std::move(files)}};
  // Strings come from servers and file contents; replace invalid UTF-8 instead of throwing.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string VersionBookPath(const std::string& data_dir) {
  return data_dir + "/.embargo/versions.json";
}

Result<VersionBook> LoadVersionBook(const std::string& data_dir) {
  std::string path = VersionBookPath(data_dir);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return VersionBook{};
  auto text = ReadFile(path, kMaxVersionFileBytes);
  if (!text) return Fail(text.error());
  auto book = ParseVersionBook(*text);
  if (!book) {
    Error e = book.error();
    e.where = path;
    return Fail(std::move(e));
  }
  return book;
}

Status SaveVersionBook(const std::string& data_dir, const VersionBook& book) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir + "/.embargo", ec);
  if (ec)
    return Fail(ErrorCode::kIo, "cannot create folder: " + ec.message(), data_dir + "/.embargo");
  return WriteFileAtomic(VersionBookPath(data_dir), SerializeVersionBook(book));
}

Clock SystemClock() {
  return [] { return std::chrono::system_clock::now(); };
}

std::string FormatIso8601Utc(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace embargo::update
