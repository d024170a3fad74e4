// The version store (layout in history.h). Adding a version:
//   1. take <history>/lock (flock, blocking: adding is short);
//   2. read manifest.json (a damaged one is an error, never silently replaced: it is the
//      only record of which object belongs to which day);
//   3. stream each file into objects/.part.<pid>.<n> while hashing it (sha256), fsync,
//      rename to objects/<sha256> unless that object exists already (deduplication);
//   4. build versions/<id>/ from relative symlinks ../../objects/<sha256>;
//   5. append the version and replace manifest.json atomically, then fsync the folder.
// Reading takes no lock: the manifest is only ever replaced whole. Loading a version
// re-hashes its objects first, so a damaged store is reported, not screened against.
#include "history/history.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_set>

#include "common/file.h"

namespace embargo::history {
namespace fs = std::filesystem;
namespace {

// Limits, so a hostile or damaged manifest costs little.
constexpr uint64_t kMaxManifestBytes = 64ull << 20;
constexpr size_t kMaxListName = 100;
constexpr size_t kMaxFileName = 255;

std::string ManifestPath(const std::string& data_dir) {
  return HistoryDir(data_dir) + "/manifest.json";
}
std::string ObjectPath(const std::string& data_dir, const std::string& sha) {
  return HistoryDir(data_dir) + "/objects/" + sha;
}
std::string ViewDir(const std::string& data_dir, uint64_t id) {
  return HistoryDir(data_dir) + "/versions/" + std::to_string(id);
}

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

std::string NowIso(const Clock& clock) {
  auto t = std::chrono::system_clock::to_time_t(clock ? clock() : std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

void FsyncDir(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

struct EvpFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

// Reads `in` to its end, feeding the sha256 and, when out >= 0, a copy to `out`.
Result<std::pair<std::string, uint64_t>> HashStream(int in, int out, const std::string& where) {
  std::unique_ptr<EVP_MD_CTX, EvpFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    return Fail(ErrorCode::kInternal, "sha256 unavailable", where);
  std::vector<char> buf(1 << 20);
  uint64_t total = 0;
  for (;;) {
    ssize_t n = ::read(in, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(ErrorCode::kIo, Errno("read failed"), where);
    if (n == 0) break;
    EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(n));
    total += static_cast<uint64_t>(n);
    for (ssize_t done = 0; out >= 0 && done < n;) {
      ssize_t w = ::write(out, buf.data() + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return Fail(ErrorCode::kIo, Errno("write failed"), where);
      done += w;
    }
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    hex.push_back(kHex[md[i] >> 4]);
    hex.push_back(kHex[md[i] & 15]);
  }
  return std::make_pair(hex, total);
}

Result<std::string> Sha256Of(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Fail(ErrorCode::kIo, Errno("cannot open"), path);
  auto h = HashStream(fd.get(), -1, path);
  if (!h) return Fail(h.error());
  return h->first;
}

// Copies `path` into the object store; returns the stored file (records left 0).
Result<StoredFile> StoreObject(const std::string& data_dir, const std::string& path,
                               const std::string& name, int n) {
  Fd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return Fail(ErrorCode::kIo, Errno("cannot open"), path);
  std::string objects = HistoryDir(data_dir) + "/objects";
  std::string tmp = objects + "/.part." + std::to_string(::getpid()) + "." + std::to_string(n);
  Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0444));
  if (out.get() < 0) return Fail(ErrorCode::kIo, Errno("cannot create"), tmp);
  auto h = HashStream(in.get(), out.get(), path);
  if (h && ::fsync(out.get()) != 0) h = Fail(ErrorCode::kIo, Errno("fsync failed"), tmp);
  ::close(out.release());
  if (!h) {
    ::unlink(tmp.c_str());
    return Fail(h.error());
  }
  StoredFile f{name, h->first, h->second, 0};
  std::string target = ObjectPath(data_dir, f.sha256);
  std::error_code ec;
  if (fs::is_regular_file(target, ec) && fs::file_size(target, ec) == f.bytes) {
    ::unlink(tmp.c_str());  // same bytes stored already
  } else if (::rename(tmp.c_str(), target.c_str()) != 0) {
    Error e = MakeError(ErrorCode::kIo, Errno("rename failed"), target);
    ::unlink(tmp.c_str());
    return Fail(e);
  }
  return f;
}

// Holds an exclusive flock on <history>/lock while alive.
class StoreLock {
 public:
  Status Acquire(const std::string& path) {
    fd_ = Fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)).release();
    if (fd_ < 0) return Fail(ErrorCode::kIo, Errno("cannot open lock file"), path);
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) return Fail(ErrorCode::kIo, Errno("flock failed"), path);
    }
    return OkStatus();
  }
  ~StoreLock() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  int fd_ = -1;
};

