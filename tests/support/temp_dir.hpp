#pragma once
// A scratch directory per test, shared by all ranks (rank 0 creates and removes it).
#include "base/mpi/comm.hpp"

#include <filesystem>
#include <string>

namespace karst::test {

class TempDir {
 public:
  explicit TempDir(const std::string& tag, const mpi::Comm& comm = mpi::Comm::world())
      : comm_(comm) {
    std::string name;
    if (comm_.is_root()) {
      auto base = std::filesystem::temp_directory_path() / ("karst-test-" + tag + "-XXXXXX");
      std::string templ = base.string();
      name = mkdtemp(templ.data()) ? templ : "";
    }
    path_ = comm_.broadcast(name);
  }
  ~TempDir() {
    comm_.barrier();
    if (comm_.is_root()) std::filesystem::remove_all(path_);
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& leaf) const { return path_ + "/" + leaf; }

 private:
  mpi::Comm comm_;
  std::string path_;
};

}  // namespace karst::test
