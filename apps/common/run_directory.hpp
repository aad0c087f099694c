#pragma once
//! An output directory that appears under its final name only when the run succeeded: work goes
//! into `<name>.tmp/`, commit() renames it; without commit() the temporary tree is removed.

#include "base/mpi/comm.hpp"

#include <string>

namespace karst::apps {

//! create_directories with a karst::Error that names the path (e.g. an unwritable --out).
void make_directories(const std::string& path);
//! Collective: rank 0 creates them and every rank throws its error, so that an unwritable --out
//! ends an MPI job at once with one message instead of leaving the other ranks waiting.
void make_directories(const std::string& path, const mpi::Comm& comm);

class RunDirectory {
 public:
  //! Collective. `final_path` must not exist yet.
  RunDirectory(std::string final_path, const mpi::Comm& comm);
  ~RunDirectory();
  RunDirectory(const RunDirectory&) = delete;
  RunDirectory& operator=(const RunDirectory&) = delete;

  const std::string& path() const { return temp_; }  //!< write here until commit()
  const std::string& final_path() const { return final_; }
  void commit();
  //! Collective: keeps the unfinished tree as `<final><suffix>` instead of removing it.
  std::string keep_as(const std::string& suffix);

  //! runs/<UTC timestamp>, unique on this file system.
  static std::string timestamped(const std::string& parent);

 private:
  void rename_to(const std::string& target);
  std::string final_;
  std::string temp_;
  mpi::Comm comm_;
  bool committed_ = false;
};

//! Removes the `<name>.tmp/` trees of this process's runs that were neither committed nor kept.
//! For the CLI edge before MPI_Abort: the rank that fails may not be rank 0, which owns the
//! tree and would have removed it, and MPI_Abort ends rank 0 before its destructors run.
void discard_unfinished_run_directories();

}  // namespace karst::apps