bool ValidListName(std::string_view s) {
  if (s.empty() || s.size() > kMaxListName || s.front() == '/' || s.back() == '/' ||
      s.front() == '.' || s.find("..") != std::string_view::npos ||
      s.find("//") != std::string_view::npos)
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '/' ||
           c == '.';
  });
}

bool ValidFileName(std::string_view s) {
  return !s.empty() && s.size() <= kMaxFileName && s.front() != '.' &&
         s.find('/') == std::string_view::npos && s.find('\0') == std::string_view::npos;
}

Result<std::vector<Version>> ParseManifest(std::string_view text, const std::string& where) {
  auto corrupt = [&](const std::string& what) {
    return Fail(ErrorCode::kCorrupt,
                "history manifest is damaged (" + what +
                    "); restore it from a backup or move it away to start a new history",
                where);
  };
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return corrupt("not a JSON object");
  if (j.value("format", 0) != 1) return corrupt("unknown format, expected 1");
  auto vs = j.find("versions");
  if (vs == j.end() || !vs->is_array()) return corrupt("no \"versions\" array");
  std::vector<Version> out;
  std::set<uint64_t> ids;
  try {
    for (const auto& e : *vs) {
      Version v;
      v.id = e.at("id").get<uint64_t>();
      v.list = e.at("list").get<std::string>();
      v.effective_date = e.at("effective_date").get<std::string>();
      v.recorded_at = e.value("recorded_at", "");
      v.origin = e.value("origin", "");
      for (const auto& f : e.at("files")) {
        StoredFile sf{f.at("name").get<std::string>(), f.at("sha256").get<std::string>(),
                      f.value("bytes", uint64_t{0}), f.value("records", uint64_t{0})};
        if (!ValidFileName(sf.name) || sf.sha256.size() != 64 ||
            sf.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
          return corrupt("bad file entry in version " + std::to_string(v.id));
        v.files.push_back(std::move(sf));
      }
      if (v.id == 0 || !ids.insert(v.id).second || !ValidListName(v.list) ||
          !IsIsoDay(v.effective_date) || v.files.empty())
        return corrupt("bad version entry " + std::to_string(v.id));
      out.push_back(std::move(v));
    }
  } catch (const nlohmann::json::exception& e) {
    return corrupt(e.what());
  }
  return out;
}

Result<std::vector<Version>> ReadManifest(const std::string& data_dir) {
  std::string path = ManifestPath(data_dir);
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::vector<Version>{};
  auto text = ReadFile(path, kMaxManifestBytes);
  if (!text) return Fail(text.error());
  return ParseManifest(*text, path);
}

Status WriteManifest(const std::string& data_dir, const std::vector<Version>& versions) {
  nlohmann::json vs = nlohmann::json::array();
  for (const auto& v : versions) vs.push_back(VersionToJson(v));
  nlohmann::json j = {{"format", 1}, {"versions", vs}};
  if (Status s = WriteFileAtomic(ManifestPath(data_dir), j.dump(1) + "\n"); !s) return s;
  FsyncDir(HistoryDir(data_dir));
  return OkStatus();
}

// (Re)creates versions/<id>/ as links to the objects; idempotent.
Status BuildView(const std::string& data_dir, const Version& v) {
  std::string dir = ViewDir(data_dir, v.id);
  std::error_code ec;
  bool ok = fs::is_directory(dir, ec);
  for (const auto& f : v.files) {
    if (!ok) break;
    fs::path link = fs::path(dir) / f.name;
    ok = fs::is_symlink(link, ec) && fs::read_symlink(link, ec) == "../../objects/" + f.sha256;
  }
  if (ok && std::distance(fs::directory_iterator(dir, ec), fs::directory_iterator()) ==
                static_cast<std::ptrdiff_t>(v.files.size()))
    return OkStatus();
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create folder: " + ec.message(), dir);
  for (const auto& f : v.files) {
    fs::create_symlink("../../objects/" + f.sha256, fs::path(dir) / f.name, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot create link: " + ec.message(), dir + "/" + f.name);
  }
  return OkStatus();
}

bool Before(const Version& a, const Version& b) {
  if (a.list != b.list) return a.list < b.list;
  if (a.effective_date != b.effective_date) return a.effective_date < b.effective_date;
  return a.id < b.id;
}

// A text list that stops in the middle of its last line was cut off (a partial download
// or copy): the parsers would read the complete lines and skip one record, well under the
// 1% a list may have malformed, so this is checked here.
Status CheckComplete(const std::string& path, const std::string& name) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Fail(ErrorCode::kIo, Errno("cannot open"), path);
  std::string head(4096, '\0');
  ssize_t got = ::pread(fd.get(), head.data(), head.size(), 0);
  head.resize(got > 0 ? static_cast<size_t>(got) : 0);
  using F = ingest::FileFormat;
  F format = ingest::DetectFormat(name, head);
  std::string_view expect;
  if (format == F::kOfacSdn || format == F::kOfacCons || format == F::kOfacSidecar ||
      format == F::kCslCsv || format == F::kDplTsv) {
    expect = "\n";
  } else if (format == F::kFtmLines || format == F::kFtmNested) {
    expect = "}";
  } else if (format == F::kUnXml || format == F::kSemaXml) {
    expect = ">";
  } else {
    return OkStatus();
  }
  off_t size = ::lseek(fd.get(), 0, SEEK_END);
  char tail[64];
  off_t from = std::max<off_t>(0, size - static_cast<off_t>(sizeof(tail)));
  ssize_t n = ::pread(fd.get(), tail, static_cast<size_t>(size - from), from);
  if (n < 0) return Fail(ErrorCode::kIo, Errno("read failed"), path);
  std::string_view t(tail, static_cast<size_t>(n));
  // OFAC ends its files with an MS-DOS end-of-file byte (0x1A); ignore it and blanks.
  auto strip = expect == "\n" ? std::string_view("\x1a \t") : std::string_view("\x1a \t\r\n");
  while (!t.empty() && strip.find(t.back()) != std::string_view::npos) t.remove_suffix(1);
  if (t.empty() || expect.find(t.back()) == std::string_view::npos) {
    return Fail(ErrorCode::kParse,
                "the file ends in the middle of a record: it looks truncated (an interrupted "
                "download or copy); fetch it again",
                path);
  }
  return OkStatus();
}

}  // namespace

