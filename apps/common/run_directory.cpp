#include "apps/common/run_directory.hpp"

#include "base/error.hpp"

#include <chrono>
#include <ctime>
#include <exception>
#include <filesystem>
#include <mutex>
#include <set>
#include <system_error>

namespace fs = std::filesystem;

namespace karst::apps {

namespace {

// The temporary trees of this process's unfinished runs, on every rank (any rank may be the one
// that fails); an entry goes when its run is renamed into place.
std::mutex unfinished_mutex;
std::set<std::string>& unfinished() {
  static std::set<std::string> paths;
  return paths;
}

}  // namespace

void discard_unfinished_run_directories() {
  std::lock_guard<std::mutex> lock(unfinished_mutex);
  for (const auto& path : unfinished()) {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  unfinished().clear();
}

void make_directories(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw Error(path, "cannot create directory: " + ec.message());
}

void make_directories(const std::string& path, const mpi::Comm& comm) {
  std::string why;
  if (comm.is_root()) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) why = ec.message();
  }
  why = comm.broadcast(why);
  if (!why.empty()) throw Error(path, "cannot create directory: " + why);
}

std::string RunDirectory::timestamped(const std::string& parent) {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  std::string base = parent + "/" + buf;
  std::string candidate = base;
  for (int i = 2; fs::exists(candidate) || fs::exists(candidate + ".tmp"); ++i)
    candidate = base + "-" + std::to_string(i);
  return candidate;
}

// Rank 0's name for everyone: ranks that picked a timestamp a moment apart, or saw rank 0's new
// directory already, would otherwise write into different trees.
RunDirectory::RunDirectory(std::string final_path, const mpi::Comm& comm)
    : final_(comm.broadcast(final_path)), temp_(final_ + ".tmp"), comm_(comm) {
  int ok = 1;
  std::string why;
  if (comm_.is_root()) {
    std::error_code ec;
    if (fs::exists(final_)) {
      ok = 0;
      why = "already exists";
    } else {
      fs::remove_all(temp_, ec);
      fs::create_directories(temp_, ec);
      if (ec) {
        ok = 0;
        why = "cannot create directory: " + ec.message();
      }
    }
  }
  why = comm_.broadcast(why);
  if (comm_.allreduce_min(ok) < 1) throw Error(final_, why);
  std::lock_guard<std::mutex> lock(unfinished_mutex);
  unfinished().insert(temp_);
}

RunDirectory::~RunDirectory() {
  if (committed_ || !comm_.is_root()) return;
  std::error_code ec;
  fs::remove_all(temp_, ec);
}

void RunDirectory::commit() {
  rename_to(final_);
}

std::string RunDirectory::keep_as(const std::string& suffix) {
  std::string target = final_ + suffix;
  for (int i = 2; fs::exists(target); ++i) target = final_ + suffix + "-" + std::to_string(i);
  target = comm_.broadcast(target);
  rename_to(target);
  return target;
}

void RunDirectory::rename_to(const std::string& target) {
  comm_.barrier();
  int ok = 1;
  std::string why;
  if (comm_.is_root()) {
    std::error_code ec;
    fs::rename(temp_, target, ec);
    if (ec) {
      ok = 0;
      why = ec.message();
    }
  }
  why = comm_.broadcast(why);
  if (comm_.allreduce_min(ok) < 1) throw Error(target, "cannot rename the run into place: " + why);
  committed_ = true;
  std::lock_guard<std::mutex> lock(unfinished_mutex);
  unfinished().erase(temp_);
}

}  // namespace karst::apps
