#pragma once
//! The CLI edge: the one place where exceptions become a single line on stderr and an exit code.
//! Exit codes (docs/errors.md): 0 success, 1 a karst::Error (bad input, I/O, numerics),
//! 2 a usage error, 3 an unexpected internal error, 5 preempted by SIGUSR1 after saving its
//! state (apps/common/preemption.hpp). With several ranks the job prints one line: rank 0's
//! message when every rank failed (a bad configuration or input they all read), otherwise the
//! failing rank's, prefixed `rank N:`; MPI_Abort then ends the job with that code, so no rank
//! waits forever, and an unfinished run directory is removed first.

#include "base/mpi/comm.hpp"

#include <functional>

namespace karst::apps {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

int run_guarded(const mpi::Comm& comm, const std::function<int()>& body);

}  // namespace karst::apps