nlohmann::json VersionToJson(const Version& v) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : v.files)
    files.push_back(
        {{"name", f.name}, {"sha256", f.sha256}, {"bytes", f.bytes}, {"records", f.records}});
  return {{"id", v.id},
          {"list", v.list},
          {"effective_date", v.effective_date},
          {"recorded_at", v.recorded_at},
          {"origin", v.origin},
          {"files", files}};
}

std::string HistoryDir(const std::string& data_dir) { return data_dir + "/.embargo/history"; }

bool IsIsoDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  auto num = [&](size_t at, size_t len, int* out) {
    auto r = std::from_chars(s.data() + at, s.data() + at + len, *out);
    return r.ec == std::errc() && r.ptr == s.data() + at + len;
  };
  if (!num(0, 4, &y) || !num(5, 2, &m) || !num(8, 2, &d) || y < 1900) return false;
  return std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m),
                                     std::chrono::day(d))
      .ok();
}

Result<std::vector<Version>> ListVersions(const std::string& data_dir, std::string_view list) {
  auto all = ReadManifest(data_dir);
  if (!all) return all;
  std::vector<Version> out;
  for (auto& v : *all)
    if (list.empty() || v.list == list) out.push_back(std::move(v));
  std::sort(out.begin(), out.end(), Before);
  return out;
}

