#pragma once
//! Preemption and time limits. Job scripts ask Slurm for `--signal=B:USR1@120`: two minutes before
//! the limit (or when the centre preempts the job) the batch shell receives SIGUSR1 and forwards it
//! to the job step. The handler only raises a flag; workloads look at it at a safe point (the end
//! of a flood time step, the end of a bench repetition), agree on it across ranks, save what lets
//! the job continue and throw Preempted, which the CLI edge turns into exit code 5.

#include "base/error.hpp"
#include "base/mpi/comm.hpp"

#include <string>
#include <utility>

namespace karst::apps {

//! Exit code of a run stopped by SIGUSR1 after saving its state (docs/errors.md).
inline constexpr int kExitPreempted = 5;

class Preempted : public Error {
 public:
  //! `checkpoint` is the file to continue from (empty where there is none, e.g. a bench suite).
  Preempted(const std::string& where, const std::string& what, std::string checkpoint = {})
      : Error(where, what), detail_(what), checkpoint_(std::move(checkpoint)) {}
  const std::string& detail() const noexcept { return detail_; }  //!< the message without `where`
  const std::string& checkpoint() const noexcept { return checkpoint_; }

 private:
  std::string detail_, checkpoint_;
};

class RunDirectory;

//! Collective. Keeps the unfinished run directory as `<run>.preempted/` (nothing is lost: the
//! checkpoint and the records finished so far stay) and returns the exception to throw on, with
//! the checkpoint's new path and how to continue.
Preempted keep_preempted_run(RunDirectory& dir, const Preempted& stop);

//! Installs the SIGUSR1 handler (once, in main).
void install_preemption_handler();

//! Collective: true on every rank as soon as any rank has received SIGUSR1, so all ranks stop at
//! the same step and nobody waits in a collective the others have left.
bool preemption_requested(const mpi::Comm& comm);

//! For tests: raise the flag as the signal would.
void request_preemption();

}  // namespace karst::apps
