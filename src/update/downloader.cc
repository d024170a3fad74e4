// One file download, installed atomically:
//   1. mkstemp ".<name>.part.XXXXXX" in the target folder (same filesystem, so the
//      final rename is atomic);
//   2. stream the body into it, feeding each chunk to SHA-256 (OpenSSL EVP);
//   3. check the byte count against Content-Length (a truncated body is an error even
//      if the transport missed it);
//   4. fsync, close, run the validation hook on the complete temporary file;
//   5. rename over the target, fsync the folder so the rename survives a crash.
// Every early return goes through TempFile's destructor, which unlinks the temporary.
#include "update/downloader.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

namespace embargo::update {
namespace {

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// Owns a temporary file: closes and unlinks it unless Release()d.
class TempFile {
 public:
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  Status Create(const std::string& folder, const std::string& name) {
    std::string pattern = folder + "/" + TempFilePrefix(name) + "XXXXXX";
    fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd_ < 0) return Fail(ErrorCode::kIo, Errno("cannot create temporary file"), folder);
    path_ = pattern;
    ::fchmod(fd_, 0644);
    return OkStatus();
  }
  Status Write(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Fail(ErrorCode::kIo, Errno("write failed"), path_);
      data.remove_prefix(static_cast<size_t>(n));
    }
    return OkStatus();
  }
  Status SyncAndClose() {
    if (::fsync(fd_) != 0) return Fail(ErrorCode::kIo, Errno("fsync failed"), path_);
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Fail(ErrorCode::kIo, Errno("close failed"), path_);
    return OkStatus();
  }
  const std::string& path() const { return path_; }
  void Release() { path_.clear(); }

 private:
  int fd_ = -1;
  std::string path_;
};

struct EvpDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using EvpPtr = std::unique_ptr<EVP_MD_CTX, EvpDeleter>;

Result<EvpPtr> NewSha256() {
  EvpPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return Fail(ErrorCode::kInternal, "cannot initialise SHA-256");
  }
  return ctx;
}

std::string FinishHex(EVP_MD_CTX* ctx) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, digest, &len);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 15]);
  }
  return hex;
}

Status SyncFolder(const std::string& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kIo, Errno("cannot open folder"), folder);
  int rc = ::fsync(fd);
  int e = errno;
  ::close(fd);
  if (rc != 0)
    return Fail(ErrorCode::kIo, std::string("fsync failed: ") + std::strerror(e), folder);
  return OkStatus();
}