Result<Version> AddVersion(const std::string& data_dir, std::string_view list,
                           std::string_view effective_date, std::string_view origin,
                           const std::vector<NewFile>& files, const Clock& clock) {
  if (!ValidListName(list))
    return Fail(ErrorCode::kInvalidArgument,
                "a list name is letters, digits, '_', '-', '.' and '/' (e.g. ofac, un, "
                "opensanctions/eu_fsf), got '" +
                    std::string(list) + "'");
  if (!IsIsoDay(effective_date))
    return Fail(ErrorCode::kInvalidArgument, "expected the effective date as YYYY-MM-DD, got '" +
                                                 std::string(effective_date) + "'");
  if (files.empty()) return Fail(ErrorCode::kInvalidArgument, "a version needs at least one file");
  std::set<std::string> names;
  for (const auto& f : files) {
    std::string name = f.name.empty() ? std::string(BaseName(f.path)) : f.name;
    if (!ValidFileName(name))
      return Fail(ErrorCode::kInvalidArgument, "not a usable file name: '" + name + "'", f.path);
    if (!names.insert(name).second)
      return Fail(ErrorCode::kInvalidArgument,
                  "two files named '" + name +
                      "' in one version: a version holds one list's "
                      "files side by side",
                  f.path);
  }
  std::string dir = HistoryDir(data_dir);
  std::error_code ec;
  fs::create_directories(dir + "/objects", ec);
  if (!ec) fs::create_directories(dir + "/versions", ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create folder: " + ec.message(), dir);
  StoreLock lock;
  if (Status s = lock.Acquire(dir + "/lock"); !s) return Fail(s.error());
  auto versions = ReadManifest(data_dir);
  if (!versions) return Fail(versions.error());

  Version v;
  v.list = list;
  v.effective_date = effective_date;
  v.origin = origin;
  v.recorded_at = NowIso(clock);
  int n = 0;
  for (const auto& f : files) {
    std::string name = f.name.empty() ? std::string(BaseName(f.path)) : f.name;
    if (!f.sha256.empty()) {  // stored already: no second copy
      std::string known = ObjectPath(data_dir, f.sha256);
      if (fs::is_regular_file(known, ec) && fs::is_regular_file(f.path, ec) &&
          fs::file_size(known, ec) == fs::file_size(f.path, ec)) {
        v.files.push_back({name, f.sha256, fs::file_size(known, ec), f.records});
        continue;
      }
    }
    auto stored = StoreObject(data_dir, f.path, name, n++);
    if (!stored) return Fail(stored.error());
    stored->records = f.records;
    v.files.push_back(std::move(*stored));
  }
  FsyncDir(dir + "/objects");
  auto key = [](const Version& x) {
    std::set<std::pair<std::string, std::string>> k;
    for (const auto& f : x.files) k.emplace(f.name, f.sha256);
    return k;
  };
  for (const auto& old : *versions) {
    if (old.list == v.list && old.effective_date == v.effective_date && key(old) == key(v))
      return old;  // the same import again
  }
  for (const auto& old : *versions) v.id = std::max(v.id, old.id);
  ++v.id;
  if (Status s = BuildView(data_dir, v); !s) return Fail(s.error());
  versions->push_back(v);
  if (Status s = WriteManifest(data_dir, *versions); !s) return Fail(s.error());
  return v;
}

Result<Version> Import(const std::string& data_dir, std::string_view list,
                       std::string_view effective_date, const std::vector<std::string>& files,
                       const Clock& clock) {
  std::vector<NewFile> checked;
  bool has_main = false;
  for (const auto& path : files) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
      return Fail(ErrorCode::kNotFound, "no such file (nothing was imported)", path);
    std::string name(BaseName(path));
    auto records = ingest::ValidateListFile(path, name);
    if (!records) {
      Error e = records.error();
      e.message += " (nothing was imported; the previous version stays in force)";
      if (e.where.empty() || e.where == name) e.where = path;
      return Fail(e);
    }
    if (Status s = CheckComplete(path, name); !s) {
      Error e = s.error();
      e.message += " (nothing was imported; the previous version stays in force)";
      return Fail(e);
    }
    has_main |= ingest::DetectFileFormat(path) != ingest::FileFormat::kOfacSidecar;
    checked.push_back({path, name, *records, /*sha256=*/{}});
  }
  if (!files.empty() && !has_main)
    return Fail(ErrorCode::kInvalidArgument,
                "OFAC alt/add/comments files only add to sdn.csv or cons_prim.csv: import them "
                "together with it");
  return AddVersion(data_dir, list, effective_date, "import", checked, clock);
}

Result<ingest::LoadedLists> LoadVersion(const std::string& data_dir, const Version& version,
                                        const ingest::LoadOptions& options) {
  for (const auto& f : version.files) {
    std::string object = ObjectPath(data_dir, f.sha256);
    std::string what = "stored file " + f.name + " of version " + std::to_string(version.id) +
                       " (" + version.list + " " + version.effective_date + ")";
    std::error_code ec;
    if (!fs::is_regular_file(object, ec))
      return Fail(ErrorCode::kCorrupt, what + " is missing: the history store is damaged", object);
    auto sha = Sha256Of(object);
    if (!sha) return Fail(sha.error());
    if (*sha != f.sha256)
      return Fail(ErrorCode::kCorrupt,
                  what + " no longer matches its sha256: the history store is damaged", object);
  }
  if (Status s = BuildView(data_dir, version); !s) return Fail(s.error());
  auto lists = ingest::LoadDataDir(ViewDir(data_dir, version.id), options);
  if (!lists) return lists;
  for (auto& d : lists->datasets) d.version = version.effective_date;
  return lists;
}

