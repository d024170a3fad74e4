// The update run: take the data-folder lock (flock on <data>/.embargo/lock, non-blocking),
// load versions.json (a corrupt one becomes a warning and is rewritten), remove stale
// temporary files of killed runs, then fetch each source in order. After every file the
// version book is saved atomically, so a run killed halfway still leaves records that
// match the files in force. Last, each list with an updated file is added to the history
// store as one version (every file of the list in force, effective on the fetch day).
#include "update/update.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "common/file.h"
#include "history/history.h"

namespace embargo::update {
namespace {

// Holds an exclusive flock on a file while alive.
class FolderLock {
 public:
  ~FolderLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  Status Acquire(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
      return Fail(ErrorCode::kIo, std::string("cannot open: ") + std::strerror(errno), path);
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) {
        return Fail(ErrorCode::kIo, "another embargo update is running on this data folder", path);
      }
      return Fail(ErrorCode::kIo, std::string("flock failed: ") + std::strerror(errno), path);
    }
    return OkStatus();
  }

 private:
  int fd_ = -1;
};

void RemoveStaleTempFiles(const std::vector<Source>& sources, const std::string& data_dir) {
  for (const Source& source : sources) {
    std::filesystem::path target = std::filesystem::path(data_dir) / source.relative_path;
    std::string prefix = TempFilePrefix(target.filename().string());
    std::error_code ec;
    std::filesystem::directory_iterator it(target.parent_path(), ec);
    if (ec) continue;
    for (const auto& entry : it) {
      std::string name = entry.path().filename().string();
      if (name.rfind(prefix, 0) == 0) std::filesystem::remove(entry.path(), ec);
    }
  }
}

std::string HumanBytes(uint64_t bytes) {
  char buf[32];
  if (bytes >= (1u << 20)) {
    std::snprintf(buf, sizeof(buf), "%.1f MB", bytes / 1048576.0);
  } else if (bytes >= 1024) {
    std::snprintf(buf, sizeof(buf), "%.1f KB", bytes / 1024.0);
  } else {
    std::snprintf(buf, sizeof(buf), "%llu bytes", static_cast<unsigned long long>(bytes));
  }
  return buf;
}

// Each list with an updated file becomes a version of the history store holding every
// file of that list now in force (unchanged ones are deduplicated there by hash).
void RecordHistory(const std::vector<Source>& sources, const VersionBook& book,
                   UpdateReport& report, const Clock& clock, const std::string& dir) {
  std::vector<std::string> lists;
  for (const FileReport& f : report.files) {
    if (f.outcome == FileOutcome::kUpdated &&
        std::find(lists.begin(), lists.end(), f.source.list) == lists.end())
      lists.push_back(f.source.list);
  }
  std::string day = FormatIso8601Utc(clock()).substr(0, 10);
  for (const std::string& list : lists) {
    std::vector<history::NewFile> files;
    for (const Source& s : sources) {
      auto it = book.find(s.relative_path);
      std::error_code ec;
      std::string path = dir + "/" + s.relative_path;
      if (s.list != list || it == book.end() || it->second.sha256.empty() ||
          !std::filesystem::is_regular_file(path, ec))
        continue;
      files.push_back({path, std::string(BaseName(s.relative_path)), it->second.record_count,
                       it->second.sha256});
    }
    if (files.empty()) continue;
    auto v = history::AddVersion(dir, list, day, "update", files, clock);
    if (!v) {
      Error e = v.error();
      e.message = "not recorded in the list history: " + e.message;
      report.warnings.push_back(std::move(e));
    }
  }
}

}  // namespace