// A relative path with no empty, "." or ".." component: the catalogue may come from
// options, and a dataset name must not write outside the data folder.
bool SafeRelativePath(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view part(path.data() + start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

// The file in force matches the record, so the server may answer 304 for it.
bool CanAskConditionally(const VersionRecord& previous, const std::string& final_path) {
  if (previous.sha256.empty()) return false;
  if (previous.etag.empty() && previous.last_modified.empty()) return false;
  struct stat st;
  return ::stat(final_path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
         static_cast<uint64_t>(st.st_size) == previous.bytes;
}

}  // namespace

std::string TempFilePrefix(const std::string& file_name) { return "." + file_name + ".part."; }

Downloader::Downloader(Transport* transport, Clock clock, DownloadOptions options)
    : transport_(transport), clock_(std::move(clock)), options_(options) {}

Result<DownloadResult> Downloader::Fetch(const Source& source, const std::string& data_dir,
                                         const VersionRecord* previous, const Validator& validate) {
  const std::string& rel = source.relative_path;
  if (!SafeRelativePath(rel)) {
    return Fail(ErrorCode::kInvalidArgument, "unsafe relative path '" + rel + "'", source.url);
  }
  const std::string final_path = data_dir + "/" + rel;
  const std::filesystem::path final_fs(final_path);
  const std::string folder = final_fs.parent_path().string();
  const std::string name = final_fs.filename().string();
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create folder: " + ec.message(), folder);

  FetchRequest request;
  request.url = source.url;
  request.max_bytes = source.max_bytes;
  request.connect_timeout_seconds = options_.connect_timeout_seconds;
  request.low_speed_limit = options_.low_speed_limit;
  request.low_speed_time_seconds = options_.low_speed_time_seconds;
  request.total_timeout_seconds = options_.total_timeout_seconds;
  request.max_redirects = options_.max_redirects;
  if (options_.conditional && previous != nullptr && CanAskConditionally(*previous, final_path)) {
    request.if_none_match = previous->etag;
    request.if_modified_since = previous->last_modified;
  }

  TempFile temp;
  if (Status s = temp.Create(folder, name); !s) return Fail(s.error());
  auto sha = NewSha256();
  if (!sha) return Fail(sha.error());
  EVP_MD_CTX* ctx = sha->get();
  BodySink sink = [&](std::string_view chunk) -> Status {
    EVP_DigestUpdate(ctx, chunk.data(), chunk.size());
    return temp.Write(chunk);
  };
  auto response = transport_->Fetch(request, sink);
  if (!response) return Fail(response.error());
  const std::string now = FormatIso8601Utc(clock_());

  if (response->status == 304) {
    if (request.if_none_match.empty() && request.if_modified_since.empty()) {
      return Fail(ErrorCode::kNetwork, "server answered 304 to an unconditional request",
                  source.url);
    }
    DownloadResult result;
    result.outcome = DownloadOutcome::kUnchanged;
    result.record = *previous;
    if (!response->etag.empty()) result.record.etag = response->etag;
    if (!response->last_modified.empty()) result.record.last_modified = response->last_modified;
    result.record.checked_at = now;
    result.record.status = AttemptStatus::kUnchanged;
    result.record.message.clear();
    return result;
  }
  if (response->content_length && *response->content_length != response->body_bytes) {
    return Fail(ErrorCode::kNetwork,
                "truncated: received " + std::to_string(response->body_bytes) +
                    " bytes, Content-Length " + std::to_string(*response->content_length),
                source.url);
  }
  if (source.max_bytes != 0 && response->body_bytes > source.max_bytes) {
    return Fail(ErrorCode::kLimit,
                "body exceeds the limit of " + std::to_string(source.max_bytes) + " bytes",
                source.url);
  }
  if (Status s = temp.SyncAndClose(); !s) return Fail(s.error());
  const std::string sha256 = FinishHex(ctx);

  size_t records = 0;
  if (validate) {
    auto count = validate(temp.path());
    if (!count) {
      Error e = count.error();
      e.message = "downloaded file rejected: " + e.message;
      if (e.where.empty() || e.where == temp.path()) e.where = rel;
      return Fail(std::move(e));
    }
    records = *count;
  }

  DownloadResult result;
  VersionRecord& r = result.record;
  r.list = source.list;
  r.url = source.url;
  r.sha256 = sha256;
  r.bytes = response->body_bytes;
  r.record_count = records;
  r.etag = response->etag;
  r.last_modified = response->last_modified;
  r.checked_at = now;
  r.fetched_at = now;
  struct stat st;
  if (previous != nullptr && previous->sha256 == sha256 && ::stat(final_path.c_str(), &st) == 0 &&
      static_cast<uint64_t>(st.st_size) == previous->bytes) {
    // Same bytes as the file in force (a server without validators): keep it.
    r.fetched_at = previous->fetched_at;
    r.status = AttemptStatus::kUnchanged;
    result.outcome = DownloadOutcome::kUnchanged;
    return result;  // TempFile's destructor removes the copy
  }
  if (::rename(temp.path().c_str(), final_path.c_str()) != 0) {
    return Fail(ErrorCode::kIo, Errno("rename failed"), final_path);
  }
  temp.Release();
  if (Status s = SyncFolder(folder); !s) return Fail(s.error());
  r.status = AttemptStatus::kOk;
  result.outcome = DownloadOutcome::kUpdated;
  return result;
}

Result<std::string> Sha256OfFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kIo, Errno("cannot open"), path);
  auto sha = NewSha256();
  if (!sha) {
    ::close(fd);
    return Fail(sha.error());
  }
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Error e = MakeError(ErrorCode::kIo, Errno("read failed"), path);
      ::close(fd);
      return Fail(std::move(e));
    }
    if (n == 0) break;
    EVP_DigestUpdate(sha->get(), buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return FinishHex(sha->get());
}

}  // namespace embargo::update