Result<std::vector<Version>> VersionsAsOf(const std::string& data_dir, std::string_view date) {
  if (!IsIsoDay(date))
    return Fail(ErrorCode::kInvalidArgument,
                "expected a day YYYY-MM-DD, got '" + std::string(date) + "'");
  auto all = ListVersions(data_dir);
  if (!all) return all;
  if (all->empty())
    return Fail(ErrorCode::kNotFound,
                "no list versions recorded: run `embargo update` or `embargo history import`",
                HistoryDir(data_dir));
  std::vector<Version> out;
  const Version* oldest = &all->front();
  for (const auto& v : *all) {  // sorted by list, then date, then id
    if (v.effective_date < oldest->effective_date) oldest = &v;
    if (v.effective_date > date) continue;
    if (!out.empty() && out.back().list == v.list)
      out.back() = v;
    else
      out.push_back(v);
  }
  if (out.empty())
    return Fail(ErrorCode::kNotFound, "no list version on or before " + std::string(date) +
                                          ": the oldest is " + oldest->list + " of " +
                                          oldest->effective_date + " (version " +
                                          std::to_string(oldest->id) + ")");
  return out;
}

Result<ingest::LoadedLists> LoadAsOf(const std::string& data_dir, std::string_view date,
                                     const ingest::LoadOptions& options) {
  auto versions = VersionsAsOf(data_dir, date);
  if (!versions) return Fail(versions.error());
  ingest::LoadedLists out;
  std::unordered_set<std::string> seen;
  for (const auto& v : *versions) {
    auto one = LoadVersion(data_dir, v, options);
    if (!one) return one;
    for (auto& e : one->entities) {
      if (options.drop_duplicate_ids && !seen.insert(e.id).second) continue;
      out.entities.push_back(std::move(e));
    }
    for (auto& d : one->datasets) out.datasets.push_back(std::move(d));
    for (auto& r : one->reports) out.reports.push_back(std::move(r));
    for (auto& f : one->ignored_files) out.ignored_files.push_back(std::move(f));
  }
  return out;
}

Result<Version> FindVersion(const std::vector<Version>& versions, std::string_view list,
                            std::string_view spec) {
  bool digits = !spec.empty() && spec.size() <= 18 &&
                spec.find_first_not_of("0123456789") == std::string_view::npos;
  if (digits) {
    uint64_t id = std::stoull(std::string(spec));
    for (const auto& v : versions) {
      if (v.id != id) continue;
      if (!list.empty() && v.list != list)
        return Fail(ErrorCode::kInvalidArgument, "version " + std::string(spec) + " is of list '" +
                                                     v.list + "', not '" + std::string(list) + "'");
      return v;
    }
    return Fail(ErrorCode::kNotFound,
                "no version " + std::string(spec) + " (`embargo history` lists them)");
  }
  if (!IsIsoDay(spec))
    return Fail(ErrorCode::kInvalidArgument,
                "expected a version id (see `embargo history`) or a day YYYY-MM-DD, got '" +
                    std::string(spec) + "'");
  std::set<std::string> lists;
  for (const auto& v : versions) lists.insert(v.list);
  std::string which(list);
  if (which.empty()) {
    if (lists.size() != 1) {
      std::string names;
      for (const auto& l : lists) names += (names.empty() ? "" : ", ") + l;
      return Fail(ErrorCode::kInvalidArgument,
                  "a day names a version only within one list: pass --list (the store holds " +
                      (names.empty() ? std::string("none") : names) + ")");
    }
    which = *lists.begin();
  }
  const Version* found = nullptr;
  const Version* oldest = nullptr;
  for (const auto& v : versions) {
    if (v.list != which) continue;
    if (!oldest || Before(v, *oldest)) oldest = &v;
    if (v.effective_date <= spec && (!found || Before(*found, v))) found = &v;
  }
  if (!oldest) return Fail(ErrorCode::kNotFound, "no version of list '" + which + "' is recorded");
  if (!found)
    return Fail(ErrorCode::kNotFound, "no version of list '" + which + "' on or before " +
                                          std::string(spec) + ": the oldest is of " +
                                          oldest->effective_date);
  return *found;
}

}  // namespace embargo::history