std::string_view FileOutcomeName(FileOutcome outcome) {
  switch (outcome) {
    case FileOutcome::kUpdated:
      return "updated";
    case FileOutcome::kUnchanged:
      return "unchanged";
    case FileOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

size_t UpdateReport::Count(FileOutcome outcome) const {
  size_t n = 0;
  for (const FileReport& f : files) n += f.outcome == outcome;
  return n;
}

bool UpdateReport::ok() const { return !fatal && Count(FileOutcome::kFailed) == 0; }

std::string UpdateReport::Summary() const {
  std::string out;
  if (fatal) return "update not started: " + fatal->ToString() + "\n";
  for (const Error& w : warnings) out += "warning: " + w.ToString() + "\n";
  for (const FileReport& f : files) {
    out += f.source.relative_path + ": " + std::string(FileOutcomeName(f.outcome));
    if (f.outcome == FileOutcome::kFailed) {
      out += " (" + (f.error ? f.error->ToString() : std::string("unknown error")) + ")";
      if (!f.record.sha256.empty()) out += "; keeping the copy of " + f.record.fetched_at;
    } else {
      out +=
          ", " + std::to_string(f.record.record_count) + " records, " + HumanBytes(f.record.bytes);
    }
    out += "\n";
  }
  out += std::to_string(Count(FileOutcome::kUpdated)) + " updated, " +
         std::to_string(Count(FileOutcome::kUnchanged)) + " unchanged, " +
         std::to_string(Count(FileOutcome::kFailed)) + " failed\n";
  return out;
}

UpdateReport Update(const UpdateOptions& options, Transport& transport, const Clock& clock,
                    const SourceValidator& validate) {
  auto sources = DefaultCatalogue(options.catalogue);
  if (!sources) {
    UpdateReport report;
    report.fatal = sources.error();
    return report;
  }
  return UpdateSources(*sources, options, transport, clock, validate);
}

UpdateReport UpdateSources(const std::vector<Source>& sources, const UpdateOptions& options,
                           Transport& transport, const Clock& clock,
                           const SourceValidator& validate) {
  UpdateReport report;
  if (options.data_dir.empty()) {
    report.fatal = MakeError(ErrorCode::kInvalidArgument, "no data folder given");
    return report;
  }
  const std::string& dir = options.data_dir;
  std::error_code ec;
  std::filesystem::create_directories(dir + "/.embargo", ec);
  if (ec) {
    report.fatal = MakeError(ErrorCode::kIo, "cannot create folder: " + ec.message(), dir);
    return report;
  }
  FolderLock lock;
  if (Status s = lock.Acquire(dir + "/.embargo/lock"); !s) {
    report.fatal = s.error();
    return report;
  }
  VersionBook book;
  if (auto loaded = LoadVersionBook(dir)) {
    book = std::move(*loaded);
  } else {
    Error e = loaded.error();
    e.message += " (ignored: the records are rebuilt by this run)";
    report.warnings.push_back(std::move(e));
  }
  RemoveStaleTempFiles(sources, dir);

  Downloader downloader(&transport, clock, options.download);
  for (const Source& source : sources) {
    FileReport file;
    file.source = source;
    auto found = book.find(source.relative_path);
    const VersionRecord* previous = found == book.end() ? nullptr : &found->second;
    Validator hook;
    if (validate) {
      hook = [&validate, &source](const std::string& temp) { return validate(source, temp); };
    }
    auto result = downloader.Fetch(source, dir, previous, hook);
    if (result) {
      file.outcome = result->outcome == DownloadOutcome::kUpdated ? FileOutcome::kUpdated
                                                                  : FileOutcome::kUnchanged;
      file.record = std::move(result->record);
    } else {
      file.outcome = FileOutcome::kFailed;
      file.error = result.error();
      // Keep what is known about the file in force; record the failed attempt.
      if (previous != nullptr) file.record = *previous;
      file.record.list = source.list;
      if (file.record.url.empty()) file.record.url = source.url;
      file.record.checked_at = FormatIso8601Utc(clock());
      file.record.status = AttemptStatus::kFailed;
      file.record.message = result.error().ToString();
    }
    book[source.relative_path] = file.record;
    if (Status s = SaveVersionBook(dir, book); !s) report.warnings.push_back(s.error());
    if (options.on_file) options.on_file(file);
    report.files.push_back(std::move(file));
  }
  if (options.record_history) RecordHistory(sources, book, report, clock, dir);
  return report;
}

Result<std::string> DefaultDataDir(const EnvLookup& env) {
  auto get = [&](const char* name) -> std::string {
    const char* v = env ? env(name) : std::getenv(name);
    return v == nullptr ? std::string() : std::string(v);
  };
  if (std::string v = get("EMBARGO_DATA"); !v.empty()) return v;
  // The XDG spec says relative values are invalid and must be ignored.
  if (std::string v = get("XDG_DATA_HOME"); !v.empty() && v.front() == '/') return v + "/embargo";
  if (std::string v = get("HOME"); !v.empty()) return v + "/.local/share/embargo";
  return Fail(ErrorCode::kNotFound, "no data folder: set EMBARGO_DATA, XDG_DATA_HOME or HOME");
}

}  // namespace embargo::update
