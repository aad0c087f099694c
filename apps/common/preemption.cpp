#include "apps/common/preemption.hpp"

#include "apps/common/run_directory.hpp"

#include <csignal>

namespace karst::apps {

namespace {
volatile std::sig_atomic_t g_requested = 0;
extern "C" void on_usr1(int) {
  g_requested = 1;
}
}  // namespace

void install_preemption_handler() {
  struct sigaction action {};
  action.sa_handler = on_usr1;
  sigemptyset(&action.sa_mask);
  // Interrupted system calls resume: a rank blocked in MPI or I/O carries on to the next check.
  action.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &action, nullptr);
}

bool preemption_requested(const mpi::Comm& comm) {
  return comm.allreduce_max(static_cast<long long>(g_requested)) > 0;
}

void request_preemption() {
  g_requested = 1;
}

Preempted keep_preempted_run(RunDirectory& dir, const Preempted& stop) {
  const std::string temp = dir.path();
  const std::string kept = dir.keep_as(".preempted");
  std::string checkpoint = stop.checkpoint();
  if (checkpoint.rfind(temp, 0) == 0) checkpoint = kept + checkpoint.substr(temp.size());
  const std::string how =
      checkpoint.empty() ? "; finished records kept in " + kept + "; run it again to redo the rest"
                         : "; state saved; continue with --restart " + checkpoint;
  return Preempted(stop.where(), stop.detail() + how, checkpoint);
}

}  // namespace karst::apps
